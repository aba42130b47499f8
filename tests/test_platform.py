"""Windows, macOS and Linux: the lock, the syncs and the atomic write on each.

The Windows and macOS branches run here with `sys.platform` set and the OS call they make
replaced by a recording stand-in: that checks what cigkit asks of the OS (which byte is
locked, which sync is used, what is retried), not that the OS does it. The POSIX branches
run for real.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import subprocess
import sys
import types
from pathlib import Path

import pytest

from cigkit import locations
from cigkit.services.export import unique_names
from cigkit.store import Store, StoreError, StoreLockedError
from cigkit.store import files as store_files
from cigkit.store.files import fsync_dir, fsync_fd, write_bytes_atomic, write_json_atomic
from cigkit.store.lock import WINDOWS_LOCK_OFFSET, WriterLock


class FakeMsvcrt(types.ModuleType):
    """msvcrt.locking as Windows does it: byte ranges of a file, one holder each."""

    LK_UNLCK, LK_LOCK, LK_NBLCK = 0, 1, 2

    def __init__(self) -> None:
        super().__init__("msvcrt")
        self.held: dict[tuple[int, int], int] = {}  # (inode, offset) -> fd
        self.calls: list[tuple[int, int, int]] = []  # (mode, offset, bytes)

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        offset = os.lseek(fd, 0, os.SEEK_CUR)
        self.calls.append((mode, offset, nbytes))
        key = (os.fstat(fd).st_ino, offset)
        if mode == self.LK_UNLCK:
            if self.held.get(key) != fd:
                raise OSError(errno.EACCES, "Permission denied")
            del self.held[key]
        elif key in self.held:
            raise OSError(errno.EACCES, "Permission denied")
        else:
            self.held[key] = fd


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> FakeMsvcrt:
    fake = FakeMsvcrt()
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    monkeypatch.setattr(sys, "platform", "win32")
    return fake


def test_windows_locks_one_byte_far_past_the_pid_so_the_pid_stays_readable(
    tmp_path: Path, windows: FakeMsvcrt
) -> None:
    path = tmp_path / "laptop.lock"
    first = WriterLock(path, tmp_path)
    assert windows.calls == [(FakeMsvcrt.LK_NBLCK, WINDOWS_LOCK_OFFSET, 1)]
    assert path.read_text() == f"{os.getpid()}\n"
    with pytest.raises(StoreLockedError, match=f"pid {os.getpid()}"):
        WriterLock(path, tmp_path)
    first.release()
    assert windows.calls[-1] == (FakeMsvcrt.LK_UNLCK, WINDOWS_LOCK_OFFSET, 1)
    WriterLock(path, tmp_path).release()


def test_windows_lock_error_that_is_not_contention_is_not_called_another_writer(
    tmp_path: Path, windows: FakeMsvcrt, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(fd: int, mode: int, nbytes: int) -> None:
        raise OSError(errno.EINVAL, "Invalid argument")

    monkeypatch.setattr(windows, "locking", broken)
    with pytest.raises(StoreError, match="supports file locks") as raised:
        WriterLock(tmp_path / "laptop.lock", tmp_path)
    assert not isinstance(raised.value, StoreLockedError)


def test_windows_needs_no_folder_sync(
    tmp_path: Path, windows: FakeMsvcrt, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_folders(path: object, *args: object) -> int:
        raise AssertionError("Windows cannot open a folder; cigkit must not try")

    monkeypatch.setattr(os, "open", no_folders)
    fsync_dir(tmp_path)


def test_windows_waits_for_a_viewer_that_holds_the_old_file(
    tmp_path: Path, windows: FakeMsvcrt, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "team-a.md"
    path.write_bytes(b"old\n")
    real_replace, refusals = os.replace, [PermissionError(13, "in use")] * 3

    def busy(src: object, dst: object) -> None:
        if refusals:
            raise refusals.pop()
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", busy)
    monkeypatch.setattr(store_files, "_REPLACE_PAUSE_S", 0.0)
    monkeypatch.setattr(os, "fchmod", None, raising=False)  # Windows before 3.13 has none
    write_bytes_atomic(path, b"new\n")
    assert path.read_bytes() == b"new\n" and os.listdir(tmp_path) == ["team-a.md"]


def test_elsewhere_a_refused_replace_is_an_error_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "team-a.md"
    path.write_bytes(b"old\n")

    def refused(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(PermissionError):
        write_bytes_atomic(path, b"new\n")
    assert path.read_bytes() == b"old\n" and os.listdir(tmp_path) == ["team-a.md"]


@pytest.fixture
def macos(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """macOS's fcntl F_FULLFSYNC, recorded; os.fsync recorded beside it."""
    calls: list[str] = []
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(fcntl, "F_FULLFSYNC", 51, raising=False)
    monkeypatch.setattr(os, "fsync", lambda fd: calls.append("fsync"))
    return calls


