"""A terminal closed under the app (its window shut, an SSH link dropped, `make run` killed):
the app quits instead of spinning on an empty input with this laptop's journal locked.

Seen for real: after `tmux kill-session` on `make run`, the app got no hang-up signal (make
held it), read an empty input in a loop at 90% of a core, and kept the journal locked, so the
cigkit opened next on that folder could not save. The child here ignores the hang-up signal
to be in the same place.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
import time
from pathlib import Path

from cigkit.model import Note
from cigkit.store import Store

WAIT_S = 60.0
"""How long the test waits for the app to show itself, and then to quit (a hung app is
killed at the end: the test fails, it never hangs)."""


def _read_until(fd: int, marker: bytes, deadline: float) -> bytes:
    seen = b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            if marker in seen.replace(b"\x1b", b""):
                return seen
    return seen


def _exited(pid: int, deadline: float) -> int | None:
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(0.1)
    return None


def test_the_app_quits_when_its_terminal_is_closed_and_leaves_the_folder_writable(
    demo_dir: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "TERM": "xterm-256color", "CIGKIT_DEVICE": "closedterm",
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "xdg")}
    env.pop("TEXTUAL", None)
    pid, fd = pty.fork()
    if pid == 0:  # the child: no hang-up signal will stop it, as under `make run`
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        os.execve(sys.executable, [sys.executable, "-m", "cigkit", "--data", str(demo_dir)],
                  env)
    status = None
    try:
        shown = _read_until(fd, b"Which", time.monotonic() + WAIT_S)
        assert b"Which" in shown, shown[-300:]
        os.close(fd)  # the terminal goes away
        fd = -1
        status = _exited(pid, time.monotonic() + WAIT_S)
    finally:
        if fd >= 0:
            os.close(fd)
        if status is None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    assert status is not None, "the app kept running with its terminal gone"
    # The folder is free again: this laptop's cigkit opened next can save.
    with Store.open(demo_dir, device="closedterm") as store:
        saved = store.save(Note(workshop=3, team_id="t", text="after the window closed"))
        assert store.get(Note, saved.id) is not None
