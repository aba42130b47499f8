"""The report-back: every table's questions and programme-level points, for the room.

For the workshop on screen, grouped by table and team, newest last: the questions asked
(and those carried in, still open), and what teams shared at programme level. It follows
the tables live, other laptops included. A question is answered (with the answer and who
gave it) or carried to the next workshop from here; Ctrl+Z, or reopening it, takes that back.
"""

from __future__ import annotations

from functools import partial

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ...errors import UserError
from ...model import Note
from ...services import questions
from ...services.questions import ReportBack, ReportEntry
from ..widgets.choices import NO_MARK, MarkedOptionList, MarkedRow
from ..widgets.form import Field, Form
from ..widgets.log_entry_line import kind_mark
from .opened import OpenedScreen

STATUS_WORDS = {questions.OPEN: ("open", "bold yellow"),
                questions.ANSWERED: ("answered", "green"),
                questions.CARRIED: ("carried", "cyan")}


def _follow_up(entry: ReportEntry) -> tuple[str, str] | None:
    """What became of a question: its answer (and who gave it), or where it was carried."""
    note = entry.record
    if not isinstance(note, Note):
        return None
    if entry.status == questions.ANSWERED and note.answer:
        by = f" ({note.answered_by})" if note.answered_by else ""
        return f"→ {note.answer}{by}", "green"
    if entry.status == questions.CARRIED and note.carried_to:
        return f"→ carried to workshop {note.carried_to}", "cyan"
    return None


def entry_words(entry: ReportEntry) -> str:
    """The entry as one line of plain words: "QUESTION [open]  Can we ...  (from W2)"."""
    word, _ = kind_mark("tally" if entry.kind == "vote" else entry.kind)
    word = word.upper()  # a shared note is as much part of the report as a question
    status = f" [{STATUS_WORDS.get(entry.status, (entry.status, ''))[0]}]" if (
        entry.kind == "question") else ""
    carried = f"  (from W{entry.workshop})" if entry.carried_in else ""
    follow = _follow_up(entry)
    return f"{word}{status}  {entry.text}{carried}" + (f"\n{follow[0]}" if follow else "")


def entry_row(entry: ReportEntry, mark: str = NO_MARK) -> Table:
    """The entry in columns, so a long question wraps under itself, not under its kind; the
    highlighted one has ▸ before its kind (so it reads without colour)."""
    word, style = kind_mark("tally" if entry.kind == "vote" else entry.kind)
    word = word.upper()  # a shared note is as much part of the report as a question
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=3, no_wrap=True, overflow="crop")
    grid.add_column(width=9, no_wrap=True, overflow="crop")
    grid.add_column(width=8, no_wrap=True)
    grid.add_column(ratio=1)
    status = Text("")
    if entry.kind == "question":
        status = Text(*STATUS_WORDS.get(entry.status, (entry.status, "")))
    words = Text(entry.text)
    if entry.carried_in:
        words.append(f"  (from W{entry.workshop})", "dim")
    grid.add_row(Text(mark.strip().rjust(3)), Text(word, style or "dim"), status, words)
    follow = _follow_up(entry)
    if follow is not None:
        grid.add_row("", "", "", Text(*follow))
    return grid


