"""The top line of every screen: the app-wide keys, with the screen you are on in brackets.

The Footer lists a screen's own keys; the keys that work everywhere live here, so nobody has
to know them by heart. They are the app's bindings that have an `id` and are not shown in
the Footer, in the order the app declares them: a key added to the app is on this line too.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widget import Widget

from ..commands import actions_of, nav_key

#: The places that stay on the line however narrow it is; the others go from the right.
KEPT = ("help", "quit")

Place = tuple[str, str, str]
"""(key as shown, label, the screen it marks as current)"""


def places_of(app_type: type) -> list[Place]:
    """The navigation line's places from the app's bindings (see the module docstring)."""
    found = []
    for action in actions_of(app_type):
        binding = action.binding
        if binding.id and not binding.show:
            found.append((nav_key(action.keys[0]), binding.description, binding.id))
    return found


def nav_text(current: str, workshop: int | None, width: int,
             places: Sequence[Place]) -> Text:
    """The widest form that fits: double then single spaces, then 'W3' for 'Workshop 3';
    past that, places drop from the right (never help, quit or the screen you are on)."""
    shown = list(places)
    while True:
        forms = [("  ", False, True), (" ", False, True), (" ", True, False),
                 (" ", True, True)]
        for gap, short, squeeze in forms:
            line = _line(shown, current, workshop, gap, short, squeeze)
            if line.cell_len <= width:
                return line
        droppable = [p for p in shown if p[2] not in KEPT and p[2] != current]
        if not droppable:
            return line
        shown.remove(droppable[-1])


def _line(places: Sequence[Place], current: str, workshop: int | None, gap: str, short: bool,
          squeeze: bool) -> Text:
    line = Text(no_wrap=True, overflow="crop")
    for index, (key, label, place) in enumerate(places):
        if place == "workshop" and workshop is not None:
            label = f"W{workshop}" if short else f"Workshop {workshop}"
        here = place == current
        if index:
            # Squeezed, the brackets take the place of one space of the gap beside them.
            touching = squeeze and current in (places[index - 1][2], place)
            line.append(gap[1:] if touching else gap)
        if here:
            line.append("[", "bold")
        line.append(key, "bold reverse" if here else "bold")
        line.append(" ")
        line.append(label, "bold reverse" if here else "")
        if here:
            line.append("]", "bold")
    return line


class NavBar(Widget):
    """One line: F1 Help  F2 Clock  F3 Notes  ... ^Q Quit, with [the current place] marked."""

    DEFAULT_CSS = """
    NavBar { height: 1; width: 100%; background: $panel; color: $text; }
    """

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def render(self) -> Text:
        workshop = getattr(self.app, "workshop_number", None)
        return nav_text(self.current, workshop, self.size.width, places_of(type(self.app)))
