"""The facilitator runs the morning of workshop 3 of the demo from the run screen."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from conftest import FakeClock, OpenApp, press_to
from conftest import settle as let_saves_finish
from textual.pilot import Pilot
from textual.widgets import Digits, Static

from cigkit.model import Attendance, ClockEvent
from cigkit.services import attendance, programme
from cigkit.services import day as day_service
from cigkit.store import Store
from cigkit.tui.app import CigkitApp
from cigkit.tui.screens.attendance import AttendanceScreen
from cigkit.tui.screens.run import ElapsedModal, ReplanModal, RunScreen, parse_minutes
from cigkit.tui.widgets.agenda import Agenda
from cigkit.tui.widgets.clock import ClockFace


async def settle(app: CigkitApp, pilot: Pilot[None]) -> None:
    """Let background saves finish, then redraw the clock at the fake clock's time."""
    await let_saves_finish(pilot)
    if isinstance(app.screen, RunScreen):
        app.screen.query_one(ClockFace).tick()
    await pilot.pause()


def digits(app: CigkitApp) -> str:
    return app.screen.query_one(Digits).value


def words(app: CigkitApp) -> str:
    return str(app.screen.query_one("#clock-words", Static).render())


def text_of(app: CigkitApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_whole_morning_of_workshop_3_survives_quitting_and_reopening(
    open_app: OpenApp, fake_clock: FakeClock
) -> None:
    app = open_app(workshop=None)
    rang: list[str] = []
    app.bell = lambda: rang.append("bell")  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the picker preselects workshop 3, the next to be held
        await pilot.pause()
        assert isinstance(app.screen, RunScreen) and app.workshop_number == 3
        assert digits(app) == "30:00" and words(app) == "NOT STARTED"
        assert "Attendance not taken yet" in text_of(app, "#flags")

        await press_to(pilot, "a", AttendanceScreen)
        await pilot.press("enter", "space")  # open the first team, tick its first person
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert "Attendance not taken yet" not in text_of(app, "#flags")
        assert "Nobody present (8):" in text_of(app, "#flags")

        fake_clock.advance(minutes=5)  # 09:30
        await pilot.press("space")
        await settle(app, pilot)
        fake_clock.advance(minutes=20)
        await settle(app, pilot)
        assert digits(app) == "10:00" and words(app) == "RUNNING"

        await pilot.press("5")
        await settle(app, pilot)
        assert digits(app) == "15:00"
        fake_clock.advance(minutes=13, seconds=30)
        await settle(app, pilot)
        assert "WARNING" in words(app) and app.screen.query_one(ClockFace).has_class("-warning")
        fake_clock.advance(minutes=2, seconds=30)
        await settle(app, pilot)
        assert digits(app) == "+1:00" and words(app) == "OVER BY 1:00"
        assert app.screen.query_one(ClockFace).has_class("-overrun")
        assert rang == ["bell", "bell"]  # once at the warning, once at zero

        await pilot.press("n")
        await settle(app, pilot)
        assert digits(app) == "30:00" and "Block 2 of 12" in text_of(app, "#block-title")
        assert text_of(app, "#drift").startswith("6 min behind; coffee at 11:26")
        fake_clock.advance(minutes=10)
        await pilot.press("space")  # pause at 20:00 left
        await settle(app, pilot)
        fake_clock.advance(minutes=10)
        await settle(app, pilot)
        assert digits(app) == "20:00" and words(app) == "PAUSED"
        await pilot.press("space")
        await settle(app, pilot)
        fake_clock.advance(minutes=5)
        await settle(app, pilot)
        assert digits(app) == "15:00"
        await pilot.press("ctrl+q")
    app.store.close()

    fake_clock.advance(minutes=10)  # the laptop was closed; the block kept running
    again = open_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(again, pilot)
        assert digits(again) == "5:00" and words(again) == "RUNNING"
        assert "Block 2 of 12" in text_of(again, "#block-title")
        agenda = again.screen.query_one(Agenda)
        # Planned 30, given 5 more on the day, took 36: six over the plan as written.
        assert [str(cell) for cell in agenda.get_row_at(0)[-2:]] == ["30+5", "36 (+6)"]


async def test_forgot_to_start_sets_the_elapsed_time_and_runs_the_clock(open_app: OpenApp) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, ElapsedModal)
        await pilot.press("7", "enter")
        await settle(app, pilot)
        assert digits(app) == "23:00" and words(app) == "RUNNING"


