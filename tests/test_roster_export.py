"""`roster export` writes what `roster import` reads back unchanged; ids let a CSV rename."""

from __future__ import annotations

import csv
import io
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cigkit.cli import run
from cigkit.model import Action, Attendance, Cig, Member, Team
from cigkit.services import programme, setup, setup_people
from cigkit.services.roster import EXPORT_COLUMNS, RosterError, import_roster, roster_csv
from cigkit.store import Store


def cli(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = run(["--data", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_exported_demo_roster_imports_back_unchanged(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "roster.csv"
    code, said, _ = cli(capsys, demo_dir, "roster", "export", str(out))
    assert code == 0 and said.strip() == f"Wrote 38 roster rows to {out}."
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    code, said, err = cli(capsys, demo_dir, "roster", "import", str(out))
    assert code == 0 and "unchanged" in said, err
    rows = rows_of(out.read_text("utf-8"))
    assert list(rows[0]) == list(EXPORT_COLUMNS)
    assert {r["facilitator"] for r in rows} == {"Dr Amara Okafor", "Tom Reilly", "Priya Shah"}
    # Into an empty folder it makes the same programme, with the same ids.
    code, said, err = cli(capsys, tmp_path / "copy", "roster", "import", str(out))
    assert code == 0, err
    with Store.open(demo_dir, writable=False) as a, Store.open(tmp_path / "copy",
                                                               writable=False) as b:
        assert roster_csv(a) == roster_csv(b)


def test_a_spreadsheet_renames_a_team_and_a_person_without_making_new_ones(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(demo_dir, writable=False) as store:
        text = roster_csv(store)
        cafe = programme.find_team(store, "Crisis Cafe")
        counts = (len(store.all(Team)), len(store.all(Member)))
    edited = tmp_path / "edited.csv"
    edited.write_text(text.replace("Crisis Cafe", "Night Cafe")
                      .replace("Rosa Lima", "Rosa Lima-Silva"), encoding="utf-8")
    code, said, err = cli(capsys, demo_dir, "roster", "import", str(edited))
    assert code == 0 and said.strip() == "Created nothing; updated 1 team, 1 member.", err
    with Store.open(demo_dir, writable=False) as store:
        assert (len(store.all(Team)), len(store.all(Member))) == counts
        night = programme.find_team(store, "Night Cafe")
        assert night.id == cafe.id and night.slug == "night-cafe"
        rosa = next(m for m in store.all(Member) if m.name.startswith("Rosa"))
        assert rosa.name == "Rosa Lima-Silva"
        assert {a.name for a in store.where(Attendance, member_id=rosa.id)} == {
            "Rosa Lima-Silva"}


def test_a_csv_without_ids_still_matches_by_name_and_never_overwrites_a_renamed_team(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(demo_dir) as store:
        setup_people.rename_team(store, "Crisis Cafe", "Night Cafe")
    plain = tmp_path / "plain.csv"
    plain.write_text("cig,team,member,role\nMental health and dementia,Crisis Cafe,Ann Lee,"
                     "intern\n", encoding="utf-8")
    assert cli(capsys, demo_dir, "roster", "import", str(plain))[0] == 0
    with Store.open(demo_dir, writable=False) as store:
        names = {t.name for t in store.all(Team)}
        assert {"Night Cafe", "Crisis Cafe"} <= names
        night = programme.find_team(store, "Night Cafe")
        assert len(programme.members(store, night.id)) == 5
        assert store.where(Action, team_id=night.id)


def test_cig_and_team_rows_without_people_round_trip(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        setup.set_programme(store, "P")
        setup_people.add_cig(store, "Empty table", facilitator="Jo")
        setup_people.add_cig(store, "Second table")
        setup_people.add_team(store, "Lonely team", cig="Second table", project="=SUM(A1)")
        text = roster_csv(store)
    rows = rows_of(text)
    assert [(r["cig"], r["team"], r["member"]) for r in rows] == [
        ("Empty table", "", ""), ("Second table", "Lonely team", "")]
    assert rows[1]["project"] == "'=SUM(A1)"  # a spreadsheet shows it, never runs it
    path = data_dir.parent / "r.csv"
    path.write_text(text, encoding="utf-8")
    with Store.open(data_dir) as store:
        assert import_roster(store, path).summary().startswith("Roster unchanged")
        assert programme.find_team(store, "Lonely").project == "=SUM(A1)"


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda t: t.replace("Tom Reilly", "Tom O'Reilly", 1), "the CIG's facilitator is"),
        (lambda t: t.replace("Crisis Cafe", "Night Cafe", 1), "the team is called"),
        (lambda t: t.replace("Crisis Cafe", "Memory Clinic Access"),
         "team 'Memory Clinic Access' already exists"),
        (lambda t: t + ",B,C,intern,,,,,,,,,,,\n", "'cig' cell is empty"),
        (lambda t: t + "A,B,,intern,,,,,,,,,,,\n", "'member' cell is empty"),
        (lambda t: t + "A,B,C,intern,,,,,,,,,not an id!,,\n", "'id' cell"),
        (lambda t: t + "A,B,C,intern,,,,1,1,,,,,,\n", "left_workshop 1 is not after"),
    ],
)
def test_a_bad_edit_is_named_by_line_and_nothing_is_stored(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    change: object, words: str,
) -> None:
    with Store.open(demo_dir, writable=False) as store:
        text = roster_csv(store)
        before = {(c.id, c.name, c.facilitator) for c in store.all(Cig)}
    bad = tmp_path / "bad.csv"
    bad.write_text(change(text), encoding="utf-8")  # type: ignore[operator]
    code, _, err = cli(capsys, demo_dir, "roster", "import", str(bad))
    assert code == 2 and words in err and err.startswith(f"cigkit: {bad}:"), err
    with Store.open(demo_dir, writable=False) as store:
        assert {(c.id, c.name, c.facilitator) for c in store.all(Cig)} == before
        assert {t.name for t in store.all(Team)} >= {"Crisis Cafe"}


names = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
                min_size=1, max_size=30).map(lambda s: " ".join(s.split())).filter(bool)


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cig=names, team=names, person=names, project=names)
def test_any_names_people_type_survive_export_and_import(
    tmp_path_factory: pytest.TempPathFactory, cig: str, team: str, person: str, project: str
) -> None:
    folder = tmp_path_factory.mktemp("roster")
    with Store.open(folder / "a") as store:
        setup_people.add_cig(store, cig, facilitator=project)
        setup_people.add_team(store, team, cig=cig, project=project)
        setup_people.add_member(store, person, team=team, role="public advisor")
        text = roster_csv(store)
    path = folder / "r.csv"
    path.write_text(text, encoding="utf-8")
    with Store.open(folder / "b") as store:
        import_roster(store, path)
        assert roster_csv(store) == text
        [member] = store.all(Member)
        assert member.name == person and programme.cigs(store)[0].name == cig


def test_reading_a_missing_roster_is_one_sentence(tmp_path: Path) -> None:
    with Store.open(tmp_path / "d") as store, pytest.raises(RosterError, match="no such file"):
        import_roster(store, tmp_path / "nope.csv")
