"""HTML minutes: rendered section by section and text by text, byte for byte what
markdown-it renders for the whole page, whatever the page (a user's own template included)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.rules_block.table import escapedSplit

from cigkit.minutes.escape import md_cell, md_heading, md_inline
from cigkit.minutes.html import HtmlPages, make_markdown, markdown_to_html, sections, split_row

MARKDOWN = make_markdown()
SHARED = HtmlPages()  # one for every example, as one export uses one for every page

specials = st.sampled_from(list("\\`*_[]<>&|~#!-+=:.()\"' \t") + ["&amp;", "&#92;", "\\|",
                                                                  "\\\\|", "1.", "2)", "\u00a0",
                                                                  "\u2028", "\x85", "\x0c",
                                                                  "\x00"])
words = st.sampled_from(["Entry", "team", "Zoë", "R&D", "a", "b", "日本", "http://x.org", "✓ yes",
                         "\ufeff", "\u200b", "\u3000", "\xad", "→"])
text = st.lists(specials | words, max_size=8).map("".join)
user_text = st.text(max_size=30)
escaped = st.one_of(user_text.map(md_inline), user_text.map(md_cell),
                    user_text.map(md_heading))
any_text = st.one_of(text, escaped, words)


def heading() -> st.SearchStrategy[str]:
    return st.tuples(st.integers(1, 7), st.sampled_from([" ", "", "  "]), any_text,
                     st.sampled_from(["", " #", "#", " "])).map(
        lambda p: "#" * p[0] + p[1] + p[2] + p[3])


def bullet_list() -> st.SearchStrategy[str]:
    item = st.tuples(st.sampled_from(["- ", "-  ", "* ", "-"]), any_text).map("".join)
    gap = st.sampled_from(["\n", "\n", "\n\n", "\n\n\n"])
    return st.lists(st.tuples(item, gap), min_size=1, max_size=5).map(
        lambda parts: "".join(i + g for i, g in parts).rstrip("\n"))


def table() -> st.SearchStrategy[str]:
    def build(columns: int, aligns: list[str], rows: list[list[str]], edges: bool) -> str:
        def row(cells: list[str]) -> str:
            inner = " | ".join(cells)
            return f"| {inner} |" if edges else inner

        header = row([f"H{n}" for n in range(columns)])
        rule = row(aligns[:columns] + ["---"] * (columns - len(aligns)))
        return "\n".join([header, rule, *(row(cells) for cells in rows)])

    cell = st.one_of(any_text, st.just(""))
    return st.builds(
        build, st.integers(1, 4),
        st.lists(st.sampled_from(["---", ":--", "--:", ":-:", "-", "x", ""]), max_size=4),
        st.lists(st.lists(cell, min_size=0, max_size=5), max_size=4), st.booleans())


other = st.sampled_from(["```\n# not a heading\n```", "~~~~\n# x\n~~~\n~~~~", "> quoted",
                         "```\n# open to the end", "text\u2028# x", "````\n```\n# x\n````",
                         "---", "***", "[a]: /somewhere", "[a]", "    code", "1. one",
                         "text\n===", "para\nlazy", "  indented", "<b>raw</b>", "\t- tab"])
block = st.one_of(heading(), bullet_list(), table(), any_text, other)
page = st.tuples(st.lists(st.tuples(block, st.sampled_from(["\n", "\n\n", "\n\n\n"])),
                          max_size=7), st.booleans()).map(
    lambda p: "".join(b + gap for b, gap in p[0]).replace("\n", "\r\n" if p[1] else "\n"))


@settings(max_examples=1500)
@given(page)
def test_a_page_renders_exactly_as_markdown_it_renders_it(md_text: str) -> None:
    assert SHARED.body(md_text) == MARKDOWN.render(md_text)


@given(st.lists(block, max_size=6).map("\n\n".join))
def test_sections_put_back_together_are_the_page(md_text: str) -> None:
    assert "".join(sections(md_text)) == md_text.replace("\r\n", "\n")


@given(st.sampled_from(["# {}\n", "- {}\n", "{}\n", "| A |\n| --- |\n| {} |\n"]),
       st.sampled_from(["\x00", "\u2028", "\x85", "\x0c", "\r", "\v", "\u00a0"]),
       any_text)
def test_odd_characters_in_simple_blocks_render_as_markdown_it_renders_them(
    shape: str, odd: str, words: str
) -> None:
    md_text = shape.format("a" + odd + words)
    assert HtmlPages().body(md_text) == MARKDOWN.render(md_text)


def test_a_heading_inside_a_fenced_block_does_not_start_a_section() -> None:
    page = "# One\n\n```\n# still code\n```\n\n# Two\n"
    assert sections(page) == ["# One\n\n```\n# still code\n```\n\n", "# Two\n"]


def test_a_page_with_a_link_reference_is_rendered_whole() -> None:
    page = "# One\n\n[x][a]\n\n# Two\n\n[a]: /elsewhere\n"
    assert sections(page) == [page]
    assert HtmlPages().body(page) == MARKDOWN.render(page)
    assert 'href="/elsewhere"' in HtmlPages().body(page)


def test_the_same_text_in_many_pages_is_rendered_once(monkeypatch: object) -> None:
    pages = HtmlPages()
    calls: list[str] = []
    real = pages.markdown.md.render

    def counting(src: str, env: object = None) -> str:
        calls.append(src)
        return real(src)

    pages.markdown.md.render = counting  # type: ignore[method-assign]
    section = "## Equity checklist\n\n> a quote markdown-it must render\n"
    for team in ("A", "B", "C"):
        pages.body(f"# Team {team}\n\n{section}")
    assert calls == [section]


def test_markdown_to_html_still_makes_one_whole_page() -> None:
    page = markdown_to_html("# Team *A*\n\n- said <b>\n", "Team <A>")
    assert "<title>Team &lt;A&gt;</title>" in page
    assert "<h1>Team <em>A</em></h1>\n<ul>\n<li>said &lt;b&gt;</li>\n</ul>\n</main>" in page


@given(st.lists(st.sampled_from(["|", "\\", "\\|", "\\\\|", "a", " ", "&#92;"]), max_size=12)
       .map("".join))
def test_table_rows_are_cut_where_markdown_it_cuts_them(row: str) -> None:
    assert split_row(row) == escapedSplit(row)


def test_cigkit_trims_and_escapes_cells_as_markdown_it_does() -> None:
    from markdown_it.common.utils import MD_TRIM_CHARS as MARKDOWN_IT_TRIM
    from markdown_it.common.utils import escapeHtml

    from cigkit.minutes import html

    assert html.MD_TRIM_CHARS == MARKDOWN_IT_TRIM
    text = "& < > \" ' &amp; \u2028"
    assert html._escape_html(text) == escapeHtml(text)


def test_pages_of_the_shipped_templates_never_load_markdown_it(tmp_path: Path) -> None:
    """Loading markdown-it took longer than converting a tenth of a full export's pages: the
    shipped templates' pages are rendered without it (and the same, as the tests above say)."""
    script = (
        "import sys\n"
        "from cigkit.minutes.html import HtmlPages\n"
        "page = HtmlPages().page('# Team A\\n\\n- a note\\n\\n| a | b |\\n| --- | --- |\\n"
        "| 1 | 2 |\\n', 'Team A')\n"
        "assert '<td>1</td>' in page\n"
        "print('markdown_it' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    assert done.stdout == "False\n"
