"""Exports under faults: a full disk, an IO error, kill -9. Every minutes file is then its
old version or its new one, never half of one, and the facilitator reads one sentence."""

from __future__ import annotations

import errno
import os
import random
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from cigkit.cli import run
from cigkit.model import Note, Team
from cigkit.store import Store

EXPORT = ["export", "--all", "--html"]


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def versions(demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
             ) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The export as it was (already in exports/) and as the next one will write it."""
    out = tmp_path / "exports"
    assert run(["--data", str(demo_dir), *EXPORT, "--out", str(out)]) == 0
    old = tree(out)
    with Store.open(demo_dir) as store:
        for team in store.all(Team):
            store.save(Note(workshop=2, team_id=team.id, text=f"Added later for {team.name}",
                            sharing="team"))
    fresh = tmp_path / "fresh"
    assert run(["--data", str(demo_dir), *EXPORT, "--out", str(fresh)]) == 0
    capsys.readouterr()
    new = tree(fresh)
    assert len(old) == len(new) == 50 and old != new
    return old, new


def assert_each_file_old_or_new(out: Path, old: dict[str, bytes], new: dict[str, bytes]
                                ) -> None:
    now = tree(out)
    shown = {name: data for name, data in now.items() if not Path(name).name.startswith(".")}
    assert set(shown) == set(old)
    for name, data in shown.items():
        assert data in (old[name], new[name]), f"{name} is neither the old nor the new one"
    for name in set(now) - set(shown):  # a kill can leave the hidden temp file, nothing else
        assert Path(name).name.endswith(".tmp"), name


@pytest.mark.parametrize(("fault", "code"), [("write", errno.ENOSPC), ("write", errno.EIO),
                                             ("fsync", errno.EIO)])
def test_a_full_disk_or_io_error_during_export_is_one_sentence_and_breaks_no_file(
    demo_dir: Path, tmp_path: Path, versions: tuple[dict[str, bytes], dict[str, bytes]],
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    fault: str, code: int,
) -> None:
    old, new = versions
    out = tmp_path / "exports"
    calls = {"n": 0}
    real = getattr(os, fault)

    def failing_after_a_while(*args: object) -> object:
        calls["n"] += 1
        if calls["n"] > 12:
            raise OSError(code, os.strerror(code))
        return real(*args)

    monkeypatch.setattr(os, fault, failing_after_a_while)
    status = run(["--data", str(demo_dir), *EXPORT, "--out", str(out)])
    monkeypatch.setattr(os, fault, real)
    _, err = capsys.readouterr()
    assert status == 2 and err.count("\n") == 1, err
    assert err.startswith(f"cigkit: Could not write the minutes to {out.resolve()}/")
    assert os.strerror(code) in err and "of 50 files were written, each whole" in err
    assert_each_file_old_or_new(out, old, new)
    assert not [p for p in out.rglob(".*")], "a failed write left its temp file"


CHILD = """
import itertools, os, sys, time
from cigkit import cli
mode, after = sys.argv[1], int(sys.argv[2])
calls = itertools.count(1)  # next() is atomic: the writers run in several threads
real_write, real_replace = os.write, os.replace

def pause():
    print("PAUSED", flush=True)
    time.sleep(60)

def write(fd, data):
    if mode == "half-written" and next(calls) == after:
        real_write(fd, bytes(data)[: len(data) // 2])
        os.fsync(fd)
        pause()
    return real_write(fd, data)

def replace(src, dst):
    if mode == "before-rename" and next(calls) == after:
        pause()
    return real_replace(src, dst)

os.write, os.replace = write, replace
sys.exit(cli.run(sys.argv[3:]))
"""


@pytest.mark.parametrize("moment", ["half-written", "before-rename"])
def test_kill_9_in_the_middle_of_writing_a_file_leaves_the_old_one(
    demo_dir: Path, tmp_path: Path, versions: tuple[dict[str, bytes], dict[str, bytes]],
    moment: str,
) -> None:
    """A real process, stopped at a chosen point inside one file's write, then SIGKILLed."""
    old, new = versions
    out = tmp_path / "exports"
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, moment, "20", "--data", str(demo_dir), *EXPORT,
         "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if "PAUSED" in line:  # printed from a writer thread, maybe amid a path
            break
    else:
        pytest.fail(f"the export never reached the chosen moment: {proc.stderr.read()}")
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    assert_each_file_old_or_new(out, old, new)
    assert [p.name for p in out.rglob(".*.tmp")], "the paused write's temp file is missing"


def test_kill_9_at_random_moments_of_an_export_never_leaves_half_a_file(
    demo_dir: Path, tmp_path: Path, versions: tuple[dict[str, bytes], dict[str, bytes]],
) -> None:
    old, new = versions
    out = tmp_path / "exports"
    rnd = random.Random(13)
    for _ in range(4):
        proc = subprocess.Popen(
            [sys.executable, "-m", "cigkit", "--data", str(demo_dir), *EXPORT, "--out",
             str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        for _ in range(rnd.randint(1, 30)):  # the files printed so far are written
            if not proc.stdout.readline():
                break
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        assert_each_file_old_or_new(out, old, new)


@pytest.mark.parametrize("umask", [0o000, 0o022])
def test_exported_minutes_are_the_owners_alone_whatever_the_umask(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], umask: int
) -> None:
    out = tmp_path / "new" / "minutes"
    previous = os.umask(umask)
    try:
        assert run(["--data", str(demo_dir), *EXPORT, "--out", str(out)]) == 0
    finally:
        os.umask(previous)
    files = [p for p in out.rglob("*") if p.is_file()]
    folders = [out, *(p for p in out.rglob("*") if p.is_dir())]
    assert len(files) == 50
    assert {stat.S_IMODE(p.stat().st_mode) for p in files} == {0o600}
    assert {stat.S_IMODE(p.stat().st_mode) for p in folders} == {0o700}
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700
