"""The Programme screen: set up and change the programme with forms instead of commands.

Three views, one per job: the workshops (date, title, plan, venue; cancel, postpone, run
today), the tables and teams (add, rename, facilitator and theme, move a team to another
table), and the people of the app's current team (add with a role, rename, mark as left).
Every form calls the same set-up service as the command line, so bad input is answered with
the same sentence, inside the form; every change is saved in the app's worker, can be undone
with Ctrl+Z, and reaches other laptops like any other change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane

from ...model import Cig, Member, Record, Team, Workshop
from ...services import devices, programme, setup, undo
from ..saving import Done
from ..widgets.choices import MARK
from ..widgets.form import Form
from ..widgets.record_table import Cell, RecordTable
from . import programme_forms as forms
from . import programme_views as views
from . import roster_forms
from .base import CigkitScreen
from .programme_views import cut, standing  # named here too: tests check them alone

VIEWS = ("workshops", "teams", "people")
VIEW_TITLES = {"workshops": "1 Workshops", "teams": "2 Tables and teams", "people": "3 People"}


class WorkshopTable(RecordTable):
    """The programme's eight workshops and where each stands today."""

    KEYS_TITLE = "the workshops (view 1)"
    BINDINGS = [
        Binding("e", "screen.edit_workshop", "Edit",
                tooltip="Edit the workshop: date, title, plan, venue"),
        Binding("p", "screen.postpone_workshop", "Postpone",
                tooltip="Postpone the workshop to a later date"),
        Binding("c", "screen.cancel_workshop", "Cancel it", tooltip="Cancel the workshop"),
        Binding("r", "screen.run_workshop", "Run today",
                tooltip="Run the workshop today: start its clock now"),
    ]


class TeamTable(RecordTable):
    """The tables (CIGs) in the room, each followed by its teams."""

    KEYS_TITLE = "the tables and teams (view 2)"
    BINDINGS = [
        Binding("a", "screen.add_team", "Add team", tooltip="Add a team at a table"),
        Binding("c", "screen.add_cig", "Add CIG", tooltip="Add a CIG (a table in the room)"),
        Binding("e", "screen.edit_row", "Edit", tooltip="Rename or change the table or team"),
        Binding("m", "screen.move_team", "Move to CIG",
                tooltip="Move the team to another table"),
    ]


class MemberTable(RecordTable):
    """The people of one team, those who left included."""

    KEYS_TITLE = "the people (view 3)"
    BINDINGS = [
        Binding("a", "screen.add_member", "Add member", tooltip="Add someone to the team"),
        Binding("e", "screen.edit_member", "Edit",
                tooltip="Rename someone or change their role or email"),
        Binding("l", "screen.member_left", "Left", tooltip="Mark someone as left the team"),
        Binding("ctrl+n", "screen.next_team", "Next team", tooltip="Next team at this table"),
        Binding("ctrl+t", "screen.next_table", "Next table", show=False,
                tooltip="First team at the next table"),
    ]


