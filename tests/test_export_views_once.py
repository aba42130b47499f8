"""A full export works each piece of a view out once and hands it to every document that asks:
what each document says must be what it says when worked out on its own."""

from __future__ import annotations

from cigkit.minutes.gather import ProgrammeData, gather
from cigkit.minutes.overview import programme_view
from cigkit.minutes.views import View, cig_view, team_view
from cigkit.services import day
from cigkit.services.checklists import checklist_for
from cigkit.store import Store


def _fresh(store: Store) -> ProgrammeData:
    return gather(store, checklist_for(store.data_dir), day.plans(store)[0])


def test_every_document_of_an_export_reads_as_it_does_worked_out_alone(
    demo_store: Store,
) -> None:
    shared = _fresh(demo_store)
    numbers = shared.workshop_numbers()
    together: list[tuple[str, int, View]] = []
    for number in numbers:  # in the order the export asks: minutes, then each CIG's summary
        for cig in [*shared.cigs, None]:
            for team in shared.teams_of(cig):
                together.append((f"team {team.id}", number, team_view(shared, team, number)))
            together.append((f"cig {cig.id if cig else ''}", number,
                             cig_view(shared, cig, number)))
    together.append(("programme", 0, programme_view(shared)))
    assert shared.memo, "the export shares nothing between its documents"

    for what, number, view in together:
        alone = _fresh(demo_store)
        kind, _, key = what.partition(" ")
        if kind == "team":
            team = next(t for t in alone.teams if t.id == key)
            expected = team_view(alone, team, number)
        elif kind == "cig":
            cig = next((c for c in alone.cigs if c.id == key), None)
            expected = cig_view(alone, cig, number)
        else:
            expected = programme_view(alone)
        assert view == expected, (what, number)


def test_questions_actions_and_counts_differ_by_workshop_and_sharing_level(
    demo_store: Store,
) -> None:
    """Remembered answers are kept apart by workshop and by who may read them."""
    data = _fresh(demo_store)
    team = next(t for t in data.teams if data.actions.get(t.id))
    first, second = data.workshop_numbers()[:2]
    assert team_view(data, team, first)["actions"] != team_view(data, team, second)["actions"]
    alone = _fresh(demo_store)
    assert team_view(data, team, second) == team_view(alone, team, second)
