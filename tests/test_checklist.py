"""The equity checklist as a facilitator meets it: the shipped definition, mistakes in an
edited one, and each team's progress, history and flags."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cigkit.checklist import (
    STATUS_ASCII,
    STATUS_SYMBOLS,
    STATUSES,
    Checklist,
    ChecklistError,
    ChecklistItem,
    Stage,
    check_ids_unchanged,
    load_checklist,
    normalise_status,
    status_symbol,
)
from cigkit.model import Attendance, ChecklistEntry, Member
from cigkit.progress import (
    ChecklistChangeError,
    Flag,
    apply_change,
    changes_since,
    stage_counts,
    status_at,
    team_flags,
)

SHIPPED = Path(__file__).resolve().parent.parent / "sessions" / "checklist.toml"

SHIPPED_IDS = {
    "problem-uneven",
    "problem-drivers",
    "problem-population",
    "design-barriers",
    "design-logic-model",
    "design-outcomes",
    "data-progress-plus",
    "data-deprivation",
    "data-protected",
    "data-gaps",
    "involve-from-start",
    "involve-planning",
    "involve-benefits-burdens",
    "analysis-gaps",
    "analysis-unintended",
    "share-findings",
    "share-understanding",
    "monitor-after",
}

SMALL = """\
version = 1

[[stages]]
id = "problem"
title = "The problem"

[[stages]]
id = "data"
title = "Data"

[[items]]
id = "problem-uneven"
stage = "problem"
prompt = "Is it uneven?"
help = "Compare groups."
framework = "HIAT"
expected_by = 1

[[items]]
id = "data-gaps"
stage = "data"
prompt = "Are gaps named?"
help = "Say what is missing."
framework = "EHIA"
expected_by = 3
"""


def line_of(text: str, fragment: str, nth: int = 0) -> int:
    """1-based line of the nth line containing fragment, so tests never hard-code numbers."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if fragment in line]
    return hits[nth]


def load_text(tmp_path: Path, text: str) -> Checklist:
    path = tmp_path / "checklist.toml"
    path.write_text(text, encoding="utf-8")
    return load_checklist(path)


def error_for(tmp_path: Path, text: str) -> ChecklistError:
    with pytest.raises(ChecklistError) as caught:
        load_text(tmp_path, text)
    return caught.value


@pytest.fixture
def small() -> Checklist:
    return Checklist(
        stages=(Stage("problem", "The problem"), Stage("data", "Data")),
        items=(
            ChecklistItem("problem-uneven", "problem", "Is it uneven?", "", "HIAT", 1),
            ChecklistItem("problem-drivers", "problem", "What drives it?", "", "HIAT", 2),
            ChecklistItem("data-gaps", "data", "Are gaps named?", "", "EHIA", 3),
        ),
    )


# --- the shipped definition ------------------------------------------------------------


def test_shipped_checklist_loads_with_its_eighteen_stable_ids() -> None:
    checklist = load_checklist(SHIPPED)
    assert [item.id for item in checklist.items] and checklist.ids == SHIPPED_IDS
    assert len(checklist.items) == 18
    assert [stage.id for stage in checklist.stages] == [
        "problem",
        "design",
        "data",
        "involvement",
        "analysis",
        "dissemination",
    ]


def test_shipped_checklist_expects_each_stage_at_a_realistic_workshop() -> None:
    checklist = load_checklist(SHIPPED)
    ranges = {
        "problem": range(1, 3),
        "design": range(2, 3),
        "data": range(3, 4),
        "involvement": range(1, 3),
        "analysis": range(4, 7),
        "dissemination": range(6, 9),
    }
    for item in checklist.items:
        assert item.expected_by in ranges[item.stage], item.id
        assert item.prompt and "\n" not in item.prompt and item.help


def test_shipped_checklist_groups_items_under_their_stage_in_file_order() -> None:
    checklist = load_checklist(SHIPPED)
    grouped = checklist.items_by_stage()
    assert [item.id for item in grouped["data"]] == [
        "data-progress-plus",
        "data-deprivation",
        "data-protected",
        "data-gaps",
    ]
    assert checklist.item("monitor-after").stage == "dissemination"
    with pytest.raises(KeyError):
        checklist.item("no-such-item")


def test_shipped_checklist_carries_the_six_co_value_passport_domains() -> None:
    checklist = load_checklist(SHIPPED)
    assert [d.id for d in checklist.domains] == [
        "communication",
        "self-efficacy",
        "interconnectedness",
        "costs",
        "professional-experience",
        "access",
    ]
    assert all(d.label for d in checklist.domains)