class ProgrammeScreen(CigkitScreen):
    """Workshops, tables and teams, and people: everything the set-up commands change."""

    TITLE = "Programme"

    NAV = "programme"
    BINDINGS = [
        Binding("n", "name_programme", "Name", show=False,
                tooltip="Name the programme and its cohort"),
        Binding("y", "attendance_year", "Year", tooltip="Attendance over the year"),
        Binding("d", "name_laptop", "Laptop", show=False,
                tooltip="Name this laptop (shown instead of its id on every laptop)"),
        Binding("1", "view('workshops')", "Workshops", show=False,
                tooltip="Show the workshops"),
        Binding("2", "view('teams')", "Tables and teams", show=False,
                tooltip="Show the tables and teams"),
        Binding("3", "view('people')", "People", show=False,
                tooltip="Show the people of the team"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.overview: setup.Overview | None = None
        self.workshops: dict[str, Workshop] = {}
        self.rows: dict[str, Cig | Team] = {}
        self.people: dict[str, Member] = {}
        self.titles: dict[str, str] = {}
        self._go_to: dict[str, str] = {}  # view -> row key to put the cursor on next redraw
        self._first_listing = True
        self._listed_width: int | None = None

    def compose(self) -> ComposeResult:
        yield self.nav_bar()
        yield Static(id="programme-title")
        with TabbedContent(id="programme-views"):
            with TabPane(VIEW_TITLES["workshops"], id="workshops"):
                yield WorkshopTable(id="programme-workshops")
            with TabPane(VIEW_TITLES["teams"], id="teams"):
                yield TeamTable(id="programme-teams")
            with TabPane(VIEW_TITLES["people"], id="people"):
                yield Static(id="programme-people-title")
                yield MemberTable(id="programme-people")
        yield Static(id="programme-detail")
        yield Footer(compact=True)

    # -- views -----------------------------------------------------------------------------

    @property
    def view(self) -> str:
        return self.query_one("#programme-views", TabbedContent).active or VIEWS[0]

    def table(self, view: str | None = None) -> RecordTable:
        return self.query_one(f"#programme-{view or self.view}", RecordTable)

    def on_mount(self) -> None:
        self._mark_view()
        self.show_records()

    def _mark_view(self) -> None:
        """▸ before the view on show: the tabs differ by more than their colour."""
        tabs = self.query_one("#programme-views", TabbedContent)
        for view, title in VIEW_TITLES.items():
            tabs.get_tab(view).label = Text((MARK if view == self.view else "") + title)

    def on_screen_resume(self) -> None:
        self.table().focus()

    def action_view(self, view: str) -> None:
        self.query_one("#programme-views", TabbedContent).active = view
        self.table(view).focus()
        self._show_detail()

    @on(TabbedContent.TabActivated, "#programme-views")
    def _view_changed(self) -> None:
        self._mark_view()
        self.call_after_refresh(self.table().focus)
        self._show_detail()

    # -- listing ---------------------------------------------------------------------------

    def reload(self) -> None:
        today = self.cigkit.now().date()
        self.overview = setup.overview(self.store, today)
        name = self.overview.programme or "The programme has no name yet"
        cohort = f" · {self.overview.cohort}" if self.overview.cohort else ""
        device, laptop = devices.this_device(self.store)
        laptop = (f"This laptop: {laptop} · d renames it" if laptop else
                  f"This laptop has no name yet (other laptops see {device}) · d names it")
        self.query_one("#programme-title", Static).update(Text.assemble(
            (name + cohort, "bold"), ("   n names it · 1 2 3 switch views", "dim"),
            (f"\n{laptop}", "dim")))
        self._listed_width = self.size.width
        self._list_workshops()
        self._list_teams()
        self._list_people()
        self._first_listing = False
        self._show_detail()

    def on_resize(self) -> None:
        if self._listed_width not in (None, self.size.width):
            self.show_records()

    def _refill(self, view: str, rows: Iterable[tuple[str, list[Cell]]],
                columns: list[str]) -> None:
        table = self.table(view)
        table.refill(rows, columns=columns)
        wanted = self._go_to.pop(view, None)
        keys = [str(k.value) for k in table.rows]
        if wanted in keys:
            table.move_cursor(row=keys.index(wanted))

    def _list_workshops(self) -> None:
        assert self.overview is not None
        self.workshops = {w.id: w for w, _ in self.overview.workshops}
        self.titles = forms.plan_titles(self)
        rows = views.workshop_rows(self.overview.workshops, self.titles, self.size.width)
        self._refill("workshops", rows, views.WORKSHOP_COLUMNS)

    def _list_teams(self) -> None:
        sizes = {s.team.id: s.members for s in self.overview.teams} if self.overview else {}
        rows, self.rows = views.team_rows(self.cigkit.roster(), sizes, self.size.width)
        if self._first_listing and self.cigkit.team_id:
            self.go_to("teams", f"team:{self.cigkit.team_id}")
        self._refill("teams", rows, views.TEAM_COLUMNS)

    def _list_people(self) -> None:
        here = self.here()
        title = self.query_one("#programme-people-title", Static)
        if here.team is None:
            title.update("No team yet: add a table and a team in view 2.")
            self.people = {}
            self._refill("people", [], views.PEOPLE_COLUMNS)
            return
        table = f" at {here.cig.name}" if here.cig else ""
        title.update(Text.assemble((f"{here.team.name}{table}", "bold"),
                                   (f" ({here.team_place}) · Ctrl+N next team", "dim")))
        members = programme.members(self.store, here.team.id)
        self.people = {m.id: m for m in members}
        self._refill("people", views.people_rows(members, self.size.width), views.PEOPLE_COLUMNS)

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        """The highlighted row in full, and what the keys do with it."""
        if not self.is_mounted:
            return
        detail = self.query_one("#programme-detail", Static)
        view = self.view
        if view == "workshops" and (workshop := self.selected_workshop(quiet=True)):
            words = dict((w.id, s) for w, s in self.overview.workshops) if self.overview else {}
            detail.update(views.workshop_detail(workshop, words.get(workshop.id, ""),
                                                self.titles))
        elif view == "teams" and (row := self.selected_row(quiet=True)) is not None:
            detail.update(views.row_detail(row))
        elif view == "people" and (member := self.selected_member(quiet=True)):
            detail.update(views.member_detail(member))
        else:
            detail.update(Text(views.EMPTY_VIEWS[view]) if not self.table(view).row_count
                          else "")

    # -- what the keys act on --------------------------------------------------------------

    def _pick(self, view: str, found: dict[str, Any], quiet: bool, what: str) -> Any:
        key = self.table(view).current_key() if view == self.view else None
        if key is None or key not in found:
            if not quiet:
                self.notify(f"Pick {what} first (arrow keys).", severity="warning")
            return None
        return found[key]

    def selected_workshop(self, quiet: bool = False) -> Workshop | None:
        found: Workshop | None = self._pick("workshops", self.workshops, quiet, "a workshop")
        return found

    def selected_row(self, quiet: bool = False) -> Cig | Team | None:
        found: Cig | Team | None = self._pick("teams", self.rows, quiet, "a table or a team")
        return found

    def selected_member(self, quiet: bool = False) -> Member | None:
        found: Member | None = self._pick("people", self.people, quiet, "a person")
        return found

    def selected_cig_id(self) -> str | None:
        row = self.selected_row(quiet=True)
        if isinstance(row, Cig):
            return row.id
        if isinstance(row, Team):
            return self.cigkit.roster().table_of(row)
        return self.cigkit.cig_id

    @on(DataTable.RowSelected, "#programme-teams")
    def _team_chosen(self) -> None:
        row = self.selected_row(quiet=True)
        if isinstance(row, Team):
            self.cigkit.move_to_team(row.id)
            self.action_view("people")

    # -- saving a set-up change ------------------------------------------------------------

    def setup_change(self, form: Form | None, what: str,
                     read: Callable[[], Iterable[Record | None]], do: Callable[[], Any],
                     then: Callable[[Any], object] | None = None) -> str:
        """Save a set-up change in the app's worker, all or nothing, undoable as `what`.

        `read` gives, in the worker, every record the change may alter (read again after it,
        so a rename's followers are undone with it); records `do` returns that were not
        among them were made by it. A refusal is shown in `form` with what was typed kept.
        """
        store = self.store

        def job() -> Done:
            before = {(type(r), r.id): r.to_dict() for r in read() if r is not None}
            with store.transaction():
                result = do()
            made = result if isinstance(result, (list, tuple)) else [result]
            after = [store.get(kind, rid) for kind, rid in before]
            after += [r for r in made if isinstance(r, Record) and (type(r), r.id) not in before]
            return Done(result, undo.changed(what, before, [r for r in after if r is not None]))

        def saved(value: Any) -> None:
            if form is not None:
                form.done(value)
            self.notify(what[0].upper() + what[1:] + ". Ctrl+Z undoes it.", timeout=4)
            if then is not None:
                then(value)
            self.show_records()

        return self.save(job, then=saved, failed=form.refused if form is not None else None)

    def go_to(self, view: str, key: str) -> None:
        """Put the cursor on `key` in `view` when the screen is next redrawn."""
        self._go_to[view] = key

    # -- keys --------------------------------------------------------------------------------

    def action_name_programme(self) -> None:
        forms.name_programme(self)

    def action_name_laptop(self) -> None:
        forms.name_laptop(self)

    def action_edit_workshop(self) -> None:
        if (workshop := self.selected_workshop()) is not None:
            forms.edit_workshop(self, workshop)

    def action_postpone_workshop(self) -> None:
        if (workshop := self.selected_workshop()) is not None:
            forms.postpone_workshop(self, workshop)

    def action_cancel_workshop(self) -> None:
        if (workshop := self.selected_workshop()) is not None:
            forms.cancel_workshop(self, workshop)

    def action_run_workshop(self) -> None:
        if (workshop := self.selected_workshop()) is not None:
            forms.run_workshop(self, workshop)

    def ran_today(self, number: int) -> None:
        """A workshop started from here becomes the workshop on screen everywhere."""
        self.cigkit.move_to(replace(self.cigkit.place, workshop=number))

    def action_add_cig(self) -> None:
        roster_forms.add_cig(self)

    def action_add_team(self) -> None:
        roster_forms.add_team(self, self.selected_cig_id())

    def action_edit_row(self) -> None:
        row = self.selected_row()
        if isinstance(row, Cig):
            roster_forms.edit_cig(self, row)
        elif isinstance(row, Team):
            roster_forms.edit_team(self, row)

    def action_move_team(self) -> None:
        row = self.selected_row()
        if isinstance(row, Cig):
            self.notify("Pick a team to move (a table stays where it is).", severity="warning")
        elif isinstance(row, Team):
            roster_forms.move_team(self, row)

    def action_add_member(self) -> None:
        team = self.here().team
        if team is None:
            self.notify("Add a team first (view 2).", severity="warning")
            return
        roster_forms.add_member(self, team)

    def action_edit_member(self) -> None:
        team, member = self.here().team, self.selected_member()
        if team is not None and member is not None:
            roster_forms.edit_member(self, team, member)

    def action_member_left(self) -> None:
        team, member = self.here().team, self.selected_member()
        if team is not None and member is not None:
            roster_forms.member_left(self, team, member)

    def action_next_team(self) -> None:
        self.cigkit.move_team(1)

    def action_next_table(self) -> None:
        self.cigkit.move_table(1)

    def action_attendance_year(self) -> None:
        self.cigkit.action_open("attendance_year")


__all__ = ["ProgrammeScreen", "cut", "standing"]
