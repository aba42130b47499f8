"""A USB stick at the end of the day: bundle, merge, conflicts and device names from the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cigkit.cli import run
from cigkit.model import Note, Team
from cigkit.store import Store


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def laptops(demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """Table 1 and Table 2, each with a copy of the demo, working offline."""
    second = tmp_path / "table-2"
    shutil.copytree(demo_dir, second)
    return demo_dir, second


def _as(monkeypatch: pytest.MonkeyPatch, device: str) -> None:
    monkeypatch.setenv("CIGKIT_DEVICE", device)


def test_a_usb_stick_carries_each_tables_notes_both_ways(
    laptops: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    one, two = laptops
    _as(monkeypatch, "table-1")
    assert cli(capsys, "--data", str(one), "device", "name", "Table 1")[0] == 0
    assert cli(capsys, "--data", str(one), "log", "note", "-w", "3", "-t", "crisis",
               "Evening opening came up again")[0] == 0
    _as(monkeypatch, "table-2")
    assert cli(capsys, "--data", str(two), "log", "decision", "-w", "3", "-t", "diabetes",
               "Focus on podiatry waiting times")[0] == 0
    stick = tmp_path / "stick" / "table-2.cigkit"
    stick.parent.mkdir()
    code, out, _ = cli(capsys, "--data", str(two), "bundle", str(stick))
    assert code == 0 and "Wrote" in out and (stick.stat().st_mode & 0o077) == 0
    _as(monkeypatch, "table-1")
    code, out, _ = cli(capsys, "--data", str(one), "merge", str(stick))
    assert code == 0 and "1 note" in out and "Diabetes Foot Care 1" in out, out
    code, out, _ = cli(capsys, "--data", str(one), "merge", str(stick))
    assert code == 0 and "Nothing new" in out, "merging twice must change nothing"
    code, _, _ = cli(capsys, "--data", str(one), "bundle", str(stick.with_name("t1.cigkit")))
    _as(monkeypatch, "table-2")
    code, out, _ = cli(capsys, "--data", str(two), "merge", str(stick.with_name("t1.cigkit")))
    assert code == 0 and "1 note" in out and "1 device name" in out, out
    dumps = []
    for folder in (one, two):
        _as(monkeypatch, "reader")
        code, out, _ = cli(capsys, "--data", str(folder), "dump", "--json")
        dumps.append(json.loads(out))
    assert dumps[0] == dumps[1], "both laptops must end with the same programme"


def test_a_field_changed_on_both_laptops_is_listed_and_can_be_settled(
    laptops: tuple[Path, Path], capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    one, two = laptops
    for device, folder, name in (("table-1", one, "Crisis Cafe North"),
                                 ("table-2", two, "Crisis Cafe South")):
        with Store.open(folder, device=device) as store:
            team = next(t for t in store.all(Team) if t.name == "Crisis Cafe")
            team.name = name
            store.save(team)
    _as(monkeypatch, "table-1")
    code, out, _ = cli(capsys, "--data", str(one), "merge", str(two))
    assert code == 0 and "1 conflict" in out, out
    code, out, _ = cli(capsys, "--data", str(one), "conflicts")
    assert ("name is 'Crisis Cafe South' (from table-2); 'Crisis Cafe North' from table-1 "
            "lost") in out
    assert cli(capsys, "--data", str(one), "conflicts", "settle", "1", "--take-lost")[0] == 0
    code, out, _ = cli(capsys, "--data", str(one), "conflicts")
    assert "No conflicts" in out
    with Store.open(one, writable=False) as store:
        assert any(t.name == "Crisis Cafe North" for t in store.all(Team))


@pytest.mark.parametrize("content", [b"", b"not json at all", b'{"records": []}',
                                     b'{"cigkit_bundle": 1, "events": [{"t": "notes"}]}',
                                     b'{"cigkit_bundle": 99, "events": []}'])
def test_a_file_that_is_not_a_bundle_is_one_sentence_and_changes_nothing(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    bad = tmp_path / "attachment.cigkit"
    bad.write_bytes(content)
    before = cli(capsys, "--data", str(demo_dir), "dump", "--json")[1]
    code, out, err = cli(capsys, "--data", str(demo_dir), "merge", str(bad))
    assert code == 2 and out == "" and err.count("\n") == 1 and "attachment.cigkit" in err
    assert cli(capsys, "--data", str(demo_dir), "dump", "--json")[1] == before


def test_a_device_name_is_checked_and_shown(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cli(capsys, "--data", str(demo_dir), "device", "name", "   ")
    assert code == 2 and "empty" in err
    code, _, err = cli(capsys, "--data", str(demo_dir), "device", "name", "x" * 41)
    assert code == 2 and "40 or fewer" in err
    assert cli(capsys, "--data", str(demo_dir), "device", "name", "Table  2")[0] == 0
    code, out, _ = cli(capsys, "--data", str(demo_dir), "device")
    assert "called 'Table 2'" in out


def test_merging_a_whole_data_folder_reads_its_journals(
    laptops: tuple[Path, Path], capsys: pytest.CaptureFixture[str],
) -> None:
    one, two = laptops
    with Store.open(two, device="table-2") as store:
        team = store.all(Team)[0]
        store.save(Note(workshop=3, team_id=team.id, text="typed at table 2"))
    code, out, _ = cli(capsys, "--data", str(one), "merge", str(two))
    assert code == 0 and "Merged 1 change" in out
    with Store.open(one, writable=False) as store:
        assert any(n.text == "typed at table 2" for n in store.all(Note))


def test_any_entry_can_be_edited_from_the_command_line(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = cli(capsys, "--data", str(demo_dir), "log", "action", "-w", "3", "-t", "crisis",
                    "--owner", "Sam", "Phone the charity")
    action_id = out.strip()
    code, out, _ = cli(capsys, "--data", str(demo_dir), "edit", action_id[:8],
                       "Phone the charity about Friday")
    assert code == 0 and "Phone the charity about Friday" in out
    code, _, err = cli(capsys, "--data", str(demo_dir), "edit", action_id, "   ")
    assert code == 2 and err.strip() == "cigkit: The entry text is empty."
    with Store.open(demo_dir, writable=False) as store:
        from cigkit.model import Action

        action = store.get(Action, action_id)
        assert action is not None
        assert (action.text, action.owner) == ("Phone the charity about Friday", "Sam")


def test_an_action_changes_hands_and_date_from_the_command_line(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = cli(capsys, "--data", str(demo_dir), "log", "action", "-w", "3", "-t", "crisis",
                    "--owner", "Sam", "Phone the charity")
    action_id = out.strip()
    code, out, _ = cli(capsys, "--data", str(demo_dir), "action", "assign", action_id, "Priya")
    assert code == 0 and "Priya" in out
    code, out, _ = cli(capsys, "--data", str(demo_dir), "action", "due", action_id, "by w5")
    assert code == 0 and "by workshop 5" in out
    code, _, err = cli(capsys, "--data", str(demo_dir), "action", "due", action_id, "soon")
    assert code == 2 and "neither a date" in err
    code, _, err = cli(capsys, "--data", str(demo_dir), "action", "assign", action_id)
    assert code == 2 and "needs the new owner" in err
    with Store.open(demo_dir, writable=False) as store:
        from cigkit.model import Action

        action = store.get(Action, action_id)
        assert action is not None and (action.owner, action.due_workshop) == ("Priya", 5)
        assert [h.get("change") for h in action.history][-2:] == ["owner", "due"]


def test_a_full_disk_midway_through_log_says_exactly_what_was_saved(
    demo_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import io
    import os
    import sys

    lines = "".join(f"note {n} typed at the table\n" for n in range(10)).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines)))
    real_write, calls = os.write, {"n": 0}

    def full_after_six(fd: int, data: bytes | memoryview) -> int:
        if fd > 2 and bytes(data[:7]) == b'{"v":2,':
            calls["n"] += 1
            if calls["n"] > 6:
                raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full_after_six)
    code, out, err = cli(capsys, "--data", str(demo_dir), "log", "note", "-w", "3", "-t",
                         "crisis", "-")
    monkeypatch.setattr(os, "write", real_write)
    printed = out.split()
    assert code == 2 and len(printed) == 6
    assert "the disk is full" in err and "the 6 entries before it were saved" in err
    with Store.open(demo_dir, writable=False) as store:
        stored = {n.id for n in store.all(Note)}
        assert set(printed) <= stored
        assert not any(n.text == "note 6 typed at the table" for n in store.all(Note))


def test_a_crafted_journal_cannot_send_control_codes_to_the_terminal(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Anyone who can drop a file into the shared folder chooses the device ids in its stamps
    and its device names; 'cigkit conflicts' prints both, so an escape sequence in either
    would reach the facilitator's terminal (retitle it, rewrite the screen, fill the
    clipboard)."""
    with Store.open(demo_dir, writable=False) as store:
        team = next(t for t in store.all(Team) if t.name == "Crisis Cafe")
    esc = "\x1b]52;c;cm0gLXJmIH4=\x07"
    lines = [
        {"v": 2, "e": [{"t": "teams", "i": team.id, "h": f"9000000000000.0000.{esc}",
                        "s": {"name": "Renamed by the crafted file"}}]},
        {"v": 2, "e": [{"t": "teams", "i": team.id, "h": "9000000000000.0001.crafted",
                        "s": {"name": "Renamed again"}}]},
        {"v": 2, "e": [{"t": "devices", "i": "crafted", "h": "9000000000000.0002.crafted",
                        "s": {"name": f"Table {esc}2"}}]},
    ]
    (demo_dir / "journals" / "crafted.jsonl").write_text(
        "".join(json.dumps(line) + "\n" for line in lines))
    damaged = {"v": 2, "e": [{"t": "notes", "i": f"n{esc}", "h": "9000000000000.0003.crafted",
                              "s": {"text": 3}}]}
    (demo_dir / "journals" / f"{esc}.jsonl").write_text(json.dumps(damaged) + "\n")
    code, out, err = cli(capsys, "--data", str(demo_dir), "conflicts")
    assert "cannot be read" in err, err
    assert code == 0 and "Renamed again" in out and "(from Table " in out, out
    assert "\x1b" not in out + err and "\x07" not in out + err
