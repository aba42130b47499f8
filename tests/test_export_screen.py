"""Minutes written from the app (Ctrl+E) in the background, with the result said in the dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import OpenApp, send_keys, settle
from textual.widgets import Static

from cigkit.tui.screens.export import ExportScreen


async def test_ctrl_e_writes_this_workshops_minutes_and_says_where(
    open_app: OpenApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    app = open_app(workshop=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await send_keys(pilot, "ctrl+e")
        assert isinstance(app.screen, ExportScreen)
        await send_keys(pilot, "enter")  # the Export button has the focus
        await settle(pilot)
        said = str(app.screen.query_one("#export-result", Static).render())
    exports = tmp_path / "exports"
    written = [p for p in exports.rglob("*") if p.is_file()]
    assert said == f"✓ Wrote {len(written)} files to {exports}."
    assert any(p.parent.parent.name == "workshop-02" and p.suffix == ".md" for p in written)
