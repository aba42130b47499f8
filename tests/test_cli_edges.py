"""The command line's edges: bytes that are not text, empty options, folders not yet made."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cigkit.cli import run


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_note_typed_in_a_latin1_terminal_is_refused_in_one_sentence(demo_dir: Path) -> None:
    """A real process, so the bytes arrive in argv exactly as a terminal would send them."""
    done = subprocess.run(
        [sys.executable.encode(), b"-m", b"cigkit", b"--data", os.fsencode(demo_dir), b"log",
         b"note", b"-w", b"3", b"-t", b"crisis", b"caf\xe9 au lait"],
        capture_output=True, check=False, env={**os.environ, "PYTHONIOENCODING": ""})
    err = done.stderr.decode("utf-8")
    assert done.returncode == 2 and done.stdout == b""
    assert err == ("cigkit: argument 9 ('caf\\xe9 au lait') is not UTF-8 text; cigkit reads "
                   "only UTF-8 on its command line (type the text again, or rename the file "
                   "or folder).\n")


def test_a_data_folder_name_that_is_not_utf8_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = str(tmp_path) + "/caf" + b"\xe9".decode("utf-8", "surrogateescape")
    code, _, err = cli(capsys, "--data", odd, "demo")
    assert code == 2 and "argument 2" in err and "\\xe9" in err and err.count("\n") == 1
    assert os.listdir(tmp_path) == []


def test_an_environment_variable_that_is_not_utf8_is_refused(
    demo_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CIGKIT_USER", b"Zo\xeb".decode("utf-8", "surrogateescape"))
    code, _, err = cli(capsys, "--data", str(demo_dir), "action", "done", "x")
    assert code == 2 and "CIGKIT_USER ('Zo\\xeb') is not UTF-8 text" in err


@pytest.mark.parametrize("args", [["--data="], ["--data", ""], ["--data", "  "],
                                  ["teams", "--data="], ["teams", "--data"]])
def test_an_empty_data_option_is_an_error_not_the_per_user_folder(
    capsys: pytest.CaptureFixture[str], args: list[str], monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "per-user"))
    code, _, err = cli(capsys, *args, *([] if "teams" in args else ["teams"]))
    assert code == 2 and err == "cigkit: --data needs a folder (see 'cigkit --help').\n"
    assert not (tmp_path / "per-user").exists()


@pytest.mark.parametrize("args", [
    ["log", "note", "-w", "3", "-t", "crisis", "hello"],
    ["action", "done", "abc"],
    ["checklist", "set", "crisis", "involve-benefits-burdens", "done"],
    ["passport", "crisis", "communication=4"],
    ["roster", "import", "missing.csv"],
    ["export", "--out", "x"],
])
def test_a_rejected_command_leaves_no_data_folder_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    new = tmp_path / "new" / "data"
    code, _, err = cli(capsys, "--data", str(new), *args)
    assert code == 2 and err.count("\n") == 1, err
    assert not (tmp_path / "new").exists()


def test_a_bad_roster_against_a_new_folder_is_named_and_makes_no_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("cig,team,member\nA,B,C\n", encoding="utf-8")
    code, _, err = cli(capsys, "--data", str(tmp_path / "new"), "roster", "import", str(roster))
    assert code == 2 and f"{roster}:1: the header has no 'role' column" in err
    assert not (tmp_path / "new").exists()


def test_windows_output_sent_to_a_file_is_utf8(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Windows a redirected stdout would be the ANSI code page, which has no '●'."""
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="cp1252"))
    monkeypatch.setattr(sys, "platform", "win32")
    assert run(["--data", str(demo_dir), "checklist", "crisis"]) == 0
    sys.stdout.flush()
    assert "●" in raw.getvalue().decode("utf-8")


def test_text_a_terminal_cannot_show_is_escaped_not_a_crash(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="ascii"))
    assert run(["--data", str(demo_dir), "checklist", "crisis"]) == 0
    sys.stdout.flush()
    assert "\\u25cf" in raw.getvalue().decode("ascii")
