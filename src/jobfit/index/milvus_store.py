"""The Milvus backend: a Milvus Lite file for local use and tests, or a Milvus server/cluster.

Selected by URI: ``path/to/store.db`` (Milvus Lite, started by ``pymilvus`` in-process) or
``http://host:19530``. Each kind is a collection (``jobfit_jobs``, ``jobfit_resumes``) with
an exact (FLAT, inner product) index on the search vectors; the store's model and layout
sit in a one-row ``jobfit_meta`` collection. Texts over Milvus's 65,535-byte limit are
stored compressed; one that is still too long is refused with the fix.
"""

from __future__ import annotations

import base64
import json
import logging
import zlib
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from jobfit.errors import IndexError_
from jobfit.index.filters import Filter
from jobfit.index.records import LIGHT, PROMOTED, Kind, StoredDocument, from_row, to_row

__all__ = ["MilvusStore"]

_COLLECTIONS: dict[str, str] = {"resume": "jobfit_resumes", "job": "jobfit_jobs"}
_NEXT = "__next"
"""Suffix of the collections a rebuild writes before they replace the store's."""
_META = "jobfit_meta"
_MAX_TEXT = 65_535
_ZIP = "zlib:"
_FIELDS = (
    "id",
    "text",
    "content_hash",
    "model",
    "weights_hash",
    "current_title",
    "occupation_label",
    "profile",
    "metadata",
    "title",
    "company",
    "location",
    "source",
    "occ_idx",
    "occ_p",
    "tags",
    "added",
    "updated",
)
"""The scalar fields read back (vectors only where asked)."""


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _pack(text: str, doc_id: str) -> str:
    if len(text.encode("utf-8")) < _MAX_TEXT and not text.startswith(_ZIP):
        return text
    packed = _ZIP + base64.b64encode(zlib.compress(text.encode("utf-8"), 9)).decode("ascii")
    if len(packed) >= _MAX_TEXT:
        raise IndexError_(
            f"document {doc_id!r} is too long for the Milvus backend ({len(text):,} characters); "
            "add it with a lower --max-chars, or use the embedded store"
        )
    return packed


def _unpack(text: str) -> str:
    if text.startswith(_ZIP):
        return zlib.decompress(base64.b64decode(text[len(_ZIP) :])).decode("utf-8")
    return text


