"""Each team's equity checklist and value passport as stored records: read, change, summarise.

The pure rules live in `cigkit.progress` and `cigkit.passport`; this module feeds them the
store's records and saves what they return, so the CLI and the screens share one path.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..checklist import Checklist, ChecklistItem, normalise_status
from ..errors import UserError
from ..model import Attendance, ChecklistEntry, Cig, Member, PassportRating, Team, stable_id
from ..passport import SPARK_BLOCKS, PassportError, passport_trend, validate_rating
from ..progress import (
    ChecklistChange,
    ChecklistChangeError,
    Flag,
    _current_entries,
    apply_change,
    changes_since,
    stage_counts,
    team_flags,
)
from ..store import Store
from . import programme
from .checklists import checklist_for
from .logbook import author


class ChecklistInputError(UserError):
    """A status, item or rating that cannot be recorded as given."""


@dataclass(frozen=True)
class TeamChecklist:
    """One team's checklist as it stands at a workshop, with what moved since the last one."""

    team: Team
    checklist: Checklist
    workshop: int
    entries: dict[str, ChecklistEntry]
    flags: list[Flag]
    moved: list[ChecklistChange]

    def status(self, item_id: str) -> str:
        entry = self.entries.get(item_id)
        return (normalise_status(entry.status) if entry else None) or "not started"

    def evidence(self, item_id: str) -> str:
        entry = self.entries.get(item_id)
        return entry.evidence if entry else ""

    def moved_ids(self) -> set[str]:
        return {change.item_id for change in self.moved}


@dataclass(frozen=True)
class MatrixRow:
    """One team's line in the overview: a status per item, its flags and its passport trend."""

    team: Team
    cig: Cig | None
    statuses: list[str]
    flags: list[Flag]
    trend: str
    done: int


@dataclass(frozen=True)
class Matrix:
    """Teams by checklist items, for the CIG and programme overview."""

    checklist: Checklist
    workshop: int
    rows: list[MatrixRow]
    counts: dict[str, dict[str, int]] = field(default_factory=dict)


def item_of(checklist: Checklist, text: str) -> ChecklistItem:
    """The checklist item a person named by id, or a sentence saying which ids exist."""
    wanted = text.strip().lower()
    for item in checklist.items:
        if item.id == wanted:
            return item
    hits = [item for item in checklist.items if item.id.startswith(wanted)] if wanted else []
    if len(hits) == 1:
        return hits[0]
    raise ChecklistInputError(
        f"{text!r} is not a checklist item; 'cigkit checklist TEAM' lists the ids."
    )


def entries_of(store: Store, team_id: str) -> dict[str, ChecklistEntry]:
    """The team's current entry per item (the later one wins if two laptops made one)."""
    current = _current_entries(store.where(ChecklistEntry, team_id=team_id))
    return {item_id: entry for (_, item_id), entry in current.items()}


def entry(store: Store, team_id: str, item_id: str) -> ChecklistEntry | None:
    return entries_of(store, team_id).get(item_id)


def flags_for(store: Store, checklist: Checklist, team_id: str, workshop: int) -> list[Flag]:
    """Flags from the team's members, attendance registers and checklist at this workshop."""
    return team_flags(
        checklist,
        team_id,
        store.where(Member, team_id=team_id),
        store.where(Attendance, team_id=team_id),
        store.where(ChecklistEntry, team_id=team_id),
        workshop,
    )


def team_checklist(store: Store, team_id: str, workshop: int) -> TeamChecklist:
    """Everything the checklist screen and `cigkit checklist TEAM` show for one team."""
    team = store.get(Team, team_id)
    if team is None:
        raise programme.NotFoundError(f"There is no team with id {team_id!r}.")
    checklist = checklist_for(store.data_dir)
    entries = entries_of(store, team_id)
    moved = changes_since(entries.values(), workshop - 1, checklist) if workshop > 1 else []
    return TeamChecklist(
        team=team,
        checklist=checklist,
        workshop=workshop,
        entries=entries,
        flags=flags_for(store, checklist, team_id, workshop),
        moved=[change for change in moved if change.item_id in checklist.ids],
    )


def set_status(
    store: Store,
    team_id: str,
    item_id: str,
    status: str,
    *,
    workshop: int | None,
    evidence: str | None = None,
    reason: str = "",
    evidence_only: bool = False,
) -> ChecklistEntry:
    """Change one item for one team, keeping the step in its history, and save it durably."""
    checklist = checklist_for(store.data_dir)
    item = item_of(checklist, item_id)
    held = entry(store, team_id, item.id)
    if not reason and held is not None and normalise_status(status) == "not applicable":
        reason = held.reason
    try:
        changed = apply_change(held, team_id, item.id, status, evidence=evidence, reason=reason,
                               workshop=workshop, by=author(store),
                               evidence_only=evidence_only)
    except ChecklistChangeError as exc:
        raise ChecklistInputError(str(exc)) from None
    return store.save(changed)


