"""The projector view: a read-only full-screen clock for the room, in a second terminal.

It opens the data folder without the write lock and re-reads it twice a second, so it follows
the facilitator's app (another process) within a second of any change.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.widgets import Static

from .. import clock
from ..clock import ClockState
from ..errors import UserError
from ..model import ClockEvent
from ..services import day as day_service
from ..store import Store
from .app import Clock, QuietCrashApp, system_now
from .widgets.agenda import hhmm
from .widgets.clock import ClockFace

POLL_SECONDS = 0.5


class ProjectorApp(QuietCrashApp):
    """What the room reads from the back: the block, the big clock and the table prompts."""

    CSS = """
    Screen { align: center middle; }
    #projector { width: 100%; height: auto; }
    #projector-block { width: 100%; text-align: center; text-style: bold; padding: 0 2; }
    #projector-kind { width: 100%; text-align: center; color: $text-muted; }
    #projector Center { height: auto; margin: 1 0; }
    #projector ClockFace { width: auto; }
    #projector ClockFace #clock-words { text-align: center; }
    #projector-prompts { width: 100%; padding: 0 4; }
    #projector-next { width: 100%; text-align: center; color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [Binding("q,ctrl+q", "quit", "Quit", priority=True)]
    TITLE = "cigkit projector"

    def __init__(self, store: Store, workshop: int, *, now: Clock = system_now) -> None:
        super().__init__()
        self.store = store
        self.workshop_number = workshop
        self.now = now
        self.today = day_service.day(store, workshop)
        self.events: list[ClockEvent] = day_service.events(store, workshop)
        self._generation = store.generation

    def compose(self) -> ComposeResult:
        with Vertical(id="projector"):
            yield Static("", id="projector-block")
            yield Static("", id="projector-kind")
            with Center():
                yield ClockFace(self.read_clock, bells=False, id="clock")
            yield Static("", id="projector-prompts")
            yield Static("", id="projector-next")

    def on_mount(self) -> None:
        self.set_interval(POLL_SECONDS, self.poll)

    def poll(self) -> None:
        """Pick up what the facilitator's app wrote, then redraw the clock."""
        self.store.refresh()
        self.query_one(ClockFace).tick()

    def read_clock(self) -> ClockState:
        if self.store.generation != self._generation:
            self._generation = self.store.generation
            self.events = day_service.events(self.store, self.workshop_number)
        return clock.compute(self.today.plan.blocks, self.events, self.now(), self.today.start)

    def on_clock_face_ticked(self, event: ClockFace.Ticked) -> None:
        state = event.state
        if state is None:
            return
        blocks = self.today.plan.blocks
        block_title = self.query_one("#projector-block", Static)
        kind = self.query_one("#projector-kind", Static)
        prompts = self.query_one("#projector-prompts", Static)
        following = next((t for t in state.blocks[state.index + 1:] if not t.skipped), None)
        self.query_one("#projector-next", Static).update(
            f"Next: {following.title} at {hhmm(following.projected_start)}" if following else "")
        if state.finished:
            block_title.update("Thank you - the day is finished")
            kind.update("")
            prompts.update("")
            return
        block = blocks[state.index]
        block_title.update(block.title)
        kind.update(f"{block.kind}  -  block {state.index + 1} of {len(blocks)}")
        prompts.update("\n".join(f"- {p}" for p in block.prompts))


def run_projector(data_dir: Path, workshop: int | None) -> int:
    """Open the projector view on a data folder; it never takes the write lock."""
    store = Store.open(data_dir, writable=False)
    try:
        number = workshop or day_service.current_workshop(store)
        if number is None:
            raise UserError(f"There are no workshops in {data_dir} yet.")
        ProjectorApp(store, number).run()
    finally:
        store.close()
    return 0
