"""Today's entries for the team or the whole table: fix a word, a kind or a sharing level,
delete (Ctrl+Z or u brings it back), and search everything the programme has logged.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static

from ...model import SHARING_LEVELS, Action, Note, Tally
from ...services import devices, logbook, tallies, undo
from ...services.search import Entry, day_entries, search
from ...store import Store
from ..saving import Done
from ..widgets.dialogs import Ask, EntryTextMissing
from ..widgets.footer import KeysFooter
from ..widgets.log_entry_line import (
    clock_time,
    entry_kind,
    entry_line,
    kind_mark,
    laptop_name,
)
from ..widgets.ordered_input import OrderedInput
from ..widgets.record_table import Cell, RecordTable
from .base import CigkitScreen

KIND_CYCLE = ("discussion", "decision", "question", "action")
KIND_WORDS = {"discussion": "a note", "decision": "a decision", "question": "a question",
              "action": "an action"}


def row_key(entry: Entry) -> str:
    """Notes and actions may share an id (an entry keeps it when its kind changes)."""
    return f"{entry.TABLE}:{entry.id}"


def entry_words(entry: Entry) -> str:
    text = entry.question if isinstance(entry, Tally) else entry.text
    return text if len(text) <= 30 else text[:29] + "…"


def current_entry(store: Store, entry: Entry) -> Entry:
    """The entry as stored now: its kind may have changed table since it was shown."""
    for kind in (type(entry), Note, Action):
        found = store.get(kind, entry.id)
        if found is not None:
            return found
    raise logbook.EntryError("That entry is no longer there (deleted, perhaps elsewhere).")


def edited_text(text: str) -> str:
    """An entry's new text: anything but nothing."""
    if not text.strip():
        raise EntryTextMissing("An entry needs some text; Esc keeps it as it was.")
    return text.strip()


