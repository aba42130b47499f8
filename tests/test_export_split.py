"""A big export from the command line renders in two processes: the same files, byte for
byte and in the same order, as one process writes; a template broken in either process, or a
second process that dies, is one sentence and leaves every file whole.

The forking runs in a fresh interpreter (a pytest worker has threads of its own, and the
command line forks only when it has none), with `SPLIT_FROM` lowered so the demo programme's
few documents are split as a full programme's are.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cigkit.cli import run
from cigkit.minutes.environment import PACKAGE_TEMPLATES
from cigkit.model import Cig
from cigkit.services import export
from cigkit.services.export_split import can_split, shares
from cigkit.store import Store

FORKS = hasattr(os, "fork") and sys.platform != "darwin"
"""Can this platform make the two-process export (not Windows, which cannot fork, nor
macOS, whose system libraries must not be used in a forked copy)?"""

SPLIT_CLI = """
import sys
import cigkit.services.export as export
import cigkit.services.export_split as split
export.SPLIT_FROM = 1
forked = []
real_init = split.SplitExport.__init__
def init(self, *args, **kwargs):
    forked.append(True)
    real_init(self, *args, **kwargs)
split.SplitExport.__init__ = init
{extra}
from cigkit.cli import run
from cigkit.minutes.environment import PACKAGE_TEMPLATES
code = run(sys.argv[1:])
print("forked" if forked else "one process", file=sys.stderr)
sys.exit(code)
"""


def split_cli(*args: str, extra: str = "") -> subprocess.CompletedProcess[str]:
    """The command line in a fresh process, splitting from one document on."""
    return subprocess.run([sys.executable, "-c", SPLIT_CLI.format(extra=extra), *args],
                          capture_output=True, text=True, check=False, env=os.environ.copy())


def tree(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mode & 0o777)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def two_processes(test: Callable[..., None]) -> Callable[..., None]:
    """A test of the two-process export; where there is none (see FORKS), what the same
    command promises there is checked instead: it exports in one process, the same files."""
    @functools.wraps(test)
    def checked(**fixtures: Any) -> None:
        if FORKS:
            test(**fixtures)
            return
        demo_dir, tmp_path = fixtures["demo_dir"], fixtures["tmp_path"]
        one, here = tmp_path / "one-process", tmp_path / "as-run-here"
        assert run(["--data", str(demo_dir), "export", "--all", "--html", "--out", str(one),
                    "--one-process"]) == 0
        done = split_cli("--data", str(demo_dir), "export", "--all", "--html", "--out",
                         str(here))
        assert done.returncode == 0, done.stderr
        assert done.stderr.splitlines()[-1] == "one process"
        assert tree(here) == tree(one)

    return checked


@two_processes
def test_two_processes_write_the_same_files_in_the_same_order_as_one(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    assert run(["--data", str(demo_dir), "export", "--all", "--html", "--out", str(one),
                "--one-process"]) == 0
    printed_one = capsys.readouterr().out.splitlines()
    done = split_cli("--data", str(demo_dir), "export", "--all", "--html", "--out", str(two))
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-1] == "forked"
    assert [line.replace(str(two.resolve()), str(one.resolve()))
            for line in done.stdout.splitlines()] == printed_one
    assert tree(two) == tree(one) and len(tree(one)) == 50


@two_processes
def test_a_template_broken_only_in_the_second_process_writes_nothing(
    demo_dir: Path, tmp_path: Path
) -> None:
    with Store.open(demo_dir) as store:
        last_cig = sorted(store.all(Cig), key=lambda c: (c.name.casefold(), c.id))[-1]
    templates = demo_dir / "templates"
    templates.mkdir()
    text = (PACKAGE_TEMPLATES / "team.md.j2").read_text(encoding="utf-8")
    # The last CIG's teams are the second process's.
    (templates / "team.md.j2").write_text(
        "{% if workshop.number == 1 and cig.name == " + repr(last_cig.name)
        + " %}{{ no_such_field.x }}{% endif %}\n" + text, encoding="utf-8")
    out = tmp_path / "exports"
    out.mkdir()
    (out / "programme.md").write_text("the old overview\n", encoding="utf-8")
    done = split_cli("--data", str(demo_dir), "export", "--all", "--out", str(out))
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert lines[-1] == "forked"
    assert len(lines) == 2 and "team.md.j2" in lines[0] and "cannot be used" in lines[0]
    assert "Traceback" not in done.stderr
    assert {name: data for name, (data, _) in tree(out).items()} == {
        "programme.md": b"the old overview\n"}


@two_processes
def test_a_second_process_that_dies_while_rendering_is_one_sentence_and_writes_nothing(
    demo_dir: Path, tmp_path: Path
) -> None:
    kill_in_child = """
import os, signal
real_second = split._second_process
def dying(to_parent, from_parent, docs, render, page, write):
    os.kill(os.getpid(), signal.SIGKILL)
split._second_process = dying
"""
    out = tmp_path / "exports"
    done = split_cli("--data", str(demo_dir), "export", "--all", "--html", "--out", str(out),
                     extra=kill_in_child)
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert lines[-1] == "forked"
    assert lines[:-1] == ["cigkit: The second process rendering the minutes stopped (it was "
                          "ended by signal 9); nothing was written."]
    assert not out.exists() or tree(out) == {}


@two_processes
def test_a_second_process_that_dies_while_pages_are_written_leaves_each_file_whole(
    demo_dir: Path, tmp_path: Path
) -> None:
    die_on_first_page = """
import os, signal
real_second = split._second_process
def second(to_parent, from_parent, docs, render, page, write):
    def dying_page(doc, text):
        os.kill(os.getpid(), signal.SIGKILL)
    real_second(to_parent, from_parent, docs, render, dying_page, write)
