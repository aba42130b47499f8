"""Export templates are kept compiled between exports, as Python keeps modules compiled; a
facilitator's edited template is still used at once, and a cache that cannot be used is
passed over, never a reason for an export to fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from cigkit import locations
from cigkit.minutes.environment import PACKAGE_TEMPLATES
from cigkit.services.export import export_minutes
from cigkit.store import Store


def _compiled() -> list[Path]:
    folder = locations.template_cache_dir()
    # (in a folder of their own for each version of the environment's settings)
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def test_the_second_export_uses_the_templates_compiled_by_the_first(
    demo_store: Store, tmp_path: Path
) -> None:
    first = export_minutes(demo_store, tmp_path / "one", all=True)
    kept = _compiled()
    assert kept, "no template was kept compiled"
    assert locations.template_cache_dir().stat().st_mode & 0o777 == 0o700
    assert all(p.stat().st_mode & 0o077 == 0 for p in kept)
    stamps = {p: p.stat().st_mtime_ns for p in kept}
    second = export_minutes(demo_store, tmp_path / "two", all=True)
    assert {p: p.stat().st_mtime_ns for p in _compiled()} == stamps  # read, not rewritten
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()


def test_a_template_edited_after_an_export_is_used_by_the_next_one(
    demo_store: Store, tmp_path: Path
) -> None:
    own = locations.user_templates_dir(demo_store.data_dir)
    own.mkdir()
    shipped = (PACKAGE_TEMPLATES / "cig.md.j2").read_text(encoding="utf-8")
    (own / "cig.md.j2").write_text("First version\n" + shipped, encoding="utf-8")
    written = export_minutes(demo_store, tmp_path / "out", all=True)
    summary = next(p for p in written if p.name == "summary.md")
    assert summary.read_text(encoding="utf-8").startswith("First version\n")
    (own / "cig.md.j2").write_text("Second version\n" + shipped, encoding="utf-8")
    export_minutes(demo_store, tmp_path / "out", all=True)
    assert summary.read_text(encoding="utf-8").startswith("Second version\n")


def test_a_damaged_or_unwritable_cache_never_stops_an_export(
    demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = [p.read_bytes() for p in export_minutes(demo_store, tmp_path / "ref", all=True)]
    for kept in _compiled():
        kept.write_bytes(b"not a compiled template")
    assert [p.read_bytes() for p in export_minutes(demo_store, tmp_path / "a", all=True)
            ] == reference
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would go\n", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # no cache folder can be made
    assert [p.read_bytes() for p in export_minutes(demo_store, tmp_path / "c", all=True)
            ] == reference
