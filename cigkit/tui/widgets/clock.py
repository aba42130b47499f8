"""The big block clock: `Digits` (or, for the projector, `BigDigits` scaled to the terminal)
redrawn from `set_interval`, each time computed afresh.

The widget never counts by itself: every tick asks its owner for a `ClockState` (replayed
from the recorded events by `cigkit.clock`), so it cannot drift and survives a restart.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Digits, Label

from ...clock import ClockState, bell_due, format_clock
from .big_digits import BigDigits

ReadClock = Callable[[], ClockState | None]
TICK_SECONDS = 0.25


def clock_text(state: ClockState | None) -> str:
    """What the digits show: time left, `+` overrun, or the block's length before it starts."""
    if state is None or state.finished:
        return "0:00"
    if not state.started:
        return format_clock(state.planned_s)
    return format_clock(state.remaining_s)


def clock_words(state: ClockState | None) -> str:
    """The state in words, so nobody has to rely on the colour."""
    if state is None:
        return "no clock"
    return state.status_words.upper()


class ClockFace(Vertical):
    """Big digits and the clock's state in words; rings the bell at the warning and at zero."""

    DEFAULT_CSS = """
    ClockFace { height: auto; width: auto; min-width: 28; padding: 0 1; }
    ClockFace Digits { width: auto; }
    ClockFace #clock-words { width: 100%; text-style: bold; }
    ClockFace.-warning #clock-digits, ClockFace.-warning #clock-words { color: $warning; }
    ClockFace.-overrun #clock-digits, ClockFace.-overrun #clock-words { color: $error; }
    ClockFace.-paused #clock-digits { text-style: dim; }
    """

    class Ticked(Message):
        """What the clock shows changed (a second passed, or the state did)."""

        def __init__(self, state: ClockState | None) -> None:
            super().__init__()
            self.state = state

    class Rang(Message):
        """The bell rang: `kind` is "warning" or "zero"."""

        def __init__(self, kind: str) -> None:
            super().__init__()
            self.kind = kind

    def __init__(self, read: ReadClock, *, bells: bool = True, big: bool = False,
                 id: str | None = None) -> None:
        """`big` draws the time with `BigDigits`, as large as the space the face is given."""
        super().__init__(id=id)
        self.read = read
        self.bells = bells
        self.big = big
        self.state: ClockState | None = None
        self._shown: tuple[object, ...] = ()

    def compose(self) -> ComposeResult:
        yield BigDigits(id="clock-digits") if self.big else Digits("0:00", id="clock-digits")
        yield Label("", id="clock-words")

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(TICK_SECONDS, self.tick)

    def tick(self) -> None:
        """Recompute the clock now; ring when a threshold was just crossed."""
        state = self.read()
        previous, self.state = self.state, state
        if self.bells and previous is not None and state is not None:
            crossed = bell_due(previous, state)
            if crossed:
                self.app.bell()
                self.post_message(self.Rang(crossed))
        self.show(state)

    def show(self, state: ClockState | None) -> None:
        text, words = clock_text(state), clock_words(state)
        shown: tuple[object, ...] = (text, words)
        if state is not None:
            shown += (state.index, state.running, round(state.drift_s),
                      tuple((b.planned_s, b.skipped) for b in state.blocks))
        if shown == self._shown:
            return
        self._shown = shown
        digits = self.query_one("#clock-digits")
        assert isinstance(digits, (Digits, BigDigits))
        digits.update(text)
        self.query_one("#clock-words", Label).update(words)
        self.set_class(bool(state and state.warning), "-warning")
        self.set_class(bool(state and state.overrun), "-overrun")
        self.set_class(bool(state and state.started and not state.running), "-paused")
        self.post_message(self.Ticked(state))
