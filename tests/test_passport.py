"""The improvement passport: quick 1-5 ratings per domain and the trend a facilitator reads."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cigkit.model import PassportRating
from cigkit.passport import (
    CO_VALUE_DOMAINS,
    SPARK_BLOCKS,
    PassportError,
    passport_trend,
    sparkline,
    trend_series,
    validate_rating,
)


def rating(
    domain: str, workshop: int, score: int, at: str = "2024-01-01T10:00:00.000Z"
) -> PassportRating:
    return PassportRating(
        team_id="t1", domain=domain, workshop=workshop, score=score, created_at=at
    )


def test_trend_lists_each_domain_in_workshop_order() -> None:
    ratings = [rating("communication", 3, 4), rating("communication", 1, 2), rating("access", 2, 3)]
    trend = passport_trend(ratings, CO_VALUE_DOMAINS)
    assert list(trend) == [d.id for d in CO_VALUE_DOMAINS]
    assert trend["communication"] == [(1, 2), (3, 4)]
    assert trend["access"] == [(2, 3)]
    assert trend["costs"] == []


def test_rating_made_twice_at_one_workshop_keeps_the_later_one() -> None:
    ratings = [
        rating("costs", 2, 5, at="2024-01-01T10:05:00.000Z"),
        rating("costs", 2, 3, at="2024-01-01T10:00:00.000Z"),
    ]
    assert passport_trend(ratings, ["costs"]) == {"costs": [(2, 5)]}


def test_deleted_ratings_and_unlisted_domains_are_left_out() -> None:
    gone = rating("access", 1, 1)
    gone.deleted = True
    assert passport_trend([gone, rating("mood", 1, 5)], ["access"]) == {"access": []}


def test_sparkline_climbs_from_lowest_to_highest_block() -> None:
    assert sparkline([1, 2, 3, 4, 5]) == "▁▃▅▆█"
    assert sparkline([]) == ""


def test_sparkline_leaves_a_gap_for_an_unrated_workshop() -> None:
    assert sparkline([2, None, 4]) == "▃ ▆"
    assert sparkline([2, None, 4], ascii=True) == "2.4"


def test_trend_series_lays_scores_out_one_per_workshop() -> None:
    assert trend_series([(1, 2), (3, 4)], last_workshop=4) == [2, None, 4, None]


@given(st.lists(st.one_of(st.none(), st.integers(-3, 9)), max_size=12))
def test_sparkline_is_one_readable_character_per_workshop(values: list[int | None]) -> None:
    line = sparkline(values)
    assert len(line) == len(values)
    assert set(line) <= set(SPARK_BLOCKS) | {" "}


@given(st.integers(1, 4))
def test_higher_score_never_draws_a_lower_block(score: int) -> None:
    low, high = list(sparkline([score, score + 1]))
    assert SPARK_BLOCKS.index(low) < SPARK_BLOCKS.index(high)


@pytest.mark.parametrize("score", [1, 5, "3", " 4 "])
def test_rating_from_1_to_5_is_accepted(score: int | str) -> None:
    assert validate_rating(score) == int(score)


@pytest.mark.parametrize("score", [0, 6, -1, "", "three", "2.5", True])
def test_rating_outside_1_to_5_is_refused(score: int | str) -> None:
    with pytest.raises(PassportError, match="1 to 5"):
        validate_rating(score)
