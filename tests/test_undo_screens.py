"""A morning of changes on every screen, then Ctrl+Z from the clock takes them back one by one;
and a team picked on one screen is the team every other screen works on."""

from __future__ import annotations

from typing import Any

from conftest import OpenApp, press_to, send_keys, type_lines
from textual.widgets import Input, OptionList

from cigkit.model import Action, Attendance, Note
from cigkit.services import programme
from cigkit.services import team_checklist as tc
from cigkit.tui.app import CigkitApp
from cigkit.tui.screens.actions import ActionsScreen
from cigkit.tui.screens.attendance import AttendanceScreen
from cigkit.tui.screens.checklist import ChecklistScreen
from cigkit.tui.screens.checklist_dialogs import PassportForm
from cigkit.tui.screens.log import LogScreen
from cigkit.tui.screens.run import RunScreen


def said(app: CigkitApp) -> str:
    return str(list(app._notifications)[-1].message)


async def highlight(pilot: Any, screen: ChecklistScreen, item_id: str) -> None:
    listing = screen.query_one("#checklist-items", OptionList)
    while listing.highlighted_option is None or listing.highlighted_option.id != item_id:
        await pilot.press("down")
    await pilot.pause()


async def test_undo_from_the_clock_takes_back_each_kind_of_change_made_on_other_screens(
    open_app: OpenApp,
) -> None:
    app = open_app()
    store = app.store
    async with app.run_test(size=(80, 24)) as pilot:
        team = programme.find_team(store, "Diabetes Foot Care")
        app.move_to_team(team.id)
        # Notes: an entry made, then edited, made a decision and shared, in the timeline.
        await press_to(pilot, "f3", LogScreen)
        await type_lines(pilot, "Podiatry waits are long", "Letters go astray")
        await send_keys(pilot, "ctrl+l")
        await send_keys(pilot, "up", "e")
        await send_keys(pilot, " in winter", "enter")
        await send_keys(pilot, "k")
        await send_keys(pilot, "s")
        await send_keys(pilot, "down", "x")
        # Checklist: a status, evidence and the value passport.
        checklist = await press_to(pilot, "f4", ChecklistScreen)
        await highlight(pilot, checklist, "design-outcomes")
        await send_keys(pilot, "p")
        await send_keys(pilot, "e")
        await send_keys(pilot, "Outcomes by IMD", "enter")
        await send_keys(pilot, "r")
        assert isinstance(app.screen, PassportForm)
        for score in "453423":
            await pilot.press(score, "enter")
        await send_keys(pilot, "Lively", "enter")
        # Actions: done, owner, due, carried on, dropped.
        actions = await press_to(pilot, "f5", ActionsScreen)
        logic, room = [row.action.id for row in actions.rows.values()]
        room_due = actions.rows[room].action.due
        await send_keys(pilot, "a")
        await send_keys(pilot, "ctrl+u", "Owen Price", "enter")
        await send_keys(pilot, "w")
        await send_keys(pilot, "ctrl+u", "by w5", "enter")
        await send_keys(pilot, "d")  # after: a done action's due date cannot change
        await send_keys(pilot, "down", "c")
        await send_keys(pilot, "2026-12-01", "enter")
        await send_keys(pilot, "x")
        await send_keys(pilot, "no longer needed", "enter")
        # Attendance, from the clock.
        await press_to(pilot, "f2", RunScreen)
        attendance_screen = await press_to(pilot, "a", AttendanceScreen)
        assert attendance_screen.team_id == team.id
        await send_keys(pilot, "enter")
        await send_keys(pilot, "space")
        assert len(store.where(Attendance, workshop=3, team_id=team.id)) == 1
        await press_to(pilot, "f2", RunScreen)

        async def undo(expected: str) -> None:
            await send_keys(pilot, "ctrl+z")
            assert said(app).startswith(f"Undone: {expected}"), said(app)

        await undo("ticked Dr Ruth Hale here")
        assert not store.where(Attendance, workshop=3, team_id=team.id)
        await undo("dropped 'Book a room")
        await undo("carried on 'Book a room")
        book = store.get(Action, room)
        assert book is not None and (book.status, book.due) == ("open", room_due)
        assert [step["status"] for step in book.history][-2:] == ["open", "open"]
        await undo("marked 'Draft the logic")
        await undo("set 'Draft the logic")
        await undo("gave 'Draft the logic")
        draft = store.get(Action, logic)
        assert draft is not None
        assert (draft.status, draft.owner, draft.due_workshop) == ("open", "Grace Mensah", 3)
        await undo("the value passport of Diabetes Foot Care")
        assert not tc.passport_ratings(store, team.id, 3)
        await undo("the evidence of 'Have we chosen longer-term outcomes")
        await undo("'Have we chosen longer-term outcomes tha…' for Diabetes Foot Care: "
                   "in progress")
        entry = tc.entry(store, team.id, "design-outcomes")
        assert entry is not None and (entry.status, entry.evidence) == ("not started", "")
        await undo("deleted 'Letters go astray'")
        await undo("shared 'Podiatry waits are long in")
        await undo("made 'Podiatry waits are long in")
        await undo("edited 'Podiatry waits are long'")
        notes = {n.text: n for n in store.where(Note, workshop=3, team_id=team.id)}
        assert set(notes) == {"Podiatry waits are long", "Letters go astray"}
        first = notes["Podiatry waits are long"]
        assert (first.kind, first.sharing) == ("discussion", "team")
        await undo("typed 'Letters go astray'")
        await undo("typed 'Podiatry waits are long'")
        assert not store.where(Note, workshop=3, team_id=team.id)
        await send_keys(pilot, "ctrl+z")
        assert said(app).startswith("Nothing to undo")


