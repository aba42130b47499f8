"""What keeps commands quick: each command imports only its own module, and says the same."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from cigkit import cli


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
