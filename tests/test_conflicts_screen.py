"""The conflicts screen: what two laptops changed at once, in words, settled in the app."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FakeClock, press_to, send_keys, settle
from textual.widgets import OptionList

from cigkit.cli import run
from cigkit.model import Action
from cigkit.services import devices, programme
from cigkit.store import Store
from cigkit.tui.app import make_app
from cigkit.tui.conflict_watch import CONFLICT_NOTICE
from cigkit.tui.screens.conflicts import ConflictsScreen


def owner_changed_on_two_laptops(folder: Path) -> str:
    """Table 1 gives an action to Sam while Table 2, not having seen it, gives it to Grace."""
    with Store.open(folder, device="table-1") as one, Store.open(folder, device="table-2") as two:
        devices.set_device_name(one, "Table 1")
        devices.set_device_name(two, "Table 2")
        team = programme.find_team(one, "Diabetes Foot Care")
        action = next(a for a in one.where(Action, team_id=team.id) if a.status == "open")
        theirs = two.get(Action, action.id)
        assert theirs is not None
        action.owner = "Sam Adeyemi"
        one.save(action)
        theirs.owner = "Owen Price"
        two.save(theirs)
        return action.id


async def test_a_conflict_settled_on_the_conflicts_screen_is_gone_from_cigkit_conflicts(
    demo_dir: Path, fake_clock: FakeClock, capsys: pytest.CaptureFixture[str],
) -> None:
    action_id = owner_changed_on_two_laptops(demo_dir)
    app = make_app(demo_dir, device="facilitator", now=fake_clock, workshop=3)
    kept = app.store.get(Action, action_id)
    assert kept is not None
    lost = "Sam Adeyemi" if kept.owner == "Owen Price" else "Owen Price"
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await press_to(pilot, "f10", ConflictsScreen)
            await settle(pilot)
            assert screen.query_one(OptionList).option_count == 1
            [line] = screen.lines()
            shown_by = "Table 2" if kept.owner == "Owen Price" else "Table 1"
            lost_by = "Table 1" if shown_by == "Table 2" else "Table 2"
            assert f": owner\nshown '{kept.owner}' (from {shown_by})\n" in line
            assert f"lost '{lost}' (from {lost_by})" in line
            await send_keys(pilot, "l")  # take the lost value
            await settle(pilot)
            assert screen.query_one(OptionList).option_count == 0
            taken = app.store.get(Action, action_id)
            assert taken is not None and taken.owner == lost
            await send_keys(pilot, "ctrl+z")  # the value shown before comes back
            back = app.store.get(Action, action_id)
            assert back is not None and back.owner == kept.owner
    finally:
        app.store.close()
    assert run(["--data", str(demo_dir), "conflicts"]) == 0
    assert "No conflicts" in capsys.readouterr().out


async def test_a_conflict_brought_by_the_poll_is_told_once(
    demo_dir: Path, fake_clock: FakeClock,
) -> None:
    app = make_app(demo_dir, device="facilitator", now=fake_clock, workshop=3)
    told: list[str] = []
    app.notify = lambda message, **_: told.append(str(message))  # type: ignore[method-assign]
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            app.poll_store()  # the first look: nothing to tell
            await settle(pilot)
            owner_changed_on_two_laptops(demo_dir)
            for _ in range(3):
                app.poll_store()
                await settle(pilot)
            assert told.count(CONFLICT_NOTICE) == 1
    finally:
        app.store.close()


async def test_a_conflict_from_laptops_with_no_name_says_where_to_name_them(
    demo_dir: Path, fake_clock: FakeClock,
) -> None:
    with Store.open(demo_dir, device="ab12cd34") as one, \
            Store.open(demo_dir, device="ef56ab78") as two:
        team = programme.find_team(one, "Crisis Cafe")
        action = next(a for a in one.where(Action, team_id=team.id) if a.status == "open")
        theirs = two.get(Action, action.id)
        assert theirs is not None
        action.owner, theirs.owner = "Sam Adeyemi", "Owen Price"
        one.save(action)
        two.save(theirs)
    app = make_app(demo_dir, device="facilitator", now=fake_clock, workshop=3)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await press_to(pilot, "f10", ConflictsScreen)
            await settle(pilot)
            [line] = screen.lines()
            assert "(from ab12cd34)" in line or "(from ef56ab78)" in line
            title = str(screen.query_one("#conflicts-title").render())
            assert "name each laptop on its Programme screen (F8, then d)" in title
    finally:
        app.store.close()


async def test_named_laptops_need_no_such_hint(demo_dir: Path, fake_clock: FakeClock) -> None:
    owner_changed_on_two_laptops(demo_dir)
    app = make_app(demo_dir, device="facilitator", now=fake_clock, workshop=3)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await press_to(pilot, "f10", ConflictsScreen)
            await settle(pilot)
            assert "Programme screen" not in str(screen.query_one("#conflicts-title").render())
    finally:
        app.store.close()