# --- mistakes in an edited definition ---------------------------------------------------


def test_small_definition_loads(tmp_path: Path) -> None:
    checklist = load_text(tmp_path, SMALL)
    assert checklist.ids == {"problem-uneven", "data-gaps"}
    assert checklist.path == tmp_path / "checklist.toml"


def test_duplicate_item_id_names_both_lines(tmp_path: Path) -> None:
    text = SMALL.replace('id = "data-gaps"', 'id = "problem-uneven"')
    error = error_for(tmp_path, text)
    first = line_of(text, 'id = "problem-uneven"', 0)
    second = line_of(text, 'id = "problem-uneven"', 1)
    assert error.line == second
    assert str(error).startswith(f"{tmp_path / 'checklist.toml'}:{second}: ")
    assert f"line {first}" in str(error)


def test_item_naming_an_unknown_stage_points_at_its_stage_line(tmp_path: Path) -> None:
    text = SMALL.replace('stage = "data"', 'stage = "dissemination"')
    error = error_for(tmp_path, text)
    assert error.line == line_of(text, 'stage = "dissemination"')
    assert "dissemination" in error.message and "problem, data" in error.message


def test_broken_toml_reports_the_line_tomllib_found(tmp_path: Path) -> None:
    text = SMALL.replace('prompt = "Are gaps named?"', 'prompt = "Are gaps named?')
    error = error_for(tmp_path, text)
    assert error.line == line_of(text, 'prompt = "Are gaps named?')
    assert str(error).startswith(f"{tmp_path / 'checklist.toml'}:{error.line}: not valid TOML")


def test_item_without_a_prompt_points_at_its_items_header(tmp_path: Path) -> None:
    text = SMALL.replace('prompt = "Are gaps named?"\n', "")
    error = error_for(tmp_path, text)
    assert error.line == line_of(text, "[[items]]", 1)
    assert "'data-gaps' is missing 'prompt'" in error.message


def test_expected_by_workshop_9_is_refused_on_its_line(tmp_path: Path) -> None:
    text = SMALL.replace("expected_by = 3", "expected_by = 9")
    error = error_for(tmp_path, text)
    assert error.line == line_of(text, "expected_by = 9")
    assert "1 to 8" in error.message


def test_misspelt_key_is_an_unknown_key_on_its_line(tmp_path: Path) -> None:
    text = SMALL.replace('help = "Say what is missing."', 'hlep = "Say what is missing."')
    error = error_for(tmp_path, text)
    assert error.line == line_of(text, "hlep =")
    assert "unknown key 'hlep'" in error.message


def test_unknown_framework_lists_the_ones_cigkit_knows(tmp_path: Path) -> None:
    text = SMALL.replace('framework = "EHIA"', 'framework = "SWOT"')
    error = error_for(tmp_path, text)
    assert error.line == line_of(text, 'framework = "SWOT"')
    assert "PROGRESS-Plus" in error.message


def test_framework_spelling_is_forgiven_but_stored_canonically(tmp_path: Path) -> None:
    checklist = load_text(tmp_path, SMALL.replace('framework = "EHIA"', 'framework = "ehia"'))
    assert checklist.item("data-gaps").framework == "EHIA"


def test_unknown_top_level_table_points_at_its_header(tmp_path: Path) -> None:
    text = SMALL + "\n[extras]\ncolour = 'red'\n"
    error = error_for(tmp_path, text)
    assert error.line == line_of(text, "[extras]")


def test_missing_file_is_reported_without_a_line(tmp_path: Path) -> None:
    with pytest.raises(ChecklistError) as caught:
        load_checklist(tmp_path / "nowhere.toml")
    assert caught.value.line is None
    assert str(caught.value).startswith(f"{tmp_path / 'nowhere.toml'}: ")


def test_duplicate_passport_domain_names_both_lines(tmp_path: Path) -> None:
    text = SMALL + (
        "\n[passport]\ndomains = [\n"
        '    { id = "communication", label = "Communication" },\n'
        '    { id = "communication", label = "Talking" },\n'
        "]\n"
    )
    error = error_for(tmp_path, text)
    assert error.line == line_of(text, 'label = "Talking"')
    first = line_of(text, 'label = "Communication"')
    assert f"line {first}" in error.message