def test_macos_asks_the_drive_to_empty_its_cache(
    tmp_path: Path, macos: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fcntl, "fcntl", lambda fd, op, *a: macos.append(f"fcntl {op}"))
    with open(tmp_path / "x", "wb") as handle:
        fsync_fd(handle.fileno())
    assert macos == ["fcntl 51"]


@pytest.mark.parametrize("refusal", [errno.ENOTSUP, errno.EINVAL, errno.ENOTTY])
def test_macos_falls_back_to_fsync_where_full_sync_is_not_supported(
    tmp_path: Path, macos: list[str], monkeypatch: pytest.MonkeyPatch, refusal: int
) -> None:
    def unsupported(fd: int, op: int, *args: object) -> None:
        raise OSError(refusal, os.strerror(refusal))

    monkeypatch.setattr(fcntl, "fcntl", unsupported)
    with open(tmp_path / "x", "wb") as handle:
        fsync_fd(handle.fileno())
    assert macos == ["fsync"]


def test_macos_io_error_on_full_sync_is_never_hidden_by_a_weaker_sync(
    tmp_path: Path, macos: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(fd: int, op: int, *args: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(fcntl, "fcntl", failing)
    with open(tmp_path / "x", "wb") as handle, pytest.raises(OSError) as raised:
        fsync_fd(handle.fileno())
    assert raised.value.errno == errno.EIO and macos == []


def test_a_folder_that_cannot_be_synced_is_no_error_but_an_io_error_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer = [errno.EINVAL]

    def fsync(fd: int) -> None:
        raise OSError(answer[0], os.strerror(answer[0]))

    monkeypatch.setattr(os, "fsync", fsync)
    fsync_dir(tmp_path)
    answer[0] = errno.EIO
    with pytest.raises(OSError):
        fsync_dir(tmp_path)


def test_every_module_imports_without_the_posix_only_modules() -> None:
    """Windows has no fcntl, termios, pwd, grp, resource, pty or tty: none may be needed to
    import cigkit (mypy --platform win32 checks the rest, in `make check`)."""
    script = (
        "import sys, importlib, pkgutil\n"
        "for name in ('fcntl', 'termios', 'pwd', 'grp', 'resource', 'pty', 'tty'):\n"
        "    sys.modules[name] = None\n"
        "import cigkit\n"
        "names = [m.name for m in pkgutil.walk_packages(cigkit.__path__, 'cigkit.')\n"
        "         if m.name != 'cigkit.__main__']\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "print(len(names))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 50


# -- the lock on POSIX, for real ---------------------------------------------------------


def test_a_removed_lock_file_is_made_again_and_a_second_writer_is_still_refused(
    data_dir: Path,
) -> None:
    with Store.open(data_dir, device="laptop-a") as store:
        lock = store._lock
        assert lock is not None and lock.held()
        (data_dir / "locks" / "laptop-a.lock").unlink()
        assert lock.held()  # noticed, and the lock file is made and locked again
        assert (data_dir / "locks" / "laptop-a.lock").read_text() == f"{os.getpid()}\n"
        with pytest.raises(StoreLockedError):
            Store.open(data_dir, device="laptop-a")


def test_a_writer_whose_lock_file_went_to_another_writer_knows_it(tmp_path: Path) -> None:
    path = tmp_path / "laptop-a.lock"
    first = WriterLock(path, tmp_path)
    path.unlink()
    second = WriterLock(path, tmp_path)  # got in before the first one looked
    assert second.held() and not first.held()
    first.release()
    second.release()


def test_a_disk_without_locks_is_named_not_called_another_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_locks(fd: int, op: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    with pytest.raises(StoreError, match="No locks available") as raised:
        WriterLock(tmp_path / "laptop-a.lock", tmp_path)
    assert not isinstance(raised.value, StoreLockedError)


def test_a_lock_that_cannot_be_created_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="Cannot take the writer's lock .*: No such file"):
        WriterLock(tmp_path / "gone" / "laptop-a.lock", tmp_path)


# -- atomic writes -----------------------------------------------------------------------


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o277])
def test_written_files_are_the_owners_alone_whatever_the_umask(
    tmp_path: Path, umask: int
) -> None:
    old = os.umask(umask)
    try:
        write_json_atomic(tmp_path / "snap.json", {"a": 1})
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "snap.json").stat().st_mode) == 0o600
    assert (tmp_path / "snap.json").read_bytes() == b'{"a":1}\n'


