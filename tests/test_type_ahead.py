"""Type-ahead across a change of screen: keys typed before the new screen is up are handled
by the new screen, in the order they were typed, never by the screen just left.

A terminal delivers a burst all at once (see `send_keys`); a note-taker who knows the keys
types `Ctrl+L x` or `Esc Back again Enter` without looking up.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from conftest import OpenApp, press_to, send_keys, type_lines
from textual import events
from textual.widgets import Input, OptionList

from cigkit.model import Action, Note
from cigkit.services import filing, programme
from cigkit.services import team_checklist as tc
from cigkit.tui.screens.actions import ActionsScreen
from cigkit.tui.screens.checklist import ChecklistScreen
from cigkit.tui.screens.log import LogScreen
from cigkit.tui.screens.timeline import TimelineScreen


async def test_a_key_typed_after_ctrl_l_works_on_the_timeline_not_in_the_notes_box(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        notes = await press_to(pilot, "f3", LogScreen)
        await type_lines(pilot, "First thought", "Second thought")
        await send_keys(pilot, "ctrl+l", "x")  # the timeline opens on the newest entry
        assert isinstance(app.screen, TimelineScreen)
        assert notes.query_one("#log-input", Input).value == ""
    assert [n.text for n in app.store.where(Note, workshop=3)] == ["First thought"]


async def test_a_note_typed_straight_after_leaving_the_timeline_is_kept(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_to(pilot, "f3", LogScreen)
        await type_lines(pilot, "First thought")
        await send_keys(pilot, "ctrl+l")
        assert isinstance(app.screen, TimelineScreen)
        await send_keys(pilot, "escape", "Back again", "enter")
        assert isinstance(app.screen, LogScreen)
        assert app.screen.query_one("#log-input", Input).value == ""
    assert sorted(n.text for n in app.store.where(Note, workshop=3)) == [
        "Back again", "First thought"]


async def test_text_typed_straight_after_e_goes_into_the_edit_dialog(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_to(pilot, "f3", LogScreen)
        await type_lines(pilot, "Routine data")
        await send_keys(pilot, "ctrl+l")
        await send_keys(pilot, "e", " first", "enter")
    assert [n.text for n in app.store.where(Note, workshop=3)] == ["Routine data first"]


async def test_a_note_typed_straight_after_f3_from_the_clock_lands_in_the_notes(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await send_keys(pilot, "f3", "Straight in", "enter")
        assert isinstance(app.screen, LogScreen)
    assert [n.text for n in app.store.where(Note, workshop=3)] == ["Straight in"]


async def test_a_carry_typed_in_one_go_on_the_actions_review_is_saved_with_its_due(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.move_to_team(programme.find_team(app.store, "Heart Failure at Home").id)
        await send_keys(pilot, "f5", "c", "by w5", "enter")  # nobody waits for the screens
        assert isinstance(app.screen, ActionsScreen)
    oldest = sorted(app.store.where(Action, team_id=app.team_id), key=lambda a: a.workshop)[0]
    assert (oldest.status, oldest.due_workshop) == ("open", 5)


async def test_three_lines_pasted_into_the_edit_dialog_are_all_kept_on_one_line(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_to(pilot, "f3", LogScreen)
        await type_lines(pilot, "Heard:")
        await send_keys(pilot, "ctrl+l")
        await send_keys(pilot, "e")
        app.post_message(events.Paste(" buses stop at six\nthe clinic shuts at five\n"))
        await send_keys(pilot, "enter")
    assert [n.text for n in app.store.where(Note, workshop=3)] == [
        "Heard: buses stop at six the clinic shuts at five"]


async def test_the_timeline_opened_again_is_on_the_entry_just_typed(
    open_app: OpenApp, monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_to(pilot, "f3", LogScreen)
        await type_lines(pilot, "First thought", "Second thought")
        await send_keys(pilot, "ctrl+l", "up")  # the cursor left on the first
        await send_keys(pilot, "escape")
        file_line = filing.file_line

        def slow_disk(*args: Any, **kwargs: Any) -> Any:
            time.sleep(0.3)  # in the save's worker: the timeline opens before it is saved
            return file_line(*args, **kwargs)

        monkeypatch.setattr(filing, "file_line", slow_disk)
        await send_keys(pilot, "Typo in this one", "enter", "ctrl+l", "x")  # in one go
        assert sorted(n.text for n in app.store.where(Note, workshop=3)) == [
            "First thought", "Second thought"]
        await send_keys(pilot, "up", "e")  # a dialog opened and closed keeps the cursor where it is
        await send_keys(pilot, "escape", "x")
    assert [n.text for n in app.store.where(Note, workshop=3)] == ["Second thought"]


async def test_evidence_typed_straight_after_e_on_the_checklist_is_the_evidence(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        checklist = await press_to(pilot, "f4", ChecklistScreen)
        items = checklist.query_one("#checklist-items", OptionList)
        item = items.highlighted_option
        assert item is not None and item.id is not None
        before = tc.entry(app.store, app.team_id, item.id)  # type: ignore[arg-type]
        # "d" and "p" in the words are letters of the evidence, not Done and In progress.
        await send_keys(pilot, "e", "Drop-in data by postcode", "enter")
        entry = tc.entry(app.store, app.team_id, item.id)  # type: ignore[arg-type]
    assert entry is not None and entry.evidence == "Drop-in data by postcode"
    assert entry.status == (before.status if before else "not started")


async def test_an_owner_typed_straight_after_f_on_the_actions_review_filters_by_it(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await press_to(pilot, "f5", ActionsScreen)
        await send_keys(pilot, "f", "grace", "enter")
        owners = {row.action.owner for row in screen.rows.values()}
    assert owners == {"Grace Mensah"}


async def test_keys_typed_straight_after_enter_in_a_dialog_work_on_the_screen_below(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_to(pilot, "f3", LogScreen)
        await type_lines(pilot, "We start with routine data")
        await send_keys(pilot, "ctrl+l")
        await send_keys(pilot, "e", " only", "enter", "k")  # edit, then make it a decision
    [note] = app.store.where(Note, workshop=3)
    assert (note.kind, note.text) == ("decision", "We start with routine data only")


async def test_a_status_key_typed_straight_after_the_evidence_marks_the_item(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        checklist = await press_to(pilot, "f4", ChecklistScreen)
        item = checklist.query_one("#checklist-items", OptionList).highlighted_option
        assert item is not None and item.id is not None
        await send_keys(pilot, "e", "Extract requested", "enter", "d")
        entry = tc.entry(app.store, app.team_id, item.id)  # type: ignore[arg-type]
    assert entry is not None and (entry.evidence, entry.status) == ("Extract requested", "done")
