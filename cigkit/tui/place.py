"""Where the note-taker is: the workshop, the table (CIG) and the team at it.

The app owns one `Place` (`CigkitApp.place`, a reactive) and changes it only through
`CigkitApp.move_to`; every screen reads it and follows it when it changes. `Roster` is the one
team order every screen uses: tables by name, teams by name at each table, then teams that
have no table. Reading a place never changes it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the records and the store are imported with the folder, after the picker
    from ..model import Cig, Team
    from ..store import Store


@dataclass(frozen=True)
class Place:
    """A workshop, a table and a team at it; None where there is none (yet)."""

    workshop: int | None = None
    cig_id: str | None = None
    team_id: str | None = None


@dataclass(frozen=True)
class Where:
    """What an entry typed at one moment is filed under, taken at its Enter key."""

    place: Place
    sharing: str
    at: datetime


@dataclass(frozen=True)
class Here:
    """A place as the screens show it: the table and team records, with '(2/3)' counts."""

    cig: Cig | None
    team: Team | None
    cig_place: str
    team_place: str

    @property
    def cig_name(self) -> str:
        return self.cig.name if self.cig else "no table"

    @property
    def team_name(self) -> str:
        return self.team.name if self.team else "no team"


@dataclass(frozen=True)
class Roster:
    """The programme's tables and teams in the one order every screen uses."""

    cigs: tuple[Cig, ...]
    teams: tuple[Team, ...]

    @classmethod
    def of(cls, store: Store) -> Roster:
        from ..services import programme

        cigs = programme.cigs(store)
        order = {cig.id: index for index, cig in enumerate(cigs)}
        teams = sorted(programme.teams(store),
                       key=lambda t: (order.get(t.cig_id, len(order)), t.name.casefold(), t.id))
        return cls(tuple(cigs), tuple(teams))

    def table_of(self, team: Team) -> str | None:
        """The team's table, or None when it sits at none (or at one that no longer exists)."""
        return team.cig_id if any(c.id == team.cig_id for c in self.cigs) else None

    def at_table(self, cig_id: str | None) -> list[Team]:
        return [t for t in self.teams if self.table_of(t) == cig_id]

    def team(self, team_id: str | None) -> Team | None:
        return next((t for t in self.teams if t.id == team_id), None)

    def settle(self, place: Place) -> Place:
        """The place if it exists; else the first team at its table, else the first team."""
        team = self.team(place.team_id)
        if team is None:
            at = self.at_table(place.cig_id) if place.cig_id else []
            known_table = any(c.id == place.cig_id for c in self.cigs)
            if not at and known_table:
                return replace(place, team_id=None)
            everyone = at or list(self.teams)
            team = everyone[0] if everyone else None
        if team is None:
            return Place(place.workshop, self.cigs[0].id if self.cigs else None, None)
        return Place(place.workshop, self.table_of(team), team.id)

    def here(self, place: Place) -> Here:
        """The records of a place for showing it (a place that no longer exists shows none)."""
        cig = next((c for c in self.cigs if c.id == place.cig_id), None)
        team = self.team(place.team_id)
        teams = self.at_table(cig.id if cig else None) if team or cig else []
        cig_place = f"{self.cigs.index(cig) + 1}/{len(self.cigs)}" if cig else "-"
        team_place = f"{teams.index(team) + 1}/{len(teams)}" if team in teams else "-"
        return Here(cig, team, cig_place, team_place)

    def next_team(self, place: Place, step: int = 1) -> Place:
        """The next team at the same table, wrapping round."""
        teams = self.at_table(place.cig_id)
        return self._step(place, teams, step)

    def next_table(self, place: Place, step: int = 1) -> Place:
        """The first team at the next table, wrapping round."""
        if not self.cigs:
            return place
        ids = [c.id for c in self.cigs]
        at = ids.index(place.cig_id) if place.cig_id in ids else -1
        return self.settle(Place(place.workshop, ids[(at + step) % len(ids)], None))

    def next_in_programme(self, place: Place, step: int = 1) -> Place:
        """The next team in the whole programme, table after table."""
        return self._step(place, list(self.teams), step)

    def _step(self, place: Place, teams: list[Team], step: int) -> Place:
        if not teams:
            return place
        ids = [t.id for t in teams]
        at = ids.index(place.team_id) if place.team_id in ids else -1 if step > 0 else 0
        return self.settle(Place(place.workshop, None, ids[(at + step) % len(ids)]))


__all__ = ["Here", "Place", "Roster", "Where"]
