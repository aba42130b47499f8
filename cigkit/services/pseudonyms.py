"""Stable codes for the people in an evaluation dataset, and their names taken out of free text.

An analyst needs to tell people apart (who came back, whose knowledge it was) but not who
they are: each person gets a code with their role, `P014, public advisor`. Codes are given in
a fixed order, so the same data always gives the same codes, and a person added later gets a
new code without renumbering anyone else.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..minutes.gather import role_name
from ..model import Attendance, Member

TITLES = frozenset({"dr", "mr", "mrs", "ms", "mx", "miss", "prof", "professor", "sir", "dame",
                    "rev", "cllr"})
"""Words in a name that say nothing about who it is, so they are never taken out of text."""

ROSTER, WALK_IN, OTHER = "P", "G", "N"
"""Code letters: people on the roster, walk-ins recorded only in attendance, and anyone else
named in a person field (an action's owner, who answered, a facilitator, who made a change)."""

AMBIGUOUS = "[name]"
"""Put in text for a first or last name that several people share."""


@dataclass(frozen=True)
class Person:
    code: str
    name: str = field(repr=False)
    role: str
    team_id: str = ""
    joined_workshop: int | None = None


class People:
    """Everyone a dataset mentions, by code; built once per export from the roster and the
    attendance records, then asked for codes while the rows are built."""

    def __init__(self, members: list[Member], attendance: list[Attendance],
                 facilitators: Sequence[str] = ()) -> None:
        self.people: list[Person] = []
        self._by_member: dict[str, Person] = {}
        self._by_name: dict[str, list[Person]] = {}
        self._walk_ins: dict[tuple[str, str], Person] = {}
        for n, member in enumerate(sorted(members, key=lambda m: (m.created_at, m.id)), 1):
            person = Person(f"{ROSTER}{n:03d}", member.name, role_name(member.role),
                            member.team_id, member.joined_workshop)
            self._add(person)
            self._by_member[member.id] = person
        walk_ins = [a for a in attendance if not (a.member_id and a.member_id in self._by_member)
                    and a.name.strip()]
        for att in sorted(walk_ins, key=lambda a: (a.workshop, a.created_at, a.id)):
            key = (att.team_id, _key(att.name))
            if key in self._walk_ins or self._same_team(att.name, att.team_id):
                continue
            person = Person(f"{WALK_IN}{len(self._walk_ins) + 1:03d}", att.name.strip(),
                            role_name(att.role), att.team_id)
            self._walk_ins[key] = person
            self._add(person)
        self._others = 0
        for name in facilitators:
            self.named(name, role="facilitator")
        self._text_names = self._build_patterns()

    def _add(self, person: Person) -> None:
        self.people.append(person)
        self._by_name.setdefault(_key(person.name), []).append(person)

    def _same_team(self, name: str, team_id: str) -> Person | None:
        found = self._by_name.get(_key(name), [])
        return next((p for p in found if p.team_id == team_id), None)

    def member(self, member_id: str) -> Person | None:
        return self._by_member.get(member_id)

    def attendee(self, att: Attendance) -> Person:
        """The person an attendance record is about (a roster member or a walk-in)."""
        person = self._by_member.get(att.member_id) if att.member_id else None
        found = person or self._same_team(att.name, att.team_id) or self._walk_ins.get(
            (att.team_id, _key(att.name)))
        return found or self.named(att.name, att.team_id) or Person("", "", role_name(att.role))

    def named(self, text: str, team_id: str = "", role: str = "") -> Person | None:
        """The person a free name field holds ('Sam Adeyemi', 'sam', 'information team'):
        a roster member or walk-in by full name or unique first name, preferring the same
        team, else a new code of its own. None when the field is empty."""
        cleaned = " ".join(text.split())
        if not cleaned:
            return None
        found = self._by_name.get(_key(cleaned), [])
        if not found:
            first = _key(cleaned)
            found = [p for p in self.people if _first_name(p.name) == first]
        if len(found) > 1:
            found = [p for p in found if p.team_id == team_id] or found
        if len(found) == 1 or (found and len({p.code for p in found}) == 1):
            return found[0]
        self._others += 1
        person = Person(f"{OTHER}{self._others:03d}", cleaned, role)
        self._add(person)
        return person

    def code(self, text: str, team_id: str = "", role: str = "") -> str:
        person = self.named(text, team_id, role)
        return person.code if person else ""

    # -- free text ----------------------------------------------------------------------------

    def _build_patterns(self) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None,
                                       dict[str, str]]:
        full: dict[str, set[str]] = {}
        words: dict[str, set[str]] = {}
        for person in self.people:
            full.setdefault(_key(person.name), set()).add(person.code)
            for word in person.name.split():
                word = word.strip(".,")
                if len(word) >= 2 and word.casefold() not in TITLES:
                    words.setdefault(word, set()).add(person.code)
        replace = {word: _one(codes) for word, codes in words.items()}
        self._full_codes = {name: _one(codes) for name, codes in full.items()}
        full_pattern = _alternation(list(full), re.IGNORECASE) if full else None
        word_pattern = _alternation(list(replace), 0) if replace else None
        return full_pattern, word_pattern, replace

    def scrub(self, text: str) -> str:
        """Text with the names of roster members and walk-ins replaced by their codes: full
        names in any case, then first and last names as capitalised whole words (a word
        several people share becomes '[name]')."""
        full_pattern, word_pattern, replace = self._text_names
        if full_pattern is not None:
            text = full_pattern.sub(lambda m: self._full_codes[_key(m.group())], text)
        if word_pattern is not None:
            text = word_pattern.sub(lambda m: replace[m.group()], text)
        return text


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _first_name(name: str) -> str:
    """The first word of a name that is not a title ('Dr Amara Okafor' -> 'amara')."""
    words = [w for w in name.split() if w.strip(".").casefold() not in TITLES]
    return _key(words[0]) if words else ""


def _one(codes: set[str]) -> str:
    return next(iter(codes)) if len(codes) == 1 else AMBIGUOUS


def _alternation(names: list[str], flags: int) -> re.Pattern[str]:
    """One pattern for many names as whole words, longest first so 'Ann Lee' beats 'Ann'."""
    body = "|".join(r"\s+".join(re.escape(part) for part in n.split())
                    for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{body})(?![\w])", flags)
