"""Damage is contained: a bad line, record or file is named and set aside, the rest loads."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cigkit.model import Action, ChecklistEntry, ClockEvent, Note, Tally, Team, Workshop
from cigkit.store import Store, StoreError, hlc


def _teams(store: Store) -> list[str]:
    return sorted(t.name for t in store.all(Team))


def test_a_damaged_line_in_another_laptops_journal_is_skipped_and_named(demo_dir: Path) -> None:
    other = demo_dir / "journals" / "other-laptop.jsonl"
    with Store.open(demo_dir, device="other-laptop") as store:
        for name in ("One", "Two", "Three"):
            store.save(Team(name=name))
    lines = other.read_bytes().splitlines(keepends=True)
    lines[1] = b'{"v":2,"e":[{"t":"teams","i":"x","h":"not a stamp","s":{}}]}\n'
    other.write_bytes(b"".join(lines))
    before = other.read_bytes()
    with Store.open(demo_dir) as store:
        assert "One" in _teams(store) and "Three" in _teams(store) and "Two" not in _teams(store)
        assert any("other-laptop.jsonl:2: skipped a damaged line" in w for w in store.damage)
        store.save(Note(workshop=3, team_id="t", text="the folder still takes writes"))
    assert other.read_bytes() == before, "another laptop's file is never rewritten"


@pytest.mark.parametrize(
    ("record", "words"),
    [
        ({"id": "n1", "rev": 1, "workshop": 1, "team_id": "t"}, "field 'text' is missing"),
        ({"id": "t1", "rev": 1, "name": ["a", "list"]}, "field 'name' has the wrong type"),
        ({"id": "w1", "rev": 1, "number": "3"}, "field 'number' has the wrong type"),
        ({"id": "c1", "rev": 1, "workshop": 3, "kind": "start", "at": "yesterday"},
         "not ISO 8601"),
    ],
)
def test_a_record_that_is_json_but_not_a_record_is_left_out_and_named(
    demo_dir: Path, record: dict[str, object], words: str
) -> None:
    table = {"n1": "notes", "t1": "teams", "w1": "workshops", "c1": "clock_events"}[
        str(record["id"])]
    other = demo_dir / "journals" / "other-laptop.jsonl"
    good = json.dumps({"table": "teams", "record": {"id": "ok", "rev": 1, "name": "Fine"}})
    other.write_text(good + "\n" + json.dumps({"table": table, "record": record}) + "\n")
    with Store.open(demo_dir, writable=False) as store:
        assert "Fine" in _teams(store) and "Crisis Cafe" in _teams(store)
        assert any(f"other-laptop.jsonl:2: {table} record {record['id']}" in w and words in w
                   for w in store.damage), store.damage


def test_records_and_fields_from_a_newer_cigkit_are_kept_and_passed_on(
    demo_dir: Path, tmp_path: Path
) -> None:
    newer = {"v": 2, "e": [
        {"t": "surveys", "i": "s1", "h": "1764583000000.0000.newer", "s": {"q": "Useful?"}},
        {"t": "notes", "i": "n-new", "h": "1764583000000.0001.newer",
         "s": {"workshop": 3, "team_id": "t", "text": "From a newer cigkit", "kind": "poll",
               "mood": "hopeful"}},
    ]}
    (demo_dir / "journals" / "newer.jsonl").write_text(json.dumps(newer) + "\n")
    with Store.open(demo_dir) as store:
        assert any("'surveys' were written by a newer cigkit" in w for w in store.warnings)
        assert not store.damage
        note = store.get(Note, "n-new")
        assert note is not None and note.kind == "poll"
        note.text = "Edited here"
        store.save(note)
        assert store.records["notes"]["n-new"]["mood"] == "hopeful", "an unknown field was lost"
        passed_on = [e for e in store.all_events() if e["t"] == "surveys"]
        assert [e["i"] for e in passed_on] == ["s1"]


def test_a_half_copied_snapshot_is_skipped_and_the_rest_loads(demo_dir: Path) -> None:
    (demo_dir / "snapshots").mkdir(exist_ok=True, mode=0o700)
    (demo_dir / "snapshots" / "other.json").write_bytes(b'{"format":1,"records":[{"tab')
    with Store.open(demo_dir) as store:
        assert "Crisis Cafe" in _teams(store)
        assert any("other.json: skipped a damaged snapshot" in w for w in store.damage)


def test_a_snapshot_that_is_not_utf8_is_reported(demo_dir: Path) -> None:
    (demo_dir / "snapshots").mkdir(exist_ok=True, mode=0o700)
    (demo_dir / "snapshots" / "other.json").write_bytes(b"\xff\xfe{")
    with Store.open(demo_dir, writable=False) as store:
        assert any("other.json: skipped a damaged snapshot" in w for w in store.damage)
        assert "Crisis Cafe" in _teams(store)


def test_a_journal_that_is_a_folder_or_a_dangling_link_does_not_stop_anything(
    demo_dir: Path,
) -> None:
    (demo_dir / "journals" / "folder.jsonl").mkdir()
    os.symlink(demo_dir / "nowhere", demo_dir / "journals" / "dangling.jsonl")
    with Store.open(demo_dir) as store:
        assert "Crisis Cafe" in _teams(store)
        assert any("folder.jsonl: skipped: it is a folder" in w for w in store.damage)
        assert any("dangling.jsonl: skipped: it cannot be read" in w for w in store.damage)


def test_an_unreadable_records_folder_is_an_error_not_an_empty_programme(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_listdir = os.listdir
    journals = demo_dir / "journals"

    def refuse(path: str | os.PathLike[str]) -> list[str]:
        if Path(path) == journals:
            raise PermissionError(13, "Permission denied", str(path))
        return real_listdir(path)

    monkeypatch.setattr(os, "listdir", refuse)
    with pytest.raises(StoreError, match=r"Cannot read the folder .*journals: Permission denied"):
        Store.open(demo_dir, writable=False)


def test_saving_a_record_with_a_wrong_field_is_refused(data_dir: Path) -> None:
    with Store.open(data_dir, device="a") as store:
        with pytest.raises(StoreError, match="field 'text'"):
            store.save(Note(workshop=1, team_id="t", text=42))  # type: ignore[arg-type]
        assert store.all(Note) == []


lines = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
            st.sampled_from(["v", "e", "t", "i", "h", "s", "p", "a", "table", "record", "id",
                             "rev", "name", "text"]), inner, max_size=5),
        max_leaves=20,
    ).map(lambda v: json.dumps(v).encode()),
    st.fixed_dictionaries({
        "v": st.just(2),
        "e": st.lists(st.fixed_dictionaries({
            "t": st.sampled_from(["teams", "notes", "surveys", ""]),
            "i": st.text(max_size=5),
            "h": st.sampled_from(["1764583000000.0000.x", "bad", "1764583000000.0001.y"]),
            "s": st.dictionaries(st.sampled_from(["name", "text", "workshop", "team_id"]),
                                 st.none() | st.integers() | st.text(max_size=5), max_size=4),
        }), max_size=3),
    }).map(lambda v: json.dumps(v).encode()),
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(lines, min_size=1, max_size=6))
def test_any_journal_content_loads_without_an_exception(tmp_path_factory, content) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "journals").mkdir(mode=0o700)
    good = json.dumps({"v": 2, "e": [{"t": "teams", "i": "keep", "h": "1764583000000.0000.g",
                                      "s": {"name": "Survivor"}}]}).encode()
    body = b"\n".join([*content, good]) + b"\n"
    (folder / "journals" / "fuzzed.jsonl").write_bytes(body)
    with Store.open(folder, device="reader", writable=False) as store:
        assert store.get(Team, "keep") is not None, "one bad line hid a good one"
        for kind in (Team, Note):
            store.all(kind)


def test_a_bad_change_to_a_good_record_is_left_out_and_the_record_stays(demo_dir: Path) -> None:
    with Store.open(demo_dir) as store:
        team = store.save(Team(name="Before the hand edit", project="Evening opening"))
    bad = {"v": 2, "e": [{"t": "teams", "i": team.id, "h": "9999999999999.0000.editor",
                          "s": {"name": ["not", "a", "name"], "project": "Lost with it"}}]}
    later = {"v": 2, "e": [{"t": "teams", "i": team.id, "h": "9999999999999.0001.editor",
                            "s": {"organisation": "A later good change"}}]}
    (demo_dir / "journals" / "editor.jsonl").write_text(
        json.dumps(bad) + "\n" + json.dumps(later) + "\n")
    with Store.open(demo_dir, writable=False) as store:
        kept = store.get(Team, team.id)
        assert kept is not None
        assert (kept.name, kept.project, kept.organisation) == (
            "Before the hand edit", "Evening opening", "A later good change")
        assert any("editor.jsonl:1: a change to teams record" in w for w in store.damage)


def test_a_note_of_a_kind_from_a_newer_cigkit_reaches_the_minutes_as_what_it_is(
    demo_dir: Path, tmp_path: Path
) -> None:
    from cigkit.cli import run
    from cigkit.services import programme

    with Store.open(demo_dir) as store:
        team = programme.find_team(store, "Crisis Cafe")
    newer = {"v": 2, "e": [{"t": "notes", "i": "n-poll", "h": "1764583000000.0000.newer",
                            "s": {"workshop": 2, "team_id": team.id, "kind": "poll",
                                  "text": "Which evening suits the carers best"}}]}
    (demo_dir / "journals" / "newer.jsonl").write_text(json.dumps(newer) + "\n")
    out = tmp_path / "out"
    assert run(["--data", str(demo_dir), "export", "--workshop", "2", "--team", "crisis",
                "--out", str(out)]) == 0
    minutes = next(out.rglob("crisis-cafe.md")).read_text()
    assert "(poll) Which evening suits the carers best" in minutes


@pytest.mark.parametrize("when", ["9999-12-31T23:59:59Z", "2300-01-01T00:00:00+00:00",
                                  "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"])
def test_an_old_record_with_an_impossible_date_still_loads(
    demo_dir: Path, when: str
) -> None:
    """cigkit 0.1 wrote whole records stamped with their updated_at: one dated in the year
    9999 (a hand edit, a clock gone mad) must not stop the folder from opening."""
    old = {"table": "teams", "record": {"id": "odd", "rev": 2, "name": "Odd date",
                                        "updated_at": when, "device": "old-laptop"}}
    (demo_dir / "journals" / "old-laptop.jsonl").write_text(json.dumps(old) + "\n")
    (demo_dir / "snapshots").mkdir(exist_ok=True, mode=0o700)
    (demo_dir / "snapshots" / "old-laptop.json").write_text(json.dumps({"records": [old]}))
    with Store.open(demo_dir) as store:
        assert "Odd date" in _teams(store) and "Crisis Cafe" in _teams(store)
        team = store.get(Team, "odd")
        assert team is not None
        bad = [e["h"] for e in store.all_events() if not hlc.is_stamp(e["h"])]
        assert not bad, f"a bundle of this folder would be refused for {bad}"
        team.project = "changed after"
        store.save(team)
    with Store.open(demo_dir, writable=False) as store:
        assert store.get(Team, "odd").project == "changed after"  # type: ignore[union-attr]


def test_a_damaged_record_mended_by_a_later_change_keeps_the_screens_running(
    demo_dir: Path,
) -> None:
    """A note whose workshop arrived as a list (damage) is left out; when a later change
    mends it, the index the screens' lookups use takes it in instead of crashing refresh."""
    other = demo_dir / "journals" / "other-laptop.jsonl"
    with Store.open(demo_dir) as store:
        store.where(Note, workshop=3)  # the log screen has asked: the index exists
        other.write_text(json.dumps({"v": 2, "e": [{
            "t": "notes", "i": "n-bad", "h": "1764583000000.0000.other-laptop",
            "s": {"workshop": [3], "team_id": "t", "text": "damaged"}}]}) + "\n")
        store.refresh()
        assert any("n-bad" in w for w in store.damage)
        with open(other, "a") as handle:
            handle.write(json.dumps({"v": 2, "e": [{
                "t": "notes", "i": "n-bad", "h": "1764583000000.0001.other-laptop",
                "s": {"workshop": 3}}]}) + "\n")
        assert store.refresh() is True
        assert "damaged" in [n.text for n in store.where(Note, workshop=3)]


