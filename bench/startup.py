"""Benchmark: from launch to the first usable frame of the app, against a bare Textual app.

Both are launched the same way, as `python -m <module>` in a fresh pseudo-terminal of 80x24,
and timed until the terminal shows the words "Which workshop is it?": cigkit's workshop
picker over the full-size programme (bench/programme.py), and the bare app's one Static.
Then each is sent Ctrl+Q. Runs alternate so a noisy moment hits all of them; medians are
compared. cigkit is launched two ways each round:
- after a save: a note was saved since the last launch (as after any session of typing, or
  a change synced from another laptop);
- unchanged: nothing was saved since the last launch.
Either way the picker is drawn from the lines the last launch remembered, and put right in
place once the folder is open just after (a new laptop's journal, another day, or changed
plans or code make the folder be read first instead).
The last line is `RESULT startup_ratio=<after a save> startup_unchanged_ratio=<unchanged>`.

POSIX only (it needs a pseudo-terminal); the goal is a ratio of 1.3 or less.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.programme import DEVICE, build  # noqa: E402
from cigkit.model import Note  # noqa: E402
from cigkit.services import programme  # noqa: E402
from cigkit.store import Store  # noqa: E402

RUNS = 15
MARKER = "Whichworkshopisit?"
TIMEOUT_S = 60.0
BARE_APP = '''
from textual.app import App
from textual.widgets import Static


class Bare(App[None]):
    BINDINGS = [("ctrl+q", "quit", "Quit")]

    def compose(self):
        yield Static("Which workshop is it? (Enter to open, Esc to cancel)")


Bare().run()
'''
_ESCAPES = re.compile(
    rb"\x1b\[[0-9;?<>=$ ]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1bP[^\x1b]*\x1b\\"
    rb"|\x1b[()][A-Za-z0-9]|\x1b[=>78NOM]"
)


def launch_until_marker(module: str, args: list[str], env: dict[str, str]) -> float:
    """Seconds from fork to the marker on screen; the process is then closed."""
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: become the app
        os.execve(sys.executable, [sys.executable, "-m", module, *args], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    seen = b""
    elapsed = None
    try:
        deadline = started + TIMEOUT_S
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the child has gone
                break
            if not chunk:
                break
            seen += chunk
            text = _ESCAPES.sub(b"", seen).decode("utf-8", "replace")
            if MARKER in "".join(text.split()):
                elapsed = time.perf_counter() - started
                break
        if elapsed is None:
            shown = _ESCAPES.sub(b"", seen).decode("utf-8", "replace")[-400:]
            raise SystemExit(f"{module} never showed the marker; it showed: {shown!r}")
        os.write(fd, b"\x11")  # Ctrl+Q
        _reap(pid, fd)
    finally:
        os.close(fd)
    return elapsed


def _reap(pid: int, fd: int) -> None:
    """Drain the terminal until the child exits (killing it after a few seconds)."""
    deadline = time.perf_counter() + 5
    while time.perf_counter() < deadline:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            return
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                os.read(fd, 65536)
            except OSError:
                pass
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def save_a_note(data: Path, n: int) -> None:
    """A note saved as typing saves it, a while ago (older than the two seconds in which a
    file's time is not trusted), so the next launch finds a folder changed since its last."""
    with Store.open(data, device=DEVICE) as store:
        team = programme.teams(store)[0]
        store.save(Note(workshop=1, team_id=team.id, text=f"Typed between launches {n}"))
    journal = data / "journals" / f"{DEVICE}.jsonl"
    then = time.time() - 10
    os.utime(journal, (then, then))


def main() -> None:
    bare: list[float] = []
    saved: list[float] = []
    unchanged: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = folder / "data"
        count = build(data)
        (folder / "bare_app.py").write_text(BARE_APP, encoding="utf-8")
        env = {**os.environ, "TERM": "xterm-256color", "CIGKIT_DEVICE": DEVICE,
               "PYTHONPATH": os.pathsep.join([str(ROOT), str(folder)]),
               "XDG_CONFIG_HOME": str(folder / "config"), "XDG_DATA_HOME": str(folder / "xdg"),
               "XDG_CACHE_HOME": str(folder / "cache")}
        env.pop("TEXTUAL", None)
        # An installed cigkit has its bytecode compiled (pip and pipx do it on install), as
        # Textual's has here: let both write and reuse it, so the comparison is like for like.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        # One unmeasured launch of each, so both start from warm file caches (and cigkit from
        # the plan titles it remembers in its cache folder, as on a second launch anywhere).
        launch_until_marker("bare_app", [], env)
        save_a_note(data, 0)
        launch_until_marker("cigkit", ["--data", str(data)], env)
        for n in range(1, RUNS + 1):
            bare.append(launch_until_marker("bare_app", [], env))
            save_a_note(data, n)
            saved.append(launch_until_marker("cigkit", ["--data", str(data)], env))
            unchanged.append(launch_until_marker("cigkit", ["--data", str(data)], env))
    b, c, u = statistics.median(bare), statistics.median(saved), statistics.median(unchanged)
    print("bare Textual app runs (s):   " + " ".join(f"{x:.3f}" for x in bare))
    print("cigkit after a save (s):     " + " ".join(f"{x:.3f}" for x in saved))
    print("cigkit, folder unchanged (s): " + " ".join(f"{x:.3f}" for x in unchanged))
    print(f"records: {count}; median first frame: bare {b:.3f} s, cigkit {c:.3f} s after a "
          f"save, {u:.3f} s with the folder unchanged")
    print(f"RESULT startup_ratio={c / b:.2f} startup_unchanged_ratio={u / b:.2f} "
          f"cigkit_s={c:.3f} cigkit_unchanged_s={u:.3f} bare_s={b:.3f}")


if __name__ == "__main__":
    main()
