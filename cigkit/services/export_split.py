"""A big export from the command line, rendered by two processes: this one and a fork of it.

Rendering (views, templates, HTML) is plain Python on one core; a laptop has two or more.
After the programme is loaded the process forks: the copy renders every other CIG's
documents and streams their texts back through a pipe, this process renders the rest and
writes every file, in the same order and with the same atomic writes as a one-process export,
so the bytes, the files' modes and what is printed are the same.

Nothing is written until both processes have rendered all their Markdown: a template that
cannot be used leaves every file as it was, whichever process found it. Only the command
line forks, and only while it has no other thread (a fork copies the calling thread alone,
so another thread's half-held lock would never be released in the copy); the app, which has
threads, and Windows, which cannot fork, export in one process.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Protocol

from ..errors import UserError

SPLIT_FROM = 40
"""Documents from which an export is worth a second process (a fork costs a few ms)."""


class Planned(Protocol):
    """What the split needs of a document: where it goes (its folder groups it)."""

    @property
    def path(self) -> Path: ...


Render = Callable[[Any], str]
"""A document's Markdown; raises the export's one-sentence error for a broken template."""
Page = Callable[[Any, str], str | None]
"""A document's HTML page from its Markdown, or None when no HTML is asked for."""


class RenderStopped(Exception):
    """The second process stopped before it handed over all its documents (after files were
    being written: the writer says how many)."""


def can_split() -> bool:
    """Can this process fork a second renderer safely, and would it run beside this one?

    Not on Windows (no fork) or macOS (system libraries there are not safe to use in a
    forked copy), not with another thread running, and not on a single core.
    """
    if sys.platform in ("win32", "darwin") or threading.active_count() != 1:
        return False
    if sys.platform == "linux":
        return len(os.sched_getaffinity(0)) > 1
    return (os.cpu_count() or 1) > 1


def shares(docs: Sequence[Planned]) -> list[bool]:
    """Which documents the second process renders: those of every other folder, so a CIG's
    minutes and summary for one workshop, which share their teams' views, stay together."""
    folders: dict[Path, bool] = {}
    for doc in docs:
        folders.setdefault(doc.path.parent, len(folders) % 2 == 1)
    return [folders[doc.path.parent] for doc in docs]


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


class SplitRender:
    """Both processes' Markdown, rendered before it returns (or the first error, raised
    here, with the copy stopped); then `files()` gives every file's path and text in the
    documents' order, this process's pages rendered as they are asked for.

    Use it as a context manager: leaving it stops and reaps the copy, whatever happened.
    """

    def __init__(self, docs: Sequence[Planned], render: Render, page: Page,
                 error: type[UserError]) -> None:
        self._docs = list(docs)
        self._theirs = shares(self._docs)
        self._page = page
        read_end, write_end = os.pipe()
        self._pid = _fork()
        if self._pid == 0:  # the copy: never returns
            os.close(read_end)
            _second_process(write_end, [d for d, t in zip(self._docs, self._theirs,
                                                         strict=True) if t], render, page)
        os.close(write_end)
        self._pipe: IO[bytes] | None = os.fdopen(read_end, "rb")
        try:
            self._mine = {i: render(doc) for i, (doc, theirs)
                          in enumerate(zip(self._docs, self._theirs, strict=True)) if not theirs}
            try:
                answer = self._receive()
            except RenderStopped as exc:
                raise error(f"{exc}; nothing was written") from None
            if answer[0] == "error":
                raise error(answer[1])
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> SplitRender:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def files(self) -> Iterator[tuple[Path, str]]:
        for i, doc in enumerate(self._docs):
            if self._theirs[i]:
                text, page = self._receive()
            else:
                text = self._mine.pop(i)
                page = self._page(doc, text)
            yield doc.path, text
            if page is not None:
                yield doc.path.with_suffix(".html"), page

    def _receive(self) -> Any:
        """The copy's next message; its end (a crash, a kill) is one sentence."""
        assert self._pipe is not None
        try:
            message = pickle.load(self._pipe)
        except (EOFError, pickle.UnpicklingError, OSError):
            message = ("failed", self._end())
        if message[0] == "failed":
            raise RenderStopped(f"The second process rendering the minutes stopped "
                                f"({message[1]})")
        return message

    def _end(self) -> str:
        """Stop the copy (if it is not gone already) and say how it ended."""
        status = self._reap()
        return "it had already ended" if status is None else _ending(status)

    def close(self) -> None:
        """Stop the copy if it is still at work, and reap it."""
        if self._pipe is not None:
            self._pipe.close()
            self._pipe = None
        self._reap()

    def _reap(self) -> int | None:
        """End the copy and collect it: its wait status, None if it was collected before.
        A copy that has ended already keeps its own status (killing a zombie does nothing)."""
        if self._pid <= 0:
            return None
        try:
            _kill(self._pid)
        except ProcessLookupError:
            pass
        _, status = os.waitpid(self._pid, 0)
        self._pid = 0
        return status


def _second_process(write_end: int, docs: list[Any], render: Render, page: Page) -> None:
    """The copy's whole life: render its documents, send them, end without running anything
    of the parent's (no atexit handlers, no flushing of buffers the parent owns)."""
    code = 0
    try:
        with os.fdopen(write_end, "wb") as pipe:
            try:
                texts = [render(doc) for doc in docs]
            except UserError as exc:
                _send(pipe, ("error", str(exc)))
                return
            except Exception as exc:  # noqa: BLE001 - told to the parent as one sentence
                _send(pipe, ("failed", _described(exc)))
                return
            _send(pipe, ("rendered",))
            for doc, text in zip(docs, texts, strict=True):
                try:
                    message: tuple[Any, ...] = (text, page(doc, text))
                except Exception as exc:  # noqa: BLE001
                    _send(pipe, ("failed", _described(exc)))
                    return
                _send(pipe, message)
    except BaseException:  # noqa: BLE001 - the parent has gone or closed the pipe
        code = 1
    finally:
        os._exit(code)


def _send(pipe: IO[bytes], message: tuple[Any, ...]) -> None:
    pickle.dump(message, pipe, protocol=pickle.HIGHEST_PROTOCOL)
    pipe.flush()


def _described(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
