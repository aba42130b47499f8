"""TinyDB on top of the journal store, through TinyDB's own extension points.

`MergedStorage` hands TinyDB the merged in-memory state of every device's files, and
`RecordTable` sends each insert, update, upsert or remove to the store as one durable
journal line, so the rest of cigkit uses the ordinary TinyDB API at a flat cost per save.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from tinydb import TinyDB
from tinydb.queries import QueryLike
from tinydb.storages import Storage
from tinydb.table import Document, Table

if TYPE_CHECKING:
    from .store import Store


class MergedStorage(Storage):
    """Read-only view of the store's live records, keyed by table and record id."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def read(self) -> dict[str, dict[str, Any]]:
        return self.store.live

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        raise NotImplementedError(
            "cigkit writes record by record through RecordTable; whole-database writes "
            "(drop_tables, truncate) are not supported"
        )


class RecordTable(Table):
    """A TinyDB table whose writes are durable journal appends; doc ids are record UUIDs."""

    document_id_class = str  # type: ignore[assignment]

    @property
    def _store(self) -> Store:
        storage = self._storage
        assert isinstance(storage, MergedStorage)
        return storage.store

    def insert(self, document: Mapping) -> str:  # type: ignore[override]
        saved = self._store.put(self.name, dict(document))
        self.clear_cache()
        return str(saved["id"])

    def insert_multiple(self, documents: Iterable[Mapping]) -> list[str]:  # type: ignore[override]
        return [self.insert(doc) for doc in documents]

    def _matching(self, cond: QueryLike | None, doc_ids: Iterable[Any] | None) -> list[Document]:
        if doc_ids is not None:
            table = self._read_table()
            return [Document(table[i], i) for i in doc_ids if i in table]
        if cond is None:
            return self.all()
        return self.search(cond)

    def update(  # type: ignore[override]
        self,
        fields: Mapping | Callable[[Mapping], None],
        cond: QueryLike | None = None,
        doc_ids: Iterable[Any] | None = None,
    ) -> list[str]:
        changed = []
        for doc in self._matching(cond, doc_ids):
            new = dict(doc)
            if callable(fields):
                fields(new)
            else:
                new.update(fields)
            self._store.put(self.name, new)
            changed.append(str(doc.doc_id))
        self.clear_cache()
        return changed

    def update_multiple(  # type: ignore[override]
        self, updates: Iterable[tuple[Mapping | Callable[[Mapping], None], QueryLike]]
    ) -> list[str]:
        changed: list[str] = []
        for fields, cond in updates:
            changed.extend(self.update(fields, cond))
        return changed

    def upsert(self, document: Mapping, cond: QueryLike | None = None) -> list[str]:  # type: ignore[override]
        if cond is None and "id" in document:
            if document["id"] in self._read_table():
                return self.update(document, doc_ids=[document["id"]])
            return [self.insert(document)]
        if cond is not None:
            updated = self.update(document, cond)
            if updated:
                return updated
        return [self.insert(document)]

    def remove(  # type: ignore[override]
        self, cond: QueryLike | None = None, doc_ids: Iterable[Any] | None = None
    ) -> list[str]:
        if cond is None and doc_ids is None:
            raise RuntimeError("Use truncate() to remove all documents")
        removed = []
        for doc in self._matching(cond, doc_ids):
            self._store.put(self.name, {**doc, "deleted": True})
            removed.append(str(doc.doc_id))
        self.clear_cache()
        return removed

    def truncate(self) -> None:
        raise NotImplementedError("cigkit never truncates a table; remove() leaves tombstones")

    def _update_table(self, updater: Callable[[dict[Any, Mapping]], None]) -> None:
        raise NotImplementedError("cigkit writes record by record through the journal")


class CigkitDB(TinyDB):
    """TinyDB wired to the journal store."""

    table_class = RecordTable
    default_storage_class = MergedStorage  # type: ignore[assignment]
