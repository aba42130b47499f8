"""A big export from the command line, made by two processes: this one and a fork of it.

Rendering (views, templates, HTML) is plain Python on one core, and each atomic write costs
the processor too; a laptop has two cores or more. After the programme is loaded the process
forks, and each process renders and writes every other folder's documents (a CIG's minutes
and summary for one workshop share their teams' views, so they stay together), with the same
atomic writes a one-process export makes: the bytes and the files' modes are the same. The
copy says when each of its files is whole on disk, and this process reports every file in the
documents' order, as a one-process export does.

Nothing is written until both processes have rendered all their Markdown: a template that
cannot be used leaves every file as it was, whichever process found it. A failed write in
either process stops both (files in flight are finished, each whole), and the error counts
every file written. Only the command line forks, and only while it has no other thread (a
fork copies the calling thread alone, so another thread's half-held lock would stay held in
the copy); the app, which has threads, and Windows, which cannot fork, export in one process.
"""

from __future__ import annotations

import functools
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any, Protocol

from ..errors import UserError

SPLIT_FROM = 40
"""Documents from which an export is worth a second process (a fork costs a few ms)."""
WRITERS = 8
"""Files each process writes at once: each atomic write waits for the disk (fsync)."""


class Planned(Protocol):
    """What the split needs of a document: where it goes (its folder groups it)."""

    @property
    def path(self) -> Path: ...


Render = Callable[[Any], str]
"""A document's Markdown; raises the export's one-sentence error for a broken template."""
Page = Callable[[Any, str], str | None]
"""A document's HTML page from its Markdown, or None when no HTML is asked for."""
Write = Callable[[Path, str], None]
"""The atomic write of one file."""


class RenderStopped(Exception):
    """The second process stopped before it had written all its files."""


def can_split() -> bool:
    """Can this process fork a second one safely, and would the two run side by side?

    Not on Windows (no fork) or macOS (system libraries there are not safe to use in a
    forked copy), not with another thread running, and not on a single core.
    """
    if sys.platform in ("win32", "darwin") or threading.active_count() != 1:
        return False
    if sys.platform == "linux":
        return len(os.sched_getaffinity(0)) > 1
    return (os.cpu_count() or 1) > 1


def shares(docs: Sequence[Planned]) -> list[bool]:
    """Which documents the second process makes: the later half of the teams (a team's
    minutes of every workshop, and its CIG's summaries with the CIG's last team).

    Each process then reads the records of its own teams only, so little of the memory the
    two share has to be copied for either (a page is copied when a process first writes to
    it, and Python writes to every object it reads: its reference count), and the pieces
    of views a team's documents share are worked out in one process.
    """
    groups: dict[tuple[str, str], int] = {}  # (CIG folder, file name) -> documents
    for doc in docs:
        key = (doc.path.parent.name, doc.path.name)
        groups[key] = groups.get(key, 0) + 1
    theirs: dict[tuple[str, str], bool] = {}
    count = 0
    for key, documents in groups.items():
        theirs[key] = count >= len(docs) / 2
        count += documents
    return [theirs[(doc.path.parent.name, doc.path.name)] for doc in docs]


if sys.platform != "win32":
    def _fork() -> int:
        return os.fork()

    def _kill(pid: int) -> None:
        os.kill(pid, signal.SIGKILL)

    def _ending(status: int) -> str:
        if os.WIFSIGNALED(status):
            return f"it was ended by signal {os.WTERMSIG(status)}"
        return f"it ended with status {os.waitstatus_to_exitcode(status)} before it finished"
else:  # Windows cannot fork: can_split() says no there, so none of these is reached
    def _fork() -> int:
        raise OSError("Windows cannot fork")

    def _kill(pid: int) -> None:
        raise OSError("Windows cannot fork")

    def _ending(status: int) -> str:
        return f"it ended with status {status}"


