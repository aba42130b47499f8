"""The evaluation dataset's rows: every kind of record as plain values, pseudonymised.

Built from one read of the store (`minutes.gather`), in a fixed order, so the same data always
gives the same rows; `dataset.py` writes them as CSV and JSON.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from ..minutes.gather import ProgrammeData, gather, role_name
from ..minutes.knowledge import ward_tags
from ..minutes.views import workshop_view
from ..model import ROLES, Note, Team, normalise_role
from ..progress import EVIDENCE_ONLY, standing_after_each_step
from ..store import Store
from . import day
from .checklists import checklist_for
from .dataset_columns import TABLES
from .logbook import WARD_TAGS
from .pseudonyms import ROSTER, People

Row = dict[str, Any]
LIST_JOINER = "; "

# Controls other than newline and tab, and bidi overrides that could disguise a value.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def clean_text(text: object) -> str:
    """Text as stored, with line ends as '\\n' and invisible control characters removed."""
    value = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", value)


class _Builder:
    """Builds every table's rows from one read of the store."""

    def __init__(self, data: ProgrammeData, people: People, names: bool) -> None:
        self.data = data
        self.people = people
        self.names = names
        self.team_names = {t.id: clean_text(t.name) for t in data.teams}
        self.cig_names = {c.id: clean_text(c.name) for c in data.cigs}

    def text(self, value: object) -> str:
        cleaned = clean_text(value)
        return cleaned if self.names else self.people.scrub(cleaned)

    def where(self, team_id: str, workshop: int | None = None) -> Row:
        cig = self.data.cig_of.get(team_id)
        row: Row = {} if workshop is None else {"workshop": workshop}
        row.update(cig=self.cig_names.get(cig.id, "") if cig else "",
                   team=self.team_names.get(team_id, ""))
        return row

    ROLE_COLUMNS = frozenset({"owner_role", "answered_by_role"})
    """Person fields whose role has a column of its own beside the code."""

    def person(self, prefix: str, text: str, team_id: str = "") -> Row:
        """`prefix` (the code), `prefix_role` where the table has one, `prefix_name`."""
        name = " ".join(clean_text(text).split())
        found = self.people.named(name, team_id)
        row: Row = {prefix: found.code if found else ""}
        if f"{prefix}_role" in self.ROLE_COLUMNS:
            row[f"{prefix}_role"] = found.role if found else ""
        row[f"{prefix}_name"] = name
        return row

    def block_title(self, workshop: int, block: int | None) -> str:
        plan = self.data.plans.get(workshop)
        if plan is None or block is None or not 0 <= block < len(plan.blocks):
            return ""
        return clean_text(plan.blocks[block].title)

    def entries(self) -> list[Row]:
        rows = []
        for (team_id, number), notes in self._by_place(self.data.notes):
            for note in notes:
                if note.sharing == "internal":
                    continue
                rows.append(self._entry(note, team_id, number))
        return rows

    def _entry(self, note: Note, team_id: str, number: int) -> Row:
        ward = ward_tags(note.tags)
        by_question = {q: [t.partition(":")[2] for t in ward if t.startswith(f"{q}:")]
                       for q in WARD_TAGS}
        question = note.kind == "question"
        answered = question and note.question_status == "answered"
        return {
            "entry_id": note.id, **self.where(team_id, number),
            "kind": "note" if note.kind == "discussion" else note.kind,
            "sharing": note.sharing,
            "block": None if note.block is None else note.block + 1,
            "block_title": self.block_title(number, note.block),
            "text": self.text(note.text),
            "speaker_role": clean_text(note.speaker_role),
            **{q: LIST_JOINER.join(cats) for q, cats in by_question.items()},
            "other_tags": self.text(LIST_JOINER.join(t for t in note.tags if t not in ward)),
            "question_status": note.question_status if question else "",
            "answer": self.text(note.answer) if answered else "",
            **(self.person("answered_by", note.answered_by, team_id) if answered
               else {"answered_by": "", "answered_by_role": "", "answered_by_name": ""}),
            "answered_workshop": note.answered_workshop if answered else None,
            "carried_to": note.carried_to if question else None,
            "created_at": note.created_at,
        }

    def _by_place(self, index: dict[tuple[str, int], list[Any]]) -> list[tuple[tuple[str, int],
                                                                               list[Any]]]:
        """(team, workshop) groups by workshop, then CIG and team name."""
        def order(key: tuple[str, int]) -> tuple[int, str, str, str]:
            where = self.where(key[0])
            return (key[1], where["cig"].casefold(), where["team"].casefold(), key[0])
        return [(key, index[key]) for key in sorted(index, key=order)]

    def actions(self) -> tuple[list[Row], list[Row]]:
        rows, steps = [], []
        for team in self._teams():
            for action in self.data.actions.get(team.id, []):
                if action.sharing == "internal":
                    continue
                rows.append({
                    "action_id": action.id, **self.where(team.id, action.workshop),
                    "text": self.text(action.text),
                    **self.person("owner", action.owner, team.id),
                    "due_date": action.due or None, "due_workshop": action.due_workshop,
                    "status": action.status, "sharing": action.sharing,
                    "block": None if action.block is None else action.block + 1,
                    "created_at": action.created_at,
                })
                for n, change in enumerate(action.history, 1):
                    steps.append({
                        "action_id": action.id, "step": n, "at": change.get("at") or None,
                        "workshop": _int(change.get("workshop")),
                        # a new owner or due date is named as such: its `status` is only
                        # what that laptop saw, not a decision on the action
                        "change": str(change.get("change") or change.get("status", "")),
                        **self.person("by", str(change.get("by", "")), team.id),
                        "reason": self.text(change.get("reason", "")),
                    })
        rows.sort(key=lambda r: (r["workshop"], r["cig"].casefold(), r["team"].casefold(),
                                 r["created_at"], r["action_id"]))
        order = {r["action_id"]: n for n, r in enumerate(rows)}
        steps.sort(key=lambda s: (order[s["action_id"]], s["step"]))
        return rows, steps

    def _teams(self) -> list[Team]:
        return sorted(self.data.teams, key=lambda t: (self.where(t.id)["cig"].casefold(),
                                                      t.name.casefold(), t.id))

    def attendance(self) -> list[Row]:
        rows = []
        for (team_id, number), records in self._by_place(self.data.attendance):
            for att in records:
                person = self.people.attendee(att)
                rows.append({
                    **self.where(team_id, number), "person": person.code,
                    "role": role_name(att.role) if att.role else person.role,
                    "present": att.status == "present", "state": att.status,
                    "walk_in": not person.code.startswith(ROSTER),
                    "person_name": " ".join(att.name.split()) or person.name,
                })
        return rows

    def checklist_changes(self) -> list[Row]:
        checklist = self.data.checklist
        items = {item.id: item for item in checklist.items}
        order = {item.id: n for n, item in enumerate(checklist.items)}
        rows = []
        for team in self._teams():
            entries = sorted(self.data.entries.get(team.id, []),
                             key=lambda e: (order.get(e.item_id, len(order)), e.item_id, e.id))
            for entry in entries:
                item = items.get(entry.item_id)
                stage = ""
                if item is not None:
                    stage = next((s.title for s in checklist.stages if s.id == item.stage), "")
                steps = entry.history or [{
                    "at": entry.updated_at or entry.created_at, "workshop": entry.workshop,
                    "status": entry.status, "evidence": entry.evidence, "by": entry.by,
                    "reason": entry.reason}]
                standing = standing_after_each_step(entry)
                for n, step in enumerate(steps, 1):
                    evidence_only = step.get("change") == EVIDENCE_ONLY
                    status = (standing.get(id(step), "not started") if evidence_only
                              else str(step.get("status", "")))
                    rows.append({
                        **self.where(team.id), "item_id": entry.item_id, "stage": stage,
                        "prompt": clean_text(item.prompt if item else ""), "step": n,
                        "at": step.get("at") or None, "workshop": _int(step.get("workshop")),
                        # an evidence-only step's own status is only what its laptop saw
                        "change": "evidence" if evidence_only else "status",
                        "status": status,
                        "evidence": self.text(step.get("evidence", "")),
                        "reason": self.text(step.get("reason", "")),
                        **self.person("by", str(step.get("by", "")), team.id),
                    })
        return rows

    def passport_ratings(self) -> list[Row]:
        labels = {d.id: d.label for d in self.data.checklist.domains}
        rows = []
        for team in self._teams():
            for rating in self.data.ratings.get(team.id, []):
                rows.append({
                    **self.where(team.id, rating.workshop), "domain": rating.domain,
                    "domain_label": labels.get(rating.domain, ""), "score": rating.score,
                    "note": self.text(rating.note), "created_at": rating.created_at,
                })
        return rows

    def votes(self) -> list[Row]:
        rows = []
        for (team_id, number), tallies in self._by_place(self.data.tallies):
            for tally in tallies:
                if tally.sharing == "internal":
                    continue
                for option, count in tally.counts.items():
                    rows.append({
                        "vote_id": tally.id, **self.where(team_id, number),
                        "sharing": tally.sharing,
                        "block": None if tally.block is None else tally.block + 1,
                        "question": self.text(tally.question), "option": self.text(option),
                        "count": count, "created_at": tally.created_at,
                    })
        return rows

    def workshops(self) -> list[Row]:
        rows = []
        cohort = self.data.cohort
        for number in self.data.workshop_numbers():
            workshop = self.data.workshops[number]
            view = workshop_view(self.data, number)
            rows.append({
                "workshop": number, "title": clean_text(view["title"]),
                "date": view["date"] or None, "planned_date": workshop.date or None,
                "held": view["held"], "plan": workshop.plan,
                "venue": clean_text(getattr(workshop, "venue", "")), "cohort": cohort,
            })
        return rows

    def teams(self) -> list[Row]:
        rows = []
        for team in self._teams():
            cig = self.data.cig_of.get(team.id)
            roles = Counter(normalise_role(m.role) or "other"
                            for m in self.data.members.get(team.id, []))
            rows.append({
                **self.where(team.id), "cig_theme": clean_text(cig.theme if cig else ""),
                **self.person("facilitator", cig.facilitator if cig else ""),
                "project": self.text(team.project), "organisation": clean_text(team.organisation),
                "members": sum(roles.values()),
                **{f"members_{r.replace(' ', '_')}": roles[r] for r in ROLES},
                "members_other": roles["other"],
            })
        return rows

    def people_rows(self) -> list[Row]:
        present: dict[str, list[int]] = {}
        for (_, number), records in self.data.attendance.items():
            for att in records:
                if att.present:
                    present.setdefault(self.people.attendee(att).code, []).append(number)
        rows = []
        for person in self.people.people:
            where = self.where(person.team_id) if person.team_id else {"cig": "", "team": ""}
            seen = sorted(set(present.get(person.code, [])))
            rows.append({
                "person": person.code, "role": person.role, **where,
                "on_roster": person.code.startswith(ROSTER),
                "joined_workshop": person.joined_workshop,
                "first_present": seen[0] if seen else None, "workshops_present": len(seen),
                "person_name": person.name,
            })
        return rows


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def dataset_rows(store: Store, names: bool = False) -> tuple[str, dict[str, list[Row]]]:
    """The programme's name, and every table's rows by table name as the JSON holds them."""
    plans, _errors = day.plans(store)
    data = gather(store, checklist_for(store.data_dir), plans)
    members = [m for rows in data.members.values() for m in rows]
    attendance = [a for rows in data.attendance.values() for a in rows]
    facilitators = [c.facilitator for c in data.cigs if c.facilitator.strip()]
    build = _Builder(data, People(members, attendance, facilitators), names)
    actions, history = build.actions()
    rows: dict[str, Callable[[], list[Row]] | list[Row]] = {
        "entries": build.entries, "actions": actions, "action_history": history,
        "attendance": build.attendance, "checklist_changes": build.checklist_changes,
        "passport_ratings": build.passport_ratings, "votes": build.votes,
        "workshops": build.workshops, "teams": build.teams,
    }
    made = {name: value() if callable(value) else value for name, value in rows.items()}
    made["people"] = build.people_rows()  # last: every other table may have added a code
    return data.programme, {t.name: made[t.name] for t in TABLES}
