"""Faults caused for real: a full disk, an I/O error, a folder deleted or unplugged mid-session,
a lock file removed, a read-only folder, temp files left by a crash."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cigkit.model import Member, Note, Team
from cigkit.store import Store, StoreError, StoreGoneError, StoreLockedError


def _fail_writes(monkeypatch: pytest.MonkeyPatch, code: int, half: bool = True) -> None:
    real_write = os.write

    def failing(fd: int, data: bytes | memoryview) -> int:
        if half:
            real_write(fd, bytes(data)[: len(data) // 2])
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "write", failing)


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO])
def test_a_failed_save_says_so_names_the_file_and_leaves_no_half_line(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    with Store.open(data_dir, device="a") as store:
        first = store.save(Team(name="Before the fault"))
        with monkeypatch.context() as patch:
            _fail_writes(patch, code)
            with pytest.raises(StoreError, match=r"a\.jsonl: .*NOT saved") as caught:
                store.save(Team(name="Lost to the fault"))
        assert ("disk is full" in str(caught.value)) == (code == errno.ENOSPC)
        assert [t.name for t in store.all(Team)] == ["Before the fault"]
        after = store.save(Team(name="After the fault was fixed"))
    with Store.open(data_dir, device="a") as reopened:
        assert not reopened.warnings
        assert sorted(t.name for t in reopened.all(Team)) == sorted([first.name, after.name])


def test_a_roster_sized_save_on_a_full_disk_stores_nothing_at_all(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(data_dir, device="a") as store:
        store.save(Team(name="Already here"))
        with monkeypatch.context() as patch:
            _fail_writes(patch, errno.ENOSPC)
            with pytest.raises(StoreError, match="NOT saved"):
                with store.transaction():
                    for n in range(40):
                        team = store.save(Team(name=f"Team {n}"))
                        for m in range(30):
                            store.save(Member(name=f"Person {n}.{m}", team_id=team.id))
        assert [t.name for t in store.all(Team)] == ["Already here"]
        assert store.all(Member) == []
    with Store.open(data_dir, device="a", writable=False) as again:
        assert [t.name for t in again.all(Team)] == ["Already here"] and not again.warnings


def test_a_deleted_data_folder_is_never_reported_as_saved(data_dir: Path) -> None:
    with Store.open(data_dir, device="a") as store:
        store.save(Note(workshop=1, team_id="t", text="saved before"))
        shutil.rmtree(data_dir)
        with pytest.raises(StoreGoneError, match="gone or was replaced.*NOT saved"):
            store.save(Note(workshop=1, team_id="t", text="typed after the folder went"))
        with pytest.raises(StoreGoneError):
            store.save(Note(workshop=1, team_id="t", text="and the next one"))
        assert [n.text for n in store.all(Note)] == ["saved before"]


def test_an_unplugged_drive_is_noticed(tmp_path: Path) -> None:
    """`umount -l` leaves the open file working but the path no longer leads to it; moving
    the folder away does the same to the path without needing root."""
    data = tmp_path / "usb" / "cigkit"
    with Store.open(data, device="a") as store:
        store.save(Note(workshop=1, team_id="t", text="saved on the stick"))
        (tmp_path / "usb").rename(tmp_path / "unplugged")
        data.mkdir(parents=True)  # the mount point is back, empty
        with pytest.raises(StoreGoneError):
            store.save(Note(workshop=1, team_id="t", text="after unplugging"))


def test_a_removed_lock_file_does_not_let_a_second_writer_in(data_dir: Path) -> None:
    with Store.open(data_dir, device="a") as first:
        first.save(Team(name="First writer"))
        for lock in (data_dir / "locks").iterdir():
            lock.unlink()
        with pytest.raises(StoreLockedError, match="already writing"):
            Store.open(data_dir, device="a")
        first.save(Team(name="Still the only writer"))


def test_a_second_writer_in_another_process_is_refused(data_dir: Path) -> None:
    with Store.open(data_dir, device="a") as store:
        store.save(Team(name="Held"))
        for lock in (data_dir / "locks").iterdir():
            lock.unlink()
        child = subprocess.run(
            [sys.executable, "-c",
             "import sys; from pathlib import Path; from cigkit.store import Store\n"
             "try:\n    Store.open(Path(sys.argv[1]), device='a')\n"
             "except Exception as e:\n    print(type(e).__name__)\n", str(data_dir)],
            capture_output=True, text=True, check=True)
        assert child.stdout.strip() == "StoreLockedError"


def test_a_read_only_folder_is_one_sentence(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(data_dir, device="a") as store:
        store.save(Team(name="x"))
    real_open = os.open

    def read_only(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(StoreError, match="Read-only file system"):
        Store.open(data_dir, device="b")
    monkeypatch.setattr(os, "open", real_open)
    with Store.open(data_dir, device="b", writable=False) as reader:
        assert [t.name for t in reader.all(Team)] == ["x"]


def test_temp_files_left_by_a_killed_write_are_removed_and_said(data_dir: Path) -> None:
    with Store.open(data_dir, device="a") as store:
        store.save(Team(name="x"))
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    leftover = data_dir / "journals" / f".a.json.{dead}.tmp"
    leftover.write_text("people's notes")
    drafts = data_dir / "drafts"
    drafts.mkdir(mode=0o700)
    mine = drafts / f".a.json.{os.getpid()}.tmp"  # this process is alive: not touched
    mine.write_text("still being written")
    with Store.open(data_dir, device="a") as store:
        assert any("removed 1 leftover temp file" in w for w in store.warnings)
    assert not leftover.exists() and mine.exists()


def test_an_unfinished_line_that_cannot_be_set_aside_is_one_sentence_and_kept(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(data_dir, device="a") as store:
        store.save(Team(name="Kept"))
    journal = data_dir / "journals" / "a.jsonl"
    with open(journal, "ab") as handle:
        handle.write(b'{"v":2,"e":[{"t":"teams"')
    before = journal.read_bytes()
    real_open = os.open

    def full_disk(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        if ".torn-" in str(path):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", full_disk)
    with pytest.raises(StoreError, match=r"a\.jsonl.*disk is full"):
        Store.open(data_dir, device="a")
    assert journal.read_bytes() == before, "the unfinished line is still there to set aside"
    monkeypatch.setattr(os, "open", real_open)
    with Store.open(data_dir, device="a") as store:
        assert [t.name for t in store.all(Team)] == ["Kept"]
        store.save(Team(name="Later"))


def test_a_drive_failing_before_the_write_is_one_sentence_and_nothing_saved(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(data_dir, device="a") as store:
        store.save(Team(name="Before"))
        with monkeypatch.context() as patch:
            def failing(fd: int) -> os.stat_result:
                raise OSError(errno.EIO, os.strerror(errno.EIO))

            patch.setattr(os, "fstat", failing)
            with pytest.raises(StoreError, match=r"a\.jsonl.*NOT saved"):
                store.save(Team(name="Never"))
        assert [t.name for t in store.all(Team)] == ["Before"]


def test_a_line_already_on_disk_is_reported_saved_whatever_fails_after(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the line is fsynced and the folder checked, the save is done: a bookkeeping
    call failing afterwards (the drive going away that instant) must not call it unsaved."""
    with Store.open(data_dir, device="a") as store:
        real_fstat, calls = os.fstat, {"n": 0}

        def fails_after_the_first(fd: int) -> os.stat_result:
            calls["n"] += 1
            if calls["n"] > 1:
                raise OSError(errno.EIO, os.strerror(errno.EIO))
            return real_fstat(fd)

        with monkeypatch.context() as patch:
            patch.setattr(os, "fstat", fails_after_the_first)
            saved = store.save(Team(name="On disk"))
        assert store.get(Team, saved.id) is not None
    with Store.open(data_dir, device="a", writable=False) as again:
        assert again.get(Team, saved.id) is not None