class SplitExport:
    """Both processes' Markdown, rendered before it returns (or the first error, raised
    here as `error`, with the copy ended and nothing written); then `files()` gives every
    file in the documents' order, as its path and either its text (for this process to
    write) or a Future that is done when the copy has written it. The documents at `early`
    (those that read every team's records: the overview) are this process's, rendered before
    the fork so that neither process copies memory for them.

    Use it as a context manager: leaving it stops the copy's writing (what is in flight is
    finished) and collects it.
    """

    def __init__(self, docs: Sequence[Planned], render: Render, page: Page, write: Write,
                 html: bool, error: type[UserError], early: Sequence[int] = ()) -> None:
        self._docs = list(docs)
        self._theirs = shares(self._docs)
        for i in early:
            self._theirs[i] = False
        self._mine = {i: render(self._docs[i]) for i in early}
        self._page = page
        self._html = html
        self._reader: threading.Thread | None = None
        self._lock = threading.Lock()
        results, to_parent = os.pipe()
        from_parent, self._go = os.pipe()
        self._pid = _fork()
        if self._pid == 0:  # the copy: never returns
            os.close(results)
            os.close(self._go)
            theirs = [d for d, t in zip(self._docs, self._theirs, strict=True) if t]
            _second_process(to_parent, from_parent, theirs, render, page, write)
        os.close(to_parent)
        os.close(from_parent)
        self._pipe: IO[bytes] = os.fdopen(results, "rb")
        self._remote: list[Future[None]] = []
        try:
            self._mine.update({i: render(doc) for i, (doc, theirs) in enumerate(
                zip(self._docs, self._theirs, strict=True)) if not theirs and i not in early})
            answer = self._receive()
            if answer[0] == "error":
                raise error(answer[1])
            if answer[0] != "rendered":
                raise error(f"The second process rendering the minutes stopped ({answer[1]}); "
                            "nothing was written")
        except BaseException:
            self.settle(kill=True)
            raise
        self._remote = [Future() for _ in range(sum(self._theirs) * (2 if html else 1))]
        self._reader = threading.Thread(target=self._read_reports)
        self._reader.start()
        try:
            os.write(self._go, b"g")  # both have rendered everything: the copy may write
        except BrokenPipeError:
            pass  # it has gone already: the reader says so, for each of its files

    def __enter__(self) -> SplitExport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.settle()

    def files(self) -> Iterator[tuple[Path, str | Future[None]]]:
        remote = iter(self._remote)
        for i, doc in enumerate(self._docs):
            if self._theirs[i]:
                yield doc.path, next(remote)
                if self._html:
                    yield doc.path.with_suffix(".html"), next(remote)
                continue
            text = self._mine.pop(i)
            yield doc.path, text
            page = self._page(doc, text)
            if page is not None:
                yield doc.path.with_suffix(".html"), page

    def settle(self, kill: bool = False) -> list[Future[None]]:
        """Stop the copy's writing, wait until it has said what it wrote, collect it, and
        give its files' Futures (each done then: written, failed, or cancelled if never
        begun). `kill` ends it at once, for before it has been let write anything."""
        if self._go >= 0:
            os.close(self._go)  # the copy reads this as "stop"
            self._go = -1
        if kill:
            self._reap(kill=True)
        if self._reader is not None:
            self._reader.join()
        self._pipe.close()
        self._reap(kill=False)
        return self._remote

    def _receive(self) -> tuple[Any, ...]:
        """The copy's next message; its end (a crash, a kill) reads as ("failed", how)."""
        try:
            message: tuple[Any, ...] = pickle.load(self._pipe)
        except (EOFError, pickle.UnpicklingError, OSError):
            status = self._reap(kill=False)
            return ("failed", "it had already ended" if status is None else _ending(status))
        return message

    def _read_reports(self) -> None:
        """The copy's reports, turned into its files' Futures (in a thread of this process).
        Whatever happens here, every Future ends up done, so the writer never waits for ever."""
        last: tuple[Any, ...] = ("failed", "its reports could not be read")
        try:
            while True:
                message = self._receive()
                if message[0] == "written":
                    self._remote[message[1]].set_result(None)
                elif message[0] == "write-failed":
                    _, index, code, strerror, filename = message
                    self._remote[index].set_exception(OSError(code, strerror, filename))
                else:  # its last word: "finished", or "failed" and why
                    last = message
                    return
        finally:
            stopped = (None if last[0] == "finished" else RenderStopped(
                f"The second process writing the minutes stopped ({last[1]})"))
            for future in self._remote:
                if future.done():
                    continue
                if stopped is None:
                    future.cancel()  # never begun: the copy was told to stop
                else:
                    future.set_exception(stopped)

    def _reap(self, kill: bool) -> int | None:
        """Wait for the copy to end (ending it first if `kill`): its wait status, None if it
        was collected before."""
        with self._lock:
            if self._pid <= 0:
                return None
            if kill:
                try:
                    _kill(self._pid)
                except ProcessLookupError:
                    pass
            _, status = os.waitpid(self._pid, 0)
            self._pid = 0
            return status


