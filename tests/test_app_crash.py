"""An unexpected error in the app ends it with one sentence; the details go to a private file."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from cigkit.tui.app import make_app


async def test_an_unexpected_error_is_one_sentence_and_a_private_report(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app = make_app(demo_dir, workshop=3)

    def boom() -> None:
        raise ZeroDivisionError("note about Fiona")

    app.action_export = boom  # type: ignore[method-assign]
    with pytest.raises(ZeroDivisionError):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("ctrl+e")
            await pilot.pause()
    app.store.close()
    said = " ".join(capsys.readouterr().err.split())
    assert "cigkit stopped after an unexpected error (ZeroDivisionError)" in said
    assert "Traceback" not in said and "Fiona" not in said
    reports = list((demo_dir / "logs").glob("crash-*.txt"))
    assert len(reports) == 1 and "ZeroDivisionError: note about Fiona" in reports[0].read_text()
    assert stat.S_IMODE(reports[0].stat().st_mode) == 0o600
