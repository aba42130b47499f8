"""Minutes as one self-contained HTML page, rendered from the same Markdown as the .md file.

The page has no scripts, web fonts or external assets, so it opens and prints the same on a
venue laptop with no network as on anyone's machine the minutes are mailed to.

An export renders hundreds of pages that share most of their text (the checklist's prompts,
headings, the same section for a team in every workshop), so `HtmlPages` renders each
distinct section and each distinct piece of inline text once, and gives byte for byte what
markdown-it gives for the whole page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from cigkit.minutes.escape import one_line

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from cigkit.minutes.html_markdown import MarkdownPages

STYLESHEET = Path(__file__).with_name("minutes.css")
_NEWLINES = re.compile(r"\r\n?")
_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")
_HEADING_LINE = re.compile(r"^#{1,6}(?:[ \t]|$)", re.MULTILINE)
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
# Inline text with nothing for markdown-it to do but undo backslash escapes and escape HTML:
# no emphasis, code, link, autolink or entity can start in it, and no line break.
_PLAIN_INLINE = re.compile(r"(?:[^\\`*_\[\]<&~\n\r\0]|\\[!-/:-@\[-`{-~]|&(?!#?[A-Za-z0-9]+;))*")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_ATX = re.compile(r"(#{1,6}) (\S(?:.*\S)?)")
_ITEM = re.compile(r"- (\S(?:.*\S)?)")
_ALIGN_CELL = re.compile(r":?-+:?")


MD_TRIM_CHARS = ("\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                 "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
"""The whitespace markdown-it trims from table cells (its `mdTrim`; a test keeps them equal):
written out here so that pages cigkit renders itself do not need markdown-it loaded."""


def make_markdown() -> MarkdownIt:
    """The one Markdown dialect cigkit writes: CommonMark plus GFM tables, raw HTML off.

    With raw HTML off, anything tag-like that slips into the Markdown is shown as text.
    """
    from cigkit.minutes.html_markdown import make_markdown as made

    return made()


def _md_trim(string: str) -> str:
    """Leading and trailing whitespace stripped, markdown-it's way (CommonMark's set)."""
    return string.strip(MD_TRIM_CHARS)


def _escape_html(raw: str) -> str:
    """"&", "<", ">" and '"' as markdown-it escapes them (single quotes stay)."""
    return raw.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace(
        '"', "&quot;")


@cache
def _stylesheet() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def sections(md_text: str) -> list[str]:
    """The page cut before each top-level `#` heading, where CommonMark closes every open
    block: rendered one by one, the sections give exactly the page's HTML.

    Never cut inside a fenced code block (whose lines may start with '#'), and not at all
    when the page may define a link reference (`[x]: ...`), which any link may use.
    """
    text = _NEWLINES.sub("\n", md_text) if "\r" in md_text else md_text
    if "]:" in text:
        return [text]
    if "```" not in text and "~~~" not in text:  # no fence: every heading line is a cut
        cuts = [m.start() for m in _HEADING_LINE.finditer(text) if m.start() > 0]
        return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    parts: list[str] = []
    start = position = 0
    fence = ""
    for line in text.split("\n"):  # markdown-it's lines: not str.splitlines's (\u2028...)
        if fence:
            closing = _FENCE.match(line)
            if (closing and closing.group(1)[0] == fence[0]
                    and len(closing.group(1)) >= len(fence)
                    and not line[closing.end():].strip()):
                fence = ""
        elif opening := _FENCE.match(line):
            fence = opening.group(1)
        elif position > start and _HEADING.match(line):
            parts.append(text[start:position])
            start = position
        position += len(line) + 1
    parts.append(text[start:])
    return parts


class HtmlPages:
    """Renders the pages of one export, remembering what it rendered: each distinct section
    of a page, and each distinct piece of inline text. markdown-it is loaded for the first
    section or text that cigkit does not render itself, if any.

    For one thread at a time (an export renders on one).
    """

    def __init__(self) -> None:
        self._markdown: MarkdownPages | None = None
        self._sections: dict[str, str] = {}
        self._inline_text: dict[str, str] = {}

    @property
    def markdown(self) -> MarkdownPages:
        if self._markdown is None:
            from cigkit.minutes.html_markdown import MarkdownPages

            self._markdown = MarkdownPages()
        return self._markdown

    def body(self, md_text: str) -> str:
        """The HTML markdown-it renders for `md_text`."""
        out = []
        for section in sections(md_text):
            found = self._sections.get(section)
            if found is None:
                found = _simple_section(section, self.inline)
                if found is None:
                    found = self.markdown.section(section)
                self._sections[section] = found
            out.append(found)
        return "".join(out)

    def inline(self, text: str) -> str:
        """The HTML of one piece of inline text (a heading, a list item, a table cell)."""
        found = self._inline_text.get(text)
        if found is None:
            found = self._inline_text[text] = self._inline_html(text)
        return found

    def _inline_html(self, text: str) -> str:
        if _PLAIN_INLINE.fullmatch(text):
            return _escape_html(_ESCAPED.sub(_escaped_char, text) if "\\" in text else text)
        return self.markdown.inline(text)

    def page(self, md_text: str, title: str, *, lang: str = "en") -> str:
        """A complete HTML5 page for `md_text`, with the print-friendly stylesheet inlined."""
        return page_html(self.body(md_text), title, lang=lang)


def _escaped_char(match: re.Match[str]) -> str:
    return match.group(1)


def _starts_paragraph(text: str) -> bool:
    """Does text at the start of a line open a plain paragraph and nothing else (no list,
    quote, heading, table, code, rule or link reference)?"""
    first = text[0]
    # No block starts with a character past ASCII (a '✓' opens the legend of the overview's
    # attendance table): unless it is whitespace, which a paragraph's start drops.
    return (first.isalpha() or first in "\\\"'(!/:;,.?"
            or (first > "\x7f" and first.isprintable() and not first.isspace()))


def _simple_section(section: str, inline: Callable[[str], str]) -> str | None:
    """The HTML of a section made only of what cigkit's own templates write (headings,
    paragraphs of one line, lists of one-line items, tables), written directly as markdown-it
    writes it; None for anything else, which markdown-it then renders itself.

    Each construct is taken only in the form whose rendering is fixed: a line with trailing
    spaces, a tab, a paragraph line followed by another line, or a table row that is not
    closed by a pipe sends the whole section to markdown-it.
    """
    if "\t" in section or "]:" in section or "\0" in section:  # markdown-it's own business
        return None
    lines = section.split("\n")
    if lines[-1] == "":
        lines.pop()
    out: list[str] = []
    i, count = 0, len(lines)
    while i < count:
        line = lines[i]
        if not line:
            i += 1
        elif line[0] == "#":
            heading = _ATX.fullmatch(line)
            if heading is None or heading.group(2).endswith("#"):
                return None
            level = len(heading.group(1))
            out.append(f"<h{level}>{inline(heading.group(2))}</h{level}>\n")
            i += 1
        elif line.startswith("- "):
            items: list[str] = []
            loose = False
            while True:
                item = _ITEM.fullmatch(lines[i])
                if item is None or not _starts_paragraph(item.group(1)):
                    return None
                items.append(inline(item.group(1)))
                i += 1
                if i < count and lines[i].startswith("- "):
                    continue
                if i < count and lines[i] != "":
                    return None  # a lazy continuation line or an interruption
                blank = i
                while blank < count and lines[blank] == "":
                    blank += 1
                if blank < count and lines[blank].startswith("- "):
                    if blank - i > 1:
                        return None  # still the same list in CommonMark; left to markdown-it
                    loose = True
                    i = blank
                    continue
                break
            out.append("<ul>\n")
            for html_item in items:
                out.append(f"<li>\n<p>{html_item}</p>\n</li>\n" if loose
                           else f"<li>{html_item}</li>\n")
            out.append("</ul>\n")
        elif line[0] == "|":
            table = _simple_table(lines, i, inline)
            if table is None:
                return None
            html_table, i = table
            out.append(html_table)
        elif _starts_paragraph(line) and line == line.rstrip():
            if i + 1 < count and lines[i + 1] != "":
                return None
            out.append(f"<p>{inline(line)}</p>\n")
            i += 1
        else:
            return None
    return "".join(out)


_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def split_row(line: str) -> list[str]:
    """A table row cut at its pipes exactly as markdown-it's `escapedSplit` cuts it: not at
    a pipe right after a backslash, which is dropped (so `\\|` is a `|` in the cell)."""
    if "\\" not in line:
        return line.split("|")
    return [cell.replace("\\|", "|") for cell in _UNESCAPED_PIPE.split(line)]


def _table_cells(line: str) -> list[str] | None:
    """A table row's cells as markdown-it splits them; None unless pipes open and close it."""
    if len(line) < 2 or line[0] != "|" or line[-1] != "|" or line != _md_trim(line):
        return None
    cells = split_row(line)
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    return cells


