"""The roster as a spreadsheet: CIGs, teams and members imported from, and exported to, CSV.

Every row is checked and every change worked out before anything is stored, then all of it
is saved at once, so a bad file changes nothing, and re-importing the same file changes
nothing either. `roster export` writes what `roster import` reads back unchanged; its id
columns let a spreadsheet rename a CIG, team or person without making a second one.

Reading and checking the file is in `roster_reading`, storing it in `roster_import` and
writing it back out in `roster_export`; their names are re-exported here.
"""

from __future__ import annotations

from .roster_export import export_roster as export_roster
from .roster_export import roster_csv as roster_csv
from .roster_export import roster_rows as roster_rows
from .roster_import import ImportReport as ImportReport
from .roster_import import import_roster as import_roster
from .roster_reading import EXPORT_COLUMNS as EXPORT_COLUMNS
from .roster_reading import MAX_BYTES as MAX_BYTES
from .roster_reading import OPTIONAL as OPTIONAL
from .roster_reading import REQUIRED as REQUIRED
from .roster_reading import SEMICOLONS_NOTE as SEMICOLONS_NOTE
from .roster_reading import Q as Q
from .roster_reading import Roster as Roster
from .roster_reading import RosterError as RosterError
from .roster_reading import RosterRow as RosterRow
from .roster_reading import read_roster as read_roster
