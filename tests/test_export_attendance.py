"""Who was there, in the minutes: present by role, apologies, and members nobody ticked."""

from __future__ import annotations

from pathlib import Path

from test_export import assert_well_formed

from cigkit.model import Attendance
from cigkit.services import programme
from cigkit.services.export import export_minutes
from cigkit.store import Store


def who_was_there(store: Store, tmp_path: Path, team: str, workshop: int = 2) -> str:
    [path] = export_minutes(store, tmp_path / "out", workshop=workshop, team=team)
    text = path.read_text("utf-8")
    assert_well_formed(text)
    return text.split("## Who was there", 1)[1].split("## Discussion", 1)[0]


def test_member_nobody_ticked_is_listed_apart_from_apologies(
    demo_store: Store, tmp_path: Path
) -> None:
    section = who_was_there(demo_store, tmp_path, "Social Prescribing Link")
    assert "Apologies: Aisha Begum (practitioner), Kate Turner (intern).\n" in section
    assert "Not recorded as present: Gareth Lloyd (commissioner).\n" in section
    table = section.split("Apologies", 1)[0]
    assert "Gareth" not in table and "Dr Felix Grant" in table


def test_member_whose_tick_was_removed_is_not_recorded_as_present(
    demo_store: Store, tmp_path: Path
) -> None:
    team = programme.find_team(demo_store, "Diabetes Foot Care")
    [owen] = [a for a in demo_store.where(Attendance, team_id=team.id, workshop=2)
              if a.name == "Owen Price"]
    demo_store.delete(owen)
    section = who_was_there(demo_store, tmp_path, "Diabetes Foot Care")
    assert "Not recorded as present: Owen Price (commissioner)." in section
    assert "Apologies: Sam Adeyemi (intern)." in section


def test_public_advisor_joining_at_workshop_3_is_not_missing_at_workshop_2(
    demo_store: Store, tmp_path: Path
) -> None:
    section = who_was_there(demo_store, tmp_path, "Enhanced Primary Care")
    assert "Bev Collins" not in section
    assert "Not recorded as present" not in section


def test_team_whose_attendance_was_never_taken_says_so_and_lists_nobody(
    demo_store: Store, tmp_path: Path
) -> None:
    team = programme.find_team(demo_store, "Heart Failure at Home")
    for record in demo_store.where(Attendance, team_id=team.id, workshop=2):
        demo_store.delete(record)
    section = who_was_there(demo_store, tmp_path, "Heart Failure at Home")
    assert section.strip() == "No attendance was recorded."


def test_table_where_everyone_sent_apologies_says_nobody_was_present(
    demo_store: Store, tmp_path: Path
) -> None:
    team = programme.find_team(demo_store, "Heart Failure at Home")
    for record in demo_store.where(Attendance, team_id=team.id, workshop=2):
        record.present, record.state = False, "apologies"
        demo_store.save(record)
    section = who_was_there(demo_store, tmp_path, "Heart Failure at Home")
    assert section.startswith("\n\nNobody was recorded as present.\n\nApologies: ")
    assert "Absent" not in section


def test_someone_unticked_without_apologies_is_absent_not_apologising(
    demo_store: Store, tmp_path: Path
) -> None:
    section = who_was_there(demo_store, tmp_path, "Clinicians in the Community")
    assert "Absent (no apologies): Ade Ogunleye (public advisor).\n" in section
    assert "Apologies" not in section
    assert "Not recorded as present" not in section