@pytest.mark.parametrize("fault", ["disk full after a short write", "io error on write",
                                   "io error on fsync"])
def test_a_full_disk_or_io_error_leaves_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    path = tmp_path / "snap.json"
    write_json_atomic(path, {"version": "old"})
    real_write = os.write
    code = errno.ENOSPC if fault.startswith("disk full") else errno.EIO

    def short_then_full(fd: int, data: bytes) -> int:
        monkeypatch.setattr(os, "write", fail)
        return real_write(fd, bytes(data)[:7])

    def fail(*args: object) -> int:
        raise OSError(code, os.strerror(code))

    if fault == "disk full after a short write":
        monkeypatch.setattr(os, "write", short_then_full)
    elif fault == "io error on write":
        monkeypatch.setattr(os, "write", fail)
    else:
        monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OSError) as raised:
        write_json_atomic(path, {"version": "new, much longer than the old one"})
    assert raised.value.errno == code
    assert path.read_text() == '{"version":"old"}\n'
    assert os.listdir(tmp_path) == ["snap.json"]


# -- names valid on every OS -------------------------------------------------------------


@pytest.mark.parametrize(("device", "words"), [
    ("Laptop-A", "lower-case"),
    ("nul", "Windows keeps that name"),
    ("com1", "Windows keeps that name"),
    ("table:2", "letters, digits"),
    ("laptop\n", "letters, digits"),
    ("-laptop", "letters, digits"),
])
def test_a_device_id_must_name_a_file_on_every_os(
    monkeypatch: pytest.MonkeyPatch, device: str, words: str
) -> None:
    monkeypatch.setenv("CIGKIT_DEVICE", device)
    with pytest.raises(locations.LocationError, match=words):
        locations.device_id()


def test_two_long_team_names_alike_in_their_first_sixty_letters_get_two_files() -> None:
    first = "A very long team name that goes on and on past sixty characters, one"
    second = first.replace("one", "two")
    names = unique_names([("1", first), ("2", second), ("3", first + "!")])
    assert sorted(names.values()) == [
        "a-very-long-team-name-that-goes-on-and-on-past-sixty-chara-2",
        "a-very-long-team-name-that-goes-on-and-on-past-sixty-chara-3",
        "a-very-long-team-name-that-goes-on-and-on-past-sixty-charact",
    ]
    assert all(len(name) <= 60 for name in names.values())


def test_a_new_device_id_is_valid_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CIGKIT_DEVICE")
    device = locations.device_id()
    assert locations.device_problem(device) is None
    assert device == locations.device_id()
