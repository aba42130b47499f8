"""Three tables' laptops over a day, through the real commands, and what the minutes say after.

Each laptop has its own data folder (as with a USB stick) or all share one folder under their
own device ids (as with Syncthing); the stories end in the minutes and the dataset a
facilitator hands on.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from cigkit.cli import run
from cigkit.model import Attendance, ChecklistEntry, PassportRating
from cigkit.services import programme
from cigkit.store import Store


def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, device: str,
        folder: Path, *args: str) -> str:
    monkeypatch.setenv("CIGKIT_DEVICE", device)
    code = run(["--data", str(folder), *args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


@pytest.fixture
def three_laptops(demo_dir: Path, tmp_path: Path) -> list[Path]:
    """Table 1 has the demo; tables 2 and 3 took a copy of it before the day."""
    folders = [demo_dir]
    for n in (2, 3):
        folders.append(tmp_path / f"table-{n}")
        shutil.copytree(demo_dir, folders[-1])
    return folders


def test_an_action_marked_done_on_one_laptop_and_reassigned_on_another_is_done_in_the_minutes(
    three_laptops: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    one, two, three = three_laptops
    action = cli(capsys, monkeypatch, "table-1", one, "log", "action", "-w", "3", "-t",
                 "crisis", "Book the room for the evening session").strip()
    stick = tmp_path / "stick"
    stick.mkdir()
    cli(capsys, monkeypatch, "table-1", one, "bundle", str(stick / "t1.cigkit"))
    for n, folder in ((2, two), (3, three)):
        cli(capsys, monkeypatch, f"table-{n}", folder, "merge", str(stick / "t1.cigkit"))
    # Offline, table 2 marks it done while table 3 gives it to someone else.
    cli(capsys, monkeypatch, "table-2", two, "action", "done", action, "-w", "3")
    cli(capsys, monkeypatch, "table-3", three, "action", "assign", action, "Sam Patel")
    cli(capsys, monkeypatch, "table-3", three, "action", "due", action, "2026-12-24")
    for n, folder in ((2, two), (3, three)):
        cli(capsys, monkeypatch, f"table-{n}", folder, "bundle", str(stick / f"t{n}.cigkit"))
        cli(capsys, monkeypatch, "table-1", one, "merge", str(stick / f"t{n}.cigkit"))

    out = tmp_path / "minutes"
    cli(capsys, monkeypatch, "table-1", one, "export", "-w", "3", "--team", "crisis",
        "--out", str(out))
    [minutes] = (out / "workshop-03").glob("*/crisis-cafe.md")
    [row] = [line for line in minutes.read_text("utf-8").splitlines()
             if "Book the room for the evening session" in line]
    assert "Sam Patel" in row and row.rstrip(" |").endswith("done"), row

    dataset = tmp_path / "dataset"
    cli(capsys, monkeypatch, "table-1", one, "export", "--dataset", str(dataset))
    with open(dataset / "actions.csv", newline="", encoding="utf-8") as handle:
        [saved] = [r for r in csv.DictReader(handle) if r["action_id"] == action]
    assert saved["status"] == "done"
    with open(dataset / "action_history.csv", newline="", encoding="utf-8") as handle:
        steps = [r["change"] for r in csv.DictReader(handle) if r["action_id"] == action]
    # Giving it to someone else is not "reopened": it says what it was.
    assert sorted(steps) == ["done", "due", "open", "owner"], steps


def test_the_dataset_tells_apologies_from_absence(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with Store.open(demo_dir, writable=False) as store:
        first, second = [m.name for m in programme.members(
            store, programme.find_team(store, "crisis").id)][:2]
    cli(capsys, monkeypatch, "table-1", demo_dir, "attendance", "-w", "3", "-t", "crisis",
        "apologies", first)
    cli(capsys, monkeypatch, "table-1", demo_dir, "attendance", "-w", "3", "-t", "crisis",
        "absent", second)
    dataset = tmp_path / "dataset"
    cli(capsys, monkeypatch, "table-1", demo_dir, "export", "--dataset", str(dataset),
        "--names")
    with open(dataset / "attendance.csv", newline="", encoding="utf-8") as handle:
        rows = {r["person_name"]: r for r in csv.DictReader(handle)
                if r["workshop"] == "3" and r["team"] == "Crisis Cafe"}
    assert (rows[first]["present"], rows[first]["state"]) == ("false", "apologies")
    assert (rows[second]["present"], rows[second]["state"]) == ("false", "absent")
    assert {r["state"] for r in rows.values()} <= {"present", "apologies", "absent"}


def test_two_tables_first_change_to_one_checklist_item_is_one_item_with_both_steps(
    three_laptops: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    one, two, _ = three_laptops
    item = "analysis-unintended"  # untouched in the demo: each laptop makes its first change
    cli(capsys, monkeypatch, "table-1", one, "checklist", "set", "crisis", item, "done",
        "--evidence", "Checked with the ED team")
    cli(capsys, monkeypatch, "table-2", two, "checklist", "set", "crisis", item,
        "in progress", "--evidence", "Started on it")
    cli(capsys, monkeypatch, "table-2", two, "bundle", str(tmp_path / "t2.cigkit"))
    cli(capsys, monkeypatch, "table-1", one, "merge", str(tmp_path / "t2.cigkit"))
    with Store.open(one, writable=False) as store:
        crisis = programme.find_team(store, "crisis")
        entries = [e for e in store.where(ChecklistEntry, team_id=crisis.id)
                   if e.item_id == item]
        assert len(entries) == 1, "one item, not one record per laptop"
        [entry] = entries
        assert sorted(s["status"] for s in entry.history) == ["done", "in progress"]
        lost = {(c.field, c.lost) for c in store.conflicts() if c.record_id == entry.id}
    kept = entry.status
    assert kept in ("done", "in progress")
    other = "in progress" if kept == "done" else "done"
    assert ("status", other) in lost, "the status that lost is listed, not silently gone"
    out = cli(capsys, monkeypatch, "table-1", one, "checklist", "crisis")
    assert f"{item}: {kept}" in out


def test_two_tables_marking_one_person_give_one_mark_in_the_register_and_the_minutes(
    three_laptops: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    one, two, _ = three_laptops
    with Store.open(one, writable=False) as store:
        crisis = programme.find_team(store, "crisis")
        person = programme.members(store, crisis.id)[0].name
    cli(capsys, monkeypatch, "table-1", one, "attendance", "-w", "3", "-t", "crisis",
        "present", person)
    cli(capsys, monkeypatch, "table-2", two, "attendance", "-w", "3", "-t", "crisis",
        "apologies", person)
    cli(capsys, monkeypatch, "table-2", two, "bundle", str(tmp_path / "t2.cigkit"))
    cli(capsys, monkeypatch, "table-1", one, "merge", str(tmp_path / "t2.cigkit"))
    register = cli(capsys, monkeypatch, "table-1", one, "attendance", "-w", "3", "-t", "crisis")
    [line] = [row for row in register.splitlines() if person in row]
    state = line.split()[0]
    out = tmp_path / "minutes"
    cli(capsys, monkeypatch, "table-1", one, "export", "-w", "3", "--team", "crisis",
        "--out", str(out))
    [minutes] = (out / "workshop-03").glob("*/crisis-cafe.md")
    who = minutes.read_text("utf-8").split("## Who was there")[1].split("## Discussion")[0]
    apologised = [row for row in who.splitlines() if row.startswith("Apologies:")]
    in_table = [row for row in who.splitlines() if row.startswith("|") and person in row]
    # One mark: the register and the minutes agree, and the person is not both.
    assert (state, bool(in_table), bool(apologised and person in apologised[0])) in (
        ("present", True, False), ("apologies", False, True))
    with Store.open(one, writable=False) as store:
        marks = [a for a in store.where(Attendance, workshop=3) if a.name == person]
        assert len(marks) == 1
        assert any(c.field == "state" for c in store.conflicts()
                   if c.record_id == marks[0].id)


def test_two_old_marks_for_one_person_count_once_in_the_minutes(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A folder where two laptops each made a mark for one person (before marks had one id):
    the later mark counts, in the register and in the minutes alike."""
    with Store.open(demo_dir, device="table-1") as store:
        crisis = programme.find_team(store, "crisis")
        member = programme.members(store, crisis.id)[-1]
        for state in ("present", "apologies"):
            store.save(Attendance(workshop=4, team_id=crisis.id, member_id=member.id,
                                  name=member.name, role=member.role,
                                  present=state == "present", state=state))
    register = cli(capsys, monkeypatch, "table-1", demo_dir, "attendance", "-w", "4", "-t",
                   "crisis")
    assert f"apologies  {member.name}" in register
    dataset = tmp_path / "dataset"
    cli(capsys, monkeypatch, "table-1", demo_dir, "export", "--dataset", str(dataset),
        "--names")
    with open(dataset / "attendance.csv", newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle)
                if r["workshop"] == "4" and r["person_name"] == member.name]
    assert [r["state"] for r in rows] == ["apologies"]
    # Marking again changes the mark the register shows.
    cli(capsys, monkeypatch, "table-1", demo_dir, "attendance", "-w", "4", "-t", "crisis",
        "present", member.name)
    register = cli(capsys, monkeypatch, "table-1", demo_dir, "attendance", "-w", "4", "-t",
                   "crisis")
    assert f"present    {member.name}" in register


