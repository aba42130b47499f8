"""The evaluation dataset: what an analyst receives, and what never leaves the programme."""

from __future__ import annotations

import csv
import io
import json
import re
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cigkit.cli import run
from cigkit.model import Attendance, Cig, Member, Note, Tally, Team
from cigkit.services import logbook, programme, questions
from cigkit.services.dataset import csv_value, to_csv, write_dataset
from cigkit.services.dataset_columns import TABLES, Column
from cigkit.services.pseudonyms import TITLES
from cigkit.store import Store

HOSTILE = 'Said "no", then: =HYPERLINK("http://x.example","y"); costs, -3\r\nnext line\x00\u202e'
CODE = r"P\d{3}"


def _programme_with_secrets(store: Store) -> str:
    """The demo plus an internal note, action and vote, a walk-in, a hostile note, a note that
    names a member, and a question that member answered; returns the member's name."""
    crisis = programme.find_team(store, "crisis")
    member = programme.members(store, crisis.id)[0]
    first = member.name.split()[0]
    logbook.log_entry(store, "note", 2, crisis.id, "Zqx: the manager may leave",
                      sharing="internal", tags=["what:technical"])
    logbook.log_entry(store, "action", 2, crisis.id, "Zqx: check the manager's contract",
                      sharing="internal")
    store.save(Tally(workshop=2, team_id=crisis.id, question="Zqx ballot",
                     counts={"a": 1}, sharing="internal"))
    store.save(Attendance(workshop=2, team_id=crisis.id, name="Wanda Walkin", role="carer"))
    logbook.log_entry(store, "note", 2, crisis.id, HOSTILE, tags=["why:local-solutions"])
    logbook.log_entry(store, "note", 2, crisis.id, f"{first} and Wanda will phone {member.name}",
                      sharing="programme")
    asked = logbook.log_entry(store, "question", 2, crisis.id, "Who has ED data?")
    assert isinstance(asked, Note)
    questions.answer_question(store, asked, f"{member.name} does", by=member.name, workshop=2)
    return member.name


