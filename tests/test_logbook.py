"""The note-taker's syntax, sharing levels, action history, votes and search, without the app."""

from __future__ import annotations

import pytest

from cigkit.model import Action, Note, Tally
from cigkit.services import logbook, programme, review, search, tallies
from cigkit.services.logbook import EntryError, parse_quick
from cigkit.store import Store

MEMBERS = ["Grace Mensah", "Owen Price", "Sam Adeyemi"]


def test_prefixes_choose_the_kind_without_leaving_the_keyboard() -> None:
    assert parse_quick("The bus route matters").kind == "note"
    assert parse_quick("d: Focus on uptake").kind == "decision"
    assert parse_quick("Q: Can we get postcodes?").text == "Can we get postcodes?"
    assert parse_quick("v: Which first? | access 3").kind == "tally"


def test_action_owner_is_matched_to_a_team_member_and_due_is_understood() -> None:
    by_first_name = parse_quick("a: Book the library room @sam by w4", MEMBERS)
    assert (by_first_name.owner, by_first_name.due) == ("Sam Adeyemi", "by w4")
    assert by_first_name.text == "Book the library room"
    full = parse_quick("a: @Owen Price ask for the extract due:2026-12-01", MEMBERS)
    assert (full.owner, full.due, full.text) == ("Owen Price", "2026-12-01", "ask for the extract")
    free = parse_quick("a: Call the council @housing_officer", MEMBERS)
    assert free.owner == "housing officer"


def test_a_bad_due_date_is_refused_in_one_sentence() -> None:
    with pytest.raises(EntryError, match="neither a date"):
        parse_quick("a: Do it due:next-week", MEMBERS)


def test_ward_tags_and_speaker_role_are_taken_out_of_the_text() -> None:
    entry = parse_quick("Buses stop at six #what:practical #whose:pub [patient]")
    assert entry.tags == ("what:practical-wisdom", "whose:public")
    assert entry.speaker_role == "public advisor"
    assert entry.text == "Buses stop at six"
    with pytest.raises(EntryError, match="Ward's categories"):
        parse_quick("Something #how:telepathy")


def test_sharing_prefixes_mark_internal_and_programme_entries() -> None:
    assert parse_quick("! Staff sickness is high").sharing == "internal"
    assert parse_quick("p: q: Who else runs this?").sharing == "programme"
    assert parse_quick("q: p: Who else runs this?").kind == "question"
    assert parse_quick("Plain note").sharing is None


def test_internal_notes_never_reach_team_or_programme_readers(demo_store: Store) -> None:
    team = programme.find_team(demo_store, "Diabetes Foot Care")
    for level in ("team", "programme", "internal"):
        logbook.log_entry(demo_store, "note", 3, team.id, f"{level} note", sharing=level)
    notes = demo_store.where(Note, team_id=team.id, workshop=3)
    assert {n.text for n in logbook.visible_to(notes, "team")} == {"team note", "programme note"}
    assert {n.text for n in logbook.visible_to(notes, "programme")} == {"programme note"}
    assert len(logbook.visible_to(notes, "facilitators")) == 3
    with pytest.raises(EntryError):
        logbook.set_sharing(demo_store, notes[0], "everyone")


def test_action_keeps_its_history_across_workshops(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = programme.find_team(demo_store, "Heart Failure at Home")
    created = logbook.log_entry(demo_store, "action", 2, team.id, "Ask for data", owner="Nadia",
                                due="by workshop 3")
    assert isinstance(created, Action)
    monkeypatch.setenv("CIGKIT_USER", "Priya")
    carried = review.carry_on(demo_store, created, 3, "by w4")
    assert (carried.status, carried.due_workshop) == ("open", 4)
    done = logbook.set_action_status(demo_store, carried, "done", workshop=4)
    steps = [(h["workshop"], h["status"], h["by"]) for h in done.history]
    assert steps == [(2, "open", "test-laptop"), (3, "carried", "Priya"), (4, "done", "Priya")]
    lines = review.history_lines(done)
    assert lines[0].startswith("created at workshop 2")
    assert lines[1].startswith("carried on at workshop 3") and lines[1].endswith("now due by W4")
    assert lines[2].startswith("done at workshop 4") and "by Priya" in lines[2]


def test_a_note_turned_into_an_action_leaves_a_tombstone(demo_store: Store) -> None:
    team = programme.find_team(demo_store, "Crisis Cafe")
    note = logbook.log_entry(demo_store, "note", 3, team.id, "Ring the charity")
    assert isinstance(note, Note)
    action = logbook.change_kind(demo_store, note, "action")
    assert isinstance(action, Action) and action.text == "Ring the charity"
    assert demo_store.get(Note, note.id) is None
    assert logbook.change_kind(demo_store, action, "question").kind == "question"  # type: ignore[union-attr]


def test_dot_vote_counts_are_kept_per_option(demo_store: Store) -> None:
    question, counts = tallies.parse_tally("Which question first? | access 5 | cost=3 | waits")
    assert (question, counts) == ("Which question first?", {"access": 5, "cost": 3, "waits": 0})
    team = programme.find_team(demo_store, "Crisis Cafe")
    tally = tallies.record_tally(demo_store, 3, team.id, question, counts)
    tally = tallies.add_votes(demo_store, tally, "waits", 6)
    assert tallies.ranked(tally)[0] == ("waits", 6)
    assert demo_store.get(Tally, tally.id) == tally
    with pytest.raises(tallies.TallyError):
        tallies.parse_tally("Which first?")


def test_search_finds_entries_from_every_workshop_and_team(demo_store: Store) -> None:
    hits = search.search(demo_store, "logic model")
    assert {h.entry.workshop for h in hits} == {2}
    assert len({h.team.id for h in hits if h.team}) > 3
    assert search.search(demo_store, "Sam Adeyemi")[0].entry.text.startswith("Book a room")
    assert search.search(demo_store, "   ") == []
