"""The in-memory search index kept beside the embedded store (faiss), and its files.

A `GraphIndex` holds, for one kind, every stored document's search vector in a faiss index
plus what exact rescoring reads (id, occupation distribution and label; the document
vector is the search vector's head), so a query needs no read from the tables. Its files
live in ``DIR/graph/<kind>/``:

- ``base-<V>-<t>.faiss`` and ``.npz``: the index and the rows as of store version V;
- ``delta-<A>-<B>.npz``: what the write that took the store from version A to B changed
  (rows upserted, ids deleted; none for a compaction);
- ``manifest.json``: names the base, its version and the table it was built from. It is
  written last, so a build killed half way leaves the previous manifest (or none).

Each file is written to a temporary name and moved into place (`os.replace`). A reader
loads the base, replays the chain of deltas from its version, and uses the result only if
the chain ends at the store's committed version; otherwise (a write that crashed between
its commit and its delta, a table replaced by a rebuild) the caller searches the store
instead until the next `build`. Rows replaced or deleted stay in the faiss index, masked
by an ID selector.
"""

from __future__ import annotations

import json
import logging
import math
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from jobfit.errors import DependencyError
from jobfit.index.records import Kind, StoredDocument

__all__ = ["MIN_PROBES", "PROBE_SHARE", "GraphIndex", "Rows", "graph_candidates"]

logger = logging.getLogger(__name__)

PROBE_SHARE = 1 / 32
"""Share of the IVF lists a query visits, and at least `MIN_PROBES` of them
(benchmarks/index_speed.py: recall@10 >= 0.99 at 100k and at 1M)."""
MIN_PROBES = 64
"""Fewest IVF lists a query visits: at 100k documents (1,264 lists) 1/32 alone, 40 lists,
gave recall@10 0.991; 1/16 (79) gave 0.997."""
_MANIFEST = "manifest.json"


def graph_candidates(k: int) -> int:
    """How many candidates the in-memory index returns for exact rescoring when ``k`` are
    asked for: more than the store's `candidates`, since they cost little here and the
    search vector's truncated occupation term needs them at 1M documents."""
    return max(50 * k, 500)


def _faiss() -> Any:
    try:
        import faiss
    except ImportError as err:  # pragma: no cover - a dependency of jobfit
        raise DependencyError("the in-memory index needs faiss: pip install faiss-cpu") from err
    return faiss


@contextmanager
def _omp_threads(n: int) -> Iterator[None]:
    """Runs the block with ``n`` OpenMP threads and restores the count after. The setting
    is the calling thread's, and torch shares it when it loads the same OpenMP runtime:
    left at 1 after a search, every later torch encode in that thread ran on one core
    (tests/index/test_graph.py checks the restore)."""
    faiss = _faiss()
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(n)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


