"""Three laptops change the same records at random, swap files in pieces and in any order,
and merge again and again: they always end up identical, with nothing lost or doubled."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from cigkit.model import Action, Team
from cigkit.store import Store
from cigkit.store.files import canonical

DEVICES = ("a", "b", "c")
IDS = ("r1", "r2", "r3")
WORDS = st.sampled_from(["alpha", "beta", "gamma", "delta"])


class ThreeLaptops(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="cigkit-merge-"))
        self.stores = {d: Store.open(self.root / d, device=d) for d in DEVICES}
        self.steps: set[str] = set()
        self.changes: dict[tuple[str, str], int] = {}  # changes made to a record anywhere
        self.old_lines = 0
        self.old_written: list[str] = []  # every line the 0.1 laptop wrote, anywhere

    def _save(self, store: Store, record: Any) -> None:
        before = record.version
        saved = store.save(record)
        if saved.version != before:
            key = (saved.TABLE, saved.id)
            self.changes[key] = self.changes.get(key, 0) + 1

    def teardown(self) -> None:
        for store in self.stores.values():
            store.close()
        shutil.rmtree(self.root, ignore_errors=True)

    # -- changes ---------------------------------------------------------------------------

    @rule(device=st.sampled_from(DEVICES), rid=st.sampled_from(IDS), name=WORDS)
    def create_or_rename_team(self, device: str, rid: str, name: str) -> None:
        store = self.stores[device]
        team = store.get(Team, rid, include_deleted=True) or Team(id=rid, name=name)
        team.name = name
        self._save(store, team)

    @rule(device=st.sampled_from(DEVICES), rid=st.sampled_from(IDS), project=WORDS)
    def set_project(self, device: str, rid: str, project: str) -> None:
        store = self.stores[device]
        team = store.get(Team, rid, include_deleted=True)
        if team is not None:
            team.project = project
            self._save(store, team)

    @rule(device=st.sampled_from(DEVICES), rid=st.sampled_from(IDS), deleted=st.booleans())
    def delete_or_restore(self, device: str, rid: str, deleted: bool) -> None:
        store = self.stores[device]
        team = store.get(Team, rid, include_deleted=True)
        if team is not None:
            team.deleted = deleted
            self._save(store, team)

    @rule(device=st.sampled_from(DEVICES), rid=st.sampled_from(IDS),
          status=st.sampled_from(["open", "done", "dropped"]), owner=WORDS)
    def change_action(self, device: str, rid: str, status: str, owner: str) -> None:
        store = self.stores[device]
        action = store.get(Action, rid) or Action(id=rid, workshop=1, team_id="t", text="x")
        step = {"at": f"2026-11-24T10:{len(self.steps) % 60:02d}:00.000Z", "status": status,
                "by": device, "n": len(self.steps)}
        self.steps.add(canonical(step))
        action.history.append(step)
        action.status = status
        if len(self.steps) % 2:
            action.owner = owner
        self._save(store, action)

    @rule(device=st.sampled_from(DEVICES), first=st.sampled_from(IDS),
          second=st.sampled_from(IDS), name=WORDS, fail=st.booleans())
    def rename_in_one_transaction(self, device: str, first: str, second: str, name: str,
                                  fail: bool) -> None:
        """A multi-record command; when it fails, saving the same objects again writes."""
        store = self.stores[device]
        teams = [t for t in (store.get(Team, r, include_deleted=True)
                             for r in dict.fromkeys((first, second))) if t is not None]
        if not teams:
            return
        before = [t.version for t in teams]
        try:
            with store.transaction():
                for team in teams:
                    team.name = name
                    store.save(team)
                if fail:
                    raise RuntimeError("the command failed part way")
        except RuntimeError:
            assert [t.version for t in teams] == before, "a failed save left its mark"
            for team in teams:
                self._save(store, team)
            return
        for team, version in zip(teams, before, strict=True):
            if team.version != version:
                key = (team.TABLE, team.id)
                self.changes[key] = self.changes.get(key, 0) + 1

    @rule(dst=st.sampled_from(DEVICES), rid=st.sampled_from(IDS), name=WORDS)
    def a_cigkit_0_1_laptop_writes_a_whole_team(self, dst: str, rid: str, name: str) -> None:
        """An old laptop still running cigkit 0.1 writes a whole record to its journal, and
        a file-sync tool delivers that journal, as a new file, to one laptop."""
        self.old_lines += 1
        line = {"table": "teams", "record": {
            "id": rid, "rev": self.old_lines, "name": name, "device": "old",
            "updated_at": f"2026-11-24T10:{self.old_lines % 60:02d}:00.000Z"}}
        self.old_written.append(json.dumps(line) + "\n")
        arriving = self.root / dst / "journals" / ".syncthing.old.jsonl.tmp"
        arriving.write_text("".join(self.old_written))
        arriving.replace(self.root / dst / "journals" / "old.jsonl")
        key = ("teams", rid)
        self.changes[key] = self.changes.get(key, 0) + 1
        self.stores[dst].refresh()

    # -- moving files between laptops ------------------------------------------------------

    @rule(src=st.sampled_from(DEVICES), dst=st.sampled_from(DEVICES),
          fraction=st.floats(0.0, 1.0))
    def copy_part_of_a_journal(self, src: str, dst: str, fraction: float) -> None:
        """A file-sync tool mid-copy: a prefix of the file, possibly cut inside a line."""
        if src == dst:
            return
        data = (self.root / src / "journals" / f"{src}.jsonl").read_bytes()
        target = self.root / dst / "journals" / f"{src}.jsonl"
        have = target.read_bytes() if target.exists() else b""
        cut = int(len(data) * fraction)
        if cut > len(have):
            target.write_bytes(data[:cut])
        self.stores[dst].refresh()

    @rule(src=st.sampled_from(DEVICES), dst=st.sampled_from(DEVICES))
    def hand_over_a_bundle(self, src: str, dst: str) -> None:
        if src != dst:
            self.stores[dst].take(self.stores[src].all_events())

    # -- what must always hold -------------------------------------------------------------

    @invariant()
    def no_history_step_is_applied_twice(self) -> None:
        for store in self.stores.values():
            for action in store.all(Action, include_deleted=True):
                keys = [canonical(s) for s in action.history]
                assert len(keys) == len(set(keys))

    @rule()
    def everyone_syncs_everything(self) -> None:
        for dst in DEVICES:  # the 0.1 laptop's lines reach every folder (in its own order)
            (self.root / dst / "journals" / "old.jsonl").write_text("".join(self.old_written))
        for dst in DEVICES:
            for src in DEVICES:
                if src != dst:
                    shutil.copy(self.root / src / "journals" / f"{src}.jsonl",
                                self.root / dst / "journals" / f"{src}.jsonl")
            self.stores[dst].refresh()
        # a second round carries what each laptop took in from the others' bundles
        for dst in DEVICES:
            for src in DEVICES:
                if src != dst:
                    shutil.copy(self.root / src / "journals" / f"{src}.jsonl",
                                self.root / dst / "journals" / f"{src}.jsonl")
            self.stores[dst].refresh()
        states = {d: _state(s) for d, s in self.stores.items()}
        for store in self.stores.values():
            for kind in (Team, Action):
                for record in store.all(kind, include_deleted=True):
                    assert record.rev == self.changes[(kind.TABLE, record.id)], (
                        "a change was applied twice or lost")
        assert states["a"] == states["b"] == states["c"]
        merged = {canonical(s) for a in self.stores["a"].all(Action, include_deleted=True)
                  for s in a.history}
        assert merged == self.steps, "a history step was lost"
        conflicts = [sorted(map(repr, s.conflicts())) for s in self.stores.values()]
        assert conflicts[0] == conflicts[1] == conflicts[2]
        fresh = self.root / "fresh"
        shutil.rmtree(fresh, ignore_errors=True)
        (fresh / "journals").mkdir(parents=True)
        for src in reversed(DEVICES):
            shutil.copy(self.root / src / "journals" / f"{src}.jsonl",
                        fresh / "journals" / f"{src}.jsonl")
        (fresh / "journals" / "old.jsonl").write_text("".join(reversed(self.old_written)))
        with Store.open(fresh, device="z", writable=False) as reader:
            assert _state(reader) == states["a"], "the result depends on the order read"


def _state(store: Store) -> str:
    data: dict[str, Any] = {}
    for kind in (Team, Action):
        data[kind.TABLE] = sorted((r.to_dict() for r in store.all(kind, include_deleted=True)),
                                  key=lambda r: r["id"])
    return canonical(data)


ThreeLaptops.TestCase.settings = settings(max_examples=60, stateful_step_count=25,
                                          deadline=None)
test_three_laptops_always_converge = ThreeLaptops.TestCase