def _nested(depth: int) -> str:
    return '{"x":' * depth + "1" + "}" * depth


@pytest.mark.parametrize("where", ["added step", "set history", "old record"])
def test_a_history_nested_hundreds_deep_is_set_aside_not_a_crash(
    demo_dir: Path, where: str
) -> None:
    """JSON nested 600 deep still parses, but copying such a history step for a screen ran
    out of stack: every screen listing actions (and 'cigkit dump') crashed on every start."""
    deep = _nested(600)
    line = {
        "added step": '{"v":2,"e":[{"t":"actions","i":"a-deep","h":"1764583000000.0000.x",'
                      '"s":{"workshop":3,"team_id":"t","text":"deep"},"a":{"history":['
                      + deep + ']}}]}',
        "set history": '{"v":2,"e":[{"t":"actions","i":"a-deep","h":"1764583000000.0000.x",'
                       '"s":{"workshop":3,"team_id":"t","text":"deep","history":[' + deep
                       + ']}}]}',
        "old record": '{"table":"actions","record":{"id":"a-deep","rev":1,"workshop":3,'
                      '"team_id":"t","text":"deep","history":[' + deep + ']}}',
    }[where]
    (demo_dir / "journals" / "x.jsonl").write_text(line + "\n")
    with Store.open(demo_dir) as store:
        assert store.all(Action) and store.all(Note)
        assert store.get(Action, "a-deep") is None
        assert any("x.jsonl:1: skipped a damaged line" in w for w in store.damage), store.damage


