"""The demo's minutes, word for word: a change to a template or view shows up here.

Regenerate after an intended change with `CIGKIT_UPDATE_GOLDEN=1 .venv/bin/pytest
tests/test_export_golden.py`, then read the diff of tests/golden/ before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_export import assert_well_formed

from cigkit.services.export import export_minutes
from cigkit.store import Store

GOLDEN = Path(__file__).with_name("golden")
DOCUMENTS = {
    "team-diabetes-foot-care-w2.md": "workshop-02/long-term-conditions/diabetes-foot-care.md",
    "cig-long-term-conditions-w2.md": "workshop-02/long-term-conditions/summary.md",
    "team-social-prescribing-link-w2.md":
        "workshop-02/community-and-primary-care/social-prescribing-link.md",
    "programme.md": "programme.md",
}


@pytest.fixture
def demo_exports(demo_store: Store, tmp_path: Path) -> Path:
    out = tmp_path / "exports"
    export_minutes(demo_store, out, all=True)
    return out


@pytest.mark.parametrize("golden", sorted(DOCUMENTS))
def test_demo_minutes_match_the_golden_file(demo_exports: Path, golden: str) -> None:
    text = (demo_exports / DOCUMENTS[golden]).read_text("utf-8")
    assert_well_formed(text)
    expected = GOLDEN / golden
    if os.environ.get("CIGKIT_UPDATE_GOLDEN"):
        expected.parent.mkdir(exist_ok=True)
        expected.write_text(text, encoding="utf-8")
    assert text == expected.read_text("utf-8")
