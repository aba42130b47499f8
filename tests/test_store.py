"""The store keeps every saved record through crashes, and reads back what each laptop wrote."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from tinydb import Query

from cigkit.model import Action, Note, Team
from cigkit.store import Store, StoreError, StoreLockedError, StoreReadOnlyError


def test_saved_note_is_there_after_reopening(data_dir: Path) -> None:
    with Store.open(data_dir, device="a") as store:
        team = store.save(Team(name="Crisis Cafe"))
        note = store.save(Note(workshop=1, team_id=team.id, text="Evening opening helps"))
    with Store.open(data_dir, device="a", writable=False) as again:
        found = again.get(Note, note.id)
    assert found is not None and found.text == "Evening opening helps"
    assert found.rev == 1 and found.device == "a"
    assert len(found.created_at) == len("2026-11-22T01:37:45.892Z")
    assert found.created_at.endswith("Z") and found.updated_at.endswith("Z")
    assert found.origin == found.version and found.version.endswith(".a")


def test_save_returns_only_after_the_journal_is_fsynced(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(data_dir, device="a") as store:
        calls: list[tuple[str, int]] = []
        real_write, real_fsync = os.write, os.fsync

        def write(fd: int, data: bytes | memoryview) -> int:
            calls.append(("write", fd))
            return real_write(fd, data)

        def fsync(fd: int) -> None:
            calls.append(("fsync", fd))
            real_fsync(fd)

        monkeypatch.setattr(os, "write", write)
        monkeypatch.setattr(os, "fsync", fsync)
        store.save(Team(name="Memory Clinic Access"))
        journal_fd = next(fd for op, fd in calls if op == "write")
        assert os.path.samefile(f"/proc/self/fd/{journal_fd}", data_dir / "journals" / "a.jsonl")
        last_write = max(i for i, call in enumerate(calls) if call == ("write", journal_fd))
        assert ("fsync", journal_fd) in calls[last_write + 1 :], calls


def test_every_change_raises_rev_and_keeps_created_at(data_dir: Path) -> None:
    with Store.open(data_dir, device="a") as store:
        team = store.save(Team(name="Old name"))
        team.name = "New name"
        renamed = store.save(team)
    assert renamed.rev == 2 and renamed.created_at == team.created_at
    assert renamed.version > renamed.origin


def test_a_change_writes_only_the_fields_that_changed(data_dir: Path) -> None:
    with Store.open(data_dir, device="a") as store:
        team = store.save(Team(name="Crisis Cafe", project="Evening opening"))
        team.name = "Crisis Cafe North"
        store.save(team)
    lines = (data_dir / "journals" / "a.jsonl").read_text().splitlines()
    change = json.loads(lines[-1])["e"][0]
    assert change["s"] == {"name": "Crisis Cafe North"}
    assert list(change["p"]) == ["name"]


def test_saving_an_unchanged_record_writes_nothing(data_dir: Path) -> None:
    with Store.open(data_dir, device="a") as store:
        team = store.save(Team(name="Same"))
        size = (data_dir / "journals" / "a.jsonl").stat().st_size
        again = store.save(team)
        assert again.rev == 1
        assert (data_dir / "journals" / "a.jsonl").stat().st_size == size


def test_deletion_leaves_a_tombstone_not_a_hole(data_dir: Path) -> None:
    with Store.open(data_dir, device="a") as store:
        team = store.save(Team(name="Gone"))
        store.delete(team)
        assert store.get(Team, team.id) is None
        assert store.get(Team, team.id, include_deleted=True) is not None
        assert store.records["teams"][team.id]["deleted"] is True
        restored = store.restore(team)
        assert store.get(Team, team.id) is not None and restored.rev == 3


def test_history_steps_are_only_ever_added(data_dir: Path) -> None:
    with Store.open(data_dir, device="a") as store:
        action = store.save(Action(workshop=1, team_id="t", text="Book a room",
                                   history=[{"at": "2026-01-01T10:00:00.000Z", "status": "open"}]))
        action.history.append({"at": "2026-01-02T10:00:00.000Z", "status": "done"})
        action.status = "done"
        store.save(action)
        change = json.loads((data_dir / "journals" / "a.jsonl").read_text().splitlines()[-1])
        assert change["e"][0]["a"] == {"history": [
            {"at": "2026-01-02T10:00:00.000Z", "status": "done"}]}
        assert [s["status"] for s in store.get(Action, action.id).history] == [  # type: ignore[union-attr]
            "open", "done"]


def test_tinydb_answers_queries_over_the_merged_records(data_dir: Path) -> None:
    with Store.open(data_dir, device="a") as store:
        for text in ("first", "second", "third"):
            store.save(Note(workshop=2 if text != "third" else 3, team_id="t", text=text))
        notes = store.db.table("notes")
        assert sorted(d["text"] for d in notes.search(Query().workshop == 2)) == [
            "first", "second"]
        assert [n.text for n in store.find(Note, Query().text.matches("th.*"))] == ["third"]
        store.save(Note(workshop=2, team_id="t", text="fourth"))
        assert len(notes.search(Query().workshop == 2)) == 3, "the query cache went stale"
        with pytest.raises(StoreError, match="answers queries only"):
            notes.insert({"workshop": 2, "team_id": "t", "text": "not like this"})


def test_where_finds_by_equal_fields_and_follows_changes(data_dir: Path) -> None:
    with Store.open(data_dir, device="a") as store:
        note = store.save(Note(workshop=2, team_id="t1", text="moved"))
        assert [n.id for n in store.where(Note, team_id="t1", workshop=2)] == [note.id]
        note.team_id = "t2"
        store.save(note)
        assert store.where(Note, team_id="t1") == []
        assert [n.id for n in store.where(Note, team_id="t2")] == [note.id]
        store.delete(note)
        assert store.where(Note, team_id="t2") == []


def test_files_are_readable_by_their_owner_only(data_dir: Path) -> None:
    with Store.open(data_dir, device="a") as store:
        store.save(Team(name="Private"))
    for path in [data_dir, *data_dir.rglob("*")]:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path


def test_second_writer_on_the_same_laptop_is_told_clearly(data_dir: Path) -> None:
    with Store.open(data_dir, device="a"):
        with pytest.raises(StoreLockedError, match="already writing"):
            Store.open(data_dir, device="a")
        with Store.open(data_dir, device="a", writable=False) as reader:
            with pytest.raises(StoreReadOnlyError):
                reader.save(Team(name="No"))


def test_a_store_opened_and_never_written_leaves_no_new_folder(data_dir: Path) -> None:
    with Store.open(data_dir, device="a"):
        pass
    assert not data_dir.exists()
    with Store.open(data_dir, device="a") as store:
        store.save(Team(name="Now it exists"))
    assert (data_dir / "journals" / "a.jsonl").is_file()


def test_torn_last_write_is_ignored_with_a_warning_and_set_aside(data_dir: Path) -> None:
    with Store.open(data_dir, device="a") as store:
        kept = store.save(Team(name="Kept"))
    journal = data_dir / "journals" / "a.jsonl"
    with open(journal, "ab") as handle:
        handle.write(b'{"v":2,"e":[{"t":"teams","i":"x","h":"00')
    with Store.open(data_dir, device="a", writable=False) as reader:
        assert reader.get(Team, kept.id) is not None
        assert any("unfinished last line" in w for w in reader.warnings)
        assert not reader.damage, "a torn tail is not damage"
    with Store.open(data_dir, device="a") as writer:
        assert any("set aside" in w for w in writer.warnings)
        later = writer.save(Team(name="Later"))
    with Store.open(data_dir, device="a", writable=False) as reader:
        assert reader.get(Team, later.id) is not None and not reader.warnings
    kept_aside = list((data_dir / "journals").glob("a.torn-*"))
    assert kept_aside and ":" not in kept_aside[0].name


def test_each_laptop_writes_only_its_own_journal_and_sees_the_others(data_dir: Path) -> None:
    with Store.open(data_dir, device="laptop-a") as a:
        shared = a.save(Team(name="Shared"))
    with Store.open(data_dir, device="laptop-b") as b:
        seen = b.get(Team, shared.id)
        assert seen is not None
        seen.name = "Renamed on B"
        b.save(seen)
    names = sorted(p.name for p in (data_dir / "journals").iterdir())
    assert names == ["laptop-a.jsonl", "laptop-b.jsonl"]
    with Store.open(data_dir, device="laptop-a", writable=False) as a_again:
        assert a_again.get(Team, shared.id).name == "Renamed on B"  # type: ignore[union-attr]


def test_a_reader_follows_a_writer_with_refresh(data_dir: Path) -> None:
    with Store.open(data_dir, device="a") as writer:
        writer.save(Team(name="First"))
        with Store.open(data_dir, device="b") as reader:
            assert len(reader.all(Team)) == 1
            writer.save(Team(name="Second"))
            generation = reader.generation
            assert reader.refresh() is True and reader.generation > generation
            assert len(reader.all(Team)) == 2
            assert reader.refresh() is False
            writer.save(Team(name="Third"))
            reader.refresh()
            assert len(reader.all(Team)) == 3


def test_a_transaction_is_kept_whole_on_one_line(data_dir: Path) -> None:
    with Store.open(data_dir, device="a") as store:
        with store.transaction():
            team = store.save(Team(name="Crisis Cafe"))
            for i in range(5):
                store.save(Note(workshop=1, team_id=team.id, text=f"note {i}"))
            assert len(store.where(Note, team_id=team.id)) == 5, "saves inside see each other"
    lines = (data_dir / "journals" / "a.jsonl").read_text().splitlines()
    assert len(lines) == 1 and len(json.loads(lines[0])["e"]) == 6


def test_an_error_inside_a_transaction_saves_none_of_it(data_dir: Path) -> None:
    with Store.open(data_dir, device="a") as store:
        kept = store.save(Team(name="Before"))
        with pytest.raises(RuntimeError):
            with store.transaction():
                store.save(Team(name="Half way"))
                kept.name = "Renamed in a failed import"
                store.save(kept)
                raise RuntimeError("the roster had a bad row")
        assert [t.name for t in store.all(Team)] == ["Before"]
    with Store.open(data_dir, device="a", writable=False) as again:
        assert [t.name for t in again.all(Team)] == ["Before"]


def test_saving_again_after_a_failed_transaction_writes_the_change(data_dir: Path) -> None:
    """A roster edit fails half way (the disk was full, a row was bad); saving the same
    records again once it is fixed must write them, not find "nothing changed"."""
    with Store.open(data_dir, device="a") as store:
        team = store.save(Team(name="Before"))
        with pytest.raises(RuntimeError):
            with store.transaction():
                team.name = "Renamed"
                store.save(team)
                raise RuntimeError("the next row was bad")
        assert (team.name, team.rev) == ("Renamed", 1), "the caller's edit is kept, unsaved"
        store.save(team)
        assert store.get(Team, team.id).name == "Renamed"  # type: ignore[union-attr]
    with Store.open(data_dir, device="a", writable=False) as again:
        assert again.get(Team, team.id).name == "Renamed"  # type: ignore[union-attr]


def test_tinydb_queries_follow_saves_inside_a_transaction_and_its_failure(
    data_dir: Path,
) -> None:
    with Store.open(data_dir, device="a") as store:
        kept = store.save(Note(workshop=1, team_id="t", text="kept"))
        workshop_1 = Query().workshop == 1
        assert [n.text for n in store.find(Note, workshop_1)] == ["kept"]
        with pytest.raises(RuntimeError):
            with store.transaction():
                store.save(Note(workshop=1, team_id="t", text="never saved"))
                assert sorted(n.text for n in store.find(Note, workshop_1)) == [
                    "kept", "never saved"], "saves inside see each other"
                raise RuntimeError("the import stopped")
        assert [n.text for n in store.find(Note, workshop_1)] == ["kept"]
        with store.transaction():
            store.delete(kept)
            assert store.find(Note, workshop_1) == []


def test_closing_while_a_worker_saves_waits_for_the_save(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app closes its store on exit while a background worker may still be saving: the
    save in flight finishes (and is on disk), it is not cut off with its file closed."""
    import threading

    from cigkit.store.journal import JournalWriter

    store = Store.open(data_dir, device="a")
    real_append = JournalWriter.append
    closer = threading.Thread(target=store.close)

    def append_while_the_app_quits(writer: JournalWriter, payload: bytes) -> None:
        closer.start()
        closer.join(timeout=1)  # a close that does not wait has closed the file by now
        real_append(writer, payload)

    monkeypatch.setattr(JournalWriter, "append", append_while_the_app_quits)
    note = store.save(Note(workshop=1, team_id="t", text="typed just before quitting"))
    closer.join()
    with Store.open(data_dir, device="a", writable=False) as again:
        assert again.get(Note, note.id) is not None


