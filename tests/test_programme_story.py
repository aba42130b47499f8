"""A facilitator sets up a whole programme from an empty folder with commands alone, runs the
first workshop, renames a team and moves it to the other CIG, and exports the minutes."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from cigkit.cli import run
from cigkit.model import ROLES, Member, Note
from cigkit.store import Store

TEAMS = {
    "Long-term conditions": ("Dr Amara Okafor", ["Foot Care", "Heart at Home"]),
    "Mental health": ("Priya Shah", ["Crisis Cafe", "Memory Clinic"]),
}
PEOPLE = [  # (name, team, role): twelve people, every role at least once
    ("Grace Mensah", "Foot Care", "practitioner"), ("Owen Price", "Foot Care", "commissioner"),
    ("Lena Kowalska", "Foot Care", "public advisor"),
    ("Nadia Rahman", "Heart at Home", "practitioner"), ("Chloe Evans", "Heart at Home", "intern"),
    ("Ruth Hale", "Heart at Home", "researcher"),
    ("Leon Francis", "Crisis Cafe", "practitioner"), ("Julia Stone", "Crisis Cafe", "manager"),
    ("Rosa Lima", "Crisis Cafe", "public advisor"),
    ("Hannah Cole", "Memory Clinic", "practitioner"),
    ("Yusuf Karim", "Memory Clinic", "facilitator"), ("Sian Roberts", "Memory Clinic", "intern"),
]
NOTES = ["Buses stop at ten, so the cafe is hard to reach late",
         "Young men will not walk into anything called mental health",
         "Visitors' own words should count as findings"]


def ok(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> str:
    code = run(["--data", str(data), *args])
    out, err = capsys.readouterr()
    assert code == 0, (args, err)
    return out


def test_programme_built_from_nothing_by_commands_carries_everything_into_the_minutes(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    today = date.today()
    ok(capsys, data_dir, "programme", "set", "--name", "Partners Priority Programme",
       "--cohort", "Cohort 2027")
    # Workshop 1 was planned for yesterday; the others every four weeks after it.
    for number in range(1, 9):
        on = today + timedelta(days=28 * (number - 1) - 1)
        ok(capsys, data_dir, "workshop", "set", str(number), "--date", on.isoformat(),
           "--title", f"Workshop {number}: day {number}", "--venue", "Town Hall")
    for cig, (facilitator, teams) in TEAMS.items():
        ok(capsys, data_dir, "cig", "add", cig, "--facilitator", facilitator)
        for team in teams:
            ok(capsys, data_dir, "team", "add", team, "--cig", cig, "--project", f"{team} study")
    for name, team, role in PEOPLE:
        ok(capsys, data_dir, "member", "add", name, "--team", team, "--role", role)
    shown = ok(capsys, data_dir, "programme", "show")
    assert "not run" in shown.splitlines()[1] and "Workshop 8: day 8 at Town Hall" in shown

    # The first workshop, a day late: run today, attendance and notes taken from the CLI.
    ok(capsys, data_dir, "workshop", "start", "1")
    held_on = date.today()  # the clock started just now (read after, in case of midnight)
    ok(capsys, data_dir, "attendance", "-w", "1", "-t", "Crisis", "present", "Leon", "Rosa")
    ok(capsys, data_dir, "attendance", "-w", "1", "-t", "Crisis", "apologies", "Julia")
    for text in NOTES:
        ok(capsys, data_dir, "log", "note", "-w", "1", "-t", "Crisis Cafe", text)
    ok(capsys, data_dir, "log", "action", "-w", "1", "-t", "Crisis Cafe", "--owner", "Rosa Lima",
       "--due", "by workshop 2", "Draft the door question")

    ok(capsys, data_dir, "team", "rename", "Crisis Cafe", "Night Cafe")
    ok(capsys, data_dir, "team", "move", "Night Cafe", "Long-term conditions")
    out = tmp_path / "minutes"
    ok(capsys, data_dir, "export", "--workshop", "1", "--out", str(out))

    minutes = (out / "workshop-01" / "long-term-conditions" / "night-cafe.md").read_text("utf-8")
    assert minutes.startswith("# Night Cafe: minutes of workshop 1\n")
    assert "- Programme: Partners Priority Programme (Cohort 2027)\n" in minutes
    assert f"- Date: {held_on.isoformat()}\n" in minutes
    assert "- CIG: Long-term conditions, facilitated by Dr Amara Okafor\n" in minutes
    for text in NOTES:
        assert text in minutes
    assert "Apologies: Julia Stone (manager)." in minutes
    assert "| Draft the door question | Rosa Lima | by workshop 2 | open |" in minutes
    assert not (out / "workshop-01" / "mental-health" / "crisis-cafe.md").exists()
    with Store.open(data_dir, writable=False) as store:
        assert {m.role for m in store.all(Member)} == set(ROLES)
        assert len(store.all(Note)) == len(NOTES)