def test_renamed_item_is_reported_because_team_records_refer_to_it(tmp_path: Path) -> None:
    renamed = load_text(tmp_path, SMALL.replace('"data-gaps"', '"data-holes"'))
    in_records = {"problem-uneven", "data-gaps"}
    assert check_ids_unchanged(renamed, in_records) == ["data-gaps"]
    assert check_ids_unchanged(load_checklist(SHIPPED), SHIPPED_IDS) == []


# --- statuses ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "status"),
    [
        ("done", "done"),
        ("Done", "done"),
        ("in-progress", "in progress"),
        ("in_progress", "in progress"),
        ("n/a", "not applicable"),
        ("na", "not applicable"),
        ("N.A.", "not applicable"),
        ("not-started", "not started"),
        ("not applicable", "not applicable"),
        ("●", "done"),
        ("-", "not applicable"),
        ("maybe", None),
    ],
)
def test_status_is_understood_however_it_is_typed(typed: str, status: str | None) -> None:
    assert normalise_status(typed) == status


@given(st.sampled_from(STATUSES), st.sampled_from(["-", "_", " "]), st.booleans())
def test_every_status_survives_hyphens_underscores_and_capitals(
    status: str, joiner: str, upper: bool
) -> None:
    typed = status.replace(" ", joiner)
    assert normalise_status(typed.upper() if upper else typed) == status


@given(st.text(max_size=20))
def test_normalising_any_text_gives_a_status_or_none(text: str) -> None:
    assert normalise_status(text) in (*STATUSES, None)


def test_each_status_has_a_distinct_mark_with_and_without_unicode() -> None:
    assert len(set(STATUS_SYMBOLS.values())) == len(STATUSES)
    assert len(set(STATUS_ASCII.values())) == len(STATUSES)
    assert all(mark.isascii() for mark in STATUS_ASCII.values())
    assert status_symbol("n/a") == "–" and status_symbol("done", ascii=True) == "x"


# --- changing status, history, status_at, changes_since ---------------------------------


def test_first_change_creates_the_entry_with_one_history_step() -> None:
    entry = apply_change(
        None, "t1", "data-gaps", "in-progress", "asked BI team", workshop=2, by="Sam", at="A"
    )
    assert (entry.team_id, entry.item_id, entry.status) == ("t1", "data-gaps", "in progress")
    assert entry.workshop == 2 and entry.by == "Sam"
    assert entry.history == [
        {
            "at": "A",
            "workshop": 2,
            "status": "in progress",
            "evidence": "asked BI team",
            "by": "Sam",
            "reason": "",
        }
    ]


def test_change_leaves_the_old_version_untouched_and_keeps_evidence() -> None:
    first = apply_change(None, "t1", "data-gaps", "in progress", "asked BI team", workshop=2)
    second = apply_change(first, "t1", "data-gaps", "done", workshop=3)
    assert len(first.history) == 1 and first.status == "in progress"
    assert len(second.history) == 2 and second.status == "done"
    assert second.evidence == "asked BI team"
    assert second.id == first.id


def test_not_applicable_without_a_reason_is_refused() -> None:
    with pytest.raises(ChecklistChangeError, match="reason"):
        apply_change(None, "t1", "data-deprivation", "n/a", workshop=2)
    entry = apply_change(None, "t1", "data-deprivation", "n/a", reason="Welsh data", workshop=2)
    assert entry.status == "not applicable" and entry.reason == "Welsh data"


def test_unknown_status_or_workshop_or_someone_elses_entry_is_refused() -> None:
    with pytest.raises(ChecklistChangeError):
        apply_change(None, "t1", "data-gaps", "sort of", workshop=2)
    with pytest.raises(ChecklistChangeError):
        apply_change(None, "t1", "data-gaps", "done", workshop=9)
    entry = apply_change(None, "t1", "data-gaps", "done", workshop=2)
    with pytest.raises(ChecklistChangeError):
        apply_change(entry, "t2", "data-gaps", "done", workshop=2)


def entry_with(*steps: tuple[int | None, str], team: str = "t1", item: str = "i") -> ChecklistEntry:
    entry = None
    for workshop, status in steps:
        reason = "not our area" if status == "not applicable" else ""
        entry = apply_change(entry, team, item, status, reason=reason, workshop=workshop)
    assert entry is not None
    return entry


def test_status_at_reads_the_history_workshop_by_workshop() -> None:
    entry = entry_with((2, "in progress"), (4, "done"))
    assert [status_at(entry, n) for n in range(1, 6)] == [
        "not started",
        "in progress",
        "in progress",
        "done",
        "done",
    ]
    assert status_at(None, 3) == "not started"