def set_evidence(
    store: Store, team_id: str, item_id: str, evidence: str, *, workshop: int | None
) -> ChecklistEntry:
    """Replace the evidence note, keeping the status (the edit is kept in the history too)."""
    held = entry(store, team_id, item_id)
    status = held.status if held else "not started"
    reason = held.reason if held else ""
    return set_status(store, team_id, item_id, status, workshop=workshop, evidence=evidence,
                      reason=reason, evidence_only=True)


# --- the value passport -------------------------------------------------------------------


def passport_ratings(store: Store, team_id: str, workshop: int) -> dict[str, PassportRating]:
    """The team's rating per domain at one workshop (the later one wins on a clash)."""
    chosen: dict[str, PassportRating] = {}
    for rating in store.where(PassportRating, team_id=team_id, workshop=workshop):
        held = chosen.get(rating.domain)
        if held is None or (rating.updated_at or rating.created_at, rating.rev) >= (
            held.updated_at or held.created_at,
            held.rev,
        ):
            chosen[rating.domain] = rating
    return chosen


def check_passport(store: Store, scores: dict[str, int | str]) -> dict[str, int]:
    """The scores as numbers, or ChecklistInputError naming the first one that is wrong."""
    checklist = checklist_for(store.data_dir)
    known = {domain.id: domain for domain in checklist.domains}
    checked: dict[str, int] = {}
    for domain, score in scores.items():
        if domain not in known:
            raise ChecklistInputError(
                f"{domain!r} is not a passport domain; use one of {', '.join(known)}."
            )
        try:
            checked[domain] = validate_rating(score)
        except PassportError as exc:
            raise ChecklistInputError(f"{known[domain].label}: {exc}") from None
    if not checked:
        raise ChecklistInputError("Give at least one rating, such as communication=4.")
    return checked


def save_passport(
    store: Store,
    team_id: str,
    workshop: int,
    scores: dict[str, int | str],
    note: str = "",
) -> list[PassportRating]:
    """Store the team's ratings for this workshop, replacing earlier ones for the same domains.

    All scores are checked before anything is saved, so a typo never leaves half a passport.
    """
    checked = check_passport(store, scores)
    held = passport_ratings(store, team_id, workshop)
    ratings = []
    for domain, score in checked.items():
        # one id for a team's domain at a workshop on every laptop: two laptops rating it
        # change one record (a clash is listed as a conflict), not make two
        rating = held.get(domain) or PassportRating(
            id=stable_id(f"passport:{team_id}:{workshop}:{domain}"),
            team_id=team_id, workshop=workshop, domain=domain, score=score
        )
        rating.score = score
        rating.note = note.strip()
        ratings.append(rating)
    return [r for r in store.save_many(ratings) if isinstance(r, PassportRating)]


def passport_trend_of(store: Store, team_id: str) -> dict[str, list[tuple[int, int]]]:
    checklist = checklist_for(store.data_dir)
    return passport_trend(store.where(PassportRating, team_id=team_id), checklist.domains)


def passport_spark(store: Store, team_id: str, workshop: int) -> str:
    """The team's mean rating per workshop up to this one, as blocks and the latest mean.

    Means are drawn on all eight block heights, so a shift of half a point still shows.
    """
    trend = passport_trend_of(store, team_id)
    per_workshop: dict[int, list[int]] = {}
    for points in trend.values():
        for number, score in points:
            if number <= workshop:
                per_workshop.setdefault(number, []).append(score)
    if not per_workshop:
        return "not rated"
    means = {n: sum(s) / len(s) for n, s in per_workshop.items()}
    top = len(SPARK_BLOCKS) - 1
    blocks = "".join(
        SPARK_BLOCKS[round((min(max(means[n], 1), 5) - 1) * top / 4)] if n in means else " "
        for n in range(1, workshop + 1)
    )
    return f"{blocks} {means[max(means)]:.1f}"


# --- the overview -------------------------------------------------------------------------


def matrix(store: Store, workshop: int, cig_id: str | None = None) -> Matrix:
    """Teams (of one CIG, or all) by checklist item, with counts per stage and flags."""
    checklist = checklist_for(store.data_dir)
    cigs = {cig.id: cig for cig in store.all(Cig)}
    teams = programme.teams(store, cig_id)
    cig_order = {c.id: n for n, c in enumerate(programme.cigs(store))}
    teams.sort(key=lambda t: (cig_order.get(t.cig_id, len(cig_order)), t.name.casefold()))
    rows: list[MatrixRow] = []
    all_entries: list[ChecklistEntry] = []
    for team in teams:
        entries = entries_of(store, team.id)
        all_entries.extend(entries.values())
        statuses = [
            (normalise_status(entries[item.id].status) if item.id in entries else None)
            or "not started"
            for item in checklist.items
        ]
        rows.append(
            MatrixRow(
                team=team,
                cig=cigs.get(team.cig_id),
                statuses=statuses,
                flags=flags_for(store, checklist, team.id, workshop),
                trend=passport_spark(store, team.id, workshop),
                done=sum(1 for s in statuses if s in ("done", "not applicable")),
            )
        )
    counts = stage_counts(checklist, all_entries, [t.id for t in teams])
    return Matrix(checklist=checklist, workshop=workshop, rows=rows, counts=counts)