def test_a_second_writer_refused_in_a_new_folder_leaves_the_first_ones_journal_alone(
    data_dir: Path,
) -> None:
    """The app has just created a new data folder (nothing saved yet) and someone clears
    out its locks folder; a second process of the same laptop is refused at the journal,
    and tidying up after itself must not delete the first one's (still empty) journal."""
    with Store.open(data_dir, device="a") as first:
        shutil.rmtree(data_dir / "locks")
        with pytest.raises(StoreLockedError):
            Store.open(data_dir, device="a")
        saved = first.save(Team(name="Saved by the first writer"))
    with Store.open(data_dir, device="a", writable=False) as again:
        assert again.get(Team, saved.id) is not None


def test_the_journal_is_written_in_binary_mode_where_the_os_has_a_text_mode(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Windows a file opened with os.open is in text mode unless O_BINARY is given: every
    line written would gain a carriage return the store does not count (its sizes and the
    bytes it sets aside would be off). There is no text mode here, so the flag is faked."""
    binary = 0x40000000
    monkeypatch.setattr(os, "O_BINARY", binary, raising=False)
    real_open, flags_seen = os.open, {}

    def spy(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        flags_seen[Path(path).name] = flags
        return real_open(path, flags & ~binary, *args)

    monkeypatch.setattr(os, "open", spy)
    with Store.open(data_dir, device="a") as store:
        store.save(Team(name="x"))
    assert flags_seen["a.jsonl"] & binary


def test_a_removed_lock_file_is_put_back_by_the_next_save(data_dir: Path) -> None:
    with Store.open(data_dir, device="a") as store:
        store.save(Team(name="First"))
        lock = data_dir / "locks" / "a.lock"
        lock.unlink()
        store.save(Team(name="Second"))
        assert lock.is_file(), "the next save did not put the lock file back"


def test_a_device_id_that_cannot_name_a_journal_is_refused(data_dir: Path) -> None:
    with pytest.raises(StoreError, match="lower-case"):
        Store.open(data_dir, device="Laptop-A")
    assert not data_dir.exists()


def test_a_save_after_closing_says_so(data_dir: Path) -> None:
    store = Store.open(data_dir, device="a")
    store.save(Team(name="Kept"))
    store.close()
    with pytest.raises(StoreError, match="was closed"):
        store.save(Team(name="Too late"))
