"""Session plans: the blocks of a workshop day, loaded from TOML and explained when wrong.

A facilitator edits plans by hand, so every mistake is reported as ``FILE:LINE: message``
pointing at the line to fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Any

from . import tomlfile
from .errors import FileLineError, one_line, quoted, shown
from .filecache import parsed

KINDS = ("plenary", "table discussion", "break", "report-back")
PLAN_KEYS = ("title", "start", "blocks")
BLOCK_KEYS = ("title", "minutes", "kind", "prompts", "checklist", "warn_minutes")
CHECKLIST_FILE = "checklist.toml"
DEFAULT_START = time(9, 30)
DEFAULT_WARN_MINUTES = 2
MAX_MINUTES = 480


@dataclass(frozen=True)
class Block:
    """One part of the day: a talk, a table discussion, a break or a report-back."""

    title: str
    minutes: int
    kind: str
    prompts: tuple[str, ...] = ()
    checklist: tuple[str, ...] = ()
    warn_minutes: int = DEFAULT_WARN_MINUTES


@dataclass(frozen=True)
class Plan:
    """A workshop day as the facilitator planned it; `name` is the file stem."""

    name: str
    title: str
    start: time
    blocks: tuple[Block, ...]
    path: Path

    @property
    def total_minutes(self) -> int:
        return sum(block.minutes for block in self.blocks)


class PlanError(FileLineError):
    """A plan the facilitator must fix, pointing at the file and, when known, the line."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path = Path(path)
        super().__init__(path, line, message)


# --- finding the line a key is on (tomllib gives no positions) -----------------------

# The name starts and ends with a non-space, so no two parts of the pattern compete for the
# same spaces: linear time even for a header padded with thousands of them.
_HEADER = re.compile(r"^\s*\[\[?\s*([^\[\]\s](?:[^\[\]]*[^\[\]\s])?)\s*\]\]?\s*(#.*)?$")
_BLOCKS_HEADER = re.compile(r"^\s*\[\[\s*blocks\s*\]\]\s*(#.*)?$")


def _key_pattern(key: str) -> re.Pattern[str]:
    quoted = re.escape(key)
    return re.compile(rf"""^\s*(?:{quoted}|"{quoted}"|'{quoted}')\s*[=.]""")


def _sections(text: str) -> list[tuple[int, int | None, str]]:
    """Each line as (line number, block number or None, the line), tracking [[blocks]]."""
    result: list[tuple[int, int | None, str]] = []
    block: int | None = None
    count = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if _BLOCKS_HEADER.match(line):
            count += 1
            block = count
        elif _HEADER.match(line):
            block = -1  # some other table: neither top level nor a block
        result.append((number, block, line))
    return result


def _table_key(name: str) -> str:
    """The top-level key a table header defines: "extras" for [extras] and [ extras . more ]."""
    return name.split(".", 1)[0].strip().strip("\"'")


def find_line(text: str, key: str | None = None, block: int | None = None) -> int | None:
    """The line of `key` at the top level or in the Nth (1-based) ``[[blocks]]``.

    With no key, the line of that block's header. None when it cannot be found.
    """
    lines = _sections(text)
    if key is None:
        if block is None:
            return None
        return next((n for n, b, line in lines if b == block and _BLOCKS_HEADER.match(line)), None)
    pattern = _key_pattern(key)
    for number, section, line in lines:
        if section == block and pattern.match(line):
            return number
        if block is None and (header := _HEADER.match(line)) and _table_key(header.group(1)) == key:
            return number
    return None


# --- validation ------------------------------------------------------------------------


