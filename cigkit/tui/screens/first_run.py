"""The first screen of a data folder with no programme yet: the demo, a roster, or set-up.

`cigkit` on an empty or new folder opens here instead of refusing. Each way in is one line
and one key; the demo and the roster run in the app's save worker, so "saved" means saved,
and a folder left without anything saved in it is removed again when the app closes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ... import locations
from ...services import programme
from ...services.demo import create_demo
from ...services.roster import Roster, import_roster, read_roster
from ..saving import Saved, SaveFailed
from ..widgets.choices import MarkedOptionList
from ..widgets.dialogs import Ask

if TYPE_CHECKING:
    from ..app import CigkitApp

CHOICES = (
    ("demo", "d", "Open the demo", "a made-up programme around today, to try it all"),
    ("roster", "r", "Import a roster", "a CSV file of CIGs, teams and people"),
    ("programme", "p", "Set up a programme", "name it and date its eight workshops"),
)

SETUP_COMMANDS = (
    'cigkit{data} programme set --name "Our programme"',
    "cigkit{data} workshop set 1 --date 2027-01-12",
    'cigkit{data} cig add "Mental health"',
    'cigkit{data} team add "Crisis Cafe" --cig "Mental health"',
    "cigkit{data} roster import roster.csv",
)


def setup_words(data_dir: Path) -> Text:
    """The set-up commands for this folder, to run once the app is closed."""
    usual = data_dir == locations.data_dir(None)
    data = "" if usual else f' --data "{data_dir}"'
    text = Text("To set up a programme, quit (Ctrl+Q: only one cigkit writes to a folder at "
                "a time) and run commands such as:\n", "bold")
    for line in SETUP_COMMANDS:
        text.append(f"  {line.format(data=data)}\n")
    if data:
        text.append(f"  (or set CIGKIT_DATA to {data_dir} and leave out --data)\n")
    text.append("Then open cigkit again. 'cigkit --help' and the README list every command.")
    return text


class FirstRunScreen(Screen[None]):
    """Start here: this data folder holds no programme yet. Pick one way in: try the demo,
    import a roster, or set up a programme."""

    TITLE = "Getting started"
    BINDINGS = [
        Binding("d", "choose('demo')", "Demo", tooltip="Open the demo"),
        Binding("r", "choose('roster')", "Roster", tooltip="Import a roster (a CSV file)"),
        Binding("p", "choose('programme')", "Set up", tooltip="Set up a programme"),
    ]
    DEFAULT_CSS = """
    FirstRunScreen { align: center middle; }
    FirstRunScreen > Vertical {
        width: 100%; max-width: 96; height: auto; max-height: 100%;
        border: thick $accent; padding: 0 1;
    }
    FirstRunScreen #first-title { text-style: bold; margin-bottom: 1; }
    FirstRunScreen MarkedOptionList { height: auto; border: none; padding: 0; }
    FirstRunScreen #first-result { margin-top: 1; height: auto; }
    """

    def __init__(self, data_dir: Path) -> None:
        super().__init__()
        self.data_dir = data_dir

    @property
    def cigkit(self) -> CigkitApp:
        from ..app import CigkitApp

        assert isinstance(self.app, CigkitApp)
        return self.app

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text.assemble(("Welcome to cigkit. ", "bold"),
                                       f"There is no programme in {self.data_dir} yet; "
                                       "whatever you choose is kept there."),
                         id="first-title")
            yield MarkedOptionList(*[
                Option(Text.assemble((f"{key}  {name}", "bold"), f": {line}"), id=choice)
                for choice, key, name, line in CHOICES], id="first-choices")
            yield Static(Text("Arrows and Enter, or the key. F1 help, Ctrl+Q quits."),
                         id="first-hint")
            yield Static("", id="first-result")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#first-choices").focus()

    @on(OptionList.OptionSelected, "#first-choices")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.action_choose(event.option.id)

    def say(self, text: Text | str) -> None:
        self.query_one("#first-result", Static).update(
            text if isinstance(text, Text) else Text(text))

    def action_choose(self, choice: str) -> None:
        if choice == "demo":
            self.open_demo()
        elif choice == "roster":
            self.ask_roster()
        else:
            self.set_up()

    # -- the three ways in -----------------------------------------------------------------

    def open_demo(self) -> None:
        store, now = self.cigkit.store, self.cigkit.now()

        def job() -> dict[str, int]:
            with store.transaction():
                return create_demo(store, now=now)

        self.say("Building the demo programme...")
        self.cigkit.save(job, requester=self, key="first-run-demo")

    def ask_roster(self) -> None:
        def chosen(answer: tuple[Path, Roster] | None) -> None:
            if answer is None:
                return
            path, roster = answer
            store = self.cigkit.store
            self.say(f"Importing {path}...")
            self.cigkit.save(lambda: import_roster(store, path, roster).summary(),
                             requester=self, key="first-run-roster")

        self.app.push_screen(Ask("Which roster CSV file? (its path)", _read_roster,
                                 placeholder="e.g. ~/Documents/roster.csv",
                                 hint="Enter reads and imports it, Esc cancels; a bad line "
                                      "is named here and nothing is stored"), chosen)

    def set_up(self) -> None:
        app = self.cigkit
        for name, registry in (("programme", app.MODES), ("programme", app.SCREENS)):
            if name in registry:  # the programme screen, where the app has one
                if registry is app.MODES:
                    app.switch_mode(name)
                else:
                    app.push_screen(name)
                return
        self.say(setup_words(self.data_dir))

    # -- answers from the save worker ------------------------------------------------------

    @on(Saved)
    def _done(self, message: Saved) -> None:
        if message.key == "first-run-demo":
            self.say("The demo is ready.")
            self.notify("The demo programme is ready: workshop 3 is today's.", timeout=8)
            self.cigkit.records_changed()
            self.cigkit.programme_arrived()
            return
        summary = str(message.value)
        self.say(Text.assemble(summary, "\n", "Next: date the programme's workshops."))
        self.notify(f"{summary} Next, date the workshops: e on a workshop sets its date, "
                    "title and venue.", title="Roster imported", timeout=12)
        self.cigkit.records_changed()
        self.cigkit.programme_arrived("programme")  # where the undated workshops are set

    @on(SaveFailed)
    def _failed(self, message: SaveFailed) -> None:
        self.say(Text(message.error, "bold"))
        self.notify(message.error, severity="error", timeout=10)

    def on_records_changed(self, _message: Any) -> None:
        """Set up elsewhere (another laptop, synced): open it as soon as it arrives (unless
        this screen was closed meanwhile, with the programme opened by a choice made here)."""
        if self in self.app.screen_stack and programme.workshops(self.cigkit.store):
            self.cigkit.programme_arrived()


def _read_roster(text: str) -> tuple[Path, Roster]:
    """A roster path as typed, read and checked (a RosterError names the file and line)."""
    path = Path(text.strip().strip("'\"")).expanduser()
    return path, read_roster(path)


__all__ = ["FirstRunScreen", "setup_words"]
