"""The embedded default store: LanceDB tables in a directory, no server.

Each write is one LanceDB commit (a new table version), so a reader sees a batch whole or
not at all, and a write killed half way leaves the last committed version readable. Writers
take an exclusive lock on ``DIR/.lock``; a second writer gets "store is busy" at once.

Once `build_ann` has run for a kind, an in-memory index (`jobfit.index.graph`, files in
``DIR/graph/<kind>/``) answers its unfiltered searches, as long as its files reflect the
table's committed version; every write here records its change there after committing.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import math
import os
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from jobfit.errors import IndexError_
from jobfit.index.filters import Filter
from jobfit.index.graph import GraphIndex, Rows
from jobfit.index.records import LIGHT, PROMOTED, Kind, StoredDocument, from_row, to_row

__all__ = ["LanceStore"]

logger = logging.getLogger(__name__)

_TABLES: dict[str, str] = {"resume": "resumes", "job": "jobs"}
_META = "meta.json"
_SWAP = "rebuild.json"
"""Written when a rebuild's new tables are complete: the swap it names is then finished by
whoever opens the store next, if the rebuild itself was stopped before it finished."""
_NEXT, _OLD = "__next", "__old"


def _records(table: Any, kind: Kind) -> list[StoredDocument]:
    """Light records from an Arrow table, vectors converted in one numpy step (a Python list
    per vector costs more than the search itself)."""
    if table.num_rows == 0:
        return []
    vectors = table.column("vector").combine_chunks()
    dim = vectors.type.list_size
    flat = vectors.flatten().to_numpy(zero_copy_only=False).astype(np.float32, copy=False)
    matrix = flat.reshape(-1, dim)
    rows = table.drop(["vector"]).to_pylist()
    return [replace(from_row(_light(r), kind), vector=matrix[i]) for i, r in enumerate(rows)]


def _light(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "text": "", "content_hash": "", "model": "", "weights_hash": ""}


def _partitions(rows: int) -> int:
    """IVF partitions of the approximate index: one per 20,000 rows."""
    return max(1, rows // 20_000)


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


class LanceStore:
    """Resumes and postings in LanceDB tables under ``root``.

    Example:
        >>> import tempfile
        >>> s = LanceStore(Path(tempfile.mkdtemp()) / "idx")
        >>> s.meta() is None, s.count("job")
        (True, 0)
    """

    probe_fraction: float | None = None
    """Share of the approximate index's partitions a search visits (``None``: LanceDB's
    default); see benchmarks/index_speed.py --probes."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.uri = f"lancedb:{self.root}"
        if self.root.exists() and not self.root.is_dir():
            raise IndexError_(f"{self.root} is a file, not an index directory; pass a directory")
        self._db: Any = None
        self._graphs: dict[str, GraphIndex] = {}
        if (self.root / _SWAP).is_file():
            try:
                with self._writing():
                    self._finish_swap()
            except IndexError_:
                pass  # a writer holds the store: it finishes the swap itself

    @property
    def db(self) -> Any:
        if self._db is None:
            import lancedb

            self.root.mkdir(parents=True, exist_ok=True)
            self._db = lancedb.connect(str(self.root))
        return self._db

    def _table(self, kind: Kind, staged: bool = False) -> Any | None:
        name = _TABLES[kind] + (_NEXT if staged else "")
        if not (self.root / f"{name}.lance").exists():
            return None
        return self.db.open_table(name)

    def _graph_dir(self, kind: Kind) -> Path:
        return self.root / "graph" / kind

    def _table_key(self, kind: Kind) -> str:
        """Tells this table from one that replaced it (a rebuild starts versions anew)."""
        return str((self.root / f"{_TABLES[kind]}.lance").stat().st_ino)

    def _record(
        self,
        kind: Kind,
        table: Any,
        before: int,
        upserted: Rows | None = None,
        deleted: Sequence[str] = (),
    ) -> None:
        """Writes what a committed write changed to the in-memory index's files (the lock
        is held), and builds it anew when those changes have grown large."""
        directory, key = self._graph_dir(kind), self._table_key(kind)
        if directory.is_dir() and GraphIndex.record(
            directory, key, before, table.version, upserted, deleted
        ):
            self._build_graph(kind, table)

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / ".lock").open("a") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as err:
                raise IndexError_(
                    f"store {self.root} is busy: another process is writing to it; retry when "
                    "it has finished"
                ) from err
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def meta(self) -> dict[str, Any] | None:
        path = self.root / _META
        if not path.is_file():
            return None
        try:
            meta: dict[str, Any] = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError) as err:
            raise IndexError_(
                f"{path} is unreadable ({err}); run `jobfit index rebuild --index {self.root}`"
            ) from err
        return meta

    def set_meta(self, meta: dict[str, Any]) -> None:
        with self._writing():
            self.root.mkdir(parents=True, exist_ok=True)
            tmp = self.root / f"{_META}.tmp"
            tmp.write_text(json.dumps(meta, indent=2, sort_keys=True), "utf-8")
            os.replace(tmp, self.root / _META)

    def _arrow(self, rows: list[dict[str, Any]], dim: int, search_dim: int) -> Any:
        import pyarrow as pa

        strings = ["id", "text", "content_hash", "model", "weights_hash", "current_title"]
        strings += ["occupation_label", "profile", "metadata", *PROMOTED]
        fields = [pa.field(name, pa.string()) for name in strings]
        fields += [
            pa.field("vector", pa.list_(pa.float32(), dim)),
            pa.field("search", pa.list_(pa.float32(), search_dim)),
            pa.field("occ_idx", pa.list_(pa.int32())),
            pa.field("occ_p", pa.list_(pa.float32())),
            pa.field("tags", pa.list_(pa.string())),
            pa.field("added", pa.int64()),
            pa.field("updated", pa.int64()),
        ]
        schema = pa.schema(fields)
        return pa.Table.from_pylist(rows, schema=schema)

    def upsert(
        self,
        kind: Kind,
        records: Sequence[StoredDocument],
        search: NDArray[np.float32],
        staged: bool = False,
    ) -> None:
        if not records:
            return
        rows = [to_row(r, search[i]) for i, r in enumerate(records)]
        data = self._arrow(rows, len(rows[0]["vector"]), search.shape[1])
        with self._writing():
            table = self._table(kind, staged)
            if table is None:
                self.db.create_table(_TABLES[kind] + (_NEXT if staged else ""), data)
                return
            before = table.version
            (
                table.merge_insert("id")
                .when_matched_update_all()
                .when_not_matched_insert_all()
                .execute(data)
            )
            if not staged:
                self._record(kind, table, before, Rows.of(records, search))

    def build_ann(self, kind: Kind, graph: bool = True) -> None:
        """Builds (or rebuilds) an approximate index on the search vectors: IVF partitions
        with HNSW graphs over 8-bit scalar-quantised vectors, inner product. Rows added later
        are searched exactly beside it until the next build. A B-tree on ``id`` makes reading
        records by id a lookup, not a scan. With ``graph``, then builds the in-memory index
        too (`build_graph`)."""
        table = self._table(kind)
        if table is None:
            return
        with self._writing():
            before = table.version
            from lancedb.index import BTree, HnswSq

            parts = _partitions(table.count_rows())
            table.create_index("search", config=HnswSq(distance_type="dot", num_partitions=parts))
            table.create_index("id", config=BTree())  # reading hits by id: no full scan
            self._record(kind, table, before)
        if graph:
            self.build_graph(kind)

    def build_graph(self, kind: Kind) -> None:
        """Builds (or rebuilds) the in-memory index of ``kind`` from the committed table."""
        table = self._table(kind)
        if table is None:
            return
        with self._writing():
            self._build_graph(kind, table)

    def _build_graph(self, kind: Kind, table: Any) -> None:
        columns = ["id", "search", "vector", "occ_idx", "occ_p", "occupation_label"]
        rows, dim = Rows.from_arrow(table.to_lance().to_table(columns=columns))
        GraphIndex.build(self._graph_dir(kind), rows, self._table_key(kind), table.version, dim)

    def close(self) -> None:
        """Drops the connection (nothing is held open between calls)."""
        self._db = None

    def begin_rebuild(self) -> None:
        """Drops what an earlier, unfinished rebuild staged."""
        with self._writing():
            for name in _TABLES.values():
                shutil.rmtree(self.root / f"{name}{_NEXT}.lance", ignore_errors=True)

    def commit_rebuild(self, meta: dict[str, Any]) -> None:
        """Makes the staged tables the store's, with ``meta``. The marker file is the commit
        point: killed before it, the old tables stay; after it, the swap is finished by
        the next open."""
        with self._writing():
            tmp = self.root / f"{_SWAP}.tmp"
            tmp.write_text(json.dumps(meta, indent=2, sort_keys=True), "utf-8")
            os.replace(tmp, self.root / _SWAP)
            self._finish_swap()

    def _finish_swap(self) -> None:
        """Each staged table replaces its kind's (idempotent; the lock is held)."""
        meta = json.loads((self.root / _SWAP).read_text("utf-8"))
        GraphIndex.drop(self.root / "graph")  # built from the tables being replaced
        for name in _TABLES.values():
            main, nxt = self.root / f"{name}.lance", self.root / f"{name}{_NEXT}.lance"
            old = self.root / f"{name}{_OLD}.lance"
            if nxt.exists():
                if main.exists():
                    shutil.rmtree(old, ignore_errors=True)
                    os.rename(main, old)
                os.rename(nxt, main)
            elif main.exists() and not old.exists():
                # no document of this kind was staged: the kind is now empty
                os.rename(main, old)
        tmp = self.root / f"{_META}.tmp"
        tmp.write_text(json.dumps(meta, indent=2, sort_keys=True), "utf-8")
        os.replace(tmp, self.root / _META)
        for name in _TABLES.values():
            shutil.rmtree(self.root / f"{name}{_OLD}.lance", ignore_errors=True)
        (self.root / _SWAP).unlink()
        self._db = None  # table handles of the old tables are stale

    def reset(self, kind: Kind) -> None:
        if self._table(kind) is not None:
            with self._writing():
                GraphIndex.drop(self._graph_dir(kind))
                self.db.drop_table(_TABLES[kind])

    def delete(self, kind: Kind, ids: Sequence[str]) -> int:
        table = self._table(kind)
        if table is None or not ids:
            return 0
        where = f"id IN ({', '.join(_quote(i) for i in ids)})"
        with self._writing():
            n = table.count_rows(where)
            before = table.version
            table.delete(where)
            self._record(kind, table, before, deleted=ids)
        return int(n)

    def purge(self, kind: Kind) -> None:
        """Rewrites the data files that hold deleted rows without them and removes every
        older table version, so deleted (and superseded) texts and vectors are gone from
        disk; the approximate index is kept."""
        import datetime as dt

        table = self._table(kind)
        if table is None:
            return
        with self._writing():
            before = table.version
            table.compact_files(materialize_deletions=True, materialize_deletions_threshold=0.0)
            table.cleanup_old_versions(dt.timedelta(0), delete_unverified=True)
            self._record(kind, table, before)

    def _rows(
        self, kind: Kind, where: str | None, columns: list[str] | None = None
    ) -> list[dict[str, Any]]:
        table = self._table(kind)
        if table is None:
            return []
        query = table.search().where(where) if where else table.search()
        if columns is not None:
            query = query.select(columns)
        rows: list[dict[str, Any]] = query.limit(None).to_arrow().to_pylist()
        return rows

    def get(self, kind: Kind, ids: Sequence[str], light: bool = False) -> list[StoredDocument]:
        if not ids:
            return []
        where = f"id IN ({', '.join(_quote(i) for i in ids)})"
        rows = self._rows(kind, where, list(LIGHT) if light else None)
        if light:
            rows = [_light(r) for r in rows]
        by_id = {r["id"]: from_row(r, kind) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    def hashes(self, kind: Kind) -> dict[str, str]:
        return {r["id"]: r["content_hash"] for r in self._rows(kind, None, ["id", "content_hash"])}

    def page(
        self, kind: Kind, where: Filter | None = None, limit: int = 100, offset: int = 0
    ) -> list[StoredDocument]:
        rows = self._rows(kind, where.lance() if where else None)
        rows.sort(key=lambda r: r["id"])
        return [from_row(r, kind) for r in rows[offset : offset + limit]]

    def count(self, kind: Kind, where: Filter | None = None) -> int:
        table = self._table(kind)
        if table is None:
            return 0
        return int(table.count_rows(where.lance() if where else None))

    def search(
        self,
        kind: Kind,
        query: NDArray[np.float32],
        k: int,
        where: Filter | None = None,
        wide: int | None = None,
    ) -> list[StoredDocument]:
        table = self._table(kind)
        if table is None or k < 1:
            return []
        graph = self._graph(kind, table) if where is None else None
        if graph is not None:
            hits = graph.search(query, max(k, wide or k))
            if len(hits) >= min(k, len(graph)):
                return hits
        q = (
            table.search(query.astype(np.float32), vector_column_name="search")
            .metric("dot")
            .select([*LIGHT, "_distance"])
            .limit(k)
        )
        if self.probe_fraction is not None:
            q = q.nprobes(max(1, math.ceil(_partitions(table.count_rows()) * self.probe_fraction)))
        if where is not None:
            q = q.where(where.lance(), prefilter=True)
        return _records(q.to_arrow(), kind)

    def _graph(self, kind: Kind, table: Any) -> GraphIndex | None:
        """The in-memory index of ``kind`` when it reflects ``table``'s committed version."""
        directory = self._graph_dir(kind)
        if not (directory / "manifest.json").is_file():
            return None
        graph = self._graphs.setdefault(kind, GraphIndex(directory, kind))
        if graph.refresh(self._table_key(kind), table.version):
            return graph
        logger.info("in-memory index of %s(s) is stale; searching the table", kind)
        return None

    def search_vectors(self, kind: Kind, ids: Sequence[str]) -> NDArray[np.float32]:
        if not ids:
            return np.zeros((0, 0), dtype=np.float32)
        rows = self._rows(kind, f"id IN ({', '.join(_quote(i) for i in ids)})", ["id", "search"])
        by_id = {r["id"]: r["search"] for r in rows}
        return np.asarray([by_id[i] for i in ids], dtype=np.float32)
