"""Plans and checklists are parsed once per change of the file, not once per question."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from cigkit import locations
from cigkit.plans import PlanError, load_plan, load_plans
from cigkit.services import day
from cigkit.store import Store

PLAN = 'title = "Day {n}"\n\n[[blocks]]\ntitle = "Welcome"\nminutes = 10\nkind = "plenary"\n'


def _age(path: Path, seconds_ago: float) -> None:
    then = time.time() - seconds_ago
    os.utime(path, (then, then))


def test_opening_the_workshop_picker_parses_each_plan_once(
    demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parses: list[Path]
) -> None:
    shipped = tmp_path / "sessions"
    shutil.copytree(locations.SHIPPED_SESSIONS, shipped)
    for path in shipped.iterdir():
        _age(path, 60)
    monkeypatch.setattr(locations, "SHIPPED_SESSIONS", shipped)
    titles = [day.plan_title(demo_store, n) for n in range(1, 9)] * 3
    assert all(titles)
    names = sorted(p.name for p in parses)
    assert names == sorted({p.name for p in parses}), "a file was parsed twice"
    assert len([n for n in names if n.startswith("workshop-")]) == 8


def test_an_edited_plan_is_read_again(tmp_path: Path, parses: list[Path]) -> None:
    path = tmp_path / "workshop-01.toml"
    path.write_text(PLAN.format(n=1), encoding="utf-8")
    _age(path, 60)
    assert load_plan(path).title == "Day 1"
    assert load_plan(path).title == "Day 1"
    path.write_text(PLAN.format(n=2), encoding="utf-8")  # same size, new content
    _age(path, 30)
    assert load_plan(path).title == "Day 2"
    assert len(parses) == 2


def test_a_plan_saved_a_moment_ago_is_never_kept(tmp_path: Path, parses: list[Path]) -> None:
    """On FAT a second edit within the same two seconds keeps the same time stamp."""
    path = tmp_path / "workshop-01.toml"
    path.write_text(PLAN.format(n=1), encoding="utf-8")
    load_plan(path)
    load_plan(path)
    assert len(parses) == 2


def test_a_broken_plan_is_reported_every_time_but_parsed_once(
    tmp_path: Path, parses: list[Path]
) -> None:
    path = tmp_path / "workshop-01.toml"
    path.write_text('title = "x"\nminutes = 3\n', encoding="utf-8")
    _age(path, 60)
    for _ in range(3):
        found, errors = load_plans([tmp_path])
        assert found == {} and [str(e) for e in errors] == [
            f'{path}:2: unknown key "minutes" (a plan has: title, start, blocks)']
    with pytest.raises(PlanError, match="unknown key"):
        load_plan(path)
    assert len(parses) == 1


def test_plans_checked_against_another_checklist_are_checked_again(
    tmp_path: Path, parses: list[Path]
) -> None:
    path = tmp_path / "workshop-01.toml"
    path.write_text(PLAN.format(n=1).replace('kind = "plenary"',
                                             'kind = "plenary"\nchecklist = ["a"]'), "utf-8")
    _age(path, 60)
    assert load_plan(path, {"a"}).title == "Day 1"
    with pytest.raises(PlanError, match='unknown checklist item "a"'):
        load_plan(path, {"b"})
    assert len(parses) == 2