def _second_process(to_parent: int, from_parent: int, docs: list[Any], render: Render,
                    page: Page, write: Write) -> None:
    """The copy's whole life: render its documents, and once told to, write them; then end
    without running anything of the parent's (no atexit handlers, no flushing of buffers the
    parent owns). Ctrl+C reaches both processes (a terminal signals its whole group): the
    copy ignores it, and stops as the parent tells it to, each file it began finished whole,
    so no temporary file is left behind."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    code = 0
    try:
        with os.fdopen(to_parent, "wb") as pipe:
            lock = threading.Lock()
            stop = threading.Event()

            def send(message: tuple[Any, ...]) -> None:
                with lock:
                    try:
                        pickle.dump(message, pipe, protocol=pickle.HIGHEST_PROTOCOL)
                        pipe.flush()
                    except OSError:  # the parent has gone (Ctrl+C): begin no other file
                        stop.set()

            try:
                texts = [render(doc) for doc in docs]
            except UserError as exc:
                send(("error", str(exc)))
                return
            except Exception as exc:  # noqa: BLE001 - told to the parent as one sentence
                send(("failed", _described(exc)))
                return
            send(("rendered",))
            if os.read(from_parent, 1) != b"g":
                return  # the parent stopped: nothing is written

            def watch() -> None:
                os.read(from_parent, 1)  # the parent closed its end: stop, or it has gone
                stop.set()

            threading.Thread(target=watch, daemon=True).start()
            send(_write_share(docs, texts, page, write, send, stop))
    except BaseException:  # noqa: BLE001 - the parent has gone; nothing more to tell it
        code = 1
    finally:
        os._exit(code)


def _write_share(docs: list[Any], texts: list[str], page: Page, write: Write,
                 send: Callable[[tuple[Any, ...]], None], stop: threading.Event
                 ) -> tuple[Any, ...]:
    """Write the copy's files, each atomically, several at once, telling the parent as each
    is done; stop at the first failure or when told. The last word for the parent."""
    last: tuple[Any, ...] = ("finished",)
    failed = threading.Event()

    def guarded(path: Path, body: str) -> None:
        if stop.is_set() or failed.is_set():
            raise _NotBegun  # queued before the stop: left for the parent to count as such
        write(path, body)

    def done(index: int, path: Path, job: Future[None]) -> None:
        exc = job.exception()
        if isinstance(exc, _NotBegun):
            return
        if exc is None:
            send(("written", index))
        elif isinstance(exc, OSError):
            failed.set()
            send(("write-failed", index, exc.errno, exc.strerror, exc.filename or str(path)))
        else:
            failed.set()
            send(("write-failed", index, None, _described(exc), str(path)))

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        index = 0
        for doc, text in zip(docs, texts, strict=True):
            try:
                html = page(doc, text)
            except Exception as exc:  # noqa: BLE001
                last = ("failed", _described(exc))
                break
            files = [(doc.path, text)]
            if html is not None:
                files.append((doc.path.with_suffix(".html"), html))
            for path, body in files:
                if stop.is_set() or failed.is_set():
                    return last
                job = pool.submit(guarded, path, body)
                job.add_done_callback(functools.partial(done, index, path))
                index += 1
    return last


class _NotBegun(Exception):
    """A file of the copy's share not begun, because it was told to stop or a write failed."""


def _described(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
