"""The projector view: a read-only full-screen clock for the room, in a second terminal.

It opens the data folder without the write lock and re-reads it twice a second, so it follows
the facilitator's app (another process) within a second of any change: the clock events, and
which workshop the app has on screen (`services/on_screen.py`: the app writes it when the
facilitator opens another workshop). The time is drawn as large as the terminal allows, with
the block and the clock's state in words under it. Damaged data is said once; it never stops.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.theme import BUILTIN_THEMES
from textual.widgets import Static

from .. import clock
from ..clock import ClockState
from ..errors import UserError
from ..model import ClockEvent
from ..services import day as day_service
from ..services import on_screen
from ..services.day_story import clock_notes, day_story, hhmm
from ..store import Store
from .app import Clock, system_now
from .quiet_app import QuietCrashApp
from .themes import THEMES
from .widgets.clock import ClockFace, clock_words

POLL_SECONDS = 0.5
PROMPT_LINES = 4


def theme_names() -> list[str]:
    """Every theme the projector can be started with (`--theme`)."""
    return sorted({*BUILTIN_THEMES, *(theme.name for theme in THEMES)})


class ProjectorApp(QuietCrashApp):
    """What the room reads from the back: the big clock, the block, its state and prompts."""

    CSS = """
    Screen { layout: vertical; }
    #projector-story { width: 100%; height: 1; text-align: center; text-style: bold;
                       text-wrap: nowrap; text-overflow: ellipsis; }
    #projector-notes { width: 100%; height: auto; max-height: 2; text-align: center;
                       text-style: bold; color: $warning; display: none; }
    #projector ClockFace { width: 100%; height: 1fr; padding: 0; }
    #projector ClockFace #clock-words { display: none; }
    #projector-block { width: 100%; height: auto; max-height: 2; text-align: center;
                       text-style: bold; padding: 0 2; }
    #projector-state { width: 100%; height: 1; text-align: center; text-style: bold reverse; }
    #projector-kind { width: 100%; height: 1; text-align: center; color: $text-muted; }
    #projector-prompts { width: 100%; height: auto; max-height: 4; padding: 0 4; }
    #projector-next { width: 100%; height: auto; max-height: 2; text-align: center;
                      color: $text-muted; }
    #projector-state.-warning { color: $warning; }
    #projector-state.-overrun { color: $error; }
    """
    BINDINGS = [Binding("q,ctrl+q", "quit", "Quit", priority=True,
                        tooltip="Close the projector")]
    TITLE = "cigkit projector"

    def __init__(self, store: Store, workshop: int, *, follow: bool = True,
                 now: Clock = system_now, theme: str | None = None) -> None:
        """`follow`: switch to the workshop the app has on screen whenever it changes."""
        super().__init__(theme=theme)
        self.store = store
        self.follow = follow
        self.now = now
        self.workshop_number = workshop
        self.today: day_service.Day | None = None
        self.problem = ""
        self.events: list[ClockEvent] = []
        self._generation = -1
        self.load(workshop)

    def compose(self) -> ComposeResult:
        with Vertical(id="projector"):
            yield Static("", id="projector-story")
            yield Static("", id="projector-notes")
            yield ClockFace(self.read_clock, bells=False, big=True, id="clock")
            yield Static("", id="projector-block")
            yield Static("", id="projector-state")
            yield Static("", id="projector-kind")
            yield Static("", id="projector-prompts")
            yield Static("", id="projector-next")

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self.theme_picked)
        self.set_interval(POLL_SECONDS, self.poll)
        self.call_after_refresh(self.tell_damage)
        self.show(None)

    def load(self, number: int) -> None:
        """Show workshop `number`; a plan that cannot be read is one sentence on screen."""
        self.workshop_number, self.problem, self._generation = number, "", -1
        try:
            self.today = day_service.day(self.store, number, self.now().date())
        except UserError as error:
            self.today, self.problem = None, str(error)

    def poll(self) -> None:
        """Pick up what the facilitator's app wrote (and which workshop it shows), then
        redraw the clock. Damage is told once; nothing here stops the projector."""
        try:
            self.store.refresh()
        except UserError as error:
            self.notify(str(error), severity="warning", timeout=10)
        self.tell_damage()
        if self.follow:
            shown = on_screen.on_screen(self.store.data_dir, self.store.device)
            if shown is not None and shown.workshop != self.workshop_number:
                self.load(shown.workshop)
        self.query_one(ClockFace).tick()

    def read_clock(self) -> ClockState | None:
        if self.today is None:
            return None
        if self.store.generation != self._generation:
            self._generation = self.store.generation
            self.events = day_service.events(self.store, self.workshop_number)
            try:  # the first start may move the day to the date it really runs on
                self.today = day_service.day(self.store, self.workshop_number,
                                             self.now().date())
            except UserError as error:
                self.today, self.problem = None, str(error)
                return None
        return clock.compute(self.today.plan.blocks, self.events, self.now(), self.today.start)

    def on_clock_face_ticked(self, event: ClockFace.Ticked) -> None:
        self.show(event.state)

    def _put(self, name: str, text: str) -> None:
        self.query_one(f"#projector-{name}", Static).update(Text(text))  # never markup

    def show(self, state: ClockState | None) -> None:
        """Everything under and over the digits, in words (the colour only underlines it)."""
        number = self.workshop_number
        if self.today is None or state is None:
            self._put("story", f"Workshop {number}")
            self._put("block", self.problem or "No clock to show.")
            for name in ("state", "kind", "prompts", "next"):
                self._put(name, "")
            return
        today = self.now().astimezone().date()
        self._put("story", f"Workshop {number} · {day_story(self.today, state, today)}")
        notes = self.query_one("#projector-notes", Static)
        said = clock_notes(self.store, state) if state.clock_notes else []
        notes.update(Text("\n".join(f"⚠ {note}" for note in said)))
        notes.display = bool(said)
        blocks = self.today.plan.blocks
        following = next((t for t in state.blocks[state.index + 1:] if not t.skipped), None)
        self._put("next", f"Next: {following.title} at {hhmm(following.projected_start)}"
                  if following else "")
        self._put("state", f" {clock_words(state)} ")
        words = self.query_one("#projector-state", Static)
        words.set_class(state.warning, "-warning")
        words.set_class(state.overrun, "-overrun")
        if state.finished:
            self._put("block", "Thank you - the day is finished")
            self._put("kind", "")
            self._put("prompts", "")
            return
        block = blocks[state.index]
        self._put("block", block.title)
        self._put("kind", f"{block.kind}  -  block {state.index + 1} of {len(blocks)}")
        self._put("prompts", "\n".join(f"- {p}" for p in block.prompts[:PROMPT_LINES]))


def run_projector(data_dir: Path, workshop: int | None, theme: str | None = None) -> int:
    """Open the projector view on a data folder; it never takes the write lock.

    Without `workshop` it follows the workshop the app has on screen (else the current one).
    """
    if theme is not None and theme not in theme_names():
        raise UserError(f"There is no theme {theme!r}; choose one of "
                        f"{', '.join(theme_names())}.")
    store = Store.open(data_dir, writable=False)
    try:
        number = workshop
        if number is None:
            shown = on_screen.on_screen(data_dir, store.device)
            number = shown.workshop if shown else day_service.current_workshop(store)
        if number is None:
            raise UserError(f"There are no workshops in {data_dir} yet.")
        ProjectorApp(store, number, follow=workshop is None, theme=theme).run()
    finally:
        store.close()
    return 0
