"""Roster CSVs as spreadsheets and people really save them: every file either imports or is
refused in one sentence naming its file and line, never a crash, and nothing stored changes."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from conftest import DEVICE
from hostile_input import (
    Programme,
    assert_cli_refused,
    assert_one_sentence,
    lines_in,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from cigkit.cli import run
from cigkit.errors import one_line
from cigkit.model import ROLES, Cig, Member, Team, normalise_role
from cigkit.services.roster import (
    EXPORT_COLUMNS,
    RosterError,
    import_roster,
    read_roster,
    roster_csv,
)
from cigkit.store import Store

HEADER = "cig,team,member,role,project\n"


def roster_file(tmp_path: Path, data: bytes | str, name: str = "roster.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def roster_error(tmp_path: Path, data: bytes | str) -> RosterError:
    with pytest.raises(RosterError) as caught:
        read_roster(roster_file(tmp_path, data))
    return caught.value


# --- the stories behind each fix ---------------------------------------------------------


def test_a_semicolon_roster_from_a_european_excel_imports_and_says_how_it_was_read(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = ("\ufeffcig;team;member;role;organisation\r\n"
            "Mental health;Crisis Cafe;Zoë Brennan;public advisor;Trust, North\r\n")
    path = roster_file(tmp_path, text)
    assert run(["--data", str(data_dir), "roster", "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Read the columns as separated by semicolons")
    assert "1 member" in out and "1 members" not in out
    with Store.open(data_dir, writable=False) as store:
        zoe = store.all(Member)[0]
        assert (zoe.name, zoe.role) == ("Zoë Brennan", "public advisor")


def test_a_comma_roster_whose_cells_hold_semicolons_stays_comma_separated(
    tmp_path: Path,
) -> None:
    roster = read_roster(roster_file(tmp_path, HEADER + "A;1,B,Ann,intern,x;y\n"))
    assert (roster.rows[0].cig, roster.rows[0].project, roster.notes) == ("A;1", "x;y", ())


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "mac-roman"])
def test_a_roster_not_saved_as_utf8_is_refused_naming_the_line_and_the_name(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str
) -> None:
    text = HEADER + "Mental health,Crisis Cafe,Leon Francis,intern,\n" \
                    "Mental health,Crisis Cafe,José Ruiz,intern,\n"
    path = roster_file(tmp_path, text.encode(encoding))
    assert run(["--data", str(data_dir), "roster", "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"cigkit: {path}:3: is not UTF-8 text (the character after 'Jos' "
                          "is in another encoding")
    assert "save it from the spreadsheet as 'CSV UTF-8'" in err and err.count("\n") == 1


@pytest.mark.parametrize("separator", ["\u2028", "\x85", "\x0b", "\x0c", "\x1c"])
def test_a_line_separator_inside_a_cell_never_makes_a_second_row(
    tmp_path: Path, separator: str
) -> None:
    # Before, "Proj<sep>ect" became project "Proj" and a new CIG called "ect".
    error = roster_error(tmp_path, HEADER + f"A,B,Ann,intern,Proj{separator}ect\n")
    assert error.args[0].endswith(":2: the 'project' cell holds a line break, a tab or "
                                  "another control character")


def test_a_nul_byte_in_a_name_is_refused_as_a_control_character(tmp_path: Path) -> None:
    error = roster_error(tmp_path, HEADER + "A,B,An\x00n,intern,\n")
    assert ":2: the 'member' cell holds a line break, a tab or another control" in str(error)


def test_a_huge_cell_is_named_in_plain_words_on_its_line(tmp_path: Path) -> None:
    error = roster_error(tmp_path, HEADER + "A,B,Ann,intern,ok\nA,B,Bo,intern," + "x" * 200_000)
    assert str(error).endswith(":3: a cell is longer than 131072 characters, far more than "
                               "any roster holds; is this the right file?")


def test_a_huge_unknown_column_is_quoted_short(tmp_path: Path) -> None:
    error = roster_error(tmp_path, HEADER.strip() + "," + "y" * 100_000 + "\nA,B,Ann,intern,\n")
    said = str(error).split("roster.csv", 1)[1]  # the folder's own name may be long
    assert said.startswith(":1: unknown column 'yyy") and len(said) < 250


def test_a_mistake_in_a_row_with_a_quoted_line_break_points_at_where_the_row_starts(
    tmp_path: Path,
) -> None:
    error = roster_error(tmp_path, HEADER + 'A,B,Ann,wizard,"two\nlines"\n')
    assert ":2: " in str(error) and "the 'project' cell holds a line break" in str(error)
    error = roster_error(tmp_path, HEADER + 'A,B,Ann,intern,"x"\nA,B,Bo,"wiz\n\nard",\n')
    assert ":3: the 'role' cell holds a line break" in str(error)


def test_a_blank_first_line_asks_for_the_header(tmp_path: Path) -> None:
    error = roster_error(tmp_path, "\n" + HEADER + "A,B,Ann,intern,\n")
    assert str(error).endswith(":1: the first line is empty; it must be the header row "
                               "(cig, team, member, role, ...)")


def test_a_file_that_never_ends_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    endless = tmp_path / "disk-image.csv"
    with endless.open("wb") as file:
        file.truncate(500_000_000)  # sparse: costs no disk
    with pytest.raises(RosterError) as caught:
        read_roster(endless)
    assert str(caught.value) == (f"{endless}: is larger than 20 MB, far more than any roster; "
                                 "is this the right file?")


def test_a_refused_roster_changes_nothing_stored(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["--data", str(demo_dir), "dump", "--json"]) == 0
    before = capsys.readouterr().out
    path = roster_file(tmp_path, HEADER + "New CIG,New team,Ann,intern,x\u2028y\n")
    assert run(["--data", str(demo_dir), "roster", "import", str(path)]) == 2
    assert run(["--data", str(demo_dir), "dump", "--json"]) == 0
    assert capsys.readouterr().out == before
    with Store.open(demo_dir, writable=False) as store:
        assert not [c for c in store.all(Cig) if c.name in ("New CIG", "y")]


# --- fuzzing: generated rosters, from a clean export to a hostile spreadsheet ---------------
#
# A roster is generated as rows of cells (names from the seeded programme and new ones, every
# spelling of every role, workshop numbers in and out of range, ids, hostile cells), written
# with commas or semicolons, any quoting and line ending, encoded as UTF-8 (with or without
# a BOM), Latin-1, Windows-1252, Mac Roman or UTF-16, and sometimes damaged.

TEAMS = [("Long-term conditions", "Diabetes Foot Care"), ("Long-term conditions",
         "Heart Failure at Home"), ("Mental health", "Crisis Cafe"), ("New CIG", "New team"),
         ("Zdrowie", "Zespół Łódź")]
FACILITATORS = {"Long-term conditions": "Dr Okafor", "Mental health": "Tom Reilly"}
ROLE_SPELLINGS = st.sampled_from([*ROLES, "Public Advisor", "PUBLIC_ADVISOR", "patient",
                                  " intern ", "Expert by experience", "decision-maker"])
BAD_ROLES = st.sampled_from(["wizard", "", "public advisor!", "Intern,", "boss"])
WORKSHOPS = st.sampled_from(["", "1", "2", "3", "8"])
BAD_WORKSHOPS = st.sampled_from(["0", "9", "x", "1.5", "٣", "-1", "99999999999999999999"])
person_names = st.one_of(
    st.builds("{} {}".format, st.sampled_from(["Amara", "Tom", "Priya", "Sam", "Lena", "Rosa"]),
              st.sampled_from(["Okafor", "Reilly", "Shah", "O'Brien", "Lima-Silva", "Ng"])),
    st.sampled_from(["Grace Mensah", "grace mensah", "Lena Kowalska", "Zoë Brennan",
                     "Siân Hughes", "José Ruiz", "Łucja Wróbel", "=cmd|' /C calc'!A0",
                     "@SUM(1)", "+44 1234", "O'Brien, Pat", 'Sam "Sammy" Patel']),
    st.text(st.characters(categories=("L", "Zs", "Pd", "Po")), min_size=1, max_size=40),
).filter(lambda s: s.strip() == s and bool(s) and not re.match(r"'+[=+\-@]", s))
"""A cell starting ' then = + - or @ is one roster export protected: import takes the ' off."""
hostile_cells = st.one_of(
    st.text(max_size=12),  # control characters, line separators, quotes, whatever comes
    st.sampled_from(["", " ", "a\nb", "a\r\nb", "a\tb", "nu\x00l", "x\u2028y", "\ufeffBOM",
                     '"', '""', "a;b", "a,b", "=1+1", "x" * 200, "x" * 201]),
    st.builds(lambda ch, n: ch * n, st.characters(), st.sampled_from([300, 5000, 140_000])),
)
SEPARATORS = st.sampled_from(["\n", "\r", "\r\n", "\t", "\x00", "\x0b", "\x0c", "\x1c",
                              "\x1d", "\x1e", "\x1f", "\x7f", "\x85", "\u2028", "\u2029",
                              ",", ";", '"', "\ufeff", "\xa0"])
split_names = st.builds(lambda a, sep, b: a + sep + b, person_names, SEPARATORS, person_names)
"""A good name with a line break, control character, separator or quote in the middle."""
OPTIONAL_COLUMNS = st.lists(st.sampled_from(["project", "organisation", "email",
                                             "joined_workshop", "left_workshop", "cohort",
                                             "facilitator", "theme"]), unique=True, max_size=5)
HEADER_SPELLINGS = st.sampled_from([str, str, str.upper, lambda c: f" {c} ",
                                    lambda c: c.replace("_", " ").title()])
"""How a spreadsheet may spell a column: cigkit reads 'Joined Workshop' as joined_workshop."""
UNKNOWN_COLUMNS = st.sampled_from(["phone", "Notes", "joined_worshop", "role2"]) | st.text(
    max_size=8)
ENCODINGS = st.sampled_from(["utf-8"] * 5 + ["utf-8-sig"] * 2 + ["latin-1", "cp1252",
                                                                  "mac-roman", "utf-16"])
DAMAGE = st.sampled_from(["none"] * 6 + ["cut", "splice", "double", "nul", "header only",
                                         "empty", "blank first line"])
HOSTILITY = st.sampled_from([0, 0, 2, 5])
"""Of 20 choices, how many are hostile: half the rosters are good throughout."""
CHOICE = st.sampled_from(range(20))
# Strategies are built once here: hypothesis spends more building one than drawing from it.
SHUFFLE = st.randoms(use_true_random=False)
REQUIRED_COLUMN = st.sampled_from(["cig", "team", "member", "role"])
ROW_COUNT = {True: st.integers(0, 6), False: st.integers(1, 6)}
TEAM = st.sampled_from(TEAMS)
SHAPE = st.sampled_from(["member"] * 4 + ["team", "cig", "blank"])
LEFT = st.sampled_from(["", "next", "8"])
HOSTILE_VALUES = st.one_of(split_names, split_names, hostile_cells, BAD_ROLES, BAD_WORKSHOPS,
                           person_names)
OTHER_CIG = st.sampled_from(["Mental health", "Other"])
DELIMITERS = st.sampled_from([",", ",", ";"])
QUOTING = st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])
LINE_ENDS = st.sampled_from(["\r\n", "\n", "\r"])
JUNK = st.binary(min_size=1, max_size=6)
EMPTY_FILES = st.sampled_from([b"", b"\xef\xbb\xbf", b"\n", b"\r\n\r\n", b" "])


@st.composite
def roster_documents(draw: st.DrawFn) -> tuple[list[list[str]], list[tuple[str, ...]] | None]:
    """Header and rows as cells, and the (cig, team, member, role) rows cigkit must read from
    them, or None when the roster may be refused."""
    hostility = draw(HOSTILITY)
    valid = True

    def hostile() -> bool:
        return draw(CHOICE) < hostility

    columns = ["cig", "team", "member", "role", *draw(OPTIONAL_COLUMNS)]
    draw(SHUFFLE).shuffle(columns)
    if hostile():
        columns.remove(draw(REQUIRED_COLUMN))
        valid = False
    if hostile():
        columns.append(draw(st.sampled_from(columns) | UNKNOWN_COLUMNS))
        valid = False
    header = [draw(HEADER_SPELLINGS)(c) for c in columns]
    rows, expected, people = [], [], set()
    for _ in range(draw(ROW_COUNT[hostility > 0])):
        cig, team = draw(TEAM)
        shape = draw(SHAPE)
        cells = dict.fromkeys([*EXPORT_COLUMNS, *columns], "")
        cells.update(cig=cig, team=team if shape in ("member", "team") else "")
        if shape == "member":
            cells.update(member=draw(person_names), role=draw(ROLE_SPELLINGS))
            joined = draw(WORKSHOPS)
            left = draw(LEFT).replace("next", str(int(joined or 1) + 1))
            cells.update(joined_workshop=joined, left_workshop=left if left != "9" else "")
            if int(cells["left_workshop"] or 9) <= int(joined or 1):
                cells["left_workshop"] = ""
        cells.update(facilitator=FACILITATORS.get(cig, "") if draw(st.booleans()) else "",
                     email="someone@example.org" if draw(st.booleans()) else "")
        if hostile():
            cells[draw(st.sampled_from(columns))] = draw(HOSTILE_VALUES)
            valid = False
        if hostile():
            cells["cig"] = draw(OTHER_CIG)  # the team in another CIG on another row
            valid = False
        row = [cells.get(c, "") if shape != "blank" else "" for c in columns]
        if hostile():
            row = row[: draw(st.integers(0, len(row)))] if draw(st.booleans()) else [*row, "x"]
            valid = False
        rows.append(row)
        if shape == "blank":
            continue
        key = (cells["team"].casefold(), cells["member"].casefold())
        if shape == "member" and key in people:
            valid = False  # the same person twice on a team
        people.add(key)
        if "member" in columns:
            role = normalise_role(cells["role"]) if shape == "member" else ""
            expected.append((cells["cig"], cells["team"], cells["member"], role or ""))
    if not expected:
        valid = False
    return [header, *rows], expected if valid else None


@st.composite
def roster_files(draw: st.DrawFn) -> tuple[bytes, list[tuple[str, ...]] | None]:
    """A roster as a spreadsheet saved it, and the rows it must give (None: may be refused)."""
    table, expected = draw(roster_documents())
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=draw(DELIMITERS), quoting=draw(QUOTING),
                        lineterminator=draw(LINE_ENDS))
    writer.writerows(table)
    text = buffer.getvalue()
    encoding = draw(ENCODINGS)
    data = text.encode(encoding, errors="replace")
    if encoding not in ("utf-8", "utf-8-sig") and data != text.encode():
        expected = None
    damage = draw(DAMAGE)
    at = draw(st.integers(0, len(data)))
    lines = data.splitlines(keepends=True) or [b""]
    if damage == "cut":
        data = data[:at]
    elif damage == "splice":
        data = data[:at] + draw(JUNK) + data[at:]
    elif damage == "double":
        data = b"".join(lines[: at % len(lines) + 1] + lines[at % len(lines):])
    elif damage == "nul":
        data = data[:at] + b"\x00" + data[at:]
    elif damage == "header only":
        data = lines[0]
    elif damage == "empty":
        data = draw(EMPTY_FILES)
    elif damage == "blank first line":
        data = b"\n" + data
    return data, expected if damage == "none" else None


def read_outcome(path: Path, data: bytes,
                 expected: list[tuple[str, ...]] | None) -> RosterError | None:
    """Read the roster as import does; the error if refused, after checking its sentence."""
    path.write_bytes(data)
    try:
        roster = read_roster(path)
    except RosterError as error:
        assert expected is None, error
        assert_one_sentence(str(error), path, lines_in(data))
        return error
    lines = [row.line for row in roster.rows]
    assert lines == sorted(set(lines)) and 2 <= lines[0] and lines[-1] <= lines_in(data)
    for row in roster.rows:
        assert row.cig and (row.team or not row.member) and (row.role in ROLES or not row.member)
        for cell in (row.cig, row.team, row.member, row.project, row.email, row.facilitator):
            assert one_line(cell) and len(cell) <= 200 and cell == cell.strip()
    # Every record the csv module reads from the file, as its documentation says to read one,
    # is one row, in order: no cell's character splits a row in two.
    text = data.decode("utf-8-sig")
    records = list(csv.reader(io.StringIO(text, newline=""),
                              delimiter=";" if roster.notes else ","))
    cig = [h.strip().lower() for h in records[0]].index("cig")
    assert [r.cig for r in roster.rows] == [
        r[cig].strip() for r in records[1:] if any(c.strip() for c in r)]
    if expected is not None:
        assert [(r.cig, r.team, r.member, r.role) for r in roster.rows] == expected
    return None


@pytest.fixture(scope="module")
def programme(tmp_path_factory: pytest.TempPathFactory) -> Programme:
    return Programme(tmp_path_factory.mktemp("hostile-rosters"))


@settings(max_examples=600)
@given(roster_files())
def test_any_roster_file_is_read_or_refused_in_one_sentence_naming_its_line(
    programme: Programme, file: tuple[bytes, list[tuple[str, ...]] | None]
) -> None:
    read_outcome(programme.data.parent / "incoming.csv", *file)


@settings(max_examples=150)
@given(roster_files())
def test_importing_any_roster_stores_all_of_it_once_or_nothing(
    programme: Programme, file: tuple[bytes, list[tuple[str, ...]] | None]
) -> None:
    path = programme.data.parent / "import.csv"
    error = read_outcome(path, *file)
    with Store.open(programme.data, device=DEVICE) as store:
        before = roster_csv(store)
        try:
            report = import_roster(store, path)
        except RosterError as refused:
            assert file[1] is None and (error is None or str(refused) == str(error))
            assert_one_sentence(str(refused), path, lines_in(file[0]))
            assert roster_csv(store) == before
            return
        assert error is None
        try:
            people = {(m.name, m.team_id) for m in store.all(Member)}
            teams = {t.id: t.name.casefold() for t in store.all(Team)}
            for row in read_roster(path).rows:
                if row.member:
                    assert any(name.casefold() == row.member.casefold() and
                               teams[team] == row.team.casefold() for name, team in people)
            assert import_roster(store, path).summary().endswith(
                "Roster unchanged: everything in the file was already stored."), report
        finally:
            store.close()
            programme.restore()


@settings(max_examples=50)
@given(roster_files())
def test_roster_import_refusals_are_one_sentence_with_status_2_and_change_nothing(
    programme: Programme, file: tuple[bytes, list[tuple[str, ...]] | None]
) -> None:
    path = programme.data.parent / "roster.csv"
    error = read_outcome(path, *file)
    code, out, err = programme.cli("roster", "import", str(path))
    if code == 0:
        assert error is None and not err and out.strip().endswith(".")
        programme.restore()
        return
    assert code == 2 and not out and err.startswith(f"cigkit: {path}:"), err
    if error is not None:
        assert_cli_refused((code, out, err), str(error))
    assert_one_sentence(err.removeprefix("cigkit: ").rstrip("\n"), path, lines_in(file[0]))
    assert programme.dump() == programme.dump_before