class ReportBackScreen(OpenedScreen):
    """What every table has to bring back to the room at this workshop."""

    TITLE = "Report-back"
    OPENED_AS = "report_back"
    BINDINGS = [
        Binding("a", "answer", "Mark answered",
                tooltip="Mark the question answered: the answer and who gave it"),
        Binding("c", "carry", "Carry to next workshop",
                tooltip="Carry the question to the next workshop"),
        Binding("o", "reopen", "Reopen", tooltip="Reopen the question (take an answer back)"),
    ]

    class Read(Message):
        """The report-back as read in the worker (or the sentence saying why not)."""

        def __init__(self, report: ReportBack | None, error: str = "") -> None:
            super().__init__()
            self.report = report
            self.error = error

    def __init__(self) -> None:
        super().__init__()
        self.report: ReportBack | None = None
        self.entries: dict[str, ReportEntry] = {}
        self._asked: tuple[int, int] | None = None  # (workshop, generation) last read

    def compose(self) -> ComposeResult:
        yield self.nav_bar()
        yield Static("Gathering what the tables said…", id="report-title")
        yield MarkedOptionList(id="report-list")
        yield Footer(compact=True)

    @property
    def listing(self) -> OptionList:
        return self.query_one("#report-list", OptionList)

    def on_mount(self) -> None:
        self.show_records()
        self.listing.focus()

    def reload(self) -> None:
        """Read again, in a worker, only when the workshop or the records have moved on."""
        wanted = (self.workshop, self.store.generation)
        if wanted != self._asked:
            self._asked = wanted
            self._read(self.workshop)

    @work(thread=True, exclusive=True, exit_on_error=False, group="report-back")
    def _read(self, workshop: int) -> None:
        try:
            report = questions.report_back(self.store, workshop)
        except UserError as error:
            self.post_message(self.Read(None, str(error)))
            return
        self.post_message(self.Read(report))

    @on(Read)
    def _show(self, message: Read) -> None:
        title = self.query_one("#report-title", Static)
        if message.report is None:
            title.update(Text(message.error, "bold red"))
            return
        if message.report.workshop != self.workshop:
            return  # read for a workshop no longer on screen; the next read is on its way
        self.report = report = message.report
        asked = report.questions()
        waiting = report.unanswered()
        shared = len(report.entries()) - len(asked)
        title.update(Text.assemble(
            (f"Report-back, workshop {report.workshop}: ", "bold"),
            f"{len(asked)} question{'s' if len(asked) != 1 else ''} "
            f"({len(waiting)} waiting for an answer), {shared} shared at programme level"))
        self._list(report)

    def lines(self) -> list[str]:
        """What the screen lists, as plain words: tables, teams, then their entries."""
        if self.report is None:
            return []
        out: list[str] = []
        for table in self.report.tables:
            out.append(table.cig.name if table.cig else "Teams at no table")
            for team in table.teams:
                out.append(f"  {team.team.name}" + ("" if team.entries else
                                                    "  nothing to report yet"))
                out += [f"    {entry_words(entry)}" for entry in team.entries]
        return out

    def _list(self, report: ReportBack) -> None:
        listing = self.listing
        keep = listing.highlighted_option.id if listing.highlighted_option else None
        options: list[Option] = []
        self.entries = {}
        for table in report.tables:
            name = table.cig.name if table.cig else "Teams at no table"
            options.append(Option(Text(name, "bold reverse"), disabled=True))
            for team in table.teams:
                heading = Text("  ")
                heading.append(team.team.name, "bold")
                if not team.entries:
                    heading.append("  nothing to report yet", "dim")
                options.append(Option(heading, disabled=True))
                for entry in team.entries:
                    key = f"{entry.record.TABLE}:{entry.record.id}"
                    self.entries[key] = entry
                    options.append(Option(MarkedRow(partial(entry_row, entry)), id=key))
        at = listing.highlighted
        listing.set_options(options)
        if keep in self.entries:
            listing.highlighted = listing.get_option_index(keep)
        elif self.entries:
            first = next(iter(self.entries))
            listing.highlighted = listing.get_option_index(first) if at is None else max(
                min(at, listing.option_count - 1), 0)
            if listing.highlighted_option is None or listing.highlighted_option.disabled:
                listing.highlighted = listing.get_option_index(first)

    # -- settling a question ----------------------------------------------------------------

    def _question(self) -> Note | None:
        option = self.listing.highlighted_option
        entry = self.entries.get(option.id) if option is not None and option.id else None
        if entry is None:
            self.notify("Pick a question first (arrow keys).", severity="warning")
            return None
        if entry.kind != "question" or not isinstance(entry.record, Note):
            self.notify("Only a question can be answered or carried; this is shared for "
                        "the room.", severity="warning")
            return None
        return entry.record

    @staticmethod
    def _short(note: Note) -> str:
        return note.text if len(note.text) <= 30 else note.text[:29] + "…"

    def action_answer(self) -> None:
        note = self._question()
        if note is None:
            return
        store, workshop, note_id = self.store, self.workshop, note.id

        def submit(form: Form, values: dict[str, str]) -> None:
            self.change(f"answered '{self._short(note)}'", Note, note_id,
                        lambda current: questions.answer_question(
                            store, current, values["answer"], by=values["by"],
                            workshop=workshop),
                        then=lambda saved: self._answered(form, saved),
                        failed=form.refused)

        answered = note.question_status == questions.ANSWERED
        self.app.push_screen(Form(f"Answer: {note.text}", [
            Field("answer", "Answer", note.answer if answered else "", "what the room heard"),
            Field("by", "Answered by", note.answered_by, "who answered (optional)"),
        ], submit, hint=f"Answered at workshop {workshop}."))

    def _answered(self, form: Form, saved: Note) -> None:
        form.done(saved)
        self.show_records()

    def action_carry(self) -> None:
        note = self._question()
        if note is None:
            return
        store, workshop = self.store, self.workshop
        self.change(f"carried '{self._short(note)}' on", Note, note.id,
                    lambda current: questions.carry_question(store, current,
                                                             workshop=workshop),
                    then=self._carried)

    def _carried(self, saved: Note) -> None:
        self.notify(f"Carried to workshop {saved.carried_to}.", timeout=3)
        self.show_records()

    def action_reopen(self) -> None:
        note = self._question()
        if note is None:
            return
        store = self.store
        self.change(f"reopened '{self._short(note)}'", Note, note.id,
                    lambda current: questions.reopen_question(store, current),
                    then=self.redraw)


__all__ = ["ReportBackScreen"]
