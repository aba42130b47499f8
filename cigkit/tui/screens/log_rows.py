"""How the notes screen reads: an entry's row, a line not saved yet, and the two lines of
context above the list, made as text apart from the screen that files the lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text

from ...errors import UserError
from ...services import day as day_service
from ...services.search import Entry
from ...store import Store
from ..place import Here, Where
from ..widgets.log_entry_line import clock_time, entry_line


@dataclass
class Unsaved:
    """A line submitted and not saved yet: saving, or failed with the store's sentence."""

    line: str
    where: Where
    failed: str = ""
    job: str = ""  # the app's key for its save


def short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def entry_row(entry: Entry, problems: tuple[str, ...] = (), mark: str = "",
              by: str = "") -> Text:
    """A saved entry, the laptop it came from if another, and what is wrong with it."""
    line = entry_line(entry, mark or f"✓ saved {clock_time(entry)}")
    if by:
        line.append(f"  · from {by}", style="dim")
    for problem in problems:
        line.append(f"\n    ⚠ {problem} Fix it in the timeline (Ctrl+L).", style="yellow")
    return line


def unsaved_row(unsaved: Unsaved, other_team: str | None = None) -> Text:
    """A line still saving, or one that failed (naming its team if not the one on show)."""
    if not unsaved.failed:
        return Text(f"… saving  {unsaved.line}", style="dim")
    row = Text(f"✗ not saved: {unsaved.failed}", style="bold red")
    if other_team is not None:
        row.append(f"  ({other_team})")
    row.append(f"\n    {unsaved.line}   Ctrl+R saves it again", style="red")
    return row


def table_and_team(here: Here, width: int) -> Text:
    """'Table Mental health (2/3)  Team  Crisis Cafe (1/3) ', names cut to fit the line
    (the table's first), never dropped."""
    team_counts, table_counts = f" ({here.team_place}) ", f" ({here.cig_place})"
    fixed = len("Table ") + len(table_counts) + len("  Team  ") + len(team_counts)
    room = max(8, width - fixed)
    team = short(here.team_name, max(8, room - min(len(here.cig_name), 8)))
    table = short(here.cig_name, max(8, room - len(team)))
    line = Text()
    line.append("Table ", style="dim")
    line.append(f"{table}{table_counts}", style="bold")
    line.append("  Team ", style="dim")
    line.append(f" {team}{team_counts}", style="bold reverse")
    return line


def block_words(store: Store, workshop: int, sharing: str, now: datetime,
                width: int) -> Text:
    """'Workshop 3  sharing team  block 2/5 <title>', the title shortened to fit."""
    line = Text()
    line.append(f"Workshop {workshop}", style="bold")
    line.append("  sharing ", style="dim")
    line.append(sharing.upper() if sharing == "internal" else sharing,
                style="bold red" if sharing == "internal" else "bold")
    try:
        state = day_service.state(store, workshop, now=now)
    except UserError:
        state = None
    if state is None:
        words = "  no agenda"
    elif state.current is None:
        words = "  the day is over"
    else:
        words = f"  block {state.index + 1}/{len(state.blocks)} {state.current.title}"
    room = max(12, width - line.cell_len)
    line.append(short(words, room))
    return line