async def test_forgot_to_start_never_starts_a_block_before_the_previous_one_ended(
    open_app: OpenApp, fake_clock: FakeClock
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("space")  # 09:25, the welcome starts
        await settle(app, pilot)
        fake_clock.advance(minutes=30)
        await pilot.press("n")  # 09:55, on to the input talk
        await settle(app, pilot)
        fake_clock.advance(minutes=4)
        await pilot.press("f", "2", "0", "enter")  # "it has run 20 minutes": it cannot have
        await settle(app, pilot)
        assert digits(app) == "26:00"  # 30 planned, 4 run since the welcome ended at 09:55
        said = str(list(app._notifications)[-1].message)
        assert said.startswith("The previous block ended at") and "4:00 at most" in said


async def test_a_workshop_run_two_days_late_is_timed_against_the_day_it_runs(
    open_app: OpenApp, fake_clock: FakeClock
) -> None:
    fake_clock.advance(days=2, minutes=15)  # 09:40 on Thursday, planned for Tuesday
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert text_of(app, "#drift").startswith("Planned for Tue 24 Nov, not run: start its clock")
        await pilot.press("space")
        await settle(app, pilot)
        drift = text_of(app, "#drift")
        assert drift.startswith("10 min behind"), drift
        assert "not run" not in drift


def test_minutes_typed_as_whole_minutes_or_minutes_and_seconds() -> None:
    assert parse_minutes("7") == 420
    assert parse_minutes(" 7:30 ") == 450


def _late_morning(store: Store, fake_clock: FakeClock) -> None:
    """Workshop 3 started at 09:30 and the welcome ran 25 minutes over."""
    start = fake_clock() + timedelta(minutes=5)
    day_service.record(store, 3, "start", at=start)
    day_service.record(store, 3, "next", at=start + timedelta(minutes=55))


def shortened(store: Store) -> list[ClockEvent]:
    return [e for e in day_service.events(store, 3) if e.kind == "shorten"]


async def test_replan_is_applied_only_when_the_facilitator_accepts(
    demo_dir: Path, fake_clock: FakeClock, open_app: OpenApp
) -> None:
    with Store.open(demo_dir) as store:
        _late_morning(store, fake_clock)
    fake_clock.advance(minutes=60)
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert text_of(app, "#drift").startswith("25 min behind")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReplanModal)
        assert "Tables: finding the data: 45 ->" in str(
            app.screen.query_one("#replan-lines", Static).render())
        await pilot.press("n")
        await settle(app, pilot)
        assert not shortened(app.store)
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert len(shortened(app.store)) == 4
        assert text_of(app, "#drift").startswith("On time")


async def test_run_screen_offers_every_key_in_the_command_palette(open_app: OpenApp) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, RunScreen)
        names = " ".join(c.title for c in app.get_system_commands(screen)).lower()
        for binding in screen.BINDINGS:
            action = binding.action  # type: ignore[union-attr]
            word = {"start_pause": "start", "extend(1)": "1 minute", "extend(5)": "5 minutes",
                    "next": "next", "back": "back", "forgot": "forgot", "replan": "replan",
                    "attendance": "attendance", "report_back": "report-back"}[action]
            assert word in names


def _run_before(fake_clock: FakeClock):  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        pilot.app.screen.query_one(ClockFace).tick()
        await pilot.pause()

    return run_before


def _snapshot_app(demo_dir: Path, fake_clock: FakeClock, open_app: OpenApp) -> CigkitApp:
    with Store.open(demo_dir) as store:
        _late_morning(store, fake_clock)
        diabetes = programme.find_team(store, "Diabetes Foot Care")
        for member in programme.members(store, diabetes.id)[:2]:
            attendance.set_present(store, 3, diabetes.id, member.id, True)
        assert store.where(Attendance, workshop=3)
        day_service.record(store, 3, "next", at=fake_clock() + timedelta(minutes=90))
    fake_clock.advance(minutes=107)  # 11:12, in the first table discussion since 10:55
    return open_app()


def test_run_screen_at_80x24_snapshot(snap_compare, demo_dir: Path,  # type: ignore[no-untyped-def]
                                      fake_clock: FakeClock, open_app: OpenApp) -> None:
    app = _snapshot_app(demo_dir, fake_clock, open_app)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_run_before(fake_clock))


def test_run_screen_at_120x40_snapshot(snap_compare, demo_dir: Path,  # type: ignore[no-untyped-def]
                                       fake_clock: FakeClock, open_app: OpenApp) -> None:
    app = _snapshot_app(demo_dir, fake_clock, open_app)
    assert snap_compare(app, terminal_size=(120, 40), run_before=_run_before(fake_clock))


def test_attendance_not_taken_counts_one_team_as_a_team() -> None:
    from cigkit.model import Team
    from cigkit.services.attendance import Flags
    from cigkit.tui.screens.run import flag_words

    one, two = Team(name="Crisis Cafe"), Team(name="Memory Clinic Access")
    assert flag_words(Flags((one,), (), 0)).startswith("Attendance not taken yet (1 team)")
    assert "(2 teams)" in flag_words(Flags((one, two), (), 0))
