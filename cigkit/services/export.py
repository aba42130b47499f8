"""Export minutes: team minutes and CIG summaries per workshop, and the programme overview.

Files are named from slugs and always land inside the output folder:

    <out>/programme.md
    <out>/workshop-03/<cig-slug>/summary.md
    <out>/workshop-03/<cig-slug>/<team-slug>.md

Teams without a CIG go to `no-cig/`. Two names with the same slug get `-2`, `-3` in a fixed
order, and a team whose slug is `summary` becomes `summary-2`, so no file overwrites another.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import jinja2

from .. import locations
from ..errors import UserError
from ..minutes import (
    ExportPathError,
    make_environment,
    safe_child,
    safe_file,
    safe_name,
)
from ..minutes import write_atomic as _write_atomic
from ..minutes.environment import PACKAGE_TEMPLATES
from ..minutes.gather import ProgrammeData, gather
from ..minutes.html import HtmlPages
from ..minutes.overview import programme_view
from ..minutes.views import cig_view, team_view
from ..model import Cig, Team
from ..store import Store
from . import day, programme
from .checklists import checklist_for
from .export_split import SPLIT_FROM, WRITERS, RenderStopped, SplitExport, can_split

Progress = Callable[[int, int, Path], None]
"""Called after each file with (files done, files planned, path written)."""

SUMMARY = "summary"
NO_CIG = "no-cig"
PROGRAMME = "programme"
SLUG_LENGTH = 60
"""The longest slug `slugify` makes."""


class ExportError(UserError):
    """An export that cannot be made as asked (no such workshop, a broken template)."""


@dataclass(frozen=True)
class Document:
    """One file to write: which template, with which view, under which title."""

    path: Path
    template: str
    title: str
    view: Callable[[], dict[str, Any]]


def unique_names(names: list[tuple[str, str]], taken: set[str] | None = None) -> dict[str, str]:
    """A distinct file name per (key, name) pair: slugs, with -2, -3 on a clash.

    Pairs are processed sorted by (slug, key) so the same data always gives the same names.
    """
    used = set(taken or ())
    chosen: dict[str, str] = {}
    for key, name in sorted(names, key=lambda pair: (safe_name(pair[1]), pair[0])):
        base = safe_name(name)
        candidate, n = base, 1
        while candidate in used:
            n += 1
            suffix = f"-{n}"
            # Slugs stop at 60 characters: a long one is cut to leave room for its number,
            # or two long names alike in their first 60 would loop here for ever.
            candidate = safe_name(base[: SLUG_LENGTH - len(suffix)] + suffix)
        used.add(candidate)
        chosen[key] = candidate
    return chosen


def exported_workshops(data: ProgrammeData) -> list[int]:
    """Workshops worth exporting with --all: held ones and any with something recorded."""
    return [n for n in data.workshop_numbers() if data.workshops[n].held or n in data.recorded]


def default_workshop(data: ProgrammeData) -> int:
    """The workshop exported when none is named: the last one held or with anything recorded."""
    return data.reached() or data.current()


def _plan(
    data: ProgrammeData,
    out_dir: Path,
    numbers: list[int],
    teams: list[Team],
    cigs: list[Cig | None],
    with_programme: bool,
) -> list[Document]:
    cig_names = unique_names([(c.id, c.slug or c.name) for c in data.cigs], {NO_CIG})
    wanted = {t.id for t in teams}
    # Each table's teams and their file names, worked out once for every workshop.
    tables = [(cig, members, unique_names([(t.id, t.slug or t.name) for t in members],
                                          {SUMMARY}))
              for cig in cigs if (members := data.teams_of(cig)) or cig is not None]
    docs: list[Document] = []
    for number in numbers:
        folder = f"workshop-{number:02d}"
        for cig, members, names in tables:
            cig_dir = cig_names[cig.id] if cig is not None else NO_CIG
            cig_folder = safe_child(out_dir, folder, cig_dir)
            for team in members:
                if team.id not in wanted:
                    continue
                docs.append(Document(
                    safe_file(out_dir, cig_folder, names[team.id], suffix=".md"),
                    "team.md.j2",
                    f"{team.name}: minutes of workshop {number}",
                    partial(team_view, data, team, number),
                ))
            if cig is not None or members:
                name = cig.name if cig is not None else "Teams without a CIG"
                docs.append(Document(
                    safe_file(out_dir, cig_folder, SUMMARY, suffix=".md"),
                    "cig.md.j2",
                    f"{name}: summary of workshop {number}",
                    partial(cig_view, data, cig, number),
                ))
    if with_programme:
        docs.append(Document(
            safe_child(out_dir, PROGRAMME, suffix=".md"),
            "programme.md.j2",
            f"{data.programme or 'Programme'}: overview",
            partial(programme_view, data),
        ))
    return docs


def export_minutes(
    store: Store,
    out_dir: Path | None = None,
    workshop: int | None = None,
    all: bool = False,
    team: str | None = None,
    cig: str | None = None,
    html: bool = False,
    progress: Progress | None = None,
    processes: int = 1,
) -> list[Path]:
    """Write the minutes asked for and return every path written, in writing order.

    With a team or CIG named, only its minutes (and its CIG summary) are written; the
    programme overview is written when neither is named. `processes=2` lets a big export
    render in two processes where that is safe (`export_split`): the command line asks for
    it, the app (which has threads) never does. The files are the same either way.
    """
    if all and workshop is not None:
        raise ExportError("Choose either one workshop or all workshops, not both.")
    out_dir = out_dir if out_dir is not None else locations.default_exports_dir()
    plans, _errors = day.plans(store)
    data = gather(store, checklist_for(store.data_dir), plans)
    if workshop is not None and workshop not in data.workshops:
        programme.workshop(store, workshop)  # raises the usual "no workshop N" message
    numbers = exported_workshops(data) if all else [workshop or default_workshop(data)]

    chosen_cigs: list[Cig | None] = [*data.cigs, None]
    chosen_teams = data.teams
    if team is not None:
        found = programme.find_team(store, team)
        chosen_teams = [t for t in data.teams if t.id == found.id]
        chosen_cigs = [data.cig_of.get(found.id)]
    if cig is not None:
        found_cig = programme.find_cig(store, cig)
        chosen_cigs = [c for c in chosen_cigs if c is not None and c.id == found_cig.id]
        chosen_teams = [t for t in chosen_teams if data.cig_id(t) == found_cig.id]
        if not chosen_teams and team is not None:
            raise ExportError(f"Team {team!r} is not in CIG {found_cig.name!r}.")
    with_programme = team is None and cig is None
    try:
        docs = _plan(data, out_dir, numbers, chosen_teams, chosen_cigs, with_programme)
    except ExportPathError as exc:
        raise ExportError(str(exc)) from None
    if team is not None:
        docs = [d for d in docs if d.template != "cig.md.j2"]

    env = make_environment(locations.user_templates_dir(store.data_dir),
                           locations.template_cache_dir())
    _remember_escapes(env)
    _dict_fields_first(env)
    loaded: dict[str, jinja2.Template] = {}
    pages = HtmlPages() if html else None

    def render(doc: Document) -> str:
        return _render(env, doc, loaded)

    def page(doc: Document, text: str) -> str | None:
        return pages.page(text, doc.title) if pages is not None else None

    total = len(docs) * (2 if html else 1)
    # Every template is rendered before anything is written, so one that cannot be used
    # leaves every file as it was.
    if processes > 1 and len(docs) >= SPLIT_FROM and can_split():
        for name in dict.fromkeys(doc.template for doc in docs):
            _template(env, name, loaded)  # compiled once, before the fork, for both
        overview = [i for i, doc in enumerate(docs) if doc.template == "programme.md.j2"]
        with SplitExport(docs, render, page, _write_atomic, html, ExportError,
                         early=overview) as split:
            return _write_all(split.files(), total, progress, split.settle)
    texts = [(doc, render(doc)) for doc in docs]

    def files() -> Iterator[tuple[Path, str]]:
        """Each Markdown file, then its HTML page, made only as the writers take them, so
        pages are rendered (one HtmlPages renders each shared section once) while the files
        before them are being written."""
        for doc, text in texts:
            yield doc.path, text
            html_page = page(doc, text)
            if html_page is not None:
                yield doc.path.with_suffix(".html"), html_page

    return _write_all(files(), total, progress)


def _write_all(files: Iterator[tuple[Path, str | Future[None]]], total: int,
               progress: Progress | None,
               settle: Callable[[], list[Future[None]]] | None = None
               ) -> list[Path]:
    """Write every file, each atomically, and report them in order as they are done.

    Each atomic write waits for the disk (fsync); overlapping them keeps a full export fast.
    A file given as a Future is one another process writes (`export_split`); `settle` stops
    that process's writing, waits until it has said what it wrote, and gives every one of its
    files' Futures (those not handed over yet too). A failed write (a full
    disk, an IO error) stops the rest: each file is then either its old version or its new
    one, never half, and the error says how many were written.
    """
    written: list[Path] = []
    jobs: list[tuple[Path, Future[None]]] = []
    mine: list[Future[None]] = []

    def report(block: bool) -> None:
        while len(written) < len(jobs) and (block or jobs[len(written)][1].done()):
            path, job = jobs[len(written)]
            try:
                job.result()
            except OSError as exc:
                raise _WriteFailed(path, exc) from None
            except CancelledError:
                raise RenderStopped(f"The second process writing the minutes stopped before "
                                    f"it wrote {path}") from None
            written.append(path)
            if progress is not None:
                progress(len(written), total, path)

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        try:
            for path, text in files:
                if isinstance(text, Future):
                    jobs.append((path, text))
                else:
                    job = pool.submit(_write_atomic, path, text)
                    mine.append(job)
                    jobs.append((path, job))
                report(block=False)
            report(block=True)
        except (_WriteFailed, RenderStopped) as failed:
            for job in mine:
                job.cancel()
            pool.shutdown(wait=True)
            others = settle() if settle is not None else []
            done = sum(1 for job in [*mine, *others] if job.done() and not job.cancelled()
                       and job.exception() is None)
            if isinstance(failed, _WriteFailed):
                exc = failed.error
                what = (f"Could not write the minutes to {exc.filename or failed.path}: "
                        f"{exc.strerror or exc}")
            else:
                what = str(failed)
            raise ExportError(
                f"{what}; {done} of {total} files were written, each whole, "
                "and the others were left as they were."
            ) from None
    return written


class _WriteFailed(Exception):
    def __init__(self, path: Path, error: OSError) -> None:
        super().__init__(path, error)
        self.path = path
        self.error = error


def _remember_escapes(env: jinja2.Environment) -> None:
    """Escape each distinct text once per export: checklist prompts, stage titles and names
    recur in every document, and escaping is most of the rendering time."""
    for name in ("md", "cell", "heading"):
        escape = env.filters[name]
        seen: dict[str, str] = {}

        def remembered(value: object, escape: Any = escape, seen: dict[str, str] = seen) -> str:
            if type(value) is not str:
                return str(escape(value))
            found = seen.get(value)
            if found is None:
                found = seen[value] = escape(value)
            return found

        env.filters[name] = remembered


def _dict_fields_first(env: jinja2.Environment) -> None:
    """Look `view.field` up in a view's dict directly, as Jinja would find it anyway.

    Views are plain dicts, and Jinja's `getattr` tries the attribute first: every one of the
    ~200,000 field lookups of a full export raised and caught an AttributeError before it
    read the key. A plain dict has no attributes but its class's, so for any other name
    the key is the only thing Jinja could find: the result is the same, without the raise.
    """
    standard = env.getattr
    undefined = env.undefined
    plain: dict[str, bool] = {}  # attribute name -> is it not an attribute of dict?

    def getattr_(obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            is_plain = plain.get(attribute)
            if is_plain is None:
                is_plain = plain[attribute] = not hasattr({}, attribute)
            if is_plain:
                try:
                    return obj[attribute]
                except KeyError:
                    return undefined(obj=obj, name=attribute)
        return standard(obj, attribute)

    env.getattr = getattr_  # type: ignore[method-assign]


def _render(env: jinja2.Environment, doc: Document, loaded: dict[str, jinja2.Template]) -> str:
    """One document's Markdown. `loaded` keeps the templates fetched in this export: the
    environment keeps compiled ones too, but asks the disk whether each changed whenever
    one is fetched (two folders' worth of stats for each of 281 documents)."""
    template = _template(env, doc.template, loaded)
    view = doc.view()
    try:
        return template.render(view)
    except jinja2.TemplateError as exc:
        raise _unusable(exc, doc.template) from None
    except (ArithmeticError, LookupError, TypeError, ValueError, RecursionError) as exc:
        if _shipped(template):
            raise  # a mistake in cigkit's own template: reported as one, with its log
        raise _failed(exc, template) from None


def _shipped(template: jinja2.Template) -> bool:
    return Path(template.filename or "").parent == PACKAGE_TEMPLATES


def _failed(exc: Exception, template: jinja2.Template) -> ExportError:
    """A facilitator's own template that stops while it renders, as one sentence naming its
    file and the line it stopped at."""
    where = template.filename or template.name or "?"
    line = None
    trace = exc.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == template.filename:
            line = trace.tb_lineno  # Jinja has rewritten the frames to the template's lines
        trace = trace.tb_next
    at = f"{where}:{line}" if line else where
    what = str(exc).strip().splitlines()
    return ExportError(f"The minutes template {at} cannot be used: it stopped with "
                       f"{type(exc).__name__}" + (f" ({what[0]})" if what else "")
                       + "; nothing was written")


def _template(env: jinja2.Environment, name: str, loaded: dict[str, jinja2.Template]
              ) -> jinja2.Template:
    template = loaded.get(name)
    if template is None:
        try:
            template = loaded[name] = env.get_template(name)
        except jinja2.TemplateError as exc:
            raise _unusable(exc, name) from None
    return template


def _unusable(exc: jinja2.TemplateError, name: str) -> ExportError:
    where = getattr(exc, "filename", None) or name
    line = getattr(exc, "lineno", None)
    at = f"{where}:{line}" if line else where
    return ExportError(f"The minutes template {at} cannot be used: {exc.message}")
