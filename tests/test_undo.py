"""Undo and changing kind, below the screens: every change put back as a new saved version."""

from __future__ import annotations

from pathlib import Path

from cigkit.model import Action, ChecklistEntry, Note
from cigkit.services import filing, logbook, programme, review, undo
from cigkit.services import team_checklist as tc
from cigkit.store import Store


def _team(store: Store, name: str = "Crisis Cafe") -> str:
    return programme.find_team(store, name).id


def test_action_turned_into_a_note_and_back_gets_its_owner_due_and_history_back(
    demo_store: Store,
) -> None:
    team = _team(demo_store)
    action = logbook.log_entry(demo_store, "action", 3, team, "Ring the council",
                               owner="Sam Hughes", due="by w4")
    assert isinstance(action, Action)
    action = logbook.set_action_status(demo_store, action, "done", workshop=3)
    note = logbook.change_kind(demo_store, action, "note")
    assert isinstance(note, Note) and note.id == action.id
    assert demo_store.get(Action, action.id) is None
    decision = logbook.change_kind(demo_store, note, "decision")
    again = logbook.change_kind(demo_store, decision, "action")
    assert isinstance(again, Action) and again.id == action.id
    assert (again.owner, again.due_workshop, again.status) == ("Sam Hughes", 4, "done")
    assert [step["status"] for step in again.history] == ["open", "done"]
    assert demo_store.get(Note, action.id) is None


def test_note_turned_into_an_action_and_back_keeps_its_tags_and_speaker(
    demo_store: Store,
) -> None:
    note = logbook.log_entry(demo_store, "note", 3, _team(demo_store), "Letters arrive late",
                             tags=["what:technical"], speaker_role="public advisor")
    assert isinstance(note, Note)
    back = logbook.change_kind(demo_store, logbook.change_kind(demo_store, note, "action"),
                               "question")
    assert isinstance(back, Note)
    assert (back.kind, back.tags, back.speaker_role) == (
        "question", ["what:technical"], "public advisor")


def test_undoing_a_kind_change_across_tables_changes_it_back(demo_store: Store) -> None:
    note = logbook.log_entry(demo_store, "decision", 3, _team(demo_store), "Use routine data")
    assert isinstance(note, Note)
    made = logbook.change_kind(demo_store, note, "action")
    change = undo.kind_changed("made it an action", note, made)
    said = undo.undo(demo_store, change, workshop=3)
    assert said == "Undone: made it an action."
    restored = demo_store.get(Note, note.id)
    assert restored is not None and restored.kind == "decision"
    assert demo_store.get(Action, note.id) is None


def test_undone_action_step_is_a_new_step_and_the_review_shows_it_still_to_review(
    demo_store: Store,
) -> None:
    team = _team(demo_store, "Diabetes Foot Care")
    [oldest, *_] = [row.action for row in review.team_review(demo_store, team, 3)]
    steps = len(oldest.history)
    done, change = undo.record("marked done", [oldest], lambda: logbook.set_action_status(
        demo_store, oldest, "done", workshop=3))
    assert done.status == "done"
    undo.undo(demo_store, change, workshop=3)
    now = demo_store.get(Action, oldest.id)
    assert now is not None and now.status == "open"
    assert len(now.history) == steps + 2  # the step and its undo: history only grows
    assert now.history[-1]["undid"] == "marked done"
    assert review.reviewed_at(now, 3) == ""
    assert "undid 'marked done' at workshop 3" in review.history_lines(now)[-1]


def test_undo_keeps_a_field_someone_changed_since(demo_store: Store) -> None:
    action = logbook.log_entry(demo_store, "action", 3, _team(demo_store), "Book a room",
                               owner="Sam")
    assert isinstance(action, Action)
    _, change = undo.record("gave it to Ali", [action],
                            lambda: logbook.assign_action(demo_store, action, "Ali"))
    other = demo_store.get(Action, action.id)
    assert other is not None
    logbook.assign_action(demo_store, other, "Jo")  # another laptop, say, meanwhile
    said = undo.undo(demo_store, change)
    assert "Kept the owner" in said
    kept = demo_store.get(Action, action.id)
    assert kept is not None and kept.owner == "Jo"


def test_undoing_a_first_checklist_change_leaves_the_item_not_started(
    demo_store: Store,
) -> None:
    team = _team(demo_store)
    assert tc.entry(demo_store, team, "design-outcomes") is None
    _, change = undo.record("design-outcomes: done", [], lambda: tc.set_status(
        demo_store, team, "design-outcomes", "done", workshop=3, evidence="Logic model"))
    undo.undo(demo_store, change, workshop=3)
    entry = tc.entry(demo_store, team, "design-outcomes")
    assert isinstance(entry, ChecklistEntry)
    assert (entry.status, entry.evidence, entry.team_id) == ("not started", "", team)
    assert [s["status"] for s in entry.history] == ["done", "not started"]


def test_undoing_a_delete_restores_and_undoing_a_create_deletes(demo_store: Store) -> None:
    note = logbook.log_entry(demo_store, "note", 3, _team(demo_store), "Buses stop at six")
    _, deleting = undo.record("deleted it", [note],
                              lambda: logbook.delete_entry(demo_store, note))
    assert demo_store.get(Note, note.id) is None
    undo.undo(demo_store, deleting)
    assert demo_store.get(Note, note.id) is not None
    made, creating = undo.record("typed it", [], lambda: logbook.log_entry(
        demo_store, "note", 3, _team(demo_store), "Second thought"))
    undo.undo(demo_store, creating)
    assert demo_store.get(Note, made.id) is None


def test_an_undo_is_saved_and_seen_after_reopening(demo_dir: Path) -> None:
    with Store.open(demo_dir) as store:
        note = logbook.log_entry(store, "note", 3, _team(store), "Thought")
        _, change = undo.record("made it internal", [note],
                                lambda: logbook.set_sharing(store, note, "internal"))
        undo.undo(store, change)
    with Store.open(demo_dir) as store:
        again = store.get(Note, note.id)
        assert again is not None and again.sharing == "team" and again.rev == 3


def test_a_line_with_a_problem_is_kept_as_typed_with_the_problem_named(
    demo_store: Store,
) -> None:
    team = _team(demo_store)
    filed = filing.file_line(demo_store, "Co-design with #how:co everyone", 3, team)
    assert isinstance(filed.entry, Note)
    assert filed.entry.text == "Co-design with #how:co everyone"
    assert "Tag 'how:co' could be more than one of Ward's categories" in filed.problems[0]
    action = filing.file_line(demo_store, "a: Ring the council due:soon @sam", 3, team)
    assert isinstance(action.entry, Action)
    assert action.entry.text == "Ring the council due:soon"
    assert action.problems and "neither a date" in action.problems[0]
    vote = filing.file_line(demo_store, "! v: Which first?", 3, team)
    assert isinstance(vote.entry, Note) and vote.entry.sharing == "internal"
    assert "Kept as a note" in vote.problems[0]