def test_a_journal_from_a_newer_line_format_is_told_in_a_few_sentences(demo_dir: Path) -> None:
    """A laptop running a future cigkit that writes another line format: thousands of lines
    this version cannot read are a handful of sentences, not one per line (which the app
    would show, and which made opening a big folder slow down with the square of them)."""
    newer = demo_dir / "journals" / "newer-laptop.jsonl"
    newer.write_text("".join(json.dumps({"v": 3, "n": n}) + "\n" for n in range(3000)))
    with Store.open(demo_dir, writable=False) as store:
        about = [w for w in store.damage if "newer-laptop.jsonl" in w]
        assert "Crisis Cafe" in _teams(store)
    assert 1 < len(about) <= 25, len(about)
    assert "newer-laptop.jsonl:1: skipped a damaged line" in about[0]
    assert "2980 more damaged lines" in about[-1] and "line 3000" in about[-1], about[-1]


def test_a_pipe_named_like_a_journal_does_not_hang_the_app(demo_dir: Path) -> None:
    """A named pipe (or a device file) named *.jsonl or *.json never ends: reading it would
    hang every command and the app at start."""
    import subprocess
    import sys

    os.mkfifo(demo_dir / "journals" / "pipe.jsonl")
    (demo_dir / "snapshots").mkdir(exist_ok=True, mode=0o700)
    os.mkfifo(demo_dir / "snapshots" / "pipe.json")
    child = subprocess.run(
        [sys.executable, "-c",
         "import sys; from pathlib import Path; from cigkit.store import Store\n"
         "with Store.open(Path(sys.argv[1]), device='reader', writable=False) as s:\n"
         "    print(len(s.all(__import__('cigkit.model').model.Team)))\n"
         "    print('\\n'.join(s.damage))\n", str(demo_dir)],
        capture_output=True, text=True, timeout=60)
    assert child.returncode == 0, child.stderr
    assert "pipe.jsonl: skipped" in child.stdout and "pipe.json: skipped" in child.stdout


