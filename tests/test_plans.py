"""Session plans: the shipped series loads, and every mistake points at the line to fix."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cigkit.plans import (
    KINDS,
    Plan,
    PlanError,
    find_line,
    find_plans,
    load_plan,
    load_plans,
    parse_plan,
    plan_for_workshop,
)

SESSIONS = Path(__file__).resolve().parent.parent / "sessions"
CHECKLIST_IDS = {
    "problem-uneven", "problem-drivers", "problem-population", "design-barriers",
    "design-logic-model", "design-outcomes", "data-progress-plus", "data-deprivation",
    "data-protected", "data-gaps", "involve-from-start", "involve-planning",
    "involve-benefits-burdens", "analysis-gaps", "analysis-unintended", "share-findings",
    "share-understanding", "monitor-after",
}  # fmt: skip

GOOD = """\
title = "A short day"
start = "09:30"

[[blocks]]
title = "Welcome"
minutes = 20
kind = "plenary"

[[blocks]]
title = "Tables"
minutes = 40
kind = "table discussion"
prompts = ["Who bears the problem?"]
checklist = ["problem-uneven"]
warn_minutes = 5
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def error_for(tmp_path: Path, text: str, checklist_ids: set[str] | None = None) -> PlanError:
    path = write(tmp_path, "bad", text)
    with pytest.raises(PlanError) as caught:
        load_plan(path, checklist_ids)
    return caught.value


@pytest.mark.parametrize("number", range(1, 9))
def test_every_shipped_workshop_plan_loads_and_fills_the_day(number: int) -> None:
    plan = load_plan(SESSIONS / f"workshop-{number:02d}.toml", CHECKLIST_IDS)
    assert plan.name == f"workshop-{number:02d}"
    assert plan.title.startswith(f"Workshop {number}:")
    assert plan.start == time(9, 30)
    assert plan.total_minutes == 6 * 60 + 30  # 09:30 to 16:00
    kinds = [b.kind for b in plan.blocks]
    assert kinds[0] == "plenary" and kinds[-1] == "plenary"
    assert "report-back" in kinds
    assert 2 <= kinds.count("table discussion") <= 5
    assert any(b.kind == "break" and b.minutes >= 40 for b in plan.blocks), "lunch"


def test_the_shipped_series_uses_every_checklist_item_somewhere() -> None:
    plans, errors = load_plans([SESSIONS], CHECKLIST_IDS)
    assert errors == []
    used = {item for plan in plans.values() for b in plan.blocks for item in b.checklist}
    assert used == CHECKLIST_IDS


def test_a_good_plan_reads_into_blocks(tmp_path: Path) -> None:
    plan = load_plan(write(tmp_path, "short", GOOD), CHECKLIST_IDS)
    assert isinstance(plan, Plan)
    assert plan.name == "short"
    assert plan.blocks[0].warn_minutes == 2
    assert plan.blocks[1].prompts == ("Who bears the problem?",)
    assert plan.blocks[1].checklist == ("problem-uneven",)
    assert plan.blocks[1].warn_minutes == 5


def test_a_plan_without_start_begins_at_half_past_nine(tmp_path: Path) -> None:
    plan = load_plan(write(tmp_path, "nostart", GOOD.replace('start = "09:30"\n', "")))
    assert plan.start == time(9, 30)


def test_a_typo_in_a_block_key_names_the_key_and_its_line(tmp_path: Path) -> None:
    error = error_for(tmp_path, GOOD.replace('kind = "table discussion"', 'knd = "table"'))
    assert error.line == 12
    assert 'unknown key "knd" in block 2' in error.message
    assert str(error) == f"{error.path}:12: {error.message}"


def test_an_unknown_top_level_key_points_at_its_line(tmp_path: Path) -> None:
    error = error_for(tmp_path, GOOD.replace('start = "09:30"', 'start = "09:30"\ncolour = "red"'))
    assert error.line == 3
    assert '"colour"' in error.message


def test_an_unknown_table_points_at_its_header(tmp_path: Path) -> None:
    error = error_for(tmp_path, GOOD + '\n[notes]\ntext = "hi"\n')
    assert error.line == GOOD.count("\n") + 2
    assert '"notes"' in error.message


def test_a_block_without_minutes_points_at_its_header(tmp_path: Path) -> None:
    error = error_for(tmp_path, GOOD.replace("minutes = 40\n", ""))
    assert error.line == 9
    assert 'block 2 has no "minutes"' in error.message


def test_negative_minutes_are_refused_on_their_line(tmp_path: Path) -> None:
    error = error_for(tmp_path, GOOD.replace("minutes = 20", "minutes = -5"))
    assert error.line == 6
    assert "between 1 and 480" in error.message and "-5" in error.message


def test_absurd_minutes_are_refused_on_their_line(tmp_path: Path) -> None:
    error = error_for(tmp_path, GOOD.replace("minutes = 40", "minutes = 4000"))
    assert error.line == 11
    assert "4000" in error.message