def test_a_record_made_afresh_with_an_existing_id_keeps_when_it_was_created(
    data_dir: Path,
) -> None:
    """Set-up commands build a record with its stable id and save it whether or not it is
    there already; the second time is a change, not a new creation time."""
    with Store.open(data_dir, device="a") as store:
        first = store.save(Team(id="team-1", name="Crisis Cafe"))
        again = store.save(Team(id="team-1", name="Crisis Cafe",
                                created_at="2099-01-01T00:00:00.000Z"))
        assert again.created_at == first.created_at
        assert again.rev == 1, "nothing else changed, so nothing was written"


def test_a_failed_block_inside_a_transaction_writes_nothing_of_its_own(data_dir: Path) -> None:
    """A command importing rows one by one inside the whole import's transaction skips a
    bad row: that row's saves go, the others' stay."""
    with Store.open(data_dir, device="a") as store:
        with store.transaction():
            store.save(Team(name="Good row"))
            bad = store.save(Team(name="Bad row"))
            with pytest.raises(ValueError):
                with store.transaction():
                    bad.name = "Bad row, renamed"
                    store.save(bad)
                    store.save(Team(name="Half of the bad row"))
                    raise ValueError("the row's role is unknown")
            assert bad.name == "Bad row, renamed" and bad.rev == 1
            assert sorted(t.name for t in store.all(Team)) == ["Bad row", "Good row"]
    with Store.open(data_dir, device="a", writable=False) as again:
        assert sorted(t.name for t in again.all(Team)) == ["Bad row", "Good row"]
