"""Several laptops, one programme: concurrent changes merge field by field, nothing is lost."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cigkit.model import BOOKKEEPING, TABLES, Action, ChecklistEntry, Cig, Note, Team
from cigkit.store import Store
from cigkit.store import hlc as hlc_module

DATA = Path(__file__).parent / "data"


def _copy_journal(src: Path, dst: Path, device: str) -> None:
    (dst / "journals").mkdir(parents=True, exist_ok=True, mode=0o700)
    shutil.copy(src / "journals" / f"{device}.jsonl", dst / "journals" / f"{device}.jsonl")


def _two_laptops(tmp_path: Path) -> tuple[Path, Path]:
    """Two laptops that each hold a copy of the same programme and then work offline."""
    a, b = tmp_path / "laptop-a", tmp_path / "laptop-b"
    with Store.open(a, device="a") as store:
        store.save(Team(name="Crisis Cafe", id="team-1"))
        store.save(Action(id="act-1", workshop=2, team_id="team-1", text="Ask for data",
                          history=[{"at": "2026-10-20T10:00:00.000Z", "status": "open",
                                    "workshop": 2, "by": "a"}]))
    _copy_journal(a, b, "a")
    return a, b


def _sync(*folders: Path) -> None:
    """What Syncthing does: every journal ends up in every folder."""
    journals: dict[str, Path] = {}
    for folder in folders:
        for path in (folder / "journals").glob("*.jsonl"):
            best = journals.get(path.name)
            if best is None or path.stat().st_size > best.stat().st_size:
                journals[path.name] = path
    for folder in folders:
        for name, path in journals.items():
            target = folder / "journals" / name
            if path != target and (not target.exists() or path.stat().st_size >
                                   target.stat().st_size):
                shutil.copy(path, target)


def test_done_on_one_laptop_and_a_new_owner_on_another_both_survive(tmp_path: Path) -> None:
    a, b = _two_laptops(tmp_path)
    with Store.open(a, device="a") as store:
        action = store.get(Action, "act-1")
        assert action is not None
        action.status = "done"
        action.history.append({"at": "2026-11-24T10:00:00.000Z", "status": "done",
                               "workshop": 3, "by": "a"})
        store.save(action)
    with Store.open(b, device="b") as store:
        action = store.get(Action, "act-1")
        assert action is not None
        action.owner = "Sam"
        action.history.append({"at": "2026-11-24T10:01:00.000Z", "status": "owner",
                               "workshop": 3, "by": "b"})
        store.save(action)
    _sync(a, b)
    for folder in (a, b):
        with Store.open(folder, device="z", writable=False) as store:
            merged = store.get(Action, "act-1")
            assert merged is not None
            assert (merged.status, merged.owner) == ("done", "Sam")
            assert [s["status"] for s in merged.history] == ["open", "done", "owner"]
            assert store.conflicts() == []


def test_the_later_change_to_one_field_wins_and_the_other_is_a_listed_conflict(
    tmp_path: Path,
) -> None:
    a, b = _two_laptops(tmp_path)
    with Store.open(a, device="a") as store:
        team = store.get(Team, "team-1")
        assert team is not None
        team.name = "Crisis Cafe (A)"
        store.save(team)
    with Store.open(b, device="b") as store:
        team = store.get(Team, "team-1")
        assert team is not None
        team.name = "Crisis Cafe (B)"
        store.save(team)  # later by the hybrid clock
    _sync(a, b)
    with Store.open(a, device="a") as store:
        assert store.get(Team, "team-1").name == "Crisis Cafe (B)"  # type: ignore[union-attr]
        [conflict] = store.conflicts()
        assert (conflict.field, conflict.kept, conflict.lost) == (
            "name", "Crisis Cafe (B)", "Crisis Cafe (A)")
        assert (conflict.kept_device, conflict.lost_device) == ("b", "a")
        store.resolve(conflict, keep_lost=True)
        assert store.get(Team, "team-1").name == "Crisis Cafe (A)"  # type: ignore[union-attr]
        assert store.conflicts() == []


def test_a_stale_screen_cannot_undo_a_newer_change_it_never_saw(tmp_path: Path) -> None:
    a, b = _two_laptops(tmp_path)
    with Store.open(a, device="a") as store:
        stale = store.get(Action, "act-1")  # the screen shows it open
        assert stale is not None
        with Store.open(b, device="b") as other:
            action = other.get(Action, "act-1")
            assert action is not None
            action.status = "done"
            action.history.append({"at": "2026-11-24T10:00:00.000Z", "status": "done"})
            other.save(action)
        _copy_journal(b, a, "b")
        store.refresh()
        stale.text = "Ask for postcode data"  # the screen edits the text only
        store.save(stale)
        merged = store.get(Action, "act-1")
        assert merged is not None
        assert (merged.status, merged.text) == ("done", "Ask for postcode data")
        assert [s["status"] for s in merged.history] == ["open", "done"]


def test_dropping_on_a_stale_screen_keeps_the_done_step_and_lists_the_conflict(
    tmp_path: Path,
) -> None:
    a, b = _two_laptops(tmp_path)
    with Store.open(a, device="a") as store:
        stale = store.get(Action, "act-1")
        assert stale is not None
        with Store.open(b, device="b") as other:
            action = other.get(Action, "act-1")
            assert action is not None
            action.status = "done"
            action.history.append({"at": "2026-11-24T10:00:00.000Z", "status": "done"})
            other.save(action)
        _copy_journal(b, a, "b")
        store.refresh()
        stale.status = "dropped"
        stale.history.append({"at": "2026-11-24T10:05:00.000Z", "status": "dropped"})
        store.save(stale)
        merged = store.get(Action, "act-1")
        assert merged is not None and merged.status == "dropped"
        assert [s["status"] for s in merged.history] == ["open", "done", "dropped"]
        assert [(c.field, c.lost) for c in store.conflicts()] == [("status", "done")]


def test_a_laptop_a_day_ahead_cannot_make_later_changes_lose(tmp_path: Path) -> None:
    """The hybrid clock: once laptop A has read B's change, A's next change sorts after it,
    however far ahead B's wall clock was."""
    a, b = _two_laptops(tmp_path)
    day_ms = 24 * 3600 * 1000
    with Store.open(b, device="b") as store:
        assert store._clock is not None
        real = store._clock._wall
        store._clock._wall = lambda: real() + day_ms  # type: ignore[assignment]
        team = store.get(Team, "team-1")
        assert team is not None
        team.name = "Named on the laptop a day ahead"
        store.save(team)
    _copy_journal(b, a, "b")
    with Store.open(a, device="a") as store:
        assert store.clock_ahead_ms() > day_ms - 60_000
        team = store.get(Team, "team-1")
        assert team is not None
        team.name = "Named later on laptop A"
        store.save(team)
        assert store.get(Team, "team-1").name == "Named later on laptop A"  # type: ignore[union-attr]
        assert store.conflicts() == []


