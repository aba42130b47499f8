"""What a full disk, an unreadable folder or a hand-edited record does to the store."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from cigkit.model import Note, Team
from cigkit.store import Store, StoreCorruptError, StoreError


def test_a_failed_save_leaves_no_half_record_behind(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(data_dir, device="a") as store:
        first = store.save(Team(name="Before the disk filled"))
        real_write = os.write
        calls = {"n": 0}

        def half_then_full(fd: int, data: bytes | memoryview) -> int:
            calls["n"] += 1
            if calls["n"] == 1:
                real_write(fd, bytes(data)[: len(data) // 2])
                raise OSError(errno.ENOSPC, "No space left on device")
            return real_write(fd, data)

        monkeypatch.setattr(os, "write", half_then_full)
        with pytest.raises(StoreError, match="nothing was saved"):
            store.save(Team(name="Lost to a full disk"))
        monkeypatch.setattr(os, "write", real_write)
        after = store.save(Team(name="After space was freed"))
        again = store.save(Team(name="And one more"))
    with Store.open(data_dir, device="a") as reopened:
        names = sorted(t.name for t in reopened.all(Team))
        assert not reopened.warnings
    assert names == sorted([first.name, after.name, again.name])


def test_an_unreadable_records_folder_is_an_error_not_an_empty_programme(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_listdir = os.listdir
    snapshots = demo_dir / "snapshots"

    def refuse(path: str | os.PathLike[str]) -> list[str]:
        if Path(path) == snapshots:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_listdir(path)

    monkeypatch.setattr(os, "listdir", refuse)
    with pytest.raises(StoreError, match=r"Cannot read the folder .*snapshots: Permission denied"):
        Store.open(demo_dir, writable=False)


@pytest.mark.parametrize(
    ("record", "words"),
    [
        ({"id": "n1", "rev": 1, "workshop": 1, "team_id": "t"}, "field 'text' is missing"),
        ({"id": "t1", "rev": 1, "name": ["a", "list"]}, "field 'name' has the wrong type"),
        ({"id": "w1", "rev": 1, "number": "3"}, "field 'number' has the wrong type"),
        ({"id": "c1", "rev": 1, "workshop": 3, "kind": "start", "at": "yesterday"},
         "not ISO 8601"),
    ],
)
def test_a_record_that_is_json_but_not_a_record_is_named_with_its_line(
    demo_dir: Path, record: dict[str, object], words: str
) -> None:
    table = {"n1": "notes", "t1": "teams", "w1": "workshops", "c1": "clock_events"}[
        str(record["id"])]
    other = demo_dir / "journals" / "other-laptop.jsonl"
    good = json.dumps({"table": "teams", "record": {"id": "ok", "rev": 1, "name": "Fine"}})
    other.write_text(good + "\n" + json.dumps({"table": table, "record": record}) + "\n")
    with pytest.raises(StoreCorruptError, match=rf"other-laptop\.jsonl:2: record .*{words}"):
        Store.open(demo_dir, writable=False)


def test_a_record_from_a_newer_cigkit_is_skipped_with_a_warning(demo_dir: Path) -> None:
    other = demo_dir / "journals" / "newer.jsonl"
    other.write_text(json.dumps({"table": "surveys", "record": {"id": "s", "rev": 1}}) + "\n")
    with Store.open(demo_dir, writable=False) as store:
        assert any("newer cigkit" in w for w in store.warnings)


def test_a_snapshot_that_is_not_utf8_is_reported(demo_dir: Path) -> None:
    (demo_dir / "snapshots" / "other.json").write_bytes(b"\xff\xfe{")
    with pytest.raises(StoreCorruptError, match="other.json: damaged snapshot"):
        Store.open(demo_dir, writable=False)


def test_a_snapshot_entry_with_a_bad_record_is_reported(demo_dir: Path) -> None:
    bad = {"format": 1, "records": [{"table": "notes", "record": {"id": "x", "rev": 1}}]}
    (demo_dir / "snapshots" / "other.json").write_text(json.dumps(bad))
    with pytest.raises(StoreCorruptError, match="entry 1 .*field 'workshop' is missing"):
        Store.open(demo_dir, writable=False)


def test_saving_a_record_with_a_wrong_field_is_refused(data_dir: Path) -> None:
    with Store.open(data_dir, device="a") as store:
        with pytest.raises(StoreError, match="field 'text'"):
            store.put("notes", {"workshop": 1, "team_id": "t", "text": 42})


def test_a_reader_keeps_following_after_the_writer_compacts_and_grows_again(
    data_dir: Path,
) -> None:
    with Store.open(data_dir, device="a") as writer:
        for i in range(10):
            writer.save(Note(workshop=1, team_id="t", text=f"before {i}"))
        with Store.open(data_dir, device="a", writable=False) as reader:
            writer.compact()
            for i in range(30):
                writer.save(Note(workshop=1, team_id="t", text=f"after compaction {i} " * 3))
            reader.refresh()
            assert len(reader.all(Note)) == 40
