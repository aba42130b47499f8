"""Today's date: a workshop is held on the day it is run, and lateness is counted from that day."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from cigkit.model import Action
from cigkit.services import day, programme, review
from cigkit.services.export import export_minutes
from cigkit.store import Store

PLANNED = date(2026, 11, 24)  # the demo's workshop 3
RUN_ON = date(2026, 12, 1)  # a week late


def _action_due(store: Store, team: str, due: str, text: str) -> Action:
    found = programme.find_team(store, team)
    return store.save(Action(workshop=2, team_id=found.id, text=text, owner="Owen Price",
                             due=due, history=[{"at": "2026-10-20T15:00:00.000Z",
                                                "workshop": 2, "status": "open"}]))


def test_on_the_day_a_late_workshop_runs_actions_due_before_it_are_overdue(
    demo_store: Store, tmp_path: Path
) -> None:
    due_between = _action_due(demo_store, "Diabetes Foot Care", "2026-11-27", "Due in between")
    due_today = _action_due(demo_store, "Diabetes Foot Care", "2026-12-01", "Due today")
    team = programme.find_team(demo_store, "Diabetes Foot Care")

    def states(today: date | None) -> dict[str, str]:
        rows = review.team_review(demo_store, team.id, 3, today=today)
        return {r.action.text: r.due_state for r in rows}

    # Before the day: counted from the day it is planned for.
    assert states(PLANNED)[due_between.text] == ""
    # A week later, not yet run: it can only be held from today, so from today.
    assert states(RUN_ON)[due_between.text] == review.OVERDUE
    assert states(RUN_ON)[due_today.text] == review.DUE_NOW
    # Once its clock starts, the day it runs is the day, whoever asks and whenever.
    start = datetime.combine(RUN_ON, datetime.min.time()).astimezone() + timedelta(hours=9)
    day.record(demo_store, 3, "start", at=start)
    assert states(None)[due_between.text] == review.OVERDUE
    assert states(None)[due_today.text] == review.DUE_NOW
    # And the minutes of the day say the same, with the day it ran as their date.
    export_minutes(demo_store, tmp_path / "out", workshop=3, team="Diabetes Foot Care")
    text = (tmp_path / "out" / "workshop-03" / "long-term-conditions" /
            "diabetes-foot-care.md").read_text("utf-8")
    assert "- Date: 2026-12-01\n" in text
    assert "| Due in between | Owen Price | 2026-11-27 (overdue) |" in text
    assert "| Due today | Owen Price | 2026-12-01 |" in text


def test_the_run_screen_headline_says_where_the_day_stands_in_words(demo_store: Store) -> None:
    def headline(number: int, now: datetime) -> str:
        the_day = day.day(demo_store, number, now.date())
        return day.headline(the_day, day.state(demo_store, number, now), now.date(), "DRIFT")

    morning = datetime(2026, 11, 24, 9, 25).astimezone()
    assert headline(3, morning) == "DRIFT"
    assert headline(4, morning) == "Planned for Tue 15 Dec, in 3 weeks."
    assert headline(2, morning) == "Held on Tue 20 Oct. DRIFT"
    late = datetime(2026, 12, 1, 9, 0).astimezone()
    assert headline(3, late) == (
        "Planned for Tue 24 Nov, not run: start its clock to run it today, or move it with "
        "'cigkit workshop set 3 --date YYYY-MM-DD'.")
    assert day.day(demo_store, 3, late.date()).start.date() == late.date()


def test_where_each_workshop_stands_in_words(demo_store: Store) -> None:
    today = date(2026, 12, 1)
    words = [day.when_words(demo_store, w, today) for w in programme.workshops(demo_store)]
    assert words[:4] == ["held on Tue 22 Sep", "held on Tue 20 Oct",
                         "planned for Tue 24 Nov, not run", "planned for Tue 15 Dec, in 2 weeks"]
    assert words[7] == "planned for Tue 25 May 2027, in 5 months"
    assert day.current_workshop(demo_store, today) == 3


def test_a_day_whose_clock_was_left_running_is_over_the_next_day(demo_store: Store) -> None:
    day.record(demo_store, 3, "start", at=datetime(2026, 11, 24, 9, 31).astimezone())
    workshop = programme.workshop(demo_store, 3)
    assert day.progress(demo_store, workshop, date(2026, 11, 24)) == "in progress"
    assert day.progress(demo_store, workshop, date(2026, 11, 25)) == "held"
    assert day.current_workshop(demo_store, date(2026, 11, 25)) == 4
    assert day.when_words(demo_store, workshop, date(2026, 11, 25)) == "held on Tue 24 Nov"


def test_durations_are_said_in_the_largest_sensible_unit() -> None:
    assert [day.duration_words(s) for s in (30, 600, 5400, 7500, 9900 * 60)] == [
        "0 min", "10 min", "1 h 30 min", "2 h 5 min", "6 days"]
    assert [day.ahead_words(date(2026, 12, d), date(2026, 12, 1)) for d in (2, 9, 29)] == [
        "tomorrow", "in 8 days", "in 4 weeks"]
