"""The day's agenda with planned and projected start times, and the drift line in words.

Blocks already done show how long they really took next to what was planned, which is what
the minutes and the next workshop's planning need.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from ...clock import BlockTiming, ClockState
from ...services.day_story import drift_words, hhmm

KIND_SHORT = {
    "plenary": "plenary",
    "table discussion": "tables",
    "break": "break",
    "report-back": "report",
}


def _row(timing: BlockTiming, state: ClockState) -> tuple[str, ...]:
    """One block: mark, title, kind, planned and projected start, minutes, minutes taken."""
    done = timing.index < state.index
    current = timing.index == state.index and not state.finished
    if timing.skipped:
        mark = "skip"
    elif done:
        mark = "done"
    elif current:
        mark = "now"
    else:
        mark = ""
    plan_min = timing.plan_s // 60
    added = timing.planned_s // 60 - plan_min
    minutes = f"{plan_min}{added:+d}" if added else str(plan_min)
    took = ""
    if timing.actual_s is not None and (done or current):
        actual_min = round(timing.actual_s / 60)
        took = f"{actual_min}"
        if done and not timing.skipped:
            diff = actual_min - plan_min  # against the plan as written, extensions included
            took += f" ({diff:+d})" if diff else " (=)"
    return (
        mark,
        timing.title,
        KIND_SHORT.get(timing.kind, timing.kind),
        hhmm(timing.planned_start),
        hhmm(timing.projected_start),
        minutes,
        took,
    )


class Agenda(DataTable[Text]):
    """Every block of the day: planned start, projected (or real) start, minutes, time taken."""

    DEFAULT_CSS = """
    Agenda { height: 1fr; }
    """
    COLUMNS = ("", "Block", "Kind", "Planned", "Projected", "Min", "Took")
    # Every column but the title has a width that holds its longest value ("120+15",
    # "125 (+35)"), so no cell is ever cut mid-bracket; the title gets what is left at 80
    # columns and more (each column has a cell of padding either side; 2 for the scrollbar).
    WIDTHS = {"": 4, "Kind": 7, "Planned": 7, "Projected": 9, "Min": 6, "Took": 9}
    OTHER_COLUMNS_WIDTH = sum(WIDTHS.values()) + 2 * len(COLUMNS) + 2

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._rows: list[tuple[str, ...]] = []
        self._state: ClockState | None = None

    def on_mount(self) -> None:
        for label in self.COLUMNS:
            if label == "Block":
                self.add_column(label, key=label, width=self._title_width())
            else:
                self.add_column(label, key=label or "mark", width=self.WIDTHS[label])

    def _title_width(self) -> int:
        return max(12, self.size.width - self.OTHER_COLUMNS_WIDTH)

    def on_resize(self) -> None:
        column = self.columns.get("Block")  # type: ignore[call-overload]
        if column is not None and column.width != self._title_width():
            column.width = self._title_width()
            self._rows = []
            self.show(self._state)

    def show(self, state: ClockState | None) -> None:
        """Redraw only when a row changed, keeping the cursor where the facilitator left it."""
        self._state = state
        rows = [] if state is None else [_row(t, state) for t in state.blocks]
        if rows == self._rows:
            return
        first = not self._rows
        self._rows = rows
        cursor = self.cursor_row
        self.clear()
        for index, row in enumerate(rows):
            self.add_row(*(Text(cell) for cell in row), key=str(index))  # never markup
        if state is not None and rows:
            target = min(state.index, len(rows) - 1) if first else cursor
            self.move_cursor(row=target, animate=False)


# The day's line in words lives with the services (shared with the projector and `cigkit
# status`); `drift_words` and `hhmm` are re-exported for screens that import them from here.
__all__ = ["Agenda", "drift_words", "hhmm"]