def test_change_between_workshops_counts_after_the_workshop_before_it() -> None:
    entry = entry_with((2, "in progress"), (None, "done"))
    assert status_at(entry, 2) == "in progress"
    assert status_at(entry, 3) == "done"
    assert [c.after for c in changes_since([entry], 2)] == ["done"]


def test_late_correction_for_an_earlier_workshop_is_placed_at_that_workshop() -> None:
    entry = entry_with((3, "done"), (2, "in progress"))
    assert status_at(entry, 2) == "in progress"
    assert status_at(entry, 3) == "done"


def test_entry_without_history_is_read_from_its_own_fields() -> None:
    entry = ChecklistEntry(team_id="t1", item_id="i", status="done", workshop=3)
    assert status_at(entry, 2) == "not started"
    assert status_at(entry, 3) == "done"


def test_minutes_since_workshop_2_show_only_items_that_moved(small: Checklist) -> None:
    moved = entry_with((2, "in progress"), (3, "done"), item="data-gaps")
    stayed = entry_with((1, "done"), item="problem-uneven")
    back_and_forth = entry_with((2, "done"), (3, "in progress"), (3, "done"), item="x")
    new = entry_with((3, "in progress"), item="problem-drivers")
    changes = changes_since([moved, stayed, back_and_forth, new], 2, small)
    assert [(c.item_id, c.before, c.after) for c in changes] == [
        ("problem-drivers", "not started", "in progress"),
        ("data-gaps", "in progress", "done"),
    ]
    assert changes[1].workshop == 3


@given(st.lists(st.tuples(st.integers(1, 8), st.sampled_from(STATUSES)), min_size=1))
def test_status_at_the_last_workshop_is_the_current_status(
    steps: list[tuple[int, str]],
) -> None:
    steps.sort(key=lambda step: step[0])
    entry = entry_with(*steps)
    assert status_at(entry, 8) == entry.status
    assert changes_since([entry], 8) == []


# --- flags ------------------------------------------------------------------------------


def member(name: str, role: str, joined: int = 1, team: str = "t1") -> Member:
    return Member(name=name, team_id=team, role=role, joined_workshop=joined)


def present(
    workshop: int, who: Member | None = None, role: str = "", team: str = "t1"
) -> Attendance:
    return Attendance(
        workshop=workshop,
        team_id=team,
        member_id=who.id if who else "",
        name=who.name if who else "walk-in",
        role=role,
    )


def codes(flags: list[Flag]) -> list[str]:
    return [flag.code for flag in flags]


def settled(checklist: Checklist) -> list[ChecklistEntry]:
    return [apply_change(None, "t1", item.id, "done", workshop=1) for item in checklist.items]


def test_team_without_public_advisor_by_workshop_2_is_flagged(small: Checklist) -> None:
    team = [member("Ann", "practitioner"), member("Bo", "commissioner")]
    flags = team_flags(small, "t1", team, [], settled(small), 2)
    assert codes(flags) == ["no-public-advisor"]
    assert "public advisor" in flags[0].message


def test_team_without_public_advisor_is_not_flagged_at_workshop_1(small: Checklist) -> None:
    assert team_flags(small, "t1", [member("Ann", "practitioner")], [], settled(small), 1) == []


def test_team_with_public_advisor_from_the_start_is_not_flagged(small: Checklist) -> None:
    team = [member("Ann", "practitioner"), member("Pat", "Patient", joined=2)]
    assert team_flags(small, "t1", team, [], settled(small), 3) == []


def test_public_advisor_of_another_team_does_not_count(small: Checklist) -> None:
    team = [member("Ann", "practitioner"), member("Pat", "public advisor", team="t2")]
    assert codes(team_flags(small, "t1", team, [], settled(small), 2)) == ["no-public-advisor"]


def test_public_advisor_joining_at_workshop_4_is_flagged_as_late(small: Checklist) -> None:
    team = [member("Ann", "practitioner"), member("Pat", "public advisor", joined=4)]
    assert codes(team_flags(small, "t1", team, [], settled(small), 3)) == ["no-public-advisor"]
    flags = team_flags(small, "t1", team, [], settled(small), 5)
    assert codes(flags) == ["public-advisor-late"]
    assert "workshop 4" in flags[0].message


