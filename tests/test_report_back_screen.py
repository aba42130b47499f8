"""The report-back screen: every table's questions and programme-level points for the room,
answered or carried from there, and following other laptops live."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import FakeClock, OpenApp, press_to, send_keys, settle, type_lines
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from cigkit.model import Note
from cigkit.services import programme, questions
from cigkit.services.export import export_minutes
from cigkit.tui.app import CigkitApp, make_app
from cigkit.tui.screens.log import LogScreen
from cigkit.tui.screens.report_back import ReportBackScreen
from cigkit.tui.widgets.form import Form

QUESTIONS = ("Can we get postcode data for the foot clinic?",
             "Who holds the crisis line call logs?",
             "Is there a register of carers we could use?")


def lines(screen: ReportBackScreen) -> list[str]:
    listing = screen.query_one(OptionList)
    assert listing.option_count == len(screen.lines())  # one option per line listed
    return screen.lines()


async def highlight(pilot: Pilot[Any], screen: ReportBackScreen, text: str) -> Note:
    listing = screen.query_one(OptionList)
    for index, option in enumerate(listing.options):
        entry = screen.entries.get(option.id or "")
        if entry is not None and entry.text == text:
            listing.highlighted = index
            await settle(pilot)
            assert isinstance(entry.record, Note)
            return entry.record
    raise AssertionError(f"{text!r} is not on the report-back screen")


async def log_at_three_tables(app: CigkitApp, pilot: Pilot[Any]) -> None:
    """A question at the first team of each of the three tables, typed on the notes screen."""
    await press_to(pilot, "f3", LogScreen)
    for number, question in enumerate(QUESTIONS):
        if number:
            await send_keys(pilot, "ctrl+t")
        await type_lines(pilot, f"q: {question}")


async def test_questions_from_three_tables_appear_on_the_report_back_screen_and_one_answered_there_is_answered_in_the_minutes(  # noqa: E501
    open_app: OpenApp, tmp_path: Path,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_at_three_tables(app, pilot)
        await send_keys(pilot, "f2")
        screen = await press_to(pilot, "q", ReportBackScreen)  # from the clock screen
        await settle(pilot)
        shown = "\n".join(lines(screen))
        for cig in programme.cigs(app.store):
            assert cig.name in shown
        for question in QUESTIONS:
            assert f"QUESTION [open]  {question}" in shown
        note = await highlight(pilot, screen, QUESTIONS[0])
        await send_keys(pilot, "a")
        form = app.screen
        assert isinstance(form, Form)
        form.query_one("#form-answer", Input).value = "Yes: the ICB shares it quarterly"
        form.query_one("#form-by", Input).value = "Dr Amara Okafor"
        await send_keys(pilot, "enter")
        assert app.screen is screen
        await settle(pilot)
        answered = "\n".join(lines(screen))
        assert f"QUESTION [answered]  {QUESTIONS[0]}" in answered
        assert "→ Yes: the ICB shares it quarterly (Dr Amara Okafor)" in answered

        await highlight(pilot, screen, QUESTIONS[1])
        await send_keys(pilot, "c")  # carried to the next workshop
        carried = app.store.get(Note, (await highlight(pilot, screen, QUESTIONS[1])).id)
        assert carried is not None and carried.carried_to == 4
        assert "→ carried to workshop 4" in "\n".join(lines(screen))

    saved = app.store.get(Note, note.id)
    assert saved is not None
    assert (saved.answer, saved.answered_by, saved.answered_workshop) == (
        "Yes: the ICB shares it quarterly", "Dr Amara Okafor", 3)
    team = programme.teams(app.store, programme.cigs(app.store)[0].id)[0]
    written = export_minutes(app.store, tmp_path / "out", workshop=3, team=team.name)
    minutes = next(p for p in written if p.name == f"{team.slug}.md").read_text()
    assert QUESTIONS[0] in minutes and "Yes: the ICB shares it quarterly" in minutes
    at_next = [e.text for e in questions.report_back(app.store, 4).unanswered()]
    assert QUESTIONS[0] not in at_next and QUESTIONS[1] in at_next


async def test_an_empty_answer_is_named_in_the_form_and_a_slip_is_reopened(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_at_three_tables(app, pilot)
        screen = await press_to(pilot, "f9", ReportBackScreen)  # from anywhere
        await settle(pilot)
        note = await highlight(pilot, screen, QUESTIONS[2])
        await send_keys(pilot, "a")
        form = app.screen
        assert isinstance(form, Form)
        await send_keys(pilot, "enter")
        assert app.screen is form and form.problem == "The answer is empty."
        assert app.store.get(Note, note.id).question_status == "open"  # type: ignore[union-attr]
        form.query_one("#form-answer", Input).value = "Not that we know"
        await send_keys(pilot, "enter")
        assert app.store.get(Note, note.id).question_status == "answered"  # type: ignore
        await send_keys(pilot, "o")
        assert app.store.get(Note, note.id).question_status == "open"  # type: ignore
        await send_keys(pilot, "ctrl+z")  # the reopening undone: answered again
        again = app.store.get(Note, note.id)
        assert again is not None and again.answer == "Not that we know"
        await send_keys(pilot, "escape")
        assert isinstance(app.screen, LogScreen)  # back where it was opened


async def test_a_question_logged_on_laptop_b_appears_on_laptop_a_report_back_screen(
    demo_dir: Path, fake_clock: FakeClock,
) -> None:
    a = make_app(demo_dir, device="a", now=fake_clock, workshop=3)
    b = make_app(demo_dir, device="b", now=fake_clock, workshop=3)
    team = programme.find_team(a.store, "Crisis Cafe")
    try:
        async with a.run_test(size=(80, 24)) as pa, b.run_test(size=(80, 24)) as pb:
            screen = await press_to(pa, "f9", ReportBackScreen)
            await settle(pa)
            assert not any("Who funds the evening" in line for line in lines(screen))
            b.move_to_team(team.id)
            await press_to(pb, "f3", LogScreen)
            await type_lines(pb, "q: Who funds the evening staff?")
            a.poll_store()
            await settle(pa)
            await settle(pa)
            shown = lines(screen)
            at = next(i for i, line in enumerate(shown) if "Who funds the evening" in line)
            assert any(team.name in line for line in shown[:at])  # under its team
            assert isinstance(a.screen, ReportBackScreen)
    finally:
        a.store.close()
        b.store.close()


async def test_the_report_back_keys_are_in_the_palette_by_name(open_app: OpenApp) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await press_to(pilot, "f9", ReportBackScreen)
        names = [c.title for c in app.get_system_commands(screen)]
        for name in ("Mark the question answered: the answer and who gave it",
                     "Carry the question to the next workshop",
                     "Reopen the question (take an answer back)", "Back to the screen before"):
            assert name in names


async def test_an_answer_and_who_gave_it_typed_in_one_burst_fill_their_own_fields(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_at_three_tables(app, pilot)
        screen = await press_to(pilot, "f9", ReportBackScreen)
        await settle(pilot)
        note = await highlight(pilot, screen, QUESTIONS[1])
        await send_keys(pilot, "a")
        assert isinstance(app.screen, Form)
        # a fast typist: the keys all arrive before the form has handled the first
        await send_keys(pilot, "Ask the crisis line", "tab", "Priya Shah", "enter")
        await settle(pilot)
        assert app.screen is screen
    saved = app.store.get(Note, note.id)
    assert saved is not None
    assert (saved.answer, saved.answered_by) == ("Ask the crisis line", "Priya Shah")


async def test_a_note_shared_at_programme_level_is_listed_as_a_note_after_the_questions(
    open_app: OpenApp,
) -> None:
    app = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press_to(pilot, "f3", LogScreen)
        await type_lines(pilot, "q: Who holds the conveyance data?",
                         "p: Hubs cut conveyance by a fifth in the pilot")
        screen = await press_to(pilot, "f9", ReportBackScreen)
        await settle(pilot)
        shown = lines(screen)
        asked = shown.index("    QUESTION [open]  Who holds the conveyance data?")
        assert shown[asked + 1] == "    NOTE  Hubs cut conveyance by a fifth in the pilot"
