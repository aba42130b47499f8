"""The Jinja2 environment that renders minutes templates into Markdown.

Markdown is not HTML, so Jinja's autoescape is off and templates escape user text
explicitly with the `md`, `cell` and `heading` filters (see `escape.py`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import jinja2

from cigkit.locations import ensure_private_dir
from cigkit.minutes.escape import FILTERS

PACKAGE_TEMPLATES = Path(__file__).with_name("templates")
_SETTINGS = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
"""The templates cigkit ships; a facilitator's own folder can override any of them by name."""


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Templates kept compiled between exports, as Python keeps modules compiled: compiling
    the shipped ones took longer than rendering a tenth of a full export. Jinja checks each
    against its source, so an edited template is compiled afresh. A cache that cannot be
    read or written is simply not used: the export never depends on it.
    """

    def __init__(self, directory: Path) -> None:
        # Jinja keys each template by its name and source and checks its own version; the
        # environment's options (set in this file) change the compiled code too, so each
        # version of this file has a folder of its own.
        directory = directory / f"v{_SETTINGS}"
        super().__init__(str(directory))
        self.folder = directory

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a damaged or foreign file: compile afresh
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            ensure_private_dir(self.folder)
            super().dump_bytecode(bucket)
        except OSError:
            pass  # a read-only or full disk: compiled again next time


def make_environment(user_templates: Path | None = None, compiled: Path | None = None
                     ) -> jinja2.Environment:
    """An environment that looks in `user_templates` first, then in the shipped templates,
    keeping templates compiled in `compiled` (a cache folder) when one is given.

    StrictUndefined turns a misspelt field into an error instead of a silent gap in the
    minutes. Rendering adds nothing time-dependent: the caller passes every value, sorted.
    """
    loaders: list[jinja2.BaseLoader] = []
    if user_templates is not None:
        loaders.append(jinja2.FileSystemLoader(user_templates))
    loaders.append(jinja2.FileSystemLoader(PACKAGE_TEMPLATES))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        bytecode_cache=CompiledTemplates(compiled) if compiled is not None else None,
    )
    env.filters.update(FILTERS)
    return env
