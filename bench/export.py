"""Benchmark: `cigkit export --all --html` on the full programme, as a facilitator runs it.

Builds the full-size programme (bench/programme.py) in a temp folder, then times, in fresh
processes launched the same way, opening the store and nothing else (`load_s`, the baseline),
the real command writing every Markdown and HTML file (`export_all_s`: on a POSIX laptop with
two cores it renders in two processes) and the same command kept to one process
(`one_process_s`, `--one-process`, as on Windows). Medians of a few runs, so one hiccup of a
noisy machine does not decide. Every run, of either kind, must write the same bytes.
The last line is `RESULT export_all_s=<x> files=<n> load_s=<y> one_process_s=<z>`.
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

from bench.programme import DEVICE, TEAMS, WORKSHOPS, build  # noqa: E402

RUNS = 5
LOAD = "import sys; from pathlib import Path; from cigkit.store import Store; " \
       "Store.open(Path(sys.argv[1]), writable=False).close()"


def environment(folder: Path) -> dict[str, str]:
    """The checkout's cigkit, this device, and no real per-user folder touched."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CIGKIT_DEVICE": DEVICE,
           "XDG_CONFIG_HOME": str(folder / "config"), "XDG_DATA_HOME": str(folder / "xdg"),
           "XDG_CACHE_HOME": str(folder / "cache")}
    # An installed cigkit has its bytecode compiled (pip and pipx do it on install): let the
    # runs write and reuse it, as bench/startup.py does, or every run compiles the export.
    # The minutes templates are kept compiled the same way, in the (temporary) cache folder.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.strip()}")
    return elapsed, done.stdout


def digest(folder: Path) -> str:
    """One hash over every file's name and bytes, to prove each run wrote the same export."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def main() -> None:
    loads: list[float] = []
    exports: list[float] = []
    singles: list[float] = []
    files = 0
    digests = set()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = folder / "data"
        count = build(data)
        env = environment(folder)
        for run in range(RUNS):
            elapsed, _ = timed([sys.executable, "-c", LOAD, str(data)], env)
            loads.append(elapsed)
            out = folder / f"exports-{run}"
            command = [sys.executable, "-m", "cigkit", "--data", str(data),
                       "export", "--all", "--html", "--out", str(out)]
            elapsed, printed = timed(command, env)
            exports.append(elapsed)
            files = len(printed.splitlines())
            digests.add(digest(out))
            single = folder / f"one-process-{run}"
            elapsed, printed_single = timed([*command[:-1], str(single), "--one-process"], env)
            singles.append(elapsed)
            if printed_single.replace(str(single), str(out)) != printed:
                raise SystemExit("one process and two wrote different files or in another order")
            digests.add(digest(single))
    if len(digests) != 1:
        raise SystemExit("the runs wrote different exports from the same data")
    load_s, export_s = statistics.median(loads), statistics.median(exports)
    single_s = statistics.median(singles)
    print("load runs (s): " + " ".join(f"{x:.3f}" for x in loads))
    print("export runs (s): " + " ".join(f"{x:.3f}" for x in exports))
    print("export --one-process runs (s): " + " ".join(f"{x:.3f}" for x in singles))
    print(f"records: {count}, teams: {TEAMS}, workshops: {WORKSHOPS}, files: {files}, "
          f"runs: {RUNS}")
    print(f"open the store: {load_s:.3f} s, export --all --html: {export_s:.3f} s, "
          f"ratio export/load: {export_s / load_s:.1f}")
    print(f"export --one-process: {single_s:.3f} s, ratio two processes/one: "
          f"{export_s / single_s:.2f}")
    print(f"RESULT export_all_s={export_s:.3f} files={files} load_s={load_s:.3f} "
          f"one_process_s={single_s:.3f}")


if __name__ == "__main__":
    main()
