"""Reading a programme: teams by CIG, finding a team or workshop from what a person typed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..errors import UserError
from ..model import ROLES, Cig, Member, Team, Workshop, slugify
from ..store import Store


class NotFoundError(UserError):
    """A team, workshop or record the user named does not exist (or is ambiguous)."""


@dataclass(frozen=True)
class TeamSummary:
    team: Team
    cig: Cig | None
    members: int
    roles: dict[str, int]


def cigs(store: Store) -> list[Cig]:
    return sorted(store.all(Cig), key=lambda c: (c.name.casefold(), c.id))


def teams(store: Store, cig_id: str | None = None) -> list[Team]:
    found = store.all(Team) if cig_id is None else store.where(Team, cig_id=cig_id)
    return sorted(found, key=lambda t: (t.name.casefold(), t.id))


def members(store: Store, team_id: str) -> list[Member]:
    return sorted(store.where(Member, team_id=team_id), key=lambda m: (m.name.casefold(), m.id))


def workshops(store: Store) -> list[Workshop]:
    return sorted(store.all(Workshop), key=lambda w: (w.number, w.id))


def workshop(store: Store, number: int) -> Workshop:
    for found in store.where(Workshop, number=number):
        return found
    known = ", ".join(str(w.number) for w in workshops(store)) or "none yet"
    raise NotFoundError(f"There is no workshop {number} in this programme (workshops: {known}).")


def find_team(store: Store, text: str) -> Team:
    """A team by name, slug or an unambiguous prefix of either, case-insensitively."""
    wanted = text.strip().casefold()
    everyone = teams(store)
    if not wanted:
        raise NotFoundError("The team name is empty.")
    for rule in (
        lambda t: t.name.casefold() == wanted or (t.slug or slugify(t.name)) == wanted,
        lambda t: t.name.casefold().startswith(wanted)
        or (t.slug or slugify(t.name)).startswith(wanted),
    ):
        hits = [t for t in everyone if rule(t)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            names = ", ".join(t.name for t in hits[:5])
            raise NotFoundError(f"Team {text!r} is ambiguous: it could be {names}.")
    raise NotFoundError(f"There is no team called {text!r}; 'cigkit teams' lists them.")


def find_cig(store: Store, text: str) -> Cig:
    wanted = text.strip().casefold()
    everyone = cigs(store)
    for rule in (
        lambda c: c.name.casefold() == wanted or c.slug == wanted,
        lambda c: c.name.casefold().startswith(wanted) or c.slug.startswith(wanted),
    ):
        hits = [c for c in everyone if rule(c)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise NotFoundError(f"CIG {text!r} is ambiguous.")
    raise NotFoundError(f"There is no CIG called {text!r}; 'cigkit teams' lists them.")


def team_summaries(store: Store) -> list[TeamSummary]:
    by_cig = {c.id: c for c in store.all(Cig)}
    result = []
    for cig_key in [c.id for c in cigs(store)] + [""]:
        for team in teams(store):
            if (team.cig_id if team.cig_id in by_cig else "") != cig_key:
                continue
            people = members(store, team.id)
            roles = Counter(m.role for m in people)
            ordered = {r: roles[r] for r in ROLES if roles[r]}
            result.append(TeamSummary(team, by_cig.get(cig_key), len(people), ordered))
    return result
