"""Opening a data folder of 100,000 records against a bare JSON parse of the same files.

The folder holds the full programme (30 teams, 8 workshops, 50 entries per team per workshop)
plus notes up to 100,000 records, each saved as its own journal line the way typing saves
them. Measured in the same run, interleaved, median of 5:
- bare: read every journal file and `json.loads` each line, keeping what it read, as
  `json.load` of one file would (the least any reader must do);
- open: `Store.open` (reads and checks every line; tables fold when first asked for);
- load: `Store.open` and fold and check every record of every table.
Ends with `RESULT load_ratio=<load/bare> open_ratio=<open/bare> ...`.
"""

from __future__ import annotations

import gc
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from programme import build  # noqa: E402

from cigkit.model import Note  # noqa: E402
from cigkit.store import Store  # noqa: E402

TOTAL = 100_000
RUNS = 5
TEXT = "The public advisor said transport, not interest, keeps people from the clinic."


def fill(data: Path) -> int:
    count = build(data)
    with Store.open(data, device="typist") as store:
        teams = sorted({n.team_id for n in store.all(Note)})
        for i in range(TOTAL - count):
            store.save(Note(workshop=1 + i % 8, team_id=teams[i % len(teams)],
                            text=f"{i}: {TEXT}", tags=["what:scientific"] if i % 3 else []))
    return TOTAL


def bare(data: Path) -> float:
    """What `json.load` of the same data costs: every line parsed and kept in memory."""
    start = time.perf_counter()
    rows = []
    for path in sorted((data / "journals").glob("*.jsonl")):
        with open(path, "rb") as handle:
            for line in handle:
                if line.strip():
                    rows.append(json.loads(line))
    took = time.perf_counter() - start
    assert len(rows) >= TOTAL * 0.8
    return took


def opened(data: Path, fold_everything: bool) -> float:
    start = time.perf_counter()
    store = Store.open(data, device="reader", writable=False)
    if fold_everything:
        assert not store.damage
        assert sum(store.count_live().values()) >= TOTAL * 0.99
    took = time.perf_counter() - start
    store.close()
    return took


def main() -> int:
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        data = Path(tmp) / "data"
        print(f"building {TOTAL} records ...", flush=True)
        fill(data)
        size = sum(p.stat().st_size for p in (data / "journals").glob("*.jsonl"))
        print(f"{size / 1e6:.1f} MB of journals", flush=True)
        times: dict[str, list[float]] = {"bare": [], "open": [], "load": []}
        for _ in range(RUNS):
            for name, run in (("bare", lambda: bare(data)),
                              ("open", lambda: opened(data, False)),
                              ("load", lambda: opened(data, True))):
                gc.collect()
                times[name].append(run())
        med = {k: statistics.median(v) for k, v in times.items()}
        for name, value in med.items():
            print(f"{name:>5}: {value:6.3f} s (median of {RUNS})")
    print(f"RESULT load_ratio={med['load'] / med['bare']:.2f} "
          f"open_ratio={med['open'] / med['bare']:.2f} load_s={med['load']:.3f} "
          f"bare_s={med['bare']:.3f} records={TOTAL}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
