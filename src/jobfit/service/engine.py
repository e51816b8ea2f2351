"""The service's engine: an `Index`, a bounded pool of workers for the CPU-bound model work,
and one lock for writes.

Encoding holds a core for tens to hundreds of milliseconds, so it never runs on the event
loop: each model call goes to a pool of ``workers`` threads, and at most ``queue_limit`` calls
may wait or run at once. One more gets `Busy` (the API answers 503 with ``Retry-After``)
instead of a latency that grows without bound. Writes also take one lock, so two requests
never race on the store.

Example:
    >>> import tempfile
    >>> from jobfit.encoding.encoder import HashEncoder
    >>> from jobfit.index.index import Index
    >>> from jobfit.matching.matcher import Matcher
    >>> from jobfit.documents.model import Document
    >>> eng = Engine(Index(tempfile.mkdtemp(), Matcher(encoder=HashEncoder(), cache=False)))
    >>> eng.add(Document("rn", "Registered Nurse\\nICU", "api"), "job")  # in the pool: await eng.run(eng.add, ...)
    'added'
    >>> eng.close()
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

from jobfit.documents.language import detect_language
from jobfit.documents.model import Document
from jobfit.index.index import Index
from jobfit.index.records import Kind, StoredDocument
from jobfit.matching.explain import Explanation
from jobfit.matching.hits import Ranking

__all__ = ["Busy", "Engine", "NotFound"]

T = TypeVar("T")


class Busy(Exception):
    """Every worker is busy and the queue is full; try again after ``retry_after`` s."""

    def __init__(self, waiting: int, retry_after: int) -> None:
        super().__init__(
            f"the service is busy ({waiting} requests are waiting for the model); retry in "
            f"{retry_after} s"
        )
        self.retry_after = retry_after


class NotFound(LookupError):
    """No stored document of that kind has that id."""

    def __init__(self, kind: Kind, doc_id: str) -> None:
        plural = "resumes" if kind == "resume" else "jobs"
        super().__init__(f"no {kind} with id {doc_id!r} is stored; list them with GET /v1/{plural}")


def _iso(stamp: int) -> str:
    return dt.datetime.fromtimestamp(stamp, dt.UTC).isoformat().replace("+00:00", "Z")


def describe_record(rec: StoredDocument, text: bool) -> dict[str, Any]:
    """A stored record as the API shows it (`DocumentOut`'s fields)."""
    language = None
    try:
        import json

        language = json.loads(rec.profile).get("language")
    except ValueError:
        pass
    return {
        "id": rec.id,
        "kind": rec.kind,
        "text": rec.text if text else None,
        "metadata": rec.metadata,
        "language": language,
        "occupation": rec.occupation_label or None,
        "current_title": rec.current_title or None,
        "added": _iso(rec.added),
        "updated": _iso(rec.updated),
    }


class Engine:
    """The index behind the API, with its bounded worker pool.

    Args:
        index: The store and the matcher (its model is loaded by `warm_up`).
        workers: Threads that run model work at once (1 is right on 2 cores: the model
            already uses every core for one batch).
        queue_limit: Model calls that may wait or run at once before `Busy`.
    """

    def __init__(self, index: Index, workers: int = 1, queue_limit: int = 64) -> None:
        self.index = index
        self.workers = workers
        self.queue_limit = queue_limit
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="jobfit-model")
        self._pending = 0
        self._write = threading.Lock()
        self._served = 0.0

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Runs ``fn`` in the worker pool, or raises `Busy` when the queue is full."""
        if self._pending >= self.queue_limit:
            per_call = max(1, round(self._served or 1))
            raise Busy(self._pending, min(60, per_call * (self._pending // self.workers + 1)))
        self._pending += 1
        loop = asyncio.get_running_loop()
        started = loop.time()
        try:
            return await loop.run_in_executor(self._pool, partial(fn, *args, **kwargs))
        finally:
            self._pending -= 1
            took = loop.time() - started
            self._served = took if not self._served else 0.8 * self._served + 0.2 * took

    @property
    def pending(self) -> int:
        return self._pending

    def close(self) -> None:
        """Waits for the calls in flight, then stops the workers."""
        self._pool.shutdown(wait=True)

    # -- model work (runs in the pool) ------------------------------------------------------
    def warm_up(self) -> None:
        """Loads the model and the occupation data, so the first request is not slow."""
        from jobfit.index.records import build_records

        m = self.index.matcher
        resume = Document("warm-up", "Registered nurse\nICU patient care 2019-2024. BSN.", "-")
        job = Document("warm-up", "Registered Nurse\nRequirements: BSN, BLS, 2+ years.", "-")
        for doc, kind in ((resume, "resume"), (job, "job")):
            build_records(m, [doc], kind, m.model_name, m.weights_hash)  # type: ignore[arg-type]
        m.explain(resume, job)
        self.index.check_model(create=True)

    def add(self, doc: Document, kind: Kind) -> str:
        """Stores ``doc``; returns "added", "updated" or "unchanged"."""
        with self._write:
            result = self.index.add([doc], kind)
        return "added" if result.added else "updated" if result.updated else "unchanged"

    def update(
        self, kind: Kind, doc_id: str, text: str | None, metadata: dict[str, Any] | None
    ) -> str:
        """New text and/or metadata for a stored document (404 when it is not stored)."""
        with self._write:
            found = self.index.store.get(kind, [doc_id])
            if not found:
                raise NotFound(kind, doc_id)
            rec = found[0]
            if text is None:
                assert metadata is not None
                self.index.set_metadata(doc_id, kind, metadata)
                return "updated"
            meta = (
                rec.metadata if metadata is None else {"source": rec.promoted("source"), **metadata}
            )
            result = self.index.add([Document(doc_id, text, rec.promoted("source"), meta)], kind)
        return "updated" if result.updated else "unchanged"

    def delete(self, kind: Kind, doc_id: str) -> None:
        """Deletes a stored document and erases it from the store's files."""
        with self._write:
            if not self.index.delete([doc_id], kind):
                raise NotFound(kind, doc_id)

    def stored(self, kind: Kind, doc_id: str) -> Document:
        """A stored document back as a `Document` (to use it as a query)."""
        found = self.index.store.get(kind, [doc_id])
        if not found:
            raise NotFound(kind, doc_id)
        r = found[0]
        return Document(r.id, r.text, r.promoted("source"), r.metadata)

    def match(
        self, query: Document, kind: Kind, top_k: int, where: str | None, explain: bool
    ) -> tuple[Ranking, dict[str, dict[str, Any]]]:
        """The stored documents of ``kind`` that best match ``query``, with each hit's
        display fields (title, company, location, tags, occupation)."""
        ranking = self.index.search(query, kind, top_k=top_k, where=where, explain=explain)
        # not light: a light read has no metadata column, so no title, company or location
        found = self.index.store.get(kind, [h.id for h in ranking.hits])
        shown = {
            r.id: {
                "title": r.metadata.get("title") or r.current_title or None,
                "company": r.metadata.get("company"),
                "location": r.metadata.get("location"),
                "tags": list(r.tags),
                "occupation": r.occupation_label or None,
            }
            for r in found
        }
        return ranking, shown

    def explain(self, resume: Document, job: Document) -> Explanation:
        """One pair's explanation (`jobfit explain`'s)."""
        return self.index.matcher.explain(resume, job)

    # -- reads (no model) -------------------------------------------------------------------
    def get(self, kind: Kind, doc_id: str) -> dict[str, Any]:
        found = self.index.store.get(kind, [doc_id])
        if not found:
            raise NotFound(kind, doc_id)
        return describe_record(found[0], text=True)

    def page(self, kind: Kind, limit: int, offset: int, where: str | None) -> dict[str, Any]:
        from jobfit.index.filters import parse_filter

        flt = parse_filter(where) if where else None
        items = self.index.store.page(kind, flt, limit=limit, offset=offset)
        return {
            "items": [describe_record(r, text=False) for r in items],
            "total": self.index.store.count(kind, flt),
            "limit": limit,
            "offset": offset,
        }


def language_of(text: str) -> str:
    """The text's ISO 639-1 language, or "und"."""
    return detect_language(text)
