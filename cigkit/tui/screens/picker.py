"""The workshop picker: the programme's workshops with dates and which are held."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ...services import day as day_service
from ...services import programme


class WorkshopPicker(ModalScreen[int | None]):
    """Pick today's workshop; the first one not yet held is preselected."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, current: int | None) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        store = self.app.store  # type: ignore[attr-defined]
        workshops = programme.workshops(store)
        options = []
        for w in workshops:
            state = "held" if w.held else "to come"
            date = w.date or "no date yet"
            title = w.title or w.plan
            options.append(Option(f"Workshop {w.number}  {date}  {state:8} {title}",
                                  id=f"w{w.number}"))
        with Vertical(id="picker"):
            yield Label("Which workshop is it? (Enter to open, Esc to cancel)", id="picker-title")
            yield OptionList(*options, id="workshops")

    def on_mount(self) -> None:
        store = self.app.store  # type: ignore[attr-defined]
        wanted = self.current or day_service.current_workshop(store)
        listing = self.query_one(OptionList)
        if wanted is not None:
            try:
                listing.highlighted = listing.get_option_index(f"w{wanted}")
            except Exception:
                listing.highlighted = 0
        listing.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(str(event.option.id)[1:]))

    def action_cancel(self) -> None:
        self.dismiss(None)
