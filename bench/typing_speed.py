"""Benchmark: typing notes into the app on a full programme, against a bare Textual input.

Builds the full programme of `bench/programme.py` (30 teams at 5 tables, 8 workshops, 50
entries per team per workshop: 12,000 entries, with attendance, checklists and passports,
saved through the store's API) in a temp folder, opens the real app on it (`make_app`,
notes screen, 80x24) and, through Pilot, types and submits 200 notes with a random 0-17 ms
pause between keys (while they save), then 20 entries with no pause at all; switches team
30 times and table 10 times; opens the timeline 10 times. A bare Textual app with one
`Input`, saving each line with an fsync in a thread, is typed the same keys in the same run
as the baseline.

A key's echo is the time from the key arriving to the screen refreshed with it in the box.
The last line is `RESULT max_echo_ms=<x> p50_echo_ms=<y> bare_max_echo_ms=<z>
switch_team_p50_ms=<a> switch_team_max_ms=<b> timeline_p50_ms=<c>`.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import asyncio  # noqa: E402
import gc  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from programme import CIGS, DEVICE, ENTRIES, TEAMS, WORKSHOPS, build  # noqa: E402
from textual import events, work  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.widgets import Input  # noqa: E402

from cigkit.model import Action, Note  # noqa: E402
from cigkit.tui.app import make_app  # noqa: E402
from cigkit.tui.screens.log import LogScreen  # noqa: E402
from cigkit.tui.screens.timeline import TimelineScreen  # noqa: E402

NOTES, BURST, TEAM_SWITCHES, TABLE_SWITCHES, TIMELINES = 200, 20, 30, 10, 10
PAUSE_MS = 17
WORDS = ("transport", "letters", "clinic", "waits", "public", "advisor", "data", "postcode",
         "uptake", "deprivation", "carers", "outcome", "referral", "pharmacy", "evening")


def note_keys(rng: random.Random, n: int) -> list[str]:
    """The text of note n as typed: a few words, sometimes a prefix."""
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 6)))
    prefix = rng.choice(("", "", "", "d: ", "q: "))
    return list(f"{prefix}note {n} {words}")


def key_event(char: str) -> events.Key:
    if char == " ":
        return events.Key("space", " ")
    if char == ":":
        return events.Key("colon", ":")
    return events.Key(char, char)


class Echoes:
    """Times from a key being sent to the screen refreshed with it in the box."""

    def __init__(self, app: App[Any], box: Input) -> None:
        self.app = app
        self.sent: list[float] = []
        self.times: list[float] = []
        self._length = 0
        box.watch(box, "value", self._changed, init=False)

    def send(self, char: str) -> None:
        self.sent.append(time.perf_counter())
        self.app.post_message(key_event(char))

    def _changed(self, value: str) -> None:
        grown = len(value) - self._length
        self._length = len(value)
        if grown <= 0 or not self.sent:
            self.sent.clear()
            return
        echoed = self.sent[-grown:]
        del self.sent[-grown:]
        self.app.call_after_refresh(self._painted, echoed)

    def _painted(self, echoed: list[float]) -> None:
        now = time.perf_counter()
        self.times.extend((now - sent) * 1000 for sent in echoed)


async def after_refresh(app: App[Any]) -> None:
    done = asyncio.get_running_loop().create_future()
    app.call_after_refresh(done.set_result, None)
    await done


async def until(test: Callable[[], bool], limit_s: float = 30) -> None:
    """Yield to the app until `test()` holds (the bench gives up after `limit_s`)."""
    deadline = time.perf_counter() + limit_s
    while not test():
        if time.perf_counter() > deadline:
            raise RuntimeError("the app did not get there in time")
        await asyncio.sleep(0)


async def type_notes(app: App[Any], echoes: Echoes, rng: random.Random, count: int,
                     between: Callable[[int], Any] | None = None) -> None:
    for n in range(count):
        for char in note_keys(rng, n):
            echoes.send(char)
            await asyncio.sleep(rng.uniform(0, PAUSE_MS / 1000))
        app.post_message(events.Key("enter", "\r"))
        await asyncio.sleep(rng.uniform(0, PAUSE_MS / 1000))
        if between is not None:
            await between(n)


# -- the bare baseline ---------------------------------------------------------------------


class BareApp(App[None]):
    """One Input; each line is appended to a file and fsynced in a worker thread."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.saved = 0

    def compose(self) -> ComposeResult:
        yield Input(id="box")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.input.value = ""
        self.save_line(event.value)

    @work(thread=True)
    def save_line(self, line: str) -> None:
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, (line + "\n").encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        self.saved += 1


