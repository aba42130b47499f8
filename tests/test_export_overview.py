"""The programme overview while a workshop is under way, and against the plan as written."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from cigkit.services import day
from cigkit.services.export import export_minutes
from cigkit.store import Store


def test_a_block_still_running_is_not_reported_as_finished(
    demo_store: Store, tmp_path: Path
) -> None:
    start = datetime(2026, 11, 24, 9, 30).astimezone()
    day.record(demo_store, 3, "start", at=start)
    day.record(demo_store, 3, "extend", seconds=300, at=start + timedelta(minutes=25))
    day.record(demo_store, 3, "next", at=start + timedelta(minutes=36))
    export_minutes(demo_store, tmp_path)
    md = (tmp_path / "programme.md").read_text()
    section = md[md.index("### Workshop 3"):]
    # Planned 30 as written; the 5 minutes added on the day are part of the overrun.
    assert "| 1. Welcome and actions since workshop 2 | 30 | 36 | +6 |" in section
    assert "| 30 | running |  |" in section
    assert "| Whole day | 390 | 36 |" in section
    assert "counted as at workshop 3 " in md


def test_between_workshops_actions_are_counted_as_at_the_next_one(
    demo_store: Store, tmp_path: Path
) -> None:
    export_minutes(demo_store, tmp_path)
    assert "counted as at workshop 3 " in (tmp_path / "programme.md").read_text()


def test_minutes_of_a_workshop_moved_to_another_day_give_the_day_it_ran(
    demo_store: Store, tmp_path: Path
) -> None:
    day.record(demo_store, 3, "start", at=datetime(2026, 11, 26, 9, 35).astimezone())
    export_minutes(demo_store, tmp_path, workshop=3, team="crisis")
    md = (tmp_path / "workshop-03" / "mental-health-and-dementia" / "crisis-cafe.md").read_text()
    assert "- Date: 2026-11-26" in md
