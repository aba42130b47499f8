"""Journal lines and dumps go through orjson, and read and write exactly what json does."""

from __future__ import annotations

import builtins
import importlib
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cigkit import fastjson
from cigkit.model import Note
from cigkit.store import Store

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=400)
@given(_json_values)
def test_a_line_reads_back_as_json_would_read_it(value: Any) -> None:
    raw = json.dumps(value, ensure_ascii=bool(len(repr(value)) % 2)).encode("utf-8")
    assert fastjson.loads(raw) == json.loads(raw)
    assert type(fastjson.loads(raw)) is type(json.loads(raw))


@settings(max_examples=200)
@given(st.dictionaries(st.text(), _json_values, max_size=6))
def test_a_record_line_reads_back_to_the_same_record(record: dict[str, Any]) -> None:
    line = fastjson.record_line(record)
    assert b"\n" not in line
    assert json.loads(line) == record
    assert list(json.loads(line)) == sorted(record)


def test_an_integer_beyond_64_bits_passes_through_exactly() -> None:
    """orjson alone would read it as a float; a value from a newer cigkit must not change."""
    big = 123456789012345678901234567890
    assert fastjson.loads(f'{{"n":{big},"m":-{big}}}'.encode()) == {"n": big, "m": -big}
    assert json.loads(fastjson.record_line({"n": big})) == {"n": big}


def test_what_only_the_standard_library_reads_is_still_read() -> None:
    """A lone surrogate escape was read before orjson; it still is (and then named)."""
    assert fastjson.loads(b'["\\udcff", "\\ud83d\\ude00"]') == ["\udcff", "\U0001f600"]


@pytest.mark.parametrize("raw", [b"[NaN]", b"[-Infinity]", b'{"a": 1e400}', b"[Infinity]"])
def test_a_number_json_does_not_have_is_refused_with_or_without_orjson(
    raw: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ValueError):
        fastjson.loads(raw)
    try:
        slow = _without_orjson(monkeypatch)
        with pytest.raises(ValueError):
            slow.loads(raw)
    finally:
        importlib.reload(fastjson)


@pytest.mark.parametrize("raw", [b"{", b'{"a":1,}', b"\xff\xfe", b"[1] x", b""])
def test_a_damaged_line_fails_as_the_standard_library_fails(raw: bytes) -> None:
    with pytest.raises(ValueError) as ours:
        fastjson.loads(raw)
    with pytest.raises(ValueError) as theirs:
        json.loads(raw)
    assert type(ours.value) is type(theirs.value)


def test_a_lone_surrogate_in_a_record_is_written_as_its_escape() -> None:
    line = fastjson.record_line({"text": "bad \udcff byte"})
    assert json.loads(line) == {"text": "bad \udcff byte"}


def _without_orjson(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    real_import = builtins.__import__

    def refuse(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "orjson":
            raise ImportError("no orjson on this platform")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "orjson", raising=False)
    monkeypatch.setattr(builtins, "__import__", refuse)
    try:
        return importlib.reload(fastjson)
    finally:
        monkeypatch.setattr(builtins, "__import__", real_import)


def test_without_orjson_the_standard_library_gives_the_same_bytes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    record = {"b": [1, "é"], "a": {"x": None, "y": True}, "c": "line\nbreak \"quoted\""}
    fast_line = fastjson.record_line(record)
    try:
        slow = _without_orjson(monkeypatch)
        assert slow.loads is slow._stdlib_loads
        assert slow.record_line(record) == fast_line
        assert slow.loads(b'{"n": 12345678901234567890123}') == {"n": 12345678901234567890123}
    finally:
        importlib.reload(fastjson)
    assert fastjson.loads is fastjson._orjson_loads


def test_a_folder_reads_the_same_with_or_without_orjson(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(tmp_path, device="one") as store:
        for i in range(30):
            store.save(Note(workshop=1, team_id="t", text=f"note {i} — café ✓"))
    with Store.open(tmp_path, device="two", writable=False) as store:
        fast = {n.id: n.text for n in store.all(Note)}
    import cigkit.store.journal as journal

    monkeypatch.setattr(journal.fastjson, "loads", json.loads)
    with Store.open(tmp_path, device="two", writable=False) as store:
        slow = {n.id: n.text for n in store.all(Note)}
    assert fast == slow and len(fast) == 30


def test_a_surrogate_written_as_raw_bytes_in_a_journal_is_a_damaged_line(
    tmp_path: Path,
) -> None:
    """json.loads reads the bytes ED B3 BF as half of a surrogate pair; such text could never
    be written out again (an export would fail), so the line is set aside and named."""
    with Store.open(tmp_path, device="one") as store:
        store.save(Note(workshop=1, team_id="t", text="fine"))
    journal = tmp_path / "journals" / "one.jsonl"
    good = journal.read_bytes()
    bad = good.replace(b'"fine"', b'"bad \xed\xb3\xbf byte"').replace(b'"i":"', b'"i":"x', 1)
    journal.write_bytes(good + bad)
    with Store.open(tmp_path, device="two", writable=False) as store:
        assert [n.text for n in store.all(Note)] == ["fine"]
        assert any(":2: skipped a damaged line (text with half of a Unicode character pair)"
                   in warning for warning in store.damage)
