"""Plans and checklist definitions as they arrive from Notepad, Excel and mischief: every one
either loads or is refused in one sentence naming its file and line, never a crash."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from hostile_input import Programme, assert_cli_refused, assert_one_sentence, lines_in
from hypothesis import given, settings
from hypothesis import strategies as st

from cigkit.checklist import ChecklistError, load_checklist, parse_checklist
from cigkit.cli import run
from cigkit.errors import one_line
from cigkit.plans import KINDS, PlanError, load_plan, load_plans, parse_plan
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


# --- fuzzing: generated plans and checklists, from plausible to hostile --------------------
#
# Each generated file is written as bytes (UTF-8, with a BOM, Latin-1, cp1252 or UTF-16; LF,
# CRLF or CR; sometimes cut short, spliced with junk or with a line doubled). The library
# must load it or raise its own error as one sentence naming the file and a real line; the
# command line must say that same sentence with exit status 2 and change nothing stored.

SESSIONS = Path(__file__).resolve().parent.parent / "sessions"
SHIPPED_PLAN = (SESSIONS / "workshop-01.toml").read_text(encoding="utf-8")
SHIPPED_CHECKLIST = (SESSIONS / "checklist.toml").read_text(encoding="utf-8")
SHIPPED_IDS = sorted(load_checklist(SESSIONS / "checklist.toml").ids)


class Raw(str):
    """TOML written as it is: numbers too long to read, nesting too deep to parse."""


_TOML_ESCAPES = {ord('"'): '\\"', ord("\\"): "\\\\"} | {
    c: f"\\u{c:04x}" for c in [*range(0x20), 0x7F]}


def toml_string(text: str) -> str:
    return '"' + text.translate(_TOML_ESCAPES) + '"'


def toml_key(key: str) -> str:
    bare = key and all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in key)
    return key if bare else toml_string(key)


def toml_value(value: object) -> str:
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(repr(value), repr(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    return str(value)


def table_text(header: str | None, table: dict[str, object]) -> str:
    lines = [header] if header else []
    lines += [f"{toml_key(k)} = {toml_value(v)}" for k, v in table.items()]
    return "\n".join(lines) + "\n"


long_texts = st.builds(lambda ch, n: ch * n, st.characters(), st.integers(0, 30_000))
huge_numbers = st.builds(lambda n: Raw("9" * n), st.integers(4290, 4400)) | st.builds(
    lambda n: Raw("0x" + "f" * n), st.integers(1, 5000))
deep_values = st.builds(
    lambda n, inline: Raw(("{a = " * n + "1" + "}" * n) if inline else "[" * n + "]" * n),
    st.integers(MAX_DEPTH - 3, MAX_DEPTH + 3) | st.integers(0, 3000), st.booleans())
scalars = st.one_of(
    st.integers(), st.sampled_from([0, -1, 1, 59, 60, 61, 479, 480, 481, 2**63 - 1, -(2**63)]),
    st.floats(), st.booleans(), st.text(max_size=12), long_texts, huge_numbers, deep_values,
    st.times(), st.dates(), st.datetimes(timezones=st.none() | st.just(UTC)),
)
values = st.recursive(
    scalars, lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=6),
                                                                         kids, max_size=3),
    max_leaves=3)
names = st.one_of(
    st.sampled_from(["Welcome", "Tables: the problem", "Coffee", "Report-back (all)",
                     "Who's missing?", "Lunch", "Input: data, 2024"]),
    st.text(st.characters(categories=("L", "N", "P", "Zs")), min_size=1, max_size=30),
).filter(lambda s: s.strip() == s and bool(s))


CHOICE = st.sampled_from(range(20))
COUNTS = st.sampled_from([1, 1, 2, 2, 3, 4, 0])
"""Blocks, stages or items in a document: now and then none at all."""
HOSTILITY = st.sampled_from([0, 0, 2, 5])
"""Of 20 choices, how many are hostile: half the documents are good in every field."""
GOOD_MINUTES = st.integers(1, 480)
GOOD_KIND = st.sampled_from(KINDS)
GOOD_WARN = st.integers(0, 60)
GOOD_VERSION = st.integers(1, 3)
GOOD_WORKSHOP = st.integers(1, 8)
GOOD_START = st.sampled_from(["09:30", "08:00", "13:45"]) | st.times()
GOOD_PROMPTS = st.lists(names, max_size=3)
GOOD_CHECKLIST = st.lists(st.sampled_from(SHIPPED_IDS), max_size=3)
TYPO_KEYS = st.sampled_from(["knd", "notes", "Minutes", "colour", "Title", ""]) | st.text()
IDS = st.sampled_from(["problem", "data", "problem-uneven", "data-gaps", "share"])
FRAMEWORK_SPELLINGS = st.sampled_from(["HIAT", "hiat", "PROGRESS-Plus", "EHIA"])
DOMAINS = st.lists(st.fixed_dictionaries({"id": IDS, "label": names}), max_size=3)


@dataclass
class Document:
    """How hostile one generated document is, and whether it is still one cigkit must load."""

    hostility: int
    """Of 20 choices, how many are hostile."""
    valid: bool = True

    def hostile(self, draw: st.DrawFn, rarely: bool = False) -> bool:
        return draw(CHOICE) < (self.hostility // 2 if rarely else self.hostility)

    def field(self, draw: st.DrawFn, fields: dict[str, object], key: str,
              good: st.SearchStrategy[object], required: bool = False) -> None:
        """Put a good value at `key`, or now and then a hostile one or none at all."""
        choice = draw(CHOICE)
        if choice >= self.hostility:
            fields[key] = draw(good)
        elif choice == 0:
            self.valid = self.valid and not required
        else:
            fields[key] = draw(values)
            self.valid = False  # it may still load (5 is good minutes): the oracle re-checks


@st.composite
def plan_documents(draw: st.DrawFn) -> tuple[str, bool]:
    """TOML text of a plan and whether every choice made was one a plan may have."""
    doc = Document(draw(HOSTILITY))
    top: dict[str, object] = {}
    doc.field(draw, top, "title", names, required=True)
    doc.field(draw, top, "start", GOOD_START)
    blocks = []
    for _ in range(draw(COUNTS)):
        block: dict[str, object] = {}
        doc.field(draw, block, "title", names, required=True)
        doc.field(draw, block, "minutes", GOOD_MINUTES, required=True)
        doc.field(draw, block, "kind", GOOD_KIND, required=True)
        doc.field(draw, block, "prompts", GOOD_PROMPTS)
        doc.field(draw, block, "checklist", GOOD_CHECKLIST)
        doc.field(draw, block, "warn_minutes", GOOD_WARN)
        if doc.hostile(draw, rarely=True):
            block[draw(TYPO_KEYS)] = 1
            doc.valid = False
        blocks.append(block)
    if not blocks:
        doc.valid = False
    if doc.hostile(draw, rarely=True):
        top[draw(TYPO_KEYS)] = draw(values)
        doc.valid = False
    if draw(st.integers(0, 4)) == 0:  # blocks as one inline array instead of [[blocks]]
        top["blocks"] = blocks
        return table_text(None, top), doc.valid
    text = table_text(None, top) + "".join("\n" + table_text("[[blocks]]", b) for b in blocks)
    return text, doc.valid


@st.composite
def checklist_documents(draw: st.DrawFn) -> tuple[str, bool]:
    """TOML text of a checklist definition and whether every choice was one it may have."""
    doc = Document(draw(HOSTILITY))
    top: dict[str, object] = {}
    doc.field(draw, top, "version", GOOD_VERSION, required=True)
    stages, items = [], []
    for _ in range(draw(COUNTS)):
        stage: dict[str, object] = {}
        doc.field(draw, stage, "id", IDS, required=True)
        doc.field(draw, stage, "title", names, required=True)
        stages.append(stage)
    stage_ids = [s["id"] for s in stages if isinstance(s.get("id"), str)]
    if not stages or len(set(stage_ids)) < len(stages):
        doc.valid = False  # none, or an id used twice
    for _ in range(draw(COUNTS)):
        item: dict[str, object] = {}
        doc.field(draw, item, "id", IDS, required=True)
        doc.field(draw, item, "stage", IDS, required=True)
        doc.field(draw, item, "prompt", names, required=True)
        doc.field(draw, item, "help", names)
        doc.field(draw, item, "framework", FRAMEWORK_SPELLINGS, required=True)
        doc.field(draw, item, "expected_by", GOOD_WORKSHOP, required=True)
        items.append(item)
    item_ids = [i.get("id") for i in items]
    if not items or len(set(map(str, item_ids))) < len(items) or not stage_ids or any(
            i.get("stage") not in stage_ids for i in items):
        doc.valid = False
    text = table_text(None, top)
    text += "".join("\n" + table_text("[[stages]]", s) for s in stages)
    text += "".join("\n" + table_text("[[items]]", i) for i in items)
    if draw(st.integers(0, 3)) == 0:
        domains = draw(DOMAINS)
        text += "\n[passport]\ndomains = " + toml_value(domains) + "\n"
        if not domains or len({d["id"] for d in domains}) < len(domains):
            doc.valid = False
    if doc.hostile(draw, rarely=True):
        text += "\n[extras]\n" + table_text(None, {draw(TYPO_KEYS): draw(values)})
        doc.valid = False
    return text, doc.valid


ENCODINGS = st.sampled_from(["utf-8"] * 6 + ["utf-8-sig"] * 2 + ["latin-1", "cp1252", "utf-16"])
NEWLINES = st.sampled_from(["\n", "\r\n", "\r"])
DAMAGE = st.sampled_from(["none"] * 5 + ["cut", "splice", "double", "bom-twice"])
JUNK = st.binary(min_size=1, max_size=8)


@st.composite
def as_saved(draw: st.DrawFn, documents: st.SearchStrategy[tuple[str, bool]]) -> tuple[bytes, bool]:
    """A document as an editor might save it, and whether it must still load."""
    text, valid = draw(documents)
    newline = draw(NEWLINES)
    text = text.replace("\n", newline)
    encoding = draw(ENCODINGS)
    data = text.encode(encoding, errors="replace")
    if encoding not in ("utf-8", "utf-8-sig") and data != text.encode():
        valid = False
    damage = draw(DAMAGE)
    at = draw(st.integers(0, len(data)))
    if damage == "cut":
        data = data[:at]
    elif damage == "splice":
        data = data[:at] + draw(JUNK) + data[at:]
    elif damage == "double":
        lines = data.splitlines(keepends=True) or [b""]
        n = at % len(lines)
        data = b"".join(lines[: n + 1] + lines[n:])
    elif damage == "bom-twice":
        data = b"\xef\xbb\xbf" + data
    return data, valid and damage == "none"


def files(documents: st.SearchStrategy[tuple[str, bool]], shipped: str) -> st.SearchStrategy[
        tuple[bytes, bool]]:
    """Mostly generated documents, sometimes the shipped file as saved or damaged, sometimes
    any bytes at all; each with whether it must load."""
    generated = as_saved(documents)
    return st.one_of(*[generated] * 6, as_saved(st.just((shipped, True))),
                     st.tuples(st.binary(max_size=300), st.just(False)))


plan_files = files(plan_documents(), SHIPPED_PLAN)
checklist_files = files(checklist_documents(), SHIPPED_CHECKLIST)


def plan_outcome(path: Path, data: bytes, must_load: bool) -> PlanError | None:
    """Load the plan as the app would; the error if refused, after checking its sentence."""
    path.write_bytes(data)
    try:
        plan = load_plan(path, set(SHIPPED_IDS))
    except PlanError as error:
        assert not must_load, error
        assert_one_sentence(str(error), path, lines_in(data))
        return error
    assert plan.blocks and plan.title == plan.title.strip() and one_line(plan.title)
    for block in plan.blocks:
        assert 1 <= block.minutes <= 480 and block.kind in KINDS and 0 <= block.warn_minutes <= 60
        assert set(block.checklist) <= set(SHIPPED_IDS) and one_line(block.title)
    return None


def checklist_outcome(path: Path, data: bytes, must_load: bool) -> ChecklistError | None:
    path.write_bytes(data)
    try:
        checklist = load_checklist(path)
    except ChecklistError as error:
        assert not must_load, error
        assert_one_sentence(str(error), path, lines_in(data))
        return error
    assert checklist.stages and checklist.items and checklist.domains
    stage_ids = {stage.id for stage in checklist.stages}
    assert len(checklist.ids) == len(checklist.items) and len(stage_ids) == len(checklist.stages)
    for item in checklist.items:
        assert item.stage in stage_ids and item.expected_by in range(1, 9) and one_line(item.prompt)
    return None


@pytest.fixture(scope="module")
def programme(tmp_path_factory: pytest.TempPathFactory) -> Programme:
    return Programme(tmp_path_factory.mktemp("hostile-plans"))


@settings(max_examples=500)
@given(plan_files)
def test_any_plan_file_loads_or_is_one_sentence_naming_its_line(
    programme: Programme, file: tuple[bytes, bool]
) -> None:
    plan_outcome(programme.data.parent / "incoming.toml", *file)


@settings(max_examples=400)
@given(checklist_files)
def test_any_checklist_file_loads_or_is_one_sentence_naming_its_line(
    programme: Programme, file: tuple[bytes, bool]
) -> None:
    checklist_outcome(programme.data.parent / "incoming-checklist.toml", *file)


@settings(max_examples=40)
@given(plan_files)
def test_plans_check_says_the_same_sentence_with_status_2_and_stores_nothing(
    programme: Programme, file: tuple[bytes, bool]
) -> None:
    path = programme.data.parent / "workshop-09.toml"
    error = plan_outcome(path, *file)
    result = programme.cli("plans", "check", str(path))
    if error is None:
        assert result[0] == 0 and result[1].startswith(f"{path}: fine: ") and not result[2]
        return
    assert_cli_refused(result, str(error))
    assert programme.dump() == programme.dump_before


@settings(max_examples=30)
@given(checklist_files)
def test_check_reports_a_broken_own_checklist_as_its_one_problem_and_stores_nothing(
    programme: Programme, file: tuple[bytes, bool]
) -> None:
    own = programme.data / "checklist.toml"
    try:
        error = checklist_outcome(own, *file)
        code, out, err = programme.cli("check")
        ids = None if error else set(load_checklist(own).ids)
    finally:
        own.unlink()  # `plans check` reads the folder's checklist too
    if error is not None:
        assert (code, err) == (2, f"1 problem(s) found:\n  {error}\n")
    else:
        # A good checklist without the ids the shipped plans name makes each such plan a
        # problem, named by file and line; one with all of them makes the folder well.
        _, plan_errors = load_plans([SESSIONS], ids)
        problems = [str(e) for e in plan_errors]
        assert code == (2 if problems else 0)
        assert err == (f"{len(problems)} problem(s) found:\n" + "".join(
            f"  {p}\n" for p in problems) if problems else "")
        assert all("unknown checklist item" in p for p in problems)
    assert "Traceback" not in out + err and "unexpected" not in out + err
    assert programme.dump() == programme.dump_before
