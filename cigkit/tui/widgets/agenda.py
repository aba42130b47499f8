"""The day's agenda with planned and projected start times, and the drift line in words.

Blocks already done show how long they really took next to what was planned, which is what
the minutes and the next workshop's planning need.
"""

from __future__ import annotations

from datetime import datetime

from textual.widgets import DataTable

from ...clock import BlockTiming, ClockState

KIND_SHORT = {
    "plenary": "plenary",
    "table discussion": "tables",
    "break": "break",
    "report-back": "report",
}


def hhmm(moment: datetime) -> str:
    return moment.astimezone().strftime("%H:%M")


def minutes_words(seconds: float) -> str:
    whole = round(abs(seconds) / 60)
    if whole < 90:
        return f"{whole} min"
    hours, minutes = divmod(whole, 60)
    if hours >= 48:
        return f"{hours // 24} days"
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def drift_words(state: ClockState) -> str:
    """ "12 min behind; lunch at 12:47; day ends 16:12" - the header line of the day."""
    if state.finished:
        late = state.drift_s
        how = "on time" if abs(late) < 60 else (
            f"{minutes_words(late)} {'late' if late > 0 else 'early'}")
        return f"Day finished at {hhmm(state.day_end_projected)}, {how}"
    drift = state.drift_s
    if abs(drift) < 60:
        parts = ["On time"]
    else:
        parts = [f"{minutes_words(drift)} {'behind' if drift > 0 else 'ahead'}"]
    if state.next_break is not None:
        parts.append(f"{state.next_break.title.lower()} at "
                     f"{hhmm(state.next_break.projected_start)}")
    parts.append(f"day ends {hhmm(state.day_end_projected)}")
    if abs(drift) >= 60:
        parts[-1] += f" (planned {hhmm(state.day_end_planned)})"
    return "; ".join(parts)


def _row(timing: BlockTiming, state: ClockState) -> tuple[str, ...]:
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


class Agenda(DataTable[str]):
    """Every block of the day: planned start, projected (or real) start, minutes, time taken."""

    DEFAULT_CSS = """
    Agenda { height: 1fr; }
    """
    COLUMNS = ("", "Block", "Kind", "Planned", "Projected", "Min", "Took")
    OTHER_COLUMNS_WIDTH = 54  # everything but the block title, with cell padding

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._rows: list[tuple[str, ...]] = []
        self._state: ClockState | None = None

    def on_mount(self) -> None:
        for label in self.COLUMNS:
            if label == "Block":
                self.add_column(label, key=label, width=self._title_width())
            else:
                self.add_column(label, key=label or "mark")

    def _title_width(self) -> int:
        return max(20, self.size.width - self.OTHER_COLUMNS_WIDTH)

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
            self.add_row(*row, key=str(index))
        if state is not None and rows:
            target = min(state.index, len(rows) - 1) if first else cursor
            self.move_cursor(row=target, animate=False)
