"""The Jinja2 environment that renders minutes templates into Markdown.

Markdown is not HTML, so Jinja's autoescape is off and templates escape user text
explicitly with the `md`, `cell` and `heading` filters (see `escape.py`).
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from cigkit.minutes.escape import FILTERS

PACKAGE_TEMPLATES = Path(__file__).with_name("templates")
"""The templates cigkit ships; a facilitator's own folder can override any of them by name."""


def make_environment(user_templates: Path | None = None) -> jinja2.Environment:
    """An environment that looks in `user_templates` first, then in the shipped templates.

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
    )
    env.filters.update(FILTERS)
    return env
