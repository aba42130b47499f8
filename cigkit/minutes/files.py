"""Where exports are written, and how: inside the export folder only, never half-written.

Team and workshop names become file names, so each part is slugified and the final path is
checked against the export root before anything touches the disk.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

from cigkit.model import slugify

EXPORT_MODE = 0o644
"""Exports are made to be handed to teams, unlike cigkit's private 0o600 data files."""

_SUFFIX = re.compile(r"\.[a-z0-9]{1,10}")
# Names Windows reserves for devices, with or without an extension.
_WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{n}" for n in range(10)} | {f"lpt{n}" for n in range(10)}
)


class ExportPathError(Exception):
    """An export path that would land outside the export folder or could not be built."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(path, message)
        self.path = Path(path)
        self.message = message

    def __str__(self) -> str:
        return f"{self.message}: {self.path}"


def safe_name(part: str) -> str:
    """A file or folder name from user text: a slug, renamed if Windows reserves it.

    The trailing underscore cannot collide with another slug, which never contains one.
    """
    slug = slugify(part)
    return f"{slug}_" if slug in _WINDOWS_DEVICES else slug


def safe_child(root: Path, *parts: str, suffix: str = "") -> Path:
    """The resolved path `root/part1/.../partN+suffix`, guaranteed to lie inside `root`.

    Each part is one name (a "/" inside it is slugified away, so it cannot add a folder);
    `suffix` such as ".md" is added to the last part after slugifying.
    """
    if not parts:
        raise ExportPathError(root, "an export needs a file name")
    if suffix and not _SUFFIX.fullmatch(suffix):
        raise ExportPathError(root, f"not a file suffix cigkit writes: {suffix!r}")
    names = [safe_name(part) for part in parts]
    names[-1] += suffix
    base = root.resolve()
    target = base.joinpath(*names).resolve()
    # Slugs never contain separators or "..", but a symlink inside the root could still
    # point elsewhere; resolving both sides catches that as well.
    if target == base or not target.is_relative_to(base):
        raise ExportPathError(target, "export path leaves the export folder")
    return target


def write_atomic(path: Path, text: str, mode: int = EXPORT_MODE) -> None:
    """Replace `path` with `text` (UTF-8, "\\n" line endings) so readers never see half a file.

    A crash or full disk leaves the old export in place and no temporary file behind.
    """
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; best effort, as some platforms cannot fsync a folder."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
