"""Export minutes from the app: this workshop or all, HTML too, written in a worker thread."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, RadioSet, Static

from ... import locations
from ...services.export import export_minutes
from ..saving import Saved, SaveFailed
from ..widgets.choices import WordButton, WordCheckbox, WordRadioButton

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
    BINDINGS = [Binding("escape", "close", "Close", tooltip="Close the export dialog")]

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
                yield WordRadioButton(
                    f"This workshop ({number})" if number else "The last workshop with notes",
                    value=True, id="export-this",
                )
                yield WordRadioButton("All workshops held so far", id="export-all")
            yield WordCheckbox("HTML pages too", value=True, id="export-html")
            yield Static(Text(f"Files go to {self.out_dir}"), id="export-where")
            yield Static("", id="export-result")
            with Horizontal():
                yield WordButton("Export", variant="primary", id="export-go")
                yield WordButton("Close", id="export-close")

    def on_mount(self) -> None:
        self.query_one("#export-go", Button).focus()

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#export-close")
    def _close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#export-go")
    def _start(self) -> None:
        everything = self.query_one("#export-all", WordRadioButton).value
        html = self.query_one("#export-html", WordCheckbox).value
        self.query_one("#export-go", Button).disabled = True
        self.query_one("#export-result", Static).update("Exporting...")
        store, out, workshop = self.cigkit.store, self.out_dir, self.cigkit.workshop_number
        self.cigkit.save(lambda: export_minutes(store, out, workshop=None if everything else
                                                workshop, all=everything, html=html),
                         requester=self)

    @on(Saved)
    def _written(self, message: Saved) -> None:
        written = message.value or []
        said = f"Wrote {len(written)} files to {self.out_dir}"
        self.query_one("#export-result", Static).update(Text(f"✓ {said}."))
        self.notify(said, title="Minutes exported")
        self.query_one("#export-go", Button).disabled = False

    @on(SaveFailed)
    def _not_written(self, message: SaveFailed) -> None:
        self.query_one("#export-result", Static).update(Text(f"✗ {message.error}"))
        self.notify(message.error, severity="error", timeout=10)
        self.query_one("#export-go", Button).disabled = False
