"""A one-line question in a small modal: edit an entry, give a reason, set a new due date."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class AskText(ModalScreen[str | None]):
    """Enter answers (even with empty text), Esc cancels with None."""

    DEFAULT_CSS = """
    AskText { align: center middle; }
    AskText > Vertical {
        width: 74; height: auto; border: thick $accent; background: $surface; padding: 0 1;
    }
    AskText Label { width: 100%; }
    AskText .ask-hint { color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, value: str = "", hint: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question)
            yield Input(self.value, id="ask-input")
            yield Label(self.hint or "Enter to save, Esc to cancel", classes="ask-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _answer(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
