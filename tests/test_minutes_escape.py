"""User text in the minutes reads as plain text and never reshapes the export."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.token import Token

from cigkit.minutes import (
    make_environment,
    make_markdown,
    markdown_to_html,
    md_cell,
    md_heading,
    md_inline,
    one_line,
)

TRICKY = [
    "\n",
    "\r\n",
    "\r",
    "\t",
    "  ",
    "\u2028",
    "\x00",
    "\x1f",
    "\u00a0",
    "\u202e",
    "|",
    "\\",
    "\\|",
    "#",
    "## ",
    "<script>alert(1)</script>",
    "<b>",
    "</p>",
    "<!-- c -->",
    "<http://e.org>",
    "[x](http://e)",
    "![i](x)",
    "[ref]: /url",
    "[ref]",
    "`",
    "```",
    "~~~",
    "~~s~~",
    "> quote",
    ">",
    "1. item",
    "1) item",
    "12345.",
    "- item",
    "+ item",
    "* item",
    "***",
    "---",
    "===",
    "___",
    "*em*",
    "_em_",
    "**strong**",
    "&amp;",
    "&#60;",
    "&#x3C;",
    "&copy;",
    "R&D",
    "    code",
    "  \n",
    "\\\n",
    "é",
    "日本語",
    "🙂",
    ":",
    "!",
    "(",
    ")",
]

user_text = st.lists(st.one_of(st.text(), st.sampled_from(TRICKY)), max_size=8).map("".join)

INLINE_TYPES = {"text"}


def _inline_tokens(tokens: list[Token]) -> list[Token]:
    return [t for t in tokens if t.type == "inline"]


def _assert_plain(inline: Token, expected: str) -> None:
    children = inline.children or []
    assert {c.type for c in children} <= INLINE_TYPES, [c.type for c in children]
    assert "".join(c.content for c in children) == expected


@settings(max_examples=400)
@given(user_text)
def test_note_in_a_bullet_stays_one_plain_bullet(text: str) -> None:
    tokens = make_markdown().parse(f"- {md_inline(text)}\n")
    types = [t.type for t in tokens]
    assert types.count("bullet_list_open") == 1
    assert types.count("list_item_open") == 1
    assert set(types) <= {
        "bullet_list_open",
        "list_item_open",
        "paragraph_open",
        "inline",
        "paragraph_close",
        "list_item_close",
        "bullet_list_close",
    }
    inlines = _inline_tokens(tokens)
    if one_line(text):
        assert len(inlines) == 1
        _assert_plain(inlines[0], one_line(text))
    else:
        assert inlines == []


@settings(max_examples=300)
@given(user_text)
def test_note_under_a_label_line_stays_in_that_paragraph(text: str) -> None:
    """A note starting with "===" or "---" must not turn the line above into a heading."""
    escaped = md_inline(text)
    tokens = make_markdown().parse(f"Discussion\n{escaped}\n")
    types = [t.type for t in tokens]
    assert types == ["paragraph_open", "inline", "paragraph_close"]
    expected = "Discussion" + ("\n" + one_line(text) if escaped else "")
    children = tokens[1].children or []
    assert {c.type for c in children} <= {"text", "softbreak"}
    assert "".join("\n" if c.type == "softbreak" else c.content for c in children) == expected


@settings(max_examples=300)
@given(user_text)
def test_team_name_in_a_heading_is_the_whole_heading(text: str) -> None:
    tokens = make_markdown().parse(f"## {md_heading(text)}\n")
    assert [t.type for t in tokens] == ["heading_open", "inline", "heading_close"]
    assert tokens[0].tag == "h2"
    _assert_plain(tokens[1], one_line(text))


@pytest.mark.parametrize("row", ["| {a} | {b} |", "|{a}|{b}|"])
@settings(max_examples=200)
@given(a=user_text, b=user_text)
def test_member_row_keeps_two_cells_whatever_was_typed(row: str, a: str, b: str) -> None:
    source = "| Name | Role |\n| --- | --- |\n" + row.format(a=md_cell(a), b=md_cell(b)) + "\n"
    tokens = make_markdown().parse(source)
    types = [t.type for t in tokens]
    assert types.count("table_open") == 1
    assert types.count("tr_open") == 2
    assert types.count("th_open") == 2
    assert types.count("td_open") == 2
    assert types[0] == "table_open" and types[-1] == "table_close"
    cells = _inline_tokens(tokens)
    assert len(cells) == 4
    _assert_plain(cells[2], one_line(a))
    _assert_plain(cells[3], one_line(b))


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


PAGE_TAGS = {"html", "head", "meta", "title", "style", "body", "main"}
CONTENT_TAGS = {"h2", "ul", "li", "p", "table", "thead", "tbody", "tr", "th", "td"}


@settings(max_examples=200)
@given(text=user_text, name=user_text)
def test_html_page_shows_user_text_and_never_its_tags(text: str, name: str) -> None:
    source = (
        f"## {md_heading(name)}\n\n"
        f"- {md_inline(text)}\n\n"
        "| Name | Note |\n| --- | --- |\n"
        f"| {md_cell(name)} | {md_cell(text)} |\n"
    )
    page = markdown_to_html(source, title=name)
    assert "<script" not in page.lower()
    parser = _TagCollector()
    parser.feed(page)
    parser.close()
    assert set(parser.tags) <= PAGE_TAGS | CONTENT_TAGS
    assert parser.tags.count("title") == 1
    assert parser.tags.count("style") == 1
    assert parser.title == one_line(name)


def test_html_page_is_self_contained_and_print_friendly() -> None:
    page = markdown_to_html("# Minutes\n\n| a | b |\n| - | - |\n| 1 | 2 |\n", title="Team A")
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert "<title>Team A</title>" in page
    assert "@media print" in page
    assert "<table>" in page
    for external in ("<script", "<link", "@import", "url(", "http://", "https://"):
        assert external not in page


def test_script_tag_in_a_note_is_shown_as_text() -> None:
    page = markdown_to_html(f"- {md_inline('<script>alert(1)</script>')}\n", title="x")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("typed", "seen"),
    [
        ("First point\nSecond point", "First point / Second point"),
        ("  lots   of\tspace  ", "lots of space"),
        ("line\n\n\nafter blank lines", "line / after blank lines"),
        ("bell\x07 and nul\x00", "bell and nul"),
        ("\u202eevil", "evil"),
        (None, ""),
        (3, "3"),
    ],
)
def test_one_line_is_what_the_reader_sees(typed: object, seen: str) -> None:
    assert one_line(typed) == seen


@pytest.mark.parametrize(
    ("typed", "markdown"),
    [
        ("R&D team", "R&D team"),
        ("Don't panic (really)!", "Don't panic (really)!"),
        ("a -> b", "a -> b"),
        ("Team #3", "Team #3"),
        ("&amp;", "\\&amp;"),
        ("1. item", "1\\. item"),
        ("- item", "\\- item"),
        ("# not a heading", "\\# not a heading"),
        ("[x](http://e)", "\\[x\\](http://e)"),
        ("snake_case *star*", "snake\\_case \\*star\\*"),
    ],
)
def test_escaped_markdown_stays_readable_in_the_md_file(typed: str, markdown: str) -> None:
    assert md_inline(typed) == markdown


def test_heading_escapes_every_hash_so_none_closes_it() -> None:
    assert md_heading("Team #3 ##") == "Team \\#3 \\#\\#"


def test_cell_backslash_cannot_escape_the_closing_pipe() -> None:
    assert md_cell("ends with \\") == "ends with &#92;"
    assert md_cell("a|b") == "a\\|b"


def _render(env: jinja2.Environment) -> str:
    return env.get_template("_example.md.j2").render(
        team="Team <A> ## 1",
        members=[{"name": "Ann | B", "role": "public advisor"}],
        notes=["- not a second list\n# nor a heading"],
    )


def test_example_template_renders_user_text_through_the_filters() -> None:
    text = _render(make_environment(None))
    assert text == (
        "## Team \\<A> \\#\\# 1\n"
        "\n"
        "| Name | Role |\n"
        "| --- | --- |\n"
        "| Ann \\| B | public advisor |\n"
        "\n"
        "- \\- not a second list / # nor a heading\n"
    )
    assert text == _render(make_environment(None)), "rendering must be deterministic"


def test_facilitators_own_template_wins_over_the_shipped_one(tmp_path: Path) -> None:
    (tmp_path / "_example.md.j2").write_text("Own: {{ team|md }}\n", encoding="utf-8")
    env = make_environment(tmp_path)
    assert env.get_template("_example.md.j2").render(team="*A*") == "Own: \\*A\\*\n"


def test_shipped_templates_are_found_when_the_user_folder_lacks_them(tmp_path: Path) -> None:
    env = make_environment(tmp_path / "missing")
    assert "## Team" in _render(env)


def test_misspelt_field_is_an_error_not_a_gap() -> None:
    env = make_environment(None)
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ team.nmae|md }}").render(team={"name": "A"})
