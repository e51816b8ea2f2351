"""The store interface both backends implement, and opening one by path or URI."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from jobfit.index.filters import Filter
from jobfit.index.records import Kind, StoredDocument

__all__ = ["Store", "default_index_path", "open_store", "store_stats"]


class Store(Protocol):
    """Where stored resumes and postings live. Every write is one atomic commit."""

    uri: str

    def meta(self) -> dict[str, Any] | None:
        """The store's model and layout, or ``None`` for a new store."""

    def set_meta(self, meta: dict[str, Any]) -> None: ...

    def upsert(
        self,
        kind: Kind,
        records: Sequence[StoredDocument],
        search: NDArray[np.float32],
        staged: bool = False,
    ) -> None:
        """Inserts or replaces ``records`` (by id) with their search vectors, in one commit;
        ``staged`` writes to the tables a rebuild is filling instead."""

    def close(self) -> None:
        """Releases what the store holds open."""

    def begin_rebuild(self) -> None:
        """Drops the staged tables of an earlier rebuild that did not commit."""

    def commit_rebuild(self, meta: dict[str, Any]) -> None:
        """Replaces every kind's documents by the staged ones and records ``meta``, so that
        a reader sees the old store or the new one, and a rebuild killed at any point
        leaves one of the two."""

    def reset(self, kind: Kind) -> None:
        """Drops every stored document of ``kind``."""

    def delete(self, kind: Kind, ids: Sequence[str]) -> int:
        """Deletes ``ids``; returns how many were stored."""

    def get(self, kind: Kind, ids: Sequence[str], light: bool = False) -> list[StoredDocument]:
        """The stored records of ``ids`` that exist, in the order asked; ``light`` reads only
        what scoring needs (`LIGHT`: no text, profile or metadata)."""

    def hashes(self, kind: Kind) -> dict[str, str]:
        """Every stored id and its content hash."""

    def page(
        self, kind: Kind, where: Filter | None = None, limit: int = 100, offset: int = 0
    ) -> list[StoredDocument]:
        """Stored records by id, paged."""

    def count(self, kind: Kind, where: Filter | None = None) -> int: ...

    def search(
        self,
        kind: Kind,
        query: NDArray[np.float32],
        k: int,
        where: Filter | None = None,
        wide: int | None = None,
    ) -> list[StoredDocument]:
        """The ``k`` records with the largest inner product of their search vector with
        ``query``, among those ``where`` admits (the filter runs inside the search), read
        light (`LIGHT`: what exact rescoring needs, no text). A store that answers from an
        in-memory index returns ``wide`` (more than ``k``) instead, since there more
        candidates for exact rescoring cost little; the others ignore it."""

    def search_vectors(self, kind: Kind, ids: Sequence[str]) -> NDArray[np.float32]:
        """The stored search vectors of ``ids`` (for verification)."""


def store_stats(store: Store) -> dict[str, Any]:
    """A store's location, model and sizes (no model is loaded to say so)."""
    meta = store.meta() or {}
    return {
        "store": store.uri,
        "model": meta.get("model"),
        "weights_hash": meta.get("weights_hash"),
        "resumes": store.count("resume"),
        "jobs": store.count("job"),
    }


def default_index_path() -> Path:
    """``$JOBFIT_HOME/index`` (``~/.cache/jobfit/index`` when unset)."""
    from jobfit.config import jobfit_home

    return Path(jobfit_home()) / "index"


def open_store(location: str | Path | None = None) -> Store:
    """The store at ``location``: a directory (LanceDB, embedded, the default), a ``.db``
    file (Milvus Lite) or an ``http(s)://host:19530`` URI (a Milvus server or cluster).

    Example:
        >>> import tempfile
        >>> open_store(tempfile.mkdtemp()).uri.startswith("lancedb:")
        True
    """
    where = str(location) if location is not None else str(default_index_path())
    if where.startswith(("http://", "https://", "tcp://")) or where.endswith(".db"):
        from jobfit.index.milvus_store import MilvusStore

        return MilvusStore(where)
    from jobfit.index.lance_store import LanceStore

    return LanceStore(Path(where))
