"""The run screen: the facilitator's clock, the block's table prompts, the agenda and drift.

Every key records a clock event (saved in a worker); what is shown is recomputed from the
events by `cigkit.clock`, so a restart or a second laptop shows the same time.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, Static

from ... import clock
from ...clock import ClockState, format_clock
from ...errors import UserError
from ...model import ClockEvent, parse_instant
from ...services import attendance
from ...services import day as day_service
from ...services.day_story import clock_notes, day_story, drift_words, hhmm
from ..widgets.agenda import Agenda
from ..widgets.clock import ClockFace
from ..widgets.dialogs import Ask
from .base import CigkitScreen


def parse_minutes(text: str) -> int:
    """ "7" or "7:30" as seconds; a UserError says what to type otherwise."""
    minutes, _, seconds = text.strip().partition(":")
    try:
        whole = int(minutes) * 60 + (int(seconds) if seconds else 0)
    except ValueError:
        raise UserError("Type the minutes since the block really began, e.g. 7 or 7:30.") from None
    if whole < 0 or whole > 8 * 3600 or (seconds and not 0 <= int(seconds) < 60):
        raise UserError("Type the minutes since the block really began, e.g. 7 or 7:30.")
    return whole


MOVES = ("next", "back", "goto", "skip")


def block_reached_at(events: list[ClockEvent]) -> datetime | None:
    """When the day moved to the block it is in now (the previous block's end), if it moved."""
    moves = [e for e in clock.sort_events(events) if e.kind in MOVES]
    return parse_instant(moves[-1].at) if moves else None


def clamped_elapsed(seconds: int, reached: datetime | None, at: datetime) -> int:
    """At most the time since the previous block ended: a block cannot start before that."""
    if reached is None:
        return seconds
    return max(0, min(seconds, int((at - reached).total_seconds())))


class ElapsedModal(Ask[int]):
    """ "I forgot to start it": how many minutes ago the block really began, as seconds."""

    TITLE = "Forgot to start the clock"
    HELP = ("Say how many minutes ago the block really began (e.g. 7 or 7:30); the clock "
            "runs as if it had been started then. Esc leaves the clock as it is.")

    def __init__(self, title: str) -> None:
        super().__init__(f"How long has '{title}' been running?", parse_minutes,
                         placeholder="minutes, e.g. 7 or 7:30",
                         hint="Enter to set the clock, Esc to cancel")


class ReplanModal(ModalScreen[bool]):
    """The suggestion to win back lost time, applied only when the facilitator says yes."""

    TITLE = "Replan the day"
    HELP = ("A way to get the day back on time: later table discussions, then breaks, are "
            "shortened (plenaries and report-backs are left alone); nothing changes unless "
            "you apply it.")

    BINDINGS = [Binding("y,enter", "answer(True)", "Apply", tooltip="Apply the new plan"),
                Binding("n,escape", "answer(False)", "Keep the plan",
                        tooltip="Keep the plan as it is")]

    def __init__(self, lines: list[str], drift: str) -> None:
        super().__init__()
        self.lines = lines
        self.drift = drift

    def compose(self) -> ComposeResult:
        with Vertical(classes="run-modal"):
            yield Label(Text(f"The day is {self.drift}. To get back on time:"),
                        classes="modal-title")
            yield Static(Text("\n".join(self.lines)), id="replan-lines")
            yield Label("y / Enter: apply    n / Esc: keep the plan")

    def action_answer(self, accepted: bool) -> None:
        self.dismiss(accepted)


def flag_words(flags: attendance.Flags) -> str:
    """Teams to look at, in words (the facilitator reads it; colour only underlines it)."""
    parts = []
    if flags.nobody and not flags.marked:
        count = len(flags.nobody)
        parts.append(f"Attendance not taken yet ({count} team{'s' if count != 1 else ''})")
    elif flags.nobody:
        names = ", ".join(t.name for t in flags.nobody)
        parts.append(f"Nobody present ({len(flags.nobody)}): {names}")
    if flags.no_public_advisor:
        names = ", ".join(t.name for t in flags.no_public_advisor)
        parts.append(f"No public advisor ({len(flags.no_public_advisor)}): {names}")
    return "\n".join(parts) or "Every table has someone present, with a public advisor."


class RunScreen(CigkitScreen):
    """Run the day: start, pause, extend and move between blocks; see how late the day is."""

    NAV = "run"
    TITLE = "Clock"
    # Short Footer labels so that every key fits at 80 columns; "a" is named on screen (the
    # attendance line); the tooltip names each in the command palette and the help.
    BINDINGS = [
        Binding("space", "start_pause", "Run/pause", tooltip="Start or pause the clock"),
        Binding("1", "extend(1)", "+1m", tooltip="Add 1 minute to this block"),
        Binding("5", "extend(5)", "+5m", tooltip="Add 5 minutes to this block"),
        Binding("n", "next", "Next", tooltip="Next block"),
        Binding("b", "back", "Back", tooltip="Back one block"),
        Binding("f", "forgot", "Forgot", tooltip="I forgot to start it: set how long it ran"),
        Binding("r", "replan", "Replan", tooltip="Replan the day to get back on time"),
        Binding("a", "attendance", "Attendance", show=False,
                tooltip="Take attendance at each table"),
        Binding("q", "report_back", "Report",
                tooltip="Report-back: every table's questions and shared points"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.number: int | None = None
        self.today: day_service.Day | None = None
        self._events: list[ClockEvent] = []
        self._generation = -1
        self._last_at: datetime | None = None

    def compose(self) -> ComposeResult:
        yield self.nav_bar()
        yield Static("", id="drift")
        yield Static("", id="clock-notes")
        yield Static("", id="block-title")
        with Horizontal(id="clock-row"):
            yield ClockFace(self.read_clock, id="clock")
            yield Static("", id="prompts")
        yield Static("", id="flags")
        yield Agenda(id="agenda")
        yield Footer(compact=True)

    # -- loading -----------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.load()

    def reload(self) -> None:
        """A new workshop is loaded afresh; otherwise the flags and clock are redrawn."""
        if self.number != self.cigkit.workshop_number:
            self.load()
        else:
            self.show_flags()
            self.update_now()

    def load(self) -> None:
        """Read the current workshop's plan; a broken plan is one sentence, not a crash."""
        self.number = self.cigkit.workshop_number
        self.today, self._generation = None, -1
        if self.number is None:
            return
        try:
            self.today = day_service.day(self.store, self.number, self.cigkit.now().date())
        except UserError as error:
            self.notify(str(error), severity="error", timeout=10)
            self.query_one("#block-title", Static).update(Text(str(error)))
            return
        self.show_flags()
        self.update_now()

    def read_clock(self) -> ClockState | None:
        """The clock at the app's `now`, recomputed from the events (re-read when they change)."""
        if self.today is None or self.number is None:
            return None
        if self.store.generation != self._generation:
            self._generation = self.store.generation
            self._events = day_service.events(self.store, self.number)
            # The first start may move the day to the date it really runs on.
            try:
                self.today = day_service.day(self.store, self.number,
                                             self.cigkit.now().date())
            except UserError as error:
                self.notify(str(error), severity="error", timeout=10)
        return clock.compute(self.today.plan.blocks, self._events, self.cigkit.now(),
                             self.today.start)

    def update_now(self) -> None:
        self.query_one(ClockFace).tick()

    def show_flags(self) -> None:
        if self.number is None:
            return
        flags = attendance.flags(self.store, self.number)
        widget = self.query_one("#flags", Static)
        widget.update(Text("a attendance · " + flag_words(flags)))  # first: long lists are cut
        widget.set_class(flags.any, "-flagged")

    @on(ClockFace.Ticked)
    def _clock_changed(self, event: ClockFace.Ticked) -> None:
        state = event.state
        self.query_one(Agenda).show(state)
        if state is None or self.today is None:
            return
        today = self.cigkit.now().astimezone().date()
        self.query_one("#drift", Static).update(Text(day_story(self.today, state, today)))
        self.show_clock_notes(state)
        self.query_one("#block-title", Static).update(Text(self.block_words(state)))
        self.query_one("#prompts", Static).update(Text(self.prompt_words(state)))

    def show_clock_notes(self, state: ClockState) -> None:
        """A laptop whose clock looks far off, in words, above the clock (never over it)."""
        notes = self.query_one("#clock-notes", Static)
        said = clock_notes(self.store, state) if state.clock_notes else []
        notes.update(Text("\n".join(f"⚠ {note}" for note in said)))
        notes.display = bool(said)

    def block_words(self, state: ClockState) -> str:
        assert self.today is not None
        if state.finished:
            return "The day is finished. Press b to go back to the last block."
        block = self.today.plan.blocks[state.index]
        return (f"Block {state.index + 1} of {len(self.today.plan.blocks)} - "
                f"{block.kind.upper()}: {block.title}")

    def prompt_words(self, state: ClockState) -> str:
        assert self.today is not None
        lines: list[str] = []
        if not state.finished:
            prompts = self.today.plan.blocks[state.index].prompts
            lines = [f"- {p}" for p in prompts] if prompts else ["No table prompts."]
        following = next((t for t in state.blocks[state.index + 1:] if not t.skipped), None)
        if following is not None:
            lines.append(f"Next: {following.title} at {hhmm(following.projected_start)}")
        return "\n".join(lines)

    # -- clock keys ----------------------------------------------------------------------------

    def _moment(self) -> datetime:
        """The app's now, nudged after the last event so quick key presses keep their order."""
        moment: datetime = self.cigkit.now()
        if self._last_at is not None and moment <= self._last_at:
            moment = self._last_at + timedelta(milliseconds=1)
        self._last_at = moment
        return moment

    def record(self, kind: str, *, seconds: int | None = None, block: int | None = None,
               at: datetime | None = None) -> None:
        """Save one clock event in the background, then redraw from the stored events."""
        if self.number is None or self.today is None:
            self.notify("Pick a workshop first (F6).", severity="warning")
            return
        store, number, at = self.store, self.number, at or self._moment()

        self.save(lambda: day_service.record(store, number, kind, seconds=seconds, block=block,
                                             at=at), then=lambda _: self.update_now())

    def _state(self) -> ClockState | None:
        state = self.read_clock()
        if state is not None and state.finished:
            self.notify("The day is finished; press b to go back to the last block.")
            return None
        return state

    def action_start_pause(self) -> None:
        state = self._state()
        if state is None:
            return
        if state.running:
            self.record("pause")
        else:
            self.record("resume" if state.started else "start")

    def action_extend(self, minutes: int) -> None:
        if self._state() is not None:
            self.record("extend", seconds=minutes * 60)
            self.notify(f"{minutes} more minute{'s' if minutes > 1 else ''} for this block.")

    def action_next(self) -> None:
        if self._state() is not None:
            self.record("next")

    def action_back(self) -> None:
        state = self.read_clock()
        if state is not None and state.index == 0:
            self.notify("This is the first block of the day.")
            return
        self.record("back")

    def action_forgot(self) -> None:
        state = self._state()
        if state is None or self.today is None:
            return
        title = self.today.plan.blocks[state.index].title

        def chosen(seconds: int | None) -> None:
            if seconds is None:
                return
            at = self._moment()
            reached = block_reached_at(self._events)
            allowed = clamped_elapsed(seconds, reached, at)
            if allowed < seconds and reached is not None:
                name = title if len(title) <= 30 else title[:29] + "…"
                self.notify(f"The previous block ended at {hhmm(reached)}, so '{name}' has "
                            f"run {format_clock(allowed)} at most; the clock counts from then.",
                            timeout=8)
            self.record("adjust", seconds=allowed, at=at)
            if not state.running:
                self.record("resume" if state.started else "start")

        self.app.push_screen(ElapsedModal(title), chosen)

    def action_replan(self) -> None:
        state = self.read_clock()
        if state is None or self.today is None or self.number is None:
            return
        blocks = self.today.plan.blocks
        changes = clock.suggest_replan(state)
        if not changes:
            self.notify(f"Nothing to win back: {drift_words(state).split(';')[0].lower()}.")
            return
        lines = [f"{blocks[i].title}: {state.blocks[i].planned_s // 60} -> {new} min"
                 for i, new in changes]
        drift = drift_words(state).split(";")[0].lower()
        number, at = self.number, self._moment()

        def answered(accepted: bool | None) -> None:
            if not accepted:
                self.notify("The plan is unchanged.")
                return
            store = self.store
            events = clock.replan_events(number, state, changes, at)

            def job() -> None:
                for event in events:
                    day_service.record(store, number, "shorten", seconds=event.seconds,
                                       block=event.block, at=at)

            self.save(job, then=lambda _: self.update_now())
            self.notify(f"Shortened {len(events)} later block{'s' if len(events) > 1 else ''}.")

        self.app.push_screen(ReplanModal(lines, drift), answered)

    def action_attendance(self) -> None:
        if self.number is None:
            return
        self.app.push_screen("attendance")

    def action_report_back(self) -> None:
        """Every table's questions and programme-level points, for the report-back block."""
        self.cigkit.action_open("report_back")
