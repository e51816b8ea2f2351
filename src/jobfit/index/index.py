"""`Index`: add, update, delete and search stored resumes and postings with `rank`'s scores.

The ranking score is ``cosine + w x p_r^T R p_j`` (R: O*NET relatedness). With the
eigendecomposition ``R = Q L Q^T`` truncated to its ``RANK`` largest eigenvalues, the score
is close to one inner product of extended vectors, ``[v_r, w L Q^T p_r] . [v_j, Q^T p_j]``.
Each stored document keeps that extended "search" vector; a query asks the store for the
``candidates(k)`` best by it (inside the store, filters included), then rescores those
exactly from the stored vectors and occupation distributions, as `Matcher.score` does. So
the order and the scores are `rank`'s, and nothing scores every stored document in Python.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from jobfit.documents.model import Document
from jobfit.errors import IndexError_
from jobfit.index.filters import Filter, parse_filter
from jobfit.index.graph import graph_candidates
from jobfit.index.records import (
    Kind,
    StoredDocument,
    build_records,
    dense_occupations,
    record_metadata,
    same_metadata,
    with_metadata,
)
from jobfit.index.store import Store, open_store, store_stats
from jobfit.matching.hits import Ranking, Scores
from jobfit.matching.matcher import Matcher, rank_order
from jobfit.matching.title_rules import RULES_VERSION as TITLE_RULES

__all__ = ["AddResult", "Index"]

logger = logging.getLogger(__name__)

RANK = 256
"""Eigen-components of the O*NET relatedness matrix kept in the search vectors."""
LAYOUT = 2
"""Version of the stored layout; a store of another layout must be rebuilt."""
ANN_THRESHOLD = 50_000
"""Stored documents of a kind from which an embedded store builds its approximate indexes
(LanceDB's, for filtered searches, and the in-memory one, `jobfit.index.graph`); below it
the store searches exactly (benchmarks/index_speed.py)."""


def candidates(k: int) -> int:
    """How many documents the store returns for exact rescoring when ``k`` are asked for."""
    return max(10 * k, 200)


@dataclass(frozen=True)
class AddResult:
    """What an add did: ids inserted, updated (text changed) and unchanged (not re-encoded)."""

    added: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
        }


class Index:
    """A store of resumes and postings and the matcher that fills and queries it.

    Args:
        location: A directory (embedded LanceDB, default ``$JOBFIT_HOME/index``), a ``.db``
            file (Milvus Lite) or ``http://host:19530`` (Milvus).
        matcher: The matcher whose model and scoring the store holds.

    Example:
        >>> import tempfile
        >>> from jobfit.encoding.encoder import HashEncoder
        >>> idx = Index(tempfile.mkdtemp(), Matcher(encoder=HashEncoder(), cache=False))
        >>> idx.add([Document("rn", "Registered Nurse\\nICU care, BLS", "t"),
        ...          Document("dev", "Backend Engineer\\nPython, SQL", "t")], "job").to_dict()
        {'added': 2, 'updated': 0, 'unchanged': 0}
        >>> [h.id for h in idx.search("Registered Nurse\\nTriage, BLS", "job", top_k=1).hits]
        ['rn']
    """

    def __init__(self, location: str | Path | None = None, matcher: Matcher | None = None) -> None:
        self.store: Store = open_store(location)
        self.matcher = matcher if matcher is not None else Matcher()

    # -- the model the store was built with -------------------------------------------------
    def _identity(self) -> dict[str, Any]:
        mapper = self.matcher.occupations
        return {
            "model": self.matcher.model_name,
            "weights_hash": self.matcher.weights_hash,
            "occupations": asdict(mapper.params) if mapper is not None else None,
            "title_rules": TITLE_RULES if mapper is not None else None,
            "vectors": {
                "aggregation": self.matcher.aggregation,
                "first_weight": self.matcher.first_weight,
                "max_windows": self.matcher.max_windows,
            },
            "layout": LAYOUT,
        }

    def check_model(self, create: bool = False) -> None:
        """Raises `IndexError_` when the store was built with another model or scoring."""
        meta = self.store.meta()
        mine = self._identity()
        if meta is None:
            if create:
                self.store.set_meta(mine)
            return
        if meta != mine and (meta.get("model"), meta.get("weights_hash")) == (
            mine["model"],
            mine["weights_hash"],
        ):
            changed = sorted(k for k in mine if meta.get(k) != mine[k])
            raise IndexError_(
                f"store {self.store.uri} was built with the same model but other settings "
                f"({', '.join(changed)}: {[meta.get(k) for k in changed]}); re-encode it with "
                f"today's: jobfit index rebuild --index {self.store.uri.removeprefix('lancedb:')} "
                f"--model {mine['model']}"
            )
        if meta != mine:
            raise IndexError_(
                f"store {self.store.uri} was built with model {meta.get('model')!r} "
                f"(weights {str(meta.get('weights_hash'))[:12]}), not {mine['model']!r} "
                f"(weights {str(mine['weights_hash'])[:12]}); query it with --model "
                f"{meta.get('model')}, or re-encode it with this model: "
                f"jobfit index rebuild --index {self.store.uri.removeprefix('lancedb:')} "
                f"--model {mine['model']}"
            )

    @cached_property
    def _factor(self) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
        """``(Q_r, L_r)``: the top eigenvectors (signs fixed) and eigenvalues of R."""
        mapper = self.matcher.occupations
        if mapper is None:
            return np.zeros((0, 0), np.float32), np.zeros(0, np.float32)
        values, vectors = np.linalg.eigh(mapper.relation.astype(np.float64))
        top = np.argsort(-np.abs(values), kind="stable")[:RANK]
        q = vectors[:, top]
        q *= np.sign(q[np.abs(q).argmax(axis=0), np.arange(q.shape[1])])  # deterministic signs
        return q.astype(np.float32), values[top].astype(np.float32)

    def _search_vectors(
        self, records: Sequence[StoredDocument], query: bool
    ) -> NDArray[np.float32]:
        vectors = np.stack([r.vector for r in records]).astype(np.float32)
        q, values = self._factor
        if not q.size:
            return vectors
        p = dense_occupations(records, q.shape[0]) @ q
        if query:
            mapper = self.matcher.occupations
            assert mapper is not None
            p = p * values * mapper.params.weight
        return np.hstack([vectors, p]).astype(np.float32)

    # -- writes -----------------------------------------------------------------------------
    def add(self, documents: Sequence[Document], kind: Kind, batch_size: int = 256) -> AddResult:
        """Adds or updates ``documents`` by id; unchanged ones (same text) are not re-encoded.

        Each batch is one commit: an interrupted add leaves every earlier batch stored and
        the store readable.
        """
        self.check_model(create=True)
        stored = self.store.hashes(kind)
        added: list[str] = []
        updated: list[str] = []
        unchanged: list[str] = []
        todo: list[Document] = []
        for doc in documents:
            known = stored.get(doc.id)
            if known == doc.content_hash:
                unchanged.append(doc.id)
                continue
            (updated if known is not None else added).append(doc.id)
            todo.append(doc)
        self._refresh_metadata(documents, kind, unchanged, updated)
        first_added = {r.id: r.added for r in self.store.get(kind, updated)}
        before = self.store.count(kind) if todo else 0
        for start in range(0, len(todo), batch_size):
            batch = todo[start : start + batch_size]
            records = build_records(
                self.matcher, batch, kind, self.matcher.model_name, self.matcher.weights_hash
            )
            records = [replace(r, added=first_added.get(r.id, r.added)) for r in records]
            self.store.upsert(kind, records, self._search_vectors(records, query=False))
            logger.info("stored %d of %d %s(s)", start + len(batch), len(todo), kind)
        if todo and before < ANN_THRESHOLD <= self.store.count(kind):
            self.optimize(kind)
        return AddResult(tuple(added), tuple(updated), tuple(unchanged))

    def _refresh_metadata(
        self, documents: Sequence[Document], kind: Kind, unchanged: list[str], updated: list[str]
    ) -> None:
        """Stores new metadata of documents whose text is unchanged (no encoding); those
        move from ``unchanged`` to ``updated``."""
        if not unchanged:
            return
        by_id = {d.id: d for d in documents}
        same = set(unchanged)
        for start in range(0, len(unchanged), 500):
            changed = []
            for rec in self.store.get(kind, unchanged[start : start + 500]):
                meta = record_metadata(by_id[rec.id])
                if not same_metadata(meta, rec.metadata):
                    changed.append(with_metadata(rec, meta))
            if changed:
                self.store.upsert(kind, changed, self._search_vectors(changed, query=False))
                same -= {r.id for r in changed}
                updated += [r.id for r in changed]
        unchanged[:] = [i for i in unchanged if i in same]

    def set_metadata(self, doc_id: str, kind: Kind, metadata: dict[str, Any]) -> bool:
        """Replaces a stored document's metadata without encoding it again; ``False`` when
        no document has that id."""
        found = self.store.get(kind, [doc_id])
        if not found:
            return False
        rec = with_metadata(found[0], {"source": found[0].promoted("source"), **metadata})
        self.store.upsert(kind, [rec], self._search_vectors([rec], query=False))
        return True

    def optimize(self, kind: Kind) -> bool:
        """Builds the store's approximate index for ``kind`` (embedded store only; Milvus
        searches exactly with FLAT). Returns whether one was built."""
        build = getattr(self.store, "build_ann", None)
        if build is None:
            return False
        logger.info("building the approximate index of %s(s)", kind)
        build(kind)
        return True

    def rebuild(self, batch_size: int = 256) -> dict[str, int]:
        """Re-encodes every stored document with this index's model and scoring (texts,
        metadata and added times are kept), then records the new model. Returns the counts
        re-encoded.

        The new records are written beside the old ones and replace them in one step at
        the end: a rebuild that is stopped at any point leaves the old store (run it again)
        or the new one, never a mix. Do not add to the store while it runs."""
        self.store.begin_rebuild()
        done: dict[str, int] = {}
        for kind in ("resume", "job"):
            k: Kind = "resume" if kind == "resume" else "job"
            done[kind] = 0
            for chunk in self._chunks(k, size=batch_size):
                docs = [Document(r.id, r.text, r.promoted("source"), r.metadata) for r in chunk]
                records = build_records(
                    self.matcher, docs, k, self.matcher.model_name, self.matcher.weights_hash
                )
                records = [
                    replace(r, added=old.added) for r, old in zip(records, chunk, strict=True)
                ]
                self.store.upsert(
                    k, records, self._search_vectors(records, query=False), staged=True
                )
                done[kind] += len(records)
                logger.info("re-encoded %d %s(s)", done[kind], kind)
        self.store.commit_rebuild(self._identity())
        for kind, n in done.items():
            if n >= ANN_THRESHOLD:
                self.optimize("resume" if kind == "resume" else "job")
        return done

    def delete(self, ids: Sequence[str], kind: Kind, purge: bool = True) -> int:
        """Deletes stored documents by id; returns how many there were.

        With ``purge`` (the default) their texts and vectors are also erased from the
        store's files (older table versions and deleted rows are compacted away), so a
        deleted resume cannot be read back from disk; ``purge=False`` is faster for bulk
        deletes followed by one `purge` call."""
        n = self.store.delete(kind, ids)
        if n and purge:
            self.purge(kind)
        return n

    def purge(self, kind: Kind) -> None:
        """Erases deleted rows and superseded versions of ``kind`` from the store's files."""
        erase = getattr(self.store, "purge", None)
        if erase is not None:
            erase(kind)

    # -- reads ------------------------------------------------------------------------------
    def search(
        self,
        query: Document | str,
        kind: Kind,
        top_k: int = 10,
        where: str | Filter | None = None,
        explain: bool = True,
    ) -> Ranking:
        """The ``top_k`` stored documents of ``kind`` for ``query`` (a resume when ``kind`` is
        ``"job"``, a posting when it is ``"resume"``), with `rank`'s scores and explanations.
        """
        self.check_model()
        doc = query if isinstance(query, Document) else Document("query", query, "query")
        q_kind: Kind = "resume" if kind == "job" else "job"
        flt = parse_filter(where) if isinstance(where, str) else where
        (q_rec,) = build_records(self.matcher, [doc], q_kind, "", "", profiles=False)
        vector = self._search_vectors([q_rec], query=True)[0]
        light = self.store.search(kind, vector, candidates(top_k), flt, graph_candidates(top_k))
        if not light:
            return Ranking(doc.id, q_kind, ())
        # only the top k (by the exact score, ties by id as in `rank`) are read whole
        row = self._select(q_rec, light, q_kind)
        keep = sorted(rank_order(row, [r.id for r in light])[:top_k].tolist())
        found = self.store.get(kind, [light[i].id for i in keep])
        scores = self._exact(q_rec, found, q_kind)
        c_docs = [Document(r.id, r.text, r.promoted("source"), r.metadata) for r in found]
        (ranking,) = self.matcher.rank_scored([doc], c_docs, scores, top_k, q_kind, explain)
        return ranking

    def _select(
        self, query: StoredDocument, found: list[StoredDocument], q_kind: Kind
    ) -> NDArray[np.float64]:
        """The exact score of each of ``found`` for choosing the top k, which `_exact` then
        scores again for the hits. Up to `candidates` it is `_exact`; beyond (the in-memory
        index's many candidates) the same sum is taken over the sparse distributions (the
        relation row of the query computed once), equal to `_exact` up to float64 rounding."""
        if len(found) <= candidates(1) or self.matcher.occupations is None:
            exact = self._exact(query, found, q_kind).final
            return exact[0] if q_kind == "resume" else exact[:, 0]
        mapper = self.matcher.occupations
        cosine = np.stack([r.vector for r in found]).astype(np.float64) @ query.vector.astype(
            np.float64
        )
        nz, pq = list(query.occ_idx), np.asarray(query.occ_p, np.float64)
        u = pq @ mapper.relation[nz] if q_kind == "resume" else mapper.relation[:, nz] @ pq
        occupation = np.array([u[list(r.occ_idx)] @ np.asarray(r.occ_p, np.float64) for r in found])
        return np.asarray(cosine + mapper.params.weight * occupation, dtype=np.float64)

    def _exact(self, query: StoredDocument, found: list[StoredDocument], q_kind: Kind) -> Scores:
        """`Matcher.score` for the query against ``found``, from stored vectors."""
        q = query.vector[None, :].astype(np.float32)
        c = np.stack([r.vector for r in found]).astype(np.float32)
        resumes_first = q_kind == "resume"
        r, j = (q, c) if resumes_first else (c, q)
        cosine = r.astype(np.float64) @ j.astype(np.float64).T  # float64: batch-invariant
        mapper = self.matcher.occupations
        if mapper is None:
            return Scores(cosine, None, cosine, [], [])
        n = len(mapper.codes)
        pq, pc = dense_occupations([query], n), dense_occupations(found, n)
        p_r, p_j = (pq, pc) if resumes_first else (pc, pq)
        occupation = mapper.similarity(p_r, p_j)
        final = cosine + mapper.params.weight * occupation
        labels_q = [query.occupation_label or None]
        labels_c = [x.occupation_label or None for x in found]
        r_labels, j_labels = (labels_q, labels_c) if resumes_first else (labels_c, labels_q)
        return Scores(cosine, occupation, final, r_labels, j_labels)

    def _chunks(self, kind: Kind, size: int = 500) -> Iterator[list[StoredDocument]]:
        """Every stored record of ``kind``, read once, ``size`` at a time in id order."""
        ids = sorted(self.store.hashes(kind))
        for start in range(0, len(ids), size):
            yield self.store.get(kind, ids[start : start + size])

    def close(self) -> None:
        """Releases the store (a Milvus Lite file can then be opened by another process)."""
        self.store.close()

    def stats(self) -> dict[str, Any]:
        """The store's location, model and sizes."""
        return store_stats(self.store)

    def verify(self) -> dict[str, Any]:
        """Checks every stored document: its text's hash, its model, its vector's norm and
        its search vector against the one its record gives. Returns counts and problems."""
        problems: list[str] = []
        checked = 0
        for kind in ("resume", "job"):
            k: Kind = "resume" if kind == "resume" else "job"
            for records in self._chunks(k):
                expect = self._search_vectors(records, query=False)
                stored = self.store.search_vectors(k, [r.id for r in records])
                for i, rec in enumerate(records):
                    checked += 1
                    if Document(rec.id, rec.text, "").content_hash != rec.content_hash:
                        problems.append(f"{kind} {rec.id!r}: text does not match its hash")
                    if rec.weights_hash != self.matcher.weights_hash:
                        problems.append(f"{kind} {rec.id!r}: encoded with another model")
                    if abs(float(np.linalg.norm(rec.vector)) - 1.0) > 1e-3:
                        problems.append(f"{kind} {rec.id!r}: vector is not unit length")
                    if not np.allclose(stored[i], expect[i], atol=1e-4):
                        problems.append(f"{kind} {rec.id!r}: search vector does not match")
        return {"store": self.store.uri, "checked": checked, "problems": problems}
