"""Roster import: CIGs, teams and members from a spreadsheet's CSV export.

Every row is checked before anything is stored, so a bad file changes nothing, and
re-importing the same file changes nothing either.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UserError
from ..model import (
    ROLES,
    Cig,
    Cohort,
    Member,
    Team,
    Workshop,
    normalise_role,
    slugify,
    stable_id,
)
from ..store import Store

REQUIRED = ("cig", "team", "member", "role")
OPTIONAL = ("project", "organisation", "email", "joined_workshop", "cohort")


class RosterError(UserError):
    """A roster file that cannot be imported; names the file and line."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class RosterRow:
    line: int
    cig: str
    team: str
    member: str
    role: str
    project: str = ""
    organisation: str = ""
    email: str = ""
    joined_workshop: int = 1
    cohort: str = ""


@dataclass
class ImportReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def bump(self, which: dict[str, int], kind: str) -> None:
        which[kind] = which.get(kind, 0) + 1

    def summary(self) -> str:
        def words(counts: dict[str, int]) -> str:
            return ", ".join(f"{n} {k}" for k, n in counts.items()) or "nothing"

        if not self.created and not self.updated:
            return "Roster unchanged: everything in the file was already stored."
        return f"Created {words(self.created)}; updated {words(self.updated)}."


