"""The note-taker at the tables: typing entries for two teams at two tables, and the timeline.

Keys are sent the way a busy terminal delivers them (all at once, see `send_keys`), which is
both quicker than pressing them one by one and the harder case for the app.
"""

from __future__ import annotations

from typing import Any

from conftest import OpenApp, press_to, send_keys, settle, type_lines
from rich.text import Text
from textual import events
from textual.widgets import Input

from cigkit.model import Action, Note, Tally
from cigkit.services import drafts, programme
from cigkit.tui.app import CigkitApp
from cigkit.tui.screens.log import LogScreen
from cigkit.tui.screens.timeline import TimelineScreen
from cigkit.tui.widgets.log_list import LogList
from cigkit.tui.widgets.nav_bar import NavBar


def rows(app: CigkitApp) -> list[str]:
    return app.screen.query_one(LogList).lines()


def context(app: CigkitApp) -> str:
    return str(app.screen.query_one("#log-context").render())


def texts(app: CigkitApp, team_id: str | None, kind: Any = Note) -> list[str]:
    found = sorted(app.store.where(kind, team_id=team_id, workshop=3),
                   key=lambda e: e.created_at)
    return [e.text for e in found]


async def test_note_taker_logs_four_kinds_for_two_teams_at_two_tables(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_to(pilot, "f3", LogScreen)
        assert "Workshop 3" in context(app) and "Welcome and actions" in context(app)
        first_team = app.team_id
        await type_lines(pilot, "The hub sees frail people twice a week [paramedic] #what:tech",
                         "d: Compare conveyance by IMD quintile")
        await send_keys(pilot, "ctrl+n")
        second_team = app.team_id
        await type_lines(pilot, "q: Is there a GP-level extract?")
        await send_keys(pilot, "ctrl+t")
        third_team = app.team_id
        await type_lines(pilot, "a: Ask for the register extract @grace by w4",
                         "! v: Which outcome first? | admissions 4 | waits 2")
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


async def test_entries_sent_with_no_pause_are_stored_once_and_intact_on_the_team_shown(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_to(pilot, "f3", LogScreen)
        first_team = app.team_id
        # Type-ahead: nothing waits for the app between these keys, Ctrl+N and a fixed typo
        # included; each must land where it was typed.
        await send_keys(pilot, "alpha", "enter", "beta", "enter", "gamma", "enter", "ctrl+n",
                        "delta", "enter", "ctrl+o", "epsilonn", "backspace", "enter")
        second_team = app.team_id
        assert second_team != first_team
        assert app.screen.here().team_name in context(app).splitlines()[0]  # type: ignore[attr-defined]
    assert texts(app, first_team) == ["alpha", "beta", "gamma"]
    assert texts(app, second_team) == ["delta", "epsilon"]
    epsilon = app.store.where(Note, team_id=second_team, text="epsilon")[0]
    assert epsilon.sharing == "programme"
    assert len(app.store.where(Note, workshop=3)) == 5


async def test_a_three_line_paste_makes_three_entries_and_says_so(open_app: OpenApp) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_to(pilot, "f3", LogScreen)
        await send_keys(pilot, "Heard: ")
        app.post_message(events.Paste("buses stop at six\nd: ask the council\nq: who pays?"))
        await settle(pilot)
        assert app.screen.query_one("#log-input", Input).value == ""
        said = [n.message for n in app._notifications]
        assert any("Pasted 3 lines" in str(m) for m in said)
    notes = sorted(app.store.where(Note, workshop=3), key=lambda n: n.created_at)
    assert [(n.kind, n.text) for n in notes] == [
        ("discussion", "Heard: buses stop at six"), ("decision", "ask the council"),
        ("question", "who pays?")]


async def test_a_line_with_a_problem_is_saved_as_typed_and_never_merged_with_the_next(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_to(pilot, "f3", LogScreen)
        await type_lines(pilot, "We co-design #how:co with patients",
                         "a: Ring the council due:soon", "Next thought")
        shown = "\n".join(rows(app))
        assert "⚠ Tag 'how:co' could be more than one of Ward's categories" in shown
        assert "neither a date" in shown
        assert app.screen.query_one("#log-input", Input).value == ""
    team = app.team_id
    assert texts(app, team) == ["We co-design #how:co with patients", "Next thought"]
    assert texts(app, team, Action) == ["Ring the council due:soon"]


async def test_sharing_key_makes_the_next_entries_internal(open_app: OpenApp) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_to(pilot, "f3", LogScreen)
        await send_keys(pilot, "ctrl+o", "ctrl+o")
        assert "sharing INTERNAL" in context(app)
        await type_lines(pilot, "Manager worried about capacity")
    note = app.store.where(Note, workshop=3)[0]
    assert note.sharing == "internal"


async def test_the_notes_header_shows_table_and_team_at_80_columns_with_a_long_block_title(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await press_to(pilot, "f3", LogScreen)
        here = screen.here()
        table_line, block_line = context(app).splitlines()
        assert here.team_name in table_line and here.cig_name[:15] in table_line
        assert len(table_line) <= 78 and len(block_line) <= 78
        assert block_line.startswith("Workshop 3")
        await pilot.resize_terminal(50, 24)
        await pilot.pause()
        table_line, block_line = context(app).splitlines()
        assert here.team_name[:10] in table_line and "(1/3)" in table_line
        assert block_line.endswith("…") and len(block_line) <= 48


async def test_deleted_entry_comes_back_with_undo(open_app: OpenApp) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_to(pilot, "f3", LogScreen)
        await type_lines(pilot, "First thought", "Second thought")
        await send_keys(pilot, "ctrl+l")
        assert isinstance(app.screen, TimelineScreen)
        await send_keys(pilot, "x")
        assert [n.text for n in app.store.where(Note, workshop=3)] == ["First thought"]
        await send_keys(pilot, "ctrl+z")
        assert {n.text for n in app.store.where(Note, workshop=3)} == {
            "First thought", "Second thought"}
        assert app.screen.query_one("#timeline-table").row_count == 2
        assert any("Undone: deleted 'Second thought'" in str(n.message)
                   for n in app._notifications)


async def test_timeline_changes_kind_and_sharing_and_edits_text_from_the_end(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_to(pilot, "f3", LogScreen)
        await type_lines(pilot, "We will start with routine data")
        await send_keys(pilot, "ctrl+l")
        await send_keys(pilot, "k")
        await send_keys(pilot, "s")
        await send_keys(pilot, "e")
        await send_keys(pilot, " only", "enter")  # the cursor starts at the end
    note = app.store.where(Note, workshop=3)[0]
    assert (note.kind, note.sharing, note.text) == (
        "decision", "programme", "We will start with routine data only")


async def test_kind_and_sharing_keys_pressed_quickly_each_take_a_step(open_app: OpenApp) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_to(pilot, "f3", LogScreen)
        await type_lines(pilot, "Routine data first")
        await send_keys(pilot, "ctrl+l")
        await send_keys(pilot, "k", "k", "k", "s", "s")  # before any of them is saved
    assert not app.store.where(Note, workshop=3)
    [action] = app.store.where(Action, workshop=3)
    assert (action.text, action.sharing) == ("Routine data first", "internal")


async def test_an_action_made_a_note_and_back_in_the_timeline_keeps_its_owner_and_due(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_to(pilot, "f3", LogScreen)
        await type_lines(pilot, "a: Book the room @sam by w4")
        await send_keys(pilot, "ctrl+l")
        await send_keys(pilot, "k")  # action -> note
        [note] = app.store.where(Note, workshop=3)
        assert not app.store.where(Action, workshop=3)
        await send_keys(pilot, "k", "k", "k")  # note -> decision -> question -> action
        [action] = app.store.where(Action, workshop=3)
    assert (action.id, action.text, action.due_workshop) == (note.id, "Book the room", 4)
    assert action.owner == "sam"  # no Sam at this table: the word as typed
    assert not app.store.where(Note, workshop=3)


async def test_editing_an_entry_down_to_nothing_keeps_the_dialog_open_with_the_reason(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_to(pilot, "f3", LogScreen)
        await type_lines(pilot, "Keep me")
        await send_keys(pilot, "ctrl+l")
        await send_keys(pilot, "e")
        await send_keys(pilot, "ctrl+u", "enter")
        assert "needs some text" in str(app.screen.query_one("#ask-hint").render())
        await send_keys(pilot, "Kept", "enter")
    assert [n.text for n in app.store.where(Note, workshop=3)] == ["Kept"]


async def test_search_reaches_earlier_workshops_and_other_teams(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_to(pilot, "f3", LogScreen)
        await send_keys(pilot, "ctrl+l")
        await send_keys(pilot, "/")
        await send_keys(pilot, "postcode", "enter")
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        teams = {programme.teams(app.store)[0].id}
        found = list(screen.entries.values())
        assert found and all(e.workshop in (1, 2) for e in found)
        assert {e.team_id for e in found} - teams
        await send_keys(pilot, "escape")
        assert not screen.query_text and isinstance(app.screen, TimelineScreen)
        await send_keys(pilot, "escape")
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


async def test_a_long_morning_scrolls_back_to_its_first_entry(open_app: OpenApp) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await press_to(pilot, "f3", LogScreen)
        listing = screen.query_one(LogList)

        def shown() -> list[str]:
            return [listing.render_line(y).text.strip() for y in range(listing.size.height)]

        listing.show([(f"k{n}", Text(f"entry {n}: " + "words " * (n % 30)))
                      for n in range(150)])
        await settle(pilot)
        assert any(line.startswith("entry 149:") for line in shown())
        listing.scroll_home(animate=False)
        await settle(pilot)
        assert shown()[0].startswith("entry 0:")
        assert shown()[1].startswith("entry 1:")
        listing.scroll_to(y=listing.max_scroll_y // 2, animate=False)
        await settle(pilot)
        numbers = [int(line.split(":")[0].split()[1]) for line in shown()
                   if line.startswith("entry ")]
        assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