_stamps = st.one_of(
    st.sampled_from(["1764583000000.0000.x", "1764583000000.0001.y", "9999999999999.9999.z",
                     "0000000000000.0000.a", "1764583000000.0000.\x1b", "17645830000000.0000.x",
                     "1764583000000.0000.d\u00e9vice", "1764583000000.0000."]),
    st.text(max_size=25))
_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                                 max_size=3),
    max_leaves=12)
_fields = st.sampled_from(["name", "text", "workshop", "team_id", "item_id", "number",
                           "status", "deleted", "created_at", "history", "tags", "counts",
                           "at", "kind", "id", "rev"])
_v2_events = st.fixed_dictionaries(
    {"t": st.sampled_from(["teams", "notes", "actions", "workshops", "checklist",
                           "clock_events", "tallies", "surveys"]),
     "i": st.sampled_from(["r1", "r2", "r3"]),
     "h": _stamps,
     "s": st.dictionaries(_fields, _values, max_size=5)},
    optional={"a": st.dictionaries(st.just("history"), st.lists(
        st.dictionaries(st.text(max_size=3), _values, max_size=3), max_size=3), max_size=1),
        "p": st.dictionaries(_fields, st.lists(_stamps, max_size=2), max_size=2)})
_v1_records = st.fixed_dictionaries(
    {"table": st.sampled_from(["teams", "notes", "actions", "surveys"]),
     "record": st.fixed_dictionaries(
         {"id": st.sampled_from(["r1", "r2", "r3"]), "rev": st.integers(-5, 20_000)},
         optional={"updated_at": st.one_of(st.text(max_size=30), st.sampled_from([
             "9999-12-31T23:59:59Z", "0001-01-01T00:00:00+14:00", "2026-11-24T10:00:00Z"])),
             "device": st.text(max_size=10), "name": _values, "text": _values,
             "workshop": _values, "team_id": _values, "history": _values})})
