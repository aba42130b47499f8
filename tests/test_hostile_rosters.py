"""Roster CSVs as spreadsheets and people really save them: every file either imports or is
refused in one sentence naming its file and line, never a crash, and nothing stored changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from cigkit.cli import run
from cigkit.model import Cig, Member
from cigkit.services.roster import RosterError, read_roster
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
    assert out.startswith("Read the columns as separated by semicolons") and "1 members" in out
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
    assert ":1: unknown column 'yyy" in str(error) and len(str(error)) < 300


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
