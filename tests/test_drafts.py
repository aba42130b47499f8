"""Unsent text survives a crash: the draft is on disk and offered back when the log reopens."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import send_keys, settle

from cigkit.model import Note
from cigkit.services import drafts
from cigkit.tui.app import make_app
from cigkit.tui.screens.log import LogScreen


def test_draft_is_replaced_atomically_and_cleared_when_empty(tmp_path: Path) -> None:
    path = drafts.save_draft(tmp_path, "laptop", drafts.Draft("half a sent", 3, "c", "t"))
    assert path == tmp_path / "drafts" / "laptop.json"
    assert json.loads(path.read_text())["text"] == "half a sent"
    assert not list(path.parent.glob(".*tmp"))
    loaded = drafts.load_draft(tmp_path, "laptop")
    assert loaded is not None and (loaded.workshop, loaded.team_id) == (3, "t")
    drafts.save_draft(tmp_path, "laptop", drafts.Draft("   "))
    assert not path.exists()
    assert drafts.load_draft(tmp_path, "laptop") is None


def test_damaged_draft_file_is_treated_as_no_draft(tmp_path: Path) -> None:
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "laptop.json").write_text('{"text": "trunc')
    assert drafts.load_draft(tmp_path, "laptop") is None


async def test_text_typed_before_a_crash_is_offered_back(
    demo_dir: Path, fake_clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(LogScreen, "DRAFT_PAUSE_S", 0.05)
    app = make_app(demo_dir, now=fake_clock, workshop=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await send_keys(pilot, "f3")
        await send_keys(pilot, "ctrl+n", "Public advisor says the clinic letters")
        team = app.team_id
        for _ in range(200):
            if drafts.load_draft(demo_dir, "test-laptop") is not None:
                break
            await pilot.pause(0.05)
        await app.workers.wait_for_complete()
        app.store.close()  # the laptop dies here: nothing was submitted

    reopened = make_app(demo_dir, now=fake_clock, workshop=3)
    async with reopened.run_test(size=(80, 24)) as pilot:
        await send_keys(pilot, "f3")
        box = reopened.screen.query_one("#log-input")
        assert box.value == "Public advisor says the clinic letters"
        assert reopened.team_id == team
        await send_keys(pilot, " arrive too late", "enter")
        await settle(pilot)
    saved = reopened.store.where(Note, workshop=3)
    assert [n.text for n in saved] == ["Public advisor says the clinic letters arrive too late"]
    assert saved[0].team_id == team
    assert drafts.load_draft(demo_dir, "test-laptop") is None
    reopened.store.close()


async def test_lines_entered_just_before_quitting_are_saved_and_the_box_is_kept(
    demo_dir: Path, fake_clock,
) -> None:
    app = make_app(demo_dir, now=fake_clock, workshop=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await send_keys(pilot, "f3")
        await send_keys(pilot, "First", "enter", "Second", "enter", "Half a thou", "ctrl+q")
    app.store.close()
    reopened = make_app(demo_dir, now=fake_clock, workshop=3)
    assert sorted(n.text for n in reopened.store.where(Note, workshop=3)) == ["First", "Second"]
    draft = drafts.load_draft(demo_dir, "test-laptop")
    assert draft is not None and (draft.text, draft.unsaved) == ("Half a thou", ())
    reopened.store.close()
