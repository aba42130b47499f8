"""Minutes after a workshop: what each team, CIG and the programme receives, and where."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cigkit.minutes import make_markdown
from cigkit.model import Action, Note, Team
from cigkit.services import logbook, programme
from cigkit.services.export import ExportError, export_minutes, unique_names
from cigkit.store import Store

_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
ALLOWED_INLINE = {"text", "softbreak", "strong_open", "strong_close", "em_open", "em_close"}


def _cells(line: str) -> list[str]:
    inner = line.strip()
    assert inner.startswith("|") and inner.endswith("|"), line
    return _UNESCAPED_PIPE.split(inner[1:-1])


def assert_well_formed(md: str) -> None:
    """Parse exported Markdown back: every table row has exactly the header's cells, and no
    link, image or raw HTML appears anywhere."""
    tokens = make_markdown().parse(md)
    lines = md.splitlines()
    for token in tokens:
        assert token.type not in {"html_block", "code_block", "fence"}, token
        if token.type == "inline":
            kinds = {child.type for child in token.children or []}
            assert kinds <= ALLOWED_INLINE, (kinds, token.content)
        if token.type == "table_open":
            assert token.map is not None
            start, end = token.map
            header = _cells(lines[start])
            assert len(_cells(lines[start + 1])) == len(header)
            for row in lines[start + 2 : end]:
                assert len(_cells(row)) == len(header), row
    assert sum(t.type == "heading_open" and t.tag == "h1" for t in tokens) == 1


def _team(store: Store, name: str) -> Team:
    return programme.find_team(store, name)


def test_whole_programme_lands_in_workshop_and_cig_folders(
    demo_store: Store, tmp_path: Path
) -> None:
    out = tmp_path / "exports"
    written = export_minutes(demo_store, out, all=True)
    relative = sorted(str(p.relative_to(out.resolve())) for p in written)
    assert "programme.md" in relative
    assert "workshop-01/long-term-conditions/diabetes-foot-care.md" in relative
    assert "workshop-02/long-term-conditions/summary.md" in relative
    assert "workshop-02/mental-health-and-dementia/crisis-cafe.md" in relative
    # Nine teams and three CIG summaries for each of the two workshops held, plus the overview.
    assert len(relative) == 2 * (9 + 3) + 1
    for path in written:
        assert_well_formed(path.read_text("utf-8"))


def test_same_data_gives_byte_identical_minutes(demo_store: Store, tmp_path: Path) -> None:
    first = export_minutes(demo_store, tmp_path / "a", all=True, html=True)
    second = export_minutes(demo_store, tmp_path / "b", all=True, html=True)
    assert [p.relative_to((tmp_path / "a").resolve()) for p in first] == [
        p.relative_to((tmp_path / "b").resolve()) for p in second
    ]
    for one, two in zip(first, second, strict=True):
        assert one.read_bytes() == two.read_bytes(), one


def test_exporting_again_replaces_the_files_without_leftovers(
    demo_store: Store, tmp_path: Path
) -> None:
    export_minutes(demo_store, tmp_path / "x", workshop=2)
    written = export_minutes(demo_store, tmp_path / "x", workshop=2)
    everything = sorted(p for p in (tmp_path / "x").rglob("*") if p.is_file())
    assert everything == sorted(written)


def test_internal_note_never_reaches_any_export(demo_store: Store, tmp_path: Path) -> None:
    team = _team(demo_store, "Diabetes Foot Care")
    logbook.log_entry(demo_store, "note", 2, team.id, "Manager off sick again, keep quiet",
                      sharing="internal")
    logbook.log_entry(demo_store, "action", 2, team.id, "Chase HR about the secret",
                      sharing="internal", owner="Owen Price")
    written = export_minutes(demo_store, tmp_path / "x", all=True, html=True)
    # Markdown and HTML of: 2 workshops x (9 teams + 3 CIG summaries), and the overview.
    assert len(written) == 2 * (2 * (9 + 3) + 1)
    for path in written:
        text = path.read_text("utf-8")
        assert "keep quiet" not in text and "secret" not in text, path
        # The demo's own internal note from workshop 1 stays out too.
        assert "Staff sickness" not in text, path


def test_team_minutes_show_team_and_programme_entries(demo_store: Store, tmp_path: Path) -> None:
    team = _team(demo_store, "Diabetes Foot Care")
    logbook.log_entry(demo_store, "note", 2, team.id, "Shared with the team only")
    logbook.log_entry(demo_store, "note", 2, team.id, "Shared across the programme",
                      sharing="programme")
    [path] = export_minutes(demo_store, tmp_path / "x", workshop=2, team="Diabetes Foot Care")
    text = path.read_text("utf-8")
    assert "- Shared with the team only" in text
    assert "- Shared across the programme" in text


def test_cig_summary_carries_only_programme_level_entries(
    demo_store: Store, tmp_path: Path
) -> None:
    team = _team(demo_store, "Diabetes Foot Care")
    logbook.log_entry(demo_store, "note", 2, team.id, "Only for our table")
    logbook.log_entry(demo_store, "decision", 2, team.id, "Everyone should hear this",
                      sharing="programme")
    written = export_minutes(demo_store, tmp_path / "x", workshop=2, cig="Long-term conditions")
    summary = next(p for p in written if p.name == "summary.md").read_text("utf-8")
    assert "- Decision: Everyone should hear this" in summary
    assert "Only for our table" not in summary
    assert "| Diabetes Foot Care | 4 |" in summary


def test_action_from_workshop_1_is_reviewed_at_workshop_2(
    demo_store: Store, tmp_path: Path
) -> None:
    team = _team(demo_store, "Diabetes Foot Care")
    [path] = export_minutes(demo_store, tmp_path / "x", workshop=2, team=team.name)
    text = path.read_text("utf-8")
    closed = text.split("### Closed since the last workshop", 1)[1].split("##", 1)[0]
    assert "| Ask the information team for register extract with postcodes | Owen Price | 1 |" \
        " done |" in closed


def test_open_action_shows_its_age_and_is_overdue_after_its_workshop(
    demo_store: Store, tmp_path: Path
) -> None:
    team = _team(demo_store, "Heart Failure at Home")
    action = next(a for a in demo_store.where(Action, team_id=team.id, workshop=1))
    assert action.status == "open"
    logbook.log_entry(demo_store, "note", 3, team.id, "Workshop 3 has begun")
    [path] = export_minutes(demo_store, tmp_path / "x", workshop=3, team=team.name)
    text = path.read_text("utf-8")
    still = text.split("### Still open from earlier workshops", 1)[1].split("###", 1)[0]
    assert f"| {action.text} |" in still
    assert "| by workshop 2 (overdue) | 1 | 2 workshops |" in still


def test_discussion_is_grouped_under_the_agenda_block_titles(
    demo_store: Store, tmp_path: Path
) -> None:
    team = _team(demo_store, "Crisis Cafe")
    logbook.log_entry(demo_store, "note", 2, team.id, "Said during the welcome", block=0)
    logbook.log_entry(demo_store, "note", 2, team.id, "Said somewhere in the day")
    [path] = export_minutes(demo_store, tmp_path / "x", workshop=2, team=team.name)
    text = path.read_text("utf-8")
    welcome = text.index("### Block 1: Welcome and where we got to\n\n- Said during the welcome")
    untied = text.index("### Not tied to an agenda block\n\n- Said somewhere in the day")
    assert welcome < untied


def test_checklist_table_shows_what_moved_since_the_last_workshop(
    demo_store: Store, tmp_path: Path
) -> None:
    [path] = export_minutes(demo_store, tmp_path / "x", workshop=2, team="Diabetes Foot Care")
    text = path.read_text("utf-8")
    assert "| Since workshop 1 |" in text
    assert "| ◐ in progress | Draft logic model v1 | not started → in progress |" in text
    assert "| ● done | Admissions by ward, 2024-25 HES extract |  |" in text


def test_team_called_summary_does_not_overwrite_the_cig_summary(
    demo_store: Store, tmp_path: Path
) -> None:
    cig = programme.find_cig(demo_store, "Long-term conditions")
    demo_store.save(Team(name="Summary", cig_id=cig.id))
    demo_store.save(Team(name="Diabetes foot-care", cig_id=cig.id))
    written = export_minutes(demo_store, tmp_path / "x", workshop=2, cig=cig.name)
    names = sorted(p.name for p in written)
    assert names == [
        "diabetes-foot-care-2.md",
        "diabetes-foot-care.md",
        "heart-failure-at-home.md",
        "mnd-coordinated-care.md",
        "summary-2.md",
        "summary.md",
    ]
    assert (tmp_path / "x" / "workshop-02/long-term-conditions/summary.md").read_text(
        "utf-8").startswith("# Long-term conditions: summary of workshop 2")


def test_unique_names_are_stable_whatever_the_input_order() -> None:
    pairs = [("b", "Team A"), ("a", "team-a"), ("c", "con")]
    assert unique_names(pairs) == unique_names(list(reversed(pairs)))
    assert unique_names(pairs) == {"a": "team-a", "b": "team-a-2", "c": "con_"}


def test_team_without_a_cig_goes_to_the_no_cig_folder(demo_store: Store, tmp_path: Path) -> None:
    demo_store.save(Team(name="Lone Team"))
    written = export_minutes(demo_store, tmp_path / "x", workshop=1)
    relative = {str(p.relative_to((tmp_path / "x").resolve())) for p in written}
    assert "workshop-01/no-cig/lone-team.md" in relative
    assert "workshop-01/no-cig/summary.md" in relative


def test_facilitators_own_template_replaces_the_shipped_one(
    demo_store: Store, tmp_path: Path
) -> None:
    own = demo_store.data_dir / "templates"
    own.mkdir()
    (own / "team.md.j2").write_text(
        "# {{ team.name|heading }} at workshop {{ workshop.number }}\n", encoding="utf-8")
    [path] = export_minutes(demo_store, tmp_path / "x", workshop=2, team="Crisis Cafe")
    assert path.read_text("utf-8") == "# Crisis Cafe at workshop 2\n"


def test_broken_own_template_is_reported_as_one_sentence(
    demo_store: Store, tmp_path: Path
) -> None:
    own = demo_store.data_dir / "templates"
    own.mkdir()
    (own / "team.md.j2").write_text("{{ team.nmae|md }}\n", encoding="utf-8")
    with pytest.raises(ExportError, match="team.md.j2.*cannot be used"):
        export_minutes(demo_store, tmp_path / "x", workshop=2, team="Crisis Cafe")


def test_unknown_workshop_is_a_user_error(demo_store: Store, tmp_path: Path) -> None:
    with pytest.raises(programme.NotFoundError, match="no workshop 9"):
        export_minutes(demo_store, tmp_path / "x", workshop=9)


def test_html_pages_sit_beside_the_markdown(demo_store: Store, tmp_path: Path) -> None:
    written = export_minutes(demo_store, tmp_path / "x", workshop=2, team="Crisis Cafe", html=True)
    assert [p.suffix for p in written] == [".md", ".html"]
    page = written[1].read_text("utf-8")
    assert "<title>Crisis Cafe: minutes of workshop 2</title>" in page
    assert "<table>" in page


def test_progress_is_reported_for_every_file(demo_store: Store, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    written = export_minutes(demo_store, tmp_path / "x", workshop=1, html=True,
                             progress=lambda done, total, path: seen.append((done, total)))
    assert seen == [(n, len(written)) for n in range(1, len(written) + 1)]


def test_notes_are_listed_in_the_order_they_were_taken(demo_store: Store, tmp_path: Path) -> None:
    team = _team(demo_store, "Crisis Cafe")
    for second, text in enumerate(("first", "second", "third")):
        demo_store.save(Note(workshop=2, team_id=team.id, kind="decision",
                             text=f"Decision {text}",
                             created_at=f"2026-10-20T11:00:0{second}.000Z"))
    [path] = export_minutes(demo_store, tmp_path / "x", workshop=2, team=team.name)
    text = path.read_text("utf-8")
    assert text.index("Decision first") < text.index("Decision second") < text.index(
        "Decision third")


async def test_facilitator_exports_this_workshop_from_the_app(
    demo_dir: Path, tmp_path: Path, fake_clock: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cigkit.tui.app import make_app
    from cigkit.tui.screens.export import ExportScreen

    monkeypatch.chdir(tmp_path)
    app = make_app(demo_dir, now=fake_clock, workshop=2)  # type: ignore[arg-type]
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("ctrl+e")
            await pilot.pause()
            assert isinstance(app.screen, ExportScreen)
            await pilot.click("#export-go")
            await app.workers.wait_for_complete()
            await pilot.pause()
            result = str(app.screen.query_one("#export-result").render())
            assert result == f"✓ Wrote 26 files to {tmp_path / 'exports'}."
            await pilot.press("escape")
            assert not isinstance(app.screen, ExportScreen)
    finally:
        app.store.close()
    assert (tmp_path / "exports/workshop-02/long-term-conditions/summary.html").is_file()
    assert not (tmp_path / "exports/workshop-01").exists()
