"""`cigkit dump --json`: the same indented JSON as ever, fast enough for 100,000 records."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cigkit.cli import run
from cigkit.commands.common import pretty_json, print_json

scalars = (st.none() | st.booleans() | st.integers() | st.floats()
           | st.text(alphabet=st.characters(exclude_categories=()), max_size=12))
keys = st.text(max_size=8)
json_values = st.recursive(
    scalars,
    lambda inner: (st.lists(inner, max_size=5) | st.dictionaries(keys, inner, max_size=5)
                   | st.tuples(inner, inner)),
    max_leaves=40,
)


def stdlib(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)


@settings(max_examples=600)
@given(json_values)
def test_pretty_json_writes_exactly_what_the_standard_library_writes(value: object) -> None:
    assert pretty_json(value) == stdlib(value)


@given(st.lists(st.dictionaries(keys, scalars | st.lists(scalars, max_size=2), max_size=4),
                max_size=6))
def test_a_list_of_records_with_empty_and_full_lists_is_written_exactly(rows: object) -> None:
    assert pretty_json({"notes": rows}) == stdlib({"notes": rows})


history = st.lists(st.dictionaries(keys, scalars, max_size=3), max_size=3)
record_values = scalars | st.lists(scalars, max_size=3) | history | st.just(
    "\x00cigkit: a nested value goes here\x00")


@settings(max_examples=200)
@given(st.lists(st.dictionaries(keys, record_values, max_size=5), max_size=8))
def test_records_with_tags_and_histories_are_written_exactly(rows: object) -> None:
    """Like notes with tags and actions with histories, and a record holding the very string
    put in place of a nested value while the records are written together."""
    assert pretty_json({"actions": rows}) == stdlib({"actions": rows})


@given(st.dictionaries(st.integers() | st.booleans() | st.none(), scalars, min_size=1,
                       max_size=4))
def test_keys_that_are_not_text_are_written_as_the_standard_library_writes(
    value: dict[object, object],
) -> None:
    try:
        expected = stdlib({"x": [value]})
    except TypeError:  # keys of mixed types cannot be sorted, by either
        with pytest.raises(TypeError):
            pretty_json({"x": [value]})
        return
    assert pretty_json({"x": [value]}) == expected


def test_dump_json_reads_back_with_one_record_a_line(
    demo_dir: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert run(["--data", str(demo_dir), "dump", "--json"]) == 0
    out = capsysbinary.readouterr().out.decode("utf-8")
    data = json.loads(out)
    assert len(data["notes"]) > 50
    lines = out.splitlines()
    notes = [json.loads(line.strip().rstrip(",")) for line in lines
             if line.startswith('    {"') and '"text"' in line]
    assert sorted(n["id"] for n in notes) == sorted(
        n["id"] for table in ("notes", "actions") for n in data[table])
    assert all(list(record) == sorted(record) for record in data["notes"])


def test_dump_json_is_utf8_whatever_the_encoding_of_standard_output(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Windows laptop piping `cigkit dump --json > backup.json` gets UTF-8, not cp1252."""
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="cp1252"))
    print_json({"text": "Zoë → café ✓ 日本"})
    assert json.loads(raw.getvalue().decode("utf-8")) == {"text": "Zoë → café ✓ 日本"}


def test_a_lone_surrogate_is_printed_as_its_json_escape(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="utf-8"))
    print_json({"text": "bad \udcff byte"})
    assert json.loads(raw.getvalue()) == {"text": "bad \udcff byte"}


def test_a_dump_asks_glibc_to_keep_what_it_frees_and_nothing_elsewhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import ctypes

    from cigkit.commands import common

    calls: list[tuple[int, int]] = []

    class FakeLibc:
        def mallopt(self, option: int, value: int) -> int:
            calls.append((option, value))
            return 1

    monkeypatch.setattr(ctypes, "CDLL", lambda name: FakeLibc())
    monkeypatch.setattr(common.sys, "platform", "linux")
    common.keep_freed_memory()
    assert calls == [(-2, 64 << 20)]  # M_TOP_PAD
    for other in ("darwin", "win32"):
        monkeypatch.setattr(common.sys, "platform", other)
        common.keep_freed_memory()
    assert len(calls) == 1

    class Musl:  # a libc without mallopt: nothing happens, nothing fails
        pass

    monkeypatch.setattr(common.sys, "platform", "linux")
    monkeypatch.setattr(ctypes, "CDLL", lambda name: Musl())
    common.keep_freed_memory()


def test_a_dump_to_a_full_disk_names_standard_output(demo_dir: Path) -> None:
    import subprocess

    with open(os.devnull if not Path("/dev/full").exists() else "/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "cigkit", "--data", str(demo_dir), "dump",
                               "--json"], stdout=full, stderr=subprocess.PIPE, text=True,
                              check=False)
    if Path("/dev/full").exists():
        assert (done.returncode, done.stderr) == (
            2, "cigkit: standard output: No space left on device.\n")
    else:  # no /dev/full here (macOS, Windows): the dump is written whole
        assert (done.returncode, done.stderr) == (0, "")
