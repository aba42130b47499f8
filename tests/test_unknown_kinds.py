"""A folder written by a newer cigkit (a note of a kind this one does not know, a "poll"),
or holding words that look like markup, opens on every screen: shown as it is, never a crash."""

from __future__ import annotations

from conftest import OpenApp, send_keys, settle

from cigkit.model import Action, Note
from cigkit.services import programme, setup_people
from cigkit.store import Store
from cigkit.tui.screens.actions import ActionsScreen
from cigkit.tui.screens.attendance import AttendanceScreen
from cigkit.tui.screens.attendance_year import AttendanceYearScreen
from cigkit.tui.screens.checklist import ChecklistScreen
from cigkit.tui.screens.conflicts import ConflictsScreen
from cigkit.tui.screens.overview import OverviewScreen
from cigkit.tui.screens.picker import WorkshopPicker
from cigkit.tui.screens.programme import ProgrammeScreen
from cigkit.tui.screens.report_back import ReportBackScreen
from cigkit.tui.screens.run import RunScreen
from cigkit.tui.screens.timeline import TimelineScreen
from cigkit.tui.widgets.log_list import LogList

ODD = "[/b] closing [@click=app.quit]bye[/] [bold]"


def write_oddities(store: Store) -> None:
    """What a newer cigkit, or a note-taker fond of brackets, leaves in the folder."""
    team = programme.find_team(store, "Diabetes Foot Care")
    store.save(Note(workshop=3, team_id=team.id, text="Which room after lunch?", kind="poll",
                    sharing="programme"))
    store.save(Note(workshop=3, team_id=team.id, text=ODD, kind="question"))
    store.save(Action(workshop=3, team_id=team.id, text=ODD, owner=ODD))
    setup_people.add_member(store, ODD, team=team.name, role="public advisor",
                            joined_workshop=1)
    setup_people.rename_team(store, team.name, "[/i] Diabetes Foot Care")


async def test_a_note_of_an_unknown_kind_and_markup_like_words_open_on_every_screen(
    open_app: OpenApp,
) -> None:
    app = open_app()
    write_oddities(app.store)
    team = programme.find_team(app.store, "[/i] Diabetes")
    async with app.run_test(size=(80, 24)) as pilot:
        app.move_to_team(team.id)
        await settle(pilot)
        await send_keys(pilot, "f3")
        rows = app.screen.query_one(LogList).lines()
        assert any("POLL?" in row and "Which room after lunch?" in row for row in rows)
        assert any(ODD in row for row in rows)  # as typed, brackets and all
        await send_keys(pilot, "ctrl+l")
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen)
        kinds = [str(timeline.table.get_row_at(i)[2]) for i in range(timeline.table.row_count)]
        assert "POLL?" in kinds
        await send_keys(pilot, "/")
        await send_keys(pilot, "room after lunch", "enter")
        assert timeline.table.row_count == 1
        await send_keys(pilot, "k")  # this cigkit cannot change a poll's kind: it says so
        assert [n for n in app.store.all(Note) if n.kind == "poll"]
        await send_keys(pilot, "escape", "escape")
        for key, shown in (("f2", RunScreen), ("a", AttendanceScreen),
                           ("y", AttendanceYearScreen), ("escape", AttendanceScreen),
                           ("escape", RunScreen), ("f4", ChecklistScreen), ("f5", ActionsScreen),
                           ("v", ActionsScreen), ("f7", OverviewScreen),
                           ("escape", ActionsScreen), ("f8", ProgrammeScreen),
                           ("2", ProgrammeScreen), ("3", ProgrammeScreen),
                           ("y", AttendanceYearScreen), ("escape", ProgrammeScreen),
                           ("f9", ReportBackScreen)):
            await send_keys(pilot, key)
            assert type(app.screen) is shown, (key, type(app.screen).__name__)
        report = app.screen
        assert isinstance(report, ReportBackScreen)
        await settle(pilot)
        shown = report.lines()
        assert any("POLL?" in line for line in shown)
        assert any(ODD in line for line in shown)
        await send_keys(pilot, "f10")
        assert isinstance(app.screen, ConflictsScreen)
        await send_keys(pilot, "escape")
        assert isinstance(app.screen, ReportBackScreen)
        await send_keys(pilot, "escape")
        assert isinstance(app.screen, ProgrammeScreen)
        await send_keys(pilot, "f6")
        assert isinstance(app.screen, WorkshopPicker)
        assert app.is_running
