"""Every key of a screen, once: its `Binding` feeds the Footer, the command palette and help.

A binding's `description` is its short Footer label ("Team") and its `tooltip` the action in
words ("Next team"), which names it in the palette and on the help screen (a binding without
a tooltip is named by its description). Nothing else lists the keys, so a screen that
declares ordinary `BINDINGS` is in the palette and the help with no extra work. So is a
widget of the screen that declares its own (the Programme screen's lists: their keys work
while the list has the focus): help names them under the widget's `KEYS_TITLE`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.keys import format_key
from textual.screen import ModalScreen, Screen
from textual.widget import Widget

KEY_WORDS = {"space": "Space", "escape": "Esc", "enter": "Enter", "delete": "Delete",
             "backspace": "Backspace", "tab": "Tab", "up": "Up", "down": "Down",
             "left": "Left", "right": "Right", "home": "Home", "end": "End",
             "pageup": "Page Up", "pagedown": "Page Down"}


def key_words(key: str) -> str:
    """How help and the palette write a key: "Ctrl+N", "Space", "F2", "]", "?"."""
    *modifiers, name = key.split("+")
    if name in KEY_WORDS:
        shown = KEY_WORDS[name]
    elif len(name) > 1 and name[0] == "f" and name[1:].isdigit():
        shown = name.upper()
    else:
        shown = format_key(name)
        shown = shown.upper() if modifiers and len(shown) == 1 else shown
    return "+".join([*(m.capitalize() for m in modifiers), shown])


def nav_key(key: str) -> str:
    """How the navigation line writes a key: "F2", "^E"."""
    words = key_words(key)
    return "^" + words.removeprefix("Ctrl+") if words.startswith("Ctrl+") else words


@dataclass(frozen=True)
class KeyAction:
    """One action and every key bound to it on one screen (or app-wide)."""

    binding: Binding
    keys: tuple[str, ...]
    app_wide: bool

    @property
    def name(self) -> str:
        """The action in words: the tooltip, else the Footer label."""
        return self.binding.tooltip or self.binding.description or self.binding.action

    @property
    def key_words(self) -> str:
        return " / ".join(key_words(k) for k in self.keys)


def _as_binding(declared: BindingType) -> Binding:
    return declared if isinstance(declared, Binding) else Binding(*declared)


def declared_bindings(node_type: type[DOMNode]) -> list[Binding]:
    """The bindings a cigkit class and its cigkit bases declare (not Textual's own Tab/Copy
    keys, which every Textual screen has), bases first, as written."""
    found: list[Binding] = []
    for cls in reversed(node_type.__mro__):
        if cls.__module__.startswith("textual.") or "BINDINGS" not in cls.__dict__:
            continue
        found.extend(_as_binding(b) for b in cls.__dict__["BINDINGS"])
    return found


def actions_of(node_type: type[DOMNode], *, app_wide: bool = False) -> list[KeyAction]:
    """The declared bindings grouped by action (`x,delete` and two bindings of one action are
    one entry with two keys); a later binding of the same key replaces an earlier one."""
    by_action: dict[str, tuple[Binding, list[str]]] = {}
    taken: dict[str, str] = {}
    for binding in declared_bindings(node_type):
        for key in binding.key.split(","):
            key = key.strip()
            before = taken.get(key)
            if before is not None and before in by_action:
                by_action[before][1].remove(key)
            taken[key] = binding.action
            by_action.setdefault(binding.action, (binding, []))[1].append(key)
    return [KeyAction(binding, tuple(keys), app_wide)
            for binding, keys in by_action.values() if keys]


def screen_actions(app_type: type[App[Any]], screen_type: type[Screen[Any]],
                   ) -> list[KeyAction]:
    """The screen's own actions, then the app-wide ones it does not replace (over a dialog,
    only the app's priority keys work, so only those)."""
    own = actions_of(screen_type)
    mine = {key for action in own for key in action.keys}
    modal = issubclass(screen_type, ModalScreen)
    everywhere = [a for a in actions_of(app_type, app_wide=True) if not set(a.keys) <= mine]
    if modal:  # over a dialog only the app's priority keys reach the app
        priority = {k.strip() for b in declared_bindings(app_type) if b.priority
                    for k in b.key.split(",")}
        everywhere = [KeyAction(a.binding, tuple(k for k in a.keys if k in priority), True)
                      for a in everywhere]
        everywhere = [a for a in everywhere if a.keys]
    # A screen key for an app-wide action (the timeline's u for Ctrl+Z's undo) is one
    # command with both keys, not two commands of one name.
    by_name = {action.name: n for n, action in enumerate(own)}
    kept = []
    for action in everywhere:
        if action.name in by_name:
            n = by_name[action.name]
            own[n] = KeyAction(own[n].binding, own[n].keys + action.keys, False)
        else:
            kept.append(action)
    return own + kept


def screen_title(screen_type: type[Screen[Any]]) -> str:
    """What a screen is called in help and the palette: its `TITLE`, else its class name in
    words ("ReportBackScreen" is "Report back")."""
    title = getattr(screen_type, "TITLE", None)
    if isinstance(title, str) and title:
        return title
    name = screen_type.__name__.removesuffix("Screen") or screen_type.__name__
    words = "".join(f" {c.lower()}" if c.isupper() and i else c for i, c in enumerate(name))
    return words


def _on_show(widget: Widget) -> bool:
    return all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget))


def keyed_parts(screen: Screen[Any], *, shown_only: bool = False) -> list[Widget]:
    """The widgets of `screen` whose cigkit class declares keys of its own, one for each
    class, in the order they are on screen (with `shown_only`, only those on show now)."""
    found: dict[type[Widget], Widget] = {}
    for widget in screen.query(Widget):
        kind = type(widget)
        if kind in found or not declared_bindings(kind):
            continue
        if shown_only and not _on_show(widget):
            continue
        found[kind] = widget
    return list(found.values())


def part_title(part: type[Widget]) -> str:
    """Where a widget's keys work, for help and the palette: its `KEYS_TITLE`, else its class
    name in words."""
    title = getattr(part, "KEYS_TITLE", None)
    if isinstance(title, str) and title:
        return title
    name = part.__name__
    return "".join(f" {c.lower()}" if c.isupper() and i else c for i, c in enumerate(name))


def system_commands(app: App[Any], screen: Screen[Any]) -> Iterator[SystemCommand]:
    """A palette command per action of `screen`, of the widgets on show that have keys of
    their own, and of the app, named in words, with the keys as its help line; choosing one
    runs the same action the key does."""
    screen_name = screen_title(type(screen))
    on_screen = {"screen": screen}  # the palette is the app's screen while it is open
    for action in screen_actions(type(app), type(screen)):
        node: DOMNode = app if action.app_wide else screen
        where = "everywhere" if action.app_wide else screen_name
        yield SystemCommand(action.name, f"{_keys_and_label(action)} · {where}",
                            partial(app.run_action, action.binding.action, node, on_screen))
    for part in keyed_parts(screen, shown_only=True):
        where = f"{screen_name}, {part_title(type(part))}"
        for action in actions_of(type(part)):
            yield SystemCommand(action.name, f"{_keys_and_label(action)} · {where}",
                                partial(app.run_action, action.binding.action, part,
                                        on_screen))


def _keys_and_label(action: KeyAction) -> str:
    label = action.binding.description
    extra = f" ({label})" if label and label != action.name else ""
    return f"{action.key_words}{extra}"


__all__ = ["KeyAction", "actions_of", "declared_bindings", "key_words", "keyed_parts",
           "nav_key", "part_title", "screen_actions", "screen_title", "system_commands"]
