"""The workshop picker: the programme's workshops, where each stands today, and what to do
with one whose planned day passed without it being run (run it today, or move its date)."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...errors import UserError
from ...services.workshop_lines import Remembered, WorkshopLine, not_run, picker_lines, remember
from ..other_laptops import RecordsChanged
from ..saving import Done, Saved, SaveFailed
from ..widgets.dialogs import PickOne

# The records, the store and the services over them are imported where they are used: a
# picker drawn from the last launch's lines is the app's first frame, before the folder.
if TYPE_CHECKING:
    from ...model import Record
    from ...store import Store
    from ..app import CigkitApp
    from ..widgets.form import Form

QUESTION = "Which workshop is it? (Enter to open, Esc to cancel)"
RUN, MOVE, OPEN = "run", "move", "open"
LINE_WIDTH, WORDS_WIDTH = 64, 40  # one line a workshop in the dialog, after its ▸ mark


def workshop_key(number: int) -> str:
    return f"w{number}"


def workshop_number(key: str) -> int:
    return int(key[1:])


class WorkshopPicker(PickOne):
    """Pick today's workshop; the current one, else the first not yet held, is preselected.

    Each workshop says where it stands against the app's today ("planned for Tue 24 Nov,
    not run"); picking one that was not run offers to run it today or move its date.

    Opened as the app's first frame, it may be given the lines the last launch showed
    (`remembered`, see services/workshop_lines.py) before the folder is open; once it is, the
    app tells it the records arrived, and it shows in place what changed since, the same
    workshop highlighted. With `sources` (taken before the folder was read) it remembers the
    lines it worked out for the next launch.
    """

    def __init__(self, store: Store | None, current: int | None, *,
                 remembered: Remembered | None = None,
                 sources: list[Any] | None = None) -> None:
        super().__init__(QUESTION, [], None)
        self._store = store
        self.remembered = remembered
        self._sources = sources
        self.wanted = current
        self.shown = Remembered((), None)  # the lines on show, from memory or the folder
        self._waiting: dict[str, str] = {}  # save key -> workshop key to open once saved
        self._forms: dict[str, Form] = {}  # the date forms waiting for their save
        self._offering = False

    @property
    def cigkit(self) -> CigkitApp:
        from ..app import CigkitApp

        assert isinstance(self.app, CigkitApp)
        return self.app

    @property
    def store(self) -> Store:
        """The app's store (opened on first use when the picker came first)."""
        return self._store if self._store is not None else self.cigkit.store

    @property
    def today(self) -> date:
        return self.cigkit.now().date()

    def compose(self) -> ComposeResult:
        found = self.remembered
        if found is None:
            found = picker_lines(self.store, self.today)
            self._remember(found)
        self.shown = found
        self.choices = [_choice(line) for line in found.lines]
        wanted = self.wanted or found.current
        self.current = workshop_key(wanted) if wanted is not None else None
        yield from super().compose()

    def _remember(self, found: Remembered) -> None:
        if self._sources is not None:
            self.run_worker(partial(remember, self.store.data_dir, self._sources, found),
                            thread=True, exit_on_error=False)

    @on(RecordsChanged)
    def _records_changed(self) -> None:
        """The folder was opened after the lines from memory were drawn, or another laptop's
        changes arrived: show what changed, and remember it for the next launch."""
        found = picker_lines(self.store, self.today)
        if not found.lines:  # the programme went (the folder was emptied since)
            self.cigkit.show_first_run()
        elif found != self.shown:
            self._show(found, follow_default=True)
            self._remember(found)

    def _list_again(self) -> None:
        """After a workshop moved: the list says where each stands now, cursor in place."""
        self._show(picker_lines(self.store, self.today))
        self.query_one("#pick-list", OptionList).focus()

    def _show(self, found: Remembered, follow_default: bool = False) -> None:
        """Show `found` in place of the lines on show, the same workshop highlighted (else
        the one to open today). `follow_default`: a cursor nobody moved from the workshop
        preselected moves to the one to open now (a relaunch after workshop 4 was started
        elsewhere starts on 4, as a launch that read the folder first would)."""
        self.shown = found
        preselected = self.current
        wanted = self.wanted or found.current
        self.current = workshop_key(wanted) if wanted is not None else None
        listing = self.query_one("#pick-list", OptionList)
        at = listing.highlighted
        held = listing.get_option_at_index(at).id if at is not None else None
        self.choices = [_choice(line) for line in found.lines]
        listing.set_options([Option(label, id=key) for key, label in self.choices])
        ids = [key for key, _ in self.choices]
        untouched = follow_default and held == preselected
        for keep in ((self.current, held) if untouched else (held, self.current)):
            if keep in ids:
                listing.highlighted = ids.index(keep)
                break
        else:
            if ids:
                listing.highlighted = min(at or 0, len(ids) - 1)

    def choose(self, key: str | None) -> None:
        if key is None:
            self.dismiss(None)
            return
        from ...services import day as day_service
        from ...services import programme

        number = workshop_number(key)
        try:  # the line may have come from memory: the folder has the last word
            workshop = programme.workshop(self.store, number)
        except UserError as error:
            self.notify(str(error), severity="error", timeout=10)
            self._list_again()
            return
        if not not_run(self.store, workshop, self.today):
            self.dismiss(key)
            return
        if self._offering:
            return  # Enter pressed twice: the question is on its way
        self._offering = True
        words = day_service.when_words(self.store, workshop, self.today)
        offer = PickOne(f"Workshop {number} was {words}. What now?", [
            (RUN, "Run it today: start its clock now"),
            (MOVE, "Move it to another date"),
            (OPEN, "Open it as it is"),
        ])
        self.app.push_screen(offer, lambda answer: self._offer_answered(key, answer))

    def _offer_answered(self, key: str, answer: str | None) -> None:
        self._offering = False
        number = workshop_number(key)
        store = self.store
        if answer == OPEN:
            self.dismiss(key)
        elif answer == RUN:
            from ...services import day as day_service
            from ...services import setup, undo

            now = self.cigkit.now()

            def job() -> Done:
                had = {e.id for e in day_service.events(store, number)}
                setup.run_now(store, number, now)
                made = [e for e in day_service.events(store, number) if e.id not in had]
                return Done(None, undo.changed(f"started workshop {number} today", {}, made))

            self._waiting[self.cigkit.save(job, requester=self)] = key
        elif answer == MOVE:
            self.app.push_screen(self._move_form(number))

    def _move_form(self, number: int) -> Form:
        # Imported here, not at the top: the picker is the app's first frame, and these are
        # needed only once a workshop is moved.
        from ...model import Workshop
        from ...services import setup, undo
        from ..widgets.form import Field, Form

        store = self.store

        def submit(form: Form, values: dict[str, str]) -> None:
            def job() -> Done:
                before: dict[tuple[type[Record], str], dict[str, Any]] = {
                    (Workshop, w.id): w.to_dict() for w in store.where(Workshop, number=number)}
                moved = setup.set_workshop(store, number, on=values["date"])
                return Done(moved, undo.changed(f"moved workshop {number} to "
                                                f"{values['date'].strip()}", before, [moved]))

            self._waiting[self.cigkit.save(job, requester=self)] = f"form:{id(form)}"
            self._forms[f"form:{id(form)}"] = form

        return Form(f"Move workshop {number} to", [Field("date", "New date", "", "YYYY-MM-DD")],
                    submit)

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        key = self._waiting.pop(message.key, "")
        form = self._forms.pop(key, None)
        if form is not None:  # a new date: the list says so, and the facilitator picks again
            form.done()
            self._list_again()
        elif key and self.is_current:
            self.dismiss(key)

    @on(SaveFailed)
    def _failed(self, message: SaveFailed) -> None:
        key = self._waiting.pop(message.key, "")
        form = self._forms.pop(key, None)
        if form is not None:
            form.refused(message.error)
        else:
            self.notify(message.error, severity="error", timeout=10)


def _choice(line: WorkshopLine) -> tuple[str, str | Text]:
    """A workshop's line in the list: its number, where it stands (bold yellow when its day
    passed without it being run), then its title, cut to fit."""
    room = max(LINE_WIDTH - 3 - max(len(line.words), WORDS_WIDTH) - 2, 8)
    text = Text(f"{line.number}  ")
    text.append(f"{line.words:<{WORDS_WIDTH}}", "bold yellow" if line.late else "")
    title = line.title
    text.append("  " + (title if len(title) <= room else title[: room - 1] + "…"), "dim")
    return workshop_key(line.number), text
