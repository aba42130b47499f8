"""The equity checklist: its definition in TOML and the pure logic of each team's progress.

Plain Python over model records, so the CLI, the TUI, the store and the minutes share one
meaning of "done", "overdue" and "what moved since workshop 2".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cigkit import tomlfile
from cigkit.errors import FileLineError, one_line, quoted, shown
from cigkit.filecache import parsed
from cigkit.passport import CO_VALUE_DOMAINS, PassportDomain
from cigkit.statuses import (
    SETTLED,
    STATUS_ASCII,
    STATUS_SYMBOLS,
    STATUSES,
    normalise_status,
    status_symbol,
)

__all__ = [
    "SETTLED", "STATUS_ASCII", "STATUS_SYMBOLS", "STATUSES", "normalise_status", "status_symbol",
    "FRAMEWORKS", "Checklist", "ChecklistError", "ChecklistItem", "Stage", "check_ids_unchanged",
    "load_checklist", "parse_checklist",
]

FRAMEWORKS = ("HIAT", "PROGRESS-Plus", "Core20PLUS5", "HEIA", "EHIA")
WORKSHOPS = range(1, 9)
PUBLIC_ADVISOR = "public advisor"

# --- the definition ---------------------------------------------------------------------


class ChecklistError(FileLineError):
    """A checklist definition the user edited wrongly, pointing at the line to fix."""

    def __init__(self, path: str | Path, line: int | None, message: str) -> None:
        self.path = str(path)
        super().__init__(path, line, message)


@dataclass(frozen=True)
class Stage:
    """A step of the evaluation plan that groups checklist items."""

    id: str
    title: str


@dataclass(frozen=True)
class ChecklistItem:
    """One equity question a team answers, and the workshop by which it should be settled."""

    id: str
    stage: str
    prompt: str
    help: str
    framework: str
    expected_by: int


@dataclass(frozen=True)
class Checklist:
    """A loaded, validated checklist definition with its passport domains."""

    stages: tuple[Stage, ...]
    items: tuple[ChecklistItem, ...]
    domains: tuple[PassportDomain, ...] = CO_VALUE_DOMAINS
    path: Path | None = None
    version: int = 1

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(item.id for item in self.items)

    def item(self, item_id: str) -> ChecklistItem:
        """The item with this id; KeyError names the id when a record refers to a lost item."""
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def stage(self, stage_id: str) -> Stage:
        for stage in self.stages:
            if stage.id == stage_id:
                return stage
        raise KeyError(stage_id)

    def items_by_stage(self) -> dict[str, list[ChecklistItem]]:
        """Items grouped under their stage, both in the order the file gives them."""
        grouped: dict[str, list[ChecklistItem]] = {stage.id: [] for stage in self.stages}
        for item in self.items:
            grouped[item.stage].append(item)
        return grouped


_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_HEADER = re.compile(r"^\s*\[\[?\s*([^\[\]\s](?:[^\[\]]*[^\[\]\s])?)\s*\]\]?")
"""A table header; its name starts and ends with a non-space (linear time, whatever the padding)."""
_TOP_KEYS = {"version", "stages", "items", "passport"}
_STAGE_KEYS = {"id", "title"}
_ITEM_KEYS = {"id", "stage", "prompt", "help", "framework", "expected_by"}
_ITEM_REQUIRED = ("id", "stage", "prompt", "framework", "expected_by")
_PASSPORT_KEYS = {"domains"}
_DOMAIN_KEYS = {"id", "label", "help"}


_Fail = Callable[[int | None, str], ChecklistError]
Q = "'"
"""Checklist messages quote what the file says in single quotes."""


class _Lines:
    """Finds the line of a table or key, since tomllib reports none for valid TOML."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.headers: list[tuple[int, str]] = []  # (0-based index, table name)
        for index, line in enumerate(self.lines):
            match = _HEADER.match(line)
            if match and not line.lstrip().startswith("#"):
                name = ".".join(part.strip().strip("\"'") for part in match.group(1).split("."))
                self.headers.append((index, name))

    def section(self, table: str, nth: int = 0) -> tuple[int, int] | None:
        """0-based [start, end) of the nth `[[table]]` (or `[table]`); start is the header."""
        starts = [i for i, name in self.headers if name == table]
        if nth >= len(starts):
            return None
        start = starts[nth]
        end = next((i for i, _ in self.headers if i > start), len(self.lines))
        return start, end

    def top(self) -> tuple[int, int]:
        return 0, self.headers[0][0] if self.headers else len(self.lines)

    def table_line(self, key: str) -> int | None:
        """1-based line of the first header defining top-level `key`: [key] or [key.sub]."""
        return next((i + 1 for i, name in self.headers if name.split(".", 1)[0] == key), None)

    def header_line(self, table: str, nth: int = 0) -> int | None:
        span = self.section(table, nth)
        return span[0] + 1 if span else None

    def find_key(self, span: tuple[int, int] | None, key: str) -> int | None:
        """1-based line of `key = ...` inside span, or None."""
        if span is None:
            return None
        name = re.escape(key)
        pattern = re.compile(rf"^\s*(\"{name}\"|'{name}'|{name})\s*=")
        for index in range(span[0], span[1]):
            if pattern.match(self.lines[index]):
                return index + 1
        return None

    def key_line(self, span: tuple[int, int] | None, key: str) -> int | None:
        """Like find_key, falling back to the first line of the span (its header)."""
        if span is None:
            return None
        return self.find_key(span, key) or span[0] + 1

    def nth_inline(self, span: tuple[int, int] | None, nth: int) -> int | None:
        """1-based line of the nth inline table `{ ... }` in span (passport domains)."""
        if span is None:
            return None
        seen = -1
        for index in range(span[0], span[1]):
            seen += self.lines[index].count("{")
            if seen >= nth:
                return index + 1
        return span[0] + 1


