"""Shared fixtures: a demo programme in a temp folder, a fake clock, and the app factory."""

from __future__ import annotations

import os
import shutil
import unicodedata
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import settings
from textual import events
from textual.pilot import Pilot
from textual.screen import Screen

from cigkit.services.demo import create_demo
from cigkit.store import Store
from cigkit.tui.app import CigkitApp, make_app

# Machines here are noisy: no per-example deadline. In CI the examples are derived from the
# test itself (derandomize), so a run is repeatable; locally they vary and find more.
settings.register_profile("cigkit", deadline=None, derandomize=bool(os.environ.get("CI")))
settings.load_profile("cigkit")

DEVICE = "test-laptop"
DEMO_MORNING = datetime(2026, 11, 24, 9, 25).astimezone()
"""09:25 on the demo's workshop 3 day: the demo the tests share is built around it."""
_DEMO_CACHE: dict[str, Path] = {}


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the real per-user folders or depends on the developer's environment."""
    monkeypatch.setenv("CIGKIT_DEVICE", DEVICE)
    monkeypatch.delenv("CIGKIT_DATA", raising=False)
    monkeypatch.delenv("CIGKIT_USER", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data folder path (not yet created)."""
    return tmp_path / "data"


@pytest.fixture
def demo_dir(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    """A data folder holding the demo programme (built once per run, copied per test)."""
    if "demo" not in _DEMO_CACHE:
        base = tmp_path_factory.mktemp("demo-master") / "data"
        with Store.open(base, device=DEVICE) as store:
            # The morning of workshop 3, before its clock starts (see `fake_clock`).
            create_demo(store, now=DEMO_MORNING, live=False)
        _DEMO_CACHE["demo"] = base
    target = tmp_path / "demo"
    shutil.copytree(_DEMO_CACHE["demo"], target)
    for lock in (target / "locks").glob("*"):
        lock.unlink()
    return target


@pytest.fixture
def demo_store(demo_dir: Path) -> Iterator[Store]:
    with Store.open(demo_dir, device=DEVICE) as store:
        yield store


class FakeClock:
    """A wall clock a test moves by hand; the app and services read it as `now()`."""

    def __init__(self, start: datetime) -> None:
        self.moment = start

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **kwargs: float) -> None:
        self.moment += timedelta(**kwargs)


@pytest.fixture
def fake_clock() -> FakeClock:
    """09:25 local time on the demo's workshop 3 day (2026-11-24)."""
    return FakeClock(DEMO_MORNING)


OpenApp = Callable[..., CigkitApp]


@pytest.fixture
def open_app(demo_dir: Path, fake_clock: FakeClock) -> Iterator[OpenApp]:
    """The app on the demo at workshop 3 (or the one asked for); its store closes after the test.

    Use it as `app = open_app()` then `async with app.run_test(size=(80, 24)) as pilot:`.
    """
    apps: list[CigkitApp] = []

    def open_one(workshop: int | None = 3) -> CigkitApp:
        app = make_app(demo_dir, now=fake_clock, workshop=workshop)
        apps.append(app)
        return app

    yield open_one
    for app in apps:
        app.store.close()


async def settle(pilot: Pilot[Any]) -> None:
    """Let queued keys be handled and background saves finish, then let what they changed
    show on screen (a save's answer may start a draft write, so look twice)."""
    for _ in range(2):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()


_KEY_NAMES = {"solidus": "slash", "reverse_solidus": "backslash", "commercial_at": "at",
              "hyphen_minus": "minus", "plus_sign": "plus", "low_line": "underscore"}


def _key_name(character: str) -> str:
    """The key Textual reports for a character: 'a', 'space', 'colon', 'slash'..."""
    if character.isalnum():
        return character
    name = unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
    return _KEY_NAMES.get(name, name)


def typed(text: str) -> list[events.Key]:
    """Key events for text as typed."""
    return [events.Key(_key_name(c), c) for c in text]


KEY_NAMES = {"enter", "escape", "tab", "backspace", "delete", "up", "down", "left", "right",
             "home", "end", "space"}


def is_key_name(text: str) -> bool:
    """'enter', 'space', 'ctrl+n', 'f3'... (any other text stands for its characters)."""
    return text in KEY_NAMES or text.startswith("ctrl+") or (
        len(text) > 1 and text[0] == "f" and text[1:].isdigit())


def key(name: str) -> events.Key:
    """A named key such as 'enter' or 'ctrl+n'."""
    return events.Key(name, {"enter": "\r", "space": " ", "tab": "\t"}.get(name))


async def send_keys(pilot: Pilot[Any], *keys: str | events.Key) -> None:
    """Keys as a terminal delivers type-ahead: all at once, with nobody waiting for the app
    between them (a key name such as 'enter' or 'ctrl+n' is that key; any other text stands
    for its characters)."""
    for item in keys:
        if isinstance(item, events.Key):
            pilot.app.post_message(item)
        elif is_key_name(item):
            pilot.app.post_message(key(item))
        else:
            for event in typed(item):
                pilot.app.post_message(event)
    await settle(pilot)


async def type_lines(pilot: Pilot[Any], *lines: str) -> None:
    """Each line and Enter, all sent at once."""
    keys: list[str] = []
    for line in lines:
        keys += [line, "enter"]
    await send_keys(pilot, *keys)


ScreenT = TypeVar("ScreenT", bound=Screen[Any])


async def press_to(pilot: Pilot[Any], key: str, expected: type[ScreenT]) -> ScreenT:
    """Press a key that opens a screen, and return that screen (failing if another opened)."""
    await pilot.press(key)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, expected), f"{key} opened {type(screen).__name__}"
    return screen


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every plan or checklist actually parsed, in order."""
    from cigkit import checklist, plans

    seen: list[Path] = []
    read_plan, read_checklist = plans._read_plan, checklist._read_checklist

    def counting_plan(path: Path, ids: set[str] | None) -> plans.Plan:
        seen.append(path)
        return read_plan(path, ids)

    def counting_checklist(path: Path) -> checklist.Checklist:
        seen.append(path)
        return read_checklist(path)

    monkeypatch.setattr(plans, "_read_plan", counting_plan)
    monkeypatch.setattr(checklist, "_read_checklist", counting_checklist)
    return seen
