"""What the fuzz tests of plans, checklists and rosters share: a small programme in a data
folder, the real command line run in-process, and what every rejection must look like."""

from __future__ import annotations

import io
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from conftest import DEVICE

from cigkit.cli import run
from cigkit.services.roster import import_roster
from cigkit.store import Store

MAX_SENTENCE = 400
"""A rejection quotes at most a short piece of the file, so it stays readable whatever came in."""

SEED_ROSTER = """\
cig,team,member,role,project,facilitator,joined_workshop
Long-term conditions,Diabetes Foot Care,Grace Mensah,practitioner,Foot checks,Dr Okafor,1
Long-term conditions,Diabetes Foot Care,Lena Kowalska,public advisor,,,2
Long-term conditions,Heart Failure at Home,Sam Patel,commissioner,,,
Mental health,Crisis Cafe,Leon Francis,researcher,,Tom Reilly,
Mental health,Crisis Cafe,Zoë Brennan,intern,,,3
"""


class Programme:
    """A data folder holding a small programme, and the commands a facilitator would run."""

    def __init__(self, base: Path) -> None:
        self.data = base / "data"
        self.pristine = base / "pristine"
        roster = base / "seed.csv"
        roster.write_text(SEED_ROSTER, encoding="utf-8")
        # Built once per module, before conftest isolates each test: isolate it the same way.
        with pytest.MonkeyPatch.context() as env:
            env.setenv("CIGKIT_DEVICE", DEVICE)
            env.setenv("XDG_CONFIG_HOME", str(base / "config"))
            env.setenv("XDG_DATA_HOME", str(base / "xdg-data"))
            env.delenv("CIGKIT_DATA", raising=False)
            env.delenv("CIGKIT_USER", raising=False)
            with Store.open(self.pristine, device=DEVICE) as store:
                import_roster(store, roster)
            self.restore()
            self.dump_before = self.dump()

    def cli(self, *args: str) -> tuple[int, str, str]:
        """`cigkit --data DATA ARGS...` in this process: exit status, stdout, stderr."""
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = run(["--data", str(self.data), *args])
        return code, out.getvalue(), err.getvalue()

    def dump(self) -> str:
        code, out, err = self.cli("dump", "--json")
        assert code == 0 and not err, err
        return out

    def restore(self) -> None:
        """Back to the programme as seeded (after a command that was meant to change it)."""
        shutil.rmtree(self.data, ignore_errors=True)
        shutil.copytree(self.pristine, self.data)
        for lock in (self.data / "locks").glob("*"):
            lock.unlink()


def assert_one_sentence(message: str, path: Path | str, line_count: int) -> None:
    """One short printable line naming the file first, then the line if there is one."""
    assert "\n" not in message and "\r" not in message, message
    assert message.isprintable() and len(message) < MAX_SENTENCE + len(str(path)), message
    assert message.startswith(f"{path}:"), message
    assert "Traceback" not in message and "line None" not in message, message
    where = message[len(str(path)) + 1:].split(":", 1)[0]
    if where.isdigit():
        assert 1 <= int(where) <= line_count, (message, line_count)


def assert_cli_refused(result: tuple[int, str, str], message: str) -> None:
    """The command line said the library's sentence, alone, with exit status 2."""
    code, out, err = result
    sentence = " ".join(message.split())
    sentence = sentence if sentence.endswith((".", "?", "!")) else sentence + "."
    assert (code, out, err) == (2, "", f"cigkit: {sentence}\n")


def lines_in(data: bytes) -> int:
    """How many lines an editor could show for these bytes (every CR, LF or CRLF ends one)."""
    data = data.replace(b"\r\n", b"\n")
    return data.count(b"\n") + data.count(b"\r") + 1
