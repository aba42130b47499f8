"""Minutes as one self-contained HTML page, rendered from the same Markdown as the .md file.

The page has no scripts, web fonts or external assets, so it opens and prints the same on a
venue laptop with no network as on anyone's machine the minutes are mailed to.
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path

from markdown_it import MarkdownIt

from cigkit.minutes.escape import one_line

STYLESHEET = Path(__file__).with_name("minutes.css")


def make_markdown() -> MarkdownIt:
    """The one Markdown dialect cigkit writes: CommonMark plus GFM tables, raw HTML off.

    With raw HTML off, anything tag-like that slips into the Markdown is shown as text.
    """
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


@cache
def _stylesheet() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def markdown_to_html(md_text: str, title: str, *, lang: str = "en") -> str:
    """A complete HTML5 page for `md_text`, with the print-friendly stylesheet inlined.

    The title is user text too (a team name), so it is flattened and escaped here.
    """
    body = make_markdown().render(md_text)
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
