"""The workshop picker: the programme's workshops with dates and which are held."""

from __future__ import annotations

from ...services import day as day_service
from ...services import programme
from ...store import Store
from ..widgets.dialogs import PickOne


def workshop_key(number: int) -> str:
    return f"w{number}"


def workshop_number(key: str) -> int:
    return int(key[1:])


class WorkshopPicker(PickOne):
    """Pick today's workshop; the current one, else the first not yet held, is preselected."""

    def __init__(self, store: Store, current: int | None) -> None:
        choices = []
        for w in programme.workshops(store):
            state = day_service.progress(store, w)
            date = w.date or "no date yet"
            title = w.title or day_service.plan_title(store, w.number) or w.plan
            title = title.removeprefix(f"Workshop {w.number}: ")
            choices.append((workshop_key(w.number),
                            f"{w.number}  {date}  {state:11} {title}"))
        wanted = current or day_service.current_workshop(store)
        super().__init__("Which workshop is it? (Enter to open, Esc to cancel)", choices,
                         workshop_key(wanted) if wanted is not None else None)
