"""How `cigkit` opens the app: on the workshop picker drawn from what the last launch showed
(the folder opened just after the first frame, and the picker put right from it), else after
opening the folder, as every test's `make_app` does."""

from __future__ import annotations

from pathlib import Path

from ..services import workshop_lines
from .app import CigkitApp, Clock, make_app, system_now
from .opening import LateStore


def launch_app(data_dir: Path, *, now: Clock = system_now) -> CigkitApp:
    """The app as `cigkit` opens it: on the workshop picker's lines as the last launch left
    them, when they were kept under the same date, journals, plans and code, the folder
    opened just after the first frame (tui/opening.py) and the lines put right from it; else
    as `make_app` makes it. Either way the picker's lines are remembered for the next one."""
    today = now().date()
    sources = workshop_lines.folder_sources(data_dir, today)  # before the folder is read
    remembered = workshop_lines.remembered(data_dir, sources)
    if remembered is not None:
        app = CigkitApp(LateStore(data_dir), now=now, remembered=remembered)
    else:
        app = make_app(data_dir, now=now)
    app.first_sources = sources
    return app


def run_app(data_dir: Path) -> int:
    """Open the app on a data folder; an empty or new one opens on the first-run screen (and
    is removed again on quitting if nothing was saved in it)."""
    app = launch_app(data_dir)
    try:
        app.run()
    finally:
        app.close_store()
    if app.open_error is not None:
        raise app.open_error  # said in one sentence by the command line, as before the app
    return app.return_code or 0


__all__ = ["launch_app", "run_app"]
