"""The disk fills up mid-workshop: every line typed is shown unsaved, kept, and saved on retry."""

from __future__ import annotations

import errno
import os
from typing import Any

import pytest
from conftest import OpenApp, press_to, send_keys, type_lines
from textual.widgets import Input

from cigkit.model import Note
from cigkit.services import drafts
from cigkit.store import journal
from cigkit.tui.screens.log import LogScreen
from cigkit.tui.widgets.log_list import LogList


class FullDisk:
    """The os module as the journal sees it when the disk is full: every write fails."""

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)

    @staticmethod
    def write(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


async def test_lines_typed_while_the_disk_is_full_survive_to_a_successful_retry(
    open_app: OpenApp, monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_to(pilot, "f3", LogScreen)
        box = app.screen.query_one("#log-input", Input)
        monkeypatch.setattr(journal, "os", FullDisk())
        await type_lines(pilot, "Transport is the barrier", "d: Ask the council", "Third point")
        shown = app.screen.query_one(LogList).lines()
        assert not any("✓ saved" in row for row in shown)
        failures = [row for row in shown if row.startswith("✗ not saved:")]
        assert len(failures) == 3 and all("the disk is full" in r for r in failures)
        # The first came back into the empty box; the others wait on their rows for Ctrl+R.
        assert box.value == "Transport is the barrier"
        assert "d: Ask the council   Ctrl+R saves it again" in "\n".join(shown)
        draft = drafts.load_draft(app.store.data_dir, app.store.device)
        assert draft is not None and draft.text == "Transport is the barrier"
        assert [line.text for line in draft.unsaved] == ["d: Ask the council", "Third point"]
        assert not app.store.where(Note, workshop=3)

        monkeypatch.undo()  # space is freed
        await send_keys(pilot, "ctrl+r")
        await send_keys(pilot, "enter")
        shown = app.screen.query_one(LogList).lines()
        assert sum("✓ saved" in row for row in shown) == 3
        assert not any("not saved" in row for row in shown)
    notes = app.store.where(Note, workshop=3)
    assert sorted(n.text for n in notes) == [
        "Ask the council", "Third point", "Transport is the barrier"]
    assert {n.kind for n in notes if n.text == "Ask the council"} == {"decision"}
    assert drafts.load_draft(app.store.data_dir, app.store.device) is None


async def test_a_line_given_back_after_a_failed_save_is_never_merged_with_the_next_one_typed(
    open_app: OpenApp, monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_to(pilot, "f3", LogScreen)
        box = app.screen.query_one("#log-input", Input)
        monkeypatch.setattr(journal, "os", FullDisk())
        await type_lines(pilot, "Transport is the barrier")
        assert box.value == "Transport is the barrier"  # back in the box
        # The note-taker does not look up and types the next point: the failed line steps
        # aside onto its row (Ctrl+R) instead of having the next words run on after it.
        await type_lines(pilot, "Buses stop at six")
        shown = "\n".join(app.screen.query_one(LogList).lines())
        assert "Transport is the barrier   Ctrl+R saves it again" in shown
        assert "barrierBuses" not in shown and "barrier Buses" not in shown
        assert box.value == "Buses stop at six"
        draft = drafts.load_draft(app.store.data_dir, app.store.device)
        assert draft is not None and draft.text == "Buses stop at six"
        assert [line.text for line in draft.unsaved] == ["Transport is the barrier"]

        monkeypatch.undo()
        await send_keys(pilot, "ctrl+r")
        await send_keys(pilot, "enter")
    assert sorted(n.text for n in app.store.where(Note, workshop=3)) == [
        "Buses stop at six", "Transport is the barrier"]


async def test_a_line_given_back_can_be_changed_before_enter_saves_it(
    open_app: OpenApp, monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_to(pilot, "f3", LogScreen)
        monkeypatch.setattr(journal, "os", FullDisk())
        await type_lines(pilot, "Transport is the barier")
        monkeypatch.undo()
        await send_keys(pilot, "left", "left", "left", "r", "end", "!", "enter")  # edits it
    assert [n.text for n in app.store.where(Note, workshop=3)] == ["Transport is the barrier!"]
