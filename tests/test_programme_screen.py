"""Setting the programme up with forms on the Programme screen (F8), as the set-up commands do:
bad input is named inside the form and nothing is stored; every change can be undone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import FakeClock, OpenApp, send_keys, settle
from textual.pilot import Pilot
from textual.widgets import Input, Select

from cigkit.model import Action, Cig, ClockEvent, Cohort, Member, Team
from cigkit.services import day, programme
from cigkit.services.search import day_entries
from cigkit.store import Store
from cigkit.tui.app import CigkitApp, make_app
from cigkit.tui.screens.programme import ProgrammeScreen
from cigkit.tui.widgets.form import Form


async def open_programme(app: CigkitApp, pilot: Pilot[Any], view: str = "1") -> ProgrammeScreen:
    await send_keys(pilot, "f8")
    screen = app.screen
    assert isinstance(screen, ProgrammeScreen)
    await send_keys(pilot, view)
    return screen


async def put_cursor_on(pilot: Pilot[Any], screen: ProgrammeScreen, key: str) -> None:
    table = screen.table()
    keys = [str(k.value) for k in table.rows]
    table.move_cursor(row=keys.index(key))
    await settle(pilot)


def form_of(app: CigkitApp) -> Form:
    assert isinstance(app.screen, Form), type(app.screen).__name__
    return app.screen


async def fill(pilot: Pilot[Any], form: Form, **values: str) -> None:
    """Type each value over what the field held, then Enter saves the form."""
    for name, value in values.items():
        box = form.query_one(f"#form-{name}", Input)
        box.value = value
    await send_keys(pilot, "enter")


async def test_a_team_renamed_on_the_programme_screen_keeps_its_notes(open_app: OpenApp) -> None:
    app = open_app(workshop=2)
    team = programme.find_team(app.store, "Crisis Cafe")
    notes_before = {e.id for e in day_entries(app.store, 2, [team.id])}
    assert notes_before
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_programme(app, pilot, "2")
        await put_cursor_on(pilot, screen, f"team:{team.id}")
        await send_keys(pilot, "e")
        await fill(pilot, form_of(app), name="Crisis Café Evenings")
        assert isinstance(app.screen, ProgrammeScreen)  # saved and closed
        renamed = app.store.get(Team, team.id)
        assert renamed is not None and renamed.name == "Crisis Café Evenings"
        assert {e.id for e in day_entries(app.store, 2, [team.id])} == notes_before
        shown = [str(c) for c in screen.table().get_row_at(screen.table().cursor_row)]
        assert "Crisis Café Evenings" in shown[0]

        await send_keys(pilot, "ctrl+z")  # the rename is undone like any other change
        back = app.store.get(Team, team.id)
        assert back is not None and back.name == "Crisis Cafe"


async def test_a_cig_and_a_team_changed_in_their_forms_keep_who_they_are(
    open_app: OpenApp,
) -> None:
    app = open_app(workshop=2)
    team = programme.find_team(app.store, "Crisis Cafe")
    cig = app.store.get(Cig, team.cig_id)
    assert cig is not None
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_programme(app, pilot, "2")
        await put_cursor_on(pilot, screen, f"cig:{cig.id}")
        await send_keys(pilot, "e")
        assert form_of(app).title_text == f"CIG {cig.name}"
        await fill(pilot, form_of(app), name="Mental health", facilitator="Ama Boateng")
        changed = app.store.get(Cig, cig.id)
        assert changed is not None
        assert (changed.name, changed.facilitator, changed.theme) == (
            "Mental health", "Ama Boateng", cig.theme)
        await put_cursor_on(pilot, screen, f"team:{team.id}")
        await send_keys(pilot, "e")
        assert form_of(app).title_text == "Team Crisis Cafe"
        await fill(pilot, form_of(app), project="Evening drop-ins")
        moved_on = app.store.get(Team, team.id)
        assert moved_on is not None
        assert (moved_on.name, moved_on.project, moved_on.cig_id) == (
            "Crisis Cafe", "Evening drop-ins", cig.id)
        await send_keys(pilot, "ctrl+z", "ctrl+z")
        back, team_back = app.store.get(Cig, cig.id), app.store.get(Team, team.id)
        assert back is not None and team_back is not None
        assert (back.name, back.facilitator) == (cig.name, cig.facilitator)
        assert team_back.project == team.project


async def test_a_bad_date_in_the_workshop_form_is_named_in_the_form_and_nothing_is_saved(
    open_app: OpenApp,
) -> None:
    app = open_app()
    journal = app.store.data_dir / "journals" / "test-laptop.jsonl"
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_programme(app, pilot, "1")
        workshop = programme.workshop(app.store, 5)
        await put_cursor_on(pilot, screen, workshop.id)
        await send_keys(pilot, "e")
        form = form_of(app)
        before = journal.stat().st_size
        await fill(pilot, form, date="2027-02-30", venue="Town Hall")
        assert app.screen is form  # still open, with what was typed
        assert form.problem == "The date '2027-02-30' is not a day of the calendar."
        assert form.values()["date"] == "2027-02-30" and form.values()["venue"] == "Town Hall"
        assert journal.stat().st_size == before  # not a byte written
        assert programme.workshop(app.store, 5).venue == ""

        await fill(pilot, form, date="2026-11-01")  # workshops run in order
        assert form.problem == ("The date 2026-11-01 is not after workshop 3's (Tue 24 Nov "
                                "2026); workshops run in order.")
        await fill(pilot, form, date="2027-02-09")
        assert app.screen is screen
        saved = programme.workshop(app.store, 5)
        assert (saved.date, saved.venue) == ("2027-02-09", "Town Hall")


async def test_cigs_teams_and_people_are_set_up_with_forms(open_app: OpenApp) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_programme(app, pilot, "2")
        await send_keys(pilot, "c")
        await fill(pilot, form_of(app), name="Children and families", facilitator="Sam Okoye",
                   theme="Early help")
        cig = programme.find_cig(app.store, "Children and families")
        assert (cig.facilitator, cig.theme) == ("Sam Okoye", "Early help")
        assert screen.table().current_key() == f"cig:{cig.id}"

        await send_keys(pilot, "a")  # a team at the highlighted table
        form = form_of(app)
        assert form.query_one("#form-cig", Select).value == cig.id
        await fill(pilot, form, name="School Nursing", project="Drop-ins",
                   organisation="County")
        team = programme.find_team(app.store, "School Nursing")
        assert (team.cig_id, team.project, team.organisation) == (cig.id, "Drop-ins", "County")

        await send_keys(pilot, "a")
        await fill(pilot, form_of(app), name="Crisis Cafe")  # a name already taken
        assert form_of(app).problem == "There is already a team called 'Crisis Cafe'."
        await send_keys(pilot, "escape")

        other = programme.find_team(app.store, "Crisis Cafe")
        await put_cursor_on(pilot, screen, f"team:{other.id}")
        await send_keys(pilot, "m")
        form = form_of(app)
        form.query_one("#form-cig", Select).value = cig.id
        await send_keys(pilot, "enter")  # in the Select: opens it; Ctrl+S saves
        await send_keys(pilot, "escape", "ctrl+s")
        moved = app.store.get(Team, other.id)
        assert moved is not None and moved.cig_id == cig.id

        await put_cursor_on(pilot, screen, f"team:{team.id}")
        await send_keys(pilot, "enter")  # the team's people
        assert screen.view == "people" and app.team_id == team.id
        await send_keys(pilot, "a")
        form = form_of(app)
        form.query_one("#form-role", Select).value = "public advisor"
        await fill(pilot, form, name="Jo Bloggs")
        [jo] = programme.members(app.store, team.id)
        assert (jo.name, jo.role, jo.joined_workshop) == ("Jo Bloggs", "public advisor", 3)

        await send_keys(pilot, "l")
        form = form_of(app)
        assert form.query_one("#form-workshop", Select).value == "4"
        await send_keys(pilot, "ctrl+s")
        left = app.store.get(Member, jo.id)
        assert left is not None and left.left_workshop == 4


async def test_a_member_renamed_keeps_their_actions_and_the_rename_undoes_whole(
    open_app: OpenApp,
) -> None:
    app = open_app()
    team = programme.find_team(app.store, "Diabetes Foot Care")
    grace = next(m for m in programme.members(app.store, team.id) if m.name == "Grace Mensah")
    [owned] = [a for a in app.store.where(Action, team_id=team.id) if a.owner == grace.name]
    async with app.run_test(size=(80, 24)) as pilot:
        app.move_to_team(team.id)
        screen = await open_programme(app, pilot, "3")
        await put_cursor_on(pilot, screen, grace.id)
        await send_keys(pilot, "e")
        await fill(pilot, form_of(app), name="Grace Mensah-Owusu")
        renamed = app.store.get(Member, grace.id)
        assert renamed is not None and renamed.name == "Grace Mensah-Owusu"
        action = app.store.get(Action, owned.id)
        assert action is not None and action.owner == "Grace Mensah-Owusu"
        await send_keys(pilot, "ctrl+z")  # the person and the action they own, both back
        back = app.store.get(Member, grace.id)
        assert back is not None and back.name == "Grace Mensah"
        action = app.store.get(Action, owned.id)
        assert action is not None and action.owner == "Grace Mensah"


async def test_a_workshop_run_today_from_the_programme_screen_starts_its_clock(
    open_app: OpenApp,
) -> None:
    app = open_app(workshop=2)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_programme(app, pilot, "1")
        await put_cursor_on(pilot, screen, programme.workshop(app.store, 3).id)
        await send_keys(pilot, "r")
        [start] = app.store.where(ClockEvent, workshop=3)
        assert start.kind == "start" and app.workshop_number == 3
        assert day.ran_on(app.store, 3) == app.now().date()
        await put_cursor_on(pilot, screen, programme.workshop(app.store, 3).id)
        assert "running today" in str(screen.table().get_row_at(2)[3])
        await send_keys(pilot, "ctrl+z")
        assert app.store.where(ClockEvent, workshop=3) == []

        await put_cursor_on(pilot, screen, programme.workshop(app.store, 6).id)
        await send_keys(pilot, "c")
        assert programme.workshop(app.store, 6).status == "cancelled"
        await send_keys(pilot, "p")
        await fill(pilot, form_of(app), date="2027-03-16")
        postponed = programme.workshop(app.store, 6)
        assert (postponed.status, postponed.date) == ("postponed", "2027-03-16")

        await send_keys(pilot, "n")
        await fill(pilot, form_of(app), name="  ")
        assert form_of(app).problem == "The programme name is empty."
        await fill(pilot, form_of(app), name="Partners Priority Programme 2")
    assert {c.programme for c in app.store.all(Cohort)} == {"Partners Priority Programme 2"}



async def test_a_programme_is_set_up_from_an_empty_folder_on_the_programme_screen(
    data_dir: Path, fake_clock: FakeClock,
) -> None:
    app = make_app(data_dir, now=fake_clock)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await send_keys(pilot, "p")  # the first-run screen's "set up a programme"
            screen = app.screen
            assert isinstance(screen, ProgrammeScreen)

            def says() -> str:
                return str(screen.query_one("#programme-detail").render())

            assert says().startswith("No workshops yet: n names the programme")  # what next
            await send_keys(pilot, "n")
            await fill(pilot, form_of(app), name="Partners Priority Programme",
                       cohort="Cohort 2027")
            assert screen.table().row_count == 8
            await send_keys(pilot, "2")
            assert says().startswith("No tables yet: c adds a CIG")
            await send_keys(pilot, "c")
            await fill(pilot, form_of(app), name="Mental health", facilitator="Priya Shah")
            await send_keys(pilot, "a")
            await fill(pilot, form_of(app), name="Crisis Cafe")
    finally:
        app.store.close()
    with Store.open(data_dir, device="check") as store:
        [cohort] = store.all(Cohort)
        assert (cohort.programme, cohort.name) == ("Partners Priority Programme", "Cohort 2027")
        assert programme.find_team(store, "Crisis Cafe").cig_id == programme.find_cig(
            store, "Mental health").id


async def test_this_laptop_named_on_the_programme_screen_is_named_on_the_other_laptops(
    demo_dir: Path, fake_clock: FakeClock
) -> None:
    from cigkit.services import devices

    app = make_app(demo_dir, device="ec40bd763cb7483d", now=fake_clock, workshop=3)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_programme(app, pilot)
            await settle(pilot)
            title = str(screen.query_one("#programme-title").render())
            assert "This laptop has no name yet (other laptops see ec40bd763cb7483d)" in title
            await send_keys(pilot, "d")
            form = form_of(app)
            await fill(pilot, form, name="   ")
            await settle(pilot)
            assert app.screen is form and form.problem == "The device name is empty."
            await fill(pilot, form, name="Table 2")
            await settle(pilot)
            assert app.screen is screen
            assert "This laptop: Table 2" in str(screen.query_one("#programme-title").render())
            with Store.open(demo_dir, device="table-1") as other:
                assert devices.display_name(other, "ec40bd763cb7483d") == "Table 2"
            await send_keys(pilot, "ctrl+z")
            await settle(pilot)
            assert devices.this_device(app.store) == ("ec40bd763cb7483d", "")
    finally:
        app.store.close()


def test_a_column_is_cut_before_a_bracket_never_inside_it() -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    from cigkit.tui.screens.programme import cut

    assert cut("cancelled (was planned for Tue 20 Apr 2027)", 40).plain == "cancelled…"
    assert cut("held on Tue 29 Sep", 40).plain == "held on Tue 29 Sep"

    @given(st.text(alphabet="ab ()", max_size=60), st.integers(min_value=4, max_value=40))
    def never_mid_bracket(text: str, width: int) -> None:
        shown = cut(text, width).plain
        assert len(shown) <= width
        if shown != text:
            assert shown.endswith("…")
            depth = 0
            for char in shown[:-1]:
                depth = depth + 1 if char == "(" else max(depth - 1, 0) if char == ")" \
                    else depth
            assert depth == 0 or shown.startswith("("), shown

    never_mid_bracket()


def test_where_a_workshop_stands_is_said_shorter_before_it_is_cut() -> None:
    from cigkit.tui.screens.programme import standing

    assert standing("cancelled (was planned for Tue 20 Apr 2027)", 40).plain == (
        "cancelled (was Tue 20 Apr 2027)")
    assert standing("planned for Tue 15 Jun 2027, postponed from Tue 1 Jun 2027, in 6 months",
                    40).plain == "Tue 15 Jun 2027, postponed, in 6 months"
    assert standing("planned for Tue 22 Dec, in 3 weeks", 40).plain == (
        "planned for Tue 22 Dec, in 3 weeks")  # fits: said in full


async def test_a_wider_terminal_shows_more_of_each_column(open_app: OpenApp) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_programme(app, pilot, "2")
        await settle(pilot)
        team = programme.find_team(app.store, "Social Prescribing Link")

        def project_cell() -> str:
            table = screen.table()
            return str(table.get_row(f"team:{team.id}")[1])

        narrow = project_cell()
        assert narrow.endswith("…") and len(narrow) <= 19
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        wide = project_cell()
        assert len(wide) > len(narrow) and team.project.startswith(wide.rstrip("…"))
