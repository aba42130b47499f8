"""The picker's plan titles are remembered between launches, and never outlive a change: a
plan edited, broken, added or removed, or a checklist that a plan no longer passes, and the
titles are read from the files again."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from cigkit import checklist, filecache, locations
from cigkit.services import day
from cigkit.services.plan_titles import CACHE_FILE, plan_titles
from cigkit.store import Store

PLAN = ('title = "{title}"\n\n[[blocks]]\ntitle = "Welcome"\nminutes = 10\n'
        'kind = "plenary"\n{extra}')


def _age(path: Path, seconds_ago: float = 60) -> None:
    then = time.time() - seconds_ago
    os.utime(path, (then, then))


def _write_plan(store: Store, name: str, title: str, extra: str = "") -> Path:
    folder = locations.user_plans_dir(store.data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.toml"
    path.write_text(PLAN.format(title=title, extra=extra), encoding="utf-8")
    _age(path)
    return path


@pytest.fixture
def parses(parses: list[Path], monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every plan or checklist parsed, as a new launch would (nothing kept in memory)."""
    monkeypatch.setattr(filecache, "_cache", {})
    return parses


def _next_launch(parses: list[Path]) -> None:
    filecache._cache.clear()
    parses.clear()


def _titles_from_files(store: Store) -> dict[str, str]:
    found, _ = day.plans(store)
    return {name: plan.title for name, plan in found.items()}


def test_the_second_launch_shows_the_same_titles_without_parsing_a_plan(
        demo_dir: Path, parses: list[Path]) -> None:
    with Store.open(demo_dir) as store:
        _write_plan(store, "workshop-03", "Our own day three")
        first = plan_titles(store)
        assert parses  # the first launch reads them
        assert first["workshop-03"] == "Our own day three"
        _next_launch(parses)
        assert plan_titles(store) == first == _titles_from_files(store)
        assert parses[1:]  # (reading them to compare above parsed again)
        _next_launch(parses)
        plan_titles(store)
        assert parses == []


def test_an_edited_plan_is_read_again(demo_dir: Path, parses: list[Path]) -> None:
    with Store.open(demo_dir) as store:
        _write_plan(store, "workshop-03", "Before")
        assert plan_titles(store)["workshop-03"] == "Before"
        _next_launch(parses)
        _write_plan(store, "workshop-03", "After, a longer title")
        assert plan_titles(store)["workshop-03"] == "After, a longer title"
        assert any(path.name == "workshop-03.toml" for path in parses)


def test_a_plan_edited_just_now_is_never_remembered(demo_dir: Path, parses: list[Path]) -> None:
    """An edit within the file system's time resolution could keep size and time: a file
    changed in the last two seconds is always read."""
    with Store.open(demo_dir) as store:
        path = _write_plan(store, "workshop-03", "Fresh")
        os.utime(path, None)  # changed just now
        assert plan_titles(store)["workshop-03"] == "Fresh"
        _next_launch(parses)
        plan_titles(store)
        assert any(p.name == "workshop-03.toml" for p in parses)


def test_a_broken_added_or_removed_plan_changes_the_titles(
        demo_dir: Path, parses: list[Path]) -> None:
    with Store.open(demo_dir) as store:
        _write_plan(store, "workshop-03", "Fine")
        assert "workshop-03" in plan_titles(store)
        _next_launch(parses)
        _write_plan(store, "workshop-03", "Broken", extra='minutes = "ten"\n')
        assert "workshop-03" not in plan_titles(store)  # the picker shows its name instead
        extra = _write_plan(store, "extra-day", "An extra day")
        assert plan_titles(store)["extra-day"] == "An extra day"
        extra.unlink()
        assert "extra-day" not in plan_titles(store)
        assert plan_titles(store) == _titles_from_files(store)


def test_a_checklist_a_plan_no_longer_passes_is_seen(
        demo_dir: Path, parses: list[Path]) -> None:
    with Store.open(demo_dir) as store:
        ours = locations.checklist_path(store.data_dir)
        ids = checklist.load_checklist(ours).ids
        _write_plan(store, "workshop-03", "Checked",
                    extra=f'checklist = ["{sorted(ids)[0]}"]\n')
        assert "workshop-03" in plan_titles(store)
        _next_launch(parses)
        own = store.data_dir / "checklist.toml"  # the facilitator's own, without that item
        text = ours.read_text(encoding="utf-8")
        shutil.copy(ours, own)
        _age(own)
        assert "workshop-03" in plan_titles(store)  # same items: still passes
        own.write_text(text.replace(f'"{sorted(ids)[0]}"', '"renamed-item"'), encoding="utf-8")
        _age(own)
        assert plan_titles(store) == _titles_from_files(store)
        assert "workshop-03" not in plan_titles(store)


def test_a_damaged_or_unwritable_cache_is_no_cache(demo_dir: Path, parses: list[Path]) -> None:
    with Store.open(demo_dir) as store:
        expected = _titles_from_files(store)
        cache = locations.cache_dir() / CACHE_FILE
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text('{"version": 1, "folders": {"' + str(store.data_dir)
                         + '": {"sources": 3, "titles": [1]}}', encoding="utf-8")
        assert plan_titles(store) == expected
        cache.write_bytes(b"\xff\x00 not json")
        assert plan_titles(store) == expected
        cache.unlink()
        cache.mkdir()  # a folder where the file should be: cannot be written
        assert plan_titles(store) == expected
        assert plan_titles(store) == expected