async def test_a_team_picked_on_the_checklist_is_the_team_notes_are_saved_to(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        notes = await press_to(pilot, "f3", LogScreen)
        first = notes.here()
        await press_to(pilot, "f4", ChecklistScreen)
        for _ in range(3):  # past the end of the first table, into the next one
            await send_keys(pilot, "]")
        chosen = app.team_id
        team = programme.find_team(app.store, "Diabetes Foot Care")
        assert chosen == team.id and team.cig_id != first.cig.id  # type: ignore[union-attr]
        assert "Diabetes Foot Care" in str(app.screen.query_one("#checklist-title").render())
        await press_to(pilot, "f3", LogScreen)
        header = str(notes.query_one("#log-context").render()).splitlines()[0]
        assert "Diabetes Foot Care" in header and "Long-term conditions" in header
        await type_lines(pilot, "Said at the foot care table")
        actions = await press_to(pilot, "f5", ActionsScreen)
        assert "Diabetes Foot Care" in str(actions.query_one("#actions-context").render())
        await press_to(pilot, "f2", RunScreen)
        attendance_screen = await press_to(pilot, "a", AttendanceScreen)
        teams = attendance_screen.query_one("#attendance-teams", OptionList)
        assert teams.highlighted_option is not None and teams.highlighted_option.id == team.id
    [note] = app.store.where(Note, workshop=3)
    assert note.team_id == team.id


async def test_ctrl_z_in_a_dialog_says_it_works_once_the_dialog_is_closed_and_keeps_the_text(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_to(pilot, "f3", LogScreen)
        await type_lines(pilot, "Podiatry waits are long")
        await send_keys(pilot, "ctrl+l")
        await send_keys(pilot, "e")
        await send_keys(pilot, " in winter", "ctrl+z")
        assert app.screen.is_modal
        assert "once this dialog is closed" in said(app)
        assert app.screen.query_one("#ask-input", Input).value == (
            "Podiatry waits are long in winter")
        assert [n.text for n in app.store.where(Note, workshop=3)] == [
            "Podiatry waits are long"]
        await send_keys(pilot, "escape", "ctrl+z")  # closed: now it undoes the typing
        assert said(app).startswith("Undone: typed 'Podiatry waits are long'")
    assert not app.store.where(Note, workshop=3)
