"""Conflicts: fields two laptops changed without seeing each other's change, settled here.

The later change is kept and shown everywhere; the lost value waits here until the
facilitator keeps what is shown or takes the lost one. Each is in words (the record, the
field, both values, both laptops by name) and the list follows other laptops' files live.
"""

from __future__ import annotations

from functools import partial

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ...errors import UserError
from ...services import conflicts, devices, undo
from ...services.conflicts import ConflictView
from ..saving import Done
from ..widgets.choices import NO_MARK, MarkedOptionList, MarkedRow
from .opened import OpenedScreen

UNNAMED = ("\nA laptop with no name yet is shown by its id: name each laptop on its "
           "Programme screen (F8, then d).")


def conflict_words(number: int, view: ConflictView) -> str:
    """The conflict in plain words, as the rows below show it."""
    return (f"{number}. {view.record}: {view.field}\n"
            f"shown {view.kept} (from {view.kept_by})\n"
            f"lost {view.lost} (from {view.lost_by})")


def conflict_row(number: int, view: ConflictView, mark: str = NO_MARK) -> Table:
    """What and which field; then the value shown and the value lost, each by its laptop
    (the highlighted one has ▸ before its number, so it reads without colour)."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=1, no_wrap=True, overflow="crop")
    grid.add_column(width=3, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text(mark.strip()), Text(f"{number}.", "bold"),
                 Text.assemble(view.record, (f": {view.field}", "bold")))
    grid.add_row("", "", Text.assemble(("shown ", "bold green"), view.kept,
                                       (f"  from {view.kept_by}", "dim")))
    grid.add_row("", "", Text.assemble(("lost  ", "bold yellow"), view.lost,
                                       (f"  from {view.lost_by}", "dim")))
    return grid


class ConflictsScreen(OpenedScreen):
    """Every conflict in words; keep what is shown or take the lost value, one by one."""

    TITLE = "Conflicts"
    OPENED_AS = "conflicts"
    BINDINGS = [
        Binding("k", "settle(False)", "Keep shown", tooltip="Keep the value shown everywhere"),
        Binding("l", "settle(True)", "Take lost value",
                tooltip="Take the value that lost instead"),
    ]

    class Listed(Message):
        """The conflicts as read in the worker (or why they could not be read)."""

        def __init__(self, views: list[ConflictView], error: str = "",
                     unnamed: bool = False) -> None:
            super().__init__()
            self.views = views
            self.error = error
            self.unnamed = unnamed
            """A laptop in the list has no name yet, so it is shown by its id."""

    def __init__(self) -> None:
        super().__init__()
        self.views: dict[str, ConflictView] = {}

    def compose(self) -> ComposeResult:
        yield self.nav_bar()
        yield Static(id="conflicts-title")
        yield MarkedOptionList(id="conflicts-list")
        yield Footer(compact=True)

    @property
    def listing(self) -> OptionList:
        return self.query_one("#conflicts-list", OptionList)

    def on_mount(self) -> None:
        self.query_one("#conflicts-title", Static).update("Looking for conflicts…")
        self.show_records()
        self.listing.focus()

    def reload(self) -> None:
        self._read()

    @work(thread=True, exclusive=True, exit_on_error=False, group="conflicts")
    def _read(self) -> None:
        try:
            views = conflicts.describe(self.store)
            names = devices.device_names(self.store)
        except UserError as error:
            self.post_message(self.Listed([], str(error)))
            return
        unnamed = any(device not in names for view in views
                      for device in (view.conflict.kept_device, view.conflict.lost_device))
        self.post_message(self.Listed(views, unnamed=unnamed))

    @on(Listed)
    def _listed(self, message: Listed) -> None:
        title = self.query_one("#conflicts-title", Static)
        if message.error:
            title.update(Text(message.error, "bold red"))
            return
        views = message.views
        self.views = {v.key: v for v in views}
        if views:
            title.update(Text.assemble(
                (f"{len(views)} field{'s' if len(views) != 1 else ''} changed on two laptops "
                 "at once", "bold"),
                ": the later change is shown everywhere. k keeps it, l takes the lost value.",
                (UNNAMED if message.unnamed else "", "dim")))
        else:
            title.update(Text.assemble(("No conflicts", "bold"),
                                       ": no field was changed on two laptops at once."))
        listing = self.listing
        keep = listing.highlighted_option.id if listing.highlighted_option else None
        at = listing.highlighted or 0
        listing.set_options(Option(MarkedRow(partial(conflict_row, n, v)), id=v.key)
                            for n, v in enumerate(views, start=1))
        keys = [v.key for v in views]
        if keys:
            listing.highlighted = keys.index(keep) if keep in keys else min(at, len(keys) - 1)

    def lines(self) -> list[str]:
        """The conflicts listed, in plain words, in the order shown."""
        return [conflict_words(n, v) for n, v in enumerate(self.views.values(), start=1)]

    def _selected(self) -> ConflictView | None:
        option = self.listing.highlighted_option
        view = self.views.get(option.id) if option is not None and option.id else None
        if view is None:
            self.notify("There is no conflict to settle here.", severity="warning")
        return view

    def action_settle(self, take_lost: bool) -> None:
        view = self._selected()
        if view is None:
            return
        store, conflict = self.store, view.conflict
        what = (f"took the lost {view.field} {view.lost} from {view.lost_by}" if take_lost
                else f"kept the {view.field} {view.kept}")

        def job() -> Done:
            was = conflicts.record_of(store, conflict)
            before = {(type(was), was.id): was.to_dict()} if was is not None else {}
            after = conflicts.settle(store, conflict, take_lost=take_lost)
            return Done(after, undo.changed(what, before, [after] if after else []))

        def settled(_: object) -> None:
            self.notify(f"Settled: {what}.", timeout=4)
            self.show_records()

        self.save(job, then=settled)


__all__ = ["ConflictsScreen"]
