"""Who is at which table today: ticking the roster, walk-ins, and the flags on the run screen."""

from __future__ import annotations

import pytest
from conftest import OpenApp, press_to, send_keys, settle
from textual.widgets import Input, SelectionList

from cigkit.model import Attendance
from cigkit.services import attendance, programme
from cigkit.store import Store
from cigkit.tui.screens.attendance import AttendanceScreen


def test_ticking_a_person_twice_keeps_one_record_for_the_day(demo_store: Store) -> None:
    team = programme.find_team(demo_store, "Diabetes Foot Care")
    grace = programme.members(demo_store, team.id)[0]
    attendance.set_present(demo_store, 3, team.id, grace.id, True)
    attendance.set_present(demo_store, 3, team.id, grace.id, False)
    marks = demo_store.where(Attendance, workshop=3, member_id=grace.id)
    assert len(marks) == 1 and not marks[0].present


def test_public_advisor_who_joins_at_workshop_3_is_on_the_roster_only_from_then(
    demo_store: Store,
) -> None:
    team = programme.find_team(demo_store, "Enhanced Primary Care")
    at_2 = attendance.team_today(demo_store, 2, team)
    at_3 = attendance.team_today(demo_store, 3, team)
    assert "Bev Collins" not in [s.name for s in at_2.seats]
    assert "Bev Collins" in [s.name for s in at_3.seats]


def test_table_without_its_public_advisor_is_flagged_until_a_walk_in_advisor_sits_down(
    demo_store: Store,
) -> None:
    team = programme.find_team(demo_store, "Heart Failure at Home")
    peter = programme.members(demo_store, team.id)[-1]
    assert attendance.flags(demo_store, 3).nobody[0].name  # nobody ticked yet anywhere
    attendance.set_present(demo_store, 3, team.id, peter.id, True)
    flags = attendance.flags(demo_store, 3)
    assert team not in flags.nobody and team in flags.no_public_advisor
    attendance.add_walk_in(demo_store, 3, team.id, "Pat Jones,  patient ")
    flags = attendance.flags(demo_store, 3)
    assert team not in flags.no_public_advisor
    walk_in = attendance.team_today(demo_store, 3, team).seats[-1]
    assert (walk_in.name, walk_in.role, walk_in.walk_in) == ("Pat Jones", "public advisor", True)


@pytest.mark.parametrize("line", ["Pat Jones", ", intern", "Pat Jones, astronaut"])
def test_walk_in_without_a_name_and_known_role_is_explained(line: str) -> None:
    with pytest.raises(attendance.WalkInError):
        attendance.parse_walk_in(line)


async def test_facilitator_ticks_a_table_and_adds_a_walk_in_from_the_attendance_screen(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await press_to(pilot, "a", AttendanceScreen)
        await pilot.press("down", "down", "down", "enter")  # Diabetes Foot Care
        await pilot.press("space", "down", "space")
        await settle(pilot)
        team = programme.find_team(app.store, "Diabetes Foot Care")
        assert screen.team_id == team.id
        present = [a.name for a in app.store.where(Attendance, workshop=3, team_id=team.id)]
        assert sorted(present) == ["Dr Ruth Hale", "Grace Mensah"]
        await pilot.press("ctrl+w")
        assert isinstance(app.focused, Input)
        await send_keys(pilot, "Ali Khan, researcher", "enter")
        roster = screen.query_one("#roster", SelectionList)
        assert " here       Ali Khan (researcher, walk-in)" in [
            str(o.prompt) for o in roster.options]
        assert roster.selected[-1].startswith("w:")


async def test_ticks_typed_ahead_land_on_the_people_they_were_pressed_on(
    open_app: OpenApp,
) -> None:
    app = open_app()
    team = programme.find_team(app.store, "Diabetes Foot Care")
    async with app.run_test(size=(80, 24)) as pilot:
        app.move_to_team(team.id)
        await pilot.pause()
        await press_to(pilot, "a", AttendanceScreen)
        await send_keys(pilot, "enter")
        await send_keys(pilot, "space", "down", "down", "space", "down", "space", "space")
    present = {a.name: a.present for a in app.store.where(Attendance, workshop=3,
                                                           team_id=team.id)}
    assert present == {"Dr Ruth Hale": True, "Lena Kowalska": True, "Owen Price": False}
