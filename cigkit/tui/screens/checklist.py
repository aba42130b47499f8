"""A team's equity checklist: items by stage, the ones in focus for this agenda block first.

Single keys set a status so the note-taker can keep up with the table; every change is saved
in the background, kept in the item's history (which feeds "since workshop N") and can be
undone with Ctrl+Z. The team is the app's current team: picking one here is picking it for
the notes and actions too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...checklist import ChecklistItem, status_symbol
from ...errors import UserError
from ...model import Record
from ...services import day
from ...services import team_checklist as tc
from ..who import who_words
from ..widgets.choices import MarkedOptionList
from ..widgets.dialogs import ReasonPrompt
from ..widgets.footer import KeysFooter
from ..widgets.ordered_input import OrderedInput
from .base import CigkitScreen
from .checklist_dialogs import PassportForm, PassportResult, TeamPicker

STATUS_STYLES = {
    "not started": "dim",
    "in progress": "bold yellow",
    "done": "bold green",
    "not applicable": "cyan",
}


def short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def status_text(status: str) -> Text:
    """A status as its symbol in its colour, readable without the colour."""
    return Text(status_symbol(status), style=STATUS_STYLES.get(status, ""))


class ChecklistScreen(CigkitScreen):
    """One team's checklist at the current workshop; keys change the highlighted item."""

    NAV = "checklist"
    AUTO_FOCUS = "#checklist-items"  # at once, so keys typed ahead of the screen go there
    TITLE = "Checklist"
    BINDINGS = [
        Binding("n", "set_status('not started')", "Not started",
                tooltip="Set the item not started"),
        Binding("p", "set_status('in progress')", "In progress",
                tooltip="Set the item in progress"),
        Binding("d", "set_status('done')", "Done", tooltip="Set the item done"),
        Binding("x", "set_status('not applicable')", "N/A",
                tooltip="Set the item not applicable, saying why"),
        Binding("e", "edit_evidence", "Evidence", tooltip="Write the item's evidence"),
        # r, t, [ ] and o are named in the title line, so the Footer fits 80 columns.
        Binding("r", "rate_passport", "Passport", show=False,
                tooltip="Rate today's value passport"),
        Binding("t", "pick_team", "Team", show=False, tooltip="Pick the team"),
        Binding("right_square_bracket", "next_team(1)", "Next team", show=False,
                tooltip="Next team"),
        Binding("left_square_bracket", "next_team(-1)", "Prev team", show=False,
                tooltip="Previous team"),
        Binding("o", "overview", "Overview", show=False,
                tooltip="Overview of the table's teams"),
        Binding("escape", "cancel_edit", "Cancel", show=False,
                tooltip="Stop editing the evidence"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: tc.TeamChecklist | None = None
        self.focus_title = ""

    def compose(self) -> ComposeResult:
        yield self.nav_bar()
        yield Static(id="checklist-title")
        with Horizontal(id="checklist-body"):
            yield MarkedOptionList(id="checklist-items")
            with VerticalScroll(id="checklist-side"):
                yield Static(id="checklist-moved")
                yield Static(id="checklist-flags")
        yield Static(id="checklist-detail")
        yield OrderedInput(placeholder="evidence note: Enter saves, Esc cancels",
                           id="checklist-evidence")
        yield KeysFooter()

    def on_screen_resume(self) -> None:
        self.query_one("#checklist-items").focus()

    # -- loading ---------------------------------------------------------------------------

    def _focus_items(self, number: int) -> tuple[str, tuple[str, ...]]:
        """The current agenda block's title and the checklist ids it points at."""
        app = self.cigkit
        try:
            state = day.state(app.store, number, now=app.now())
            blocks = day.day(app.store, number, app.now().date()).plan.blocks
        except UserError:
            return "", ()
        if state.index >= len(blocks):
            return "", ()
        block = blocks[state.index]
        return block.title, block.checklist

    def reload(self) -> None:
        app = self.cigkit
        number = app.workshop_number
        team_id = app.team_id
        title = self.query_one("#checklist-title", Static)
        if number is None or team_id is None:
            title.update(Text("No team yet: import a roster with "
                              "'cigkit roster import FILE.csv'."))
            return
        try:
            self.view = tc.team_checklist(app.store, team_id, number)
        except UserError as exc:
            title.update(Text(str(exc)))
            self.notify(str(exc), severity="error")
            return
        self.focus_title, focus_ids = self._focus_items(number)
        self._show_items(focus_ids)
        self._show_side()
        team = self.view.team
        title.update(Text.assemble((team.name, "bold"), "   ",
                                   ("t", "bold"), " team  ", ("[ ]", "bold"), " prev/next  ",
                                   ("o", "bold"), " overview  ", ("r", "bold"), " passport"))
        self._show_detail()

    def _item_prompt(self, item: ChecklistItem) -> Text:
        """One item: its status symbol, "moved" or "overdue" in words, then its question (cut
        to the width by the list, whole in the detail below), then its evidence."""
        assert self.view is not None
        status = self.view.status(item.id)
        line = Text.assemble(status_text(status), " ")
        if item.id in self.view.moved_ids():
            line.append("moved   ", "bold magenta")
        elif any(flag.item_id == item.id for flag in self.view.flags):
            line.append("OVERDUE ", "bold red")
        line.append(item.prompt)
        evidence = self.view.evidence(item.id)
        if evidence:
            line.append(f"\n      {evidence}", "italic")
        return line

    def _show_items(self, focus_ids: tuple[str, ...]) -> None:
        assert self.view is not None
        listing = self.query_one("#checklist-items", OptionList)
        keep = listing.highlighted_option.id if listing.highlighted_option else None
        checklist = self.view.checklist
        focus = [checklist.item(i) for i in focus_ids if i in checklist.ids]
        options: list[Option] = []
        if focus:
            options.append(Option(Text(f"In focus now: {self.focus_title}", "bold reverse"),
                                  disabled=True))
            options.extend(Option(self._item_prompt(item), id=item.id) for item in focus)
        shown = {item.id for item in focus}
        for stage in checklist.stages:
            items = [i for i in checklist.items_by_stage()[stage.id] if i.id not in shown]
            if not items:
                continue
            options.append(Option(Text(stage.title, "bold underline"), disabled=True))
            options.extend(Option(self._item_prompt(item), id=item.id) for item in items)
        listing.set_options(options)
        ids = [option.id for option in options]
        if keep is not None and keep in ids:
            listing.highlighted = ids.index(keep)
        else:
            listing.highlighted = next(n for n, o in enumerate(options) if not o.disabled)

    def _show_side(self) -> None:
        assert self.view is not None
        number = self.view.workshop
        moved = Text(f"Since workshop {number - 1}\n" if number > 1 else "First workshop\n",
                     "bold")
        for change in self.view.moved:
            moved.append_text(status_text(change.after))
            moved.append(f" {short(self._prompt(change.item_id), 44)}\n")
            moved.append(f"  {change.before} > {change.after}\n", "dim")
        if number > 1 and not self.view.moved:
            moved.append("nothing moved yet\n", "dim")
        self.query_one("#checklist-moved", Static).update(moved)
        flags = Text("Flags\n", "bold")
        overdue = [f for f in self.view.flags if f.code == "overdue"]
        for flag in self.view.flags:
            if flag.code != "overdue":
                flags.append(f"! {flag.message}\n", "red")
        if overdue:
            flags.append(f"! {len(overdue)} items overdue\n", "red")
        if not self.view.flags:
            flags.append("none\n", "dim")
        self.query_one("#checklist-flags", Static).update(flags)

    def _prompt(self, item_id: str) -> str:
        """An item's question (its id only if the checklist no longer has it)."""
        assert self.view is not None
        checklist = self.view.checklist
        return checklist.item(item_id).prompt if item_id in checklist.ids else item_id

    def _current_item(self) -> ChecklistItem | None:
        option = self.query_one("#checklist-items", OptionList).highlighted_option
        if self.view is None or option is None or option.id is None:
            return None
        return self.view.checklist.item(option.id)

    @on(OptionList.OptionHighlighted, "#checklist-items")
    def _show_detail(self) -> None:
        item = self._current_item()
        detail = self.query_one("#checklist-detail", Static)
        if item is None or self.view is None:
            detail.update("")
            return
        status = self.view.status(item.id)
        text = Text.assemble(status_text(status), (f" {status}: ", "bold"), (item.prompt, "bold"))
        held = self.view.entries.get(item.id)
        if held is not None and held.reason and status == "not applicable":
            text.append(f" (not applicable: {held.reason})")
        if held is not None and held.history:  # before the help: the box keeps 5 lines
            text.append("\n")
            text.append_text(self._history(held.history))
        text.append(f"\n{item.framework}, expected by workshop {item.expected_by}. ")
        text.append(item.help, "italic")
        detail.update(text)

    def _history(self, history: list[dict[str, object]]) -> Text:
        """The item's last changes, newest first, each with the laptop or person that made it
        in words ("Table 2", never a device id)."""
        who_is = who_words(self.store)
        text = Text("Changed: ", "bold")
        for index, step in enumerate(reversed(history[-3:])):
            status = str(step.get("status", ""))
            number = step.get("workshop")
            where = f" at workshop {number}" if number else ""
            by = step.get("by")
            who = f" by {who_is(str(by))}" if by else ""
            if index:
                text.append(" · ")
            text.append_text(status_text(status))
            text.append(f" {status}{where}{who}")
        return text

    # -- changing --------------------------------------------------------------------------

    def _save(self, what: str, before: Callable[[], Iterable[Record | None]],
              do: Callable[[], object], done: str) -> None:
        """Save off the UI thread (undoable as `what`), then redraw and say what changed."""

        def saved(_value: object) -> None:
            self.show_records()
            self.notify(done, timeout=2)

        self.change_many(what, before, do, then=saved)

    def action_set_status(self, status: str) -> None:
        item = self._current_item()
        if item is None or self.view is None:
            return
        store, team, number = self.store, self.view.team, self.view.workshop

        def store_it(reason: str = "") -> None:
            question = short(item.prompt, 40)
            self._save(f"'{question}' for {team.name}: {status}",
                       lambda: [tc.entry(store, team.id, item.id)],
                       lambda: tc.set_status(store, team.id, item.id, status,
                                             workshop=number, reason=reason),
                       f"{status_symbol(status)} {status}: {question}")

        if status == "not applicable":
            held = self.view.entries.get(item.id)

            def answered(reason: str | None) -> None:
                if reason:
                    store_it(reason)

            self.app.push_screen(ReasonPrompt(
                f"Why does this not apply to {team.name}? {short(item.prompt, 60)}",
                held.reason if held else "",
                missing="Say briefly why the item does not apply."), answered)
        else:
            store_it()

    def action_edit_evidence(self) -> None:
        item = self._current_item()
        if item is None or self.view is None:
            return
        field = self.query_one("#checklist-evidence", Input)
        field.value = self.view.evidence(item.id)
        field.cursor_position = len(field.value)
        field.add_class("editing")
        self.set_focus(field)  # at once: the keys typed after e are for it

    @on(Input.Submitted, "#checklist-evidence")
    def _evidence_submitted(self, event: Input.Submitted) -> None:
        item = self._current_item()
        if item is not None and self.view is not None:
            store, team, number = self.store, self.view.team, self.view.workshop
            text = event.value
            question = short(item.prompt, 40)
            self._save(f"the evidence of '{question}' for {team.name}",
                       lambda: [tc.entry(store, team.id, item.id)],
                       lambda: tc.set_evidence(store, team.id, item.id, text, workshop=number),
                       f"Evidence saved: {question}")
        self.action_cancel_edit()

    def action_cancel_edit(self) -> None:
        self.query_one("#checklist-evidence", Input).remove_class("editing")
        self.query_one("#checklist-items").focus()

    def action_rate_passport(self) -> None:
        if self.view is None:
            return
        store, team, number = self.store, self.view.team, self.view.workshop
        today = tc.passport_ratings(store, team.id, number)
        domains = [(d.id, d.label, str(today[d.id].score) if d.id in today else "")
                   for d in self.view.checklist.domains]
        note = next((r.note for r in today.values() if r.note), "")

        def rated(result: PassportResult | None) -> None:
            if result is not None:
                scores, text = result
                self._save(f"the value passport of {team.name}",
                           lambda: tc.passport_ratings(store, team.id, number).values(),
                           lambda: tc.save_passport(store, team.id, number, scores, text),
                           "Passport saved")

        self.app.push_screen(PassportForm(team.name, number, domains, note,
                                          check=lambda scores: tc.check_passport(
                                              store, scores)), rated)

    def action_pick_team(self) -> None:
        roster = self.cigkit.roster()
        tables = {cig.id: cig.name for cig in roster.cigs}
        teams = [(t.id, f"{t.name}  ({tables.get(t.cig_id, 'no table')})")
                 for t in roster.teams]

        def chosen(team_id: str | None) -> None:
            if team_id:
                self.cigkit.move_to_team(team_id)

        self.app.push_screen(TeamPicker(teams, self.cigkit.team_id), chosen)

    def action_next_team(self, step: int) -> None:
        self.cigkit.move_in_programme(step)

    def action_overview(self) -> None:
        from .overview import OverviewScreen

        self.app.push_screen(OverviewScreen())
