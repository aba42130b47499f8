"""The app's one save path: blocking store calls off the UI thread, answered by a message.

Every change made in the app runs as a job in a worker thread, one job at a time in the order
they were asked for (so an undo never overtakes the change it undoes), and comes back as a
typed message keyed by what asked for it: `Saved`, with the change to remember for undo, or
`SaveFailed`, with the store's one sentence. Only a `Saved` may show "saved".
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.message_pump import MessagePump

from ..errors import UserError

if TYPE_CHECKING:  # undo's module (and the logbook it needs) is imported on the first undo
    from ..services.undo import Change

Job = Callable[[], Any]


@dataclass(frozen=True)
class Done:
    """What a job did: the value to hand back, and the change to offer for undo (if any)."""

    value: Any = None
    change: Change | None = None


class Saved(Message, bubble=False):
    """A job finished: its changes are on disk."""

    def __init__(self, key: str, value: Any, change: Change | None,
                 requester: MessagePump | None) -> None:
        super().__init__()
        self.key = key
        self.value = value
        self.change = change
        self.requester = requester


class SaveFailed(Message, bubble=False):
    """A job failed: nothing it was asked to save is on disk; `error` is one sentence."""

    def __init__(self, key: str, error: str, requester: MessagePump | None) -> None:
        super().__init__()
        self.key = key
        self.error = error
        self.requester = requester


def error_sentence(error: BaseException) -> str:
    """What to tell the note-taker: the store's own sentence, else the failure in words."""
    if isinstance(error, UserError):
        return str(error)
    if isinstance(error, OSError):
        return f"Could not save: {error.strerror or error}."
    return f"Could not save: {type(error).__name__}: {error}"


class SaveQueue:
    """Jobs in the order they were asked for, run one at a time by whichever worker is free.

    Each save starts one worker; a worker runs the oldest job waiting (not necessarily its
    own) and posts its answer before the next job starts, so jobs and their answers keep
    their order, and a worker that never runs cannot hold the others up.
    """

    def __init__(self) -> None:
        self._jobs: deque[tuple[Job, str, MessagePump | None]] = deque()
        self._lock = threading.Lock()
        self.saved: set[str] = set()
        """Keys of the jobs saved so far (read when the app closes, before answers arrive)."""

    def add(self, job: Job, key: str, requester: MessagePump | None) -> None:
        """Called on the UI thread, in the order the jobs were asked for."""
        self._jobs.append((job, key, requester))

    def run_next(self, answer: Callable[[Saved | SaveFailed], object]) -> None:
        """Called in a worker thread: run the oldest job and hand its answer to `answer`."""
        with self._lock:
            try:
                job, key, requester = self._jobs.popleft()
            except IndexError:
                return
            outcome = run_job(job, key, requester)
            if isinstance(outcome, Saved):
                self.saved.add(key)
            answer(outcome)

    @property
    def waiting(self) -> int:
        return len(self._jobs)


def run_job(job: Job, key: str, requester: MessagePump | None) -> Saved | SaveFailed:
    """Run one job and say how it went; any failure becomes one sentence, never a crash."""
    try:
        outcome = job()
    except Exception as error:
        return SaveFailed(key, error_sentence(error), requester)
    done = outcome if isinstance(outcome, Done) else Done(outcome)
    return Saved(key, done.value, done.change, requester)


__all__ = ["Done", "Job", "SaveFailed", "SaveQueue", "Saved", "error_sentence", "run_job"]
