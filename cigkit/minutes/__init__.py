"""Minutes export: escaping of user text, the Jinja2 environment, HTML pages, safe files.

Templates render Markdown with `make_environment()`; every piece of user text goes through
the `md`, `cell` or `heading` filter. `markdown_to_html` turns that Markdown into a
self-contained page, and `safe_child` + `write_atomic` put both on disk.

The names are loaded when first used, so a command that only needs the escaping (say, to
print one line of user text) does not pay for importing Jinja2 and markdown-it.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "PACKAGE_TEMPLATES": "environment", "make_environment": "environment",
    "FILTERS": "escape", "LINE_JOINER": "escape", "md_cell": "escape", "md_heading": "escape",
    "md_inline": "escape", "one_line": "escape",
    "EXPORT_MODE": "files", "ExportPathError": "files", "safe_child": "files",
    "safe_file": "files",
    "safe_name": "files", "write_atomic": "files",
    "make_markdown": "html", "markdown_to_html": "html",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'cigkit.minutes' has no attribute {name!r}")
    return getattr(importlib.import_module(f"cigkit.minutes.{module}"), name)
