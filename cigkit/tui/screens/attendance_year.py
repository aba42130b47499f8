"""Attendance over the year: each person's mark at every workshop, table by table.

Participants said they did not know who was in their CIG from one workshop to the next, and
public advisors who joined once the plan was shaped felt tokenistic. This shows both: who
came, sent apologies or was absent at each workshop, and when each public advisor first
took part. Symbols and letters, never colour alone.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from ...attendance_year import LEFT, NOT_MARKED, NOT_YET, PersonAttendance
from ...services import attendance, programme
from ..widgets.footer import KeysFooter
from ..widgets.record_table import Cell, RecordTable
from .opened import OpenedScreen

MARKS = {"present": ("✓", "bold green"), "apologies": ("A", "yellow"),
         "absent": ("✗", "bold red"), NOT_MARKED: ("?", "dim"), NOT_YET: ("·", "dim"),
         LEFT: ("–", "dim")}
LEGEND = "✓ present  A apologies  ✗ absent  ? not marked  · not on the team yet  – left"
ROLE_SHORT = {"practitioner": "practitioner", "commissioner": "commissioner",
              "public advisor": "public adv.", "researcher": "researcher", "intern": "intern",
              "facilitator": "facilitator", "manager": "manager"}
LATE_AFTER = 2
"""A public advisor first taking part after workshop 2 joined once the plan was shaped."""


def first_words(row: PersonAttendance, held: int) -> Text:
    """When a public advisor first took part: "W1", "W3 late", or "not yet"."""
    if not row.public_advisor:
        return Text("")
    if row.first_took_part is None:
        return Text("not yet", "bold red" if held > LATE_AFTER else "dim")
    late = row.first_took_part > LATE_AFTER
    return Text(f"W{row.first_took_part}" + (" late" if late else ""),
                "bold yellow" if late else "green")


class AttendanceYearScreen(OpenedScreen):
    """Everyone's attendance across the workshops, for one table or the whole programme."""

    TITLE = "Attendance over the year"
    OPENED_AS = "attendance_year"
    BINDINGS = [
        Binding("c", "toggle_scope", "Table / all",
                tooltip="One table or the whole programme"),
        Binding("ctrl+t", "next_table", "Next table", tooltip="The next table"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.whole_programme = False

    def compose(self) -> ComposeResult:
        yield self.nav_bar()
        yield Static(id="year-title")
        yield RecordTable(id="year-table")
        yield KeysFooter()

    @property
    def table(self) -> RecordTable:
        return self.query_one("#year-table", RecordTable)

    def on_mount(self) -> None:
        self.show_records()
        self.table.focus()

    def reload(self) -> None:
        here = self.here()
        numbers = [w.number for w in programme.workshops(self.store)
                   if w.number <= self.workshop]  # the year so far: none marked ahead
        rows = attendance.year(self.store, numbers)
        cig = here.cig.name if here.cig else None
        if not self.whole_programme and cig is not None:
            rows = [r for r in rows if r.cig == cig]
        held = self.workshop
        advisors = [r for r in rows if r.public_advisor]
        late = [r for r in advisors if r.first_took_part is None or r.first_took_part > LATE_AFTER]
        scope = "the whole programme" if self.whole_programme or cig is None else cig
        self.query_one("#year-title", Static).update(Text.assemble(
            (f"Attendance up to workshop {self.workshop}: {scope}", "bold"),
            f" · {len(rows)} people · public advisors {len(advisors)}, "
            f"{len(late)} first took part after W{LATE_AFTER} or not yet · c table/all\n",
            (LEGEND, "dim")))
        columns = ["Person", "Role", *(f"W{n}" for n in numbers), "First"]
        lines: list[tuple[str, list[Cell]]] = []
        team = ""
        for number, row in enumerate(rows):
            if row.team != team:
                team = row.team
                lines.append((f"team:{number}", [Text(team[:26], "bold underline"), "",
                                                 *("" for _ in numbers), ""]))
            name = row.name if len(row.name) <= 22 else row.name[:21] + "…"
            walk_in = " (walk-in)" if not row.member_id else ""
            marks = [Text(*MARKS.get(mark, ("?", "dim"))) for mark in row.marks]
            lines.append((f"{number}:{row.member_id or row.name}",
                          [Text(name + walk_in), ROLE_SHORT.get(row.role, row.role), *marks,
                           first_words(row, held)]))
        self.table.refill(lines, columns=columns)

    def action_toggle_scope(self) -> None:
        self.whole_programme = not self.whole_programme
        self.show_records()

    def action_next_table(self) -> None:
        self.whole_programme = False
        self.cigkit.move_table(1)


__all__ = ["AttendanceYearScreen"]
