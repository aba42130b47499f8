"""The CIG and programme overview: which teams are stuck, at a glance, with or without colour.

One row per team with a status symbol per checklist item (grouped by stage), how many items
are settled, how many flags it has and its value passport trend; Enter opens that team.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ...checklist import STATUSES, status_symbol
from ...errors import UserError
from ...services import team_checklist as tc
from ..widgets.choices import MARK, MarkedOptionList
from .base import CigkitScreen
from .checklist import STATUS_STYLES, short

NAME_WIDTH = 24


def matrix_header(matrix: tc.Matrix) -> Text:
    """Stage numbers above their item columns, aligned with matrix_row."""
    line = Text(" " * (NAME_WIDTH + 1 + len(MARK)), "bold")  # rows start with ▸ or spaces
    for number, stage in enumerate(matrix.checklist.stages, start=1):
        width = len(matrix.checklist.items_by_stage()[stage.id])
        line.append(f"{number:<{width}} ", "bold")
    line.append(" done  flags  passport", "bold")
    return line


def matrix_row(matrix: tc.Matrix, row: tc.MatrixRow) -> Text:
    """One team: name, a symbol per item grouped by stage, settled count, flags, trend."""
    name = row.team.name if len(row.team.name) <= NAME_WIDTH else row.team.name[:23] + "…"
    line = Text(f"{name:<{NAME_WIDTH}} ")
    statuses = iter(row.statuses)
    for stage in matrix.checklist.stages:
        for _ in matrix.checklist.items_by_stage()[stage.id]:
            status = next(statuses)
            line.append(status_symbol(status), STATUS_STYLES.get(status, ""))
        line.append(" ")
    total = len(matrix.checklist.items)
    line.append(f"{row.done:>2}/{total:<2} ")
    flags = len(row.flags)
    line.append(f"{'!' + str(flags) if flags else '-':^6}", "bold red" if flags else "dim")
    line.append(f" {row.trend}", "cyan")
    return line


class OverviewScreen(CigkitScreen):
    """Teams by checklist items for one CIG or the whole programme."""

    NAV = "overview"
    TITLE = "Overview"
    BINDINGS = [
        Binding("escape,o", "app.pop_screen", "Back", tooltip="Back to the screen before"),
        Binding("c", "toggle_scope", "CIG / all",
                tooltip="Switch between this CIG and the whole programme"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.whole_programme = False

    def compose(self) -> ComposeResult:
        yield self.nav_bar()
        yield Static(id="overview-title")
        yield Static(id="overview-header")
        yield MarkedOptionList(id="overview-matrix")
        with VerticalScroll(id="overview-details"):
            yield Static(id="overview-stages")
            yield Static(id="overview-flags")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.show_records()
        self.query_one("#overview-matrix").focus()

    def _cig_id(self) -> str | None:
        return None if self.whole_programme else self.cigkit.cig_id

    def reload(self) -> None:
        app = self.cigkit
        number = app.workshop_number or 1
        cig_id = self._cig_id()
        try:
            matrix = tc.matrix(app.store, number, cig_id)
        except UserError as exc:
            self.query_one("#overview-title", Static).update(Text(str(exc)))
            return
        cig = matrix.rows[0].cig if cig_id and matrix.rows else None
        scope = f"CIG {cig.name}" if cig else "whole programme"
        legend = "   ".join(f"{status_symbol(s)} {s}" for s in STATUSES)
        self.query_one("#overview-title", Static).update(Text.assemble(
            (f"Equity checklist at workshop {number}: {scope}", "bold"), f"\n{legend}"))
        self.query_one("#overview-header", Static).update(matrix_header(matrix))
        listing = self.query_one("#overview-matrix", OptionList)
        listing.set_options(
            [Option(matrix_row(matrix, row), id=row.team.id) for row in matrix.rows])
        ids = [row.team.id for row in matrix.rows]
        if ids:
            listing.highlighted = ids.index(app.team_id) if app.team_id in ids else 0
        self._show_stages(matrix)
        self._show_flags(matrix)

    def _show_stages(self, matrix: tc.Matrix) -> None:
        text = Text("Stages (items across these teams)\n", "bold")
        for number, stage in enumerate(matrix.checklist.stages, start=1):
            counts = matrix.counts.get(stage.id, {})
            text.append(f"{number} {stage.title:<34}")
            for status in STATUSES:
                text.append(f" {status_symbol(status)}", STATUS_STYLES[status])
                text.append(f"{counts.get(status, 0):>3}")
            text.append("\n")
        self.query_one("#overview-stages", Static).update(text)

    def _show_flags(self, matrix: tc.Matrix) -> None:
        text = Text("Flags\n", "bold")
        for row in matrix.rows:
            overdue = [f for f in row.flags if f.code == "overdue"]
            for flag in row.flags:
                if flag.code != "overdue":
                    text.append(f"! {row.team.name}: {flag.message}\n", "red")
            if overdue:
                checklist = matrix.checklist
                questions = "; ".join(
                    short(checklist.item(f.item_id).prompt, 40)
                    for f in overdue if f.item_id and f.item_id in checklist.ids)
                text.append(f"! {row.team.name}: {len(overdue)} overdue: {questions}\n",
                            "red")
        if not any(row.flags for row in matrix.rows):
            text.append("none\n", "dim")
        self.query_one("#overview-flags", Static).update(text)

    def action_toggle_scope(self) -> None:
        self.whole_programme = not self.whole_programme
        self.show_records()

    @on(OptionList.OptionSelected, "#overview-matrix")
    def _open_team(self, event: OptionList.OptionSelected) -> None:
        self.cigkit.move_to_team(event.option_id)
        self.app.pop_screen()
