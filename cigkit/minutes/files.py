"""Where exports are written, and how: inside the export folder only, never half-written.

Team and workshop names become file names, so each part is slugified and the final path is
checked against the export root before anything touches the disk.
"""

from __future__ import annotations

import re
from pathlib import Path

from cigkit.locations import WINDOWS_RESERVED_NAMES, ensure_private_dir
from cigkit.model import slugify
from cigkit.store.files import FILE_MODE, write_bytes_atomic

EXPORT_MODE = FILE_MODE
"""Minutes hold what people said: readable by their owner alone (0600), like the data; the
facilitator decides whom to send them to."""

_SUFFIX = re.compile(r"\.[a-z0-9]{1,10}")


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
    return f"{slug}_" if slug in WINDOWS_RESERVED_NAMES else slug


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


def safe_file(root: Path, folder: Path, part: str, suffix: str = "") -> Path:
    """What `safe_child(root, *parts, part, suffix=suffix)` gives, for the `folder` that
    `safe_child(root, *parts)` gave: the folder is not resolved again (a full export names
    281 files in 41 folders, and each resolve asks the disk about every folder on the way).

    A slug is one name without "." or "..", so inside a resolved folder only a symlink of
    that name could lead elsewhere: that one is resolved and checked as `safe_child` would.
    """
    if suffix and not _SUFFIX.fullmatch(suffix):
        raise ExportPathError(root, f"not a file suffix cigkit writes: {suffix!r}")
    target = folder / (safe_name(part) + suffix)
    if not target.is_symlink():
        return target
    base = root.resolve()
    resolved = target.resolve()
    if resolved == base or not resolved.is_relative_to(base):
        raise ExportPathError(resolved, "export path leaves the export folder")
    return resolved


def write_atomic(path: Path, text: str, mode: int = EXPORT_MODE) -> None:
    """Replace `path` with `text` (UTF-8, "\\n" line endings) so readers never see half a file.

    A crash, a full disk or an IO error leaves the old export in place and no temporary file
    behind; the file is readable by its owner alone (0600) and any folder made for it 0700,
    whatever the umask.
    """
    ensure_private_dir(path.parent)
    write_bytes_atomic(path, text.encode("utf-8"), mode)
