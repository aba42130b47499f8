"""The command line, through its real entry point: clear answers, exit 2 on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cigkit.cli import run
from cigkit.model import Action, Member, Note, Team
from cigkit.store import Store

ROSTER = """cig,team,member,role,project,organisation,joined_workshop
Long-term conditions,Diabetes Foot Care,Grace Mensah,Practitioner,Foot checks,Northfield,1
Long-term conditions,Diabetes Foot Care,Lena Kowalska,public advisor,,,2
Mental health,Crisis Cafe,Leon Francis,practitioner,,,
"""


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_refuses_to_overwrite_without_force(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(capsys, "--data", str(data_dir), "demo")[0] == 0
    code, _, err = cli(capsys, "--data", str(data_dir), "demo")
    assert code == 2 and "--force" in err and err.count("\n") == 1
    assert cli(capsys, "--data", str(data_dir), "demo", "--force")[0] == 0
    with Store.open(data_dir, writable=False) as store:
        assert len(store.all(Team)) == 9


def test_roster_import_twice_changes_nothing(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    code, out, _ = cli(capsys, "--data", str(data_dir), "roster", "import", str(roster))
    assert code == 0 and "3 members" in out
    with Store.open(data_dir, writable=False) as store:
        before = {table: dict(rows) for table, rows in store.records.items()}
    code, out, _ = cli(capsys, "--data", str(data_dir), "roster", "import", str(roster))
    assert code == 0 and "unchanged" in out
    with Store.open(data_dir, writable=False) as store:
        assert store.records == before
        lena = next(m for m in store.all(Member) if m.name == "Lena Kowalska")
        assert lena.role == "public advisor" and lena.joined_workshop == 2


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (ROSTER + "Mental health,Crisis Cafe,Someone,wizard,,,\n", 5, "role 'wizard'"),
        (ROSTER + "Mental health,,Someone,intern,,,\n", 5, "'team' cell is empty"),
        (ROSTER + "Mental health,Crisis Cafe,Ellie,intern,,,9\n", 5, "joined_workshop"),
        ("cig,team,member\nA,B,C\n", 1, "no 'role' column"),
        (ROSTER + "Other CIG,Crisis Cafe,Ellie,intern,,,\n", 5, "in CIG 'Other CIG' here"),
        ("cig,team,member,role,team\nA,B,C,intern,D\n", 1, "'team' column twice"),
        (ROSTER + "Mental health,Crisis Cafe,leon francis,intern,,,\n", 5,
         "listed twice for team"),
    ],
)
def test_bad_roster_row_is_named_and_nothing_is_stored(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    text: str, line: int, words: str,
) -> None:
    roster = tmp_path / "bad.csv"
    roster.write_text(text, encoding="utf-8")
    code, out, err = cli(capsys, "--data", str(data_dir), "roster", "import", str(roster))
    assert code == 2
    assert err.startswith(f"cigkit: {roster}:{line}: ") and words in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (data_dir / "journals").exists() or not any(
        p.stat().st_size for p in (data_dir / "journals").iterdir())


def test_teams_lists_teams_per_cig_with_roles(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(capsys, "--data", str(demo_dir), "teams")
    assert code == 0
    assert "Long-term conditions - facilitator Dr Amara Okafor" in out
    assert "Heart Failure at Home [heart-failure-at-home]: 3 members" in out


def test_log_prints_the_id_alone_and_stores_the_note(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(capsys, "--data", str(demo_dir), "log", "decision", "--workshop", "3",
                       "--team", "social", "--tag", "how:coproduction", "--sharing",
                       "programme", "Run the survey in three languages")
    assert code == 0
    note_id = out.strip()
    with Store.open(demo_dir, writable=False) as store:
        note = store.get(Note, note_id)
    assert note is not None and note.kind == "decision" and note.sharing == "programme"
    assert note.tags == ["how:coproduction"]


def test_log_action_with_owner_and_due_then_close_and_reopen(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(capsys, "--data", str(demo_dir), "log", "action", "-w", "3", "-t",
                       "Crisis Cafe", "--owner", "Julia Stone", "--due", "2026-12-10",
                       "Ask the charity for footfall figures")
    action_id = out.strip()
    assert code == 0
    assert cli(capsys, "--data", str(demo_dir), "action", "done", action_id)[0] == 0
    assert cli(capsys, "--data", str(demo_dir), "action", "reopen", action_id[:8])[0] == 0
    code, _, _ = cli(capsys, "--data", str(demo_dir), "action", "drop", action_id,
                     "--reason", "charity closed")
    assert code == 0
    with Store.open(demo_dir, writable=False) as store:
        action = store.get(Action, action_id)
    assert action is not None and action.status == "dropped" and action.due == "2026-12-10"
    assert [h["status"] for h in action.history] == ["open", "done", "open", "dropped"]
    assert action.history[-1]["reason"] == "charity closed"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["log", "note", "-w", "3", "-t", "nobody", "text"], "no team called 'nobody'"),
        (["log", "note", "-w", "12", "-t", "crisis", "text"], "no workshop 12"),
        (["log", "note", "-w", "3", "-t", "m", "text"], "ambiguous"),
        (["log", "note", "-w", "3", "-t", "crisis", "   "], "empty"),
        (["log", "action", "-w", "3", "-t", "crisis", "x", "--due", "soon"], "Due 'soon'"),
        (["log", "shout", "-w", "3", "-t", "crisis", "x"], "invalid choice"),
        (["action", "done", "nope"], "no action with id"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_arguments_get_one_sentence_and_status_2(
    demo_dir: Path, capsys: pytest.CaptureFixture[str], args: list[str], words: str
) -> None:
    code, _, err = cli(capsys, "--data", str(demo_dir), *args)
    assert code == 2 and words in err and err.count("\n") == 1, err


def test_log_from_stdin_saves_each_line_and_prints_each_id(demo_dir: Path) -> None:
    lines = "first thing said\n\nsecond thing said\n"
    done = subprocess.run(
        [sys.executable, "-m", "cigkit", "--data", str(demo_dir), "log", "note", "-w", "3",
         "-t", "dementia", "-"], input=lines, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    ids = done.stdout.split()
    assert len(ids) == 2
    with Store.open(demo_dir, writable=False) as store:
        assert [store.get(Note, i).text for i in ids] == [  # type: ignore[union-attr]
            "first thing said", "second thing said"]


def test_dump_json_has_a_plural_key_per_record_type_and_no_tombstones(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(demo_dir) as store:
        gone = store.all(Note)[0]
        store.delete(gone)
    code, out, _ = cli(capsys, "--data", str(demo_dir), "dump", "--json")
    data = json.loads(out)
    assert code == 0
    assert {"teams", "members", "notes", "actions", "workshops", "cigs"} <= set(data)
    assert gone.id not in {n["id"] for n in data["notes"]}
    assert all(not r["deleted"] for rows in data.values() for r in rows)


def test_check_explains_a_damaged_journal(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(capsys, "--data", str(demo_dir), "check")[0] == 0
    journal = demo_dir / "journals" / "test-laptop.jsonl"
    with Store.open(demo_dir) as store:
        for text in ("a", "b"):
            store.save(Team(name=text))
    lines = journal.read_bytes().splitlines(keepends=True)
    journal.write_bytes(lines[0][:10] + b"\n" + b"".join(lines[1:]))
    code, _, err = cli(capsys, "--data", str(demo_dir), "check")
    assert code == 2 and "test-laptop.jsonl:1: skipped a damaged line" in err
    code, out, err = cli(capsys, "--data", str(demo_dir), "teams")
    assert code == 0 and "test-laptop.jsonl:1" in err and "Traceback" not in err
    assert "Crisis Cafe" in out, "one damaged line must not hide the rest of the folder"


def test_a_second_writer_gets_a_clear_message(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(demo_dir):
        code, _, err = cli(capsys, "--data", str(demo_dir), "log", "note", "-w", "3", "-t",
                           "crisis", "hello")
        assert code == 2 and "already writing" in err
        assert cli(capsys, "--data", str(demo_dir), "teams")[0] == 0


def test_data_option_may_come_after_the_command(
    demo_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli(capsys, "teams", "--data", str(demo_dir))[0] == 0
    monkeypatch.setenv("CIGKIT_DATA", str(demo_dir))
    code, out, _ = cli(capsys, "teams")
    assert code == 0 and "Crisis Cafe" in out


def test_opening_a_folder_with_no_programme_says_what_to_do(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cli(capsys, "--data", str(data_dir), "teams")
    assert code == 2 and "cigkit demo" in err


def test_stdin_that_is_not_utf8_is_named_and_earlier_lines_are_kept(demo_dir: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cigkit", "--data", str(demo_dir), "log", "note", "-w", "3",
         "-t", "crisis", "-"], input=b"good line\n\xff\xfe bad\n", capture_output=True,
        check=False)
    err = done.stderr.decode()
    assert done.returncode == 2 and "-:2: standard input is not UTF-8" in err
    assert "Traceback" not in err
    saved = done.stdout.decode().split()
    with Store.open(demo_dir, writable=False) as store:
        assert store.get(Note, saved[0]).text == "good line"  # type: ignore[union-attr]


def test_closing_the_output_early_stops_and_says_how_many_were_saved(demo_dir: Path) -> None:
    script = (f"seq 3000 | {sys.executable} -m cigkit --data {demo_dir} log note -w 3 "
              "-t crisis - | head -1")
    done = subprocess.run(["bash", "-o", "pipefail", "-c", script], capture_output=True,
                          text=True, check=False)
    assert done.returncode != 0
    assert "output closed; stopped after saving" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["log", "note", "-w", "3", "-t", "crisis", "--block", "99", "x"], "--block 99"),
        (["log", "note", "-w", "3", "-t", "crisis", "--block", "0", "x"], "--block 0"),
        (["action", "done", "x", "--workshop", "99"], "no workshop 99"),
        (["status", "--workshop", "0"], "no workshop 0"),
    ],
)
def test_numbers_out_of_range_are_refused(
    demo_dir: Path, capsys: pytest.CaptureFixture[str], args: list[str], words: str
) -> None:
    code, _, err = cli(capsys, "--data", str(demo_dir), *args)
    assert code == 2 and words in err, err


def test_two_laptops_importing_the_same_roster_agree_on_one_programme(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    shared = tmp_path / "shared"
    for laptop in ("laptop-a", "laptop-b"):
        monkeypatch.setenv("CIGKIT_DEVICE", laptop)
        own = tmp_path / laptop
        assert cli(capsys, "--data", str(own), "roster", "import", str(roster))[0] == 0
        for sub in ("journals",):
            for path in (own / sub).iterdir():
                (shared / sub).mkdir(parents=True, mode=0o700, exist_ok=True)
                (shared / sub / path.name).write_bytes(path.read_bytes())
                (shared / sub / path.name).chmod(0o600)
    shared.chmod(0o700)
    with Store.open(shared, writable=False) as store:
        assert sorted(t.name for t in store.all(Team)) == ["Crisis Cafe", "Diabetes Foot Care"]
        assert len(store.all(Member)) == 3
    code, _, err = cli(capsys, "--data", str(shared), "check")
    assert code == 0, err


def test_dropping_an_action_without_a_reason_says_so_in_its_history(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = cli(capsys, "--data", str(demo_dir), "log", "action", "-w", "3", "-t",
                    "crisis", "Phone the charity")
    assert cli(capsys, "--data", str(demo_dir), "action", "drop", out.strip())[0] == 0
    with Store.open(demo_dir, writable=False) as store:
        action = store.get(Action, out.strip())
    assert action is not None and action.history[-1]["reason"] == "dropped without a reason given"
