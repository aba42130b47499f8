"""Plans and checklist definitions as they arrive from Notepad, Excel and mischief: every one
either loads or is refused in one sentence naming its file and line, never a crash."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cigkit.checklist import ChecklistError, load_checklist, parse_checklist
from cigkit.cli import run
from cigkit.plans import PlanError, load_plan, parse_plan
from cigkit.tomlfile import MAX_DEPTH

PLAN = """\
title = "Workshop day"
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
"""

CHECKLIST = """\
version = 1

[[stages]]
id = "problem"
title = "The problem"

[[items]]
id = "problem-uneven"
stage = "problem"
prompt = "Is it uneven?"
framework = "HIAT"
expected_by = 1
"""


def plan_error(tmp_path: Path, data: bytes | str) -> PlanError:
    path = tmp_path / "plan.toml"
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    with pytest.raises(PlanError) as caught:
        load_plan(path, {"problem-uneven"})
    return caught.value


def checklist_error(tmp_path: Path, data: bytes | str) -> ChecklistError:
    path = tmp_path / "checklist.toml"
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    with pytest.raises(ChecklistError) as caught:
        load_checklist(path)
    return caught.value


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


# --- the stories behind each fix ---------------------------------------------------------


def test_a_plan_and_a_checklist_saved_by_notepad_with_a_bom_and_crlf_load(
    tmp_path: Path,
) -> None:
    (tmp_path / "plan.toml").write_bytes(b"\xef\xbb\xbf" + PLAN.replace("\n", "\r\n").encode())
    (tmp_path / "checklist.toml").write_bytes(b"\xef\xbb\xbf" + CHECKLIST.encode())
    assert load_plan(tmp_path / "plan.toml", {"problem-uneven"}).title == "Workshop day"
    assert load_checklist(tmp_path / "checklist.toml").ids == {"problem-uneven"}


def test_a_plan_saved_as_latin_1_names_the_line_and_says_to_save_it_as_utf8(
    tmp_path: Path,
) -> None:
    text = PLAN.replace('"Tables"', '"Tables with José"')
    error = plan_error(tmp_path, text.encode("latin-1"))
    assert error.line == line_of(text, "José")
    assert "not UTF-8" in error.message and "save it as UTF-8" in error.message
    assert "codec" not in error.message
    error = checklist_error(tmp_path, CHECKLIST.replace("uneven?", "inégal?").encode("cp1252"))
    assert error.line == line_of(CHECKLIST, "uneven?") and "not UTF-8" in error.message


def test_a_number_too_long_to_read_is_refused_on_its_line(tmp_path: Path) -> None:
    text = PLAN.replace("minutes = 40", "minutes = " + "9" * 5000)
    error = plan_error(tmp_path, text)
    assert error.line == line_of(text, "9999") and "longer than 4300 digits" in error.message
    error = checklist_error(tmp_path, CHECKLIST.replace("expected_by = 1", "expected_by = "
                                                        + "1" * 4301))
    assert error.line == line_of(CHECKLIST, "expected_by") and "digits" in error.message


def test_a_huge_hexadecimal_number_is_described_not_printed(tmp_path: Path) -> None:
    # 0x... is not limited like decimal, but printing it in decimal would be.
    text = PLAN.replace("minutes = 40", "minutes = 0x" + "f" * 4000)
    error = plan_error(tmp_path, text)
    assert error.line == line_of(text, "0xfff") and "a number of about 4817 digits" in str(error)


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5000])
def test_lists_nested_past_the_limit_are_refused_on_their_line(
    tmp_path: Path, depth: int
) -> None:
    text = PLAN.replace('["Who bears the problem?"]', "[" * depth + "]" * depth)
    error = plan_error(tmp_path, text)
    assert error.line == line_of(text, "prompts") and f"more than {MAX_DEPTH} deep" in error.message
    error = checklist_error(tmp_path, CHECKLIST + "extra = " + "{a = " * depth + "1" + "}" * depth)
    assert error.line == line_of(CHECKLIST, "expected_by") + 1 and "deep" in error.message


def test_nesting_gets_the_same_answer_however_deep_the_caller_already_is() -> None:
    text = 'title = "x"\nblocks = ' + "[" * 400 + "]" * 400 + "\n"
    with pytest.raises(PlanError) as shallow:
        parse_plan(text, "plan.toml")

    def deep_down(levels: int) -> str:
        if levels:
            return deep_down(levels - 1)
        with pytest.raises(PlanError) as caught:
            parse_plan(text, "plan.toml")
        return str(caught.value)

    assert deep_down(sys.getrecursionlimit() - 300) == str(shallow.value)
    assert str(shallow.value) == (
        f"plan.toml:2: lists or tables are nested more than {MAX_DEPTH} deep")


def test_a_key_with_a_line_break_is_quoted_on_one_line_by_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    (data / "checklist.toml").write_text('"colour\\nred" = 1\n' + CHECKLIST, encoding="utf-8")
    assert run(["--data", str(data), "check"]) == 2
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "1 problem(s) found:",
        f"  {data / 'checklist.toml'}: unknown key 'colour\\nred' (expected one of items, "
        "passport, stages, version)",
    ]
    error = plan_error(tmp_path, '"a\\u2028b" = 1\n' + PLAN)
    assert 'unknown key "a\\u2028b"' in error.message and "\u2028" not in error.message


def test_almost_a_megabyte_of_text_where_a_kind_belongs_is_quoted_short(tmp_path: Path) -> None:
    error = plan_error(tmp_path, PLAN.replace('"plenary"', '"' + "x" * 900_000 + '"'))
    assert len(str(error)) < 300 and "…" in error.message and "use one of" in error.message
    error = checklist_error(tmp_path, CHECKLIST.replace('"HIAT"', '"' + "y" * 100_000 + '"'))
    assert len(str(error)) < 300 and "is not one of HIAT" in error.message


def test_a_kind_of_unprintable_characters_is_quoted_no_longer_than_a_plain_one(
    tmp_path: Path,
) -> None:
    # Found by fuzzing: each unprintable character is escaped as 10 ("\\U000e0001"), so
    # cutting at 60 characters before escaping still printed 600.
    error = plan_error(tmp_path, PLAN.replace('"plenary"', '"' + "\U000e0001" * 60 + '"'))
    assert len(error.message) < 150 and "…" in error.message


def test_a_block_title_with_a_line_break_is_refused_on_its_line(tmp_path: Path) -> None:
    text = PLAN.replace('title = "Tables"', 'title = "Tables\\nand chairs"')
    error = plan_error(tmp_path, text)
    assert error.line == line_of(text, "Tables") and "must be one line" in error.message
    error = plan_error(tmp_path, PLAN.replace('"Workshop day"', '"Workshop\\tday"'))
    assert error.line == 1 and '"title" must be one line' in error.message


def test_a_checklist_prompt_with_a_line_separator_is_refused(tmp_path: Path) -> None:
    error = checklist_error(tmp_path, CHECKLIST.replace("uneven?", "uneven?\\u2028Really?"))
    assert error.line == line_of(CHECKLIST, "prompt =") and "one line" in error.message


def test_twice_used_ids_in_inline_stages_never_say_line_none() -> None:
    text = CHECKLIST.replace(
        '[[stages]]\nid = "problem"\ntitle = "The problem"\n',
        'stages = [{id = "problem", title = "A"}, {id = "problem", title = "B"}]\n',
    )
    with pytest.raises(ChecklistError) as caught:
        parse_checklist(text, "checklist.toml")
    assert str(caught.value) == "checklist.toml: stage id 'problem' is used twice"


def test_a_mistake_in_inline_blocks_points_at_the_blocks_line() -> None:
    text = 'title = "Day"\n\nblocks = [{title = "Welcome", minutes = 0, kind = "plenary"}]\n'
    with pytest.raises(PlanError) as caught:
        parse_plan(text, "plan.toml")
    assert caught.value.line == 3 and "between 1 and 480" in caught.value.message


def test_a_start_given_as_a_date_and_time_shows_it_as_written(tmp_path: Path) -> None:
    error = plan_error(tmp_path, PLAN.replace('start = "09:30"', "start = 2026-11-24T09:30:00Z"))
    assert error.line == 2 and "got 2026-11-24T09:30:00+00:00" in error.message


def test_a_dotted_table_padded_with_spaces_is_named_on_its_line_at_once(tmp_path: Path) -> None:
    # Found by fuzzing: the header pattern tried every split of the spaces (quadratic: 100,000
    # spaces took minutes), and a dotted [extras.more] table was named without its line.
    error = plan_error(tmp_path, PLAN + "\n[extras." + " " * 100_000 + "more]\nx = 1\n")
    assert error.line == line_of(PLAN, "checklist =") + 2 and 'unknown key "extras"' in str(error)
    error = checklist_error(tmp_path, CHECKLIST + '\n["extras" . more]\nx = 1\n')
    assert error.line == line_of(CHECKLIST, "expected_by") + 2 and "'extras'" in error.message


def test_a_file_that_never_ends_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    endless = tmp_path / "disk-image.toml"
    with endless.open("wb") as file:
        file.truncate(50_000_000)  # sparse: costs no disk
    with pytest.raises(PlanError) as caught:
        load_plan(endless)
    assert str(caught.value) == (f"{endless}: is larger than 1 MB, far more than any plan; "
                                 "is this the right file?")
    with pytest.raises(ChecklistError, match="far more than any checklist"):
        load_checklist(endless)
