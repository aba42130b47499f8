"""The evaluation dataset: the programme's records as CSV and JSON for its evaluators.

One file per kind of record (see `dataset_columns.TABLES`), the same rows as CSV (RFC 4180,
UTF-8) and JSON, and a README.md data dictionary made from the same column definitions.
Internal entries never appear; people are codes with their role unless names are asked for.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

from ..errors import UserError
from ..minutes import md_heading, write_atomic
from ..store import Store
from .dataset_columns import TABLES, TYPES, Column, Table
from .dataset_rows import Row, clean_text, dataset_rows

FILE_MODE = 0o600
FOLDER_MODE = 0o700
README = "README.md"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A CSV cell starting with one of these could run as a formula in a spreadsheet."""


class DatasetError(UserError):
    """A dataset that cannot be written where asked."""


def dataset_files() -> list[str]:
    """Every file name the dataset writes."""
    return [f"{t.name}.{ext}" for t in TABLES for ext in ("csv", "json")] + [README]


# --- values: the same cleaned text in both formats, CSV made safe for spreadsheets ----------

def csv_value(column: Column, value: Any) -> str:
    """What a CSV cell holds for a JSON value: '' for null, true/false, numbers as digits,
    and a text that a spreadsheet would read as a formula behind a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if column.type in ("text", "list") and text.startswith(FORMULA_START):
        return "'" + text
    return text


def to_csv(columns: tuple[Column, ...], rows: list[Row]) -> str:
    """RFC 4180: a header row, CRLF line ends, fields quoted only when they must be."""
    out = io.StringIO()
    writer = csv.writer(out, dialect="excel", lineterminator="\r\n")
    writer.writerow([c.name for c in columns])
    for row in rows:
        writer.writerow([csv_value(c, row[c.name]) for c in columns])
    return out.getvalue()


def to_json(columns: tuple[Column, ...], rows: list[Row]) -> str:
    ordered = [{c.name: row[c.name] for c in columns} for row in rows]
    return json.dumps(ordered, ensure_ascii=False, indent=1) + "\n"


# --- the data dictionary -----------------------------------------------------------------------


def data_dictionary(programme: str, names: bool, counts: dict[str, int]) -> str:
    """README.md: how the files are made, then every file's columns (from `TABLES`)."""
    title = md_heading(programme or "Programme")
    lines = [
        f"# {title}: evaluation dataset", "",
        "Written by `cigkit export --dataset`. Every kind of record is in two files with the "
        "same rows: `<kind>.csv` and `<kind>.json`.", "",
        "## How the files are made", "",
        "- **CSV** follows RFC 4180: UTF-8 without a byte order mark, a header row of column "
        "names, commas between fields, CRLF at the end of each row, and a field in double "
        "quotes when it holds a comma, a quote (written twice) or a line break. An empty "
        "field means no value; booleans are `true` and `false`. Column names are letters, "
        "digits and `_` only. `pandas.read_csv(path)`, R's `read.csv(path)` (R 4.2 or later; "
        "before that on Windows add `fileEncoding = \"UTF-8\"`) and Python's "
        "`csv.DictReader(open(path, newline=\"\", encoding=\"utf-8\"))` read them as they "
        "are.",
        "- **JSON** holds a list of objects with the same keys in the same order: numbers as "
        "numbers, `true`/`false`, and `null` where the CSV field is empty.",
        "- **Spreadsheet safety**: a text field that starts with `=`, `+`, `-`, `@` or a tab "
        "could run as a formula when the CSV is opened in a spreadsheet, so in the CSV it "
        "gets a leading apostrophe (`'=1+1`) and shows as text. The JSON has the text as "
        "typed. Strip one leading `'` from such fields to compare the two.",
        "- **Internal entries** (notes, actions and votes marked internal, for facilitators "
        "only) are never included; nor is anything deleted.",
        "- Line breaks in text are `\\n`; invisible control characters are removed.",
        "- Files are readable by their owner only (0600, folder 0700): keep them that way "
        "until the data is shared as agreed.", "",
        "## People and names", "",
    ]
    if names:
        lines += [
            "This export was made with `--names`: the `*_name` columns hold people's names "
            "as recorded, and free text is as typed. Share it only where names may go.", "",
        ]
    else:
        lines += [
            "People appear only as codes, with their role: `P###` for people on a team's "
            "roster (numbered in the order they were added, so the same data always gives "
            "the same codes), `G###` for walk-ins recorded only in attendance, and `N###` "
            "for any other name typed into a person field (an action's owner, who answered "
            "a question, a facilitator, who made a change). `people.csv` lists every code. "
            "Teams and CIGs appear by name.", "",
            "In free text (entries, answers, actions, evidence, notes), the full, first and "
            "last names of people on the roster and of walk-ins are replaced by their code "
            "(a first or last name that several people share becomes `[name]`). A name that "
            "is on no roster cannot be recognised: read the text before sharing it further.",
            "",
        ]
    lines += ["## Column types", "", "| Type | Meaning |", "| --- | --- |"]
    lines += [f"| {name} | {meaning} |" for name, meaning in TYPES.items()]
    lines.append("")
    for table in TABLES:
        rows = counts.get(table.name, 0)
        lines += [
            f"## {table.name}.csv and {table.name}.json", "",
            f"{table.description} {rows} row{'s' if rows != 1 else ''}.", "",
            "| Column | Type | Description |", "| --- | --- | --- |",
        ]
        lines += [f"| {c.name} | {c.type} | {c.description} |" for c in table.active(names)]
        lines.append("")
    return "\n".join(lines)


# --- writing --------------------------------------------------------------------------------


def _prepare(folder: Path) -> Path:
    """The dataset folder, created owner-only; refused if it holds files of something else."""
    folder = folder.expanduser()
    if folder.exists() and not folder.is_dir():
        raise DatasetError(f"{folder} is a file, not a folder for the dataset.")
    if folder.exists():
        ours = set(dataset_files())
        others = sorted(p.name for p in folder.iterdir() if p.name not in ours)
        if others:
            raise DatasetError(f"{folder} already holds other files ({', '.join(others[:3])}"
                               f"{', ...' if len(others) > 3 else ''}); choose a new or "
                               "empty folder for the dataset.")
    else:
        folder.mkdir(parents=True, mode=FOLDER_MODE)
    os.chmod(folder, FOLDER_MODE)
    return folder


def _write(path: Path, text: str) -> None:
    # The folder is 0700 before any file is written, so nobody else can open a file in it
    # even for the moment before its own mode is narrowed.
    write_atomic(path, text)
    os.chmod(path, FILE_MODE)


def write_dataset(store: Store, folder: Path, *, names: bool = False) -> list[Path]:
    """Write every dataset file into `folder` (created 0700) and return the paths, README last."""
    programme, rows = dataset_rows(store, names=names)
    target = _prepare(folder)
    written = []
    for table in TABLES:
        columns = table.active(names)
        for suffix, text in ((".csv", to_csv(columns, rows[table.name])),
                             (".json", to_json(columns, rows[table.name]))):
            path = target / f"{table.name}{suffix}"
            _write(path, text)
            written.append(path)
    readme = target / README
    _write(readme, data_dictionary(programme, names, {k: len(v) for k, v in rows.items()}))
    written.append(readme)
    return written


__all__ = ["DatasetError", "Table", "clean_text", "csv_value", "data_dictionary",
           "dataset_files", "dataset_rows", "write_dataset"]
