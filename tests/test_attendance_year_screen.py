"""Attendance in the app has three states, told apart in words, and a view over the year."""

from __future__ import annotations

from conftest import OpenApp, press_to, send_keys
from textual.widgets import SelectionList

from cigkit.model import Attendance
from cigkit.services import attendance, programme
from cigkit.tui.screens.attendance import AttendanceScreen
from cigkit.tui.screens.attendance_year import AttendanceYearScreen


def states(app: object, workshop: int, team_id: str) -> dict[str, str]:
    store = app.store  # type: ignore[attr-defined]
    return {a.name: a.status for a in store.where(Attendance, workshop=workshop,
                                                  team_id=team_id)}


async def test_apologies_and_absence_are_marked_differently(open_app: OpenApp) -> None:
    app = open_app()
    team = programme.find_team(app.store, "Diabetes Foot Care")
    async with app.run_test(size=(80, 24)) as pilot:
        app.move_to_team(team.id)
        await pilot.pause()
        screen = await press_to(pilot, "a", AttendanceScreen)
        await send_keys(pilot, "enter")  # to the team's roster
        # typed ahead: present, apologies, absent, each on the person it was pressed on
        await send_keys(pilot, "space", "down", "a", "down", "x")
        marked = states(app, 3, team.id)
        assert marked == {"Dr Ruth Hale": "present", "Grace Mensah": "apologies",
                          "Lena Kowalska": "absent"}
        roster = screen.query_one("#roster", SelectionList)
        lines = [str(o.prompt) for o in roster.options]
        assert lines[:4] == [
            " here       Dr Ruth Hale (researcher)",
            " apologies  Grace Mensah (practitioner)",
            " absent     Lena Kowalska (public advisor)",
            " not marked Owen Price (commissioner)",
        ]
        assert [str(v) for v in roster.selected] == [f"m:{m.id}" for m in programme.members(
            app.store, team.id) if m.name == "Dr Ruth Hale"]
        await send_keys(pilot, "p")  # Lena came after all
        assert states(app, 3, team.id)["Lena Kowalska"] == "present"
        await send_keys(pilot, "ctrl+z")
        assert states(app, 3, team.id)["Lena Kowalska"] == "absent"
    seats = {s.name: s.state for s in attendance.team_register(app.store, 3, team)}
    assert seats["Grace Mensah"] == "apologies" and seats["Owen Price"] == ""


async def test_attendance_over_the_year_shows_each_person_and_a_late_public_advisor(
    open_app: OpenApp,
) -> None:
    app = open_app()
    team = programme.find_team(app.store, "Diabetes Foot Care")
    rows = {r.name: r for r in attendance.year(app.store, [1, 2, 3]) if r.team == team.name}
    async with app.run_test(size=(80, 24)) as pilot:
        app.move_to_team(team.id)
        await press_to(pilot, "a", AttendanceScreen)
        year = await press_to(pilot, "y", AttendanceYearScreen)
        table = year.table
        shown = {str(table.get_row_at(i)[0]): [str(c) for c in table.get_row_at(i)]
                 for i in range(table.row_count)}
        assert "Diabetes Foot Care" in shown  # the team's heading row
        for name, row in rows.items():
            cells = shown[name]
            symbols = {"present": "✓", "apologies": "A", "absent": "✗", "": "?",
                       "not yet": "·", "left": "–"}
            assert cells[2:2 + len(row.marks)] == [symbols[m] for m in row.marks]
            if row.public_advisor:
                first = row.first_took_part
                assert cells[-1] == ("not yet" if first is None else
                                     f"W{first}" + (" late" if first > 2 else ""))
        other = programme.find_team(app.store, "Crisis Cafe")
        assert other.name not in shown  # another table's team: c shows everyone
        await send_keys(pilot, "c")
        assert other.name in {str(table.get_row_at(i)[0]) for i in range(table.row_count)}
        await send_keys(pilot, "escape")
        assert isinstance(app.screen, AttendanceScreen)
