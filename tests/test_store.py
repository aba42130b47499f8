"""The store keeps every saved record through crashes, merges devices and reports damage."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tinydb import Query

from cigkit.model import Note, Team
from cigkit.store import Store, StoreCorruptError, StoreLockedError, StoreReadOnlyError
from cigkit.store.files import canonical
from cigkit.store.store import _wins


def test_saved_note_is_there_after_reopening(data_dir: Path) -> None:
    with Store.open(data_dir, device="a") as store:
        team = store.save(Team(name="Crisis Cafe"))
        note = store.save(Note(workshop=1, team_id=team.id, text="Evening opening helps"))
    with Store.open(data_dir, device="a", writable=False) as again:
        found = again.get(Note, note.id)
    assert found is not None and found.text == "Evening opening helps"
    assert found.rev == 1 and found.device == "a"
    assert len(found.created_at) == len("2026-11-22T01:37:45.892Z")
    assert found.created_at.endswith("Z")


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


def test_deletion_leaves_a_tombstone_not_a_hole(data_dir: Path) -> None:
    with Store.open(data_dir, device="a") as store:
        team = store.save(Team(name="Gone"))
        store.delete(team)
        assert store.get(Team, team.id) is None
        assert store.records["teams"][team.id]["deleted"] is True
        restored = store.restore(team)
        assert store.get(Team, team.id) is not None and restored.rev == 3


def test_tinydb_api_writes_are_durable_too(data_dir: Path) -> None:
    with Store.open(data_dir, device="a") as store:
        notes = store.db.table("notes")
        note_id = notes.insert({"workshop": 2, "team_id": "t", "text": "first"})
        notes.update({"text": "changed"}, Query().id == note_id)
        notes.upsert({"workshop": 2, "team_id": "t", "text": "other"}, Query().text == "none")
        notes.remove(Query().text == "other")
        notes.update_multiple([({"text": "changed twice"}, Query().text == "changed")])
    with Store.open(data_dir, device="a", writable=False) as again:
        texts = [doc["text"] for doc in again.db.table("notes").all()]
    assert texts == ["changed twice"]


def test_files_are_readable_by_their_owner_only(data_dir: Path) -> None:
    with Store.open(data_dir, device="a") as store:
        store.save(Team(name="Private"))
        store.compact()
    for path in [data_dir, *data_dir.rglob("*")]:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path


def test_second_writer_on_the_same_laptop_is_told_clearly(data_dir: Path) -> None:
    with Store.open(data_dir, device="a"):
        with pytest.raises(StoreLockedError, match="already writing"):
            Store.open(data_dir, device="a")
        with Store.open(data_dir, device="a", writable=False) as reader:
            with pytest.raises(StoreReadOnlyError):
                reader.save(Team(name="No"))


def test_torn_last_write_is_ignored_with_a_warning_and_mended(data_dir: Path) -> None:
    with Store.open(data_dir, device="a") as store:
        kept = store.save(Team(name="Kept"))
    journal = data_dir / "journals" / "a.jsonl"
    with open(journal, "ab") as handle:
        handle.write(b'{"table":"teams","record":{"id":"x","na')
    with Store.open(data_dir, device="a", writable=False) as reader:
        assert reader.get(Team, kept.id) is not None
        assert any("unfinished last write" in w for w in reader.warnings)
    with Store.open(data_dir, device="a") as writer:
        later = writer.save(Team(name="Later"))
    with Store.open(data_dir, device="a", writable=False) as reader:
        assert reader.get(Team, later.id) is not None and not reader.warnings
    assert list((data_dir / "journals").glob("a.torn-*")), "the torn bytes were not kept aside"


def test_damage_in_the_middle_is_reported_and_never_overwritten(data_dir: Path) -> None:
    with Store.open(data_dir, device="a") as store:
        for name in ("One", "Two", "Three"):
            store.save(Team(name=name))
    journal = data_dir / "journals" / "a.jsonl"
    lines = journal.read_bytes().splitlines(keepends=True)
    lines[1] = b"this is not json\n"
    journal.write_bytes(b"".join(lines))
    before = journal.read_bytes()
    with pytest.raises(StoreCorruptError, match=r"a\.jsonl:2: damaged record"):
        Store.open(data_dir, device="a")
    assert journal.read_bytes() == before


def test_compaction_keeps_everything_and_empties_the_journal(data_dir: Path) -> None:
    with Store.open(data_dir, device="a") as store:
        ids = [store.save(Team(name=f"T{i}")).id for i in range(20)]
        store.delete(store.get(Team, ids[0]))  # type: ignore[arg-type]
        store.compact()
        assert (data_dir / "journals" / "a.jsonl").stat().st_size == 0
        after = store.save(Team(name="After compaction"))
    with Store.open(data_dir, device="a", writable=False) as again:
        assert {t.id for t in again.all(Team)} == set(ids[1:]) | {after.id}
    snapshot = json.loads((data_dir / "snapshots" / "a.json").read_text())
    assert snapshot["device"] == "a" and len(snapshot["records"]) == 20


def test_a_crash_between_snapshot_and_journal_truncation_loses_nothing(data_dir: Path) -> None:
    with Store.open(data_dir, device="a") as store:
        team = store.save(Team(name="Twice"))
        journal_copy = (data_dir / "journals" / "a.jsonl").read_bytes()
        store.compact()
    (data_dir / "journals" / "a.jsonl").write_bytes(journal_copy)
    with Store.open(data_dir, device="a", writable=False) as again:
        assert [t.id for t in again.all(Team)] == [team.id]


def test_each_laptop_writes_only_its_own_files_and_sees_the_others(data_dir: Path) -> None:
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
        with Store.open(data_dir, device="a", writable=False) as reader:
            assert len(reader.all(Team)) == 1
            writer.save(Team(name="Second"))
            assert reader.refresh() is True
            assert len(reader.all(Team)) == 2
            writer.compact()
            writer.save(Team(name="Third"))
            reader.refresh()
            assert len(reader.all(Team)) == 3


versions = st.builds(
    lambda table, rid, rev, device, text, deleted: (
        table, {"id": rid, "rev": rev, "device": device, "text": text, "deleted": deleted}),
    st.sampled_from(["notes", "teams"]),
    st.sampled_from(["r1", "r2", "r3"]),
    st.integers(1, 4),
    st.sampled_from(["a", "b", "c"]),
    st.sampled_from(["x", "y"]),
    st.booleans(),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(versions, max_size=25), st.randoms())
def test_any_order_of_applying_journals_gives_the_same_state(entries, rnd) -> None:  # type: ignore[no-untyped-def]
    def state(order: list[tuple[str, dict[str, object]]]) -> str:
        store = Store(data_dir=Path("."), device="z")
        for table, record in order:
            store._apply(table, dict(record))
        return canonical({"records": store.records, "live": store.live})

    shuffled = list(entries)
    rnd.shuffle(shuffled)
    assert state(entries) == state(shuffled)


def test_ties_are_broken_by_device_then_content() -> None:
    low = {"id": "r", "rev": 2, "device": "a", "text": "x"}
    high = {"id": "r", "rev": 2, "device": "b", "text": "x"}
    assert _wins(high, low) and not _wins(low, high)
    newer = {"id": "r", "rev": 3, "device": "a", "text": "x"}
    assert _wins(newer, high)
