"""`cigkit checklist`, `cigkit passport` and `cigkit check` as a facilitator scripts them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cigkit.cli import run

SHIPPED = Path(__file__).resolve().parent.parent / "sessions" / "checklist.toml"


def _run(demo_dir: Path, *args: str) -> int:
    return run(["--data", str(demo_dir), *args])


def test_team_checklist_prints_stages_evidence_and_flags(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(demo_dir, "checklist", "diabetes") == 0
    out = capsys.readouterr().out
    assert out.startswith("Diabetes Foot Care: equity checklist at workshop 3")
    assert "The problem and who bears it\n  ● problem-uneven: done, workshop 1\n" in out
    assert "      evidence: Admissions by ward, 2024-25 HES extract" in out
    assert "Since workshop 2:\n  nothing moved" in out
    assert "! Overdue: " in out and "(problem-population)" in out


def test_set_from_a_script_then_json_lists_it_as_moved_since_workshop_2(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(demo_dir, "checklist", "set", "Diabetes Foot Care", "data-progress-plus",
                "in progress", "--evidence", "Age, sex and IMD agreed") == 0
    assert "data-progress-plus is now in progress at workshop 3" in capsys.readouterr().out
    assert _run(demo_dir, "checklist", "diabetes", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["moved_since"] == 2
    assert data["moved"] == [
        {"item": "data-progress-plus", "before": "not started", "after": "in progress"}]
    item = next(i for s in data["stages"] for i in s["items"] if i["id"] == "data-progress-plus")
    assert (item["status"], item["evidence"], item["workshop"]) == (
        "in progress", "Age, sex and IMD agreed", 3)


def test_not_applicable_from_a_script_needs_a_reason(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(demo_dir, "checklist", "set", "crisis", "data-protected", "n/a") == 2
    err = capsys.readouterr().err
    assert err == "cigkit: Marking an item not applicable needs a short reason.\n"
    assert _run(demo_dir, "checklist", "set", "crisis", "data-protected", "n/a",
                "--reason", "No protected data held", "--workshop", "2") == 0
    assert "not applicable at workshop 2" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["checklist", "set", "crisis", "data-gaps"], "needs a team, an item and a status"),
        (["checklist", "crisis", "extra"], "takes one team"),
        (["checklist", "nobody"], "There is no team called 'nobody'"),
        (["checklist", "set", "crisis", "no-such", "done"], "'no-such' is not a checklist item"),
        (["checklist", "set", "crisis", "data-gaps", "maybe"], "'maybe' is not a checklist status"),
        (["checklist", "crisis", "--workshop", "12"], "There is no workshop 12"),
        (["passport", "crisis", "communication=9"], "whole number from 1 to 5"),
        (["passport", "crisis", "communication"], "is not DOMAIN=SCORE"),
    ],
)
def test_mistakes_are_one_sentence_with_exit_status_2(
    demo_dir: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert _run(demo_dir, *args) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_passport_ratings_from_a_script_join_the_trend(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(demo_dir, "passport", "crisis", "--workshop", "3", "communication=4",
                "access=2", "--note", "Advisors led the table") == 0
    assert "2 passport rating(s) saved for workshop 3" in capsys.readouterr().out
    assert _run(demo_dir, "checklist", "crisis") == 0
    out = capsys.readouterr().out
    assert "\nValue passport (scores by workshop):\n" in out
    communication = next(line for line in out.splitlines() if "Communication" in line)
    assert communication.endswith(" w3=4") and "w1=" in communication
    access = next(line for line in out.splitlines() if "Access to the right care" in line)
    assert access.endswith(" w3=2")


def test_own_checklist_with_a_duplicate_id_fails_check_with_its_line(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = SHIPPED.read_text(encoding="utf-8").replace(
        'id = "problem-drivers"', 'id = "problem-uneven"')
    own = demo_dir / "checklist.toml"
    own.write_text(text, encoding="utf-8")
    own.chmod(0o600)
    line = text.splitlines().index('id = "problem-uneven"', 40) + 1
    assert _run(demo_dir, "check") == 2
    err = capsys.readouterr().err
    assert f"{own}:{line}: item id 'problem-uneven' is used twice" in err
    assert _run(demo_dir, "checklist", "crisis") == 2
    assert f"{own}:{line}:" in capsys.readouterr().err


def test_own_checklist_that_drops_an_id_teams_use_fails_check(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = SHIPPED.read_text(encoding="utf-8").replace(
        'id = "data-deprivation"', 'id = "data-imd"')
    own = demo_dir / "checklist.toml"
    own.write_text(text, encoding="utf-8")
    own.chmod(0o600)
    assert _run(demo_dir, "check") == 2
    err = capsys.readouterr().err
    assert f"{own}: item id 'data-deprivation' is used by team records" in err


def test_own_checklist_with_an_unknown_framework_names_the_line(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = SHIPPED.read_text(encoding="utf-8").replace(
        'framework = "Core20PLUS5"', 'framework = "Core20"', 1)
    own = demo_dir / "checklist.toml"
    own.write_text(text, encoding="utf-8")
    own.chmod(0o600)
    line = text.splitlines().index('framework = "Core20"') + 1
    assert _run(demo_dir, "check") == 2
    assert f"{own}:{line}: item 'problem-population': framework 'Core20'" in (
        capsys.readouterr().err)