def test_a_change_read_twice_is_applied_once(tmp_path: Path) -> None:
    a, _ = _two_laptops(tmp_path)
    with Store.open(a, device="a") as store:
        note = store.save(Note(workshop=1, team_id="team-1", text="once"))
    journal = a / "journals" / "a.jsonl"
    shutil.copy(journal, a / "journals" / "a.sync-conflict-20261201-101010-ABCDEFG.jsonl")
    with Store.open(a, device="z", writable=False) as store:
        assert [n.id for n in store.all(Note)] == [note.id]
        assert store.get(Note, note.id).rev == 1  # type: ignore[union-attr]


def test_syncthing_artefacts_never_duplicate_lose_or_block(tmp_path: Path) -> None:
    a, b = _two_laptops(tmp_path)
    with Store.open(b, device="b") as store:
        for text in ("first", "second", "third"):
            store.save(Note(workshop=3, team_id="team-1", text=text))
    journals = a / "journals"
    lines = (b / "journals" / "b.jsonl").read_bytes().splitlines(keepends=True)
    # a conflict copy holding the first two changes, a temp file of each naming style,
    # and the real file still arriving: its last line only half there
    (journals / "b.sync-conflict-20261201-093000-XYZ1234.jsonl").write_bytes(b"".join(lines[:2]))
    (journals / ".syncthing.b.jsonl.tmp").write_bytes(b"garbage that is not finished")
    (journals / "~syncthing~b.jsonl.tmp").write_bytes(b"garbage that is not finished")
    (journals / "b.jsonl").write_bytes(b"".join(lines[:2]) + lines[2][:20])
    with Store.open(a, device="a") as store:
        assert sorted(n.text for n in store.all(Note)) == ["first", "second"]
        assert not store.damage
        (journals / "b.jsonl").write_bytes(b"".join(lines))
        assert store.refresh() is True
        assert sorted(n.text for n in store.all(Note)) == ["first", "second", "third"]


