"""Importing a read roster into the store: every change worked out, then saved at once.

A bad row changes nothing and re-importing the same file changes nothing either; rows with
ids rename the CIG, team or person they name instead of making a second one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model import Cig, Cohort, Member, Record, Team
from ..store import Store
from . import setup, setup_people
from .roster_reading import Roster, RosterError, RosterRow, read_roster


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
