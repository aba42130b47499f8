"""A table of records keyed by their ids that keeps the highlighted record across a reload.

Its cells are plain text (a `str` is never read as markup), and the highlighted row is drawn
in reverse video under NO_COLOR and in the high-contrast theme, not only in another shade.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist

Cell = str | Text


class RecordTable(DataTable[Any]):
    """Rows are records (actions, entries); the cursor follows the record, not the row number.

    A cell given as a str is shown as typed, never read as markup (a note may hold '[/b]').
    """

    DEFAULT_CSS = """
    RecordTable:nocolor > .datatable--cursor { text-style: bold reverse; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def current_key(self) -> str | None:
        """The id of the highlighted record, or None when the table is empty."""
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except CellDoesNotExist:
            return None
        return str(key.value) if key.value is not None else None

    def refill(self, rows: Iterable[tuple[str, Sequence[Cell]]], *,
               columns: Sequence[str] | None = None, otherwise_last: bool = False) -> None:
        """Replace every row (and the columns when given), keeping the highlighted record;
        if it is gone, the cursor stays on the same row (the record after it) or, when
        `otherwise_last`, goes to the last row."""
        keep = self.current_key()
        was_at = self.cursor_row
        self.clear(columns=columns is not None)
        if columns is not None:
            self.add_columns(*columns)
        keys = []
        for key, cells in rows:
            # a str cell would be read as markup: user text ("[public advisor]") stays text
            self.add_row(*(Text(c) if isinstance(c, str) else c for c in cells), key=key)
            keys.append(key)
        if keep in keys:
            self.move_cursor(row=keys.index(keep))
        elif otherwise_last and keys:
            self.move_cursor(row=len(keys) - 1)
        elif keys:
            self.move_cursor(row=min(was_at, len(keys) - 1))
