"""Reading the merged records: by id, by field (from an index kept up to date) or through
TinyDB's `Query`; and the views of everything known (changes, conflicts, warnings)."""

from __future__ import annotations

from typing import Any

from tinydb.queries import QueryLike

from ..model import TABLES
from .events import Conflict, Event, conflicts
from .folding import Folding
from .state import _SEEN, R
from .tinydb_layer import CigkitDB

INDEXED = ("workshop", "team_id", "number", "cig_id", "item_id")


class Queries(Folding):
    """What screens and services read: records as dataclasses, never the store's own dicts."""

    @property
    def live(self) -> dict[str, dict[str, dict[str, Any]]]:
        """Per table, the records that are neither deleted nor damaged (the TinyDB view)."""
        with self._mutex:
            self._ensure_all()
            return self._live

    @property
    def records(self) -> dict[str, dict[str, dict[str, Any]]]:
        """Per table, every record's current state, deleted ones included."""
        with self._mutex:
            self._ensure_all()
            return self._records

    @property
    def warnings(self) -> list[str]:
        """Everything worth telling the user about the folder, one sentence each."""
        with self._mutex:
            self._ensure_all()
            return self._warnings

    @property
    def damage(self) -> list[str]:
        """The warnings that are damage (a line, file or record set aside), for `cigkit check`."""
        with self._mutex:
            self._ensure_all()
            return self._damage

    @property
    def db(self) -> CigkitDB:
        """The ordinary TinyDB query API over the merged live records (read only)."""
        with self._mutex:
            if self._db is None:
                self._db = CigkitDB(self)
            return self._db

    def _materialise(self, kind: type[R], state: dict[str, Any]) -> R:
        record = kind.from_dict(state)
        events = self._events.get(kind.TABLE, {}).get(state["id"], ())
        object.__setattr__(record, _SEEN, (state, events))
        return record

    def all(self, kind: type[R], include_deleted: bool = False) -> list[R]:
        with self._mutex:
            self._ensure(kind.TABLE)
            source = self._records if include_deleted else self._live
            rows = list(source.get(kind.TABLE, {}).values())
            if include_deleted:
                rows = [r for r in rows if (kind.TABLE, r["id"]) not in self._problems]
            return [self._materialise(kind, r) for r in rows]

    def get(self, kind: type[R], record_id: str, include_deleted: bool = False) -> R | None:
        with self._mutex:
            self._ensure(kind.TABLE)
            source = self._records if include_deleted else self._live
            data = source.get(kind.TABLE, {}).get(record_id)
            if data is None or (kind.TABLE, record_id) in self._problems:
                return None
            return self._materialise(kind, data)

    def find(self, kind: type[R], cond: QueryLike) -> list[R]:
        with self._mutex:
            self._ensure(kind.TABLE)
            docs = self.db.table(kind.TABLE).search(cond)
            live = self._live.get(kind.TABLE, {})
            return [self._materialise(kind, live[str(doc.doc_id)]) for doc in docs]

    def where(self, kind: type[R], **fields: Any) -> list[R]:
        """Records whose fields equal the given values, e.g. where(Note, team_id=t, workshop=3).

        Equality on the fields screens ask for most is answered from an index the store keeps
        up to date; anything else goes through TinyDB's `Query` (`find`).
        """
        with self._mutex:
            table = kind.TABLE
            if not fields:
                return self.all(kind)
            self._ensure(table)
            first = next((f for f in fields if f in INDEXED), None)
            if first is None:
                rows = list(self._live.get(table, {}).values())
            else:
                rows = list(self._indexed(table, first).get(fields[first], {}).values())
            matches = [r for r in rows if all(r.get(k) == v for k, v in fields.items())]
            return [self._materialise(kind, r) for r in matches]

    def is_empty(self) -> bool:
        with self._mutex:
            if self._pending:
                self._ensure_all()
            return not any(self._live.values())

    def count_live(self) -> dict[str, int]:
        with self._mutex:
            return {table: len(rows) for table, rows in sorted(self.live.items()) if rows}

    def all_events(self) -> list[Event]:
        """Every change this laptop knows, oldest first (for a bundle)."""
        with self._mutex:
            self._ensure_all()
            found = [e for records in self._events.values() for evs in records.values()
                     for e in evs]
        found.sort(key=lambda e: e["h"])
        return found

    def events_of(self, table: str, rid: str) -> tuple[Event, ...]:
        with self._mutex:
            self._ensure(table)
            return tuple(self._events.get(table, {}).get(rid, ()))

    def conflicts(self) -> list[Conflict]:
        """Every value that lost to another laptop's change made without seeing it."""
        found: list[Conflict] = []
        with self._mutex:
            self._ensure_all()
            for table, records in self._events.items():
                if table not in TABLES:
                    continue
                for rid, events in records.items():
                    if len(events) > 1:
                        found.extend(conflicts(table, rid, events))
        found.sort(key=lambda c: (c.kept_stamp, c.table, c.record_id, c.field))
        return found

    def clock_ahead_ms(self) -> int:
        """How far the newest change seen is ahead of this laptop's clock (0 if not)."""
        return self._clock.ahead_of_wall_ms() if self._clock else 0
