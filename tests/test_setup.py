"""Setting a programme up from the command line: every command, and every way to get it wrong."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from cigkit.cli import run
from cigkit.model import RECORD_TYPES, Action, Attendance, Cig, Cohort, Member, Team, Workshop
from cigkit.services import logbook, programme, setup, setup_people
from cigkit.store import Store


def cli(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = run(["--data", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def everything(data: Path) -> dict[str, list[dict[str, Any]]]:
    """Every live record, through the store's public reads."""
    if not (data / "journals").exists():
        return {}
    with Store.open(data, writable=False) as store:
        return {kind.TABLE: sorted((r.to_dict() for r in store.all(kind)),
                                   key=lambda r: r["id"]) for kind in RECORD_TYPES}


_SMALL: dict[str, Path] = {}


@pytest.fixture
def small(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path,
          capsys: pytest.CaptureFixture[str]) -> Path:
    """A programme set up by hand: two CIGs, two teams, three people, dated workshops 1-3
    (built with the commands once per run, copied for each test)."""
    if "small" not in _SMALL:
        _SMALL["small"] = _build_small(tmp_path_factory.mktemp("small") / "data", capsys)
    target = tmp_path / "small"
    shutil.copytree(_SMALL["small"], target)
    for lock in (target / "locks").glob("*"):
        lock.unlink()
    return target


def _build_small(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    for args in (
        ("programme", "set", "--name", "Partners Priority Programme", "--cohort", "Cohort A"),
        ("workshop", "set", "1", "--date", "2027-01-12"),
        ("workshop", "set", "2", "--date", "2027-02-09"),
        ("workshop", "set", "3", "--date", "2027-03-09"),
        ("cig", "add", "Long-term conditions", "--facilitator", "Dr Amara Okafor"),
        ("cig", "add", "Mental health", "--theme", "Crisis"),
        ("team", "add", "Crisis Cafe", "--cig", "Mental health", "--project", "Night cafe"),
        ("team", "add", "Foot Care", "--cig", "Long-term"),
        ("member", "add", "Leon Francis", "--team", "Crisis Cafe", "--role", "practitioner"),
        ("member", "add", "Rosa Lima", "--team", "Crisis Cafe", "--role", "patient"),
        ("member", "add", "Grace Mensah", "--team", "Foot Care", "--role", "Practitioner"),
    ):
        code, _, err = cli(capsys, data_dir, *args)
        assert code == 0, (args, err)
    return data_dir


def test_programme_set_names_the_programme_and_creates_its_eight_workshops(
    small: Path,
) -> None:
    with Store.open(small, writable=False) as store:
        [cohort] = store.all(Cohort)
        assert (cohort.programme, cohort.name) == ("Partners Priority Programme", "Cohort A")
        assert [w.number for w in programme.workshops(store)] == list(range(1, 9))
        assert programme.find_cig(store, "Long").facilitator == "Dr Amara Okafor"
        rosa = next(m for m in store.all(Member) if m.name == "Rosa Lima")
        assert rosa.role == "public advisor" and rosa.joined_workshop == 1


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("programme", "set", "--name", "  "), "The programme name is empty."),
        (("workshop", "set", "9", "--date", "2027-01-01"), "workshop 9 is not a workshop"),
        (("workshop", "set", "4", "--date", "2027-02-30"),
         "The date '2027-02-30' is not a day of the calendar"),
        (("workshop", "set", "4", "--date", "2027-03-01"), "is not after workshop 3's"),
        (("workshop", "set", "2", "--date", "2027-03-20"), "is not before workshop 3's"),
        (("workshop", "set", "4"), "Nothing to change for workshop 4"),
        (("workshop", "set", "4", "--plan", "no-such-plan"), "The plan 'no-such-plan' is not"),
        (("workshop", "set", "4", "--plan", "missing.toml"), "does not exist"),
        (("workshop", "postpone", "3", "--date", "2027-03-01"), "is not after Tue 9 Mar 2027"),
        (("cig", "add", "mental health"), "There is already a CIG called 'Mental health'."),
        (("cig", "rename", "Mental health", "Long-term conditions"), "already a CIG"),
        (("cig", "rename", "Nowhere", "Else"), "There is no CIG called 'Nowhere'"),
        (("team", "add", "New Team", "--cig", "Nowhere"), "There is no CIG called 'Nowhere'"),
        (("team", "add", "crisis cafe", "--cig", "Mental"), "already a team called 'Crisis Cafe'"),
        (("team", "add", "Line\nbreak", "--cig", "Mental"), "The team name must be one line"),
        (("team", "rename", "Crisis Cafe", "Foot Care"), "already a team called 'Foot Care'"),
        (("team", "move", "Crisis Cafe", "Nowhere"), "There is no CIG called 'Nowhere'"),
        (("member", "add", "Sam", "--team", "Foot Care", "--role", "wizard"),
         "The role 'wizard' is not one of"),
        (("member", "add", "grace mensah", "--team", "Foot", "--role", "intern"),
         "'Grace Mensah' is already on team 'Foot Care'."),
        (("member", "add", "Sam", "--team", "Nobody", "--role", "intern"), "no team called"),
        (("member", "add", "Sam", "--team", "Foot", "--role", "intern", "--joined", "0"),
         "The joined workshop 0 is not a workshop number"),
        (("member", "rename", "Leon", "Rosa Lima", "--team", "Crisis"), "already on team"),
        (("member", "rename", "Nobody", "X", "--team", "Crisis"), "is not on the roster"),
        (("member", "left", "Leon", "--team", "Crisis", "--workshop", "1"),
         "The workshop 1 is not after workshop 1, when Leon Francis joined."),
        (("member", "left", "Leon", "--team", "Crisis", "--workshop", "12"), "workshop 12"),
        (("attendance", "-w", "2", "-t", "Crisis", "present", "Leon", "Nobody"),
         "'Nobody' is not on the roster of team 'Crisis Cafe'"),
        (("attendance", "-w", "9", "-t", "Crisis", "present", "Leon"), "workshop 9"),
        (("attendance", "-w", "2", "-t", "Crisis", "present"), "Name at least one member"),
        (("attendance", "-w", "2", "-t", "Crisis", "Leon"), "invalid choice"),
    ],
)
def test_bad_set_up_input_is_one_sentence_exit_2_and_changes_nothing(
    small: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], words: str
) -> None:
    before = everything(small)
    code, out, err = cli(capsys, small, *args)
    assert code == 2 and words in err, err
    assert err.startswith("cigkit: ") and err.count("\n") == 1 and "Traceback" not in err
    assert everything(small) == before


