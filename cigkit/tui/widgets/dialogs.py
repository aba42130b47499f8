"""Small modal questions shared by every screen: one line of text, or one choice from a list.

Enter answers and Esc cancels with None everywhere, so the note-taker learns the keys once.
The text opens with the cursor at its end (the first key adds to it, never replaces it). An
answer the screen cannot use is explained in the dialog itself, which stays open with the
text as typed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from ...errors import UserError
from .choices import MarkedOptionList
from .ordered_input import OrderedInput

AnswerT = TypeVar("AnswerT")

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > .dialog {{
    width: 74; max-width: 100%; height: auto; max-height: 90%;
    border: thick $accent; background: $surface; padding: 0 1;
}}
{name} .dialog Label {{ width: 100%; }}
{name} .dialog .dialog-title {{ text-style: bold; }}
{name} .dialog .hint {{ color: $text-muted; }}
{name} .dialog .hint.-problem {{ color: $warning; text-style: bold; }}
"""


class Ask(ModalScreen[AnswerT | None]):
    """One question, one line of text; `read` turns the text into the answer or raises a
    UserError whose sentence is shown in the dialog."""

    DEFAULT_CSS = DIALOG_CSS.format(name="Ask")
    BINDINGS = [Binding("escape", "cancel", "Cancel", tooltip="Cancel (nothing changes)")]

    def __init__(self, question: str, read: Callable[[str], AnswerT], value: str = "", *,
                 hint: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.question = question
        self.read = read
        self.value = value
        self.hint = hint or "Enter to save, Esc to cancel"
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.question), classes="dialog-title")
            yield OrderedInput(self.value, placeholder=self.placeholder, id="ask-input",
                        select_on_focus=False)
            yield Label(Text(self.hint), classes="hint", id="ask-hint")

    def on_mount(self) -> None:
        box = self.query_one("#ask-input", Input)
        box.focus()
        box.cursor_position = len(box.value)

    @on(Input.Submitted, "#ask-input")
    def _answer(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            answer = self.read(event.value)
        except UserError as problem:
            hint = self.query_one("#ask-hint", Label)
            hint.update(Text(f"⚠ {problem}"))
            hint.add_class("-problem")
            self.app.bell()
            return
        self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _as_typed(text: str) -> str:
    return text


class AskText(Ask[str]):
    """Any text, even empty: edit an entry, a new due date that may stay as it was."""

    def __init__(self, question: str, value: str = "", hint: str = "",
                 placeholder: str = "") -> None:
        super().__init__(question, _as_typed, value, hint=hint, placeholder=placeholder)


class AnswerMissing(UserError):
    """The dialog needs some text before Enter can save it."""


class EntryTextMissing(AnswerMissing):
    """An entry edited down to nothing."""


class ReasonPrompt(Ask[str]):
    """A reason is required (an item that does not apply, an action dropped)."""

    def __init__(self, question: str, value: str = "", *, missing: str,
                 hint: str = "Enter saves, Esc cancels") -> None:
        def reason(text: str) -> str:
            if not text.strip():
                raise AnswerMissing(missing)
            return text.strip()

        super().__init__(question, reason, value, hint=hint,
                         placeholder="a short reason, then Enter")


class PickOne(ModalScreen[str | None]):
    """Choose one of a list (a workshop, a team); Enter picks, Esc cancels."""

    DEFAULT_CSS = DIALOG_CSS.format(name="PickOne") + """
    PickOne .dialog MarkedOptionList { height: auto; max-height: 18; margin-top: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", tooltip="Cancel (nothing changes)")]

    def __init__(self, question: str, choices: Sequence[tuple[str, str | Text]],
                 current: str | None = None) -> None:
        """`choices` are (id, label) pairs, labels shown as written (never as markup);
        `current` is highlighted when it is one of them."""
        super().__init__()
        self.question = question
        self.choices = list(choices)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.question), classes="dialog-title")
            yield MarkedOptionList(*[Option(Text(label) if isinstance(label, str) else label,
                                           id=key) for key, label in self.choices],
                                   id="pick-list")

    def on_mount(self) -> None:
        listing = self.query_one("#pick-list", OptionList)
        ids = [key for key, _ in self.choices]
        if ids:
            listing.highlighted = ids.index(self.current) if self.current in ids else 0
        listing.focus()

    @on(OptionList.OptionSelected, "#pick-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose(event.option.id)

    def choose(self, key: str | None) -> None:
        """Answer with the choice (a subclass may ask something first)."""
        self.dismiss(key)

    def action_cancel(self) -> None:
        self.dismiss(None)


__all__ = ["Ask", "AskText", "EntryTextMissing", "PickOne", "ReasonPrompt"]
