"""A facilitator's day at the command line, from an empty folder: what each command says,
what it refuses, and what reaches the minutes, the calendar and the report-back."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from cigkit.cli import run
from cigkit.model import Action
from cigkit.services import review
from cigkit.store import Store


def ok(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> str:
    code = run(["--data", str(data), *args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def refused(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> str:
    """The one sentence a refused command prints; nothing stored changes."""
    before = _journal_bytes(data)
    code = run(["--data", str(data), *args])
    out, err = capsys.readouterr()
    assert code == 2 and out == "", (out, err)
    assert err.startswith("cigkit: ") and err.count("\n") == 1 and "Traceback" not in err, err
    assert _journal_bytes(data) == before
    return err


def _journal_bytes(data: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((data / "journals").glob("*"))}


@pytest.fixture
def running(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A programme set up by commands whose workshop 2 runs today, titled by the facilitator."""
    data = tmp_path / "data"
    today = date.today()
    ok(capsys, data, "programme", "set", "--name", "Partners Priority Programme")
    ok(capsys, data, "workshop", "set", "1", "--date", (today - timedelta(days=14)).isoformat())
    ok(capsys, data, "workshop", "set", "2", "--date", today.isoformat(),
       "--title", "Planning the evaluation", "--venue", "Town Hall")
    ok(capsys, data, "cig", "add", "Frailty", "--facilitator", "Tom Reed")
    ok(capsys, data, "team", "add", "Falls Team", "--cig", "Frailty")
    ok(capsys, data, "member", "add", "Ann Cole", "--team", "Falls Team", "--role",
       "practitioner")
    ok(capsys, data, "workshop", "start", "2")
    return data


