"""Kill -9 a real `cigkit log` process mid-save, many times: every printed id survives."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from cigkit.model import Note
from cigkit.store import Store


def _feed(stdin, stop: threading.Event) -> None:  # type: ignore[no-untyped-def]
    n = 0
    try:
        while not stop.is_set():
            stdin.write(f"note {n} typed at the table, with some words to make it longer\n")
            stdin.flush()
            n += 1
    except (BrokenPipeError, ValueError, OSError):
        pass


def test_sigkill_at_random_moments_loses_no_printed_note(demo_dir: Path) -> None:
    rnd = random.Random(7)
    printed: list[str] = []
    env = {**os.environ, "CIGKIT_DEVICE": "crash-laptop"}
    for _ in range(12):
        proc = subprocess.Popen(
            [sys.executable, "-m", "cigkit", "--data", str(demo_dir), "log", "note",
             "--workshop", "3", "--team", "diabetes", "-"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, env=env,
        )
        stop = threading.Event()
        feeder = threading.Thread(target=_feed, args=(proc.stdin, stop), daemon=True)
        feeder.start()
        assert proc.stdout is not None
        first = proc.stdout.readline()  # the process is up and saving
        assert first.strip(), proc.stderr.read() if proc.stderr else ""
        printed.append(first.strip())
        time.sleep(rnd.uniform(0.0, 0.25))
        proc.send_signal(signal.SIGKILL)
        stop.set()
        rest, _ = proc.communicate()
        printed.extend(line.strip() for line in rest.splitlines() if line.strip())
        feeder.join(timeout=5)
        assert proc.returncode == -signal.SIGKILL
    assert len(printed) >= 12  # at least one saved note per killed process
    with Store.open(demo_dir, device="crash-laptop") as store:
        stored = {n.id for n in store.all(Note)}
        missing = [i for i in printed if i not in stored]
        assert not missing, f"{len(missing)} printed ids were lost"
        store.save(Note(workshop=3, team_id="t", text="the folder still takes writes"))


CHILD = """
import os
import sys
from pathlib import Path
from cigkit.model import Note
from cigkit.store import Store
store = Store.open(Path(sys.argv[1]), device="importing-laptop")
n = 0
while True:
    with store.transaction():
        for i in range(150):
            store.save(Note(workshop=1, team_id=f"batch-{os.getpid()}-{n}",
                            text="x" * (i * 37 % 3000)))
    print(f"batch-{os.getpid()}-{n}", flush=True)
    n += 1
"""


def test_sigkill_during_a_many_record_save_keeps_it_whole_or_not_at_all(data_dir: Path) -> None:
    """A roster import or a merge is one journal line: after a kill at any moment, each
    batch is either all there (and was acknowledged) or not there at all."""
    rnd = random.Random(11)
    printed: list[str] = []
    for _ in range(10):
        proc = subprocess.Popen([sys.executable, "-c", CHILD, str(data_dir)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        printed.append(proc.stdout.readline().strip())
        time.sleep(rnd.uniform(0.0, 0.3))
        proc.send_signal(signal.SIGKILL)
        rest, err = proc.communicate()
        assert "Traceback" not in err, err
        printed.extend(line.strip() for line in rest.splitlines() if line.strip())
    with Store.open(data_dir, device="importing-laptop") as store:
        sizes: dict[str, int] = {}
        for note in store.all(Note):
            sizes[note.team_id] = sizes.get(note.team_id, 0) + 1
    assert all(size == 150 for size in sizes.values()), "a batch was stored in part"
    missing = [b for b in printed if b not in sizes]
    assert not missing and len(printed) >= 10, (len(missing), len(printed))