def _simple_table(lines: list[str], start: int, inline: Callable[[str], str]
                  ) -> tuple[str, int] | None:
    """A GFM table at `start` whose every row opens and closes with a pipe and has all its
    cells, and which ends at a blank line: its HTML and the line after it."""
    if start + 1 >= len(lines):
        return None
    header = _table_cells(lines[start])
    rule = lines[start + 1]
    if header is None or len(rule) < 2 or rule[0] != "|" or rule[-1] != "|":
        return None
    aligns = []
    for cell in rule[1:-1].split("|"):
        mark = _md_trim(cell)
        if not _ALIGN_CELL.fullmatch(mark):
            return None
        if mark.endswith(":"):
            aligns.append("center" if mark.startswith(":") else "right")
        else:
            aligns.append("left" if mark.startswith(":") else "")
    if not header or len(header) != len(aligns):
        return None
    styles = [f' style="text-align:{a}"' if a else "" for a in aligns]
    out = ["<table>\n<thead>\n<tr>\n"]
    for cell, style in zip(header, styles, strict=True):
        out.append(f"<th{style}>{inline(_md_trim(cell))}</th>\n")
    out.append("</tr>\n</thead>\n")
    i = start + 2
    if i < len(lines) and lines[i]:
        out.append("<tbody>\n")
        while i < len(lines) and lines[i]:
            cells = _table_cells(lines[i])
            if cells is None or len(cells) != len(header):
                return None
            out.append("<tr>\n")
            for cell, style in zip(cells, styles, strict=True):
                out.append(f"<td{style}>{inline(_md_trim(cell))}</td>\n")
            out.append("</tr>\n")
            i += 1
        out.append("</tbody>\n")
    out.append("</table>\n")
    return "".join(out), i


def page_html(body: str, title: str, *, lang: str = "en") -> str:
    """The page around a rendered body. The title is user text too (a team name), so it is
    flattened and escaped here."""
    safe_title = html.escape(one_line(title), quote=True)
    safe_lang = html.escape(one_line(lang), quote=True)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{safe_lang}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{safe_title}</title>\n"
        f"<style>\n{_stylesheet()}</style>\n"
        "</head>\n"
        "<body>\n"
        "<main>\n"
        f"{body}"
        "</main>\n"
        "</body>\n"
        "</html>\n"
    )


def markdown_to_html(md_text: str, title: str, *, lang: str = "en") -> str:
    """A complete HTML5 page for `md_text`, with the print-friendly stylesheet inlined.

    For one page; an export of many uses one `HtmlPages` for them all.
    """
    return HtmlPages().page(md_text, title, lang=lang)
