"""Help where you are, and every key in the palette: one Binding feeds the Footer, the
command palette and the help screen, for every screen the app has (including ones added
later, which only declare ordinary BINDINGS)."""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import replace
from typing import Any

from conftest import OpenApp, send_keys, settle
from textual.binding import Binding
from textual.command import CommandList
from textual.screen import Screen
from textual.widgets import Input

import cigkit.tui
from cigkit.services import logbook
from cigkit.tui.app import CigkitApp
from cigkit.tui.commands import declared_bindings, key_words, keyed_parts
from cigkit.tui.screens.help import HelpScreen, help_text
from cigkit.tui.screens.log import LogScreen
from cigkit.tui.screens.run import RunScreen


def _cigkit_screen_classes() -> list[type[Screen[Any]]]:
    """Every Screen class cigkit defines (modes, pushed screens, dialogs), once imported."""
    for module in pkgutil.walk_packages(cigkit.tui.__path__, "cigkit.tui."):
        importlib.import_module(module.name)
    found: list[type[Screen[Any]]] = []
    todo: list[type[Screen[Any]]] = [Screen]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("cigkit.") and sub not in found:
                found.append(sub)
    return found


def _names(binding: Binding) -> str:
    return binding.tooltip or binding.description


def _keys(binding: Binding) -> list[str]:
    return [key_words(k.strip()) for k in binding.key.split(",")]


async def test_every_binding_of_every_installed_screen_is_in_the_palette_and_its_help(
    open_app: OpenApp,
) -> None:
    """Walk the app's modes and screens as a facilitator reaches them; on each, every key it
    declares (and every app-wide key) is a palette command named in words, and is in the help
    F1 opens there, with its key."""
    app = open_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        installed = [*CigkitApp.MODES, *CigkitApp.SCREENS]
        assert {"run", "log", "checklist", "actions", "timeline", "attendance"} <= set(installed)
        for name in installed:
            if name in CigkitApp.MODES:
                app.action_show(name)
            else:
                await app.push_screen(name)
            await settle(pilot)
            screen = app.screen
            commands = {c.title: c.help for c in app.get_system_commands(screen)}
            bindings = declared_bindings(type(screen)) + declared_bindings(CigkitApp)
            assert declared_bindings(type(screen)), name
            # a list with keys of its own (the Programme screen's): in the palette while it
            # is on show, in the help always
            on_show = [b for part in keyed_parts(screen, shown_only=True)
                       for b in declared_bindings(type(part))]
            hidden = [b for part in keyed_parts(screen) for b in declared_bindings(type(part))
                      if b not in on_show]
            await pilot.press("f1")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            shown = str(app.screen.query_one("#help-text").render())
            for binding in bindings + on_show:
                assert _names(binding) in commands, (name, binding)
                assert all(k in commands[_names(binding)] for k in _keys(binding)), (
                    name, binding, commands[_names(binding)])
            for binding in bindings + on_show + hidden:
                assert _names(binding) in shown, (name, binding)
                assert all(k in shown for k in _keys(binding)), (name, binding)
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is screen
            if name not in CigkitApp.MODES:
                app.pop_screen()


def test_every_screen_class_of_the_app_has_help_naming_each_of_its_keys() -> None:
    """Dialogs and screens pushed without a name (the overview, export, first run...) too."""
    classes = _cigkit_screen_classes()
    assert len(classes) >= 15
    for cls in classes:
        text = help_text(CigkitApp, cls).plain
        for binding in declared_bindings(cls):
            assert _names(binding) in text, (cls.__name__, binding)
            assert all(k in text for k in _keys(binding)), (cls.__name__, binding)
            assert binding.tooltip or binding.description, (cls.__name__, binding)


def test_the_notes_help_lists_every_prefix_the_note_parser_reads() -> None:
    text = help_text(CigkitApp, LogScreen).plain
    for letter in [*logbook.KIND_PREFIXES, *logbook.SHARING_PREFIXES]:
        assert f"  {letter}:" in text, letter
    for question, categories in logbook.WARD_TAGS.items():
        assert f"#{question}:" in text and all(c in text for c in categories)
    assert "[public advisor]" in text and "INTERNAL" in text


