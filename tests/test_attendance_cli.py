"""Attendance without the app: present, apologies and absent, and each person over the year."""

from __future__ import annotations

from pathlib import Path

import pytest

from cigkit.cli import run
from cigkit.model import Attendance, Member
from cigkit.services import attendance, programme
from cigkit.services.export import export_minutes
from cigkit.services.team_checklist import checklist_for, flags_for
from cigkit.store import Store


def cli(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = run(["--data", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_note_taker_marks_a_table_from_the_command_line_and_the_minutes_tell_the_states_apart(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    team = ["--workshop", "3", "--team", "Crisis Cafe"]
    assert cli(capsys, demo_dir, "attendance", *team, "present", "Leon", "Kwame Asante",
               "ellie")[0] == 0
    code, out, _ = cli(capsys, demo_dir, "attendance", *team, "apologies", "Rosa")
    assert code == 0 and out.strip() == "Workshop 3, Crisis Cafe: Rosa Lima sent apologies."
    assert cli(capsys, demo_dir, "attendance", *team, "absent", "Julia Stone")[0] == 0
    code, out, _ = cli(capsys, demo_dir, "attendance", *team)
    assert code == 0
    lines = [" ".join(line.split()) for line in out.splitlines()]
    assert "present Leon Francis (practitioner)" in lines
    assert "apologies Rosa Lima (public advisor)" in lines
    assert "absent Julia Stone (manager)" in lines
    with Store.open(demo_dir) as store:
        [path] = export_minutes(store, tmp_path / "out", workshop=3, team="Crisis Cafe")
    text = path.read_text("utf-8")
    assert "Apologies: Rosa Lima (public advisor).\n" in text
    assert "Absent (no apologies): Julia Stone (manager).\n" in text


def test_marking_someone_again_changes_their_one_record_for_the_day(demo_store: Store) -> None:
    team = programme.find_team(demo_store, "Crisis Cafe")
    for state in ("apologies", "present", "absent"):
        attendance.mark_people(demo_store, 3, team, state, ["Rosa"])
    [mark] = [a for a in demo_store.where(Attendance, workshop=3, team_id=team.id)
              if a.name == "Rosa Lima"]
    assert (mark.state, mark.present, mark.status) == ("absent", False, "absent")


def test_records_from_before_the_three_states_still_read_right() -> None:
    old_tick = Attendance.from_dict({"workshop": 1, "team_id": "t", "present": True})
    old_untick = Attendance.from_dict({"workshop": 1, "team_id": "t", "present": False})
    assert (old_tick.status, old_untick.status) == ("present", "absent")
    # An older cigkit that ticks someone who had sent apologies: the tick wins.
    ticked_later = Attendance(workshop=1, team_id="t", state="apologies", present=True)
    assert ticked_later.status == "present"


def test_a_public_advisor_who_sent_apologies_is_flagged_with_the_reason(
    demo_store: Store,
) -> None:
    team = programme.find_team(demo_store, "Diabetes Foot Care")
    attendance.mark_people(demo_store, 2, team, "absent", ["Lena"])
    attendance.mark_people(demo_store, 3, team, "apologies", ["Lena"])
    attendance.mark_people(demo_store, 3, team, "present", ["Grace"])
    flags = flags_for(demo_store, checklist_for(demo_store.data_dir), team.id, 3)
    assert [f.message for f in flags if f.code == "public-advisor-absent"] == [
        "No public advisor present at the last two workshops (2 and 3); apologies were sent "
        "for workshop 3."]


def test_each_persons_year_shows_apologies_absence_joining_and_leaving(
    demo_store: Store,
) -> None:
    team = programme.find_team(demo_store, "Enhanced Primary Care")
    attendance.mark_people(demo_store, 3, team, "present", ["Bev", "Sunil"])
    attendance.mark_people(demo_store, 3, team, "apologies", ["Rachel"])
    tariq = next(m for m in programme.members(demo_store, team.id) if m.name == "Tariq Hussain")
    tariq.left_workshop = 3
    demo_store.save(tariq)
    rows = {r.name: r for r in attendance.year(demo_store, [1, 2, 3, 4]) if r.team == team.name}
    assert rows["Bev Collins"].marks == ("not yet", "not yet", "present", "")
    assert rows["Bev Collins"].first_took_part == 3 and rows["Bev Collins"].public_advisor
    assert rows["Rachel Moore"].marks == ("present", "present", "apologies", "")
    assert rows["Tariq Hussain"].marks == ("present", "present", "left", "left")
    seats = [s.name for s in attendance.team_register(demo_store, 3, team)]
    assert "Tariq Hussain" not in seats and "Bev Collins" in seats


def test_a_walk_in_has_a_row_of_their_own_in_the_year(demo_store: Store) -> None:
    team = programme.find_team(demo_store, "Heart Failure at Home")
    attendance.add_walk_in(demo_store, 3, team.id, "Pat Jones, patient")
    [pat] = [r for r in attendance.year(demo_store) if r.name == "Pat Jones"]
    assert (pat.member_id, pat.role, pat.first_took_part) == ("", "public advisor", 3)
    assert pat.marks[:3] == ("", "", "present")


def test_the_programme_overview_lists_each_person_and_when_advisors_first_came(
    demo_store: Store, tmp_path: Path
) -> None:
    team = programme.find_team(demo_store, "MND Coordinated Care")
    attendance.mark_people(demo_store, 3, team, "absent", ["Joyce"])
    export_minutes(demo_store, tmp_path / "out", workshop=3)
    text = (tmp_path / "out" / "programme.md").read_text("utf-8")
    section = text.split("## Who came, person by person", 1)[1].split("## Checklist", 1)[0]
    joyce = next(line for line in section.splitlines() if line.startswith("| Joyce Whitfield |"))
    assert joyce.endswith("|  | ✓ | ✗ |")
    assert ("| Joyce Whitfield | MND Coordinated Care | Long-term conditions | workshop 2 | "
            "workshop 2 |") in section
    assert "| Bev Collins | Enhanced Primary Care | Community and primary care | workshop 3 | "\
        "not yet |" in section
    assert len(demo_store.all(Member)) == sum(
        1 for line in section.split("###")[0].splitlines() if line.startswith("| ")) - 2
