"""The facilitator's words on screen: laptop names, not ids; whole columns at 80 columns;
one story about the day everywhere; a laptop's odd clock said; damage said once; and text
from other laptops shown as typed, never read as markup."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from conftest import FakeClock, OpenApp, press_to, settle
from textual.widgets import Static

from cigkit.commands import clock_cmd
from cigkit.model import Action, ClockEvent, Team, format_instant
from cigkit.services import day as day_service
from cigkit.services import devices, logbook, programme
from cigkit.services import team_checklist as tc
from cigkit.store import Store
from cigkit.tui.projector import ProjectorApp
from cigkit.tui.screens.actions import ActionsScreen
from cigkit.tui.screens.checklist import ChecklistScreen
from cigkit.tui.screens.run import RunScreen
from cigkit.tui.widgets.agenda import Agenda
from cigkit.tui.widgets.clock import ClockFace


def shown(screen: object, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())  # type: ignore[attr-defined]


def said(app: object) -> list[str]:
    return [str(n.message) for n in app._notifications]  # type: ignore[attr-defined]


async def test_history_panes_name_the_laptop_not_its_id(
    demo_dir: Path, open_app: OpenApp
) -> None:
    """Table 2's laptop marks an action done and an item in progress; the facilitator's
    screens say 'by Table 2'."""
    with Store.open(demo_dir, device="ec40bd763cb7483d") as table_2:
        devices.set_device_name(table_2, "Table 2")
        team = programme.find_team(table_2, "Diabetes Foot Care")
        action = next(a for a in table_2.where(Action, workshop=2, team_id=team.id)
                      if a.text.startswith("Draft"))
        logbook.set_action_status(table_2, action, "done", workshop=3)
        tc.set_status(table_2, team.id, "design-outcomes", "in progress", workshop=3)
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.move_to_team(team.id)
        screen = await press_to(pilot, "f5", ActionsScreen)
        await settle(pilot)
        detail = shown(screen, "#actions-detail")
        assert "done at workshop 3" in detail and "by Table 2" in detail, detail
        assert "ec40bd763cb7483d" not in detail
        checklist = await press_to(pilot, "f4", ChecklistScreen)
        await settle(pilot)
        listing = checklist.query_one("#checklist-items")
        ids = [listing.get_option_at_index(i).id  # type: ignore[attr-defined]
               for i in range(listing.option_count)]  # type: ignore[attr-defined]
        listing.highlighted = ids.index("design-outcomes")  # type: ignore[attr-defined]
        await pilot.pause()
        detail = shown(checklist, "#checklist-detail")
        assert "Changed: ◐ in progress at workshop 3 by Table 2" in detail, detail
        assert "design-outcomes" not in detail  # the question, never the item's id


async def test_the_agenda_never_cuts_a_column_mid_bracket_at_80_columns(
    demo_dir: Path, open_app: OpenApp, fake_clock: FakeClock
) -> None:
    start = fake_clock() + timedelta(minutes=5)
    with Store.open(demo_dir) as store:
        day_service.record(store, 3, "start", at=start)
        day_service.record(store, 3, "extend", seconds=15 * 60, at=start + timedelta(minutes=2))
        day_service.record(store, 3, "next", at=start + timedelta(minutes=49))
    fake_clock.advance(minutes=60)
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        agenda = app.screen.query_one(Agenda)
        agenda.move_cursor(row=5)
        await pilot.pause()
        lines = [agenda.render_line(y).text for y in range(agenda.size.height)]
        first = next(line for line in lines if line.lstrip().startswith("done"))
        assert "30+15" in first and "49 (+19)" in first, first
        assert len(first.rstrip()) <= 80


async def test_a_day_whose_clock_was_left_running_tells_one_story_everywhere(
    demo_dir: Path, open_app: OpenApp, fake_clock: FakeClock
) -> None:
    """Started a week ago and never finished: no "6 days behind" beside "day ends 12:59"."""
    with Store.open(demo_dir) as store:
        day_service.record(store, 3, "start", at=fake_clock() + timedelta(minutes=5))
        day_service.record(store, 3, "next", at=fake_clock() + timedelta(minutes=40))
    fake_clock.advance(days=6, hours=3)
    story = "Held on Tue 24 Nov; its clock was left running at block 2/12 Input: PROGRESS"
    app = open_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, RunScreen)
        top = shown(app.screen, "#drift")
        assert top.startswith(story), top
        assert "days" not in top and "day ends" not in top
    with Store.open(demo_dir, writable=False) as store:
        line = clock_cmd.status_line(clock_cmd.status_for(store, 3, fake_clock()))
        assert "held on Tue 24 Nov; its clock was left running at block 2/12 Input" in line
        room = ProjectorApp(store, 3, follow=False, now=fake_clock)
        async with room.run_test(size=(100, 30)) as view:
            await view.pause()
            assert shown(room.screen, "#projector-story") == f"Workshop 3 · {top}"


async def test_a_laptop_whose_clock_is_a_day_ahead_is_named_above_the_clock(
    demo_dir: Path, open_app: OpenApp, fake_clock: FakeClock
) -> None:
    with Store.open(demo_dir) as store:
        day_service.record(store, 3, "start", at=fake_clock())
    with Store.open(demo_dir, device="table-2") as table_2:
        devices.set_device_name(table_2, "Table 2")
        table_2.save(ClockEvent(workshop=3, kind="next",
                                at=format_instant(fake_clock() + timedelta(days=1))))
    fake_clock.advance(minutes=3)
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one(ClockFace).tick()
        await pilot.pause()
        notes = app.screen.query_one("#clock-notes", Static)
        text = str(notes.render())
        assert notes.display and "A clock change from Table 2 is stamped a day ahead" in text
        face = app.screen.query_one(ClockFace)
        assert face.region.height >= 4 and notes.region.y < face.region.y  # not over it


async def test_damage_in_the_folder_is_said_once_and_the_app_keeps_running(
    demo_dir: Path, open_app: OpenApp
) -> None:
    journal = demo_dir / "journals" / "other-laptop.jsonl"
    journal.write_text("not json\n" + '{"v":2,"e":[]}\n', encoding="utf-8")
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.poll_store()
        await settle(pilot)
        app.poll_store()
        await settle(pilot)
        damage = [m for m in said(app) if "other-laptop.jsonl" in m]
        assert len(damage) == 1, said(app)
        late = demo_dir / "journals" / "late-laptop.jsonl"
        late.write_text("{broken\n", encoding="utf-8")
        for _ in range(3):
            app.poll_store()
            await settle(pilot)
        assert len([m for m in said(app) if "late-laptop.jsonl" in m]) == 1, said(app)
        assert isinstance(app.screen, RunScreen) and app.is_running


async def test_text_from_another_laptop_is_shown_as_typed_never_as_markup(
    demo_dir: Path, open_app: OpenApp
) -> None:
    with Store.open(demo_dir, device="other-laptop") as other:
        team = programme.find_team(other, "Diabetes Foot Care")
        team.name = "[bold]Foot[/bold] Care [link=x]"
        other.save(team)
        action = next(a for a in other.where(Action, workshop=2, team_id=team.id)
                      if a.text.startswith("Draft"))
        action.text = "Draft [red]the[/red] model [/]"
        other.save(action)
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.move_to_team(team.id)
        screen = await press_to(pilot, "f5", ActionsScreen)
        await settle(pilot)
        assert "[bold]Foot[/bold] Care [link=x]" in shown(screen, "#actions-context")
        assert "Draft [red]the[/red] model [/]" in shown(screen, "#actions-detail")
        checklist = await press_to(pilot, "f4", ChecklistScreen)
        await settle(pilot)
        assert shown(checklist, "#checklist-title").startswith("[bold]Foot[/bold] Care")
        assert app.store.get(Team, team.id) is not None


async def test_a_change_made_here_before_the_laptop_has_a_name_is_by_this_laptop(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.move_to_team(programme.find_team(app.store, "Diabetes Foot Care").id)
        screen = await press_to(pilot, "f5", ActionsScreen)
        await pilot.press("d")
        await settle(pilot)
        detail = shown(screen, "#actions-detail")
        assert "done at workshop 3" in detail and "by this laptop" in detail, detail
        assert app.store.device not in detail
