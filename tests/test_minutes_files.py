"""Exports land inside the export folder, whole, and readable by the teams they go to."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from cigkit.minutes import EXPORT_MODE, ExportPathError, safe_child, safe_file, write_atomic


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "etc-passwd.md"),
        ("/abs", "abs.md"),
        ("con", "con_.md"),
        ("COM1", "com1_.md"),
        ("a/b", "a-b.md"),
        ("a\\b", "a-b.md"),
        ("", "unnamed.md"),
        ("..", "unnamed.md"),
        (".", "unnamed.md"),
        ("Équipe Zoë", "equipe-zoe.md"),
        ("日本語", "unnamed.md"),
        ("Team A: Falls & Frailty", "team-a-falls-frailty.md"),
    ],
)
def test_team_name_becomes_a_file_inside_the_export_folder(
    tmp_path: Path, name: str, expected: str
) -> None:
    path = safe_child(tmp_path, name, suffix=".md")
    assert path == tmp_path.resolve() / expected
    assert path.is_relative_to(tmp_path.resolve())


def test_workshop_folder_and_team_file_nest_inside_root(tmp_path: Path) -> None:
    path = safe_child(tmp_path, "Workshop 3", "../Team A", suffix=".html")
    assert path == tmp_path.resolve() / "workshop-3" / "team-a.html"


def test_symlink_out_of_the_export_folder_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "exports"
    root.mkdir()
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (root / "team-a").symlink_to(outside, target_is_directory=True)
    with pytest.raises(ExportPathError):
        safe_child(root, "Team A", "minutes", suffix=".md")


@pytest.mark.parametrize("name", ["Team A", "../x", "summary", "NUL", "Équipe Zoë", ".", "a/b"])
def test_a_file_in_a_folder_named_once_is_where_safe_child_puts_it(
    tmp_path: Path, name: str
) -> None:
    folder = safe_child(tmp_path, "Workshop 3", "CIG 1")
    assert safe_file(tmp_path, folder, name, suffix=".md") == safe_child(
        tmp_path, "Workshop 3", "CIG 1", name, suffix=".md")


def test_a_file_that_is_a_symlink_out_of_the_export_folder_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "exports"
    folder = safe_child(root, "Workshop 3", "CIG 1")
    folder.mkdir(parents=True)
    outside = tmp_path / "elsewhere.md"
    outside.write_text("not minutes\n", encoding="utf-8")
    (folder / "team-a.md").symlink_to(outside)
    with pytest.raises(ExportPathError):
        safe_child(root, "Workshop 3", "CIG 1", "Team A", suffix=".md")
    with pytest.raises(ExportPathError):
        safe_file(root, folder, "Team A", suffix=".md")
    (folder / "team-b.md").symlink_to(folder / "team-c.md")  # inside: allowed, as before
    assert safe_file(root, folder, "Team B", suffix=".md") == safe_child(
        root, "Workshop 3", "CIG 1", "Team B", suffix=".md")
    with pytest.raises(ExportPathError):
        safe_file(root, folder, "Team A", suffix="md")


@pytest.mark.parametrize("suffix", ["md", ".md/../x", "./", ".MD", "..md"])
def test_unexpected_suffix_is_refused(tmp_path: Path, suffix: str) -> None:
    with pytest.raises(ExportPathError):
        safe_child(tmp_path, "team", suffix=suffix)


def test_a_path_needs_a_name(tmp_path: Path) -> None:
    with pytest.raises(ExportPathError, match="file name"):
        safe_child(tmp_path)


def test_write_atomic_replaces_existing_export_and_leaves_no_temp_file(tmp_path: Path) -> None:
    path = safe_child(tmp_path, "Workshop 1", "Team A", suffix=".md")
    write_atomic(path, "old minutes\n")
    write_atomic(path, "new minutes: café\n")
    assert path.read_bytes() == "new minutes: café\n".encode()
    assert sorted(p.name for p in path.parent.iterdir()) == ["team-a.md"]
    assert stat.S_IMODE(path.stat().st_mode) == EXPORT_MODE


def test_failed_write_keeps_the_old_export_and_cleans_up(tmp_path: Path) -> None:
    path = tmp_path / "team-a.md"
    write_atomic(path, "old\n")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(path, "lone surrogate \ud800")
    assert path.read_text(encoding="utf-8") == "old\n"
    assert os.listdir(tmp_path) == ["team-a.md"]


def test_writing_over_a_folder_fails_without_leaving_a_temp_file(tmp_path: Path) -> None:
    (tmp_path / "team-a.md").mkdir()
    with pytest.raises(OSError):
        write_atomic(tmp_path / "team-a.md", "x")
    assert os.listdir(tmp_path) == ["team-a.md"]


def test_line_endings_are_written_as_given(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    write_atomic(path, "a\nb\n")
    assert path.read_bytes() == b"a\nb\n"
