"""What keeps cigkit quick: each command imports only its own module (and parses the same
alone), and a folder just opened is not rescanned by the garbage collector."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from cigkit import cli
from cigkit.model import Note
from cigkit.store import Store


def _commands_of(module: str) -> set[str]:
    parser = argparse.ArgumentParser()
    importlib.import_module(f"cigkit.commands.{module}").register(parser.add_subparsers())
    return set(parser._subparsers._group_actions[0].choices)  # type: ignore[union-attr]


def test_every_command_is_mapped_to_the_module_that_adds_it() -> None:
    full = cli.build_parser()
    choices = set(full._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    assert set(cli.COMMAND_MODULES) == choices
    for module in set(cli.COMMAND_MODULES.values()):
        assert _commands_of(module) == {c for c, m in cli.COMMAND_MODULES.items() if m == module}


@pytest.mark.parametrize("line", [
    ["dump", "--json"], ["export", "--all", "--html", "--out", "x"], ["log", "note", "T", "hi"],
    ["roster", "import", "r.csv"], ["status", "--workshop", "3"],
    ["team", "add", "T", "--cig", "C"], ["checklist", "T"], ["question", "answer", "q1", "yes"],
    ["merge", "b.cigkit"],
])
def test_a_command_parses_the_same_with_its_module_alone(line: list[str]) -> None:
    def parsed(parser: argparse.ArgumentParser) -> dict[str, object] | str:
        try:
            return {k: v for k, v in vars(parser.parse_args(line)).items() if k != "func"}
        except cli.UsageError as exc:
            return str(exc)

    assert parsed(cli.build_parser(line[0])) == parsed(cli.build_parser())


def test_dump_does_not_import_the_export_machinery(tmp_path: Path) -> None:
    """`cigkit dump` never pays for Jinja2, markdown-it or the roster reader."""
    code = ("import sys; from cigkit.cli import run; run(['--data', sys.argv[1], 'dump']); "
            "print(sorted(m for m in ('jinja2', 'markdown_it', 'cigkit.services.export', "
            "'cigkit.commands.setup_cmd') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True,
                          text=True, check=False)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr


FOLD_AND_COUNT = """
import gc, sys
from pathlib import Path
from cigkit.model import Note
from cigkit.store import Store
collections = []
with Store.open(Path(sys.argv[1]), device="b", writable=False) as store:
    gc.collect()
    gc.callbacks.append(lambda phase, info: collections.append(phase))
    assert not store.damage  # every table folded
    during = collections.count("start")
    print(len(store.all(Note)), during)
"""


def test_a_folded_folder_is_not_left_for_the_young_collector_to_rescan(data_dir: Path) -> None:
    """Opening a big folder builds its records with the collector off; they then go to the
    oldest generation unscanned (left in the youngest, the first allocation after each
    table would make the collector walk every record just built). In a fresh process, as
    a command runs: one that froze objects of its own keeps its collector as it is."""
    with Store.open(data_dir, device="a") as store, store.transaction():
        for i in range(3000):
            store.save(Note(workshop=1, team_id="t", text=f"note {i}", tags=["what:technical"]))
    done = subprocess.run([sys.executable, "-c", FOLD_AND_COUNT, str(data_dir)],
                          capture_output=True, text=True, check=False)
    assert done.stdout.split() == ["3000", "0"], done.stderr