_record_lines = st.one_of(
    st.lists(_v2_events, min_size=1, max_size=3).map(lambda e: json.dumps({"v": 2, "e": e})),
    _v1_records.map(json.dumps))


@settings(max_examples=250, deadline=None)
@given(st.lists(_record_lines, min_size=1, max_size=4),
       st.lists(_record_lines, min_size=1, max_size=4))
def test_any_changes_to_real_kinds_load_refresh_and_still_take_saves(  # type: ignore[no-untyped-def]
    tmp_path_factory, first, later
) -> None:
    """Changes shaped like real ones (the same few records, real kinds and fields, odd
    stamps, dates and nesting), read at open and then by refresh once the screens have
    used their lookups: nothing raises, and the folder still takes a save."""
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "journals").mkdir(mode=0o700)
    other = folder / "journals" / "other.jsonl"
    other.write_text("".join(line + "\n" for line in first))
    with Store.open(folder, device="me") as store:
        kinds = (Team, Note, Action, Workshop, ChecklistEntry, ClockEvent, Tally)
        for kind in kinds:
            store.all(kind, include_deleted=True)
        store.where(Note, workshop=1)
        store.where(Workshop, number=1)
        store.where(ChecklistEntry, item_id="x", team_id="t")
        with open(other, "a") as handle:
            handle.write("".join(line + "\n" for line in later))
        store.refresh()
        for kind in kinds:
            for record in store.all(kind):
                store.get(kind, record.id)
        store.conflicts()
        store.all_events()
        saved = store.save(Note(workshop=1, team_id="t", text="still saving"))
        assert hlc.is_stamp(saved.version)
    with Store.open(folder, device="reader", writable=False) as reader:
        assert reader.get(Note, saved.id) is not None


def test_a_damaged_line_of_a_table_not_yet_shown_is_still_named(demo_dir: Path) -> None:
    """Lines of one change are parsed when their table is first asked for; damage in them
    is named then, and `warnings` (which every command prints) asks for every table."""
    other = demo_dir / "journals" / "other-laptop.jsonl"
    good = {"v": 2, "e": [{"t": "tallies", "i": "v1", "h": "1764583000000.0000.other-laptop",
                           "s": {"workshop": 3, "team_id": "t", "question": "Which first?"}}]}
    other.write_text(json.dumps(good, separators=(",", ":")) + "\n"
                     + '{"v":2,"e":[{"t":"tallies","i":"v2","h":"17645830' + "\n")
    with Store.open(demo_dir, writable=False) as store:
        assert any("other-laptop.jsonl:2: skipped a damaged line" in w for w in store.warnings)
        assert store.get(Tally, "v1") is not None


def test_a_line_holding_half_a_unicode_pair_is_set_aside_not_saved_over(demo_dir: Path) -> None:
    other = demo_dir / "journals" / "other-laptop.jsonl"
    other.write_text('{"v":2,"e":[{"t":"teams","i":"half","h":"1764583000000.0000.other",'
                     '"s":{"name":"Caf\\udce9"}}]}\n'
                     '{"v":2,"e":[{"t":"teams","i":"whole","h":"1764583000000.0001.other",'
                     '"s":{"name":"Caf\\u00e9 \\ud83d\\ude00"}}]}\n')
    with Store.open(demo_dir) as store:
        assert store.get(Team, "half") is None
        assert store.get(Team, "whole") is not None
        assert any("other-laptop.jsonl:1: skipped a damaged line (text with half" in w
                   for w in store.damage), store.damage
        store.save(Team(name="The folder still takes writes"))
