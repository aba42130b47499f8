"""A dot-vote taken at a table appears in the team's minutes; an internal one never does."""

from __future__ import annotations

from pathlib import Path

from test_export import assert_well_formed

from cigkit.model import Tally
from cigkit.services import programme
from cigkit.services.export import export_minutes
from cigkit.store import Store


def test_votes_taken_at_the_table_are_in_the_minutes_most_votes_first(
    demo_store: Store, tmp_path: Path
) -> None:
    team = programme.find_team(demo_store, "crisis")
    demo_store.save(Tally(workshop=2, team_id=team.id, question="Which question | first?",
                          counts={"cost": 3, "# access": 5, "[x](http://e)": 1}))
    demo_store.save(Tally(workshop=2, team_id=team.id, question="Secret ballot",
                          counts={"a": 1}, sharing="internal"))
    export_minutes(demo_store, tmp_path, workshop=2, team="crisis")
    md = (tmp_path / "workshop-02" / "mental-health-and-dementia" / "crisis-cafe.md").read_text()
    assert "## Votes" in md
    assert "- Which question \\| first?: \\# access 5; cost 3; \\[x\\](http://e) 1" in md
    assert "Secret ballot" not in md
    assert_well_formed(md)
