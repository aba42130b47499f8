"""Today's entries for the team or the whole table: fix a word, a kind or a sharing level,
delete with undo, and search everything the programme has logged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Input, Static

from ...model import SHARING_LEVELS, Action, Record, Tally
from ...services import logbook, programme, tallies
from ...services.search import Entry, day_entries, search
from ..widgets import log_selection
from ..widgets.dialogs import AskText
from ..widgets.log_entry_line import KIND_MARKS, clock_time, entry_kind, entry_line
from ..widgets.record_table import Cell, RecordTable
from .base import CigkitScreen

KIND_CYCLE = ("discussion", "decision", "question", "action")


class TimelineScreen(CigkitScreen):
    """The day so far, newest last; every change is saved in a worker and can be undone."""

    NAV = "log"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("e", "edit", "Edit"),
        Binding("k", "kind", "Kind"),
        Binding("s", "sharing", "Sharing"),
        Binding("x,delete", "delete", "Delete"),
        Binding("u", "undo", "Undo"),
        Binding("c", "scope", "Team/CIG"),
        Binding("slash", "search", "Search"),
        Binding("ctrl+n", "next_team", "Team", show=False, priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.whole_cig = False
        self.query_text = ""
        self.entries: dict[str, Entry] = {}
        self.deleted: list[Record] = []
        self.teams: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield self.nav_bar()
        yield Static(id="timeline-context")
        yield Input(placeholder="Search every workshop and team (Enter; Esc to go back)",
                    id="timeline-search")
        yield RecordTable(id="timeline-table")
        yield Footer(compact=True)

    @property
    def table(self) -> RecordTable:
        return self.query_one("#timeline-table", RecordTable)

    def on_mount(self) -> None:
        self.table.add_columns("When", "Team", "Kind", "Entry")
        self.reload()
        self.table.focus()

    # -- listing ---------------------------------------------------------------------------

    def reload(self) -> None:
        here = log_selection.current(self.app)
        self.teams = {t.id: t.name for t in programme.teams(self.store)}
        if self.query_text:
            found: list[Entry] = [hit.entry for hit in search(self.store, self.query_text)]
            title = f"Search {self.query_text!r}: {len(found)} found across the programme"
        else:
            team_ids = [here.team.id] if here.team else []
            if self.whole_cig and here.cig is not None:
                team_ids = [t.id for t in programme.teams(self.store, here.cig.id)]
            found = day_entries(self.store, self.workshop, team_ids)
            where = f"table {here.cig_name}" if self.whole_cig else f"team {here.team_name}"
            title = f"Workshop {self.workshop}, {where}: {len(found)} entries"
        self.query_one("#timeline-context", Static).update(Text(title, style="bold"))
        self.entries = {e.id: e for e in found}
        self.table.refill(((e.id, self._cells(e)) for e in found), otherwise_last=True)

    def _cells(self, entry: Entry) -> list[Cell]:
        word, style = KIND_MARKS[entry_kind(entry)]
        when = f"W{entry.workshop} {clock_time(entry)}" if self.query_text else clock_time(entry)
        return [when, self.teams.get(entry.team_id, "?")[:16], Text(word, style=style),
                entry_line(entry).plain.split("  ", 1)[-1]]

    def _selected(self) -> Entry | None:
        key = self.table.current_key()
        entry = self.entries.get(key) if key else None
        if entry is None:
            self.notify("Pick an entry first (arrow keys).", severity="warning")
        return entry

    # -- changes ---------------------------------------------------------------------------

    def _change(self, job: Callable[[], Any]) -> None:
        self.save(job, then=self.reload)

    def action_edit(self) -> None:
        entry = self._selected()
        if entry is None:
            return
        store = self.store
        if isinstance(entry, Tally):
            def save_tally(text: str | None) -> None:
                if text:
                    self._change(lambda: tallies.edit_tally(store, entry, text))
            self.app.push_screen(AskText("Edit the vote: question | option count | ...",
                                         tallies.as_text(entry)), save_tally)
            return

        def save(text: str | None) -> None:
            if text is not None and text.strip():
                self._change(lambda: logbook.edit_entry(store, entry, text=text.strip()))
        self.app.push_screen(AskText("Edit the entry text", entry.text), save)

    def action_kind(self) -> None:
        entry = self._selected()
        if entry is None:
            return
        if isinstance(entry, Tally):
            self.notify("A vote stays a vote; edit its options with e.", severity="warning")
            return
        now = "action" if isinstance(entry, Action) else entry.kind
        wanted = KIND_CYCLE[(KIND_CYCLE.index(now) + 1) % len(KIND_CYCLE)]
        store = self.store
        self._change(lambda: logbook.change_kind(store, entry, wanted))

    def action_sharing(self) -> None:
        entry = self._selected()
        if entry is None:
            return
        wanted = SHARING_LEVELS[(SHARING_LEVELS.index(entry.sharing) + 1) % len(SHARING_LEVELS)]
        store = self.store
        self._change(lambda: logbook.set_sharing(store, entry, wanted))
        self.notify(f"Sharing: {wanted}", timeout=2)

    def action_delete(self) -> None:
        entry = self._selected()
        if entry is None:
            return
        self.deleted.append(entry)
        store = self.store
        self._change(lambda: logbook.delete_entry(store, entry))
        self.notify("Deleted. Press u to undo.", timeout=5)

    def action_undo(self) -> None:
        if not self.deleted:
            self.notify("Nothing to undo.", severity="warning")
            return
        entry = self.deleted.pop()
        store = self.store
        self._change(lambda: logbook.restore_entry(store, entry))
        self.notify("Restored.", timeout=3)

    # -- scope and search ------------------------------------------------------------------

    def action_scope(self) -> None:
        self.whole_cig = not self.whole_cig
        self.reload()

    def action_next_team(self) -> None:
        log_selection.next_team(self.app)
        self.whole_cig = False
        self.reload()

    def action_search(self) -> None:
        box = self.query_one("#timeline-search", Input)
        box.add_class("-shown")
        box.focus()

    @on(Input.Submitted, "#timeline-search")
    def _search(self, event: Input.Submitted) -> None:
        self.query_text = event.value.strip()
        if not self.query_text:
            event.input.remove_class("-shown")
        self.reload()
        self.table.focus()

    def action_back(self) -> None:
        box = self.query_one("#timeline-search", Input)
        if self.query_text or box.has_class("-shown"):
            self.query_text = ""
            box.value = ""
            box.remove_class("-shown")
            self.reload()
            self.table.focus()
            return
        self.app.pop_screen()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.reload()


__all__ = ["TimelineScreen"]
