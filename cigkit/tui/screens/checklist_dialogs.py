"""The checklist screen's own dialogs: today's value passport and the team to show.

The reason an item does not apply is the shared `ReasonPrompt` in `widgets.dialogs`.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from ...errors import UserError
from ..widgets.dialogs import DIALOG_CSS, PickOne
from ..widgets.ordered_input import OrderedInput

PassportResult = tuple[dict[str, int | str], str]


class PassportForm(ModalScreen[PassportResult | None]):
    """Today's value passport: each coproduction domain 1-5 and a one-line note."""

    DEFAULT_CSS = DIALOG_CSS.format(name="PassportForm") + """
    PassportForm .rating { height: 1; }
    PassportForm .dialog .domain { width: 1fr; padding: 0 1 0 0; }
    PassportForm .score { width: 5; height: 1; border: none; padding: 0 1; background: $boost; }
    PassportForm #passport-note { height: 1; border: none; background: $boost; margin-top: 1; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", tooltip="Cancel the passport"),
                Binding("ctrl+s", "save", "Save", priority=True, tooltip="Save the passport")]

    def __init__(self, team: str, workshop: int, domains: list[tuple[str, str, str]],
                 note: str, check: Callable[[dict[str, int | str]], object] | None = None,
                 ) -> None:
        """`domains` are (id, label, today's score or "") in the order to ask them; `check`
        raises a UserError for scores that cannot be saved, shown in the form."""
        super().__init__()
        self.team = team
        self.workshop = workshop
        self.domains = domains
        self.note = note
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog passport"):
            yield Label(Text(f"Value passport: {self.team}, workshop {self.workshop} (1-5)"),
                        classes="dialog-title")
            for domain_id, label, score in self.domains:
                with Horizontal(classes="rating"):
                    yield Label(Text(label), classes="domain")
                    yield OrderedInput(score, placeholder="-", type="integer", max_length=1,
                                id=f"score-{domain_id}", classes="score")
            yield OrderedInput(self.note, placeholder="one-line note", id="passport-note")
            yield Label("Tab moves, Enter on the note or Ctrl+S saves, Esc cancels",
                        classes="hint", id="passport-hint")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "passport-note":
            self.action_save()
        else:
            self.focus_next()

    def action_save(self) -> None:
        scores: dict[str, int | str] = {}
        for domain_id, _, _ in self.domains:
            value = self.query_one(f"#score-{domain_id}", Input).value.strip()
            if value:
                scores[domain_id] = value
        note = self.query_one("#passport-note", Input).value
        if scores and self.check is not None:
            try:
                self.check(scores)
            except UserError as problem:
                hint = self.query_one("#passport-hint", Label)
                hint.update(Text(f"⚠ {problem}"))
                hint.add_class("-problem")
                self.app.bell()
                return
        self.dismiss((scores, note) if scores else None)


class TeamPicker(PickOne):
    """Choose the team whose checklist to show; each team is labelled with its CIG."""

    def __init__(self, teams: list[tuple[str, str]], current: str | None) -> None:
        super().__init__("Which team's checklist?", teams, current)


__all__ = ["PassportForm", "TeamPicker"]
