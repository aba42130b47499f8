"""Knowledge mobilisation in the minutes: Ward's why / whose / what / how, counted and shown.

The programme is evaluated by how knowledge was mobilised, so the minutes count the entries
tagged with each of Ward's categories per workshop and quote a few programme-level examples.
Counts cover entries shared with the team or the programme; internal ones are never counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from cigkit.model import Note
from cigkit.services.logbook import WARD_TAGS

from .gather import SHARED_WITH_PROGRAMME, SHARED_WITH_TEAM, ProgrammeData, per_programme

View = dict[str, object]

WARD_QUESTIONS: dict[str, str] = {
    "why": "Why was knowledge mobilised?",
    "whose": "Whose knowledge?",
    "what": "What kind of knowledge?",
    "how": "How was it mobilised?",
}
"""Ward's four questions, as the minutes ask them."""

CATEGORY_LABELS: dict[str, str] = {
    "why:local-solutions": "local solutions to practice problems",
    "why:policy": "new policies, programmes or recommendations",
    "why:adopt-practice": "taking up a defined practice or policy",
    "why:change-practice": "changing practice and behaviour",
    "why:research": "producing research knowledge people can use",
    "whose:researchers": "researchers and other professional knowledge producers",
    "whose:practitioners": "frontline practitioners and service providers",
    "whose:public": "members of the public, as service users or for their communities",
    "whose:decision-makers": "commissioners and other decision-makers",
    "whose:developers": "product and programme developers",
    "what:scientific": "scientific or factual: findings, performance data, statistics",
    "what:technical": "technical: skills, experience, expertise",
    "what:practical-wisdom": "practical wisdom: judgement, values, beliefs",
    "how:connections": "making connections and brokering relationships",
    "how:dissemination": "disseminating and synthesising what is known",
    "how:coproduction": "interactive learning and coproduction",
}
"""A reader's description of each category; a category without one shows its tag word."""

EXAMPLES_PER_QUESTION = 1
"""Programme-level entries quoted per Ward question: a few examples, not a second log."""


_ORDER = {f"{q}:{c}": n for n, (q, c) in
          enumerate((q, c) for q, cats in WARD_TAGS.items() for c in cats)}


def ward_tags(tags: Iterable[str]) -> list[str]:
    """The tags that are Ward categories ('what:scientific'), in Ward's order."""
    return list(_ward(tuple(tags)))


@lru_cache(maxsize=4096)
def _ward(tags: tuple[str, ...]) -> tuple[str, ...]:
    # A full export asks this of every entry many times over; entries share few tag sets.
    return tuple(sorted({t for t in tags if t in _ORDER}, key=_ORDER.__getitem__))


_HYPHENATED = frozenset({"decision-makers"})
"""Category words whose hyphen is part of the word, not a space."""


def short_label(tag: str) -> str:
    """'what:practical-wisdom' -> 'what: practical wisdom', for a quiet note beside an entry."""
    question, _, category = tag.partition(":")
    words = category if category in _HYPHENATED else category.replace("-", " ")
    return f"{question}: {words}"


def ward_labels(tags: Iterable[str]) -> list[str]:
    """An entry's Ward categories as short labels, for the team minutes."""
    return list(_labels(tuple(tags)))


@lru_cache(maxsize=4096)
def _labels(tags: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(short_label(tag) for tag in _ward(tags))


def _notes(data: ProgrammeData, team_ids: list[str], number: int,
           levels: frozenset[str]) -> list[Note]:
    return [n for team_id in team_ids for n in data.notes.get((team_id, number), [])
            if n.sharing in levels]


def _change(now: int, before: int | None) -> str:
    if before is None:
        return ""
    return f"{now - before:+d}" if now != before else "0"


@per_programme
def _team_counts(data: ProgrammeData, team_id: str, number: int) -> tuple[Counter[str], int, int]:
    """One team's Ward tags at one workshop: count per tag, entries tagged, all entries."""
    notes = _notes(data, [team_id], number, SHARED_WITH_TEAM)
    counts: Counter[str] = Counter(tag for n in notes for tag in ward_tags(n.tags))
    return counts, sum(bool(ward_tags(n.tags)) for n in notes), len(notes)


@per_programme
def _team_examples(data: ProgrammeData, team_id: str, number: int
                   ) -> list[tuple[Note, list[str]]]:
    """One team's programme-level entries at one workshop that have a Ward tag, with it."""
    return [(note, tags) for note in _notes(data, [team_id], number, SHARED_WITH_PROGRAMME)
            if (tags := ward_tags(note.tags))]


def knowledge_view(data: ProgrammeData, team_ids: list[str], numbers: list[int]) -> View:
    """Counts per Ward category per workshop for some teams, the change at the last workshop
    against the one before, and a few programme-level examples, newest workshop first.

    `rows`: `question`, `category` (the tag word), `tag`, `label`, `counts` (one per
    workshop in `workshops`), `change` ('+2', '-1', '0'; '' with one workshop only);
    `tagged` and `entries`: entries with any Ward tag, and all entries, per workshop;
    `examples`: `question`, `team`, `workshop`, `text`, `ward` (short labels).
    """
    per_workshop: list[Counter[str]] = []
    tagged, entries = [], []
    for number in numbers:
        counts: Counter[str] = Counter()
        tagged_here = entries_here = 0
        for team_id in team_ids:
            team_counts, team_tagged, team_entries = _team_counts(data, team_id, number)
            counts.update(team_counts)
            tagged_here += team_tagged
            entries_here += team_entries
        per_workshop.append(counts)
        tagged.append(tagged_here)
        entries.append(entries_here)
    rows = []
    for question, categories in WARD_TAGS.items():
        for category in categories:
            tag = f"{question}:{category}"
            series = [counts[tag] for counts in per_workshop]
            rows.append({
                "question": question,
                "category": category,
                "tag": tag,
                "label": CATEGORY_LABELS.get(tag, category.replace("-", " ")),
                "counts": series,
                "change": _change(series[-1], series[-2] if len(series) > 1 else None)
                if series else "",
            })
    return {
        "workshops": list(numbers),
        "questions": [{"question": q, "title": t} for q, t in WARD_QUESTIONS.items()],
        "rows": rows,
        "tagged": tagged,
        "entries": entries,
        "examples": _examples(data, team_ids, numbers),
    }


def _examples(data: ProgrammeData, team_ids: list[str], numbers: list[int]) -> list[View]:
    """For each Ward question, the first programme-level entry tagged with it at the latest
    workshop that has one; an entry is quoted once, under the first question it answers."""
    team_names = {t.id: t.name for t in data.teams}
    candidates = [(number, note, tags)
                  for number in sorted(numbers, reverse=True)
                  for team_id in team_ids
                  for note, tags in _team_examples(data, team_id, number)]
    chosen: list[View] = []
    used: set[str] = set()
    for question in WARD_TAGS:
        found = 0
        for number, note, tags in candidates:
            if found == EXAMPLES_PER_QUESTION:
                break
            if note.id in used or not any(t.startswith(f"{question}:") for t in tags):
                continue
            used.add(note.id)
            found += 1
            chosen.append({
                "question": question,
                "team": team_names.get(note.team_id, ""),
                "workshop": number,
                "text": note.text,
                "ward": [short_label(t) for t in tags],
            })
    return chosen
