"""Exporting the roster as CSV that `roster import` reads back unchanged, ids included."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..model import Cig, Cohort, Member, Team
from ..store import Store
from .roster_reading import EXPORT_COLUMNS, protect_cell


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
    return [protect_cell(cells.get(column, "")) for column in EXPORT_COLUMNS]


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
