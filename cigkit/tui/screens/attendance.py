"""Attendance: per team, tick who is at the table today and add walk-ins in one line.

Who turned up, with their role, is what the programme needs to see how stable a CIG is and
whether public advisors are part of the work from the start. The team highlighted is the
app's current team; each tick is saved in the background and can be undone with Ctrl+Z.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.strip import Strip
from textual.widgets import Input, Label, OptionList, SelectionList
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from ...errors import UserError
from ...model import Attendance
from ...services import attendance
from ..widgets.choices import MARK, MarkedOptionList
from ..widgets.footer import KeysFooter
from ..widgets.ordered_input import OrderedInput
from .base import CigkitScreen


class Roster(SelectionList[str]):
    """The people at a table; Space ticks the person it was pressed on, p / a / x mark them
    present, apologies or absent.

    (SelectionList toggles whoever is highlighted when its own message arrives, so with keys
    typed ahead, "space down down space" ticked the third person twice.)
    """

    BINDINGS = [
        Binding("p", "screen.mark('present')", "Present", tooltip="Mark the person present"),
        Binding("a", "screen.mark('apologies')", "Apologies",
                tooltip="Mark that the person sent apologies"),
        Binding("x", "screen.mark('absent')", "Absent",
                tooltip="Mark the person absent (no word from them)"),
    ]

    DEFAULT_CSS = """
    Roster:nocolor > .option-list--option-highlighted { text-style: bold reverse; }
    """

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        event.prevent_default()
        self.toggle(self.get_option_at_index(event.option_index))

    def render_line(self, y: int) -> Strip:
        """Textual's tick box is one shape ticked or not (only its colour changes): draw
        `[x]` or `[ ]`, after `▸` on the person the cursor is on, so every state reads under
        NO_COLOR or on a washed-out projector."""
        line = super().render_line(y)
        index = self.scroll_offset.y + y
        if not 0 <= index < self.option_count:
            return line
        value = self.get_option_at_index(index).value
        segments = list(line)
        gutter, rest = segments[:4], segments[4:]  # Textual's ▐X▌ and a space (the prompt
        # starts with one of its own, see `seat_line`)
        if len(gutter) < 4:
            return line
        style = gutter[3].style
        meta = Style(meta={"option": index})
        mark = MARK[0] if index == self.highlighted else " "
        box = "[x]" if value in self.selected else "[ ]"
        return Strip([Segment(f"{mark}{box}", (style or Style()) + meta), *rest])


STATE_WORDS = {"present": "here", "apologies": "apologies", "absent": "absent",
               "": "not marked"}
"""A person's state in words beside the tick box, so it never rests on colour alone."""
STATE_STYLES = {"present": "bold green", "apologies": "yellow", "absent": "bold red",
                "": "dim"}


def team_line(table: attendance.TeamToday) -> Text:
    """One team in the list: present out of expected, and "!" when it needs a look."""
    flagged = table.nobody_present or not table.public_advisor_present
    name = table.team.name if len(table.team.name) <= 25 else table.team.name[:24] + "…"
    return Text(f"{'!' if flagged else ' '} {len(table.present)}/{len(table.seats)} {name}")


def seat_state(seat: attendance.Seat) -> str:
    return "present" if seat.present else seat.state if seat.state in STATE_WORDS else "absent"


def seat_line(seat: attendance.Seat) -> Text:
    """One person, with their state in words as well as in the tick box."""
    extra = ", walk-in" if seat.walk_in else ""
    state = seat_state(seat)
    line = Text(" ")  # after the tick box
    line.append(f"{STATE_WORDS[state]:<10}", STATE_STYLES[state])
    line.append(f" {seat.name} ({seat.role}{extra})")
    return line


