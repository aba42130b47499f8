"""What the Programme screen's three views show, as plain functions of the records: their rows
and columns, the detail line, and people's words cut to fit, so the screen only puts them up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.text import Text

from ...model import Cig, Member, Team, Workshop
from ..place import Roster
from ..widgets.record_table import Cell

NARROWEST = 80  # the columns' widths are made to fit a terminal this wide
EMPTY_VIEWS = {
    "workshops": "No workshops yet: n names the programme and makes its eight workshops.",
    "teams": "No tables yet: c adds a CIG (a table in the room), then a adds its teams.",
    "people": "Nobody here yet: a adds someone to the team, with their role.",
}
"""What to do first in a view that lists nothing yet (a new programme)."""
WORKSHOP_COLUMNS = ["W", "Title", "Venue", "Where it stands"]
TEAM_COLUMNS = ["Table / team", "Facilitator/project", "Theme/organisation", "Size"]
PEOPLE_COLUMNS = ["Name", "Role", "Joined", "Left", "Email"]

Row = tuple[str, list[Cell]]


def room(width: int, base: int, share: float) -> int:
    """A column's width: `base` fits 80 columns; a wider terminal (a projector, `width`
    columns) gives the column its `share` of the room beyond, so less is cut off."""
    return base + int(max(0, width - NARROWEST) * share)


def cut(text: str, width: int) -> Text:
    """People's words for a column: never markup, cut to fit 80 columns (in full in the
    detail below), and never inside brackets: "cancelled (was planned for Tue 20 Apr…" is
    cut before the bracket instead ("cancelled …")."""
    if len(text) <= width:
        return Text(text)
    kept = text[: width - 1]
    unclosed: list[int] = []
    for at, char in enumerate(kept):
        if char == "(":
            unclosed.append(at)
        elif char == ")" and unclosed:
            unclosed.pop()
    if unclosed and unclosed[0] > 0:  # (a bracket at the very start cannot be avoided)
        kept = kept[: unclosed[0]]
    return Text(kept.rstrip() + "…")


SHORTER = ((re.compile(r"\(was planned for "), "(was "),
           (re.compile(r", postponed from [^,]+"), ", postponed"),
           (re.compile(r"^planned for "), ""))
"""Ways to say where a workshop stands in fewer words, tried in turn until it fits."""


def standing(words: str, width: int) -> Text:
    """Where a workshop stands, shortened to fit its column before anything is cut off
    ("cancelled (was Tue 20 Apr 2027)"); the detail below says it in full."""
    for pattern, shorter in SHORTER:
        if len(words) <= width:
            break
        words = pattern.sub(shorter, words)
    return cut(words, width)


def workshop_title(workshop: Workshop, titles: dict[str, str]) -> str:
    """The workshop's own title, else its plan's, without a leading 'Workshop 3: '."""
    title = workshop.title or titles.get(workshop.plan, "") or workshop.plan
    return title.removeprefix(f"Workshop {workshop.number}: ")


# -- the rows of each view -------------------------------------------------------------------


def workshop_rows(workshops: Iterable[tuple[Workshop, str]], titles: dict[str, str],
                  width: int) -> list[Row]:
    """View 1: each workshop with its title, venue and where it stands."""
    return [(w.id, [str(w.number), cut(workshop_title(w, titles), room(width, 22, 0.45)),
                    cut(w.venue or "-", room(width, 8, 0.1)),
                    standing(words, room(width, 40, 0.45))])
            for w, words in workshops]


def team_rows(roster: Roster, sizes: dict[str, int],
              width: int) -> tuple[list[Row], dict[str, Cig | Team]]:
    """View 2: each table followed by its teams (then the teams at no table), and the record
    behind each row's key."""
    records: dict[str, Cig | Team] = {}
    rows: list[Row] = []
    for cig in [*roster.cigs, None]:
        teams = roster.at_table(cig.id if cig else None)
        if cig is None and not teams:
            continue
        key = f"cig:{cig.id}" if cig else "cig:"
        if cig is not None:
            records[key] = cig
            rows.append((key, [Text(cut(cig.name, room(width, 24, 0.4)).plain, "bold"),
                               cut(cig.facilitator or "no facilitator", room(width, 19, 0.3)),
                               cut(cig.theme or "-", room(width, 18, 0.3)),
                               Text(f"{len(teams)} teams")]))
        else:
            rows.append((key, [Text("Teams at no table", "bold"), "", "", ""]))
        for team in teams:
            records[f"team:{team.id}"] = team
            rows.append((f"team:{team.id}", [cut("  " + team.name, room(width, 24, 0.4)),
                                             cut(team.project or "-", room(width, 19, 0.3)),
                                             cut(team.organisation or "-", room(width, 18, 0.3)),
                                             Text(f"{sizes.get(team.id, 0)} people")]))
    return rows, records


def people_rows(members: Iterable[Member], width: int) -> list[Row]:
    """View 3: the team's people, those who left included."""
    return [(m.id, [cut(m.name, room(width, 24, 0.5)), m.role, f"W{m.joined_workshop}",
                    f"W{m.left_workshop}" if m.left_workshop else "-",
                    cut(m.email or "-", room(width, 18, 0.5))])
            for m in members]


# -- the detail under the view ---------------------------------------------------------------


def workshop_detail(workshop: Workshop, words: str, titles: dict[str, str]) -> Text:
    """The highlighted workshop in full, with where it stands in words."""
    return Text.assemble(
        (f"Workshop {workshop.number}: ", "bold"), workshop_title(workshop, titles),
        f"\n{words} · plan {workshop.plan or '-'} · venue {workshop.venue or 'not set'}")


def row_detail(row: Cig | Team) -> Text:
    """The highlighted table or team in full, and that Enter shows a team's people."""
    if isinstance(row, Cig):
        return Text.assemble(
            ("CIG ", "bold"), row.name,
            f"\nfacilitator {row.facilitator or 'not set'} · theme {row.theme or '-'}"
            " · Enter on a team shows its people")
    return Text.assemble(
        ("Team ", "bold"), row.name,
        f"\nproject {row.project or '-'} · organisation {row.organisation or '-'}"
        " · Enter shows its people")


def member_detail(member: Member) -> Text:
    """The highlighted person in full, with when they joined (and left)."""
    left = f" · left at workshop {member.left_workshop}" if member.left_workshop else ""
    return Text.assemble(
        (member.name, "bold"), f", {member.role} · joined at workshop "
        f"{member.joined_workshop}{left} · {member.email or 'no email'}")


__all__ = ["EMPTY_VIEWS", "NARROWEST", "PEOPLE_COLUMNS", "TEAM_COLUMNS", "WORKSHOP_COLUMNS",
           "cut", "member_detail", "people_rows", "room", "row_detail", "standing", "team_rows",
           "workshop_detail", "workshop_rows", "workshop_title"]
