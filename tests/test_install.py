"""Where an installed cigkit finds the plans and checklist it ships.

`pip wheel` puts them in the wheel's data files (share/cigkit/sessions), which pipx, `uv
tool install` and `pip install` copy under the install scheme's data folder; a checkout or an
editable install reads them from the checkout.
"""

from __future__ import annotations

import sys
import sysconfig
from pathlib import Path

import pytest

from cigkit import locations


def shipped(folder: Path) -> Path:
    sessions = folder / "share" / "cigkit" / "sessions"
    sessions.mkdir(parents=True)
    (sessions / "checklist.toml").write_text("version = 1\n", encoding="utf-8")
    return sessions


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """cigkit as a regular install sees itself: a package in site-packages, no checkout."""
    package = tmp_path / "venv" / "lib" / "site-packages" / "cigkit"
    package.mkdir(parents=True)
    (package.parent / "sessions").mkdir()  # someone else's folder of that name: not ours
    monkeypatch.setattr(locations, "PACKAGE_DIR", package)
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "venv"))
    monkeypatch.setattr(sys, "base_prefix", str(tmp_path / "python"))
    monkeypatch.setattr(sysconfig, "get_path", lambda name, scheme=None: str(
        tmp_path / "user-base") if "user" in str(scheme) else str(tmp_path / "venv"))
    return tmp_path


def test_a_pipx_or_uv_tool_install_finds_the_plans_in_its_own_venv(installed: Path) -> None:
    expected = shipped(installed / "venv")
    assert locations._shipped_sessions() == expected


def test_a_pip_user_install_finds_the_plans_in_the_user_base(installed: Path) -> None:
    expected = shipped(installed / "user-base")
    assert locations._shipped_sessions() == expected


def test_a_system_install_finds_the_plans_under_the_system_prefix(installed: Path) -> None:
    expected = shipped(installed / "python")
    assert locations._shipped_sessions() == expected


def test_a_checkout_reads_its_own_sessions_folder() -> None:
    assert locations.SHIPPED_SESSIONS == Path(__file__).resolve().parent.parent / "sessions"
    assert (locations.SHIPPED_SESSIONS / "checklist.toml").is_file()
