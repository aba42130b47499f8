"""The note-taker's screen: type, press Enter, and the entry is saved while typing goes on.

The input never loses focus. Keys that work while typing switch the table (CIG) and the team,
cycle the sharing level and open the timeline; what is typed is kept as a draft on disk.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.timer import Timer
from textual.widgets import Footer, Input, Static
from textual.worker import Worker, WorkerState

from ...errors import UserError
from ...model import SHARING_LEVELS, Record, Team, now_iso
from ...services import day as day_service
from ...services import drafts, logbook, programme, tallies
from ...services.search import day_entries
from ..widgets import log_selection
from ..widgets.log_entry_line import clock_time, entry_line
from ..widgets.log_list import LogList
from .base import CigkitScreen

SAVE_PREFIX = "save:"


class LogScreen(CigkitScreen):
    """Log discussion notes, decisions, questions, actions and votes for one team at a time."""

    NAV = "log"
    DRAFT_PAUSE_S = 0.8
    BINDINGS = [
        Binding("ctrl+t", "next_cig", "Table", priority=True),
        Binding("ctrl+n", "next_team", "Team", priority=True),
        Binding("ctrl+o", "cycle_sharing", "Sharing", priority=True),
        Binding("ctrl+l", "timeline", "Timeline", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sharing = "team"
        self._keys = itertools.count(1)
        self._pending: dict[str, str] = {}
        self._draft_text = ""
        self._draft_lock = threading.Lock()
        self._draft_timer: Timer | None = None
        self._draft_offered = False
        self._block: int | None = None

    def compose(self) -> ComposeResult:
        yield self.nav_bar()
        yield Static(id="log-context")
        yield LogList(id="log-list")
        yield Static(Text(logbook.QUICK_SYNTAX_HELP), id="log-help")
        yield Input(placeholder="Type a note and press Enter (d: q: a: v: prefixes, see above)",
                    id="log-input")
        yield Footer(compact=True)

    @property
    def input(self) -> Input:
        return self.query_one("#log-input", Input)

    def on_mount(self) -> None:
        self.set_interval(20, self._show_context)

    def on_screen_resume(self) -> None:
        if not self._draft_offered:
            self._draft_offered = True
            self._offer_draft()
        self._reload()
        self.input.focus()

    # -- what the note-taker sees ---------------------------------------------------------

    def _reload(self) -> None:
        here = log_selection.current(self.app)
        self._show_context()
        listing = self.query_one(LogList)
        listing.clear_rows()
        self._pending.clear()
        entries = day_entries(self.store, self.workshop, [here.team.id] if here.team else [])
        for entry in entries:
            listing.put(entry.id, entry_line(entry, f"✓ saved {clock_time(entry)}"))
        if not entries:
            listing.clear_rows(f"Nothing logged for {here.team_name} at workshop "
                               f"{self.workshop} yet.")

    def _show_context(self) -> None:
        here = log_selection.current(self.app)
        block_words = "no agenda"
        self._block = None
        try:
            state = day_service.state(self.store, self.workshop, now=self.cigkit.now())
        except UserError:
            state = None
        if state is not None and state.current is not None:
            self._block = state.index
            block_words = f"block {state.index + 1}/{len(state.blocks)} {state.current.title}"
        elif state is not None:
            block_words = "the day is over"
        line = Text()
        line.append(f"Workshop {self.workshop}", style="bold")
        line.append("  sharing ", style="dim")
        line.append(self.sharing.upper() if self.sharing == "internal" else self.sharing,
                    style="bold red" if self.sharing == "internal" else "bold")
        line.append(f"  {block_words}\n")
        line.append("Table ", style="dim")
        line.append(f"{here.cig_name} ({here.cig_place})", style="bold")
        line.append("  Team ", style="dim")
        line.append(f" {here.team_name} ({here.team_place}) ", style="bold reverse")
        context = self.query_one("#log-context", Static)
        context.update(line)
        context.set_class(self.sharing == "internal", "-internal")

    # -- keys ------------------------------------------------------------------------------

    def action_next_cig(self) -> None:
        log_selection.next_cig(self.app)
        self._reload()

    def action_next_team(self) -> None:
        log_selection.next_team(self.app)
        self._reload()

    def action_cycle_sharing(self) -> None:
        at = SHARING_LEVELS.index(self.sharing)
        self.sharing = SHARING_LEVELS[(at + 1) % len(SHARING_LEVELS)]
        self._show_context()

    def action_timeline(self) -> None:
        from .timeline import TimelineScreen

        self.app.push_screen(TimelineScreen())

    # -- saving an entry -------------------------------------------------------------------

    @on(Input.Submitted, "#log-input")
    def _submitted(self, event: Input.Submitted) -> None:
        line = event.value
        if not line.strip():
            return
        here = log_selection.current(self.app)
        if here.team is None:
            self.notify("There is no team to log for; import a roster first.", severity="error")
            return
        members = [m.name for m in programme.members(self.store, here.team.id)]
        try:
            quick = logbook.parse_quick(line, members)
            job = self._job(quick, here.team.id)
        except UserError as error:
            self.notify(str(error), severity="error")
            return
        key = f"new-{next(self._keys)}"
        self._pending[key] = line
        self.query_one(LogList).put(key, Text(f"… saving  {quick.text}", style="dim"))
        self.input.value = ""
        self.run_worker(job, name=SAVE_PREFIX + key, group="log-save", thread=True,
                        exit_on_error=False)

    def _job(self, quick: logbook.QuickEntry, team_id: str) -> Callable[[], Record]:
        """The blocking save for one parsed line, checked now so mistakes show at once."""
        store, workshop, block = self.store, self.workshop, self._block
        sharing = quick.sharing or self.sharing
        created = now_iso()
        if quick.kind == "tally":
            question, counts = tallies.parse_tally(quick.text)
            return lambda: tallies.record_tally(store, workshop, team_id, question, counts,
                                                block=block, sharing=sharing, created_at=created)
        return lambda: logbook.log_entry(
            store, quick.kind, workshop, team_id, quick.text, tags=list(quick.tags),
            sharing=sharing, owner=quick.owner, due=quick.due, block=block,
            speaker_role=quick.speaker_role, created_at=created)

    @on(Worker.StateChanged)
    def _save_finished(self, event: Worker.StateChanged) -> None:
        name = event.worker.name
        if not name.startswith(SAVE_PREFIX):
            return
        key = name[len(SAVE_PREFIX):]
        line = self._pending.pop(key, None)
        listing = self.query_one(LogList)
        if event.state == WorkerState.SUCCESS:
            entry: Any = event.worker.result
            stamp = self.cigkit.now().strftime("%H:%M")
            if listing.has(key):
                listing.put(key, entry_line(entry, f"✓ saved {stamp}"))
            self._write_draft_soon(0)
        elif event.state == WorkerState.ERROR and line is not None:
            listing.put(key, Text(f"✗ not saved  {line}", style="bold red"))
            if not self.input.value:
                self.input.value = line

    # -- the draft -------------------------------------------------------------------------

    @on(Input.Changed, "#log-input")
    def _typing(self, event: Input.Changed) -> None:
        self._write_draft_soon(self.DRAFT_PAUSE_S)

    def _write_draft_soon(self, delay: float) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        if delay <= 0:
            self._write_draft()
        else:
            self._draft_timer = self.set_timer(delay, self._write_draft)

    def _write_draft(self) -> None:
        self._draft_timer = None
        self._draft_text = self.input.value
        app = self.cigkit
        self.run_worker(self._draft_job(app.store.data_dir, app.store.device, app.team_id,
                                        app.cig_id), group="log-draft", thread=True,
                        exit_on_error=False, name="draft")

    def _draft_job(self, data_dir: Path, device: str, team_id: str | None,
                   cig_id: str | None) -> Callable[[], None]:
        def job() -> None:
            with self._draft_lock:
                draft = drafts.Draft(self._draft_text, self.workshop, cig_id, team_id)
                drafts.save_draft(data_dir, device, draft)
        return job

    def _offer_draft(self) -> None:
        app = self.cigkit
        draft = drafts.load_draft(app.store.data_dir, app.store.device)
        if draft is None:
            return
        if draft.team_id and self.store.get(Team, draft.team_id) is not None:
            app.cig_id, app.team_id = draft.cig_id, draft.team_id
        self.input.value = draft.text
        self.input.cursor_position = len(draft.text)
        self.notify("Text you had not saved last time is back in the box: Enter saves it, "
                    "Ctrl+U clears it.", title="Draft recovered", timeout=10)
