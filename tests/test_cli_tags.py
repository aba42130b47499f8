"""`cigkit log --tag` spells Ward's categories exactly as the app's `#what:sci` does."""

from __future__ import annotations

from pathlib import Path

import pytest

from cigkit.cli import run
from cigkit.model import Note
from cigkit.store import Store


def _log(capsys: pytest.CaptureFixture[str], data: Path, *tags: str) -> tuple[int, str, str]:
    args = ["--data", str(data), "log", "note", "-w", "3", "-t", "crisis", "Buses stop at six"]
    for tag in tags:
        args += ["--tag", tag]
    code = run(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_a_unique_start_of_a_category_is_stored_in_full(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _log(capsys, demo_dir, "what:sci", "WHOSE:Pub", "#how:copro", "budget")
    assert code == 0
    with Store.open(demo_dir, writable=False) as store:
        note = store.get(Note, out.strip())
    assert note is not None
    assert note.tags == ["budget", "how:coproduction", "what:scientific", "whose:public"]


@pytest.mark.parametrize(
    ("tag", "words"),
    [
        ("what:bogus", "Tag 'what:bogus' is not one of Ward's categories: what:scientific"),
        ("whose:p", "Tag 'whose:p' could be more than one of Ward's categories"),
        ("why:", "Tag 'why:' is not one of Ward's categories"),
    ],
)
def test_a_category_ward_does_not_have_is_one_sentence_and_nothing_is_stored(
    demo_dir: Path, capsys: pytest.CaptureFixture[str], tag: str, words: str
) -> None:
    with Store.open(demo_dir, writable=False) as store:
        before = len(store.all(Note))
    code, out, err = _log(capsys, demo_dir, "what:sci", tag)
    assert code == 2 and out == ""
    assert words in err and err.count("\n") == 1, err
    with Store.open(demo_dir, writable=False) as store:
        assert len(store.all(Note)) == before
