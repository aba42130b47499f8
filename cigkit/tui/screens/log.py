"""The note-taker's screen: type, press Enter, and the entry is saved while typing goes on.

The input never loses focus and never loses a line: each Enter files exactly what was typed
before it, under the table, team and sharing level shown at that moment; a save that fails
says so on its row, keeps the line (back in the box if the box is empty, else on its row for
Ctrl+R) and in the draft on disk. Keys that work while typing switch the table (CIG) and the
team, cycle the sharing level and open the timeline. How the rows and the context lines read
is in `log_rows.py`.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
from dataclasses import replace
from datetime import datetime, timedelta

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.timer import Timer
from textual.widgets import Input, Static

from ...errors import UserError
from ...model import SHARING_LEVELS, format_instant, parse_instant
from ...services import day as day_service
from ...services import devices, drafts, filing, logbook, undo
from ...services.search import Entry, day_entries
from ...store import Store
from ..place import Place, Where
from ..saving import Done
from ..widgets.entry_input import EntryInput
from ..widgets.footer import KeysFooter
from ..widgets.log_entry_line import laptop_name
from ..widgets.log_list import LogList
from .base import CigkitScreen
from .log_rows import Unsaved, block_words, entry_row, short, table_and_team, unsaved_row


def block_at(store: Store, workshop: int, at: datetime) -> int | None:
    """The agenda block running at `at` (the one an entry typed then belongs to)."""
    try:
        state = day_service.state(store, workshop, now=at)
    except UserError:
        return None
    return state.index if state.current is not None else None


class LogScreen(CigkitScreen):
    """Log discussion notes, decisions, questions, actions and votes for one team at a time."""

    NAV = "log"
    AUTO_FOCUS = "#log-input"  # at once, so keys typed ahead of the screen go there
    TITLE = "Notes"
    DRAFT_PAUSE_S = 0.8
    TIMELINE_WAIT_S = 2.0
    # Not priority bindings: the input runs them in the order they were typed, after the
    # lines typed before them (see widgets/entry_input.py).
    BINDINGS = [
        Binding("ctrl+t", "next_cig", "Table", tooltip="Next table"),
        Binding("ctrl+n", "next_team", "Team", tooltip="Next team"),
        Binding("ctrl+o", "cycle_sharing", "Sharing",
                tooltip="Sharing for the next entries: team, programme or INTERNAL"),
        Binding("ctrl+l", "timeline", "Timeline",
                tooltip="Timeline: edit, re-kind, share or delete entries"),
        Binding("ctrl+r", "retry", "Retry", tooltip="Retry saving the lines not saved"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sharing = "team"
        self._keys = itertools.count(1)
        self._unsaved: dict[str, Unsaved] = {}
        self._problems: dict[str, tuple[str, ...]] = {}
        self._back_in_box: list[str] = []  # rows of failed lines put back into the box
        self._in_box: tuple[str, Unsaved] | None = None  # the line given back, as it was
        self._last_at: datetime | None = None
        self._draft_lock = threading.Lock()
        self._draft_timer: Timer | None = None
        self._draft_offered = False
        self._context_shown: tuple[object, ...] = ()
        self._box_text = ""  # what is in the input, kept for the draft after it is gone

    def compose(self) -> ComposeResult:
        yield self.nav_bar()
        yield Static(id="log-context")
        yield LogList(id="log-list")
        yield Static(Text(logbook.QUICK_SYNTAX_HELP), id="log-help")
        yield EntryInput(self.where, self.file_lines, id="log-input",
                         placeholder="Type a note and press Enter (d: q: a: v: prefixes, above)",
                         set_aside=self._set_aside)
        yield KeysFooter()

    @property
    def input(self) -> EntryInput:
        return self.query_one("#log-input", EntryInput)

    @property
    def listing(self) -> LogList:
        return self.query_one(LogList)

    def on_mount(self) -> None:
        self._data_dir, self._device = self.store.data_dir, self.store.device
        self.watch(self.input, "value", self._box_changed, init=False)
        self.set_interval(2, self._show_context)

    def on_screen_resume(self) -> None:
        if not self._draft_offered:
            self._draft_offered = True
            self._offer_draft()
        self.input.focus()

    def on_resize(self) -> None:
        self._show_context()

    # -- what the note-taker sees ---------------------------------------------------------

    def where(self) -> Where:
        """Where an entry typed now is filed: read at its Enter key, in typing order."""
        at = self.cigkit.now()
        if self._last_at is not None and at <= self._last_at:
            at = self._last_at + timedelta(milliseconds=1)  # keys in one burst keep order
        self._last_at = at
        return Where(self.cigkit.place, self.sharing, at)

    def reload(self) -> None:
        """The team's entries at this workshop, then the lines not saved yet (any team)."""
        here = self.here()
        self._show_context()
        entries = day_entries(self.store, self.workshop, [here.team.id] if here.team else [])
        names = devices.device_names(self.store)  # once per redraw
        rows = [(entry.id, entry_row(entry, self._problems.get(entry.id, ()),
                                     by=self._laptop(entry, names)))
                for entry in entries]
        rows += [(key, self._unsaved_row(u)) for key, u in self._unsaved.items()
                 if u.failed or u.where.place == self.cigkit.place]
        self.listing.show(rows, f"Nothing logged for {here.team_name} at workshop "
                                f"{self.workshop} yet.")

    def _laptop(self, entry: Entry, names: dict[str, str]) -> str:
        """Another laptop's name beside its entries ("" for this laptop's own)."""
        return "" if devices.made_on(entry) == self.store.device else laptop_name(
            self.store, entry, names)

    def _unsaved_row(self, unsaved: Unsaved) -> Text:
        """A line not saved yet, naming its team when it is not the one on show."""
        other_team = None
        if unsaved.failed and unsaved.where.place.team_id != self.cigkit.team_id:
            team = self.cigkit.roster().team(unsaved.where.place.team_id)
            other_team = team.name if team else "another team"
        return unsaved_row(unsaved, other_team)

    def _show_context(self) -> None:
        """Two lines: the table and team (always whole), then workshop, sharing and block,
        the block's title shortened to fit."""
        if not self.is_mounted:
            return
        here = self.here()
        width = self.size.width - 2
        block = block_words(self.store, self.workshop, self.sharing, self.cigkit.now(), width)
        shown = (here, self.sharing, block, width)
        if shown == self._context_shown:
            return
        self._context_shown = shown
        line = table_and_team(here, width)
        line.append("\n")
        line.append_text(block)
        context = self.query_one("#log-context", Static)
        context.update(line)
        context.set_class(self.sharing == "internal", "-internal")

    # -- keys ------------------------------------------------------------------------------

    def action_next_cig(self) -> None:
        self.cigkit.move_table(1)

    def action_next_team(self) -> None:
        self.cigkit.move_team(1)

    def action_cycle_sharing(self) -> None:
        at = SHARING_LEVELS.index(self.sharing)
        self.sharing = SHARING_LEVELS[(at + 1) % len(SHARING_LEVELS)]
        self._show_context()

    async def action_timeline(self) -> None:
        """Open the timeline once the lines still saving are saved (a second or two at most),
        so it opens with the line just typed in it, highlighted: 'Enter Ctrl+L x' typed in
        one go deletes that line, not the one before it. The keys typed meanwhile wait."""
        waited = 0.0
        while waited < self.TIMELINE_WAIT_S and any(
                not u.failed for u in self._unsaved.values()):
            await asyncio.sleep(0.01)
            waited += 0.01
        self.app.push_screen("timeline")

    def action_retry(self) -> None:
        failed = [(key, u) for key, u in self._unsaved.items() if u.failed]
        if not failed:
            self.notify("Every line is saved; there is nothing to retry.")
            return
        for key, unsaved in failed:
            self._file(unsaved.line, unsaved.where, key)

    # -- saving an entry -------------------------------------------------------------------

    def file_lines(self, lines: list[str], where: Where, pasted: bool) -> None:
        """Lines from the input, each saved as an entry under where it was typed."""
        for key in self._back_in_box:  # the box's text is taken again: its old row goes
            self.listing.drop(key)
        self._back_in_box.clear()
        self._in_box = None
        for line in lines:
            self._file(line, where)
            where = replace(where, at=where.at + timedelta(milliseconds=1))
        if pasted and len(lines) > 1:
            self.notify(f"Pasted {len(lines)} lines: each is saved as its own entry.",
                        timeout=4)
        self._write_draft_soon(self.DRAFT_PAUSE_S)

    def _file(self, line: str, where: Where, key: str = "") -> None:
        """Save one line under `where` in the background; its row says how it went."""
        key = key or f"new-{next(self._keys)}"
        unsaved = self._unsaved[key] = Unsaved(line, where)
        if where.place.team_id is None or where.place.workshop is None:
            self._line_failed(key, "There is no team to log for; import a roster first.")
            return
        self.listing.put(key, self._unsaved_row(unsaved))
        store, team_id, workshop = self.store, where.place.team_id, where.place.workshop

        def job() -> Done:
            filed = filing.file_line(
                store, line, workshop, team_id, sharing=where.sharing,
                block=block_at(store, workshop, where.at), created_at=format_instant(where.at))
            return Done(filed, undo.changed(f"typed '{short(line)}'", {}, [filed.entry]))

        unsaved.job = self.save(job, then=lambda filed: self._line_saved(key, filed),
                                failed=lambda error: self._line_failed(key, error))

    def _line_saved(self, key: str, filed: filing.Filed) -> None:
        unsaved = self._unsaved.pop(key, None)
        entry: Entry = filed.entry  # type: ignore[assignment]
        if filed.problems:
            self._problems[entry.id] = filed.problems
        if unsaved is None or unsaved.where.place == self.cigkit.place:
            stamp = self.cigkit.now().strftime("%H:%M")
            self.listing.rename(key, entry.id, entry_row(
                entry, self._problems.get(entry.id, ()), f"✓ saved {stamp}"))
        elif self.listing.has(key):  # a retried line of a team no longer on screen
            self.reload()
        self._write_draft_soon(0)

    def _line_failed(self, key: str, error: str) -> None:
        """Keep the line: back in the box if it is empty, else on its row for Ctrl+R."""
        unsaved = self._unsaved.get(key)
        if unsaved is None:
            return
        if not self.input.value and unsaved.where.place == self.cigkit.place:
            del self._unsaved[key]
            unsaved.failed = error
            self._in_box = (key, unsaved)
            self.input.give_back(unsaved.line)
            self.listing.put(key, Text(f"✗ not saved: {error}  (back in the box below)",
                                       style="bold red"))
            self._back_in_box.append(key)
        else:
            unsaved.failed = error
            self.listing.put(key, self._unsaved_row(unsaved))
        self.app.bell()
        self._write_draft_soon(0)

    def _set_aside(self) -> None:
        """The note-taker typed on past a line given back to the box: it goes back on its
        row, not saved, for Ctrl+R (and stays in the draft)."""
        if self._in_box is None:
            return
        key, unsaved = self._in_box
        self._in_box = None
        if key in self._back_in_box:
            self._back_in_box.remove(key)
        self._unsaved[key] = unsaved
        self.listing.put(key, self._unsaved_row(unsaved))
        self._write_draft_soon(0)

    # -- the draft -------------------------------------------------------------------------

    @on(Input.Changed, "#log-input")
    def _typing(self) -> None:
        self._write_draft_soon(self.DRAFT_PAUSE_S)

    def _box_changed(self, value: str) -> None:
        self._box_text = value  # at once, not when the Changed message comes

    def _write_draft_soon(self, delay: float) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        if delay <= 0:
            self._write_draft()
        else:
            self._draft_timer = self.set_timer(delay, self._write_draft)

    def _draft(self) -> drafts.Draft:
        """What is in the box, and every line not saved yet, with where it was typed."""
        place = self.cigkit.place
        unsaved = tuple(
            drafts.UnsavedLine(u.line, u.where.place.workshop, u.where.place.cig_id,
                               u.where.place.team_id, u.where.sharing, format_instant(u.where.at))
            for u in self._unsaved.values() if not self.cigkit.saved_already(u.job))
        return drafts.Draft(self._box_text, place.workshop, place.cig_id, place.team_id,
                            unsaved=unsaved)

    def _keep_draft(self, draft: drafts.Draft) -> None:
        """Write the draft (safe in a worker thread: it touches no widget)."""
        with self._draft_lock:
            try:
                drafts.save_draft(self._data_dir, self._device, draft)
            except OSError:
                pass  # the disk is full or gone: the lines stay on screen, marked unsaved

    def _write_draft(self) -> None:
        """Replace the draft on disk, in a worker."""
        self._draft_timer = None
        draft = self._draft()
        self.run_worker(lambda: self._keep_draft(draft), group="log-draft", thread=True,
                        exit_on_error=False, name="draft")

    def on_unmount(self) -> None:
        """The app is closing: keep what is in the box and any line not saved, at once."""
        self._keep_draft(self._draft())

    def _offer_draft(self) -> None:
        draft = drafts.load_draft(self.store.data_dir, self.store.device)
        if draft is None:
            return
        if draft.team_id and self.cigkit.roster().team(draft.team_id) is not None:
            self.cigkit.move_to(Place(self.cigkit.place.workshop, draft.cig_id, draft.team_id))
        for line in draft.unsaved:
            at = parse_instant(line.at) if line.at else self.cigkit.now()
            key = f"new-{next(self._keys)}"
            where = Where(Place(line.workshop, line.cig_id, line.team_id), line.sharing, at)
            self._unsaved[key] = Unsaved(line.text, where, "not saved before cigkit closed")
        self.input.value = draft.text
        self.input.cursor_position = len(draft.text)
        more = f" {len(draft.unsaved)} lines not saved are listed: Ctrl+R saves them." \
            if draft.unsaved else ""
        self.notify("Text you had not saved last time is back: Enter saves what is in the box, "
                    f"Ctrl+U clears it.{more}", title="Draft recovered", timeout=10)
        self.show_records()