def read_roster(path: Path) -> list[RosterRow]:
    """Parse and check every row; raise RosterError naming the first bad one."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise RosterError(path, None, "no such file") from None
    except UnicodeDecodeError:
        raise RosterError(path, None, "is not UTF-8 text; save it from the spreadsheet as "
                          "'CSV UTF-8'") from None
    except OSError as exc:
        raise RosterError(path, None, f"cannot be read: {exc.strerror}") from None
    reader = csv.reader(text.splitlines(keepends=True))
    try:
        header = next(reader)
    except StopIteration:
        raise RosterError(path, 1, "the file is empty; it needs a header row") from None
    except csv.Error as exc:
        raise RosterError(path, 1, f"not readable as CSV ({exc})") from None
    columns = [h.strip().lower().replace(" ", "_") for h in header]
    for position, name in enumerate(columns):
        if name and name in columns[:position]:
            raise RosterError(path, 1, f"the header names the {name!r} column twice")
    for name in REQUIRED:
        if name not in columns:
            raise RosterError(path, 1, f"the header has no {name!r} column "
                              f"(needed: {', '.join(REQUIRED)})")
    unknown = [c for c in columns if c and c not in REQUIRED + OPTIONAL]
    if unknown:
        raise RosterError(path, 1, f"unknown column {unknown[0]!r} (known: "
                          f"{', '.join(REQUIRED + OPTIONAL)})")
    rows: list[RosterRow] = []
    seen: dict[tuple[str, str], int] = {}
    line = 1
    while True:
        try:
            raw = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise RosterError(path, reader.line_num, f"not readable as CSV ({exc})") from None
        line = reader.line_num
        if not any(cell.strip() for cell in raw):
            continue
        if len(raw) > len(columns):
            raise RosterError(path, line, f"has {len(raw)} cells but the header names "
                              f"{len(columns)} columns")
        cells = {c: (raw[i].strip() if i < len(raw) else "") for i, c in enumerate(columns)}
        for name in ("cig", "team", "member"):
            if not cells[name]:
                raise RosterError(path, line, f"the {name!r} cell is empty")
            if len(cells[name]) > 200:
                raise RosterError(path, line, f"the {name!r} cell is longer than 200 characters")
        role = normalise_role(cells["role"])
        if role is None:
            raise RosterError(path, line, f"role {cells['role']!r} is not one of "
                              f"{', '.join(ROLES)}")
        joined = 1
        if cells.get("joined_workshop"):
            try:
                joined = int(cells["joined_workshop"])
            except ValueError:
                joined = 0
            if not 1 <= joined <= 8:
                raise RosterError(path, line, f"joined_workshop {cells['joined_workshop']!r} "
                                  "is not a workshop number from 1 to 8")
        key = (cells["team"].casefold(), cells["member"].casefold())
        if key in seen:
            raise RosterError(path, line, f"{cells['member']!r} is listed twice for team "
                              f"{cells['team']!r} (also on line {seen[key]})")
        seen[key] = line
        rows.append(RosterRow(
            line=line, cig=cells["cig"], team=cells["team"], member=cells["member"], role=role,
            project=cells.get("project", ""), organisation=cells.get("organisation", ""),
            email=cells.get("email", ""), joined_workshop=joined, cohort=cells.get("cohort", ""),
        ))
    teams_to_cig: dict[str, tuple[str, int]] = {}
    for row in rows:
        known = teams_to_cig.setdefault(row.team.casefold(), (row.cig, row.line))
        if known[0].casefold() != row.cig.casefold():
            raise RosterError(path, row.line, f"team {row.team!r} is in CIG {row.cig!r} here "
                              f"but in {known[0]!r} on line {known[1]}")
    if not rows:
        raise RosterError(path, line, "has a header but no rows")
    return rows


def import_roster(store: Store, path: Path, rows: list[RosterRow] | None = None
                  ) -> ImportReport:
    """Create or update CIGs, teams and members; idempotent for the same file.

    `rows` are the file's rows when the caller has already read them with `read_roster`.
    """
    rows = read_roster(path) if rows is None else rows
    report = ImportReport()
    cohorts = {c.name.casefold(): c for c in store.all(Cohort)}
    default_cohort = next(iter(sorted(cohorts.values(), key=lambda c: c.created_at)), None)
    cigs = {c.name.casefold(): c for c in store.all(Cig)}
    teams = {t.name.casefold(): t for t in store.all(Team)}
    members = {(m.team_id, m.name.casefold()): m for m in store.all(Member)}

    def cohort_for(name: str) -> Cohort:
        nonlocal default_cohort
        if name:
            found = cohorts.get(name.casefold())
            if found is None:
                found = store.save(Cohort(id=stable_id(f"cohort:{name.casefold()}"), name=name))
                cohorts[name.casefold()] = found
                report.bump(report.created, "cohorts")
            return found
        if default_cohort is None:
            default_cohort = store.save(Cohort(id=stable_id("cohort:cohort 1"), name="Cohort 1"))
            cohorts[default_cohort.name.casefold()] = default_cohort
            report.bump(report.created, "cohorts")
        return default_cohort

    for row in rows:
        cohort = cohort_for(row.cohort)
        cig = cigs.get(row.cig.casefold())
        if cig is None:
            cig = store.save(Cig(id=stable_id(f"cig:{row.cig.casefold()}"), name=row.cig,
                                  slug=_unique_slug(row.cig, cigs), cohort_id=cohort.id))
            cigs[row.cig.casefold()] = cig
            report.bump(report.created, "CIGs")
        team = teams.get(row.team.casefold())
        wanted: dict[str, str] = {"cig_id": cig.id}
        if row.project:
            wanted["project"] = row.project
        if row.organisation:
            wanted["organisation"] = row.organisation
        if team is None:
            team = store.save(Team(id=stable_id(f"team:{row.team.casefold()}"), name=row.team,
                                    slug=_unique_slug(row.team, teams)))
            for k, v in wanted.items():
                setattr(team, k, v)
            team = store.save(team)
            teams[row.team.casefold()] = team
            report.bump(report.created, "teams")
        elif any(getattr(team, k) != v for k, v in wanted.items()):
            for k, v in wanted.items():
                setattr(team, k, v)
            team = store.save(team)
            teams[row.team.casefold()] = team
            report.bump(report.updated, "teams")
        member = members.get((team.id, row.member.casefold()))
        fields: dict[str, object] = {"role": row.role, "joined_workshop": row.joined_workshop}
        if row.email:
            fields["email"] = row.email
        if member is None:
            member = store.save(Member(id=stable_id(f"member:{team.id}:{row.member.casefold()}"),
                                       name=row.member, team_id=team.id, role=row.role,
                                       email=row.email, joined_workshop=row.joined_workshop))
            members[(team.id, row.member.casefold())] = member
            report.bump(report.created, "members")
        elif any(getattr(member, key) != value for key, value in fields.items()):
            for key, value in fields.items():
                setattr(member, key, value)
            store.save(member)
            report.bump(report.updated, "members")
    ensure_workshops(store, report)
    return report


def ensure_workshops(store: Store, report: ImportReport | None = None) -> None:
    """A programme has eight workshops; create the missing ones, undated, with their plans."""
    have = {w.number for w in store.all(Workshop)}
    for number in range(1, 9):
        if number not in have:
            store.save(Workshop(id=stable_id(f"workshop:{number}"), number=number,
                                plan=f"workshop-{number:02d}"))
            if report is not None:
                report.bump(report.created, "workshops")


def _unique_slug(name: str, existing: dict[str, Team] | dict[str, Cig]) -> str:
    base = slugify(name)
    taken = {t.slug for t in existing.values()}
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
