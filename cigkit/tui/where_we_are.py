"""Where we are (workshop, table, team): one reactive on the app with one way to change it,
kept apart so every other part of the app reads it and none writes it but `move_to`.
"""

from __future__ import annotations

from dataclasses import replace

from textual.reactive import reactive

from .place import Place, Roster
from .quiet_app import QuietCrashApp


class WhereWeAre(QuietCrashApp):
    """The `place` reactive screens watch, and the moves between tables and teams."""

    place: reactive[Place] = reactive(Place())

    def __init__(self, *, theme: str | None = None) -> None:
        super().__init__(theme=theme)
        self._roster: tuple[int, Roster] | None = None

    @property
    def workshop_number(self) -> int | None:
        return self.place.workshop

    @property
    def cig_id(self) -> str | None:
        return self.place.cig_id

    @property
    def team_id(self) -> str | None:
        return self.place.team_id

    def roster(self) -> Roster:
        """The tables and teams in the one order every screen uses (re-read after changes)."""
        generation = self.store.generation
        if self._roster is None or self._roster[0] != generation:
            self._roster = (generation, Roster.of(self.store))
        return self._roster[1]

    def move_to(self, place: Place) -> Place:
        """The one way "where we are" changes: to a team that exists, at its own table."""
        settled = self.roster().settle(place)
        self.place = settled
        return settled

    def move_to_team(self, team_id: str | None) -> Place:
        return self.move_to(replace(self.place, team_id=team_id, cig_id=None))

    def move_team(self, step: int = 1) -> Place:
        return self.move_to(self.roster().next_team(self.place, step))

    def move_table(self, step: int = 1) -> Place:
        return self.move_to(self.roster().next_table(self.place, step))

    def move_in_programme(self, step: int = 1) -> Place:
        return self.move_to(self.roster().next_in_programme(self.place, step))
