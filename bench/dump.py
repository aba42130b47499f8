"""Benchmark: `cigkit dump --json` of a folder of 100,000 records, against a bare `json.load`.

Builds the full-size programme padded with notes to 100,000 records (bench/programme.py),
then times, in fresh processes launched the same way, a bare Python reading every journal
line with `json.loads` and keeping it (the baseline) and the real command writing every live
record to a file. Every
run must print the same bytes. The last line is
`RESULT dump_json_s=<x> records=<n> json_load_s=<y> ratio=<x/y>`; the goal is under 2 s.
"""

from __future__ import annotations

import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.programme import DEVICE, build, records  # noqa: E402

RUNS = 5
TOTAL = 100_000
BARE = ("import json, sys, pathlib\n"
        "rows = [json.loads(line) for p in sorted(pathlib.Path(sys.argv[1]).glob('*.jsonl'))\n"
        "        for line in open(p, 'rb') if line.strip()]")


def timed(argv: list[str], env: dict[str, str], out: Path) -> float:
    with open(out, "wb") as handle:
        started = time.perf_counter()
        done = subprocess.run(argv, env=env, cwd=ROOT, stdout=handle, stderr=subprocess.PIPE,
                              check=False)
        elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.decode().strip()}")
    return elapsed


def main() -> None:
    bare: list[float] = []
    ours: list[float] = []
    digests = set()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = folder / "data"
        base = len(records(folder / "none"))
        count = build(data, extra_notes=TOTAL - base)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "CIGKIT_DEVICE": DEVICE,
               "XDG_CONFIG_HOME": str(folder / "config"), "XDG_DATA_HOME": str(folder / "xdg")}
        # An installed cigkit has its bytecode compiled (pip and pipx do it on install): let
        # the runs write and reuse it, as bench/startup.py does.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        journals = data / "journals"
        out = folder / "dump.json"
        for _ in range(RUNS):
            bare.append(timed([sys.executable, "-c", BARE, str(journals)], env, out))
            ours.append(timed([sys.executable, "-m", "cigkit", "--data", str(data), "dump",
                               "--json"], env, out))
            digests.add(hashlib.sha256(out.read_bytes()).hexdigest())
        size = out.stat().st_size
    if len(digests) != 1:
        raise SystemExit("the runs printed different dumps of the same data")
    b, c = statistics.median(bare), statistics.median(ours)
    print("json.load runs (s):        " + " ".join(f"{x:.3f}" for x in bare))
    print("cigkit dump --json runs (s): " + " ".join(f"{x:.3f}" for x in ours))
    print(f"records: {count}, dump: {size / 1e6:.1f} MB, sha256 {digests.pop()[:16]}")
    print(f"RESULT dump_json_s={c:.3f} records={count} json_load_s={b:.3f} ratio={c / b:.2f}")


if __name__ == "__main__":
    main()
