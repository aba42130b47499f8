"""TinyDB as the query layer over the merged records, through its own extension points.

`MergedStorage` is a TinyDB `Storage` whose `read()` hands TinyDB the store's merged live
records, so `Query`, `search`, `count` and the query cache work as usual. What TinyDB does
here, honestly: it answers queries. It does not write: every change goes through
`Store.save`, which appends a durable, mergeable event to this device's journal (TinyDB's
own write path rewrites the whole database per change and cannot merge laptops).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from ..model import new_id
from .errors import StoreReadOnlyError

if TYPE_CHECKING:
    from .store import Store


class MergedStorage(Storage):
    """The store's live records, keyed by table and record id; read only."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def read(self) -> dict[str, dict[str, Any]]:
        return self.store.live

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        raise StoreReadOnlyError(
            "cigkit's TinyDB view answers queries only; save records with Store.save, which "
            "journals each change durably")


class RecordTable(Table):
    """Record ids are UUID strings, which TinyDB's default (int) document ids cannot hold."""

    document_id_class = str  # type: ignore[assignment]

    def _get_next_id(self) -> str:
        return new_id()


class CigkitDB(TinyDB):
    """TinyDB over the store's merged records."""

    table_class = RecordTable
    default_storage_class = MergedStorage  # type: ignore[assignment]