def test_renaming_and_moving_a_team_keeps_its_notes_actions_and_people(
    small: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    note = ("log", "note", "-w", "1", "-t", "Crisis", "Buses stop at 10pm")
    assert cli(capsys, small, *note)[0] == 0
    code, out, _ = cli(capsys, small, "log", "action", "-w", "1", "-t", "Crisis", "--owner",
                       "Leon", "Ask ED for data")
    action_id = out.strip()
    with Store.open(small, writable=False) as store:
        before = programme.find_team(store, "Crisis Cafe")
    assert cli(capsys, small, "team", "rename", "Crisis Cafe", "Night Cafe")[0] == 0
    assert cli(capsys, small, "team", "move", "Night Cafe", "Long-term conditions")[0] == 0
    with Store.open(small, writable=False) as store:
        team = programme.find_team(store, "night")
        assert team.id == before.id and team.slug == "night-cafe"
        assert programme.find_cig(store, "Long-term").id == team.cig_id
        assert [m.name for m in programme.members(store, team.id)] == [
            "Leon Francis", "Rosa Lima"]
        action = store.get(Action, action_id)
        assert action is not None and action.team_id == team.id
        with pytest.raises(programme.NotFoundError):
            programme.find_team(store, "Crisis Cafe")


def test_renaming_a_person_carries_their_attendance_and_the_actions_they_own(
    small: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli(capsys, small, "attendance", "-w", "1", "-t", "Crisis", "present", "Leon", "Rosa")
    _, out, _ = cli(capsys, small, "log", "action", "-w", "1", "-t", "Crisis", "--owner",
                    "Leon Francis", "Draft the door question")
    code, out2, err = cli(capsys, small, "member", "rename", "Leon", "Leon Francis-Baptiste",
                          "--team", "Crisis")
    assert code == 0, err
    with Store.open(small, writable=False) as store:
        action = store.get(Action, out.strip())
        assert action is not None and action.owner == "Leon Francis-Baptiste"
        assert action.history[-1]["change"] == "owner" and len(action.history) == 2
        marks = store.where(Attendance, workshop=1)
        assert sorted(m.name for m in marks) == ["Leon Francis-Baptiste", "Rosa Lima"]


def test_a_person_who_left_is_off_the_register_from_that_workshop(
    small: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(capsys, small, "member", "left", "Rosa", "--team", "Crisis",
                         "--workshop", "3")
    assert code == 0 and "not expected from workshop 3 on" in out, err
    _, out, _ = cli(capsys, small, "attendance", "-w", "2", "-t", "Crisis")
    assert "Rosa Lima" in out
    _, out, _ = cli(capsys, small, "attendance", "-w", "3", "-t", "Crisis")
    assert "Rosa Lima" not in out and "Leon Francis" in out
    code, _, err = cli(capsys, small, "attendance", "-w", "3", "-t", "Crisis", "present", "Rosa")
    assert code == 2 and "left 'Crisis Cafe' at workshop 3" in err


def test_a_cancelled_workshop_is_not_the_current_one_and_a_new_date_brings_it_back(
    small: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(capsys, small, "workshop", "cancel", "1")[0] == 0
    with Store.open(small, writable=False) as store:
        from cigkit.services import day

        assert day.current_workshop(store, date(2027, 1, 1)) == 2
        assert day.when_words(store, programme.workshop(store, 1), date(2027, 1, 1)) == (
            "cancelled (was planned for Tue 12 Jan)")
    code, out, _ = cli(capsys, small, "workshop", "set", "1", "--date", "2027-01-19",
                       "--venue", "Town Hall")
    assert code == 0 and "at Town Hall" in out
    with Store.open(small, writable=False) as store:
        assert programme.workshop(store, 1).status == ""


def test_postponing_remembers_the_day_it_was_planned_for(small: Path) -> None:
    with Store.open(small) as store:
        moved = setup.postpone_workshop(store, 3, "2027-03-16")
        assert (moved.date, moved.status, moved.postponed_from) == (
            "2027-03-16", "postponed", "2027-03-09")
        from cigkit.services import day

        assert day.when_words(store, moved, date(2027, 3, 2)) == (
            "planned for Tue 16 Mar, postponed from Tue 9 Mar, in 2 weeks")


def test_a_plan_file_is_checked_and_copied_into_the_data_folder(
    small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "short-day.toml"
    plan.write_text('title = "A short day"\nstart = "10:00"\n\n[[blocks]]\ntitle = "Welcome"\n'
                    'minutes = 20\nkind = "plenary"\n', encoding="utf-8")
    code, out, err = cli(capsys, small, "workshop", "set", "4", "--plan", str(plan),
                         "--title", "Workshop 4: short")
    assert code == 0 and "(plan short-day)" in out, err
    assert (small / "plans" / "short-day.toml").read_text("utf-8") == plan.read_text("utf-8")
    broken = tmp_path / "broken.toml"
    broken.write_text('title = "Broken"\n[[blocks]]\ntitle = "x"\nminutes = "ten"\n', "utf-8")
    code, _, err = cli(capsys, small, "workshop", "set", "5", "--plan", str(broken))
    assert code == 2 and str(broken) in err and not (small / "plans" / "broken.toml").exists()


def test_a_workshop_already_held_keeps_its_day(small: Path) -> None:
    from datetime import datetime

    from cigkit.services import day

    with Store.open(small) as store:
        day.record(store, 1, "start", at=datetime(2027, 1, 12, 9, 35).astimezone())
        for change in (lambda: setup.cancel_workshop(store, 1),
                       lambda: setup.postpone_workshop(store, 1, "2027-01-20"),
                       lambda: setup.set_workshop(store, 1, on="2027-01-13")):
            with pytest.raises(setup.SetupError, match="was held on Tue 12 Jan 2027"):
                change()


def test_a_name_from_a_renamed_team_can_be_used_again_without_touching_it(small: Path) -> None:
    with Store.open(small) as store:
        renamed = setup_people.rename_team(store, "Crisis Cafe", "Night Cafe")
        again = setup_people.add_team(store, "Crisis Cafe", cig="Mental health")
        assert again.id != renamed.id
        assert store.get(Team, renamed.id).name == "Night Cafe"  # type: ignore[union-attr]
        assert len(store.all(Cig)) == 2 and len(store.all(Workshop)) == 8


def test_an_action_changes_hands_and_due_date_with_both_kept_in_its_history(
    small: Path,
) -> None:
    with Store.open(small) as store:
        team = programme.find_team(store, "Crisis")
        action = logbook.log_entry(store, "action", 1, team.id, "Book the room",
                                   owner="Leon Francis", due="by workshop 2")
        assert isinstance(action, Action)
        action = logbook.assign_action(store, action, "rosa", workshop=2)
        assert action.owner == "Rosa Lima"
        action = logbook.set_action_due(store, action, "2027-03-01", workshop=2)
        assert (action.due, action.due_workshop) == ("2027-03-01", None)
        assert logbook.assign_action(store, action, "Rosa Lima") is action  # no change, no step
        stored = store.get(Action, action.id)
        assert stored is not None and stored.status == "open"
        assert [(h.get("change"), h.get("from"), h.get("to")) for h in stored.history] == [
            (None, None, None), ("owner", "Leon Francis", "Rosa Lima"),
            ("due", "by workshop 2", "2027-03-01")]
        from cigkit.services import review

        assert review.history_lines(stored)[1].startswith(
            "handed from Leon Francis to Rosa Lima at workshop 2")
        assert review.reviewed_at(stored, 2) == ""  # a new owner is not a decision on it
        for bad, words in (("", "The new owner is empty"), ("a\nb", "one line")):
            with pytest.raises(logbook.EntryError, match=words):
                logbook.assign_action(store, stored, bad)
        with pytest.raises(logbook.EntryError, match="neither a date"):
            logbook.set_action_due(store, stored, "soon")
        later = logbook.log_entry(store, "action", 2, team.id, "Write it up")
        with pytest.raises(logbook.EntryError, match="before workshop 2, where the action"):
            logbook.set_action_due(store, later, "by workshop 1")  # type: ignore[arg-type]
        logbook.set_action_status(store, stored, "done")
        with pytest.raises(logbook.EntryError, match="reopen it"):
            logbook.set_action_due(store, stored, "by workshop 3")
        setup_people.member_left(store, "Leon", team="Crisis", workshop=2)
        with pytest.raises(logbook.EntryError, match="left the team at workshop 2"):
            logbook.assign_action(store, stored, "Leon Francis")
        assert len(store.get(Action, action.id).history) == 4  # type: ignore[union-attr]
