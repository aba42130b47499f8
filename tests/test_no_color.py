"""No state by colour alone: under NO_COLOR every dialog's chosen, ticked, highlighted and
focused state reads in characters; and a high-contrast theme for projectors, remembered."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from conftest import FakeClock, OpenApp, press_to, settle
from textual.app import App
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Label, OptionList, RadioButton, RadioSet

from cigkit.services import settings
from cigkit.store import Store
from cigkit.tui.app import make_app
from cigkit.tui.projector import ProjectorApp
from cigkit.tui.screens.actions import checked_due
from cigkit.tui.screens.checklist_dialogs import TeamPicker
from cigkit.tui.screens.export import ExportScreen
from cigkit.tui.screens.picker import WorkshopPicker
from cigkit.tui.themes import HIGH_CONTRAST, HIGH_CONTRAST_NAME
from cigkit.tui.widgets.choices import WordButton, WordCheckbox, WordRadioButton
from cigkit.tui.widgets.dialogs import Ask, ReasonPrompt


@pytest.fixture
def no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")


def text_of(widget: Widget) -> str:
    """What the widget draws, as characters only (no colour, no style)."""
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


def plain_choices(screen: Any) -> None:
    """A dialog draws its choices with the widgets that say their state in characters."""
    for widget in screen.query("*"):
        if isinstance(widget, (Checkbox, RadioButton, Button)):
            assert isinstance(widget, (WordCheckbox, WordRadioButton, WordButton)), widget
        if isinstance(widget, OptionList):
            assert type(widget).__name__ == "MarkedOptionList", widget


async def test_the_export_dialogs_choices_differ_in_text_under_no_color(
    no_color: None, open_app: OpenApp
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.no_color
        await pilot.press("ctrl+e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        plain_choices(screen)
        html = screen.query_one("#export-html", WordCheckbox)
        this, every = screen.query_one("#export-this"), screen.query_one("#export-all")
        go, close = screen.query_one("#export-go"), screen.query_one("#export-close")
        ticked, chosen, not_chosen = text_of(html), text_of(this), text_of(every)
        assert "[x] HTML pages too" in ticked
        assert "(•)" in chosen and "( )" in not_chosen
        assert "▸ Export ◂" in text_of(go) and "▸" not in text_of(close)
        html.value = False
        screen.query_one(RadioSet).focus()  # the arrow keys move between its choices
        await pilot.pause()
        assert "[ ] HTML pages too" in text_of(html) != ticked
        await pilot.press("down", "enter")
        await pilot.pause()
        assert "(•)" in text_of(every) and "( )" in text_of(this)
        assert "▸" in text_of(every) and "▸" not in text_of(this)
        close.focus()
        await pilot.pause()
        assert "▸ Close ◂" in text_of(close) and "▸" not in text_of(go)


async def test_the_highlighted_choice_of_every_picker_is_marked_in_text(
    no_color: None, open_app: OpenApp
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for dialog in (WorkshopPicker(app.store, 3),
                       TeamPicker([(t.id, t.name) for t in app.roster().teams], app.team_id)):
            await app.push_screen(dialog)
            await pilot.pause()
            plain_choices(dialog)
            listing = dialog.query_one(OptionList)
            before = text_of(listing).splitlines()
            at = listing.highlighted
            assert at is not None and before[at].startswith("▸")
            assert sum(line.startswith("▸") for line in before) == 1
            await pilot.press("down")
            await pilot.pause()
            after = text_of(listing).splitlines()
            assert after[at].startswith("  ") and after[at + 1].startswith("▸")
            await pilot.press("escape")
            await pilot.pause()


async def test_a_dialogs_problem_reads_as_a_problem_in_text(
    no_color: None, open_app: OpenApp
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for dialog in (Ask("When is this action due?", checked_due, "next tuesday"),
                       ReasonPrompt("Why does this not apply?", missing="Say why.")):
            await app.push_screen(dialog)
            await pilot.pause()
            plain_choices(dialog)
            hint = dialog.query_one("#ask-hint", Label)
            calm = text_of(hint)
            await pilot.press("enter")
            await pilot.pause()
            assert text_of(hint).startswith("⚠ ") and calm != text_of(hint), text_of(hint)
            await pilot.press("escape")
            await pilot.pause()


async def test_a_notification_says_its_severity_in_words_and_never_reads_markup(
    no_color: None, open_app: OpenApp
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.notify("Cannot save [bold]Crisis Cafe[/bold]", severity="error")
        app.notify("Later", severity="warning")
        await pilot.pause()
        first, second = list(app._notifications)[-2:]
        assert (first.title, second.title) == ("✗ Problem", "⚠ Warning")
        assert first.message == "Cannot save [bold]Crisis Cafe[/bold]" and not first.markup


def test_the_high_contrast_theme_is_black_and_white_only() -> None:
    colours = {HIGH_CONTRAST.primary, HIGH_CONTRAST.accent, HIGH_CONTRAST.warning,
               HIGH_CONTRAST.error, HIGH_CONTRAST.success, HIGH_CONTRAST.foreground,
               HIGH_CONTRAST.background, HIGH_CONTRAST.surface, HIGH_CONTRAST.panel}
    colours |= {v for v in HIGH_CONTRAST.variables.values() if v.startswith("#")}
    assert colours == {"#000000", "#ffffff"}
    app: App[None] = App()
    app.register_theme(HIGH_CONTRAST)
    app.theme = HIGH_CONTRAST_NAME
    variables = app.get_css_variables()
    for name in ("text", "text-muted", "text-warning", "text-error", "block-cursor-background",
                 "border", "footer-key-foreground"):
        assert variables[name].lower() in ("#ffffff", "#000000"), (name, variables[name])


async def test_the_theme_picked_in_the_palette_is_remembered_for_next_time(
    demo_dir: Path, fake_clock: FakeClock
) -> None:
    app = make_app(demo_dir, now=fake_clock, workshop=3)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            [command] = [c for c in app.get_system_commands(app.screen)
                         if c.title == "High-contrast theme"]
            command.callback()
            await settle(pilot)
            assert app.theme == HIGH_CONTRAST_NAME
    finally:
        app.store.close()
    path = settings.settings_path()
    assert json.loads(path.read_text("utf-8")) == {"theme": HIGH_CONTRAST_NAME}
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = make_app(demo_dir, now=fake_clock, workshop=3)
    try:
        async with again.run_test(size=(80, 24)):
            assert again.theme == HIGH_CONTRAST_NAME
    finally:
        again.store.close()
    room = ProjectorApp(Store.open(demo_dir, writable=False), 3, theme="textual-light")
    try:
        async with room.run_test(size=(80, 24)):
            assert room.theme == "textual-light"  # --theme wins over the remembered one
    finally:
        room.store.close()


def marked_lines(listing: OptionList) -> list[str]:
    return [line for line in text_of(listing).splitlines() if "▸" in line]


async def test_the_highlighted_entry_of_the_report_back_and_conflicts_reads_in_text(
    no_color: None, demo_dir: Path, fake_clock: FakeClock
) -> None:
    from test_conflicts_screen import owner_changed_on_two_laptops

    from cigkit.tui.screens.conflicts import ConflictsScreen
    from cigkit.tui.screens.report_back import ReportBackScreen

    owner_changed_on_two_laptops(demo_dir)
    app = make_app(demo_dir, now=fake_clock, workshop=3)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            report = await press_to(pilot, "f9", ReportBackScreen)
            await settle(pilot)
            listing = report.query_one(OptionList)
            [first] = marked_lines(listing)
            assert "▸ QUESTION" in first
            await pilot.press("down")
            await pilot.pause()
            [second] = marked_lines(listing)
            assert second != first and "▸ QUESTION" in second
            await pilot.press("escape", "f10")
            await settle(pilot)
            assert isinstance(app.screen, ConflictsScreen)
            [line] = marked_lines(app.screen.query_one(OptionList))
            assert line.startswith("▸ 1.")
    finally:
        app.store.close()


async def test_the_programme_view_on_show_and_a_refused_form_read_in_text(
    no_color: None, open_app: OpenApp
) -> None:
    from textual.widgets import Tab

    from cigkit.tui.screens.programme import ProgrammeScreen

    def tab_words() -> str:
        return " | ".join(text_of(tab).strip() for tab in screen.query(Tab))


    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await press_to(pilot, "f8", ProgrammeScreen)
        await settle(pilot)
        assert tab_words() == "▸ 1 Workshops | 2 Tables and teams | 3 People"
        await pilot.press("2")
        await settle(pilot)
        assert tab_words() == "1 Workshops | ▸ 2 Tables and teams | 3 People"
        await pilot.press("a", "ctrl+s")  # a new team with no name: refused in the form
        await settle(pilot)
        problem = text_of(app.screen.query_one("#form-problem", Label))
        assert problem.startswith("⚠ The team name is empty."), problem
        form = app.screen
        labels = {name: text_of(form.query_one(f"#form-label-{name}", Label)).strip()
                  for name in ("name", "cig")}
        assert labels == {"name": "▸ Name", "cig": "At the table"}  # the field with the focus
        await pilot.press("tab")  # to the table, a list: no cursor shows it has the focus
        await pilot.pause()
        labels = {name: text_of(form.query_one(f"#form-label-{name}", Label)).strip()
                  for name in ("name", "cig")}
        assert labels == {"name": "Name", "cig": "▸ At the table"}


async def test_the_theme_picked_on_the_projector_is_remembered_but_not_its_theme_flag(
    demo_dir: Path
) -> None:
    room = ProjectorApp(Store.open(demo_dir, writable=False), 3, theme="textual-light")
    try:
        async with room.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert settings.remembered_theme() is None  # --theme is for this time only
            [command] = [c for c in room.get_system_commands(room.screen)
                         if c.title == "High-contrast theme"]
            command.callback()
            await pilot.pause()
    finally:
        room.store.close()
    assert settings.remembered_theme() == HIGH_CONTRAST_NAME


async def test_the_attendance_roster_reads_ticked_and_highlighted_in_text_under_no_color(
    no_color: None, open_app: OpenApp
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")  # attendance, from the clock
        await settle(pilot)
        await pilot.press("enter")  # to the team's roster
        await settle(pilot)
        roster = app.screen.query_one("#roster", OptionList)
        lines = [line for line in text_of(roster).splitlines() if line.strip()]
        assert lines and all(line[1:4] in ("[x]", "[ ]") for line in lines)
        assert [line[0] for line in lines].count("▸") == 1 and lines[0][0] == "▸"
        ticked = lines[0][1:4]
        await pilot.press("space")
        await settle(pilot)
        after = [line for line in text_of(roster).splitlines() if line.strip()]
        assert after[0][1:4] == ("[ ]" if ticked == "[x]" else "[x]")
        assert "▐X▌" not in text_of(roster)
        await pilot.press("down")
        await pilot.pause()
        moved = [line for line in text_of(roster).splitlines() if line.strip()]
        assert moved[0][0] == " " and moved[1][0] == "▸"