class TimelineScreen(CigkitScreen):
    """The day so far, newest last; every change is saved in a worker and can be undone."""

    NAV = "log"
    AUTO_FOCUS = "#timeline-table"  # at once, so keys typed ahead of the screen go there
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back (or clear the search)"),
        Binding("e", "edit", "Edit", tooltip="Edit the entry's text"),
        Binding("k", "kind", "Kind", tooltip="Change the kind: note, decision, question, action"),
        Binding("s", "sharing", "Sharing", tooltip="Change the sharing: team, programme, internal"),
        Binding("x,delete", "delete", "Delete", tooltip="Delete the entry (Ctrl+Z brings it back)"),
        Binding("u", "app.undo", "Undo", show=False, tooltip="Undo the last change"),
        Binding("c", "scope", "Table", tooltip="Team or whole table"),
        Binding("slash", "search", "Search", tooltip="Search every workshop and team"),
        Binding("ctrl+n", "next_team", "Team", show=False, tooltip="Next team"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.whole_cig = False
        self.query_text = ""
        self.entries: dict[str, Entry] = {}
        self.teams: dict[str, str] = {}
        self._left = False  # closed (not only covered by a dialog) since it was last shown
        self.names: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield self.nav_bar()
        yield Static(id="timeline-context")
        yield OrderedInput(placeholder="Search every workshop and team (Enter; Esc to go back)",
                    id="timeline-search")
        yield RecordTable(id="timeline-table")
        yield KeysFooter()

    @property
    def table(self) -> RecordTable:
        return self.query_one("#timeline-table", RecordTable)

    def on_mount(self) -> None:
        self.show_records()

    def on_screen_resume(self) -> None:
        self.table.focus()
        if self._left:  # opened again from the notes: on the newest entry, what was just typed
            self._left = False
            self.call_later(self._to_newest)  # after the redraw the resume may bring

    def on_screen_suspend(self) -> None:
        self._left = self not in self.app.screen_stack

    def _to_newest(self) -> None:
        if self.table.row_count and not self.query_text:
            self.table.move_cursor(row=self.table.row_count - 1)

    # -- listing ---------------------------------------------------------------------------

    def reload(self) -> None:
        here = self.here()
        self.teams = {t.id: t.name for t in self.cigkit.roster().teams}
        self.names = devices.device_names(self.store)  # once per redraw, not once per row
        if self.query_text:
            found: list[Entry] = [hit.entry for hit in search(self.store, self.query_text)]
            title = f"Search {self.query_text!r}: {len(found)} found across the programme"
        else:
            team_ids = [here.team.id] if here.team else []
            if self.whole_cig and here.cig is not None:
                team_ids = [t.id for t in self.cigkit.roster().at_table(here.cig.id)]
            found = day_entries(self.store, self.workshop, team_ids)
            where = f"table {here.cig_name}" if self.whole_cig else f"team {here.team_name}"
            entries = "1 entry" if len(found) == 1 else f"{len(found)} entries"
            title = f"Workshop {self.workshop}, {where}: {entries}"
        self.query_one("#timeline-context", Static).update(Text(title, style="bold"))
        self.entries = {row_key(e): e for e in found}
        teams = self.whole_cig or bool(self.query_text)  # one team: its name is in the title
        columns = ["When", "Laptop", "Team", "Kind", "Entry"] if teams else [
            "When", "Laptop", "Kind", "Entry"]
        self.table.refill(((row_key(e), self._cells(e, teams)) for e in found),
                          columns=columns, otherwise_last=True)

    def _cells(self, entry: Entry, teams: bool) -> list[Cell]:
        word, style = kind_mark(entry_kind(entry))
        when = f"W{entry.workshop} {clock_time(entry)}" if self.query_text else clock_time(entry)
        cells: list[Cell] = [when, Text(laptop_name(self.store, entry, self.names)[:12]),
                             Text(word, style=style),
                             Text(entry_line(entry).plain.split("  ", 1)[-1])]
        if teams:
            cells.insert(2, Text(self.teams.get(entry.team_id, "?")[:16]))
        return cells

    def _selected(self) -> Entry | None:
        key = self.table.current_key()
        entry = self.entries.get(key) if key else None
        if entry is None:
            self.notify("Pick an entry first (arrow keys).", severity="warning")
        return entry

    # -- changes ---------------------------------------------------------------------------

    def _change_entry(self, what: str, entry: Entry, do: Callable[[Entry], object]) -> None:
        """Change the entry as stored when the change runs (keys pressed quickly each see the
        change before), undoable as `what`."""
        store = self.store

        def job() -> Done:
            current = current_entry(store, entry)
            saved, change = undo.record(what, [current], lambda: do(current))
            return Done(saved, change)

        self.save(job, then=self.redraw)

    def action_edit(self) -> None:
        entry = self._selected()
        if entry is None:
            return
        store = self.store
        if isinstance(entry, Tally):
            def save_tally(text: str | None) -> None:
                if text:
                    self._change_entry(f"edited the vote '{entry_words(entry)}'", entry,
                                       lambda tally: tallies.edit_tally(
                                           store, tally, text))  # type: ignore[arg-type]

            self.app.push_screen(Ask("Edit the vote: question | option count | ...",
                                     _checked_tally, tallies.as_text(entry)), save_tally)
            return

        def save(text: str | None) -> None:
            if text is not None:
                self._change_entry(f"edited '{entry_words(entry)}'", entry,
                                   lambda e: logbook.edit_entry(
                                       store, e, text=text))  # type: ignore[arg-type]

        self.app.push_screen(Ask("Edit the entry text", edited_text, entry.text), save)

    def action_kind(self) -> None:
        entry = self._selected()
        if entry is None:
            return
        if isinstance(entry, Tally):
            self.notify("A vote stays a vote; edit its options with e.", severity="warning")
            return
        if isinstance(entry, Note) and entry.kind not in KIND_CYCLE:
            self.notify(f"This {kind_mark(entry.kind)[0].rstrip('?').lower()} was written by "
                        "a newer cigkit; change its kind there.", severity="warning")
            return
        store = self.store

        def job() -> Done:
            # The kind as stored now, not as last shown, so k pressed twice moves twice.
            current = current_entry(store, entry)
            assert isinstance(current, (Note, Action))
            now = "action" if isinstance(current, Action) else current.kind
            wanted = KIND_CYCLE[(KIND_CYCLE.index(now) + 1) % len(KIND_CYCLE)]
            was = type(current).from_dict(current.to_dict())  # change_kind may edit `current`
            made = logbook.change_kind(store, current, wanted)
            what = f"made '{entry_words(entry)}' {KIND_WORDS[wanted]}"
            return Done(made, undo.kind_changed(what, was, made))

        self.save(job, then=self.redraw)

    def action_sharing(self) -> None:
        entry = self._selected()
        if entry is None:
            return
        store = self.store

        def job() -> Done:
            current = current_entry(store, entry)
            levels = SHARING_LEVELS
            wanted = levels[(levels.index(current.sharing) + 1) % len(levels)]
            what = f"shared '{entry_words(entry)}' with {wanted}"
            saved, change = undo.record(what, [current],
                                        lambda: logbook.set_sharing(store, current, wanted))
            return Done(saved, change)

        def shared(saved: Entry) -> None:
            self.notify(f"Sharing: {saved.sharing}", timeout=2)
            self.show_records()

        self.save(job, then=shared)

    def action_delete(self) -> None:
        entry = self._selected()
        if entry is None:
            return
        store = self.store
        self._change_entry(f"deleted '{entry_words(entry)}'", entry,
                           lambda e: logbook.delete_entry(store, e))
        self.notify("Deleted. Ctrl+Z brings it back.", timeout=5)

    # -- scope and search ------------------------------------------------------------------

    def action_scope(self) -> None:
        self.whole_cig = not self.whole_cig
        self.show_records()

    def action_next_team(self) -> None:
        self.whole_cig = False
        self.cigkit.move_team(1)

    def action_search(self) -> None:
        box = self.query_one("#timeline-search", Input)
        box.add_class("-shown")
        self.set_focus(box)  # at once: the keys typed after / are for it

    @on(Input.Submitted, "#timeline-search")
    def _search(self, event: Input.Submitted) -> None:
        self.query_text = event.value.strip()
        if not self.query_text:
            event.input.remove_class("-shown")
        self.show_records()
        self.table.focus()

    def action_back(self) -> None:
        box = self.query_one("#timeline-search", Input)
        if self.query_text or box.has_class("-shown"):
            self.query_text = ""
            box.value = ""
            box.remove_class("-shown")
            self.show_records()
            self.table.focus()
            return
        self.app.pop_screen()


def _checked_tally(text: str) -> str:
    tallies.parse_tally(text)
    return text


__all__ = ["TimelineScreen"]
