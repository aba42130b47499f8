"""A small form in a dialog: a few labelled fields, saved through the app, refused in place.

Set-up changes (a workshop's date, a team's name, a new member) are forms of two to four
fields. The form hands what was typed to the screen, which saves it in the app's worker; a
service that refuses the input answers with one sentence, shown inside the form, and the form
stays open with everything as typed. Enter (or Ctrl+S) saves, Tab moves on, Esc cancels.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select

from .choices import MARK, NO_MARK
from .dialogs import DIALOG_CSS
from .ordered_input import OrderedInput


@dataclass(frozen=True)
class Field:
    """One field: a line of text, or one of `choices` ((label, value) pairs) when given."""

    name: str
    label: str
    value: str = ""
    placeholder: str = ""
    choices: Sequence[tuple[str, str]] | None = None


Submit = Callable[["Form", dict[str, str]], object]


class Form(ModalScreen[Any]):
    """Fields to fill in; `submit(form, values)` saves them and answers with `form.done(...)`
    or `form.refused(sentence)`."""

    TITLE = "Form"
    HELP = ("Fill in the fields and save; a value that cannot be used is named at the foot "
            "of the form, nothing is saved, and what you typed stays for you to correct.")

    DEFAULT_CSS = DIALOG_CSS.format(name="Form") + """
    Form .dialog .form-row { height: 1; margin-top: 1; }
    Form .dialog .form-row Label { width: 18; }
    Form .dialog .form-row Input { width: 1fr; }
    Form .dialog .form-row Select { width: 1fr; }
    Form .dialog #form-problem { margin-top: 1; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Cancel (nothing changes)"),
        Binding("ctrl+s", "submit", "Save", tooltip="Save the form"),
    ]

    def __init__(self, title: str, fields: Sequence[Field], submit: Submit, *,
                 hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.fields = list(fields)
        self.submit = submit
        lists = any(spec.choices is not None for spec in self.fields)
        keys = ("Ctrl+S saves · Enter opens a list · Tab next · Esc cancels" if lists
                else "Enter saves · Tab next field · Esc cancels")
        self.hint = f"{hint} {keys}" if hint else keys
        self.saving = False
        self.problem = ""
        """The sentence shown when the last save was refused ("" before any)."""
        self._closing_with: tuple[object] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            for spec in self.fields:
                with Horizontal(classes="form-row"):
                    yield Label(Text(NO_MARK + spec.label), id=f"form-label-{spec.name}")
                    if spec.choices is not None:
                        yield Select([(Text(label), value) for label, value in spec.choices],
                                     value=spec.value if any(
                                         v == spec.value for _, v in spec.choices)
                                     else Select.NULL,
                                     allow_blank=False, compact=True,
                                     id=f"form-{spec.name}")
                    else:
                        yield OrderedInput(spec.value, placeholder=spec.placeholder,
                                           compact=True, select_on_focus=False,
                                           id=f"form-{spec.name}")
            yield Label(Text(self.hint), classes="hint", id="form-problem")

    def on_mount(self) -> None:
        if self.fields:
            first = self.query_one(f"#form-{self.fields[0].name}")
            first.focus()
            if isinstance(first, Input):
                first.cursor_position = len(first.value)

    @on(events.DescendantFocus)
    def _mark_field(self) -> None:
        """▸ before the label of the field with the focus (a list field has no cursor, and
        under NO_COLOR its shade is all that told it apart)."""
        for spec in self.fields:
            field = self.query_one(f"#form-{spec.name}")
            here = self.focused is not None and (
                self.focused is field or field in self.focused.ancestors)
            self.query_one(f"#form-label-{spec.name}", Label).update(
                Text((MARK if here else NO_MARK) + spec.label))

    def values(self) -> dict[str, str]:
        """What each field holds now, as typed (choices as their value)."""
        out: dict[str, str] = {}
        for spec in self.fields:
            widget = self.query_one(f"#form-{spec.name}")
            if isinstance(widget, Select):
                out[spec.name] = "" if widget.is_blank() else str(widget.value)
            elif isinstance(widget, Input):
                out[spec.name] = widget.value
        return out

    def field_value(self, name: str) -> str:
        return self.values()[name]

    @on(Input.Submitted)
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        if self.saving:
            return  # one save at a time; its answer comes back to this form
        self.saving = True
        self._say("Saving…", problem=False)
        self.submit(self, self.values())

    def refused(self, sentence: str) -> None:
        """The save was refused: say why, here, and keep everything as typed."""
        self.saving = False
        self.problem = sentence
        if not self.is_attached:  # closed meanwhile: say it where the facilitator is
            self.app.notify(sentence, severity="error", timeout=10)
            return
        self._say(sentence, problem=True)
        self.app.bell()

    def done(self, value: object = None) -> None:
        """Saved: close, now if the form is on show, else when it is shown again (another
        screen opened over it meanwhile must not be the one closed)."""
        self.saving = False
        if self.is_current:
            self.dismiss(value)
        elif self.is_attached:
            self._closing_with = (value,)

    def on_screen_resume(self) -> None:
        if self._closing_with is not None:
            value, self._closing_with = self._closing_with[0], None
            self.dismiss(value)

    def _say(self, words: str, *, problem: bool) -> None:
        label = self.query_one("#form-problem", Label)
        label.update(Text(f"⚠ {words}" if problem else words))  # a problem in words too
        label.set_class(problem, "-problem")

    def action_cancel(self) -> None:
        self.dismiss(None)


__all__ = ["Field", "Form"]