def test_refresh_reads_only_the_new_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = _two_laptops(tmp_path)
    with Store.open(b, device="b") as writer, Store.open(a, device="a") as reader:
        writer.save(Note(workshop=1, team_id="team-1", text="one"))
        _sync(a, b)
        reader.refresh()
        from cigkit.store import journal

        starts: list[int] = []
        real = journal.read_journal

        def spy(path: Path, start: int = 0, first_line: int = 1,
                defer: bool = False) -> journal.JournalRead:
            starts.append(start)
            return real(path, start, first_line, defer)

        monkeypatch.setattr("cigkit.store.store.read_journal", spy)
        writer.save(Note(workshop=1, team_id="team-1", text="two"))
        _sync(a, b)
        assert reader.refresh() is True
        size_before = (b / "journals" / "b.jsonl").stat().st_size - len(
            (b / "journals" / "b.jsonl").read_bytes().splitlines(keepends=True)[-1])
        assert starts == [size_before]
        assert reader.refresh() is False


def test_a_folder_written_by_cigkit_0_1_opens_with_everything_in_it(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    shutil.copytree(DATA / "v1-folder", folder)
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o700 if path.is_dir() else 0o600)
    expected = json.loads((DATA / "v1-folder.dump.json").read_text())
    with Store.open(folder, device="laptop-a") as store:
        assert not store.warnings, store.warnings
        for table, rows in expected.items():
            kind = TABLES[table]
            got = {r.id: r.to_dict() for r in store.all(kind)}
            assert set(got) == {r["id"] for r in rows}, table
            for row in rows:
                mine = got[row["id"]]
                for name, value in row.items():
                    if name not in BOOKKEEPING:
                        assert mine[name] == value, (table, row["id"], name)
        action = store.get(Action, "10d198af-4ffb-4467-b892-f6389eae7b55")
        assert action is not None and action.status == "done"
        assert [s["status"] for s in action.history] == ["open", "done"]
        action.owner = "Priya"
        store.save(action)
        entries = [e for e in store.all(ChecklistEntry) if e.item_id == "data-progress-plus"]
        assert any(e.evidence == "Postcode breakdown requested" for e in entries)
    with Store.open(folder, device="laptop-b", writable=False) as again:
        changed = again.get(Action, "10d198af-4ffb-4467-b892-f6389eae7b55")
        assert changed is not None and (changed.owner, changed.status) == ("Priya", "done")


def test_stamps_sort_by_time_then_counter_then_device() -> None:
    clock = hlc_module.HybridClock("b", wall_ms=lambda: 1_000)
    first, second = clock.now(), clock.now()
    assert first < second and hlc_module.millis(first) == 1_000
    clock.observe(hlc_module.make(5_000, 3, "a"))
    third = clock.now()
    assert third > hlc_module.make(5_000, 3, "a") and hlc_module.device_of(third) == "b"
    assert hlc_module.iso(hlc_module.make(0, 0, "a")) == "1970-01-01T00:00:00.000Z"


