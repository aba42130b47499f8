"""Save time against stored size: cigkit's durable save and stock TinyDB's insert.

cigkit's save is fsynced before it returns; stock TinyDB's JSONStorage insert rewrites the
whole file without any fsync (so it is not durable, and the ratio flatters it). Both are
measured in the same run on the same disk, so the ratios mean something on a noisy machine.
Ends with one RESULT line.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path

from tinydb import TinyDB
from tinydb.storages import JSONStorage

from cigkit.model import Note, format_instant
from cigkit.store import Store
from cigkit.store.files import write_json_atomic

SIZES = (100, 1_000, 10_000, 30_000)
SAMPLES = {100: 40, 1_000: 40, 10_000: 30, 30_000: 20}
STOCK_SAMPLES = {100: 20, 1_000: 20, 10_000: 10, 30_000: 6}
TEAM = "4f1c9b8e-0000-4000-8000-000000000001"
TEXT = "The public advisor said transport, not interest, keeps people from the clinic. " * 2


def note(i: int) -> dict[str, object]:
    data = Note(workshop=1 + i % 8, team_id=TEAM, text=f"{i}: {TEXT}", tags=["what:scientific"])
    record = data.to_dict()
    record.update(id=str(uuid.UUID(int=i)), rev=1, device="bench",
                  updated_at=format_instant(datetime.now().astimezone()))
    return record


def prefill_cigkit(folder: Path, count: int) -> None:
    """Write `count` notes as a snapshot, the state a long-used folder compacts to."""
    for sub in ("journals", "snapshots", "locks"):
        (folder / sub).mkdir(parents=True, mode=0o700, exist_ok=True)
    records = [{"table": "notes", "record": note(i)} for i in range(count)]
    write_json_atomic(folder / "snapshots" / "bench.json",
                      {"format": 1, "device": "bench", "records": records})


def time_cigkit(folder: Path, count: int, samples: int) -> float:
    prefill_cigkit(folder, count)
    with Store.open(folder, device="bench") as store:
        table = store.db.table("notes")
        times = []
        for i in range(samples):
            doc = {"workshop": 3, "team_id": TEAM, "text": f"new {i}: {TEXT}", "kind": "discussion",
                   "tags": [], "sharing": "team"}
            start = time.perf_counter()
            table.insert(doc)
            times.append(time.perf_counter() - start)
        assert len(store.live["notes"]) == count + samples
    return statistics.median(times) * 1000


def time_stock(folder: Path, count: int, samples: int) -> float:
    path = folder / "stock.json"
    db = TinyDB(path, storage=JSONStorage)
    db.table("notes").insert_multiple(note(i) for i in range(count))
    table = db.table("notes")
    times = []
    for i in range(samples):
        start = time.perf_counter()
        table.insert({"workshop": 3, "team_id": TEAM, "text": f"new {i}: {TEXT}"})
        times.append(time.perf_counter() - start)
    db.close()
    return statistics.median(times) * 1000


def main() -> int:
    ours: dict[int, float] = {}
    stock: dict[int, float] = {}
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        for size in SIZES:
            ours[size] = time_cigkit(Path(tmp) / f"cigkit-{size}", size, SAMPLES[size])
            stock_dir = Path(tmp) / f"stock-{size}"
            stock_dir.mkdir()
            stock[size] = time_stock(stock_dir, size, STOCK_SAMPLES[size])
            print(f"{size:>6} notes: cigkit durable save p50 {ours[size]:7.2f} ms   "
                  f"stock TinyDB insert p50 {stock[size]:8.2f} ms   "
                  f"ratio {stock[size] / ours[size]:6.1f}x", flush=True)
    x, y = ours[10_000], stock[10_000]
    print(f"RESULT save_p50_ms_10k={x:.2f} stock_p50_ms_10k={y:.2f} speedup_10k={y / x:.1f} "
          f"growth_10k_vs_100={ours[10_000] / ours[100]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