def load_checklist(path: str | Path) -> Checklist:
    """Read and validate a checklist definition; any mistake raises ChecklistError with a line.

    Parsed once while the file is unchanged (every plan is checked against its ids).
    """
    path = Path(path)
    return parsed(path, lambda: _read_checklist(path))


def _read_checklist(path: Path) -> Checklist:
    return parse_checklist(tomlfile.read_text(path, "checklist", ChecklistError), path)


def parse_checklist(text: str, path: str | Path = "<checklist>") -> Checklist:
    """Validate checklist TOML given as text; `path` is only used in error messages."""
    data = tomlfile.loads(text, Path(path), ChecklistError)
    lines = _Lines(text)

    def fail(line: int | None, message: str) -> ChecklistError:
        return ChecklistError(path, line, message)

    top = lines.top()
    for key in data:
        if key not in _TOP_KEYS:
            line = lines.find_key(top, key) or lines.table_line(key)
            raise fail(line, f"unknown key {quoted(key, Q)} (expected one of {_names(_TOP_KEYS)})")
    version = data.get("version")
    if version is None:
        raise fail(1, "missing top-level 'version' (e.g. version = 1)")
    if not _is_int(version) or version < 1:
        raise fail(lines.key_line(top, "version"), "'version' must be a whole number from 1")

    stages = _parse_stages(data.get("stages"), lines, fail)
    items = _parse_items(data.get("items"), stages, lines, fail)
    domains = _parse_domains(data.get("passport"), lines, fail)
    return Checklist(tuple(stages), tuple(items), domains, Path(path), version)


def _parse_stages(raw: Any, lines: _Lines, fail: _Fail) -> list[Stage]:
    if not isinstance(raw, list) or not raw:
        raise fail(None, "no [[stages]] defined; the checklist needs at least one stage")
    stages: list[Stage] = []
    first_line: dict[str, int | None] = {}
    for n, table in enumerate(raw):
        span = lines.section("stages", n)
        fields = _fields(table, _STAGE_KEYS, ("id", "title"), "stage", span, lines, fail)
        stage_id = fields["id"]
        here = lines.key_line(span, "id")
        if stage_id in first_line:
            raise fail(
                here, f"stage id '{stage_id}' is used twice{_first_at(first_line[stage_id])}"
            )
        first_line[stage_id] = here
        stages.append(Stage(stage_id, fields["title"]))
    return stages