class AttendanceScreen(CigkitScreen):
    """Tick each team's roster for today; a walk-in is 'name, role' and Enter."""

    NAV = "run"
    AUTO_FOCUS = "#attendance-teams"  # at once, so keys typed ahead of the screen go there
    BINDINGS = [
        Binding("escape", "close", "Back", tooltip="Back to the clock"),
        Binding("ctrl+w", "walk_in", "Walk-in", tooltip="Add a walk-in: name, role"),
        Binding("y", "year", "Year", tooltip="Attendance over the year"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[attendance.TeamToday] = []
        self._ticking = 0  # ticks not saved yet: the roster is not redrawn under them

    @property
    def team_id(self) -> str | None:
        return self.cigkit.team_id

    def compose(self) -> ComposeResult:
        yield self.nav_bar()
        with Horizontal(id="attendance-body"):
            with Vertical(id="attendance-teams-box"):
                yield Label(f"Workshop {self.workshop}: present/expected; "
                            "! = nobody, or no public advisor", id="attendance-legend")
                yield MarkedOptionList(id="attendance-teams")  # ▸ the team, in any colours
            with Vertical(id="attendance-people"):
                yield Label("", id="attendance-team-title")
                yield Roster(id="roster")
                yield OrderedInput(
                    placeholder="Walk-in: name, role (e.g. Jo Bloggs, public advisor)",
                    id="walk-in")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.show_records()

    def on_screen_resume(self) -> None:
        self.query_one("#attendance-teams", OptionList).focus()

    def reload(self) -> None:
        """Re-read every table, in the app's team order; the app's team is highlighted."""
        order = {team.id: n for n, team in enumerate(self.cigkit.roster().teams)}
        self.tables = sorted(attendance.today(self.store, self.workshop),
                             key=lambda t: order.get(t.team.id, len(order)))
        teams = self.query_one("#attendance-teams", OptionList)
        ids = [t.team.id for t in self.tables]
        if [teams.get_option_at_index(i).id for i in range(teams.option_count)] != ids:
            teams.set_options(Option(team_line(t), id=t.team.id) for t in self.tables)
        else:
            for index, table in enumerate(self.tables):
                teams.replace_option_prompt_at_index(index, team_line(table))
        if self.team_id in ids:
            teams.highlighted = ids.index(self.team_id)
        self.show_team(self.team_id)

    def table(self, team_id: str | None) -> attendance.TeamToday | None:
        return next((t for t in self.tables if t.team.id == team_id), None)

    def show_team(self, team_id: str | None) -> None:
        table = self.table(team_id)
        title = self.query_one("#attendance-team-title", Label)
        roster = self.query_one("#roster", SelectionList)
        if table is None:
            title.update(Text("Pick a team on the left."))
            roster.clear_options()
            return
        cig = f" ({table.cig.name})" if table.cig else ""
        advisor = "" if table.public_advisor_present else " No public advisor here."
        apologies = sum(1 for seat in table.seats if seat_state(seat) == "apologies")
        sent = f" {apologies} sent apologies." if apologies else ""
        title.update(Text(f"{table.team.name}{cig}: {len(table.present)} of "
                          f"{len(table.seats)} here.{sent}{advisor} Space ticks, a apologies, "
                          "x absent."))
        if self._ticking:
            return  # the facilitator is still ticking: redraw once the saves are in
        wanted = [(seat_line(s), f"m:{s.member_id}" if s.member_id else f"w:{s.attendance_id}",
                   s.present) for s in table.seats]
        shown = [roster.get_option_at_index(i) for i in range(roster.option_count)]
        current = [(o.prompt, o.value, o.value in roster.selected) for o in shown]
        if wanted != current:
            highlighted = roster.highlighted
            roster.clear_options()
            roster.add_options(Selection(p, v, on) for p, v, on in wanted)
            if wanted:
                roster.highlighted = min(highlighted or 0, len(wanted) - 1)

    @on(OptionList.OptionHighlighted, "#attendance-teams")
    def _team_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id != self.team_id:
            self.cigkit.move_to_team(event.option.id)

    @on(OptionList.OptionSelected, "#attendance-teams")
    def _team_chosen(self) -> None:
        self.set_focus(self.query_one("#roster", SelectionList))  # at once

    @on(SelectionList.SelectionToggled, "#roster")
    def _ticked(self, event: SelectionList.SelectionToggled[str]) -> None:
        value = str(event.selection.value)
        present = value in event.selection_list.selected
        store, workshop, team_id = self.store, self.workshop, self.team_id
        if team_id is None:
            return
        kind, _, key = value.partition(":")
        table = self.table(team_id)
        seat = next((s for s in table.seats if value in (f"m:{s.member_id}",
                                                         f"w:{s.attendance_id}")), None) \
            if table else None
        what = f"ticked {seat.name if seat else 'someone'} {'here' if present else 'absent'}"
        self._ticking += 1
        if kind == "m":
            self.change_many(what, lambda: store.where(
                Attendance, workshop=workshop, team_id=team_id, member_id=key),
                lambda: attendance.set_present(store, workshop, team_id, key, present),
                then=self._tick_saved, failed=self._tick_failed)
        else:
            self.change(what, Attendance, key,
                        lambda _: attendance.set_walk_in_present(store, key, present),
                        then=self._tick_saved, failed=self._tick_failed)

    def action_mark(self, state: str) -> None:
        """Mark the person highlighted present, apologies or absent."""
        roster = self.query_one("#roster", SelectionList)
        team_id, at = self.team_id, roster.highlighted
        table = self.table(team_id)
        if team_id is None or table is None or at is None or at >= len(table.seats):
            self.notify("Pick a person first (arrow keys).", severity="warning")
            return
        seat = table.seats[at]
        value = str(roster.get_option_at_index(at).value)
        store, workshop = self.store, self.workshop
        kind, _, key = value.partition(":")
        what = f"marked {seat.name} {STATE_WORDS[state]}"
        self._ticking += 1
        if kind == "m":
            self.change_many(what, lambda: store.where(
                Attendance, workshop=workshop, team_id=team_id, member_id=key),
                lambda: attendance.set_state(store, workshop, team_id, key, state),
                then=self._tick_saved, failed=self._tick_failed)
        else:
            self.change(what, Attendance, key,
                        lambda _: attendance.set_walk_in_state(store, key, state),
                        then=self._tick_saved, failed=self._tick_failed)
        if state != "present" and value in roster.selected:
            roster.deselect(value)  # the box says it at once; the save follows
        elif state == "present" and value not in roster.selected:
            roster.select(value)

    def action_year(self) -> None:
        self.cigkit.action_open("attendance_year")

    def _tick_saved(self, _value: object = None) -> None:
        self._ticking -= 1
        self.show_records()

    def _tick_failed(self, error: str) -> None:
        self._ticking -= 1
        self.notify(error, severity="error", timeout=10)
        self.show_records()

    @on(Input.Submitted, "#walk-in")
    def _walk_in(self, event: Input.Submitted) -> None:
        team_id = self.team_id
        if team_id is None or not event.value.strip():
            return
        try:
            attendance.parse_walk_in(event.value)
        except UserError as error:
            self.notify(str(error), severity="error")
            return
        store, workshop, line = self.store, self.workshop, event.value
        event.input.value = ""
        self.change_many(f"added walk-in {line.strip()}", list,
                         lambda: attendance.add_walk_in(store, workshop, team_id, line),
                         then=self.redraw)
        self.notify(f"Walk-in added: {line.strip()}.")

    def action_walk_in(self) -> None:
        self.set_focus(self.query_one("#walk-in", Input))  # at once, for type-ahead

    def action_close(self) -> None:
        self.dismiss()