def _atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Writes ``path`` through a temporary file (synced) that then replaces it whole."""
    tmp = path.with_name(path.name + ".tmp")
    write(tmp)
    with tmp.open("rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, "utf-8")


class Rows:
    """The rows of a base or delta: ids, search vectors, occupation distributions (CSR:
    row ``i``'s are ``occ_idx[ptr[i]:ptr[i + 1]]``) and occupation labels."""

    def __init__(
        self,
        ids: NDArray[np.str_],
        search: NDArray[np.float32],
        ptr: NDArray[np.int64],
        occ_idx: NDArray[np.int32],
        occ_p: NDArray[np.float32],
        labels: NDArray[np.str_],
    ) -> None:
        self.ids = ids
        self.search = np.ascontiguousarray(search, dtype=np.float32)
        self.ptr = ptr.astype(np.int64, copy=False)
        self.occ_idx = occ_idx.astype(np.int32, copy=False)
        self.occ_p = occ_p.astype(np.float32, copy=False)
        self.labels = labels

    @classmethod
    def of(cls, records: Sequence[StoredDocument], search: NDArray[np.float32]) -> Rows:
        """The rows of ``records`` with their search vectors."""
        lengths = [len(r.occ_idx) for r in records]
        return cls(
            np.asarray([r.id for r in records], dtype=str),
            search,
            np.concatenate([[0], np.cumsum(lengths, dtype=np.int64)]).astype(np.int64),
            np.asarray([x for r in records for x in r.occ_idx], dtype=np.int32),
            np.asarray([x for r in records for x in r.occ_p], dtype=np.float32),
            np.asarray([r.occupation_label for r in records], dtype=str),
        )

    @classmethod
    def from_arrow(cls, data: Any) -> tuple[Rows, int]:
        """The rows of an Arrow table of a store's columns (id, search, vector, occ_idx,
        occ_p, occupation_label), and the document vectors' dimension."""
        search = data.column("search").combine_chunks()
        occ_idx = data.column("occ_idx").combine_chunks()
        rows = cls(
            np.asarray(data.column("id").to_pylist(), dtype=str),
            search.flatten().to_numpy().reshape(len(data), search.type.list_size),
            occ_idx.offsets.to_numpy(),
            occ_idx.flatten().to_numpy(),
            data.column("occ_p").combine_chunks().flatten().to_numpy(),
            np.asarray(data.column("occupation_label").to_pylist(), dtype=str),
        )
        return rows, int(data.column("vector").type.list_size)

    def save(self, path: Path, vectors: bool = True, **extra: NDArray[Any]) -> None:
        """Writes the rows (and ``extra`` arrays) to ``path`` as uncompressed npz; without
        their search vectors when not ``vectors`` (a base's are in its faiss file)."""
        arrays = {k: v for k, v in vars(self).items() if isinstance(v, np.ndarray)}
        if not vectors:
            del arrays["search"]
        savez: Any = np.savez  # numpy's stubs do not type arrays passed by name
        with path.open("wb") as fh:
            savez(fh, **arrays, **extra)


class GraphIndex:
    """One kind's in-memory index, loaded from (and written to) ``directory``.

    Args:
        directory: ``DIR/graph/<kind>`` of a store.
        kind: The kind of the documents it holds.

    Example:
        >>> import tempfile
        >>> d = Path(tempfile.mkdtemp())
        >>> from jobfit.index.records import StoredDocument as Doc
        >>> docs = [Doc(i, "job", "", "", "", "", np.zeros(3), (0,), (1.0,), "", "", "")
        ...         for i in "abc"]
        >>> rows = Rows.of(docs, np.eye(3, dtype=np.float32))
        >>> GraphIndex.build(d, rows, table="t", version=4, vector_dim=3)
        >>> GraphIndex.record(d, "t", 4, 5, deleted=["b"])  # True: time to build anew
        True
        >>> g = GraphIndex(d, "job")
        >>> g.refresh("t", 5), [r.id for r in g.search(np.array([0, 1, .5], np.float32), 3)]
        (True, ['c', 'a'])
        >>> g.refresh("t", 6)  # the store moved on without a delta: not usable
        False
    """

    def __init__(self, directory: Path, kind: Kind) -> None:
        self.dir = Path(directory)
        self.kind: Kind = kind
        self.version = -1
        self._base = ""
        self._index: Any = None
        self._ids: list[str] = []
        self._row: dict[str, int] = {}
        self._dead: list[int] = []
        self._ptr = np.zeros(1, np.int64)
        self._occ_idx = np.zeros(0, np.int32)
        self._occ_p = np.zeros(0, np.float32)
        self._labels: list[str] = []
        self._vector_dim = 0
        self._params: Any = None
        self._table = ""
        self._lock = threading.Lock()  # a refresh changes what a search reads

    # -- writing ----------------------------------------------------------------------------
    @staticmethod
    def build(
        directory: Path,
        rows: Rows,
        table: str,
        version: int,
        vector_dim: int,
        lists: int | None = None,
    ) -> None:
        """Writes a new base of ``rows`` (the whole table at ``version``) and makes it the
        current one; earlier bases and deltas are removed. ``lists``: IVF lists (default
        ``4 sqrt(n)``, one list when there are under 1,000 rows)."""
        faiss = _faiss()
        directory.mkdir(parents=True, exist_ok=True)
        n, d = rows.search.shape
        nlist = lists or (1 if n < 1000 else int(4 * np.sqrt(n)))
        quantizer = faiss.IndexFlatIP(d)
        index = faiss.IndexIVFFlat(quantizer, d, nlist, faiss.METRIC_INNER_PRODUCT)
        index.cp.niter, index.cp.min_points_per_centroid = 10, 1
        index.cp.max_points_per_centroid = 64  # k-means on a sample: 64 rows per list
        with _omp_threads(len(os.sched_getaffinity(0))):
            index.train(rows.search)
            index.add(rows.search)
        name = f"base-{version}-{time.time_ns()}"  # a build never overwrites a base in use
        _atomic(directory / f"{name}.faiss", lambda p: faiss.write_index(index, str(p)))
        _atomic(directory / f"{name}.npz", lambda p: rows.save(p, vectors=False))
        manifest = {"base": name, "version": version, "table": table, "vector_dim": vector_dim}
        _atomic(directory / _MANIFEST, lambda p: _write_text(p, json.dumps(manifest)))
        for path in directory.iterdir():
            if path.name != _MANIFEST and not path.name.startswith(f"{name}."):
                path.unlink(missing_ok=True)

    @staticmethod
    def record(
        directory: Path,
        table: str,
        before: int,
        after: int,
        upserted: Rows | None = None,
        deleted: Sequence[str] = (),
    ) -> bool:
        """Writes the delta of one committed write (nothing when no index was built, or it
        was built from another table). Returns whether the deltas have grown to a quarter
        of the base's size, when a new `build` replays them once for all."""
        try:
            manifest = json.loads((directory / _MANIFEST).read_text("utf-8"))
        except (OSError, ValueError):
            return False
        if manifest.get("table") != table or before == after:
            return False
        rows = upserted if upserted is not None else Rows.of([], np.zeros((0, 1), np.float32))
        path = directory / f"delta-{before}-{after}.npz"
        _atomic(path, lambda p: rows.save(p, deleted=np.asarray(list(deleted), dtype=str)))
        size = {p.name: p.stat().st_size for p in directory.iterdir()}
        base = sum(v for k, v in size.items() if k.startswith(manifest["base"] + "."))
        return sum(v for k, v in size.items() if k.startswith("delta-")) > base / 4

    @staticmethod
    def drop(directory: Path) -> None:
        """Removes the index (its manifest first: a half-removed index is never used)."""
        (directory / _MANIFEST).unlink(missing_ok=True)
        shutil.rmtree(directory, ignore_errors=True)

    # -- reading ----------------------------------------------------------------------------
    def refresh(self, table: str, version: int) -> bool:
        """Brings the index in memory to the store's committed ``version`` of ``table``;
        ``False`` when its files cannot (then the store must be searched instead)."""
        with self._lock:
            return self._refresh(table, version)

    def _refresh(self, table: str, version: int) -> bool:
        if self._index is not None and (self._table, self.version) == (table, version):
            return True
        try:
            manifest = json.loads((self.dir / _MANIFEST).read_text("utf-8"))
            if manifest.get("table") != table or manifest["version"] > version:
                return False
            if manifest["base"] != self._base or self._table != table or self.version > version:
                self._load(manifest)
            while self.version < version:
                nxt = list(self.dir.glob(f"delta-{self.version}-*.npz"))
                if len(nxt) != 1:
                    return False
                self._apply(nxt[0])
        except (OSError, ValueError, KeyError, RuntimeError) as err:
            logger.info(
                "in-memory index of %s(s) unusable (%s); searching the store", self.kind, err
            )
            self._base, self._index, self.version = "", None, -1
            return False
        return self.version == version

    def _load(self, manifest: dict[str, Any]) -> None:
        faiss = _faiss()
        base = self.dir / manifest["base"]
        index = faiss.read_index(str(base.with_suffix(".faiss")))
        index.make_direct_map()
        with np.load(base.with_suffix(".npz")) as z:
            ids, ptr, occ_idx, occ_p, labels = (
                z[k] for k in ("ids", "ptr", "occ_idx", "occ_p", "labels")
            )
        self._index, self._base = index, manifest["base"]
        self._ids, self._labels = ids.tolist(), labels.tolist()
        self._row = {x: i for i, x in enumerate(self._ids)}
        self._ptr, self._occ_idx, self._occ_p = ptr, occ_idx, occ_p
        self._dead, self._params = [], None
        self._vector_dim = int(manifest["vector_dim"])
        self._table, self.version = str(manifest["table"]), int(manifest["version"])

    def _apply(self, path: Path) -> None:
        with np.load(path) as z:
            ids, search, ptr = z["ids"].tolist(), z["search"], z["ptr"]
            occ_idx, occ_p, labels, deleted = z["occ_idx"], z["occ_p"], z["labels"], z["deleted"]
        for doc_id in [*deleted.tolist(), *ids]:
            row = self._row.pop(doc_id, None)
            if row is not None:
                self._dead.append(row)
        if ids:
            start = len(self._ids)
            self._index.add(search.reshape(len(ids), -1))
            self._row.update((x, start + i) for i, x in enumerate(ids))
            self._ids += ids
            self._labels += labels.tolist()
            self._ptr = np.concatenate([self._ptr, self._ptr[-1] + ptr[1:]])
            self._occ_idx = np.concatenate([self._occ_idx, occ_idx])
            self._occ_p = np.concatenate([self._occ_p, occ_p])
        self._params = None
        self.version = int(path.stem.split("-")[2])

    def __len__(self) -> int:
        """Live rows (replaced and deleted ones not counted)."""
        return len(self._row)

    def search(
        self, query: NDArray[np.float32], k: int, share: float = PROBE_SHARE
    ) -> list[StoredDocument]:
        """The ``k`` live rows with the largest inner product with ``query`` (among those in
        the ``share`` of IVF lists nearest to it), as light records (id, vector, occupation
        distribution and label), best first."""
        with self._lock:
            if self._index is None or k < 1 or not self._row:
                return []
            rows, vectors = self._search(query, k, share)
            # read under the lock: a refresh replaces these arrays and extends the lists
            ptr, occ_idx, occ_p, ids, labels = (
                self._ptr,
                self._occ_idx,
                self._occ_p,
                self._ids,
                self._labels,
            )
        out = []
        for row, vector in zip(rows.tolist(), vectors, strict=True):
            a, b = int(ptr[row]), int(ptr[row + 1])
            out.append(
                StoredDocument(
                    id=ids[row],
                    kind=self.kind,
                    text="",
                    content_hash="",
                    model="",
                    weights_hash="",
                    vector=np.ascontiguousarray(vector),
                    occ_idx=tuple(occ_idx[a:b].tolist()),
                    occ_p=tuple(occ_p[a:b].tolist()),
                    current_title="",
                    occupation_label=labels[row],
                    profile="{}",
                )
            )
        return out

    def _search(
        self, query: NDArray[np.float32], k: int, share: float
    ) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
        """Row numbers of the ``k`` best live rows and their document vectors."""
        faiss = _faiss()
        nlist = self._index.nlist
        nprobe = min(nlist, max(MIN_PROBES, math.ceil(nlist * share)))
        if self._params is None or self._params.nprobe != nprobe:
            sel = None
            if self._dead:
                batch = faiss.IDSelectorBatch(np.asarray(self._dead, np.int64))
                sel = faiss.IDSelectorNot(batch)
                self._selector = (batch, sel)  # the parameters do not keep them alive
            self._params = faiss.SearchParametersIVF(sel=sel, nprobe=nprobe)
        # one query on one thread: OpenMP workers waiting on a busy core cost more than they
        # save (40 ms instead of 1 ms at 1M)
        with _omp_threads(1):
            _, labels = self._index.search(
                query.reshape(1, -1).astype(np.float32), k, params=self._params
            )
        rows = labels[0][labels[0] >= 0]
        if not len(rows):
            return rows, np.zeros((0, self._vector_dim), np.float32)
        return rows, self._index.reconstruct_batch(rows)[:, : self._vector_dim]
