"""This person's choices that belong to them, not to a programme: kept in the per-user config
folder (beside the device id), so a theme chosen for the projector stays chosen next time.

One small JSON file, `settings.json`, replaced atomically and readable by its owner only. A
file that cannot be read or makes no sense is ignored (the app opens with its defaults), and
a setting that cannot be written is said in one sentence, never a crash.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .. import locations
from ..errors import UserError

THEME = "theme"


class SettingsError(UserError):
    """A setting could not be remembered (the config folder cannot be written)."""


def settings_path() -> Path:
    return locations.config_dir() / "settings.json"


def load_settings() -> dict[str, Any]:
    """Every remembered setting; {} when there are none or the file cannot be read."""
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remember(name: str, value: str) -> Path:
    """Keep one setting, durably; the others stay as they were."""
    from ..store.files import write_json_atomic  # (the app reads settings before the store)

    path = settings_path()
    data = load_settings()
    data[name] = value
    try:
        locations.ensure_private_dir(path.parent)
        write_json_atomic(path, data)
    except OSError as exc:
        raise SettingsError(f"Cannot remember the setting in {path}: "
                            f"{exc.strerror or exc}.") from None
    return path


def remembered_theme() -> str | None:
    """The theme chosen last time, if one was."""
    theme = load_settings().get(THEME)
    return theme if isinstance(theme, str) and theme else None


__all__ = ["SettingsError", "load_settings", "remember", "remembered_theme", "settings_path"]
