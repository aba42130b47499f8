"""Every path cigkit uses, answered in one place and created on demand.

The data folder is `--data`, then `CIGKIT_DATA`, then a per-user folder from platformdirs;
the device id lives outside the data folder so that copying a folder never copies an identity.
"""

from __future__ import annotations

import os
import re
import sys
import sysconfig
import uuid
from pathlib import Path

import platformdirs

APP = "cigkit"
PACKAGE_DIR = Path(__file__).resolve().parent


def _shipped_sessions() -> Path:
    """The plans and checklist we ship: the checkout's sessions/ folder (a checkout or an
    editable install), or where a regular install put them: under its scheme's data folder,
    which is the tool's own venv for pipx and `uv tool`, the user base for `pip --user`, or
    the system prefix."""
    checkout = PACKAGE_DIR.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "sessions").is_dir():
        return checkout / "sessions"
    data_folders = [sys.prefix]
    try:
        data_folders.append(sysconfig.get_path("data", sysconfig.get_preferred_scheme("user")))
    except KeyError:  # a Python built without a user scheme
        pass
    data_folders.append(sys.base_prefix)
    installed = [Path(folder) / "share" / "cigkit" / "sessions" for folder in data_folders]
    return next((p for p in installed if (p / "checklist.toml").is_file()), installed[0])


SHIPPED_SESSIONS = _shipped_sessions()
# A device id names files (journals/<device>.jsonl), so it must be a valid file name on
# Windows, macOS and Linux alike, and stay distinct where 'A' and 'a' name the same file.
DEVICE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
WINDOWS_RESERVED_NAMES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{n}" for n in range(10)} | {f"lpt{n}" for n in range(10)}
)
"""Names Windows keeps for devices, with or without an extension ('nul.jsonl' is no file)."""


def device_problem(device: str) -> str | None:
    """Why `device` cannot be a device id, or None when it can."""
    if not DEVICE_PATTERN.fullmatch(device):
        if DEVICE_PATTERN.fullmatch(device.lower()):
            return ("use lower-case letters: Windows and macOS do not tell 'A' from 'a' in "
                    "file names, so two laptops would share one journal")
        return "letters, digits, '-' and '_' only, starting with a letter or digit, at most 64"
    if device in WINDOWS_RESERVED_NAMES:
        return "Windows keeps that name for a device, so it cannot name a file there"
    return None


class LocationError(Exception):
    """A path or device id cigkit cannot use; the message is one sentence for the user."""


def ensure_private_dir(path: Path) -> Path:
    """Create a folder readable by its owner alone (0700), parents included."""
    missing = []
    probe = path
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            if not folder.is_dir():
                raise
            continue  # made a moment ago by another thread or process: theirs to set
        os.chmod(folder, 0o700)  # mkdir's mode is cut by the umask
    return path


def data_dir(explicit: str | Path | None = None) -> Path:
    """The data folder: explicit argument, then CIGKIT_DATA, then the per-user folder."""
    chosen = explicit or os.environ.get("CIGKIT_DATA") or platformdirs.user_data_dir(APP)
    return Path(chosen).expanduser().resolve()


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP))


def cache_dir() -> Path:
    """What cigkit keeps only to start faster (nothing in it is data; it can be deleted)."""
    return Path(platformdirs.user_cache_dir(APP))


def device_id() -> str:
    """This laptop's stable id: CIGKIT_DEVICE, else one kept in the per-user config folder."""
    override = os.environ.get("CIGKIT_DEVICE")
    if override:
        problem = device_problem(override)
        if problem is not None:
            raise LocationError(f"CIGKIT_DEVICE {override!r} is not a usable device id "
                                f"({problem}).")
        return override
    path = config_dir() / "device-id"
    try:
        existing = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        existing = ""
    except OSError as exc:
        raise LocationError(f"Cannot read the device id in {path}: {exc.strerror}.") from exc
    if device_problem(existing) is None:
        return existing
    new = uuid.uuid4().hex[:16]
    try:
        ensure_private_dir(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(new + "\n")
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise LocationError(f"Cannot write the device id to {path}: {exc.strerror}.") from exc
    return new


def journals_dir(data: Path) -> Path:
    return data / "journals"


def snapshots_dir(data: Path) -> Path:
    return data / "snapshots"


def locks_dir(data: Path) -> Path:
    return data / "locks"


def drafts_dir(data: Path) -> Path:
    return data / "drafts"


def user_plans_dir(data: Path) -> Path:
    """A facilitator's own plans; these win over shipped plans with the same name."""
    return data / "plans"


def user_templates_dir(data: Path) -> Path:
    """Export templates that override the shipped ones, file by file."""
    return data / "templates"


def template_cache_dir() -> Path:
    """Export templates kept compiled between runs: a cache, safe to delete at any time."""
    return cache_dir() / "templates"


def plan_dirs(data: Path) -> list[Path]:
    """Folders searched for plans, later ones winning."""
    return [SHIPPED_SESSIONS, user_plans_dir(data)]


def checklist_path(data: Path) -> Path:
    """The facilitator's own checklist.toml in the data folder if there is one, else ours."""
    own = data / "checklist.toml"
    return own if own.exists() else SHIPPED_SESSIONS / "checklist.toml"


def default_exports_dir() -> Path:
    """`exports/` in the current folder, where minutes go unless --out says otherwise."""
    return Path.cwd() / "exports"
