"""Saving one note, and merging a whole programme, against baselines measured in the same run.

- save: cigkit's durable save of one note (`Store.save`: one journal line, fsynced, checked
  that the folder is still there) into folders already holding 100 to 30,000 notes, against
  the least any durable save can do on this disk: one raw JSON line appended and fsynced.
  Stock TinyDB's insert (JSONStorage rewrites the whole file and never fsyncs, so it is not
  durable and the comparison flatters it) is shown for scale.
- merge: `cigkit merge` of a full programme's bundle (30 teams, 8 workshops, 50 entries per
  team per workshop) into an empty laptop, against `json.load` of the same bundle.
Ends with one RESULT line.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from programme import build  # noqa: E402
from tinydb import TinyDB  # noqa: E402
from tinydb.storages import JSONStorage  # noqa: E402

from cigkit.model import Note  # noqa: E402
from cigkit.services import sync  # noqa: E402
from cigkit.store import Store  # noqa: E402
from cigkit.store.files import fsync_fd  # noqa: E402

SIZES = (100, 1_000, 10_000, 30_000)
SAMPLES = 60
STOCK_SAMPLES = {100: 20, 1_000: 20, 10_000: 8, 30_000: 4}
TEAM = "4f1c9b8e-0000-4000-8000-000000000001"
TEXT = "The public advisor said transport, not interest, keeps people from the clinic. " * 2


def prefill(folder: Path, count: int) -> None:
    with Store.open(folder, device="bench") as store:
        with store.transaction():
            for i in range(count):
                store.save(Note(workshop=1 + i % 8, team_id=TEAM, text=f"{i}: {TEXT}",
                                tags=["what:scientific"]))


def time_cigkit(folder: Path, samples: int) -> list[float]:
    with Store.open(folder, device="bench") as store:
        times = []
        for i in range(samples):
            note = Note(workshop=3, team_id=TEAM, text=f"new {i}: {TEXT}")
            start = time.perf_counter()
            store.save(note)
            times.append(time.perf_counter() - start)
    return times


def time_raw(folder: Path, samples: int) -> list[float]:
    """One JSON line of the same note appended and fsynced: the floor for a durable save."""
    path = folder / "raw.jsonl"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    times = []
    try:
        for i in range(samples):
            record = Note(workshop=3, team_id=TEAM, text=f"new {i}: {TEXT}").to_dict()
            start = time.perf_counter()
            os.write(fd, (json.dumps(record, ensure_ascii=False) + "\n").encode())
            fsync_fd(fd)
            times.append(time.perf_counter() - start)
    finally:
        os.close(fd)
    return times


def time_stock(folder: Path, count: int, samples: int) -> float:
    db = TinyDB(folder / "stock.json", storage=JSONStorage)
    db.table("notes").insert_multiple(
        {**Note(workshop=1, team_id=TEAM, text=f"{i}: {TEXT}").to_dict(),
         "id": str(uuid.UUID(int=i))} for i in range(count))
    table = db.table("notes")
    times = []
    for i in range(samples):
        start = time.perf_counter()
        table.insert({"workshop": 3, "team_id": TEAM, "text": f"new {i}: {TEXT}"})
        times.append(time.perf_counter() - start)
    db.close()
    return statistics.median(times) * 1000


def time_merge(root: Path) -> tuple[float, float, int]:
    source = root / "table-1"
    build(source)
    bundle = root / "table-1.cigkit"
    with Store.open(source, device="bench") as store:
        changes = sync.bundle(store, bundle)
    merges, loads = [], []
    for run in range(3):
        gc.collect()
        start = time.perf_counter()
        with open(bundle, "rb") as handle:
            json.load(handle)
        loads.append(time.perf_counter() - start)
        target = root / f"laptop-{run}"
        gc.collect()
        start = time.perf_counter()
        with Store.open(target, device=f"laptop-{run}") as store:
            report = sync.merge(store, bundle)
        merges.append(time.perf_counter() - start)
        assert report.changes == changes
    return statistics.median(merges), statistics.median(loads), changes


def main() -> int:
    rows = []
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        root = Path(tmp)
        for size in SIZES:
            folder = root / f"cigkit-{size}"
            prefill(folder, size)
            ours, raw = [], []
            for _ in range(3):  # interleaved, so a busy moment hits both
                ours += time_cigkit(folder, SAMPLES // 3)
                raw += time_raw(folder, SAMPLES // 3)
            stock_dir = root / f"stock-{size}"
            stock_dir.mkdir()
            stock = time_stock(stock_dir, size, STOCK_SAMPLES[size])
            p50, raw50 = statistics.median(ours) * 1000, statistics.median(raw) * 1000
            rows.append((size, p50, raw50, stock))
            print(f"{size:>6} notes: cigkit save p50 {p50:6.3f} ms   raw line+fsync p50 "
                  f"{raw50:6.3f} ms   ratio {p50 / raw50:4.2f}   stock TinyDB insert p50 "
                  f"{stock:8.2f} ms (not durable)", flush=True)
        merge_s, load_s, changes = time_merge(root)
        print(f"merge of a full programme's bundle ({changes} changes): {merge_s:.3f} s; "
              f"json.load of the same bundle {load_s:.3f} s", flush=True)
    at_10k = next(r for r in rows if r[0] == 10_000)
    ratios = [r[1] / r[2] for r in rows]
    print(f"RESULT save_p50_ms_10k={at_10k[1]:.3f} raw_p50_ms_10k={at_10k[2]:.3f} "
          f"save_vs_raw_10k={at_10k[1] / at_10k[2]:.2f} save_vs_raw_worst={max(ratios):.2f} "
          f"stock_p50_ms_10k={at_10k[3]:.2f} growth_30k_vs_100={rows[-1][1] / rows[0][1]:.2f} "
          f"merge_full_s={merge_s:.3f} merge_vs_json_load={merge_s / load_s:.1f} "
          f"merge_changes={changes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
