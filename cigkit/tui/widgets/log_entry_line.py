"""How one note, decision, question, action or vote reads in a list: one short line of text."""

from __future__ import annotations

from rich.text import Text

from ...model import Action, Note, Tally, parse_instant
from ...services import devices, tallies
from ...services.review import due_words
from ...services.search import Entry
from ...store import Store

KIND_MARKS = {
    "discussion": ("note", ""),
    "decision": ("DECISION", "bold green"),
    "question": ("QUESTION", "bold magenta"),
    "action": ("ACTION", "bold yellow"),
    "tally": ("VOTE", "bold cyan"),
}


def kind_mark(kind: str) -> tuple[str, str]:
    """The word and style for a kind of entry; a kind written by a newer cigkit (a "poll",
    say) is shown as what it is, with a question mark: "POLL?"."""
    known = KIND_MARKS.get(kind)
    if known is not None:
        return known
    shown = "".join(c for c in kind if c.isprintable())[:12].upper() or "ENTRY"
    return f"{shown}?", "bold"


def entry_kind(entry: Entry) -> str:
    if isinstance(entry, Action):
        return "action"
    if isinstance(entry, Tally):
        return "tally"
    return entry.kind


def laptop_name(store: Store, entry: Entry, names: dict[str, str]) -> str:
    """The laptop an entry came from (first saved on), by its name ("Table 2"); this laptop,
    if it has no name yet, is "this laptop". `names` is `devices.device_names`, read once."""
    device = devices.made_on(entry)
    if device == store.device and device not in names:
        return "this laptop"
    return devices.display_name(store, device, names)


def clock_time(entry: Entry) -> str:
    return parse_instant(entry.created_at).astimezone().strftime("%H:%M")


def entry_line(entry: Entry, mark: str = "", team_name: str = "") -> Text:
    """'✓ saved 10:42  DECISION  Focus on uptake  #what:scientific  · internal'."""
    kind = entry_kind(entry)
    word, style = kind_mark(kind)
    line = Text()
    if mark:
        line.append(mark, style="green" if mark.startswith("✓") else "bold red")
        line.append("  ")
    if team_name:
        line.append(f"{team_name}: ", style="bold")
    line.append(word, style=style or "dim")
    line.append("  ")
    if isinstance(entry, Tally):
        line.append(tallies.summary(entry))
    else:
        line.append(entry.text)
    if isinstance(entry, Action):
        owner = entry.owner or "no owner"
        line.append(f"  → {owner}, {due_words(entry)}", style="yellow")
        if entry.status != "open":
            line.append(f" [{entry.status}]", style="dim")
    if isinstance(entry, Note):
        if entry.speaker_role:
            line.append(f"  ({entry.speaker_role})", style="italic")
        for tag in entry.tags:
            line.append(f"  #{tag}", style="cyan")
    if entry.sharing != "team":
        line.append(f"  · {entry.sharing}", style="bold red" if entry.sharing == "internal"
                    else "blue")
    return line