def _parse_items(raw: Any, stages: list[Stage], lines: _Lines, fail: _Fail) -> list[ChecklistItem]:
    if not isinstance(raw, list) or not raw:
        raise fail(None, "no [[items]] defined; the checklist needs at least one item")
    stage_ids = [stage.id for stage in stages]
    canonical = {name.lower(): name for name in FRAMEWORKS}
    items: list[ChecklistItem] = []
    first_line: dict[str, int | None] = {}
    for n, table in enumerate(raw):
        span = lines.section("items", n)
        fields = _fields(table, _ITEM_KEYS, _ITEM_REQUIRED, "item", span, lines, fail)
        item_id = fields["id"]
        here = lines.key_line(span, "id")
        if item_id in first_line:
            raise fail(
                here, f"item id '{item_id}' is used twice{_first_at(first_line[item_id])}"
            )
        first_line[item_id] = here
        if fields["stage"] not in stage_ids:
            raise fail(
                lines.key_line(span, "stage"),
                f"item '{item_id}' names stage {quoted(fields['stage'], Q)}, "
                f"which is not one of {', '.join(stage_ids)}",
            )
        if not one_line(fields["prompt"]):
            raise fail(lines.key_line(span, "prompt"), f"item '{item_id}': prompt must be one line")
        framework = canonical.get(str(fields["framework"]).lower())
        if framework is None:
            raise fail(
                lines.key_line(span, "framework"),
                f"item '{item_id}': framework {quoted(fields['framework'], Q)} is not one of "
                f"{', '.join(FRAMEWORKS)}",
            )
        expected_by = fields["expected_by"]
        if not _is_int(expected_by) or expected_by not in WORKSHOPS:
            raise fail(
                lines.key_line(span, "expected_by"),
                f"item '{item_id}': expected_by must be a workshop number from 1 to 8, "
                f"not {shown(expected_by, Q)}",
            )
        items.append(
            ChecklistItem(
                item_id,
                fields["stage"],
                fields["prompt"],
                fields.get("help", ""),
                framework,
                expected_by,
            )
        )
    return items


def _parse_domains(raw: Any, lines: _Lines, fail: _Fail) -> tuple[PassportDomain, ...]:
    if raw is None:
        return CO_VALUE_DOMAINS
    span = lines.section("passport")
    if not isinstance(raw, dict):
        raise fail(lines.key_line(lines.top(), "passport"), "'passport' must be a table")
    for key in raw:
        if key not in _PASSPORT_KEYS:
            raise fail(lines.key_line(span, key), f"unknown key {quoted(key, Q)} in [passport]")
    entries = raw.get("domains")
    if not isinstance(entries, list) or not entries:
        raise fail(lines.header_line("passport"), "[passport] needs a non-empty 'domains' list")
    domain_spans = [lines.section("passport.domains", n) for n in range(len(entries))]
    domains: list[PassportDomain] = []
    first_line: dict[str, int | None] = {}
    for n, table in enumerate(entries):
        if domain_spans[n] is not None:
            here = lines.header_line("passport.domains", n)
        else:
            here = lines.nth_inline(span, n)
        single = (here - 1, here) if here else None
        fields = _fields(table, _DOMAIN_KEYS, ("id", "label"), "domain", single, lines, fail)
        domain_id = fields["id"]
        if domain_id in first_line:
            raise fail(
                here,
                f"passport domain '{domain_id}' is used twice{_first_at(first_line[domain_id])}",
            )
        first_line[domain_id] = here
        domains.append(PassportDomain(domain_id, fields["label"], fields.get("help", "")))
    return tuple(domains)


def _fields(
    table: Any,
    allowed: set[str],
    required: Sequence[str],
    what: str,
    span: tuple[int, int] | None,
    lines: _Lines,
    fail: _Fail,
) -> dict[str, Any]:
    """Check one table's keys and string fields, pointing errors at the offending line."""
    header = span[0] + 1 if span else None
    if not isinstance(table, dict):
        raise fail(header, f"each {what} must be a table")
    label = f"this {what}"
    if isinstance(table.get("id"), str):
        label = f"{what} {quoted(table['id'], Q)}"
    for key in table:
        if key not in allowed:
            raise fail(
                lines.key_line(span, key),
                f"unknown key {quoted(key, Q)} in {label} (expected one of {_names(allowed)})",
            )
    for key in required:
        if key not in table:
            raise fail(header, f"{label} is missing '{key}'")
    for key, value in table.items():
        if key == "expected_by":
            continue
        if not isinstance(value, str) or (key in required and not value.strip()):
            raise fail(lines.key_line(span, key), f"{label}: '{key}' must be non-empty text")
    if "id" in table and not _ID.match(table["id"]):
        raise fail(
            lines.key_line(span, "id"),
            f"{what} id {quoted(table['id'], Q)} must be lowercase letters, digits and single "
            "hyphens",
        )
    return {k: v.strip() if isinstance(v, str) else v for k, v in table.items()}


def _first_at(line: int | None) -> str:
    return f" (first at line {line})" if line is not None else ""


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _names(keys: Iterable[str]) -> str:
    return ", ".join(sorted(keys))


def check_ids_unchanged(new: Checklist, old_ids: Iterable[str]) -> list[str]:
    """Ids that team records refer to but the new definition lacks, sorted.

    Changed or removed ids are errors because team records refer to them; an empty
    list means the new definition is safe to ship.
    """
    return sorted(set(old_ids) - new.ids)
