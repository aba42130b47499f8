"""Choices that say their state in characters, not only in colour (and read as plain text).

Textual draws a checkbox's tick, a radio button's dot, a highlighted row and a focused button
in one shape whatever their state, and tells the states apart by colour or shade alone: under
`NO_COLOR`, or on a washed-out projector, "HTML pages too" looked the same ticked or not.
These draw `[x]`/`[ ]`, `(•)`/`( )`, a `▸` before the highlighted row or the focused choice,
and `▸ Export ◂` on the focused button. A prompt given as `str` is plain text, never markup
(it may hold a team name typed on another laptop).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeAlias

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.text import Text
from textual.content import Content
from textual.visual import VisualType
from textual.widget import Widget
from textual.widgets import Button, Checkbox, OptionList, RadioButton
from textual.widgets.option_list import Option

MARK, NO_MARK = "▸ ", "  "
OptionListContent: TypeAlias = "Option | VisualType | None"


class MarkedRow:
    """A prompt laid out in columns (a rich `Table`) that keeps a place of its own for the
    mark: `draw(mark)` makes the row with "▸ " or two spaces in that place."""

    def __init__(self, draw: Callable[[str], RenderableType]) -> None:
        self.draw = draw

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.draw(NO_MARK)


def marked(prompt: VisualType, mark: str) -> VisualType:
    """`prompt` after `mark` ("▸ " or two spaces); a `str` is taken as plain text."""
    if isinstance(prompt, MarkedRow):
        return prompt.draw(mark)
    if isinstance(prompt, Content):
        return Content.assemble(mark, prompt)
    if isinstance(prompt, Text):
        return Text.assemble(mark, prompt)
    return Text(mark + str(prompt))


class MarkedOptionList(OptionList):
    """An OptionList whose highlighted option starts with ▸ (the others with two spaces; a
    `MarkedRow` has the mark where its columns put it)."""

    DEFAULT_CSS = """
    MarkedOptionList > .option-list--option-highlighted { text-style: bold; }
    MarkedOptionList:nocolor > .option-list--option-highlighted { text-style: bold reverse; }
    """

    def __init__(self, *content: OptionListContent, **kwargs: Any) -> None:
        self._prompts: dict[int, VisualType] = {}  # by id(option): as given, unmarked
        self._marked: Option | None = None
        super().__init__(*content, **kwargs)

    def on_mount(self) -> None:
        self._move_mark(self.highlighted)

    def add_options(self, new_options: Iterable[OptionListContent]) -> MarkedOptionList:
        wrapped: list[OptionListContent] = []
        for given in new_options:
            if given is None:
                wrapped.append(None)
                continue
            option = given if isinstance(given, Option) else Option(given)
            if option.disabled:  # headings: not a choice, no mark
                plain = marked(option.prompt, "")
                wrapped.append(Option(plain, id=option.id, disabled=True))
                continue
            made = Option(marked(option.prompt, NO_MARK), id=option.id)
            self._prompts[id(made)] = option.prompt
            wrapped.append(made)
        super().add_options(wrapped)
        return self

    def clear_options(self) -> MarkedOptionList:
        self._prompts.clear()
        self._marked = None
        super().clear_options()
        return self

    def set_options(self, options: Iterable[OptionListContent]) -> MarkedOptionList:
        self._prompts.clear()
        self._marked = None
        super().set_options(options)
        return self

    def replace_option_prompt_at_index(self, index: int, prompt: VisualType
                                       ) -> MarkedOptionList:
        """Replace a prompt (the mark stays where the highlight is)."""
        option = self.get_option_at_index(index)
        self._prompts[id(option)] = prompt
        here = self.highlighted == index
        super().replace_option_prompt_at_index(index, marked(prompt, MARK if here else NO_MARK))
        return self

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        self._move_mark(highlighted)

    def _move_mark(self, highlighted: int | None) -> None:
        options = [self.get_option_at_index(i) for i in range(self.option_count)]
        index_of = {id(o): i for i, o in enumerate(options)}
        if self._marked is not None and id(self._marked) in index_of:
            old = self._marked
            OptionList.replace_option_prompt_at_index(
                self, index_of[id(old)], marked(self._prompts[id(old)], NO_MARK))
        self._marked = None
        if highlighted is None or not 0 <= highlighted < len(options):
            return
        option = options[highlighted]
        if id(option) in self._prompts:
            OptionList.replace_option_prompt_at_index(
                self, highlighted, marked(self._prompts[id(option)], MARK))
            self._marked = option


class WordCheckbox(Checkbox):
    """A checkbox drawn `[x]` ticked and `[ ]` not, with ▸ in front while it has focus."""

    def render(self) -> Content:
        tick = "[x]" if self.value else "[ ]"
        label = self.label.stylize_before(self.get_visual_style("toggle--label"))
        return Content.assemble(MARK if self.has_focus else NO_MARK, tick, " ", label)

    def get_content_width(self, container: Any, viewport: Any) -> int:
        return len(MARK) + 4 + self.label.cell_length


class WordRadioButton(RadioButton):
    """A radio button drawn `(•)` chosen and `( )` not, with ▸ in front of the one the
    arrow keys are on while its set has the focus."""

    def render(self) -> Content:
        dot = "(•)" if self.value else "( )"
        label = self.label.stylize_before(self.get_visual_style("toggle--label"))
        parent = self.parent
        here = self.has_class("-selected") and isinstance(parent, Widget) and parent.has_focus
        return Content.assemble(MARK if here else NO_MARK, dot, " ", label)

    def get_content_width(self, container: Any, viewport: Any) -> int:
        return len(MARK) + 4 + self.label.cell_length


class WordButton(Button):
    """A button drawn `▸ Export ◂` while it has focus (Enter presses that one)."""

    def render(self) -> Content:
        label = super().render()
        assert isinstance(label, Content)
        if self.has_focus:
            return Content.assemble("▸ ", label, " ◂")
        return Content.assemble("  ", label, "  ")

    def get_content_width(self, container: Any, viewport: Any) -> int:
        return super().get_content_width(container, viewport) + 4


__all__ = ["MarkedOptionList", "MarkedRow", "WordButton", "WordCheckbox", "WordRadioButton",
           "marked"]
