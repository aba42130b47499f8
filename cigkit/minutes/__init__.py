"""Minutes export: escaping of user text, the Jinja2 environment, HTML pages, safe files.

Templates render Markdown with `make_environment()`; every piece of user text goes through
the `md`, `cell` or `heading` filter. `markdown_to_html` turns that Markdown into a
self-contained page, and `safe_child` + `write_atomic` put both on disk.
"""

from cigkit.minutes.environment import PACKAGE_TEMPLATES, make_environment
from cigkit.minutes.escape import FILTERS, LINE_JOINER, md_cell, md_heading, md_inline, one_line
from cigkit.minutes.files import (
    EXPORT_MODE,
    ExportPathError,
    safe_child,
    safe_name,
    write_atomic,
)
from cigkit.minutes.html import make_markdown, markdown_to_html

__all__ = [
    "EXPORT_MODE",
    "FILTERS",
    "LINE_JOINER",
    "PACKAGE_TEMPLATES",
    "ExportPathError",
    "make_environment",
    "make_markdown",
    "markdown_to_html",
    "md_cell",
    "md_heading",
    "md_inline",
    "one_line",
    "safe_child",
    "safe_name",
    "write_atomic",
]
