"""A dot-vote taken at a table appears in the team's minutes; an internal one never does."""

from __future__ import annotations

from pathlib import Path

from test_export import assert_well_formed

from cigkit.minutes import make_markdown
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
    assert "- Which question \\| first? — \\# access: 5; cost: 3; \\[x\\](http://e): 1\n" in md
    assert "Secret ballot" not in md
    assert_well_formed(md)


def test_votes_are_a_list_of_their_own_before_the_actions_heading(
    demo_store: Store, tmp_path: Path
) -> None:
    team = programme.find_team(demo_store, "crisis")
    demo_store.save(Tally(workshop=2, team_id=team.id, question="Best night to open",
                          counts={"Sunday": 6, "Monday": 2}))
    export_minutes(demo_store, tmp_path, workshop=2, team="crisis")
    md = (tmp_path / "workshop-02" / "mental-health-and-dementia" / "crisis-cafe.md").read_text()
    votes = md.split("## Votes\n\n", 1)[1].split("## Actions", 1)[0]
    assert votes == (
        "- What should the feedback card ask first? — felt listened to: 5; "
        "safe plan for tonight: 4; would have gone to ED: 3\n"
        "- Best night to open — Sunday: 6; Monday: 2\n\n"
    )
    tokens = make_markdown().parse(md)
    opened = [i for i, t in enumerate(tokens) if t.type == "heading_open"
              and tokens[i + 1].content in {"Votes", "Actions"}]
    between = [t.type for t in tokens[opened[0] + 3 : opened[1]]]
    assert between.count("list_item_open") == 2
    assert between[0] == "bullet_list_open" and between[-1] == "bullet_list_close"