def test_a_screen_saving_the_same_action_twice_never_undoes_a_change_it_never_saw(
    tmp_path: Path,
) -> None:
    """The actions screen keeps its Action and saves it again for each key pressed: the first
    save takes in what another laptop changed meanwhile, so the second cannot write it back."""
    a, b = _two_laptops(tmp_path)
    with Store.open(a, device="a") as store:
        shown = store.get(Action, "act-1")
        assert shown is not None and shown.status == "open"
        with Store.open(b, device="b") as other:
            action = other.get(Action, "act-1")
            assert action is not None
            action.status = "done"
            action.history.append({"at": "2026-11-24T10:00:00.000Z", "status": "done"})
            other.save(action)
        _copy_journal(b, a, "b")
        store.refresh()
        shown.text = "Ask for postcode data"
        store.save(shown)
        assert (shown.status, [s["status"] for s in shown.history]) == ("done", ["open", "done"])
        shown.owner = "Kim"
        store.save(shown)
        merged = store.get(Action, "act-1")
        assert merged is not None
        assert (merged.status, merged.text, merged.owner) == (
            "done", "Ask for postcode data", "Kim")
        assert json.loads((a / "journals" / "a.jsonl").read_text().splitlines()[-1])["e"][0][
            "s"] == {"owner": "Kim"}, "the second save wrote more than the owner"


def test_a_stamp_from_the_end_of_time_cannot_make_this_laptops_saves_unreadable(
    tmp_path: Path,
) -> None:
    """A hand-edited or damaged line stamped in the year 2286 (the largest stamp there is):
    adopting it would push this laptop's next stamp past what a stamp can hold, and every
    save after it would be written as a line no laptop can read."""
    a, _ = _two_laptops(tmp_path)
    far = {"v": 2, "e": [{"t": "teams", "i": "team-1", "h": "9999999999999.9999.editor",
                          "s": {"project": "from the end of time"}}]}
    (a / "journals" / "editor.jsonl").write_text(json.dumps(far) + "\n")
    with Store.open(a, device="a") as store:
        note = store.save(Note(workshop=3, team_id="team-1", text="typed after it"))
        assert hlc_module.is_stamp(note.version)
        assert store.clock_ahead_ms() > 0, "the clock far ahead is still told"
    with Store.open(a, device="z", writable=False) as reader:
        assert reader.get(Note, note.id) is not None
        assert not reader.damage


def test_a_laptop_clock_years_ahead_does_not_drag_every_laptops_stamps_with_it(
    tmp_path: Path,
) -> None:
    """A clock set five years wrong is not a clock a laptop follows: this laptop's changes
    keep their own time (a day ahead is still followed, see above)."""
    a, b = _two_laptops(tmp_path)
    years = 5 * 365 * 24 * 3600 * 1000
    with Store.open(b, device="b") as store:
        assert store._clock is not None
        real = store._clock._wall
        store._clock._wall = lambda: real() + years  # type: ignore[assignment]
        store.save(Note(workshop=3, team_id="team-1", text="from a clock five years ahead"))
    _copy_journal(b, a, "b")
    with Store.open(a, device="a") as store:
        mine = store.save(Note(workshop=3, team_id="team-1", text="typed today"))
        assert abs(hlc_module.millis(mine.version) - real()) < 3600_000, mine.updated_at
        assert store.clock_ahead_ms() > years - 3600_000


def test_a_journal_synced_again_unchanged_is_not_news_even_before_its_kind_is_shown(
    tmp_path: Path,
) -> None:
    """Syncthing writes a file anew (a new inode) when anything about it changes; the app
    polls every few seconds and must not redraw, or pile up changes, for nothing new."""
    a, b = _two_laptops(tmp_path)
    with Store.open(a, device="a") as store:
        store.save(Note(workshop=3, team_id="team-1", text="from a"))
    with Store.open(b, device="b") as store:
        store.save(Note(workshop=3, team_id="team-1", text="from b"))
    with Store.open(a, device="a") as store:  # nothing asked for notes yet
        _copy_journal(b, a, "b")
        assert store.refresh() is True
        for _ in range(3):
            copy = a / "journals" / ".syncthing.b.jsonl.tmp"
            shutil.copy(b / "journals" / "b.jsonl", copy)
            copy.replace(a / "journals" / "b.jsonl")
            assert store.refresh() is False, "nothing new arrived"
        assert sorted(n.text for n in store.all(Note)) == ["from a", "from b"]


