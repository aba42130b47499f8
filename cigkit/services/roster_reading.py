"""Reading a roster CSV: every row checked, and the first bad one named by file and line.

Apart from importing so a file is refused whole before anything is planned or stored, and
so the first-run screen can read a file before it makes a data folder.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError, one_line, quoted
from ..model import ROLES, WORKSHOP_NUMBERS, normalise_role
from . import setup

REQUIRED = ("cig", "team", "member", "role")
OPTIONAL = ("project", "organisation", "email", "joined_workshop", "left_workshop", "cohort",
            "facilitator", "theme", "id", "team_id", "cig_id")
EXPORT_COLUMNS = REQUIRED + OPTIONAL
_ID = re.compile(r"^[A-Za-z0-9-]{1,64}$")
_FORMULA = re.compile(r"^'*[=+\-@]")
"""A cell a spreadsheet would run as a formula; exported with a leading ' (read back off)."""
MAX_BYTES = 20_000_000
"""30 teams of 8 is 50 KB of CSV; a file past this is not a roster."""
Q = "'"
"""Roster messages quote what the file says in single quotes."""
SEMICOLONS_NOTE = ("Read the columns as separated by semicolons, as Excel saves CSV in many "
                   "European languages.")


class RosterError(UserError):
    """A roster file that cannot be imported; names the file and line."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class RosterRow:
    """One line of the file: a member, or (with no member) a team, or (no team) a CIG."""

    line: int
    cig: str
    team: str
    member: str
    role: str
    project: str = ""
    organisation: str = ""
    email: str = ""
    joined_workshop: int = 1
    left_workshop: int | None = None
    cohort: str = ""
    facilitator: str = ""
    theme: str = ""
    id: str = ""
    team_id: str = ""
    cig_id: str = ""


@dataclass(frozen=True)
class Roster:
    rows: list[RosterRow]
    columns: frozenset[str]
    notes: tuple[str, ...] = ()
    """How the file was read, when that is worth telling the facilitator."""


def _unprotect(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and _FORMULA.match(cell) else cell


def protect_cell(cell: str) -> str:
    """A cell as exported: one a spreadsheet would run as a formula gets a leading '."""
    return f"'{cell}" if _FORMULA.match(cell) else cell


def _workshop_cell(path: Path, line: int, name: str, text: str) -> int | None:
    if not text:
        return None
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number not in WORKSHOP_NUMBERS:
        raise RosterError(path, line, f"{name} {text!r} is not a workshop number from 1 to 8")
    return number


def _cells(path: Path, line: int, raw: list[str], columns: list[str]) -> dict[str, str]:
    if len(raw) > len(columns):
        raise RosterError(path, line, f"has {len(raw)} cells but the header names "
                          f"{len(columns)} columns")
    cells = {c: _unprotect(raw[i].strip() if i < len(raw) else "")
             for i, c in enumerate(columns) if c}
    for name, value in cells.items():
        if len(value) > setup.MAX_NAME:
            raise RosterError(path, line, f"the {name!r} cell is longer than "
                              f"{setup.MAX_NAME} characters")
        if not one_line(value):
            raise RosterError(path, line, f"the {name!r} cell holds a line break, a tab or "
                              "another control character")
    for name in ("id", "team_id", "cig_id"):
        if cells.get(name) and not _ID.match(cells[name]):
            raise RosterError(path, line, f"the {name!r} cell {cells[name]!r} is not an id "
                              "cigkit wrote; leave it empty for a new record")
    return cells


def _row(path: Path, line: int, cells: dict[str, str]) -> RosterRow:
    if not cells["cig"]:
        raise RosterError(path, line, "the 'cig' cell is empty")
    if cells["member"] and not cells["team"]:
        raise RosterError(path, line, "the 'team' cell is empty")
    if cells["role"] and not cells["member"]:
        raise RosterError(path, line, "the 'member' cell is empty")
    role = ""
    if cells["member"]:
        found = normalise_role(cells["role"])
        if found is None:
            raise RosterError(path, line, f"role {cells['role']!r} is not one of "
                              f"{', '.join(ROLES)}")
        role = found
    joined = _workshop_cell(path, line, "joined_workshop", cells.get("joined_workshop", "")) or 1
    left = _workshop_cell(path, line, "left_workshop", cells.get("left_workshop", ""))
    if left is not None and left <= joined:
        raise RosterError(path, line, f"left_workshop {left} is not after joined_workshop "
                          f"{joined}")
    return RosterRow(
        line=line, cig=cells["cig"], team=cells["team"], member=cells["member"], role=role,
        project=cells.get("project", ""), organisation=cells.get("organisation", ""),
        email=cells.get("email", ""), joined_workshop=joined, left_workshop=left,
        cohort=cells.get("cohort", ""), facilitator=cells.get("facilitator", ""),
        theme=cells.get("theme", ""), id=cells.get("id", ""),
        team_id=cells.get("team_id", ""), cig_id=cells.get("cig_id", ""),
    )