def _read(folder: Path, table: str) -> tuple[list[dict[str, str]], list[dict[str, object]]]:
    with open(folder / f"{table}.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return rows, json.loads((folder / f"{table}.json").read_text("utf-8"))


def _dictionary(folder: Path) -> dict[str, list[str]]:
    """The columns the README lists under each file's heading."""
    found: dict[str, list[str]] = {}
    current = None
    for line in (folder / "README.md").read_text("utf-8").splitlines():
        heading = re.fullmatch(r"## (\w+)\.csv and \1\.json", line)
        if heading:
            current = found.setdefault(heading.group(1), [])
        elif line.startswith("## "):
            current = None
        elif current is not None and line.startswith("| ") and not line.startswith(
                ("| Column ", "| --- ")):
            current.append(line.split(" | ")[0][2:])
    return found


def test_the_dataset_has_no_internal_text_and_no_member_name_by_default(
    demo_store: Store, tmp_path: Path
) -> None:
    member = _programme_with_secrets(demo_store)
    folder = tmp_path / "dataset"
    write_dataset(demo_store, folder)
    everything = "\n".join(p.read_text("utf-8") for p in sorted(folder.glob("*.*s*")))
    assert "Zqx" not in everything and "Zqx" not in (folder / "README.md").read_text("utf-8")
    names = [m.name for m in demo_store.all(Member)] + ["Wanda Walkin"] + [
        c.facilitator for c in demo_store.all(Cig) if c.facilitator]
    words = {w for n in names for w in n.split() if len(w) > 2 and w.casefold() not in TITLES}
    assert member.split()[0] in words
    for word in sorted(words):
        assert not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", everything), word

    entries, _ = _read(folder, "entries")
    [said] = [r for r in entries if " will phone " in r["text"]]
    match = re.fullmatch(rf"({CODE}) and G001 will phone ({CODE})", said["text"])
    assert match and match.group(1) == match.group(2), said["text"]
    code = match.group(1)
    [answered] = [r for r in entries if r["text"] == "Who has ED data?"]
    assert (answered["answer"], answered["answered_by"]) == (f"{code} does", code)
    assert (answered["question_status"], answered["answered_workshop"]) == ("answered", "2")
    people, _ = _read(folder, "people")
    [person] = [p for p in people if p["person"] == code]
    assert (person["team"], person["on_roster"]) == ("Crisis Cafe", "true")
    assert answered["answered_by_role"] == person["role"] != ""
    walk_in = [r for r in _read(folder, "attendance")[0] if r["person"] == "G001"]
    assert walk_in == [{"workshop": "2", "cig": "Mental health and dementia",
                        "team": "Crisis Cafe", "person": "G001", "role": "public advisor",
                        "present": "true", "state": "present", "walk_in": "true"}]


def test_every_column_is_in_the_data_dictionary(demo_store: Store, tmp_path: Path) -> None:
    for names in (False, True):
        folder = tmp_path / f"names-{names}"
        write_dataset(demo_store, folder, names=names)
        listed = _dictionary(folder)
        assert list(listed) == [t.name for t in TABLES]
        for table in TABLES:
            header = next(csv.reader(io.StringIO((folder / f"{table.name}.csv").read_text(
                "utf-8"))))
            assert listed[table.name] == header, table.name
            rows = json.loads((folder / f"{table.name}.json").read_text("utf-8"))
            assert all(list(row) == header for row in rows), table.name
            # Names R and pandas keep as they are: no spaces, nothing to mangle.
            assert all(re.fullmatch(r"[a-z][a-z0-9_]*", name) for name in header)
            assert any(name.endswith("_name") for name in header) == (
                names and any(c.names_only for c in table.columns))


def test_csv_dict_reader_reads_every_file_back_to_the_same_rows_as_the_json(
    demo_store: Store, tmp_path: Path
) -> None:
    _programme_with_secrets(demo_store)
    folder = tmp_path / "dataset"
    write_dataset(demo_store, folder)
    for table in TABLES:
        raw = (folder / f"{table.name}.csv").read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf") and raw.endswith(b"\r\n")
        rows, json_rows = _read(folder, table.name)
        columns = {c.name: c for c in table.columns}
        assert rows == [{k: csv_value(columns[k], v) for k, v in row.items()}
                        for row in json_rows], table.name
    entries, json_entries = _read(folder, "entries")
    [cell] = [r["text"] for r in entries if "HYPERLINK" in r["text"]]
    [typed] = [r["text"] for r in json_entries if "HYPERLINK" in str(r["text"])]
    assert typed == 'Said "no", then: =HYPERLINK("http://x.example","y"); costs, -3\nnext line'
    assert cell == typed  # starts with 'S', so nothing to neutralise
    row = next(r for r in json_entries if "HYPERLINK" in str(r["text"]))
    assert row["why"] == "local-solutions" and row["block"] is None


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_shown_as_text(
    demo_store: Store, tmp_path: Path
) -> None:
    crisis = programme.find_team(demo_store, "crisis")
    for text in ("=1+1", "+44 7700 900123", "-3 since last time", "@SUM(A1)"):
        logbook.log_entry(demo_store, "note", 2, crisis.id, text)
    odd = demo_store.save(Team(name="=cmd|'/C calc'!A0\x00", cig_id=crisis.cig_id))
    logbook.log_entry(demo_store, "note", 2, odd.id, "From the odd team")
    folder = tmp_path / "dataset"
    write_dataset(demo_store, folder)
    entries, json_entries = _read(folder, "entries")
    cells = {r["text"] for r in entries}
    assert {"'=1+1", "'+44 7700 900123", "'-3 since last time", "'@SUM(A1)"} <= cells
    assert {"=1+1", "@SUM(A1)"} <= {str(r["text"]) for r in json_entries}
    [odd_row] = [r for r in entries if r["text"] == "From the odd team"]
    assert odd_row["team"] == "'=cmd|'/C calc'!A0"
    assert "'=cmd|'/C calc'!A0" in {r["team"] for r in _read(folder, "teams")[0]}
    assert "Spreadsheet safety" in (folder / "README.md").read_text("utf-8")


def test_dataset_files_are_owner_only_and_codes_stay_put(demo_store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "dataset"
    first = write_dataset(demo_store, folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in first)
    before = {p.name: p.read_bytes() for p in first}
    crisis = programme.find_team(demo_store, "crisis")
    demo_store.save(Member(name="Newcomer Person", team_id=crisis.id, role="researcher"))
    again = write_dataset(demo_store, folder)
    assert [p.name for p in again] == [p.name for p in first]
    old_people, _ = _read(folder, "people")
    rows_before = list(csv.DictReader(io.StringIO(before["people.csv"].decode())))
    roster_before = [r for r in rows_before if r["on_roster"] == "true"]
    assert old_people[: len(roster_before)] == roster_before
    assert old_people[len(roster_before)]["role"] == "researcher"
    assert before["workshops.csv"] == (folder / "workshops.csv").read_bytes()


def test_names_are_written_only_when_asked_for(
    demo_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    member = _programme_with_secrets(demo_store)
    demo_store.close()
    folder = tmp_path / "named"
    code = run(["--data", str(demo_store.data_dir), "export", "--dataset", str(folder),
                "--names"])
    out, _ = capsys.readouterr()
    assert code == 0 and out.splitlines()[-1] == str(folder / "README.md")
    people, _ = _read(folder, "people")
    assert member in {p["person_name"] for p in people}
    entries, _ = _read(folder, "entries")
    assert any(r["text"].endswith(f"will phone {member}") for r in entries)
    assert "Zqx" not in "".join(p.read_text("utf-8") for p in folder.iterdir())
    assert "`--names`" in (folder / "README.md").read_text("utf-8")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--dataset", "{busy}"], "already holds other files (notes.txt)"),
        (["--dataset", "{file}"], "is a file, not a folder"),
        (["--dataset", "{new}", "--html"], "does not go with --html"),
        (["--dataset", "{new}", "--workshop", "2"], "does not go with --workshop"),
        (["--names"], "--names goes with --dataset"),
    ],
)
def test_a_dataset_that_cannot_be_written_is_one_sentence(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
    words: str
) -> None:
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    (tmp_path / "file").write_text("x")
    places = {"busy": str(busy), "file": str(tmp_path / "file"), "new": str(tmp_path / "new")}
    code = run(["--data", str(demo_dir), "export", *[a.format(**places) for a in args]])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and words in err and err.count("\n") == 1, err
    assert not (tmp_path / "new").exists()
    assert sorted(p.name for p in busy.iterdir()) == ["notes.txt"]


@given(st.lists(st.text(max_size=20), min_size=1, max_size=4), st.integers(-5, 5))
def test_any_text_survives_the_csv_as_the_json_has_it(texts: list[str], number: int) -> None:
    columns = (Column("text", "text", ""), Column("n", "integer", ""))
    rows = [{"text": t, "n": number} for t in texts]
    back = list(csv.DictReader(io.StringIO(to_csv(columns, rows), newline="")))
    assert back == [{"text": csv_value(columns[0], t), "n": str(number)} for t in texts]
