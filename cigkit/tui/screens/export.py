"""Export minutes from the app: this workshop or all, HTML too, written in a worker thread."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Label, RadioButton, RadioSet, Static
from textual.worker import Worker, WorkerState

from ... import locations
from ...errors import UserError
from ...services.export import export_minutes

if TYPE_CHECKING:
    from ..app import CigkitApp


class ExportScreen(ModalScreen[None]):
    """Write every team's minutes, the CIG summaries and the overview to the exports folder."""

    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen > Vertical {
        width: 64; height: auto; padding: 1 2;
        border: thick $accent; background: $surface;
    }
    ExportScreen #export-title { text-style: bold; margin-bottom: 1; }
    ExportScreen RadioSet { width: 100%; margin-bottom: 1; }
    ExportScreen #export-where { color: $text-muted; margin: 1 0; }
    ExportScreen #export-result { margin-bottom: 1; }
    ExportScreen Horizontal { height: auto; align-horizontal: right; }
    ExportScreen Button { margin-left: 1; }
    """
    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, out_dir: Path | None = None) -> None:
        super().__init__()
        self.out_dir = out_dir or locations.default_exports_dir()

    @property
    def cigkit(self) -> CigkitApp:
        from ..app import CigkitApp

        assert isinstance(self.app, CigkitApp)
        return self.app

    def compose(self) -> ComposeResult:
        number = self.cigkit.workshop_number
        with Vertical():
            yield Label("Export minutes", id="export-title")
            with RadioSet(id="export-which"):
                yield RadioButton(
                    f"This workshop ({number})" if number else "The last workshop with notes",
                    value=True, id="export-this",
                )
                yield RadioButton("All workshops held so far", id="export-all")
            yield Checkbox("HTML pages too", value=True, id="export-html")
            yield Static(f"Files go to {self.out_dir}", id="export-where")
            yield Static("", id="export-result")
            with Horizontal():
                yield Button("Export", variant="primary", id="export-go")
                yield Button("Close", id="export-close")

    def on_mount(self) -> None:
        self.query_one("#export-go", Button).focus()

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#export-close")
    def _close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#export-go")
    def _start(self) -> None:
        everything = self.query_one("#export-all", RadioButton).value
        html = self.query_one("#export-html", Checkbox).value
        self.query_one("#export-go", Button).disabled = True
        self.query_one("#export-result", Static).update("Exporting...")
        self.run_export(None if everything else self.cigkit.workshop_number, everything, html)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def run_export(self, workshop: int | None, everything: bool, html: bool) -> list[Path]:
        return export_minutes(self.cigkit.store, self.out_dir, workshop=workshop,
                              all=everything, html=html)

    @on(Worker.StateChanged)
    def _finished(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "export":
            return
        event.stop()
        result = self.query_one("#export-result", Static)
        if event.state == WorkerState.SUCCESS:
            written = event.worker.result or []
            message = f"Wrote {len(written)} files to {self.out_dir}"
            result.update(message + ".")
            self.notify(message, title="Minutes exported")
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            message = str(error) if isinstance(error, UserError) else (
                f"Could not export: {type(error).__name__}: {error}")
            result.update(message)
            self.notify(message, severity="error", timeout=10)
        else:
            return
        self.query_one("#export-go", Button).disabled = False
