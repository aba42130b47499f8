"""The run screen's flags: every kind stays in sight at 80x24, however many teams it names."""

from __future__ import annotations

from pathlib import Path

from conftest import FakeClock, OpenApp
from test_run_screen import _snapshot_app, settle
from textual.widgets import Static


async def test_nobody_present_and_no_public_advisor_are_both_readable_at_80x24(
    demo_dir: Path, fake_clock: FakeClock, open_app: OpenApp
) -> None:
    app = _snapshot_app(demo_dir, fake_clock, open_app)  # Diabetes present, without Lena
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        flags = app.screen.query_one("#flags", Static)
        lines = [flags.render_line(y).text.strip() for y in range(flags.size.height)]
        assert len(lines) == 2
        assert lines[0].startswith("a attendance · Nobody present (8): ") and lines[0].endswith("…")
        assert lines[1] == "No public advisor (1): Diabetes Foot Care"
    app.store.close()