class MilvusStore:
    """Resumes and postings in Milvus collections.

    Example:
        >>> import tempfile, pathlib
        >>> s = MilvusStore(str(pathlib.Path(tempfile.mkdtemp()) / "jobs.db"))
        >>> s.meta() is None, s.count("job")
        (True, 0)
    """

    def __init__(self, uri: str) -> None:
        from pymilvus import MilvusClient

        # Milvus Lite lacks the server's timestamp call: pymilvus warns and its in-process gRPC
        # server logs a traceback on every query, though the client falls back correctly.
        logging.getLogger("pymilvus").setLevel(logging.ERROR)
        logging.getLogger("grpc._server").setLevel(logging.CRITICAL)
        self.uri = uri
        self._loaded: set[str] = set()
        try:
            self.client = MilvusClient(uri)
        except Exception as err:  # pymilvus raises its own types for a bad URI or server
            raise IndexError_(
                f"cannot open the Milvus store {uri!r} ({type(err).__name__}: {err}); give a "
                "path ending in .db for Milvus Lite or http://host:19530 for a server"
            ) from err
        if self._swap_pending() is not None:
            self._finish_swap()

    def _has(self, name: str) -> bool:
        """Whether collection ``name`` exists, loaded for queries (a reopened store's are not)."""
        if name in self._loaded:
            return True
        if not self.client.has_collection(name):
            return False
        self.client.load_collection(name)
        self._loaded.add(name)
        return True

    def meta(self) -> dict[str, Any] | None:
        if not self._has(_META):
            return None
        rows = self.client.query(_META, filter='id == "meta"', output_fields=["value"])
        return json.loads(rows[0]["value"]) if rows else None

    def set_meta(self, meta: dict[str, Any], key: str = "meta") -> None:
        from pymilvus import DataType

        if not self.client.has_collection(_META):
            schema = self.client.create_schema(auto_id=False, enable_dynamic_field=False)
            schema.add_field("id", DataType.VARCHAR, is_primary=True, max_length=16)
            schema.add_field("value", DataType.VARCHAR, max_length=_MAX_TEXT)
            schema.add_field("dummy", DataType.FLOAT_VECTOR, dim=2)
            index = self.client.prepare_index_params()
            index.add_index(field_name="dummy", index_type="FLAT", metric_type="IP")
            self.client.create_collection(_META, schema=schema, index_params=index)
        row = {"id": key, "value": json.dumps(meta, sort_keys=True), "dummy": [0.0, 0.0]}
        self.client.upsert(_META, [row])

    def close(self) -> None:
        """Releases the connection (Milvus Lite: the file, for another process)."""
        self.client.close()

    def _swap_pending(self) -> dict[str, Any] | None:
        if not self._has(_META):
            return None
        rows = self.client.query(_META, filter='id == "rebuild"', output_fields=["value"])
        return json.loads(rows[0]["value"]) if rows else None

    def begin_rebuild(self) -> None:
        """Drops what an earlier, unfinished rebuild staged."""
        for name in _COLLECTIONS.values():
            if self.client.has_collection(name + _NEXT):
                self.client.drop_collection(name + _NEXT)
            self._loaded.discard(name + _NEXT)

    def commit_rebuild(self, meta: dict[str, Any]) -> None:
        """Makes the staged collections the store's, with ``meta``: a "rebuild" row in the
        meta collection is the commit point, and the swap it names is finished by the next
        open if this one is stopped."""
        self.set_meta(meta, key="rebuild")
        self._finish_swap()

    def _finish_swap(self) -> None:
        meta = self._swap_pending()
        assert meta is not None
        for name in _COLLECTIONS.values():
            if self.client.has_collection(name + _NEXT):
                if self.client.has_collection(name):
                    self.client.drop_collection(name)
                self.client.rename_collection(name + _NEXT, name)
            elif self.client.has_collection(name):
                self.client.drop_collection(name)  # nothing of this kind was staged
            self._loaded.discard(name)
            self._loaded.discard(name + _NEXT)
        self.set_meta(meta)
        self.client.delete(_META, ids=["rebuild"])

    def _ensure(self, kind: Kind, dim: int, search_dim: int, staged: bool = False) -> str:
        from pymilvus import DataType

        name = _COLLECTIONS[kind] + (_NEXT if staged else "")
        if self._has(name):
            return name
        schema = self.client.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("id", DataType.VARCHAR, is_primary=True, max_length=1024)
        for field in ("text", "profile", "metadata"):
            schema.add_field(field, DataType.VARCHAR, max_length=_MAX_TEXT)
        for field in ("content_hash", "model", "weights_hash", "current_title", "occupation_label"):
            schema.add_field(field, DataType.VARCHAR, max_length=2048)
        for field in PROMOTED:
            schema.add_field(field, DataType.VARCHAR, max_length=2048)
        schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
        schema.add_field("search", DataType.FLOAT_VECTOR, dim=search_dim)
        schema.add_field("occ_idx", DataType.ARRAY, element_type=DataType.INT32, max_capacity=64)
        schema.add_field("occ_p", DataType.ARRAY, element_type=DataType.FLOAT, max_capacity=64)
        schema.add_field(
            "tags", DataType.ARRAY, element_type=DataType.VARCHAR, max_capacity=64, max_length=256
        )
        schema.add_field("added", DataType.INT64)
        schema.add_field("updated", DataType.INT64)
        index = self.client.prepare_index_params()
        index.add_index(field_name="search", index_type="FLAT", metric_type="IP")
        index.add_index(field_name="vector", index_type="FLAT", metric_type="IP")
        self.client.create_collection(name, schema=schema, index_params=index)
        return name

    def upsert(
        self,
        kind: Kind,
        records: Sequence[StoredDocument],
        search: NDArray[np.float32],
        staged: bool = False,
    ) -> None:
        if not records:
            return
        rows = []
        for i, r in enumerate(records):
            row = to_row(r, search[i])
            row["text"] = _pack(row["text"], r.id)
            for field in ("profile", "metadata"):
                if len(row[field].encode("utf-8")) >= _MAX_TEXT:
                    row[field] = _pack(row[field], r.id)
            rows.append(row)
        name = self._ensure(kind, len(rows[0]["vector"]), search.shape[1], staged)
        self.client.upsert(name, rows)

    def reset(self, kind: Kind) -> None:
        if self.client.has_collection(_COLLECTIONS[kind]):
            self.client.drop_collection(_COLLECTIONS[kind])
        self._loaded.discard(_COLLECTIONS[kind])

    def delete(self, kind: Kind, ids: Sequence[str]) -> int:
        name = _COLLECTIONS[kind]
        if not ids or not self._has(name):
            return 0
        found = len(self.get(kind, ids))
        self.client.delete(name, ids=list(ids))
        return found

    def purge(self, kind: Kind) -> None:
        """Asks Milvus to compact the collection, which drops deleted rows from its
        segments (Milvus runs the compaction in the background)."""
        name = _COLLECTIONS[kind]
        if self._has(name):
            self.client.flush(name)
            self.client.compact(name)

    def _query(
        self, kind: Kind, expr: str, vectors: bool = False, light: bool = False
    ) -> list[dict[str, Any]]:
        name = _COLLECTIONS[kind]
        if not self._has(name):
            return []
        fields = list(LIGHT) if light else [*_FIELDS, "vector"] if vectors else list(_FIELDS)
        rows: list[dict[str, Any]] = []
        iterator = self.client.query_iterator(
            name, batch_size=1000, filter=expr, output_fields=fields
        )
        while batch := iterator.next():
            rows.extend(dict(r) for r in batch)
        iterator.close()
        for r in rows:
            if light:
                r.update(text="", content_hash="", model="", weights_hash="", profile="{}")
                r["metadata"] = "{}"
                continue
            r["text"] = _unpack(r["text"])
            r["profile"], r["metadata"] = _unpack(r["profile"]), _unpack(r["metadata"])
        return rows

    def get(self, kind: Kind, ids: Sequence[str], light: bool = False) -> list[StoredDocument]:
        if not ids:
            return []
        expr = f"id in [{', '.join(_quote(i) for i in ids)}]"
        rows = self._query(kind, expr, vectors=True, light=light)
        by_id = {r["id"]: from_row(r, kind) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    def hashes(self, kind: Kind) -> dict[str, str]:
        return {r["id"]: r["content_hash"] for r in self._query(kind, 'id != ""')}

    def page(
        self, kind: Kind, where: Filter | None = None, limit: int = 100, offset: int = 0
    ) -> list[StoredDocument]:
        rows = self._query(kind, where.milvus() if where else 'id != ""')
        rows.sort(key=lambda r: r["id"])
        return [from_row(r, kind) for r in rows[offset : offset + limit]]

    def count(self, kind: Kind, where: Filter | None = None) -> int:
        name = _COLLECTIONS[kind]
        if not self._has(name):
            return 0
        rows = self.client.query(
            name, filter=where.milvus() if where else 'id != ""', output_fields=["count(*)"]
        )
        return int(rows[0]["count(*)"])

    def search(
        self,
        kind: Kind,
        query: NDArray[np.float32],
        k: int,
        where: Filter | None = None,
        wide: int | None = None,
    ) -> list[StoredDocument]:
        name = _COLLECTIONS[kind]
        if k < 1 or not self._has(name):
            return []
        hits = self.client.search(
            name,
            data=[query.astype(np.float32).tolist()],
            anns_field="search",
            limit=min(k, 16_384),
            filter=where.milvus() if where else "",
            search_params={"metric_type": "IP"},
            output_fields=list(LIGHT),
        )
        rows = [dict(h["entity"], id=h["id"]) for h in hits[0]]
        for r in rows:
            r.update(text="", content_hash="", model="", weights_hash="", profile="{}")
            r["metadata"] = "{}"
        return [from_row(r, kind) for r in rows]

    def search_vectors(self, kind: Kind, ids: Sequence[str]) -> NDArray[np.float32]:
        name = _COLLECTIONS[kind]
        if not self._has(name):
            return np.zeros((0, 0), dtype=np.float32)
        rows = self.client.get(name, ids=list(ids), output_fields=["id", "search"])
        by_id = {r["id"]: r["search"] for r in rows}
        return np.asarray([by_id[i] for i in ids], dtype=np.float32)