def _roster_text(path: Path) -> str:
    """The file as text; a UTF-8 BOM (Excel's "CSV UTF-8") is dropped, other encodings are
    refused, because guessing one would store people's names misspelt."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)  # /dev/zero or a disk image ends here
    except FileNotFoundError:
        raise RosterError(path, None, "no such file") from None
    except OSError as exc:
        raise RosterError(path, None, f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise RosterError(path, None, f"is larger than {MAX_BYTES // 1_000_000} MB, far more "
                          "than any roster; is this the right file?")
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        cell = re.split(r"[,;\t\n]", before.decode("utf-8"))[-1].lstrip(' "')
        where = f"the character after {quoted(cell, Q)}" if cell else "a character"
        raise RosterError(path, before.count(b"\n") + 1,
                          f"is not UTF-8 text ({where} is in another encoding, as in Excel's "
                          "plain 'CSV' or a Latin-1 file); save it from the spreadsheet as "
                          "'CSV UTF-8' and import that file") from None


def _header(text: str) -> tuple[str, list[str]]:
    """The delimiter and the header's column names: commas, or semicolons when only they
    give the required columns (Excel's CSV where the decimal point is a comma)."""
    found: dict[str, list[str]] = {}
    for delimiter in (",", ";"):
        try:
            header = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
        except csv.Error:
            header = []
        found[delimiter] = [h.strip().lower().replace(" ", "_") for h in header]
        if all(name in found[delimiter] for name in REQUIRED):
            return delimiter, found[delimiter]
    return ",", found[","]


def _csv_problem(exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return (f"a cell is longer than {csv.field_size_limit()} characters, far more than "
                "any roster holds; is this the right file?")
    return f"not readable as CSV ({exc})"


def read_roster(path: Path) -> Roster:
    """Parse and check every row; raise RosterError naming the first bad one."""
    text = _roster_text(path)
    if not text:
        raise RosterError(path, 1, "the file is empty; it needs a header row")
    delimiter, columns = _header(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        next(reader)
    except csv.Error as exc:
        raise RosterError(path, 1, _csv_problem(exc)) from None
    if not any(columns):
        raise RosterError(path, 1, "the first line is empty; it must be the header row "
                          f"({', '.join(REQUIRED)}, ...)")
    for position, name in enumerate(columns):
        if name and name in columns[:position]:
            raise RosterError(path, 1, f"the header names the {quoted(name, Q)} column twice")
    for name in REQUIRED:
        if name not in columns:
            raise RosterError(path, 1, f"the header has no {name!r} column "
                              f"(needed: {', '.join(REQUIRED)}; columns are separated by "
                              "commas or semicolons)")
    unknown = [c for c in columns if c and c not in EXPORT_COLUMNS]
    if unknown:
        raise RosterError(path, 1, f"unknown column {quoted(unknown[0], Q)} (known: "
                          f"{', '.join(EXPORT_COLUMNS)})")
    rows: list[RosterRow] = []
    seen: dict[tuple[str, str], int] = {}
    while True:
        line = reader.line_num + 1  # where this row starts; a quoted line break continues it
        try:
            raw = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise RosterError(path, line, _csv_problem(exc)) from None
        if not any(cell.strip() for cell in raw):
            continue
        row = _row(path, line, _cells(path, line, raw, columns))
        if row.member:
            key = ("id", row.id) if row.id else (row.team.casefold(), row.member.casefold())
            if key in seen:
                raise RosterError(path, line, f"{row.member!r} is listed twice for team "
                                  f"{row.team!r} (also on line {seen[key]})")
            seen[key] = line
        rows.append(row)
    teams_to_cig: dict[str, tuple[str, int]] = {}
    for row in rows:
        if not row.team:
            continue
        known = teams_to_cig.setdefault(row.team_id or row.team.casefold(), (row.cig, row.line))
        if known[0].casefold() != row.cig.casefold():
            raise RosterError(path, row.line, f"team {row.team!r} is in CIG {row.cig!r} here "
                              f"but in {known[0]!r} on line {known[1]}")
    if not rows:
        raise RosterError(path, reader.line_num, "has a header but no rows")
    notes = (SEMICOLONS_NOTE,) if delimiter == ";" else ()
    return Roster(rows, frozenset(c for c in columns if c), notes)