def test_the_syncthing_walkthrough_check_names_the_folder_and_shrugs_off_syncthing_files(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = cli(capsys, monkeypatch, "table-1", demo_dir, "check")
    assert out.splitlines()[0] == f"Data folder: {demo_dir}"
    journals = demo_dir / "journals"
    for name in (".syncthing.table-2.jsonl.tmp", "~syncthing~table-3.jsonl.tmp"):
        (journals / name).write_text('{"half a line', encoding="utf-8")
        (journals / name).chmod(0o644)  # as Syncthing writes them while it copies
    assert "All is well." in cli(capsys, monkeypatch, "table-1", demo_dir, "check")
    # A laptop about to join asks who it is before it has the shared folder: nothing is made.
    joining = tmp_path / "not-yet-shared"
    out = cli(capsys, monkeypatch, "table-2", joining, "device")
    assert out.startswith("This laptop is table-2;") and not joining.exists()
    cli(capsys, monkeypatch, "table-2", demo_dir, "device", "name", "Table 2")
    assert "called 'Table 2'" in cli(capsys, monkeypatch, "table-2", demo_dir, "device")


def test_a_merge_counts_records_not_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Setting up from commands dates a workshop after creating it: two changes, one
    workshop; the merge on the next laptop says eight workshops, not nine."""
    facilitator, table = tmp_path / "facilitator", tmp_path / "table-2"
    cli(capsys, monkeypatch, "table-1", facilitator, "programme", "set", "--name", "Partners")
    cli(capsys, monkeypatch, "table-1", facilitator, "workshop", "set", "1", "--date",
        "2027-01-12")
    cli(capsys, monkeypatch, "table-1", facilitator, "bundle", str(tmp_path / "p.cigkit"))
    out = cli(capsys, monkeypatch, "table-2", table, "merge", str(tmp_path / "p.cigkit"))
    assert "8 workshops" in out and "Merged 10 changes to 9 records" in out, out


def test_two_laptops_rating_one_passport_domain_change_one_rating(
    three_laptops: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    one, two, _ = three_laptops
    cli(capsys, monkeypatch, "table-1", one, "passport", "crisis", "--workshop", "4",
        "communication=4", "access=2")
    cli(capsys, monkeypatch, "table-2", two, "passport", "crisis", "--workshop", "4",
        "communication=2")
    cli(capsys, monkeypatch, "table-2", two, "bundle", str(tmp_path / "t2.cigkit"))
    cli(capsys, monkeypatch, "table-1", one, "merge", str(tmp_path / "t2.cigkit"))
    with Store.open(one, writable=False) as store:
        crisis = programme.find_team(store, "crisis")
        ratings = [r for r in store.where(PassportRating, team_id=crisis.id, workshop=4)]
        assert sorted(r.domain for r in ratings) == ["access", "communication"]
        [rating] = [r for r in ratings if r.domain == "communication"]
        assert any(c.field == "score" for c in store.conflicts() if c.record_id == rating.id)


def test_a_merge_names_what_conflicted(
    three_laptops: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    one, two, _ = three_laptops
    note = cli(capsys, monkeypatch, "table-1", one, "log", "note", "-w", "3", "-t", "crisis",
               "Buses stop at six").strip()
    cli(capsys, monkeypatch, "table-1", one, "bundle", str(tmp_path / "t1.cigkit"))
    cli(capsys, monkeypatch, "table-2", two, "merge", str(tmp_path / "t1.cigkit"))
    cli(capsys, monkeypatch, "table-1", one, "edit", note, "Buses stop at seven")
    cli(capsys, monkeypatch, "table-2", two, "edit", note, "Buses stop at eight")
    cli(capsys, monkeypatch, "table-2", two, "bundle", str(tmp_path / "t2.cigkit"))
    out = cli(capsys, monkeypatch, "table-1", one, "merge", str(tmp_path / "t2.cigkit"))
    [line] = [row for row in out.splitlines() if row.startswith("  [")]
    assert "'Buses stop at eight'" in line and "'Buses stop at seven'" in line and "lost" in line
    key = line.split("]")[0].removeprefix("  [")
    assert f"[{key}]" in cli(capsys, monkeypatch, "table-1", one, "conflicts")


def test_two_tables_ticking_the_same_checklist_item_alike_is_no_conflict(
    three_laptops: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Who changed it last ('by') follows the value that won; it is never a conflict itself."""
    one, two, _ = three_laptops
    item = ("checklist", "set", "crisis", "analysis-unintended")
    cli(capsys, monkeypatch, "table-1", one, *item, "done")
    cli(capsys, monkeypatch, "table-2", two, *item, "done")
    cli(capsys, monkeypatch, "table-2", two, "bundle", str(tmp_path / "t2.cigkit"))
    out = cli(capsys, monkeypatch, "table-1", one, "merge", str(tmp_path / "t2.cigkit"))
    assert "conflict" not in out.lower() or "no conflict" in out.lower(), out
    assert cli(capsys, monkeypatch, "table-1", one, "conflicts", "--json").strip() == "[]"
    # A real disagreement on the same item is still listed.
    cli(capsys, monkeypatch, "table-1", one, *item, "in progress")
    cli(capsys, monkeypatch, "table-2", two, *item, "not started")
    cli(capsys, monkeypatch, "table-2", two, "bundle", str(tmp_path / "t2b.cigkit"))
    cli(capsys, monkeypatch, "table-1", one, "merge", str(tmp_path / "t2b.cigkit"))
    listed = cli(capsys, monkeypatch, "table-1", one, "conflicts")
    assert "status" in listed and " by " not in listed.replace("lost", ""), listed


def test_evidence_typed_on_a_laptop_that_missed_a_status_change_does_not_undo_it_in_the_minutes(
    three_laptops: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Table 2 marks an item done at workshop 3; table 1, not having seen it yet, types its
    evidence. The evidence step holds the status table 1 saw: it must not count as a status."""
    from cigkit.progress import status_at
    from cigkit.services import team_checklist

    one, two, _ = three_laptops
    item = "analysis-unintended"
    cli(capsys, monkeypatch, "table-1", one, "checklist", "set", "crisis", item, "in progress",
        "-w", "2")
    cli(capsys, monkeypatch, "table-1", one, "bundle", str(tmp_path / "t1.cigkit"))
    cli(capsys, monkeypatch, "table-2", two, "merge", str(tmp_path / "t1.cigkit"))
    cli(capsys, monkeypatch, "table-2", two, *("checklist", "set", "crisis", item, "done"),
        "-w", "3")
    with Store.open(one, device="table-1") as store:
        team = programme.find_team(store, "crisis")
        team_checklist.set_evidence(store, team.id, item, "Checked with the ward sister",
                                    workshop=3)
    cli(capsys, monkeypatch, "table-2", two, "bundle", str(tmp_path / "t2.cigkit"))
    cli(capsys, monkeypatch, "table-1", one, "merge", str(tmp_path / "t2.cigkit"))
    with Store.open(one, device="table-1", writable=False) as store:
        team = programme.find_team(store, "crisis")
        entry = team_checklist.entry(store, team.id, item)
        assert entry is not None
        assert (entry.status, entry.evidence) == ("done", "Checked with the ward sister")
        assert status_at(entry, 2) == "in progress"
        assert status_at(entry, 3) == "done"
    dataset = tmp_path / "dataset"
    cli(capsys, monkeypatch, "table-1", one, "export", "--dataset", str(dataset))
    with open(dataset / "checklist_changes.csv", newline="", encoding="utf-8") as handle:
        steps = [(r["change"], r["status"], r["evidence"]) for r in csv.DictReader(handle)
                 if r["item_id"] == item and r["team"] == "Crisis Cafe"]
    # The evidence step says what changed, and the status as it then stood, not the status
    # table 1 had seen.
    assert steps[-3:] == [("status", "in progress", ""), ("status", "done", ""),
                          ("evidence", "done", "Checked with the ward sister")], steps


def test_an_evidence_step_for_an_earlier_workshop_stands_where_the_minutes_replay_it() -> None:
    """Typed late for workshop 2 (after workshop 3's 'done' was recorded): its status is
    where the item stood at workshop 2, as the minutes' replay has it, not the later one."""
    from cigkit.progress import apply_change, standing_after_each_step, status_at

    entry = apply_change(None, "t", "i", "in progress", workshop=2)
    entry = apply_change(entry, "t", "i", "done", workshop=3)
    entry = apply_change(entry, "t", "i", "done", evidence="minutes of w2", workshop=2,
                         evidence_only=True)
    late = entry.history[-1]
    assert standing_after_each_step(entry)[id(late)] == status_at(entry, 2) == "in progress"