def test_an_action_agreed_today_but_due_yesterday_is_overdue_in_the_minutes_and_summary(
    running: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    ok(capsys, running, "log", "action", "-w", "2", "-t", "Falls", "Send the data request",
       "--owner", "Ann", "--due", yesterday)
    out = tmp_path / "minutes"
    ok(capsys, running, "export", "-w", "2", "--out", str(out))
    team = (out / "workshop-02" / "frailty" / "falls-team.md").read_text("utf-8")
    [row] = [line for line in team.splitlines() if "Send the data request" in line]
    assert f"{yesterday} (overdue)" in row
    summary = (out / "workshop-02" / "frailty" / "summary.md").read_text("utf-8")
    [falls] = [line for line in summary.splitlines() if line.startswith("| Falls Team")]
    header = next(line for line in summary.splitlines() if line.startswith("| Team |"))
    cells = dict(zip([c.strip() for c in header.split("|")],
                     [c.strip() for c in falls.split("|")], strict=True))
    assert cells["Overdue"] == "1", "the summary counts it as the overview does"


def test_a_title_the_facilitator_typed_keeps_the_workshop_number_everywhere(
    running: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    shown = ok(capsys, running, "programme", "show")
    assert "  Workshop 2: Planning the evaluation at Town Hall: running today" in shown
    # Untitled ones read as the minutes will: their plan's title, which has the number.
    assert "  Workshop 3: " in shown and "Workshop 3: Workshop 3" not in shown
    ics = tmp_path / "workshops.ics"
    ok(capsys, running, "calendar", str(ics))
    assert "SUMMARY:Workshop 2: Planning the evaluation (Partners Priority Programme)" in (
        ics.read_text("utf-8"))
    out = tmp_path / "minutes"
    ok(capsys, running, "export", "-w", "2", "--out", str(out))
    assert "### Workshop 2: Planning the evaluation" in (out / "programme.md").read_text("utf-8")


def test_an_entry_from_the_command_line_is_one_line_and_its_echo_cannot_drive_the_terminal(
    running: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    for text in ("two\nlines", "a\ttab", "red \x1b[31m text"):
        err = refused(capsys, running, "log", "note", "-w", "2", "-t", "Falls", text)
        assert "one line" in err
    entry = ok(capsys, running, "log", "note", "-w", "2", "-t", "Falls", "Buses stop at six")
    err = refused(capsys, running, "edit", entry.strip(), "now \x1b]0;pwned\x07 red")
    assert "one line" in err
    out = ok(capsys, running, "edit", entry.strip(), "Buses stop at seven")
    assert out.endswith("now reads: Buses stop at seven\n")


def test_a_file_for_a_stick_that_is_not_there_is_refused_and_no_folder_is_made(
    running: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    stick = tmp_path / "media" / "usb"
    for args, what in ((("calendar", str(stick / "workshops.ics")), "calendar"),
                       (("roster", "export", str(stick / "roster.csv")), "roster"),
                       (("bundle", str(stick / "table-2.cigkit")), "bundle")):
        err = refused(capsys, running, *args)
        assert f"The folder {stick} does not exist" in err and what in err
        assert not stick.exists() and not stick.parent.exists()
    assert "file name is empty" in refused(capsys, running, "calendar", "")
    assert "file name is empty" in refused(capsys, running, "roster", "export", " ")
    assert "folder name is empty" in refused(capsys, running, "export", "--dataset", "")
    assert "folder name is empty" in refused(capsys, running, "export", "--out", "")
    assert "file name is empty" in refused(capsys, running, "bundle", "")
    assert "file or folder name is empty" in refused(capsys, running, "merge", "")


def test_the_report_back_says_which_workshop_and_reopen_needs_an_answer_to_take_back(
    running: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    asked = ok(capsys, running, "log", "question", "-w", "2", "-t", "Falls",
               "Can we get postcode data?").strip()
    listed = ok(capsys, running, "questions")
    assert listed.splitlines()[0].startswith("Report-back at workshop 2:")
    assert f"[open] {asked[:8]} Can we get postcode data?" in listed
    err = refused(capsys, running, "question", "reopen", asked)
    assert "has no answer to take back" in err
    assert "at least 6 characters" in refused(capsys, running, "question", "answer",
                                              asked[:4], "Yes")
    ok(capsys, running, "question", "carry", asked)
    # At the workshop it was carried to, it is open business again, from workshop 2.
    assert f"[open, from W2] {asked[:8]}" in ok(capsys, running, "questions", "-w", "3")
    assert "carried to workshop 3" in refused(capsys, running, "question", "reopen", asked)
    ok(capsys, running, "question", "answer", asked, "Yes, from the council", "-w", "3")
    out = ok(capsys, running, "question", "reopen", asked)
    assert "open again, carried to workshop 3" in out
    assert "[carried to W3]" in ok(capsys, running, "questions", "-w", "2")


def test_an_ambiguous_ward_tag_names_only_the_categories_it_could_be(
    running: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    err = refused(capsys, running, "log", "note", "-w", "2", "-t", "Falls", "Buses",
                  "--tag", "how:co")
    assert "how:connections, how:coproduction." in err and "dissemination" not in err
    err = refused(capsys, running, "log", "note", "-w", "2", "-t", "Falls", "Buses",
                  "--tag", "how:bogus")
    assert "how:connections, how:dissemination, how:coproduction." in err


def test_an_action_closed_from_the_command_line_on_the_day_is_reviewed_at_that_workshop(
    running: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    action = ok(capsys, running, "log", "action", "-w", "1", "-t", "Falls",
                "Ask the council for ward data", "--owner", "Ann").strip()
    ok(capsys, running, "action", "assign", action, "Tom Reed")
    ok(capsys, running, "action", "done", action)
    with Store.open(running, writable=False) as store:
        saved = store.get(Action, action)
        assert saved is not None
        assert [step.get("workshop") for step in saved.history] == [1, 2, 2]
        assert review.reviewed_at(saved, 2) == "done"


def test_counts_read_as_english_in_teams_programme_show_and_the_roster_import(
    running: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    ok(capsys, running, "member", "add", "Rosa Lima", "--team", "Falls", "--role",
       "public advisor")
    ok(capsys, running, "member", "add", "Gus Ives", "--team", "Falls", "--role",
       "public advisor")
    ok(capsys, running, "team", "add", "Home First", "--cig", "Frailty")
    teams = ok(capsys, running, "teams")
    assert "Falls Team [falls-team]: 3 members (1 practitioner, 2 public advisors)" in teams
    assert "Home First [home-first]: 0 members\n" in teams
    ok(capsys, running, "member", "left", "Gus Ives", "--team", "Falls", "--workshop", "3")
    csv_file = tmp_path / "roster.csv"
    ok(capsys, running, "roster", "export", str(csv_file))
    csv_file.write_text(csv_file.read_text("utf-8").replace("Home First", "Home Fast"),
                        encoding="utf-8")
    assert ok(capsys, running, "roster", "import", str(csv_file)).strip() == (
        "Created nothing; updated 1 team.")
    assert "  Home Fast: 0 members" in ok(capsys, running, "programme", "show")


def test_someone_leaving_on_the_day_is_not_expected_from_the_next_workshop_not_an_unrun_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    """A programme that starts using cigkit at workshop 3: 1 and 2 were never run in it, so
    'the next workshop' for someone leaving today is 4, not 1."""
    data = tmp_path / "data"
    today = date.today()
    ok(capsys, data, "programme", "set", "--name", "Partners")
    for number, days in ((1, -28), (2, -14), (3, 0), (4, 14)):
        ok(capsys, data, "workshop", "set", str(number), "--date",
           (today + timedelta(days=days)).isoformat())
    ok(capsys, data, "cig", "add", "Frailty")
    ok(capsys, data, "team", "add", "Falls Team", "--cig", "Frailty")
    ok(capsys, data, "workshop", "start", "3")
    ok(capsys, data, "member", "add", "Rosa Kim", "--team", "Falls", "--role", "intern")
    out = ok(capsys, data, "member", "left", "Rosa Kim", "--team", "Falls")
    assert "not expected from workshop 4 on" in out


def test_starting_a_second_workshop_on_the_day_or_an_earlier_one_after_a_later_is_refused(
    running: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    """'workshop start 3' typed for 2 while workshop 2 runs: two clocks at once would put
    the day's notes and attendance under the wrong workshop."""
    err = refused(capsys, running, "workshop", "start", "3")
    assert "Workshop 2 is running today" in err
    assert "already started today" in refused(capsys, running, "workshop", "start", "2")
    # Workshop 1 (a fortnight ago, never run in cigkit) cannot be run after workshop 2.
    assert "workshops run in order" in refused(capsys, running, "workshop", "start", "1")


def test_the_projector_for_a_workshop_that_does_not_exist_is_one_sentence_not_a_screen(
    running: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    assert "There is no workshop 9" in refused(capsys, running, "projector", "--workshop", "9")


def test_the_overview_says_which_earlier_workshops_were_never_run(
    running: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    """Workshop 1 was dated a fortnight ago but never run in cigkit: the overview's
    attendance table does not pass it off as a workshop nobody came to."""
    out = tmp_path / "minutes"
    ok(capsys, running, "export", "-w", "2", "--out", str(out))
    rows = [line for line in (out / "programme.md").read_text("utf-8").splitlines()
            if line.startswith(("| 1 |", "| 2 |"))]
    first = (date.today() - timedelta(days=14)).isoformat()
    assert rows[0].startswith(f"| 1 | {first} (not run) |")
    assert rows[1].startswith(f"| 2 | {date.today().isoformat()} |")


def test_status_json_carries_the_title_the_facilitator_gave_the_workshop(
    running: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    data = json.loads(ok(capsys, running, "status", "--json"))
    assert (data["workshop"], data["title"]) == (2, "Workshop 2: Planning the evaluation")
