"""The top line of every screen: the app-wide keys, with the screen you are on in brackets.

The Footer lists a screen's own keys; the keys that work everywhere live here, so they are
never cut off at 80 columns and nobody has to know them by heart.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

#: (key, label, the screen it marks as current); the workshop key shows the open workshop.
PLACES = (
    ("F2", "Clock", "run"),
    ("F3", "Notes", "log"),
    ("F4", "Checklist", "checklist"),
    ("F5", "Actions", "actions"),
    ("F6", "Workshop", "workshop"),
    ("F7", "Overview", "overview"),
    ("F8", "Programme", "programme"),
    ("^E", "Export", "export"),
    ("^Q", "Quit", "quit"),
)


#: The labels cut short when nothing else makes the line fit (80 columns).
CUT_LABELS = {"Checklist": "Check", "Overview": "Overv", "Programme": "Prog"}


def nav_text(current: str, workshop: int | None, width: int) -> Text:
    """The widest form that fits: double then single spaces, then 'W3' for 'Workshop 3',
    then a few labels cut short ('F8 Prog')."""
    forms = [("  ", False, True, False), (" ", False, True, False), (" ", True, False, False),
             (" ", True, True, False), (" ", True, True, True)]
    for gap, short, squeeze, cut in forms:
        line = _line(current, workshop, gap, short, squeeze, cut)
        if line.cell_len <= width:
            return line
    return line


def _line(current: str, workshop: int | None, gap: str, short: bool, squeeze: bool,
          cut: bool = False) -> Text:
    line = Text(no_wrap=True, overflow="crop")
    for index, (key, label, place) in enumerate(PLACES):
        if cut:
            label = CUT_LABELS.get(label, label)
        if place == "workshop" and workshop is not None:
            label = f"W{workshop}" if short else f"Workshop {workshop}"
        here = place == current
        if index:
            # Squeezed, the brackets take the place of one space of the gap beside them.
            touching = squeeze and current in (PLACES[index - 1][2], place)
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
    """One line: F2 Clock  F3 Notes  ... ^Q Quit, with [the current place] marked."""

    DEFAULT_CSS = """
    NavBar { height: 1; width: 100%; background: $panel; color: $text; }
    """

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def render(self) -> Text:
        workshop = getattr(self.app, "workshop_number", None)
        return nav_text(self.current, workshop, self.size.width)
