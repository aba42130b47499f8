"""`cigkit calendar`: workshops people can put in their calendars, read by a real parser."""

from __future__ import annotations

import stat
from datetime import date, datetime
from pathlib import Path

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cigkit.cli import run
from cigkit.model import Workshop
from cigkit.services import programme
from cigkit.services.workshop_calendar import (
    CalendarEvent,
    fold,
    to_ics,
    workshop_events,
    write_calendar,
)
from cigkit.store import Store


def _events(path: Path) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return list(calendar.walk("VEVENT"))


def _assert_rfc5545_lines(raw: bytes) -> None:
    """CRLF after every line, none longer than 75 octets, no bare LF or CR anywhere."""
    assert raw.endswith(b"\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines), max(lines, key=len)
    assert all(b"\n" not in line and b"\r" not in line for line in lines)


def test_the_workshops_parse_as_an_icalendar_with_the_plan_s_times(
    demo_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo_store.close()
    path = tmp_path / "workshops.ics"
    code = run(["--data", str(demo_store.data_dir), "calendar", str(path)])
    out, _ = capsys.readouterr()
    assert code == 0 and out == f"8 workshops written to {path}.\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    raw = path.read_bytes()
    _assert_rfc5545_lines(raw)
    calendar = icalendar.Calendar.from_ical(raw)
    assert str(calendar["VERSION"]) == "2.0" and calendar.get("PRODID")
    events = _events(path)
    assert len(events) == 8 and len({str(e["UID"]) for e in events}) == 8
    first = events[0]
    assert first.decoded("DTSTART") == datetime(2026, 9, 22, 9, 30)
    # The plan's blocks add up to six and a half hours.
    assert first.decoded("DTEND") == datetime(2026, 9, 22, 16, 0)
    assert str(first["SUMMARY"]) == ("Workshop 1: The problem and who bears it "
                                     "(Partners Priority Programme)")
    description = str(first["DESCRIPTION"])
    assert "09:30 Welcome, introductions and the year ahead\n" in description
    assert all(isinstance(e.decoded("DTSTAMP"), datetime) for e in events)


def test_a_newer_file_keeps_each_workshop_s_uid_so_it_updates_not_duplicates(
    demo_store: Store, tmp_path: Path
) -> None:
    write_calendar(demo_store, tmp_path / "a.ics")
    before = {str(e["UID"]): e for e in _events(tmp_path / "a.ics")}
    workshop = programme.workshop(demo_store, 5)
    workshop.date = "2027-02-02"
    demo_store.save(workshop)
    write_calendar(demo_store, tmp_path / "b.ics")
    after = {str(e["UID"]): e for e in _events(tmp_path / "b.ics")}
    assert set(after) == set(before)
    [moved] = [uid for uid in after if after[uid].decoded("DTSTART") !=
               before[uid].decoded("DTSTART")]
    assert after[moved].decoded("DTSTART").date() == date(2027, 2, 2)
    assert int(after[moved]["SEQUENCE"]) > int(before[moved]["SEQUENCE"])
    assert after[moved].decoded("DTSTAMP") >= before[moved].decoded("DTSTAMP")


def test_all_day_events_and_workshops_without_a_date(
    demo_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for number in (7, 8):
        workshop = programme.workshop(demo_store, number)
        workshop.date = ""
        demo_store.save(workshop)
    demo_store.close()
    path = tmp_path / "days.ics"
    code = run(["--data", str(demo_store.data_dir), "calendar", str(path), "--all-day"])
    out, _ = capsys.readouterr()
    assert code == 0
    assert out == (f"6 workshops written to {path}; left out, as they have no date yet: "
                   "workshops 7, 8.\n")
    events = _events(path)
    assert [e.decoded("DTSTART") for e in events][:2] == [date(2026, 9, 22), date(2026, 10, 20)]
    assert events[0].decoded("DTEND") == date(2026, 9, 23)


def test_a_calendar_that_cannot_be_written_is_one_sentence(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(data_dir) as store:
        store.save(Workshop(number=1))
    for target, words in ((tmp_path, "is a folder"),
                          (tmp_path / "w.ics", "No workshop has a date yet")):
        code = run(["--data", str(data_dir), "calendar", str(target)])
        out, err = capsys.readouterr()
        assert code == 2 and out == "" and words in err and err.count("\n") == 1, err
    assert not (tmp_path / "w.ics").exists()


hostile = st.text(alphabet=list("ab ;,:\\\"\n\r\t=é€😀\x00\x1b"), max_size=120) | st.just(
    "x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil")


@given(summary=hostile, location=hostile, description=hostile)
def test_typed_text_never_breaks_or_adds_to_the_calendar(
    summary: str, location: str, description: str
) -> None:
    event = CalendarEvent(uid="x@cigkit", number=1, summary=summary, day=date(2026, 9, 22),
                          start=None, end=None, location=location, description=description,
                          stamp=datetime(2026, 9, 1).astimezone(), sequence=0)
    raw = to_ics([event], name=summary).encode("utf-8")
    _assert_rfc5545_lines(raw)
    [parsed] = icalendar.Calendar.from_ical(raw).walk("VEVENT")
    assert str(parsed["UID"]) == "x@cigkit"

    def typed(text: str) -> str:
        flat = text.replace("\r\n", "\n").replace("\r", "\n")
        return "".join(c for c in flat if c in "\t\n" or not (ord(c) < 32 or ord(c) == 127))

    assert str(parsed["SUMMARY"]) == typed(summary)
    assert str(parsed.get("DESCRIPTION", "")) == typed(description)
    if location.strip():
        assert str(parsed["LOCATION"]) == typed(location)


@given(st.text(max_size=300))
def test_folding_keeps_every_line_within_75_octets_and_unfolds_to_the_original(
    text: str,
) -> None:
    line = "DESCRIPTION:" + text.replace("\r", "").replace("\n", "")
    folded = fold(line)
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_a_venue_goes_in_the_location(demo_store: Store) -> None:
    events, _ = workshop_events(demo_store)
    assert all(e.location == "" for e in events)
    venue = CalendarEvent(**{**events[0].__dict__, "location": "Town Hall, Room 2; back door"})
    ics = to_ics([venue])
    assert "LOCATION:Town Hall\\, Room 2\\; back door\r\n" in ics
