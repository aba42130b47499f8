"""Each person's attendance across the workshops of a programme: a pure function of records.

Participants said they did not know who was in their CIG from one workshop to the next, and
public advisors who joined late felt tokenistic; this table shows both. The app, the CLI and
the programme overview all build it here, from whichever records they hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .model import ROLES, Attendance, Member, Team, normalise_role

NOT_MARKED = ""
NOT_YET = "not yet"
LEFT = "left"
MARKS = ("present", "apologies", "absent", NOT_MARKED, NOT_YET, LEFT)
"""What a cell can say: a recorded state, nobody marked them, not on the team yet, or left."""


@dataclass(frozen=True)
class PersonAttendance:
    """One person's row: who they are, and their mark at each workshop asked for."""

    name: str
    role: str
    team: str
    cig: str
    member_id: str
    """"" for a walk-in, who is known only by the name written on the day."""
    joined_workshop: int | None
    left_workshop: int | None
    workshops: tuple[int, ...]
    marks: tuple[str, ...]
    first_took_part: int | None
    """The first workshop the person was present at (any workshop, not only those shown)."""

    @property
    def public_advisor(self) -> bool:
        return self.role == "public advisor"


def _role_key(role: str) -> int:
    known = normalise_role(role)
    return ROLES.index(known) if known is not None else len(ROLES)


def person_rows(
    teams: Sequence[Team],
    cig_names: Mapping[str, str],
    members: Iterable[Member],
    attendance: Iterable[Attendance],
    workshops: Sequence[int],
) -> list[PersonAttendance]:
    """A row per member of each team (in the order given), then the team's walk-ins.

    A record without a member id counts for the member of that team with the same name,
    so a walk-in later added to the roster keeps the workshops they came to.
    """
    by_team: dict[str, list[Member]] = {}
    for member in members:
        by_team.setdefault(member.team_id, []).append(member)
    marks: dict[tuple[str, str], dict[int, Attendance]] = {}
    walk_ins: dict[tuple[str, str], Attendance] = {}
    names = {(m.team_id, m.name.casefold()): m.id for people in by_team.values() for m in people}
    for record in sorted(attendance, key=lambda a: (a.workshop, a.created_at, a.id)):
        key = record.member_id or names.get((record.team_id, record.name.casefold()), "")
        if not key:
            key = "walk-in:" + record.name.casefold()
            walk_ins.setdefault((record.team_id, key), record)
        marks.setdefault((record.team_id, key), {})[record.workshop] = record
    rows: list[PersonAttendance] = []
    for team in teams:
        cig = cig_names.get(team.cig_id, "")
        people = sorted(by_team.get(team.id, []),
                        key=lambda m: (_role_key(m.role), m.name.casefold(), m.id))
        for member in people:
            rows.append(_row(team, cig, member.name, normalise_role(member.role) or member.role,
                             member.id, member.joined_workshop, member.left_workshop,
                             marks.get((team.id, member.id), {}), workshops))
        for (team_id, key), first in sorted(walk_ins.items(), key=lambda i: i[0][1]):
            if team_id == team.id:
                rows.append(_row(team, cig, first.name, normalise_role(first.role) or first.role,
                                 "", None, None, marks[(team_id, key)], workshops))
    return rows


def _row(team: Team, cig: str, name: str, role: str, member_id: str, joined: int | None,
         left: int | None, records: Mapping[int, Attendance],
         workshops: Sequence[int]) -> PersonAttendance:
    cells = []
    for number in workshops:
        record = records.get(number)
        if record is not None:
            cells.append(record.status)
        elif joined is not None and number < joined:
            cells.append(NOT_YET)
        elif left is not None and number >= left:
            cells.append(LEFT)
        else:
            cells.append(NOT_MARKED)
    present = [n for n, r in records.items() if r.status == "present"]
    return PersonAttendance(
        name=name, role=role, team=team.name, cig=cig, member_id=member_id,
        joined_workshop=joined, left_workshop=left, workshops=tuple(workshops),
        marks=tuple(cells), first_took_part=min(present, default=None),
    )