async def test_f1_and_question_mark_open_help_for_the_screen_but_a_typed_question_mark_is_text(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, RunScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen) and app.screen.about is RunScreen
        assert "Start or pause the clock" in str(app.screen.query_one("#help-text").render())
        await pilot.press("question_mark")  # ? again closes it
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        await pilot.press("f3")
        await send_keys(pilot, "q: Who pays?")
        box = app.screen.query_one("#log-input", Input)
        assert box.value == "q: Who pays?" and isinstance(app.screen, LogScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen) and app.screen.about is LogScreen
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, LogScreen) and box.value == "q: Who pays?"


async def test_searching_the_palette_for_next_team_moves_to_the_next_team(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        before = app.team_id
        await pilot.press("ctrl+p")
        await pilot.pause()
        await send_keys(pilot, "Next team")
        found = app.screen.query_one(CommandList)
        for _ in range(200):  # the palette searches in the background
            if found.option_count and "Next team" in str(found.get_option_at_index(0).prompt):
                break
            await pilot.pause(0.02)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LogScreen)
        assert app.team_id != before
        assert app.team_id == app.roster().next_team(replace(app.place, team_id=before), 1
                                                     ).team_id


async def test_the_programme_lists_keys_are_in_its_help_and_run_from_the_palette(
    open_app: OpenApp,
) -> None:
    from cigkit.tui.screens.programme import ProgrammeScreen
    from cigkit.tui.widgets.form import Form

    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProgrammeScreen)
        await pilot.press("f1")
        await pilot.pause()
        shown = str(app.screen.query_one("#help-text").render())
        for title, words in (("Keys in the workshops (view 1)", "Postpone the workshop"),
                             ("Keys in the tables and teams (view 2)", "Move the team"),
                             ("Keys in the people (view 3)", "Mark someone as left")):
            assert title in shown and words in shown, title
        await pilot.press("escape")
        await pilot.pause()
        [edit] = [c for c in app.get_system_commands(screen)
                  if c.title == "Edit the workshop: date, title, plan, venue"]
        assert "· Programme, the workshops (view 1)" in edit.help
        titles = [c.title for c in app.get_system_commands(screen)]
        assert "Move the team to another table" not in titles  # not on show in view 1
        await pilot.press("ctrl+p")
        await pilot.pause()
        await send_keys(pilot, "Edit the workshop")
        found = app.screen.query_one(CommandList)
        for _ in range(200):  # the palette searches in the background
            if found.option_count and "Edit the workshop" in str(
                    found.get_option_at_index(0).prompt):
                break
            await pilot.pause(0.02)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, Form) and "Workshop 1" in app.screen.title_text


def test_help_wrapped_to_a_narrow_terminal_keeps_each_keys_words_in_their_column() -> None:
    text = help_text(CigkitApp, LogScreen, width=60).plain
    keys_and_syntax = text.split("Keys on this screen\n", 1)[1]
    for line in keys_and_syntax.splitlines():
        assert len(line) <= 60, line
        heading = line in ("", "Keys that work on every screen", "What you can type in a note")
        assert heading or line.startswith("  "), line  # nothing wraps back to the margin
    a_line = keys_and_syntax.index("  a:      an action")
    continued = keys_and_syntax[a_line:].splitlines()[1]
    assert continued.startswith(" " * 10) and continued.strip(), continued


def test_help_on_the_clock_set_up_and_room_screens_says_what_they_are_for_in_plain_words(
) -> None:
    """Their help opens with the screen's purpose for a facilitator, not a developer's note
    (a class docstring naming `attributes`, workers or 'modal')."""
    from cigkit.tui.screens.help import purpose

    mine = ("first_run", "overview", "programme", "run", "picker", "report_back",
            "conflicts", "form", "attendance_year")
    for cls in _cigkit_screen_classes():
        module = cls.__module__.rsplit(".", 1)[-1]
        if module not in mine:
            continue
        words = f"{help_text(CigkitApp, cls).plain.splitlines()[0]} {purpose(cls)}"
        for jargon in ("`", "modal", "worker", "UserError", "raise"):
            assert jargon not in words.lower() if jargon.islower() else jargon not in words, (
                cls.__name__, words)