def test_a_clock_far_ahead_is_noticed_as_soon_as_its_change_arrives(tmp_path: Path) -> None:
    a, b = _two_laptops(tmp_path)
    day_ms = 24 * 3600 * 1000
    with Store.open(a, device="a") as store:
        store.save(Note(workshop=3, team_id="team-1", text="from a"))
    with Store.open(a, device="a") as store:  # nothing asked for notes yet
        with Store.open(b, device="b") as other:
            assert other._clock is not None
            real = other._clock._wall
            other._clock._wall = lambda: real() + day_ms  # type: ignore[assignment]
            other.save(Note(workshop=3, team_id="team-1", text="from a laptop a day ahead"))
        _copy_journal(b, a, "b")
        store.refresh()
        assert store.clock_ahead_ms() > day_ms - 60_000


def test_two_old_records_of_different_kinds_sharing_an_id_both_load(tmp_path: Path) -> None:
    """cigkit 0.1 records are stamped from their time, version and device; a team and a CIG
    with one id written in the same millisecond are still two records."""
    folder = tmp_path / "old"
    (folder / "journals").mkdir(parents=True, mode=0o700)
    when = {"rev": 1, "updated_at": "2026-01-01T00:00:00.000Z", "device": "old"}
    lines = [{"table": "teams", "record": {"id": "same", "name": "A team", **when}},
             {"table": "cigs", "record": {"id": "same", "name": "A CIG", **when}}]
    (folder / "journals" / "old.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))
    with Store.open(folder, device="z", writable=False) as store:
        assert store.get(Team, "same") is not None
        assert store.get(Cig, "same") is not None


def test_refresh_reads_only_the_new_lines_of_a_file_syncthing_wrote_anew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Syncthing never appends in place: each update of another laptop's journal is a new
    file renamed over the old one. Re-reading the whole journal on every poll would cost a
    full parse of it per change at a full programme's size."""
    a, b = _two_laptops(tmp_path)
    with Store.open(b, device="b") as writer, Store.open(a, device="a") as reader:
        writer.save(Note(workshop=1, team_id="team-1", text="one"))
        _copy_journal(b, a, "b")
        reader.refresh()
        from cigkit.store import journal

        starts: list[int] = []
        real = journal.read_journal

        def spy(path: Path, start: int = 0, first_line: int = 1,
                defer: bool = False) -> journal.JournalRead:
            starts.append(start)
            return real(path, start, first_line, defer)

        monkeypatch.setattr("cigkit.store.store.read_journal", spy)
        known = (a / "journals" / "b.jsonl").stat().st_size
        writer.save(Note(workshop=1, team_id="team-1", text="two"))
        arriving = a / "journals" / ".syncthing.b.jsonl.tmp"
        shutil.copy(b / "journals" / "b.jsonl", arriving)
        arriving.replace(a / "journals" / "b.jsonl")
        assert reader.refresh() is True
        assert starts == [known]
        assert sorted(n.text for n in reader.all(Note)) == ["one", "two"]
        # a file that is not the one read before (its bytes differ) is read from the start
        other = a / "journals" / ".syncthing.b.jsonl.tmp"
        with Store.open(tmp_path / "elsewhere", device="b") as impostor:
            for text in ("three", "four", "five"):
                impostor.save(Note(workshop=1, team_id="team-1", text=text))
        shutil.copy(tmp_path / "elsewhere" / "journals" / "b.jsonl", other)
        other.replace(a / "journals" / "b.jsonl")
        starts.clear()
        assert reader.refresh() is True
        assert starts == [0]
        assert len(reader.all(Note)) == 5


def test_changing_a_field_again_on_a_laptop_that_had_both_values_settles_the_conflict(
    tmp_path: Path,
) -> None:
    a, b = _two_laptops(tmp_path)
    for folder, device, name in ((a, "a", "Crisis Cafe (A)"), (b, "b", "Crisis Cafe (B)")):
        with Store.open(folder, device=device) as store:
            team = store.get(Team, "team-1")
            assert team is not None
            team.name = name
            store.save(team)
    _sync(a, b)
    with Store.open(a, device="a") as store:
        [conflict] = store.conflicts()
        key = conflict.key
        store.save(Team(id="other", name="Unrelated"))
        assert [c.key for c in store.conflicts()] == [key], "a key must not move"
        team = store.get(Team, "team-1")
        assert team is not None
        team.name = "Crisis Cafe"
        store.save(team)
        assert store.conflicts() == []