def test_minutes_as_text_are_refused(tmp_path: Path) -> None:
    error = error_for(tmp_path, GOOD.replace("minutes = 40", 'minutes = "40"'))
    assert error.line == 11
    assert "whole number" in error.message


def test_broken_toml_reports_the_line_tomllib_found(tmp_path: Path) -> None:
    error = error_for(tmp_path, GOOD.replace('title = "Tables"', 'title = "Tables'))
    assert error.line == 10
    assert error.message.startswith("not valid TOML")
    assert "at line" not in error.message


def test_an_unknown_checklist_item_points_at_the_checklist_line(tmp_path: Path) -> None:
    text = GOOD.replace('["problem-uneven"]', '["problem-uneven", "problem-vibes"]')
    error = error_for(tmp_path, text, CHECKLIST_IDS)
    assert error.line == 14
    assert '"problem-vibes"' in error.message


def test_checklist_ids_are_not_checked_without_a_checklist(tmp_path: Path) -> None:
    text = GOOD.replace('["problem-uneven"]', '["anything-goes"]')
    assert load_plan(write(tmp_path, "free", text)).blocks[1].checklist == ("anything-goes",)


def test_an_unknown_kind_lists_the_kinds_to_use(tmp_path: Path) -> None:
    error = error_for(tmp_path, GOOD.replace('kind = "plenary"', 'kind = "lecture"'))
    assert error.line == 7
    assert "lecture" in error.message and "table discussion" in error.message


def test_a_plan_with_no_blocks_says_so(tmp_path: Path) -> None:
    error = error_for(tmp_path, 'title = "Empty"\nstart = "09:30"\n')
    assert error.line is None
    assert "no blocks" in error.message
    assert str(error) == f"{error.path}: {error.message}"


def test_a_start_that_is_not_a_time_points_at_start(tmp_path: Path) -> None:
    error = error_for(tmp_path, GOOD.replace('"09:30"', '"half nine"'))
    assert error.line == 2
    assert "09:30" in error.message


def test_a_plan_without_title_is_refused(tmp_path: Path) -> None:
    error = error_for(tmp_path, GOOD.replace('title = "A short day"\n', ""))
    assert "title" in error.message


def test_a_facilitators_own_plan_wins_over_the_shipped_one(tmp_path: Path) -> None:
    shipped, user = tmp_path / "shipped", tmp_path / "user"
    shipped.mkdir()
    user.mkdir()
    write(shipped, "workshop-01", GOOD)
    write(shipped, "workshop-02", GOOD)
    write(shipped, "checklist", '[[items]]\nid = "x"\n')
    own = write(user, "workshop-01", GOOD.replace("A short day", "Our own day"))
    found = find_plans([shipped, user, tmp_path / "missing"])
    assert set(found) == {"workshop-01", "workshop-02"}
    assert found["workshop-01"] == own
    plans, errors = load_plans([shipped, user])
    assert errors == []
    first = plan_for_workshop(plans, 1)
    assert first is not None and first.title == "Our own day"
    assert plan_for_workshop(plans, 3) is None


def test_one_bad_plan_does_not_stop_the_others_loading(tmp_path: Path) -> None:
    write(tmp_path, "good", GOOD)
    write(tmp_path, "bad", GOOD.replace("minutes = 20", "minutes = 0"))
    plans, errors = load_plans([tmp_path])
    assert list(plans) == ["good"]
    assert [e.path.name for e in errors] == ["bad.toml"]
    assert errors[0].line == 6


def test_a_missing_file_is_a_plan_error_without_a_line(tmp_path: Path) -> None:
    with pytest.raises(PlanError) as caught:
        load_plan(tmp_path / "nope.toml")
    assert caught.value.line is None


def test_find_line_finds_a_key_in_the_nth_block() -> None:
    assert find_line(GOOD, "title") == 1
    assert find_line(GOOD, "title", 1) == 5
    assert find_line(GOOD, "title", 2) == 10
    assert find_line(GOOD, None, 2) == 9
    assert find_line(GOOD, "prompts", 1) is None


@given(
    minutes=st.lists(st.integers(min_value=-1000, max_value=1000), min_size=1, max_size=8),
)
def test_out_of_range_minutes_always_point_at_the_right_block(minutes: list[int]) -> None:
    text = 'title = "Generated"\n'
    for i, m in enumerate(minutes):
        text += f'\n[[blocks]]\ntitle = "Block {i}"\nminutes = {m}\nkind = "{KINDS[i % 4]}"\n'
    first_bad = next((i for i, m in enumerate(minutes) if not 0 < m <= 480), None)
    if first_bad is None:
        plan = parse_plan(text, "generated.toml")
        assert [b.minutes for b in plan.blocks] == minutes
        return
    with pytest.raises(PlanError) as caught:
        parse_plan(text, "generated.toml")
    assert caught.value.line == 2 + 5 * first_bad + 3
    assert f"block {first_bad + 1}" in caught.value.message
