"""Setting a programme up and changing it: the programme and its workshops (CIGs, teams and
people are in `setup_people`).

The CLI's set-up commands and the app's programme forms call these. Every function checks all
it is given before it saves anything, saves every record it changes in one `save_many` (all
or nothing), and answers bad input with a `SetupError` of one sentence naming the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from .. import locations
from ..errors import UserError
from ..model import (
    ROLES,
    WORKSHOP_NUMBERS,
    Cohort,
    Record,
    Workshop,
    new_id,
    normalise_role,
    slugify,
    stable_id,
)
from ..plans import load_plan
from ..store import Store
from . import day, programme
from .programme import TeamSummary

MAX_NAME = 200


class SetupError(UserError):
    """Set-up input that cannot be stored; the message names the field to fix."""


# -- checking what people typed ----------------------------------------------------------


def clean_text(text: str, field: str, *, required: bool = True) -> str:
    """One line of text with its spaces tidied; empty only when not required."""
    if any(ord(c) < 32 or c == "\x7f" for c in text):
        raise SetupError(f"The {field} must be one line, without tabs or control characters.")
    cleaned = " ".join(text.split())
    if required and not cleaned:
        raise SetupError(f"The {field} is empty.")
    if len(cleaned) > MAX_NAME:
        raise SetupError(f"The {field} is longer than {MAX_NAME} characters.")
    return cleaned


def parse_date(text: str, field: str = "date") -> date:
    cleaned = text.strip()
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", cleaned):
            raise SetupError(f"The {field} {text!r} is not a day of the calendar.") from None
        raise SetupError(f"The {field} {text!r} is not a date written YYYY-MM-DD.") from None


def check_workshop_number(number: int, field: str = "workshop") -> int:
    if number not in WORKSHOP_NUMBERS:
        raise SetupError(f"The {field} {number} is not a workshop number from "
                         f"{WORKSHOP_NUMBERS[0]} to {WORKSHOP_NUMBERS[-1]}.")
    return number


def check_role(text: str) -> str:
    role = normalise_role(text)
    if role is None:
        raise SetupError(f"The role {text.strip()!r} is not one of {', '.join(ROLES)}.")
    return role


def free_id(store: Store, kind: type[Record], key: str) -> str:
    """The natural key's stable id (two laptops adding the same name agree), unless a record
    already holds it, e.g. one renamed away from that name; then a fresh id."""
    wanted = stable_id(key)
    return wanted if store.get(kind, wanted) is None else new_id()


def unique_slug(name: str, taken: set[str]) -> str:
    base = slugify(name)
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def commit(store: Store, records: list[Record]) -> None:
    """Save every changed record, all or nothing."""
    if records:
        store.save_many(records)


# -- the programme -----------------------------------------------------------------------


def missing_workshops(store: Store) -> list[Workshop]:
    """The workshops of the programme not yet stored, undated, each with its shipped plan."""
    have = {w.number for w in store.all(Workshop)}
    return [Workshop(id=stable_id(f"workshop:{n}"), number=n, plan=f"workshop-{n:02d}")
            for n in WORKSHOP_NUMBERS if n not in have]


def first_cohort(store: Store) -> Cohort | None:
    return next(iter(sorted(store.all(Cohort), key=lambda c: (c.created_at, c.id))), None)


def set_programme(store: Store, name: str, cohort: str | None = None) -> Cohort:
    """Name the programme (and its cohort); creates the cohort and the eight workshops if new.

    One data folder holds one programme, so every cohort in it carries the name.
    """
    programme_name = clean_text(name, "programme name")
    cohort_name = clean_text(cohort, "cohort name") if cohort is not None else None
    cohorts = sorted(store.all(Cohort), key=lambda c: (c.created_at, c.id))
    changed: list[Record] = []
    if not cohorts:
        named = cohort_name or "Cohort 1"
        target = Cohort(id=free_id(store, Cohort, f"cohort:{named.casefold()}"), name=named)
        cohorts = [target]
    else:
        matching = [c for c in cohorts if cohort_name and c.name.casefold() ==
                    cohort_name.casefold()]
        if matching:
            target = matching[0]
        elif cohort_name and len(cohorts) > 1:
            raise SetupError(f"The cohort {cohort_name!r} is none of "
                             f"{', '.join(c.name for c in cohorts)}; name one of them.")
        else:
            target = cohorts[0]
            if cohort_name:
                target.name = cohort_name
                changed.append(target)
    for each in cohorts:
        if each.programme != programme_name:
            each.programme = programme_name
            if each not in changed:
                changed.append(each)
        if not each.rev and each not in changed:
            changed.append(each)
    commit(store, changed + list(missing_workshops(store)))
    return store.get(Cohort, target.id) or target


# -- workshops ---------------------------------------------------------------------------


def _workshop_or_new(store: Store, number: int) -> Workshop:
    check_workshop_number(number)
    for found in store.where(Workshop, number=number):
        return found
    return Workshop(id=stable_id(f"workshop:{number}"), number=number,
                    plan=f"workshop-{number:02d}")


def _has_run(store: Store, workshop: Workshop) -> date | None:
    """The day the workshop was held, if it was (its clock started, or it is marked held)."""
    ran = day.ran_on(store, workshop.number)
    if ran is None and workshop.held:
        return date.fromisoformat(workshop.date) if workshop.date else date.min
    return ran


def _check_order(store: Store, number: int, on: date) -> None:
    """Workshops happen in order: a date must fall after the one before and before the next."""
    for other in programme.workshops(store):
        if other.number == number or other.status == "cancelled":
            continue
        held = day.ran_on(store, other.number)
        other_day = held or (date.fromisoformat(other.date) if other.date else None)
        if other_day is None:
            continue
        words = day.day_words(other_day)
        if other.number < number and other_day >= on:
            raise SetupError(f"The date {on.isoformat()} is not after workshop "
                             f"{other.number}'s ({words}); workshops run in order.")
        if other.number > number and other_day <= on:
            raise SetupError(f"The date {on.isoformat()} is not before workshop "
                             f"{other.number}'s ({words}); move that workshop first.")


def resolve_plan(store: Store, text: str) -> tuple[str, Path | None]:
    """A plan by name (shipped or the folder's own), or a TOML file to copy into the folder.

    Returns the plan's name and, for a file, the path to copy; a bad plan is a PlanError
    pointing at its line.
    """
    cleaned = text.strip()
    if not cleaned:
        raise SetupError("The plan is empty; give a plan name or a .toml file.")
    path = Path(cleaned).expanduser()
    if cleaned.endswith(".toml") or path.is_file():
        if not path.is_file():
            raise SetupError(f"The plan file {cleaned!r} does not exist.")
        from .checklists import checklist_ids

        load_plan(path, checklist_ids(store))
        own = locations.user_plans_dir(store.data_dir) / f"{path.stem}.toml"
        if own.exists() and own.resolve() != path.resolve() and (
                own.read_bytes() != path.read_bytes()):
            raise SetupError(f"The plan {path.stem!r} already exists in {own.parent} with "
                             "other contents; rename your file or edit that one.")
        return path.stem, (None if own.exists() and own.read_bytes() == path.read_bytes()
                           else path)
    found, errors = day.plans(store)
    if cleaned in found:
        return cleaned, None
    for error in errors:
        if error.path.stem == cleaned:
            raise error
    raise SetupError(f"The plan {cleaned!r} is not one of {', '.join(sorted(found))}; "
                     "give a plan name or a .toml file.")


def _install_plan(store: Store, path: Path) -> None:
    from ..minutes.files import write_atomic

    folder = locations.ensure_private_dir(locations.user_plans_dir(store.data_dir))
    write_atomic(folder / f"{path.stem}.toml", path.read_text(encoding="utf-8"), mode=0o600)


def set_workshop(
    store: Store,
    number: int,
    *,
    on: str | None = None,
    title: str | None = None,
    plan: str | None = None,
    venue: str | None = None,
) -> Workshop:
    """Date, title, plan or venue of one workshop; a new date brings a cancelled one back.

    A workshop already held keeps the date it ran on.
    """
    workshop = _workshop_or_new(store, number)
    if on is None and title is None and plan is None and venue is None:
        raise SetupError(f"Nothing to change for workshop {number}: give a date, title, plan "
                         "or venue.")
    if on is not None:
        new_day = parse_date(on)
        ran = _has_run(store, workshop)
        if ran is not None and ran != date.min and new_day != ran:
            raise SetupError(f"Workshop {number} was held on {day.day_words(ran)}; its date is "
                             "the day it ran.")
        _check_order(store, number, new_day)
        workshop.date = new_day.isoformat()
        if workshop.status == "cancelled":
            workshop.status, workshop.postponed_from = "", ""
    if title is not None:
        workshop.title = clean_text(title, "title", required=False)
    if venue is not None:
        workshop.venue = clean_text(venue, "venue", required=False)
    copy: Path | None = None
    if plan is not None:
        workshop.plan, copy = resolve_plan(store, plan)
    if copy is not None:
        _install_plan(store, copy)
    commit(store, [workshop])
    return programme.workshop(store, number)


def _not_held(store: Store, workshop: Workshop, doing: str) -> None:
    ran = _has_run(store, workshop)
    if ran is not None:
        on = "" if ran == date.min else f" on {day.day_words(ran)}"
        raise SetupError(f"Workshop {workshop.number} was held{on}, so it cannot be {doing}.")


def cancel_workshop(store: Store, number: int) -> Workshop:
    """Mark a workshop that has not been held as cancelled (setting a date brings it back)."""
    check_workshop_number(number)
    workshop = programme.workshop(store, number)
    _not_held(store, workshop, "cancelled")
    if workshop.status != "cancelled":
        workshop.status = "cancelled"
        commit(store, [workshop])
    return programme.workshop(store, number)


def postpone_workshop(store: Store, number: int, on: str) -> Workshop:
    """Move a workshop not yet held to a later day, remembering the day it was planned for."""
    check_workshop_number(number)
    workshop = programme.workshop(store, number)
    _not_held(store, workshop, "postponed")
    new_day = parse_date(on)
    if workshop.date and new_day <= date.fromisoformat(workshop.date) and (
            workshop.status != "cancelled"):
        raise SetupError(f"The date {new_day.isoformat()} is not after "
                         f"{day.day_words(date.fromisoformat(workshop.date))}, the day workshop "
                         f"{number} is planned for; set an earlier date instead of postponing.")
    _check_order(store, number, new_day)
    if workshop.date and not workshop.postponed_from:
        workshop.postponed_from = workshop.date
    workshop.date, workshop.status = new_day.isoformat(), "postponed"
    commit(store, [workshop])
    return programme.workshop(store, number)


def run_now(store: Store, number: int, now: datetime) -> Workshop:
    """Start a workshop's clock at `now`: the workshop is held today, whatever its date said."""
    check_workshop_number(number)
    workshop = programme.workshop(store, number)
    if workshop.status == "cancelled":
        raise SetupError(f"Workshop {number} is cancelled; give it a date with 'workshop set' "
                         "first.")
    ran = day.ran_on(store, number)
    if ran is not None:
        when = "today" if ran == now.date() else f"on {day.day_words(ran, now.date())}"
        raise SetupError(f"Workshop {number}'s clock was already started {when}.")
    others = [w for w in programme.workshops(store) if w.number != number]
    for other in others:
        later = day.ran_on(store, other.number) if other.number > number else None
        if later is not None:
            when = "today" if later == now.date() else f"on {day.day_words(later, now.date())}"
            raise SetupError(f"Workshop {other.number} was already run {when}; workshops run "
                             f"in order, so workshop {number} cannot be run after it.")
    for other in others:
        if day.progress(store, other, now.date()) == "in progress":
            raise SetupError(f"Workshop {other.number} is running today; a day holds one "
                             f"workshop, so start workshop {number} on another day (or start "
                             "the one you meant).")
    day.day(store, number, now.date())  # its plan must load before the day begins
    day.record(store, number, "start", at=now)
    return workshop


@dataclass(frozen=True)
class Overview:
    """The programme as set up: what the Programme screen and `cigkit programme` show."""

    programme: str
    cohort: str
    workshops: tuple[tuple[Workshop, str], ...]
    """Each workshop with where it stands in words ("planned for Tue 24 Nov, not run")."""
    teams: tuple[TeamSummary, ...]


def overview(store: Store, today: date) -> Overview:
    """The programme's name, workshops (with their standing today) and teams by CIG."""
    cohort = first_cohort(store)
    return Overview(
        programme=cohort.programme if cohort else "",
        cohort=cohort.name if cohort else "",
        workshops=tuple((w, day.when_words(store, w, today)) for w in programme.workshops(store)),
        teams=tuple(programme.team_summaries(store)),
    )