async def bare_run(folder: Path) -> list[float]:
    app = BareApp(folder / "bare.txt")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        box = app.query_one(Input)
        echoes = Echoes(app, box)
        await type_notes(app, echoes, random.Random(1), NOTES)
        await until(lambda: app.saved >= NOTES)
    return echoes.times


# -- the app -------------------------------------------------------------------------------


async def app_run(data: Path) -> dict[str, Any]:
    app = make_app(data, device=DEVICE, workshop=3)
    result: dict[str, Any] = {"team": [], "table": [], "timeline": []}
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("f3")
            await until(lambda: isinstance(app.screen, LogScreen))
            screen = app.screen
            assert isinstance(screen, LogScreen)
            await pilot.pause()
            echoes = Echoes(app, screen.input)

            async def switch(key: str, into: str) -> None:
                before = app.place
                started = time.perf_counter()
                app.post_message(events.Key(key, None))
                await until(lambda: app.place != before)
                await after_refresh(app)
                result[into].append((time.perf_counter() - started) * 1000)

            async def every_twentieth(n: int) -> None:
                if n % 20 == 19:
                    await switch("ctrl+n", "team")

            notes_before = len(app.store.all(Note)) + len(app.store.all(Action))
            await type_notes(app, echoes, random.Random(1), NOTES, every_twentieth)
            await app.workers.wait_for_complete()
            result["echo"] = echoes.times

            burst = [f"burst entry {n} typed ahead" for n in range(BURST)]
            for line in burst:
                for char in line:
                    app.post_message(key_event(char))
                app.post_message(events.Key("enter", "\r"))
            store = app.store

            def stored() -> int:
                return len(store.all(Note)) + len(store.all(Action)) - notes_before

            while stored() < NOTES + BURST:
                await asyncio.sleep(0.05)
            await app.workers.wait_for_complete()
            kept = {n.text for n in store.where(Note, workshop=3)}
            result["burst_intact"] = sum(line in kept for line in burst)
            result["stored"] = stored()

            for _ in range(TEAM_SWITCHES - len(result["team"])):
                await switch("ctrl+n", "team")
                await pilot.pause(0.05)
            for _ in range(TABLE_SWITCHES):
                await switch("ctrl+t", "table")
                await pilot.pause(0.05)
            for _ in range(TIMELINES):
                started = time.perf_counter()
                app.post_message(events.Key("ctrl+l", None))
                await until(lambda: isinstance(app.screen, TimelineScreen)
                            and app.screen.is_mounted)
                await after_refresh(app)
                result["timeline"].append((time.perf_counter() - started) * 1000)
                app.post_message(events.Key("escape", None))
                await until(lambda: isinstance(app.screen, LogScreen))
                await pilot.pause(0.05)
    finally:
        app.store.close()
    return result


def p50(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        gc.collect()
        bare = asyncio.run(bare_run(root))
        started = time.perf_counter()
        records = build(root / "data")
        built_s = time.perf_counter() - started
        gc.collect()
        run = asyncio.run(app_run(root / "data"))
    echo, team, table, timeline = run["echo"], run["team"], run["table"], run["timeline"]
    print(f"programme: {records} records ({TEAMS} teams at {CIGS} tables, {WORKSHOPS} "
          f"workshops, {ENTRIES} entries per team per workshop), built in {built_s:.1f} s")
    print(f"typed: {NOTES} notes ({len(echo)} keys echoed; bare app {len(bare)}), then "
          f"{BURST} with no pause: {run['burst_intact']}/{BURST} stored intact; "
          f"{run['stored']} entries stored in all (expected {NOTES + BURST})")
    print(f"key echo  app: p50 {p50(echo):.1f} ms, p99 {sorted(echo)[int(len(echo) * .99)]:.1f}"
          f" ms, max {max(echo):.1f} ms | bare Input: p50 {p50(bare):.1f} ms, max "
          f"{max(bare):.1f} ms | ratio app/bare: p50 {p50(echo) / p50(bare):.2f}, "
          f"max {max(echo) / max(bare):.2f}")
    print(f"switch team ({len(team)}): p50 {p50(team):.1f} ms, max {max(team):.1f} ms; "
          f"table ({len(table)}): p50 {p50(table):.1f} ms, max {max(table):.1f} ms; "
          f"ratio team p50 / bare echo p50: {p50(team) / p50(bare):.1f}")
    print(f"timeline ({len(timeline)}): p50 {p50(timeline):.1f} ms, max {max(timeline):.1f} ms")
    print(f"RESULT max_echo_ms={max(echo):.1f} p50_echo_ms={p50(echo):.1f} "
          f"bare_max_echo_ms={max(bare):.1f} switch_team_p50_ms={p50(team):.1f} "
          f"switch_team_max_ms={max(team):.1f} timeline_p50_ms={p50(timeline):.1f}")


if __name__ == "__main__":
    main()
