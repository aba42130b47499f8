"""Command lines a tired facilitator (or a broken script) might type, thousands of them.

Arguments are built from the real commands and options with values that are right, wrong,
empty, random text, or bytes that are not UTF-8 (what a Latin-1 terminal or a bad file name
hands Python, as surrogates). Whatever the line: no traceback; a rejection is exit status 2
with one sentence; a rejection leaves the data as it was (every byte of the folder's data
files, from which `cigkit dump --json` is made; the dump itself is compared as well, every
so often and at the end); and a rejected command against a new folder leaves no folder.
"""

from __future__ import annotations

import io
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cigkit.cli import run

ROSTER = "cig,team,member,role\nLong-term conditions,Diabetes Foot Care,Ann Lee,intern\n"


def fsdecoded(raw: bytes) -> str:
    """What Python makes of these bytes arriving in argv on POSIX."""
    return raw.decode("utf-8", "surrogateescape")


not_utf8 = st.binary(min_size=1, max_size=6).filter(
    lambda b: not _is_utf8(b)).map(fsdecoded)
hostile = st.text(alphabet=st.characters(exclude_categories=()), max_size=12)


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def value(*good: str) -> st.SearchStrategy[str]:
    """A value for a slot: one that fits, or empty, random, or not UTF-8 at all."""
    mixed = st.sampled_from(good) | not_utf8 | hostile | st.just("")
    return st.one_of(st.sampled_from(good), mixed, st.sampled_from(good).flatmap(
        lambda g: not_utf8.map(lambda bad: g + bad)))


workshop = value("1", "3", "8", "0", "9", "-1", "x")
team = value("crisis", "Diabetes Foot Care", "nobody", "m")
kinds = value("note", "decision", "question", "action", "shout")
options = st.lists(st.sampled_from([
    ["--tag", "how:coproduction"], ["--tag", "bad tag"], ["--sharing", "internal"],
    ["--sharing", "everyone"], ["--owner", "Julia Stone"], ["--due", "soon"],
    ["--due", "by workshop 4"], ["--block", "99"], ["--block", "2"],
]), max_size=2).map(lambda groups: [word for group in groups for word in group])

command_lines = st.one_of(
    st.tuples(st.just(["log"]), kinds.map(lambda k: [k]), workshop.map(lambda w: ["-w", w]),
              team.map(lambda t: ["-t", t]), value("Buses stop at six").map(lambda x: [x]),
              options),
    st.tuples(st.just(["action"]), value("done", "drop", "reopen").map(lambda c: [c]),
              value("nope", "0000").map(lambda i: [i])),
    st.tuples(st.just(["checklist"]), team.map(lambda t: [t])),
    st.tuples(st.just(["checklist", "set"]), team.map(lambda t: [t]),
              value("involve-benefits-burdens", "nothing").map(lambda i: [i]),
              value("done", "maybe").map(lambda s: [s])),
    st.tuples(st.just(["passport"]), team.map(lambda t: [t]),
              value("communication=4", "communication=9", "luck=3").map(lambda p: [p])),
    st.tuples(st.just(["status"]), workshop.map(lambda w: ["--workshop", w])),
    st.tuples(st.just(["export"]), workshop.map(lambda w: ["--workshop", w]),
              team.map(lambda t: ["--team", t]), value("minutes", "out dir").map(
                  lambda o: ["--out", o])),
    st.tuples(st.just(["roster", "import"]), value("roster.csv", "missing.csv").map(
        lambda f: [f])),
    st.tuples(st.just(["plans", "check"]), value("plan.toml", "missing.toml").map(
        lambda f: [f])),
    st.tuples(st.sampled_from([["teams"], ["dump"], ["plans", "list"], ["frobnicate"]]),
              st.lists(hostile | not_utf8, max_size=2)),
).map(lambda parts: [word for part in parts for word in part])


class Folder:
    """The demo folder and everything one example may compare against."""

    def __init__(self, demo_dir: Path, work: Path) -> None:
        self.demo_dir = demo_dir
        self.work = work
        self.new = work / "new-data"
        self.examples = 0
        self.files = self.data_files()
        self.dump: str | None = self.dump_json()

    def data_files(self) -> dict[str, bytes]:
        """Every byte of the data (locks, which only hold a pid, left out)."""
        return {str(p.relative_to(self.demo_dir)): p.read_bytes()
                for p in sorted(self.demo_dir.rglob("*"))
                if p.is_file() and p.parent.name != "locks"}

    def dump_json(self) -> str:
        out = io.StringIO()
        real = sys.stdout
        sys.stdout = out
        try:
            assert run(["--data", str(self.demo_dir), "dump", "--json"]) == 0
        finally:
            sys.stdout = real
        return out.getvalue()


@pytest.fixture
def folder(demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Folder]:
    work = tmp_path / "work"
    work.mkdir()
    (work / "roster.csv").write_text(ROSTER, encoding="utf-8")
    (work / "plan.toml").write_text('title = "x"\n[[blocks]]\ntitle = "a"\n', encoding="utf-8")
    monkeypatch.chdir(work)
    yield Folder(demo_dir, work)


data_options = st.sampled_from(["demo", "demo", "demo", "new", "empty", "bad", "env"])


@settings(max_examples=2000, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                   HealthCheck.too_slow])
@given(line=command_lines, where=data_options, data_after=st.booleans())
def test_any_command_line_is_answered_in_one_sentence_and_a_rejection_changes_nothing(
    folder: Folder, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    line: list[str], where: str, data_after: bool,
) -> None:
    data = {"demo": [f"--data={folder.demo_dir}"], "new": ["--data", str(folder.new)],
            "empty": ["--data="], "bad": ["--data", str(folder.demo_dir) + fsdecoded(b"\xff")],
            "env": []}[where]
    monkeypatch.setenv("CIGKIT_DATA", str(folder.demo_dir))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    argv = [*line, *data] if data_after else [*data, *line]
    code = run(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code in (0, 2), (argv, code, err)
    if code == 2:
        assert err.startswith("cigkit: ") and err.count("\n") == 1, (argv, err)
        assert "unexpected error" not in err
        assert not folder.new.exists(), (argv, err)
        assert folder.data_files() == folder.files, (argv, err)
    else:
        shutil.rmtree(folder.new, ignore_errors=True)
        shutil.rmtree(folder.work / "minutes", ignore_errors=True)
        folder.files = folder.data_files()
    folder.examples += 1
    if code == 0:
        folder.dump = None  # worked out again when next compared
    elif folder.examples % 100 == 0:
        if folder.dump is None:
            folder.dump = folder.dump_json()
        else:
            assert folder.dump_json() == folder.dump, argv


def test_after_many_rejections_the_dump_is_the_one_before(
    folder: Folder, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CIGKIT_DATA", str(folder.demo_dir))
    for argv in (["log", "note", "-w", "3", "-t", "crisis", fsdecoded(b"caf\xe9")],
                 ["--data=", "log", "note", "-w", "3", "-t", "crisis", "x"],
                 ["log", "note", "-w", "3", "-t", fsdecoded(b"\xff"), "x"],
                 ["passport", "crisis", "communication=9"]):
        assert run(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "UTF-8" in err or "UTF-8" not in argv[-1], err
    assert folder.dump_json() == folder.dump
