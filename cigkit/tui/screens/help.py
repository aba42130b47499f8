"""Help where you are: what the screen is for and every key it has, made from its bindings.

F1 (or ? wherever ? is not typed text) opens it over any screen. The keys come from the same
`Binding` declarations as the Footer and the command palette (see `tui/commands.py`), and
the notes screen adds what the note-taker can type, from the note parser's own tables, so
the help cannot drift from what the app does.
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Callable, Sequence
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Footer, Static

from ...services import logbook
from ..commands import KeyAction, actions_of, part_title, screen_actions, screen_title

KEY_COLUMN = 12
SCROLLBAR_ROOM = 2

KIND_EXTRAS = {
    "action": "an owner with @name (@first name or @any_word) and a due date: "
              "due:2026-12-01, by w4 or by workshop 4",
    "tally": "a dot-vote or show of hands: Which first? | access 5 | cost 3",
}
SHARING_WORDS = {
    "team": "the team's own minutes (the usual level)",
    "programme": "may also go into the CIG summary and the programme overview",
    "internal": "facilitators only, never exported",
}


def purpose(screen_type: type[Screen[Any]]) -> str:
    """What the screen is for: its `HELP` text, else the first paragraph of its docstring."""
    if screen_type.HELP:
        return screen_type.HELP.strip()
    doc = inspect.cleandoc(screen_type.__dict__.get("__doc__") or "")  # its own, not a base's
    return " ".join(doc.split("\n\n")[0].split())


def _row(text: Text, lead: str, words: str, width: int | None) -> None:
    """`lead` in bold, then `words`; wrapped to `width` under the words, not under the lead
    (so a key or a prefix stands out in its column however narrow the terminal)."""
    text.append(lead, "bold")
    if width is None:
        text.append(f"{words}\n")
        return
    lines = textwrap.wrap(words, max(20, width - len(lead))) or [""]
    text.append(f"{lines[0]}\n")
    for line in lines[1:]:
        text.append(f"{'':<{len(lead)}}{line}\n")


def _key_lines(text: Text, actions: list[KeyAction], width: int | None) -> None:
    for action in actions:
        keys = action.key_words
        if len(keys) >= KEY_COLUMN:
            text.append(f"  {keys}\n", "bold")
            keys = ""
        _row(text, f"  {keys:<{KEY_COLUMN}}", action.name, width)


def note_syntax(width: int | None = None) -> Text:
    """What the note-taker can type at the start of a line and inside it, from the tables
    the note parser reads (`services/logbook.py`), wrapped to `width` if given."""
    text = Text()
    text.append("What you can type in a note\n", "bold underline")
    _row(text, "  ", logbook.QUICK_SYNTAX_HELP, width)
    text.append("\n")
    _row(text, "  ", "A line is a discussion note unless it starts with one of these:", width)
    for letter, kind in logbook.KIND_PREFIXES.items():
        words = "vote" if kind == "tally" else kind
        extra = KIND_EXTRAS.get(kind, "")
        said = f"a {words}" if words[0] not in "aeiou" else f"an {words}"
        _row(text, f"  {letter + ':':<8}", f"{said}: {extra}" if extra else said, width)
    _row(text, "  ", "Sharing, for that line only (Ctrl+O changes it for the next lines):",
         width)
    for letter, level in logbook.SHARING_PREFIXES.items():
        shown = f"{letter}: or !" if level == "internal" else f"{letter}:"
        _row(text, f"  {shown:<8}", f"{level.upper() if level == 'internal' else level}: "
             f"{SHARING_WORDS.get(level, '')}", width)
    _row(text, "  ", "Prefixes combine, e.g. p: q: Who else runs this?", width)
    _row(text, "  ", "Ward's questions as tags, anywhere in the line (a unique start is "
         "enough):", width)
    for question, categories in logbook.WARD_TAGS.items():
        _row(text, f"  {'#' + question + ':':<8}", ", ".join(categories), width)
    _row(text, "  [public advisor]  ", "the speaker's role, in square brackets", width)
    return text


EXTRAS: dict[str, Callable[[int | None], Text]] = {"LogScreen": note_syntax}
"""More help for a screen, by its class name: the notes screen's typing syntax."""


def help_text(app_type: type[App[Any]], screen_type: type[Screen[Any]],
              parts: Sequence[type[Widget]] = (), width: int | None = None) -> Text:
    """The whole help for one screen: its purpose, its keys, those of its `parts` (widgets
    with keys of their own, such as the Programme screen's lists), the keys that work
    everywhere and anything the screen adds (the note syntax on the notes screen); wrapped
    to `width` with each key's words in their own column, when given."""
    actions = screen_actions(app_type, screen_type)
    text = Text()
    text.append(f"{screen_title(screen_type)}\n", "bold")
    what = purpose(screen_type)
    if what:
        text.append(f"{what}\n")
    own = [a for a in actions if not a.app_wide]
    everywhere = [a for a in actions if a.app_wide]
    text.append("\nKeys on this screen\n", "bold underline")
    if own:
        _key_lines(text, own, width)
    elif not parts:
        text.append("  none of its own\n")
    for part in parts:
        text.append(f"\nKeys in {part_title(part)}\n", "bold underline")
        _key_lines(text, actions_of(part), width)
    if everywhere:
        text.append("\nKeys that work on every screen\n", "bold underline")
        _key_lines(text, everywhere, width)
        _row(text, f"  {'Ctrl+P':<{KEY_COLUMN}}",
             "search every command by name (the command palette)", width)
    extra = EXTRAS.get(screen_type.__name__)
    if extra is not None:
        text.append("\n")
        text.append_text(extra(width))
    return text


class HelpScreen(ModalScreen[None]):
    """Help for the screen underneath: what it is for, every key, and what you can type."""

    TITLE = "Help"
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 100%; max-width: 100; height: 100%;
        border: thick $accent; background: $surface;
    }
    HelpScreen #help-title { height: 1; padding: 0 1; text-style: bold; background: $boost; }
    HelpScreen VerticalScroll { height: 1fr; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close", tooltip="Close help"),
    ]

    def __init__(self, about: type[Screen[Any]], parts: Sequence[type[Widget]] = ()) -> None:
        """`parts`: the widgets of the screen with keys of their own (`keyed_parts`)."""
        super().__init__()
        self.about = about
        self.parts = tuple(parts)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"Help: {screen_title(self.about)} "
                              "(Esc closes; arrows or Page Down scroll)"), id="help-title")
            with VerticalScroll(id="help-body"):
                yield Static(help_text(type(self.app), self.about, self.parts),
                             id="help-text")
            yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def on_resize(self) -> None:
        """Wrap the help to the room there is, each key's words in their own column."""
        body = self.query_one("#help-text", Static)
        # the room inside the help box, less the scrollbar a long help brings with it
        width = self.query_one("#help-body").content_size.width - SCROLLBAR_ROOM
        if width > 0:
            body.update(help_text(type(self.app), self.about, self.parts, width=width))

    def action_close(self) -> None:
        self.dismiss(None)


__all__ = ["HelpScreen", "help_text", "note_syntax", "purpose"]