def test_public_advisor_absent_at_the_last_two_registers_is_flagged(small: Checklist) -> None:
    ann, pat = member("Ann", "practitioner"), member("Pat", "public advisor")
    register = [present(1, ann), present(1, pat), present(2, ann), present(4, ann)]
    flags = team_flags(small, "t1", [ann, pat], register, settled(small), 4)
    assert codes(flags) == ["public-advisor-absent"]
    assert "(2 and 4)" in flags[0].message


def test_public_advisor_present_at_one_of_the_last_two_is_not_flagged(small: Checklist) -> None:
    ann, pat = member("Ann", "practitioner"), member("Pat", "public advisor")
    register = [present(2, ann), present(3, pat), present(4, ann)]
    assert team_flags(small, "t1", [ann, pat], register, settled(small), 4) == []


def test_walk_in_public_advisor_counts_as_present(small: Checklist) -> None:
    ann, pat = member("Ann", "practitioner"), member("Pat", "public advisor")
    register = [present(3, ann), present(4, ann), present(4, role="carer")]
    assert team_flags(small, "t1", [ann, pat], register, settled(small), 4) == []


def test_advisor_marked_absent_or_a_register_after_today_does_not_count(
    small: Checklist,
) -> None:
    ann, pat = member("Ann", "practitioner"), member("Pat", "public advisor")
    away = present(4, pat)
    away.present = False
    register = [present(3, ann), present(4, ann), away, present(5, pat)]
    flags = team_flags(small, "t1", [ann, pat], register, settled(small), 4)
    assert codes(flags) == ["public-advisor-absent"]


def test_one_register_is_not_enough_to_flag_absence(small: Checklist) -> None:
    ann, pat = member("Ann", "practitioner"), member("Pat", "public advisor")
    assert team_flags(small, "t1", [ann, pat], [present(1, ann)], settled(small), 1) == []


def test_item_past_its_workshop_and_not_done_is_overdue(small: Checklist) -> None:
    pat = member("Pat", "public advisor")
    entries = [
        apply_change(None, "t1", "problem-uneven", "done", workshop=1),
        apply_change(None, "t1", "problem-drivers", "in progress", workshop=2),
    ]
    flags = team_flags(small, "t1", [pat], [], entries, 3)
    assert codes(flags) == ["overdue"]
    assert flags[0].item_id == "problem-drivers"
    assert "What drives it?" in flags[0].message and "workshop 2" in flags[0].message
    assert "in progress" in flags[0].message


def test_not_applicable_item_is_never_overdue(small: Checklist) -> None:
    pat = member("Pat", "public advisor")
    entries = [
        apply_change(None, "t1", item.id, "n/a", reason="not for us", workshop=1)
        for item in small.items
    ]
    assert team_flags(small, "t1", [pat], [], entries, 8) == []


def test_items_without_entries_become_overdue_in_checklist_order(small: Checklist) -> None:
    pat = member("Pat", "public advisor")
    flags = team_flags(small, "t1", [pat], [], [], 4)
    assert [f.item_id for f in flags] == ["problem-uneven", "problem-drivers", "data-gaps"]
    assert "not started" in flags[0].message


def test_deleted_entry_does_not_count_as_done(small: Checklist) -> None:
    pat = member("Pat", "public advisor")
    gone = apply_change(None, "t1", "problem-uneven", "done", workshop=1)
    gone.deleted = True
    flags = team_flags(small, "t1", [pat], [], [gone], 2)
    assert [f.item_id for f in flags] == ["problem-uneven"]


# --- counts -----------------------------------------------------------------------------


def test_stage_counts_treat_items_without_entries_as_not_started(small: Checklist) -> None:
    entries = [
        apply_change(None, "t1", "problem-uneven", "done", workshop=1),
        apply_change(None, "t1", "data-gaps", "n/a", reason="no data", workshop=2),
        apply_change(None, "t1", "retired-item", "done", workshop=2),
    ]
    assert stage_counts(small, entries) == {
        "problem": {"not started": 1, "in progress": 0, "done": 1, "not applicable": 0},
        "data": {"not started": 0, "in progress": 0, "done": 0, "not applicable": 1},
    }


def test_stage_counts_for_a_table_count_every_team_once_per_item(small: Checklist) -> None:
    entries = [apply_change(None, "t1", "problem-uneven", "done", workshop=1)]
    counts = stage_counts(small, entries, team_ids=["t1", "t2"])
    assert counts["problem"] == {"not started": 3, "in progress": 0, "done": 1, "not applicable": 0}
    assert sum(counts["data"].values()) == 2
    assert stage_counts(small, [])["problem"]["not started"] == 2
