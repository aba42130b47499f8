"""The part of the HTML pages that needs markdown-it: sections and inline text that cigkit's
own templates never write (a facilitator's template may), rendered by markdown-it itself.

Loaded only when a page has such a section: a full export of the shipped templates renders
every section directly (`html._simple_section`), and importing markdown-it took longer than
converting a tenth of the pages.
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.rules_core.text_join import text_join
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict


def make_markdown() -> MarkdownIt:
    """The one Markdown dialect cigkit writes: CommonMark plus GFM tables, raw HTML off.

    With raw HTML off, anything tag-like that slips into the Markdown is shown as text.
    """
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


class _SharedInlineRenderer(RendererHTML):
    """markdown-it's HTML renderer, rendering each shared piece of inline text once."""

    def __init__(self, parser: object = None) -> None:
        super().__init__(parser)
        self.shared: dict[int, str | None] = {}  # id of a shared children list -> its HTML

    def render(self, tokens: Sequence[Token], options: OptionsDict, env: EnvType) -> str:
        out: list[str] = []
        rules = self.rules
        shared = self.shared
        for i, token in enumerate(tokens):
            if token.type == "inline":
                children = token.children
                if children:
                    key = id(children)
                    found = shared.get(key)
                    if found is None:
                        found = self.renderInline(children, options, env)
                        if key in shared:
                            shared[key] = found
                    out.append(found)
            elif token.type in rules:
                out.append(rules[token.type](tokens, i, options, env))
            else:
                out.append(self.renderToken(tokens, i, options, env))
        return "".join(out)


class MarkdownPages:
    """One configured markdown-it for the pages of an export, parsing each distinct piece of
    inline text once (for one thread at a time)."""

    def __init__(self) -> None:
        self.md = make_markdown()
        self.md.renderer = _SharedInlineRenderer()
        self._renderer = self.md.renderer
        self.md.core.ruler.at("inline", self._inline_rule)
        self.md.core.ruler.disable("text_join")  # _inline_rule joins, once per text
        self._inline: dict[str, list[Token]] = {}

    def _inline_rule(self, state: StateCore) -> None:
        """markdown-it's own inline step (parse, then join text), once per distinct text.

        What it gives depends on the text alone, unless the page defines link references;
        then it is worked out afresh for that page.
        """
        shared = not state.env.get("references")
        for token in state.tokens:
            if token.type != "inline":
                continue
            children = self._inline.get(token.content) if shared else None
            if children is None:
                parsed: list[Token] = []
                state.md.inline.parse(token.content, state.md, state.env, parsed)
                holder = Token("inline", "", 0, content=token.content, children=parsed)
                text_join(_Tokens([holder]))  # type: ignore[arg-type]
                children = holder.children or []
                if shared:
                    self._inline[token.content] = children
                    self._renderer.shared[id(children)] = None
            token.children = children

    def section(self, text: str) -> str:
        """The HTML markdown-it renders for a section of a page."""
        return self.md.render(text)

    def inline(self, text: str) -> str:
        """The HTML markdown-it renders for one piece of inline text."""
        state = StateCore(text, self.md, {})
        state.tokens = [Token("inline", "", 0, content=text)]
        self._inline_rule(state)
        return self._renderer.render(state.tokens, self.md.options, {})


class _Tokens:
    """Just enough of markdown-it's core state for its text_join rule."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