class _Checker:
    """Validates one parsed plan, raising PlanError with the line of the offending key."""

    def __init__(self, path: Path, text: str, checklist_ids: set[str] | None) -> None:
        self.path = path
        self.text = text
        self.checklist_ids = checklist_ids

    def fail(self, message: str, key: str | None = None, block: int | None = None) -> PlanError:
        line = find_line(self.text, key, block)
        if line is None and block is not None:
            line = find_line(self.text, None, block) or find_line(self.text, "blocks")
        return PlanError(self.path, line, message)

    def plan(self, data: dict[str, Any]) -> Plan:
        for key in data:
            if key not in PLAN_KEYS:
                raise self.fail(f"unknown key {quoted(key)} (a plan has: {', '.join(PLAN_KEYS)})",
                                key)
        title = data.get("title")
        if title is None:
            raise PlanError(self.path, 1, 'the plan has no "title"')
        if not isinstance(title, str) or not title.strip():
            raise self.fail('"title" must be some text in quotes', "title")
        if not one_line(title):
            raise self.fail('"title" must be one line, without tabs or control characters',
                            "title")
        start = self.start(data.get("start", DEFAULT_START))
        blocks = data.get("blocks")
        if blocks is None or blocks == []:
            raise PlanError(self.path, None, "the plan has no blocks: add at least one [[blocks]]")
        if not isinstance(blocks, list) or not all(isinstance(b, dict) for b in blocks):
            raise self.fail('"blocks" must be a list of [[blocks]] tables', "blocks")
        checked = tuple(self.block(number, raw) for number, raw in enumerate(blocks, start=1))
        return Plan(self.path.stem, title.strip(), start, checked, self.path)

    def start(self, value: object) -> time:
        if isinstance(value, time):
            return value.replace(tzinfo=None)
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", value) if isinstance(value, str) else None
        if match and int(match.group(1)) < 24 and int(match.group(2)) < 60:
            return time(int(match.group(1)), int(match.group(2)))
        raise self.fail(f'"start" must be a time like "09:30", got {shown(value)}', "start")

    def block(self, number: int, raw: dict[str, Any]) -> Block:
        for key in raw:
            if key not in BLOCK_KEYS:
                raise self.fail(
                    f"unknown key {quoted(key)} in block {number} "
                    f"(a block has: {', '.join(BLOCK_KEYS)})",
                    key,
                    number,
                )
        for key in ("title", "minutes", "kind"):
            if key not in raw:
                raise self.fail(f'block {number} has no "{key}"', None, number)
        title = raw["title"]
        if not isinstance(title, str) or not title.strip():
            raise self.fail(f'block {number}: "title" must be some text in quotes', "title", number)
        if not one_line(title):
            raise self.fail(f'block {number}: "title" must be one line, without tabs or control '
                            "characters", "title", number)
        name = f"block {number} {quoted(title.strip())}"
        minutes = self.whole_number(raw["minutes"], "minutes", name, number)
        if minutes <= 0 or minutes > MAX_MINUTES:
            raise self.fail(
                f'{name}: "minutes" must be between 1 and {MAX_MINUTES}, got {shown(minutes)}',
                "minutes",
                number,
            )
        kind = raw["kind"]
        if kind not in KINDS:
            raise self.fail(
                f"{name}: unknown kind {shown(kind)} (use one of: {', '.join(KINDS)})", "kind",
                number,
            )
        prompts = self.texts(raw.get("prompts", []), "prompts", name, number)
        checklist = self.texts(raw.get("checklist", []), "checklist", name, number)
        if self.checklist_ids is not None:
            for item in checklist:
                if item not in self.checklist_ids:
                    raise self.fail(f"{name}: unknown checklist item {quoted(item)}", "checklist",
                                    number)
        warn = self.whole_number(
            raw.get("warn_minutes", DEFAULT_WARN_MINUTES), "warn_minutes", name, number
        )
        if warn < 0 or warn > 60:
            raise self.fail(
                f'{name}: "warn_minutes" must be between 0 and 60, got {warn}',
                "warn_minutes",
                number,
            )
        return Block(title.strip(), minutes, kind, prompts, checklist, warn)

    def whole_number(self, value: object, key: str, name: str, number: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(f'{name}: "{key}" must be a whole number, got {shown(value)}', key,
                            number)
        return value

    def texts(self, value: object, key: str, name: str, number: int) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(
                f'{name}: "{key}" must be a list of texts in quotes, like ["a", "b"]', key, number
            )
        return tuple(value)


def parse_plan(text: str, path: Path | str, checklist_ids: set[str] | None = None) -> Plan:
    """A plan from TOML text; `path` names it in errors and gives its name."""
    path = Path(path)
    data = tomlfile.loads(text, path, PlanError)
    return _Checker(path, text, checklist_ids).plan(data)


def load_plan(path: Path | str, checklist_ids: set[str] | None = None) -> Plan:
    """Read and validate one plan file; raises PlanError explaining what to fix.

    Parsed once while the file is unchanged: the picker, the clock and the minutes all ask
    for every workshop's plan, over and over.
    """
    path = Path(path)
    ids = frozenset(checklist_ids) if checklist_ids is not None else None
    return parsed(path, lambda: _read_plan(path, checklist_ids), ids)


def _read_plan(path: Path, checklist_ids: set[str] | None) -> Plan:
    text = tomlfile.read_text(path, "plan", PlanError)
    return parse_plan(text, path, checklist_ids)


def find_plans(dirs: Iterable[Path | str]) -> dict[str, Path]:
    """Plan files by name; a later folder wins, so pass [shipped, user]."""
    found: dict[str, Path] = {}
    for folder in dirs:
        folder = Path(folder)
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            if path.name != CHECKLIST_FILE and path.is_file():
                found[path.stem] = path
    return dict(sorted(found.items()))


def load_plans(
    dirs: Iterable[Path | str], checklist_ids: set[str] | None = None
) -> tuple[dict[str, Plan], list[PlanError]]:
    """Every plan that loads, and an error for each one that does not."""
    plans: dict[str, Plan] = {}
    errors: list[PlanError] = []
    for name, path in find_plans(dirs).items():
        try:
            plans[name] = load_plan(path, checklist_ids)
        except PlanError as error:
            errors.append(error)
    return plans, errors


def plan_name_for_workshop(number: int) -> str:
    return f"workshop-{number:02d}"


def plan_for_workshop(plans: dict[str, Plan], number: int) -> Plan | None:
    """The plan named ``workshop-NN`` for workshop number NN, if there is one."""
    return plans.get(plan_name_for_workshop(number))
