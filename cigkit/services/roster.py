"""The roster as a spreadsheet: CIGs, teams and members imported from, and exported to, CSV.

Every row is checked and every change worked out before anything is stored, then all of it
is saved at once, so a bad file changes nothing, and re-importing the same file changes
nothing either. `roster export` writes what `roster import` reads back unchanged; its id
columns let a spreadsheet rename a CIG, team or person without making a second one.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UserError, one_line, quoted
from ..model import (
    ROLES,
    WORKSHOP_NUMBERS,
    Cig,
    Cohort,
    Member,
    Record,
    Team,
    normalise_role,
)
from ..store import Store
from . import setup, setup_people

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


@dataclass
class ImportReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def bump(self, which: dict[str, int], kind: str) -> None:
        which[kind] = which.get(kind, 0) + 1

    def summary(self) -> str:
        def words(counts: dict[str, int]) -> str:
            return ", ".join(f"{n} {k if n != 1 else k.removesuffix('s')}"
                             for k, n in counts.items()) or "nothing"

        said = "".join(f"{note} " for note in self.notes)
        if not self.created and not self.updated:
            return f"{said}Roster unchanged: everything in the file was already stored."
        return f"{said}Created {words(self.created)}; updated {words(self.updated)}."


def _unprotect(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and _FORMULA.match(cell) else cell


def _protect(cell: str) -> str:
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


class _Plan:
    """The records an import changes, worked on as copies until everything has been checked."""

    def __init__(self, store: Store, path: Path) -> None:
        self.store, self.path = store, path
        self.cohorts = {c.id: c for c in store.all(Cohort)}
        self.cigs = {c.id: c for c in store.all(Cig)}
        self.teams = {t.id: t for t in store.all(Team)}
        self.members = {m.id: m for m in store.all(Member)}
        self.before = {r.id: r.to_dict() for kind in (self.cohorts, self.cigs, self.teams,
                                                       self.members) for r in kind.values()}
        self.named: dict[str, tuple[str, int]] = {}
        self.set_on: dict[tuple[str, str], tuple[str, int]] = {}

    def fail(self, row: RosterRow, message: str) -> RosterError:
        return RosterError(self.path, row.line, message)

    def once(self, row: RosterRow, record_id: str, what: str, value: str) -> None:
        """Rows about the same record must agree on its name, facilitator or theme."""
        known = self.set_on.setdefault((record_id, what), (value, row.line))
        if known[0] != value:
            raise self.fail(row, f"{what} {value!r} here but {known[0]!r} on line {known[1]}")

    def cohort(self, name: str) -> Cohort:
        if name:
            for found in self.cohorts.values():
                if found.name.casefold() == name.casefold():
                    return found
        elif self.cohorts:
            return min(self.cohorts.values(), key=lambda c: (c.created_at, c.id))
        named = name or "Cohort 1"
        made = Cohort(id=setup.free_id(self.store, Cohort, f"cohort:{named.casefold()}"),
                      name=named)
        self.cohorts[made.id] = made
        return made

    def cig(self, row: RosterRow) -> Cig:
        cig = self.cigs.get(row.cig_id) if row.cig_id else next(
            (c for c in self.cigs.values() if c.name.casefold() == row.cig.casefold()), None)
        if cig is None:
            cig = Cig(id=row.cig_id or setup.free_id(self.store, Cig, f"cig:{row.cig.casefold()}"),
                      name=row.cig, cohort_id=self.cohort(row.cohort).id,
                      slug=setup.unique_slug(row.cig, {c.slug for c in self.cigs.values()}))
            self.cigs[cig.id] = cig
        self.once(row, cig.id, "the CIG is called", row.cig)
        if cig.name != row.cig:
            if any(c.name.casefold() == row.cig.casefold() for c in self.cigs.values()
                   if c.id != cig.id):
                raise self.fail(row, f"CIG {row.cig!r} already exists; another CIG cannot be "
                                "renamed to it")
            cig.name = row.cig
            cig.slug = setup.unique_slug(row.cig, {c.slug for c in self.cigs.values()
                                                   if c.id != cig.id})
        for what in ("facilitator", "theme"):
            value = getattr(row, what)
            if value:
                self.once(row, cig.id, f"the CIG's {what} is", value)
                setattr(cig, what, value)
        return cig

    def team(self, row: RosterRow, cig: Cig) -> Team:
        team = self.teams.get(row.team_id) if row.team_id else next(
            (t for t in self.teams.values() if t.name.casefold() == row.team.casefold()), None)
        if team is None:
            team = Team(id=row.team_id or setup.free_id(self.store, Team,
                                                        f"team:{row.team.casefold()}"),
                        name=row.team,
                        slug=setup.unique_slug(row.team, {t.slug for t in self.teams.values()}))
            self.teams[team.id] = team
        self.once(row, team.id, "the team is called", row.team)
        if team.name != row.team:
            if any(t.name.casefold() == row.team.casefold() for t in self.teams.values()
                   if t.id != team.id):
                raise self.fail(row, f"team {row.team!r} already exists; another team cannot "
                                "be renamed to it")
            team.name = row.team
            team.slug = setup.unique_slug(row.team, {t.slug for t in self.teams.values()
                                                     if t.id != team.id})
        team.cig_id = cig.id
        if row.project:
            team.project = row.project
        if row.organisation:
            team.organisation = row.organisation
        return team

    def member(self, row: RosterRow, team: Team, columns: frozenset[str]) -> Member:
        member = self.members.get(row.id) if row.id else next(
            (m for m in self.members.values()
             if m.team_id == team.id and m.name.casefold() == row.member.casefold()), None)
        if member is None:
            member = Member(
                id=row.id or setup.free_id(self.store, Member,
                                           f"member:{team.id}:{row.member.casefold()}"),
                name=row.member, team_id=team.id)
            self.members[member.id] = member
        clash = next((m for m in self.members.values() if m.id != member.id and
                      m.team_id == team.id and m.name.casefold() == row.member.casefold()), None)
        if clash is not None:
            raise self.fail(row, f"{row.member!r} is already on team {team.name!r} as another "
                            "person")
        member.name, member.team_id, member.role = row.member, team.id, row.role
        member.joined_workshop = row.joined_workshop
        if row.email:
            member.email = row.email
        if "left_workshop" in columns:
            member.left_workshop = row.left_workshop
        return member

    def changes(self, report: ImportReport) -> list[Record]:
        changed: list[Record] = []
        for label, records in (("cohorts", self.cohorts), ("CIGs", self.cigs),
                               ("teams", self.teams), ("members", self.members)):
            for record in records.values():
                old = self.before.get(record.id)
                if old is None:
                    report.bump(report.created, label)
                elif old != record.to_dict():
                    report.bump(report.updated, label)
                else:
                    continue
                changed.append(record)
        return changed


def import_roster(store: Store, path: Path, roster: Roster | None = None) -> ImportReport:
    """Create or update CIGs, teams and members; idempotent for the same file (`roster`: the
    file as `read_roster` read it already, so a bad file is refused before a folder is made).

    Rows with ids change the records they name (a new name is a rename); rows without ids
    match CIGs and teams by name and members by name within their team. Cells left empty
    change nothing, except `left_workshop` (empty: still on the team) when the file has it.
    """
    roster = read_roster(path) if roster is None else roster
    plan = _Plan(store, path)
    renamed: list[tuple[Member, str]] = []
    for row in roster.rows:
        cig = plan.cig(row)
        if not row.team:
            continue
        team = plan.team(row, cig)
        if row.member:
            before = plan.before.get(row.id or "", {}).get("name")
            member = plan.member(row, team, roster.columns)
            if isinstance(before, str) and before != member.name:
                renamed.append((member, before))
    report = ImportReport(notes=roster.notes)
    changed = plan.changes(report)
    for member, old in renamed:
        changed += setup_people.follow_rename(store, member, old)
    workshops = setup.missing_workshops(store)
    if workshops:
        report.created["workshops"] = len(workshops)
    setup.commit(store, changed + list(workshops))
    return report


def roster_rows(store: Store) -> list[list[str]]:
    """The roster as CSV rows under EXPORT_COLUMNS: a row per member, per team with nobody
    yet, and per CIG with no team yet. Teams in no CIG are left out (`roster import` needs
    one)."""
    cohorts = {c.id: c.name for c in store.all(Cohort)}
    cigs = sorted(store.all(Cig), key=lambda c: (c.name.casefold(), c.id))
    teams = sorted(store.all(Team), key=lambda t: (t.name.casefold(), t.id))
    members = sorted(store.all(Member), key=lambda m: (m.name.casefold(), m.id))
    rows: list[list[str]] = []
    for cig in cigs:
        at_table = [t for t in teams if t.cig_id == cig.id]
        base = {"cig": cig.name, "cohort": cohorts.get(cig.cohort_id, ""),
                "facilitator": cig.facilitator, "theme": cig.theme, "cig_id": cig.id}
        if not at_table:
            rows.append(_line(base))
        for team in at_table:
            on_team = {**base, "team": team.name, "project": team.project,
                       "organisation": team.organisation, "team_id": team.id}
            people = [m for m in members if m.team_id == team.id]
            if not people:
                rows.append(_line(on_team))
            for m in people:
                rows.append(_line({
                    **on_team, "member": m.name, "role": m.role, "email": m.email,
                    "joined_workshop": str(m.joined_workshop),
                    "left_workshop": "" if m.left_workshop is None else str(m.left_workshop),
                    "id": m.id}))
    return rows


def _line(cells: dict[str, str]) -> list[str]:
    return [_protect(cells.get(column, "")) for column in EXPORT_COLUMNS]


def roster_csv(store: Store) -> str:
    """The whole roster as CSV text, header first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows(roster_rows(store))
    return buffer.getvalue()


def export_roster(store: Store, path: Path) -> int:
    """Write the roster to `path` (readable by its owner only); returns the rows written."""
    from ..minutes.files import write_atomic

    text = roster_csv(store)
    write_atomic(path, text, mode=0o600)  # names and emails: for its owner's eyes only
    return text.count("\n") - 1
