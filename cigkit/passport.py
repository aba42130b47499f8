"""The improvement passport: a quick 1-5 rating of coproduction value domains at each workshop.

CO-VALUE found a short routine rating more feasible than a long self-assessment, so this
module only validates scores and turns them into a trend a facilitator can read at a glance.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cigkit.model import PassportRating

SCORES = range(1, 6)
SPARK_BLOCKS = "▁▂▃▄▅▆▇█"
SPARK_GAP = " "


class PassportError(ValueError):
    """A rating a user typed that cannot be stored; the message is one sentence."""


@dataclass(frozen=True)
class PassportDomain:
    """One domain of value that coproduction creates, as teams rate it."""

    id: str
    label: str
    help: str = ""


CO_VALUE_DOMAINS: tuple[PassportDomain, ...] = (
    PassportDomain("communication", "Communication"),
    PassportDomain("self-efficacy", "Self-efficacy"),
    PassportDomain("interconnectedness", "Interconnectedness"),
    PassportDomain("costs", "Direct and indirect costs of care use"),
    PassportDomain("professional-experience", "Health professional experience"),
    PassportDomain("access", "Access to the right care"),
)


def validate_rating(score: int | str) -> int:
    """The score as an int 1-5, so a typo never reaches the store; raises PassportError."""
    if isinstance(score, bool):
        raise PassportError(f"A passport rating is a whole number from 1 to 5, not {score!r}.")
    if isinstance(score, str):
        text = score.strip()
        if not text.isdigit():
            raise PassportError(f"A passport rating is a whole number from 1 to 5, not {text!r}.")
        score = int(text)
    if not isinstance(score, int) or score not in SCORES:
        raise PassportError(f"A passport rating is a whole number from 1 to 5, not {score!r}.")
    return score


def _rating_order(rating: PassportRating) -> tuple[str, int]:
    return (rating.updated_at or rating.created_at, rating.rev)


def passport_trend(
    ratings: Iterable[PassportRating], domains: Iterable[str | PassportDomain]
) -> dict[str, list[tuple[int, int]]]:
    """Each domain's (workshop, score) pairs in workshop order, for one team's ratings.

    If a domain was rated twice at one workshop (two laptops), the later rating wins.
    Ratings of domains not listed and deleted ratings are left out.
    """
    ids = [d.id if isinstance(d, PassportDomain) else d for d in domains]
    latest: dict[tuple[str, int], PassportRating] = {}
    for rating in ratings:
        if rating.deleted or rating.domain not in ids:
            continue
        key = (rating.domain, rating.workshop)
        held = latest.get(key)
        if held is None or _rating_order(rating) >= _rating_order(held):
            latest[key] = rating
    trend: dict[str, list[tuple[int, int]]] = {domain: [] for domain in ids}
    for (domain, workshop), rating in sorted(latest.items()):
        trend[domain].append((workshop, rating.score))
    return trend


def sparkline(values: Sequence[int | None], ascii: bool = False) -> str:
    """A one-line picture of 1-5 scores (None = not rated) that reads without colour.

    Out-of-range scores are clamped, so a bad record never breaks a screen;
    with ascii=True the scores themselves are shown, for terminals without block glyphs.
    """
    out = []
    for value in values:
        if value is None:
            out.append(SPARK_GAP if not ascii else ".")
            continue
        score = min(max(int(value), 1), 5)
        if ascii:
            out.append(str(score))
        else:
            out.append(SPARK_BLOCKS[round((score - 1) * (len(SPARK_BLOCKS) - 1) / 4)])
    return "".join(out)


def trend_series(
    points: Sequence[tuple[int, int]], last_workshop: int, first_workshop: int = 1
) -> list[int | None]:
    """Scores laid out one per workshop with None where a workshop was not rated, for sparkline."""
    by_workshop = dict(points)
    return [by_workshop.get(n) for n in range(first_workshop, last_workshop + 1)]