split._second_process = second
"""
    out = tmp_path / "exports"
    done = split_cli("--data", str(demo_dir), "export", "--all", "--html", "--out", str(out),
                     extra=die_on_first_page)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == "forked"
    message = done.stderr.splitlines()[-2]
    assert message.startswith("cigkit: The second process writing the minutes stopped (it "
                              "was ended by signal 9); ")
    assert message.endswith(" files were written, each whole, and the others were left as "
                            "they were.")
    written = tree(out)
    assert written and all(not name.split("/")[-1].startswith(".") for name in written)
    # What was written is what one process writes (the first process's share: the second
    # process died on its first page).
    one = tmp_path / "one"
    assert run(["--data", str(demo_dir), "export", "--all", "--html", "--out", str(one),
                "--one-process"]) == 0
    assert all(written[name] == tree(one)[name] for name in written)


def test_the_app_and_a_call_without_processes_never_fork(
    demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("forked")

    monkeypatch.setattr(export, "SPLIT_FROM", 1)
    monkeypatch.setattr(export, "can_split", lambda: True)
    monkeypatch.setattr(export, "SplitExport", refuse)
    assert export.export_minutes(demo_store, tmp_path / "out", all=True, html=True)


def test_no_fork_while_another_thread_runs_or_on_windows_and_macos(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not can_split()
    finally:
        stop.set()
        other.join()
    for platform in ("win32", "darwin"):
        monkeypatch.setattr(sys, "platform", platform)
        assert not can_split()


def test_each_team_s_minutes_of_every_workshop_stay_in_one_process(tmp_path: Path) -> None:
    class Doc:
        def __init__(self, path: Path) -> None:
            self.path = path

    names = [("w1/a", "t1.md"), ("w1/a", "t2.md"), ("w1/a", "summary.md"),
             ("w1/b", "t3.md"), ("w1/b", "summary.md")]
    docs = [Doc(tmp_path / folder.replace("w1", w) / name)
            for w in ("w1", "w2") for folder, name in names]
    docs.append(Doc(tmp_path / "programme.md"))
    theirs = shares(docs)
    by_team: dict[tuple[str, str], set[bool]] = {}
    for doc, second in zip(docs, theirs, strict=True):
        by_team.setdefault((doc.path.parent.name, doc.path.name), set()).add(second)
    assert all(len(sides) == 1 for sides in by_team.values())
    assert theirs.count(True) == 5  # t3 and b's summary in both workshops, the overview
    assert not theirs[0] and theirs[3] and theirs[-1]


FULL_DISK_IN_CHILD = """
import errno, os
real_second = split._second_process
def second(to_parent, from_parent, docs, render, page, write):
    calls = [0]
    def failing(path, text):
        calls[0] += 1
        if calls[0] > 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        write(path, text)
    real_second(to_parent, from_parent, docs, render, page, failing)
split._second_process = second
"""

FULL_DISK_IN_PARENT = """
import errno, os
parent = os.getpid()
real_write = export._write_atomic
calls = [0]
def failing(path, text):
    calls[0] += 1
    if os.getpid() == parent and calls[0] > 5:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
    real_write(path, text)
export._write_atomic = failing
"""


@pytest.mark.parametrize("fault", [FULL_DISK_IN_CHILD, FULL_DISK_IN_PARENT],
                         ids=["second process", "first process"])
@two_processes
def test_a_full_disk_in_either_process_stops_both_and_counts_every_file_written(
    demo_dir: Path, tmp_path: Path, fault: str
) -> None:
    out = tmp_path / "exports"
    done = split_cli("--data", str(demo_dir), "export", "--all", "--html", "--out", str(out),
                     extra=fault)
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines()[-1] == "forked"
    message = done.stderr.splitlines()[-2]
    assert message.startswith("cigkit: Could not write the minutes to ")
    assert ": No space left on device; " in message
    written = tree(out)
    assert message.endswith(f"; {len(written)} of 50 files were written, each whole, and the "
                            "others were left as they were.")
    one = tmp_path / "one"
    assert run(["--data", str(demo_dir), "export", "--all", "--html", "--out", str(one),
                "--one-process"]) == 0
    whole = tree(one)
    assert written and all(written[name] == whole[name] for name in written)


@two_processes
def test_ctrl_c_reaching_both_processes_leaves_no_temporary_file(
    demo_dir: Path, tmp_path: Path
) -> None:
    """A terminal's Ctrl+C signals the whole process group: the second process is in the
    middle of writing its first file when it arrives."""
    interrupt_mid_write = """
import os, signal, time
real_second = split._second_process
def second(to_parent, from_parent, docs, render, page, write):
    def interrupted_write(path, text):
        os.killpg(0, signal.SIGINT)
        time.sleep(0.2)
        write(path, text)
    real_second(to_parent, from_parent, docs, render, page, interrupted_write)
split._second_process = second
"""
    out = tmp_path / "exports"
    done = subprocess.run(
        [sys.executable, "-c", SPLIT_CLI.format(extra=interrupt_mid_write), "--data",
         str(demo_dir), "export", "--all", "--html", "--out", str(out)],
        capture_output=True, text=True, check=False, env=os.environ.copy(),
        start_new_session=True)
    assert done.returncode == 130, done.stderr
    assert "Traceback" not in done.stderr
    left = [p.name for p in out.rglob("*") if p.is_file() and p.name.startswith(".")]
    assert left == []
    one = tmp_path / "one"
    assert run(["--data", str(demo_dir), "export", "--all", "--html", "--out", str(one),
                "--one-process"]) == 0
    assert all(data == tree(one)[name] for name, data in tree(out).items())
