"""Actions between workshops: each team's review of what is still open, and the programme view.

The review lists a team's actions from earlier workshops, oldest first, overdue marked; one key
marks each done, dropped (with a reason) or carried on, and the cursor stays on it. The
programme view lists every open action, filtered by owner and CIG. Each change is kept in the
action's history (shown newest first) and can be undone with Ctrl+Z.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from ...model import Action
from ...services import logbook, review
from ...services.review import ActionRow
from ..who import who_words
from ..widgets.dialogs import Ask, AskText
from ..widgets.footer import KeysFooter
from ..widgets.ordered_input import OrderedInput
from ..widgets.record_table import Cell, RecordTable
from .base import CigkitScreen

STATE_STYLES = {review.OVERDUE: "bold red", review.DUE_NOW: "bold yellow"}
# Column widths that fit 80 columns with the scrollbar; the longest state is "reopened".
# The full text, owner and due date are in the detail line below the table.
TEAM_WIDTH, OWNER_WIDTH = 11, 12
ACTION_WIDTH = {False: 38, True: 25}  # review view, all-open-actions view


def _cut(text: str, width: int) -> str:
    """Short enough for a column at 80 columns; the full text is in the detail below."""
    return text if len(text) <= width else text[: width - 1] + "…"


def _due_short(action: Action) -> str:
    """'by W3', '17 Nov' or '-': at most six characters."""
    if action.due_workshop is not None:
        return f"by W{action.due_workshop}"
    if not action.due:
        return "-"
    try:
        day = date.fromisoformat(action.due)
    except ValueError:
        return _cut(action.due, 6)
    return f"{day.day} {day:%b}"


def checked_due(text: str) -> str:
    """A due date as typed, once it reads as a date or a workshop (else the dialog says why)."""
    logbook.parse_due(text)
    return text.strip()


SETTLED_WORDS = {"done": "marked '{}' done", "dropped": "dropped '{}'",
                 "carried": "carried on '{}'", "open": "reopened '{}'"}


class ActionsScreen(CigkitScreen):
    """Review a team's open actions at the start of a workshop, or see all open actions."""

    NAV = "actions"
    AUTO_FOCUS = "#actions-table"  # at once, so keys typed ahead of the screen go there
    TITLE = "Actions"
    BINDINGS = [
        Binding("d", "settle('done')", "Done", tooltip="Mark action done"),
        Binding("x", "settle('dropped')", "Drop", tooltip="Drop action, saying why"),
        Binding("c", "settle('carried')", "Carry", tooltip="Carry action on (maybe a new due)"),
        Binding("o", "settle('open')", "Reopen", tooltip="Reopen action"),
        Binding("a", "assign", "Owner", tooltip="Give the action to someone"),
        Binding("w", "due", "Due", tooltip="Set when the action is due"),
        Binding("ctrl+n", "next_team", "Team", tooltip="Next team"),
        # v, Ctrl+T and f are named in the title line, so the Footer fits 80 columns.
        Binding("v", "toggle_view", "Review/All", show=False,
                tooltip="Switch between the team's review and all open actions"),
        Binding("ctrl+t", "next_cig", "Table", show=False,
                tooltip="Next table (in all open actions: filter by table)"),
        Binding("f", "owner_filter", "Filter", show=False, tooltip="Filter by owner"),
        Binding("escape", "clear_filter", "Clear", show=False, tooltip="Clear the filters"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.programme_view = False
        self.cig_filter: str | None = None
        self.owner_filter = ""
        self.rows: dict[str, ActionRow] = {}

    def compose(self) -> ComposeResult:
        yield self.nav_bar()
        yield Static(id="actions-context")
        yield OrderedInput(
            placeholder="Owner (part of a name), Enter to filter, empty for everyone",
            id="actions-owner")
        yield RecordTable(id="actions-table")
        yield Static(id="actions-detail")
        yield KeysFooter()

    @property
    def table(self) -> RecordTable:
        return self.query_one("#actions-table", RecordTable)

    def on_screen_resume(self) -> None:
        self.table.focus()

    # -- listing ---------------------------------------------------------------------------

    def reload(self) -> None:
        here = self.here()
        if self.programme_view:
            rows = review.open_actions(self.store, self.workshop, cig_id=self.cig_filter,
                                       owner=self.owner_filter, today=self.cigkit.now().date())
            cig = next((c.name for c in self.cigkit.roster().cigs
                        if c.id == self.cig_filter), "all CIGs")
            owner = self.owner_filter or "anyone"
            title = (f"All open actions at workshop {self.workshop}: {len(rows)} · {cig} "
                     f"(Ctrl+T) · owner {owner} (f) · v the team's review")
        else:
            rows = review.team_review(self.store, here.team.id, self.workshop,
                                      today=self.cigkit.now().date()) if here.team else []
            still = sum(1 for r in rows if r.action.status == "open" and not r.reviewed_here)
            title = (f"Action review, workshop {self.workshop}: {here.team_name} "
                     f"({here.team_place} at {here.cig_name}) · {still} of {len(rows)} "
                     "still to review, oldest first · v all open · ^T next table")
        self.query_one("#actions-context", Static).update(Text(title, style="bold"))
        self.rows = {r.action.id: r for r in rows}
        columns = ["From", "Action", "Owner", "Due", "State"]
        if self.programme_view:
            columns.insert(0, "Team")
        self.table.refill(((r.action.id, self._cells(r)) for r in rows), columns=columns)
        if not rows:
            empty = ("No open actions match." if self.programme_view else
                     f"{here.team_name} has no open actions from earlier workshops. "
                     "Ctrl+N for the next team, v for all open actions.")
            self.query_one("#actions-detail", Static).update(Text(empty))
        else:
            self._show_detail()

    def _cells(self, row: ActionRow) -> list[Cell]:
        cells: list[Cell] = [
            f"W{row.action.workshop}",
            _cut(row.action.text, ACTION_WIDTH[self.programme_view]),
            _cut(row.action.owner or "-", OWNER_WIDTH),
            _due_short(row.action),
            self._state(row),
        ]
        if self.programme_view:
            cells.insert(0, _cut(row.team.name if row.team else "?", TEAM_WIDTH))
        return cells

    def _state(self, row: ActionRow) -> Text:
        if row.reviewed_here:  # decided at this workshop, named in the title
            return Text(row.reviewed_here, style="green")
        if row.due_state:
            return Text(row.due_state.upper() if row.due_state == review.OVERDUE
                        else row.due_state, style=STATE_STYLES[row.due_state])
        return Text(row.action.status)

    def _selected(self) -> Action | None:
        key = self.table.current_key()
        row = self.rows.get(key) if key else None
        return row.action if row else None

    @on(DataTable.RowHighlighted, "#actions-table")
    def _show_detail(self) -> None:
        action = self._selected()
        if action is None:
            return
        row = self.rows[action.id]
        late = f" ({row.due_state})" if row.due_state else ""
        team = f"{row.team.name} · " if self.programme_view and row.team else ""
        due = "no due date" if _due_short(action) == "-" else f"due {review.due_words(action)}"
        steps = review.history_lines(action, who_words(self.store))
        lines = [
            action.text,
            f"  {team}owner {action.owner or 'not named'} · {due}{late} · newest first:",
            *("  · " + line for line in reversed(steps)),
        ]
        self.query_one("#actions-detail", Static).update(Text("\n".join(lines)))  # no markup

    # -- changing an action ----------------------------------------------------------------

    def action_settle(self, status: str) -> None:
        action = self._selected()
        if action is None:
            self.notify("There is no action to change here.", severity="warning")
            return
        store, workshop = self.store, self.workshop
        what = SETTLED_WORDS[status].format(_cut(action.text, 30))
        if status == "dropped":
            def dropped(reason: str | None) -> None:
                if reason is not None:
                    self.change(what, Action, action.id, lambda a: logbook.set_action_status(
                        store, a, "dropped", workshop=workshop, reason=reason),
                        then=self.redraw)
            self.app.push_screen(AskText(f"Why is this dropped? {_cut(action.text, 40)}",
                                         hint="Enter to drop, Esc to keep it"), dropped)
        elif status == "carried":
            def carried(due: str | None) -> None:
                if due is not None:
                    self.change(what, Action, action.id,
                                lambda a: review.carry_on(store, a, workshop, due),
                                then=self.redraw)
            self.app.push_screen(Ask(
                "Carry on: new due date or 'by w4'? (Enter keeps the old one)", checked_due,
                hint=f"Now due {review.due_words(action)}. Esc to cancel.",
                placeholder="YYYY-MM-DD, by w4, or nothing"), carried)
        else:
            self.change(what, Action, action.id, lambda a: logbook.set_action_status(
                store, a, status, workshop=workshop), then=self.redraw)

    def action_assign(self) -> None:
        action = self._selected()
        if action is None:
            self.notify("There is no action to change here.", severity="warning")
            return
        store, workshop = self.store, self.workshop

        def assigned(owner: str | None) -> None:
            if owner is not None:
                self.change(f"gave '{_cut(action.text, 30)}' to {owner}", Action,
                            action.id, lambda a: logbook.assign_action(store, a, owner,
                                                                       workshop=workshop),
                            then=self.redraw)

        self.app.push_screen(AskText("Who owns this action now?", action.owner,
                                     hint="Enter to save, Esc to cancel"), assigned)

    def action_due(self) -> None:
        action = self._selected()
        if action is None:
            self.notify("There is no action to change here.", severity="warning")
            return
        store, workshop = self.store, self.workshop
        typed = action.due or (f"by w{action.due_workshop}" if action.due_workshop else "")

        def chosen(due: str | None) -> None:
            if due is not None:
                self.change(f"set '{_cut(action.text, 30)}' due {due or 'never'}", Action,
                            action.id, lambda a: logbook.set_action_due(store, a, due,
                                                                        workshop=workshop),
                            then=self.redraw)

        self.app.push_screen(Ask("When is this action due? (empty for no date)", checked_due,
                                 typed, placeholder="YYYY-MM-DD or by w4"), chosen)

    # -- views and filters -----------------------------------------------------------------

    def action_toggle_view(self) -> None:
        self.programme_view = not self.programme_view
        self.show_records()

    def action_next_team(self) -> None:
        self.programme_view = False
        if self.cigkit.move_team(1) == self._shown_place():
            self.show_records()  # one team at this table: still show its review

    def action_next_cig(self) -> None:
        if self.programme_view:
            ids = [None, *(c.id for c in self.cigkit.roster().cigs)]
            self.cig_filter = ids[(ids.index(self.cig_filter) + 1) % len(ids)]
            self.show_records()
        else:
            self.cigkit.move_table(1)

    def action_owner_filter(self) -> None:
        self.programme_view = True
        box = self.query_one("#actions-owner", Input)
        box.value = self.owner_filter
        box.add_class("-shown")
        self.set_focus(box)  # at once: the keys typed after f are for it

    @on(Input.Submitted, "#actions-owner")
    def _owner_chosen(self, event: Input.Submitted) -> None:
        self.owner_filter = event.value.strip()
        event.input.remove_class("-shown")
        self.show_records()
        self.table.focus()

    def action_clear_filter(self) -> None:
        self.query_one("#actions-owner", Input).remove_class("-shown")
        self.owner_filter = ""
        self.cig_filter = None
        self.show_records()
        self.table.focus()
