"""The note-taker at the tables: typing entries for two teams at two tables, and the timeline."""

from __future__ import annotations

from conftest import OpenApp, press_to, settle
from textual.pilot import Pilot
from textual.widgets import Input

from cigkit.model import Action, Note, Tally
from cigkit.services import drafts, programme
from cigkit.tui.app import CigkitApp
from cigkit.tui.screens.log import LogScreen
from cigkit.tui.screens.timeline import TimelineScreen
from cigkit.tui.widgets.nav_bar import NavBar


async def type_entry(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*text)
    await pilot.press("enter")


def rows(app: CigkitApp) -> list[str]:
    return [str(row.render()) for row in app.screen.query("EntryRow")]


async def test_note_taker_logs_four_kinds_for_two_teams_at_two_tables(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_to(pilot, "f3", LogScreen)
        context = str(app.screen.query_one("#log-context").render())
        assert "Workshop 3" in context and "Welcome and actions" in context
        first_team = app.team_id
        await type_entry(pilot, "The hub sees frail people twice a week [paramedic] #what:tech")
        await type_entry(pilot, "d: Compare conveyance by IMD quintile")
        await pilot.press("ctrl+n")
        second_team = app.team_id
        await type_entry(pilot, "q: Is there a GP-level extract?")
        await pilot.press("ctrl+t")
        third_team = app.team_id
        await type_entry(pilot, "a: Ask for the register extract @grace by w4")
        await type_entry(pilot, "! v: Which outcome first? | admissions 4 | waits 2")
        await settle(pilot)
        assert app.screen.focused is app.screen.query_one("#log-input")
        assert any("✓ saved 09:25" in row and "ACTION" in row for row in rows(app))
        assert not any("saving" in row for row in rows(app))
    store = app.store
    assert len({first_team, second_team, third_team}) == 3
    first_notes = {n.kind: n for n in store.where(Note, team_id=first_team, workshop=3)}
    assert first_notes["discussion"].speaker_role == "paramedic"
    assert first_notes["discussion"].tags == ["what:technical"]
    assert first_notes["decision"].block == 0
    assert store.where(Note, team_id=second_team, workshop=3)[0].kind == "question"
    action = store.where(Action, team_id=third_team, workshop=3)[0]
    assert (action.owner, action.due_workshop) == ("Grace Mensah", 4)
    tally = store.where(Tally, team_id=third_team, workshop=3)[0]
    assert (tally.counts, tally.sharing) == ({"admissions": 4, "waits": 2}, "internal")


async def test_mistyped_due_date_keeps_the_text_in_the_box(open_app: OpenApp) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_to(pilot, "f3", LogScreen)
        await type_entry(pilot, "a: Ring the council due:soon")
        await pilot.pause()
        assert app.screen.query_one("#log-input").value == "a: Ring the council due:soon"
        assert not app.store.where(Action, workshop=3)


async def test_sharing_key_makes_the_next_entries_internal(open_app: OpenApp) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_to(pilot, "f3", LogScreen)
        await pilot.press("ctrl+o", "ctrl+o")
        assert "sharing INTERNAL" in str(app.screen.query_one("#log-context").render())
        await type_entry(pilot, "Manager worried about capacity")
        await app.workers.wait_for_complete()
    note = app.store.where(Note, workshop=3)[0]
    assert note.sharing == "internal"


async def test_deleted_entry_comes_back_with_undo(open_app: OpenApp) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_to(pilot, "f3", LogScreen)
        await type_entry(pilot, "First thought")
        await type_entry(pilot, "Second thought")
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        await pilot.press("x")
        await settle(pilot)
        assert [n.text for n in app.store.where(Note, workshop=3)] == ["First thought"]
        await pilot.press("u")
        await settle(pilot)
        assert {n.text for n in app.store.where(Note, workshop=3)} == {
            "First thought", "Second thought"}
        assert app.screen.query_one("#timeline-table").row_count == 2


async def test_timeline_changes_kind_and_sharing_and_edits_text(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_to(pilot, "f3", LogScreen)
        await type_entry(pilot, "We will start with routine data")
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.press("k")
        await app.workers.wait_for_complete()
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.press("e", "end", *" only", "enter")
        await settle(pilot)
    note = app.store.where(Note, workshop=3)[0]
    assert (note.kind, note.sharing, note.text) == (
        "decision", "programme", "We will start with routine data only")


async def test_search_reaches_earlier_workshops_and_other_teams(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_to(pilot, "f3", LogScreen)
        await pilot.press("ctrl+l", "slash", *"postcode", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        teams = {programme.teams(app.store)[0].id}
        found = list(screen.entries.values())
        assert found and all(e.workshop in (1, 2) for e in found)
        assert {e.team_id for e in found} - teams
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.query_text and isinstance(app.screen, TimelineScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LogScreen)


async def test_text_left_unsaved_last_time_opens_the_notes_with_it_in_the_box(
    open_app: OpenApp,
) -> None:
    app = open_app(workshop=None)
    team = programme.find_team(app.store, "Crisis Cafe")
    drafts.save_draft(app.store.data_dir, app.store.device,
                      drafts.Draft("Buses stop at si", 3, team.cig_id, team.id))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # workshop 3 in the picker
        await pilot.pause()
        assert isinstance(app.screen, LogScreen)
        assert app.screen.query_one("#log-input", Input).value == "Buses stop at si"
        assert app.team_id == team.id


async def test_notes_follow_the_workshop_picked_on_another_screen(open_app: OpenApp) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_to(pilot, "f3", LogScreen)
        await pilot.press("f6", "up", "enter")  # workshop 2, back on the clock
        await pilot.pause()
        assert app.workshop_number == 2
        screen = await press_to(pilot, "f3", LogScreen)
        assert "Workshop 2" in str(screen.query_one("#log-context").render())
        assert "F6 W2" in str(screen.query_one(NavBar).render())
