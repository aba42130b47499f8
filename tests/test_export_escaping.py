"""Whatever a team is called and whatever a note-taker types, the minutes keep their shape."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_export import assert_well_formed

from cigkit.minutes import make_environment, make_markdown, markdown_to_html, one_line
from cigkit.minutes.gather import gather
from cigkit.minutes.overview import programme_view
from cigkit.minutes.views import cig_view, team_view
from cigkit.model import (
    Action,
    Attendance,
    ChecklistEntry,
    Cig,
    Member,
    Note,
    Team,
    Workshop,
)
from cigkit.services import day
from cigkit.services.checklists import checklist_for
from cigkit.services.export import export_minutes
from cigkit.store import Store

HOSTILE = [
    "../../x|y <script>alert(1)</script>",
    "a | b\nc",
    "# heading",
    "- bullet",
    "1. numbered",
    "> quote",
    "`code` ``` fence",
    "[link](http://evil.example)",
    "![img](x.png)",
    "<b>bold</b>",
    "***",
    "---",
    "ends with \\",
    "\\|",
    "&amp; &#60;",
    "line one\r\nline two",
    "\u202eevil",
    "",
]
hostile_text = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(HOSTILE)), min_size=1,
                        max_size=4).map("".join)

PAGE_TAGS = {"html", "head", "meta", "title", "style", "body", "main"}
CONTENT_TAGS = {"h1", "h2", "h3", "ul", "li", "p", "table", "thead", "tbody", "tr", "th", "td",
                "strong", "em"}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)


def assert_html_has_no_user_tags(md: str, title: str) -> None:
    page = markdown_to_html(md, title)
    assert "<script" not in page.lower()
    parser = _Tags()
    parser.feed(page)
    parser.close()
    assert parser.tags <= PAGE_TAGS | CONTENT_TAGS, parser.tags - PAGE_TAGS - CONTENT_TAGS


@pytest.fixture(scope="module")
def scratch() -> Iterator[Store]:
    """One store for all hypothesis examples; each example adds its own CIG and team."""
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "data", device="test-laptop")
        for number, date in ((1, "2026-09-22"), (2, "2026-10-20")):
            store.save(Workshop(number=number, date=date, plan=f"workshop-{number:02d}"))
        try:
            yield store
        finally:
            store.close()


def _add_hostile_team(store: Store, name: str, text: str) -> tuple[Cig, Team]:
    cig = store.save(Cig(name=name, facilitator=text))
    team = store.save(Team(name=name, cig_id=cig.id, project=text, organisation=text))
    member = store.save(Member(name=text, team_id=team.id, role="public advisor"))
    store.save(Attendance(workshop=2, team_id=team.id, member_id=member.id, name=text,
                          role=text))
    for kind, sharing in (("discussion", "team"), ("decision", "programme"),
                          ("question", "team")):
        store.save(Note(workshop=2, team_id=team.id, text=text, kind=kind, sharing=sharing,
                        block=2))
    store.save(Action(workshop=1, team_id=team.id, text=text, owner=name, due_workshop=2,
                      sharing="programme"))
    store.save(ChecklistEntry(team_id=team.id, item_id="problem-uneven", status="done",
                              evidence=text, workshop=2,
                              history=[{"workshop": 2, "status": "done", "evidence": text}]))
    return cig, team


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=hostile_text, text=hostile_text)
def test_hostile_names_and_notes_never_reshape_the_minutes(
    scratch: Store, name: str, text: str
) -> None:
    cig, team = _add_hostile_team(scratch, name, text)
    data = gather(scratch, checklist_for(scratch.data_dir), day.plans(scratch)[0])
    env = make_environment(None)
    documents = [
        env.get_template("team.md.j2").render(team_view(data, team, 2)),
        env.get_template("cig.md.j2").render(cig_view(data, cig, 2)),
        env.get_template("programme.md.j2").render(programme_view(data)),
    ]
    for md in documents:
        assert_well_formed(md)
        assert_html_has_no_user_tags(md, name)
    heading = make_markdown().parse(documents[0])[1]
    assert heading.content.endswith(": minutes of workshop 2")
    children = heading.children or []
    assert "".join(c.content for c in children) == f"{one_line(name)}: minutes of workshop 2"
    if one_line(text):
        bullets = [t.content for t in make_markdown().parse(documents[0]) if t.type == "inline"]
        rendered = [
            "".join(c.content for c in t.children or [])
            for t in make_markdown().parse(documents[0])
            if t.type == "inline"
        ]
        assert one_line(text) in rendered, bullets


def test_team_named_like_a_path_stays_inside_the_export_folder(tmp_path: Path) -> None:
    hostile = "../../x|y <script>"
    with Store.open(tmp_path / "data", device="test-laptop") as store:
        store.save(Workshop(number=1, date="2026-09-22", plan="workshop-01"))
        _add_hostile_team(store, hostile, "note with | pipe\n# and a heading `tick` [l](x)")
        out = tmp_path / "exports"
        written = export_minutes(store, out, workshop=1, html=True)
    for path in written:
        assert path.is_relative_to(out.resolve())
    assert {str(p.relative_to(out.resolve())) for p in written} == {
        "programme.md", "programme.html",
        "workshop-01/x-y-script/x-y-script.md", "workshop-01/x-y-script/x-y-script.html",
        "workshop-01/x-y-script/summary.md", "workshop-01/x-y-script/summary.html",
    }
    team_md = (out / "workshop-01/x-y-script/x-y-script.md").read_text("utf-8")
    assert team_md.startswith("# ../../x\\|y \\<script>: minutes of workshop 1\n")
    for path in written:
        if path.suffix == ".md":
            assert_well_formed(path.read_text("utf-8"))
        else:
            page = path.read_text("utf-8")
            assert "<script" not in page
            assert "&lt;script&gt;" in page
