"""The evaluation dataset's files and columns: one definition that the CSV header, the JSON keys
and the README data dictionary are all made from, so they cannot drift apart."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import ROLES
from .logbook import WARD_TAGS

TYPES = {
    "id": "a record's id (a UUID), the same in every file and every export",
    "integer": "a whole number",
    "text": "text as typed (see 'Spreadsheet safety' and 'People and names')",
    "code": "a person's code: P### on the roster, G### a walk-in, N### anyone else",
    "boolean": "true or false",
    "date": "a day, YYYY-MM-DD",
    "timestamp": "an instant in UTC, ISO 8601 (2026-11-24T10:42:05.120Z)",
    "list": "several values separated by '; ' (empty when there are none)",
}
"""What each column type means, for the data dictionary."""


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    names_only: bool = False
    """Written only when the export is asked for names (`--names`)."""


@dataclass(frozen=True)
class Table:
    """One kind of record: written as `<name>.csv` and `<name>.json`."""

    name: str
    description: str
    columns: tuple[Column, ...]

    def active(self, names: bool) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if names or not c.names_only)


def _c(name: str, type_: str, description: str, names_only: bool = False) -> Column:
    return Column(name, type_, description, names_only)


_WHERE = (
    _c("workshop", "integer", "the workshop (1 to 8) it belongs to"),
    _c("cig", "text", "the CIG (table) of the team; empty for a team without one"),
    _c("team", "text", "the team's name"),
)

TABLES: tuple[Table, ...] = (
    Table("entries", "Discussion notes, decisions and questions the note-takers recorded, one "
          "row each. Entries marked internal are never included.", (
        _c("entry_id", "id", "the entry"),
        *_WHERE,
        _c("kind", "text", "note, decision or question"),
        _c("sharing", "text", "team (the team's own minutes) or programme (shared across "
           "teams)"),
        _c("block", "integer", "the agenda block it was recorded in, numbered from 1 in the "
           "workshop's plan; empty if not tied to one"),
        _c("block_title", "text", "that block's title in the plan"),
        _c("text", "text", "what was recorded"),
        _c("speaker_role", "text", "the role of who said it, when the note-taker gave one"),
        *(_c(question, "list", f"Ward's '{asked}' categories it was tagged with, of: "
             + ", ".join(WARD_TAGS[question]))
          for question, asked in (("why", "why is knowledge mobilised"),
                                  ("whose", "whose knowledge"), ("what", "what knowledge"),
                                  ("how", "how is it mobilised"))),
        _c("other_tags", "list", "any other tags it was given"),
        _c("question_status", "text", "for a question: open, answered or carried (to a later "
           "workshop); empty otherwise"),
        _c("answer", "text", "for an answered question, the answer"),
        _c("answered_by", "code", "who gave the answer, when recorded"),
        _c("answered_by_role", "text", "that person's role, when known"),
        _c("answered_by_name", "text", "who gave the answer, as typed", names_only=True),
        _c("answered_workshop", "integer", "the workshop the answer was given at"),
        _c("carried_to", "integer", "the workshop an unanswered question was carried to"),
        _c("created_at", "timestamp", "when it was recorded"),
    )),
    Table("actions", "Actions agreed at the tables, one row each, with their status today; "
          "action_history.csv has every change. Internal actions are never included.", (
        _c("action_id", "id", "the action"),
        *_WHERE,
        _c("text", "text", "what is to be done"),
        _c("owner", "code", "who owns it"),
        _c("owner_role", "text", "the owner's role, when the owner is on the roster or was a "
           "walk-in"),
        _c("owner_name", "text", "the owner as typed", names_only=True),
        _c("due_date", "date", "the day it is due, if given as a date"),
        _c("due_workshop", "integer", "the workshop it is due by, if given as one"),
        _c("status", "text", "open, done or dropped"),
        _c("sharing", "text", "team or programme"),
        _c("block", "integer", "the agenda block it was agreed in, numbered from 1"),
        _c("created_at", "timestamp", "when it was recorded"),
    )),
    Table("action_history", "Every change in each action's life, oldest first: created, done, "
          "dropped, reopened, carried on, a new owner or due date.", (
        _c("action_id", "id", "the action (see actions.csv)"),
        _c("step", "integer", "1 for its creation, then 2, 3, ... in order"),
        _c("at", "timestamp", "when the change was made"),
        _c("workshop", "integer", "the workshop it was made at; empty between workshops"),
        _c("change", "text", "open (created or reopened), done, dropped or carried (kept open "
           "into the next workshop); owner (given to someone else) or due (a new due date)"),
        _c("by", "code", "who made the change (a note-taker's name or a laptop's id)"),
        _c("by_name", "text", "the same as recorded", names_only=True),
        _c("reason", "text", "why, when given (a new due date, why it was dropped)"),
    )),
    Table("attendance", "Who was at each team's table at each workshop, as marked on the day: "
          "present, sent apologies, or absent without apologies.", (
        *_WHERE,
        _c("person", "code", "the person (see people.csv)"),
        _c("role", "text", "their role at that workshop"),
        _c("present", "boolean", "true if present, false if they sent apologies or were absent"),
        _c("state", "text", "present, apologies (sent apologies) or absent (not there, no "
           "apologies)"),
        _c("walk_in", "boolean", "true if they were not on the team's roster"),
        _c("person_name", "text", "their name", names_only=True),
    )),
    Table("checklist_changes", "Every change to a team's equity checklist, oldest first per "
          "item: the status it moved to and the evidence given.", (
        _c("cig", "text", "the team's CIG"),
        _c("team", "text", "the team"),
        _c("item_id", "text", "the checklist item's id"),
        _c("stage", "text", "the stage of the evaluation plan the item belongs to"),
        _c("prompt", "text", "the item's question, as the checklist asks it"),
        _c("step", "integer", "1, 2, 3, ... in order for this team and item"),
        _c("at", "timestamp", "when the change was made"),
        _c("workshop", "integer", "the workshop it was made at; empty between workshops"),
        _c("change", "code", "status (the status was set) or evidence (only the evidence "
           "note changed)"),
        _c("status", "text", "not started, in progress, done or not applicable: the status "
           "after the change"),
        _c("evidence", "text", "the team's evidence note after the change"),
        _c("reason", "text", "why, when given (e.g. why it is not applicable)"),
        _c("by", "code", "who made the change"),
        _c("by_name", "text", "the same as recorded", names_only=True),
    )),
    Table("passport_ratings", "Each team's 1-5 rating of the coproduction value domains at a "
          "workshop (the improvement passport).", (
        *_WHERE,
        _c("domain", "text", "the domain's id"),
        _c("domain_label", "text", "the domain as the passport names it"),
        _c("score", "integer", "1 (low) to 5 (high)"),
        _c("note", "text", "the team's note on the rating"),
        _c("created_at", "timestamp", "when it was recorded"),
    )),
    Table("votes", "Dot-votes and shows of hands at the tables, one row per option. Internal "
          "votes are never included.", (
        _c("vote_id", "id", "the vote"),
        *_WHERE,
        _c("sharing", "text", "team or programme"),
        _c("block", "integer", "the agenda block it was taken in, numbered from 1"),
        _c("question", "text", "what was voted on"),
        _c("option", "text", "one option"),
        _c("count", "integer", "votes or hands for that option"),
        _c("created_at", "timestamp", "when it was recorded"),
    )),
    Table("workshops", "The programme's workshops.", (
        _c("workshop", "integer", "its number, 1 to 8"),
        _c("title", "text", "its title (from the workshop or its plan)"),
        _c("date", "date", "the day it ran (its clock was first started), else the day planned"),
        _c("planned_date", "date", "the day it was planned for"),
        _c("held", "boolean", "true once it has been held"),
        _c("plan", "text", "the session plan it follows"),
        _c("venue", "text", "where it is held, when recorded"),
        _c("cohort", "text", "the cohort it belongs to"),
    )),
    Table("teams", "The teams, their CIG and their roster today.", (
        _c("team", "text", "the team's name"),
        _c("cig", "text", "its CIG (table); empty if none"),
        _c("cig_theme", "text", "the CIG's theme"),
        _c("facilitator", "code", "the CIG's facilitator"),
        _c("facilitator_name", "text", "the facilitator's name", names_only=True),
        _c("project", "text", "the service or project the team evaluates"),
        _c("organisation", "text", "the team's organisation"),
        _c("members", "integer", "people on the team's roster"),
        *(_c(f"members_{role.replace(' ', '_')}", "integer",
             f"roster members whose role is {role}") for role in ROLES),
        _c("members_other", "integer", "roster members with another role"),
    )),
    Table("people", "Everyone the other files mention by code, with their role.", (
        _c("person", "code", "the person's code: P### on a team's roster (numbered in the order "
           "they were added), G### a walk-in, N### a name typed in a person field that is "
           "neither (an owner, who answered, a facilitator, who made a change)"),
        _c("role", "text", "their role, when known"),
        _c("team", "text", "their team, when known"),
        _c("cig", "text", "that team's CIG"),
        _c("on_roster", "boolean", "true for people on a team's roster"),
        _c("joined_workshop", "integer", "the workshop they joined the team at (roster only)"),
        _c("first_present", "integer", "the first workshop they were recorded present at"),
        _c("workshops_present", "integer", "how many workshops they were recorded present at"),
        _c("person_name", "text", "their name", names_only=True),
    )),
)
"""Every file of the dataset, in the order the README describes them."""
