"""The table (CIG) and team the note-taker is at, shared by the notes, timeline and actions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...model import Cig, Team
from ...services import programme


@dataclass(frozen=True)
class Selection:
    """Where the note-taker is: a CIG and a team in it, with their places for '(2/3)'."""

    cig: Cig | None
    team: Team | None
    cig_place: str
    team_place: str

    @property
    def cig_name(self) -> str:
        return self.cig.name if self.cig else "no CIG"

    @property
    def team_name(self) -> str:
        return self.team.name if self.team else "no team"


def current(app: Any) -> Selection:
    """The app's selection, repaired to a CIG and team that exist (the first ones by default)."""
    store = app.store
    cigs = programme.cigs(store)
    cig = next((c for c in cigs if c.id == app.cig_id), cigs[0] if cigs else None)
    teams = programme.teams(store, cig.id if cig else None)
    team = next((t for t in teams if t.id == app.team_id), teams[0] if teams else None)
    app.cig_id = cig.id if cig else None
    app.team_id = team.id if team else None
    cig_place = f"{cigs.index(cig) + 1}/{len(cigs)}" if cig else "0/0"
    team_place = f"{teams.index(team) + 1}/{len(teams)}" if team else "0/0"
    return Selection(cig, team, cig_place, team_place)


def next_cig(app: Any, step: int = 1) -> Selection:
    """Move to the next table; its first team becomes the current team."""
    cigs = programme.cigs(app.store)
    if cigs:
        ids = [c.id for c in cigs]
        at = ids.index(app.cig_id) if app.cig_id in ids else -1
        app.cig_id = ids[(at + step) % len(ids)]
        app.team_id = None
    return current(app)


def next_team(app: Any, step: int = 1) -> Selection:
    """Move to the next team at the same table, wrapping round."""
    here = current(app)
    teams = programme.teams(app.store, here.cig.id if here.cig else None)
    if teams:
        ids = [t.id for t in teams]
        at = ids.index(app.team_id) if app.team_id in ids else -1
        app.team_id = ids[(at + step) % len(ids)]
    return current(app)


def choose(app: Any, team: Team) -> Selection:
    app.cig_id = team.cig_id or None
    app.team_id = team.id
    return current(app)
