"""Opening a folder sorts journal lines by table without parsing them (most of them on a short
way taken once a table has been seen); a table's changes must come out exactly as reading
every line would give them, each with its file and line, whatever the mix of lines. (Lines
are parsed group by group, so a table's changes come in the order of their lines only within
a group; folding orders them by stamp.)"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from cigkit.store.events import encode_line
from cigkit.store.journal import _newest_stamp, _tables_of, parse_lines, read_journal

TABLES = ("notes", "teams", "workshops", "clock_events")


def _change(table: str, n: int, nested: bool) -> dict[str, object]:
    state: dict[str, object] = {"created_at": "2026-09-01T00:00:00.000Z", "deleted": False,
                                "text": f"entry {n}"}
    if nested:  # a value that looks like the start of a change, and holds a stamp
        state["extra"] = {"t": "teams", "h": f"{1796131643999 + n:013d}.0000.x"}
    return {"t": table, "i": f"id-{n % 7}", "h": f"{1796131643654 + n:013d}.{n % 10:04d}.dev",
            "s": state}


LINE = st.one_of(
    st.tuples(st.just("one"), st.sampled_from(TABLES), st.booleans()),
    st.tuples(st.just("many"), st.lists(st.sampled_from(TABLES), min_size=2, max_size=3),
              st.booleans()),
    st.tuples(st.just("blank"), st.just(""), st.just(False)),
    st.tuples(st.just("damaged"), st.sampled_from(TABLES), st.just(False)),
)


def _write(path: Path, lines: list[tuple[str, object, bool]]) -> None:
    out = []
    for n, (kind, tables, nested) in enumerate(lines):
        if kind == "one":
            assert isinstance(tables, str)
            out.append(encode_line([_change(tables, n, nested)]))
        elif kind == "many":
            assert isinstance(tables, list)
            out.append(encode_line([_change(t, n * 10 + k, nested)
                                    for k, t in enumerate(tables)]))
        elif kind == "blank":
            out.append(b"  \n")
        else:  # cut short: starts like a line cigkit writes, is not JSON
            out.append(encode_line([_change(str(tables), n, False)])[:40] + b"\n")
    path.write_bytes(b"".join(out))


def _by_table(events: list[dict[str, object]]) -> dict[object, list[tuple[object, ...]]]:
    tables: dict[object, list[tuple[object, ...]]] = {}
    for event in events:
        tables.setdefault(event["t"], []).append((event["_o"], event["i"], event["h"]))
    return {table: sorted(changes) for table, changes in tables.items()}


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(LINE, max_size=40))
def test_a_table_read_from_sorted_lines_is_the_table_every_line_gives(
        tmp_path_factory: object, lines: list[tuple[str, object, bool]]) -> None:
    folder = tmp_path_factory.mktemp("journal")  # type: ignore[attr-defined]
    path = folder / "dev.jsonl"
    _write(path, lines)

    whole = read_journal(path)
    sorted_read = read_journal(path, defer=True)
    parsed, warnings = parse_lines(sorted_read.deferred)

    assert _by_table(sorted_read.events + parsed) == _by_table(whole.events)
    assert sorted(warnings + sorted_read.warnings) == sorted(whole.warnings)
    assert (sorted_read.lines, sorted_read.valid_end) == (whole.lines, whole.valid_end)
    for group in sorted_read.deferred:  # each group holds its lines in file order
        numbers = [number for number, _ in group.lines]
        assert numbers == sorted(numbers)
    newest = b""
    for raw in path.read_bytes().split(b"\n"):
        tables = _tables_of(raw)
        if tables is not None:
            newest = max(newest, _newest_stamp(raw, len(tables) == 1))
    assert sorted_read.newest == newest.decode("ascii")
