"""What a stored resume or posting is: everything ranking and explanation need, computed once."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from jobfit.documents.model import Document
from jobfit.documents.profile import read_job, read_resume
from jobfit.matching.matcher import Matcher

__all__ = [
    "Kind",
    "StoredDocument",
    "build_records",
    "dense_occupations",
    "record_metadata",
    "same_metadata",
    "with_metadata",
]

Kind = Literal["resume", "job"]

PROMOTED = ("title", "company", "location", "source")
"""Metadata fields kept as their own columns, so filters run inside the search."""

LIGHT = (
    "id",
    "vector",
    "occ_idx",
    "occ_p",
    "occupation_label",
    "current_title",
    *PROMOTED,
    "tags",
    "added",
    "updated",
)
"""The columns exact rescoring reads for every candidate (the text only for the top k)."""


@dataclass(frozen=True)
class StoredDocument:
    """One stored resume or posting.

    ``vector`` is the document vector `Matcher.score` uses (resumes led by their current
    title); ``occ_idx``/``occ_p`` the sparse occupation distribution (indices into the O*NET
    occupations of the mapper, at most ``top_k`` + title codes); ``profile`` the structured
    requirements (postings) or experience (resumes) as JSON; ``metadata`` the user's fields.
    """

    id: str
    kind: Kind
    text: str
    content_hash: str
    model: str
    weights_hash: str
    vector: NDArray[np.float32]
    occ_idx: tuple[int, ...]
    occ_p: tuple[float, ...]
    current_title: str
    occupation_label: str
    profile: str
    metadata: dict[str, Any] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    added: int = 0
    updated: int = 0

    def promoted(self, name: str) -> str:
        value = self.metadata.get(name)
        return "" if value is None else str(value)


def _profile_json(matcher: Matcher, doc: Document, kind: Kind) -> str:
    """The structured profile as JSON: read from the text, not encoded (explanations encode
    passages for the top hits only)."""
    if kind == "job":
        p = read_job(doc.text)
        items = [{"kind": r.kind, "text": r.text, "required": r.required} for r in p.requirements]
        return json.dumps({"language": p.language, "requirements": items}, ensure_ascii=False)
    rp = read_resume(doc.text, matcher.today)
    return json.dumps(
        {
            "language": rp.language,
            "months": rp.months,
            "degrees": [d.name for d in rp.degrees],
            "credentials": [c.name for c in rp.credentials if c.held],
            "skills": sorted(rp.skills),
        },
        ensure_ascii=False,
    )


def _tags(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(t.strip() for t in value.split(",") if t.strip())
    if isinstance(value, list | tuple):
        return tuple(str(t) for t in value)
    return ()


def record_metadata(doc: Document) -> dict[str, Any]:
    """The metadata a record of ``doc`` keeps: its fields that have a value, and its source.

    Example:
        >>> record_metadata(Document("a", "text", "cv.pdf", {"title": "Nurse", "pages": None}))
        {'title': 'Nurse', 'source': 'cv.pdf'}
    """
    meta = {k: v for k, v in doc.metadata.items() if v is not None}
    meta.setdefault("source", doc.source)
    return meta


def same_metadata(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two metadata dicts store the same (compared as the JSON a store keeps)."""
    return _metadata_json(a) == _metadata_json(b)


def _metadata_json(meta: dict[str, Any]) -> str:
    return json.dumps(meta, ensure_ascii=False, sort_keys=True, default=str)


def with_metadata(record: StoredDocument, meta: dict[str, Any]) -> StoredDocument:
    """``record`` with new user metadata (and tags), stamped updated now; nothing re-encoded."""
    stamp = int(dt.datetime.now(dt.UTC).timestamp())
    return replace(
        record,
        metadata=json.loads(_metadata_json(meta)),
        tags=_tags(meta.get("tags")),
        updated=stamp,
    )


def build_records(
    matcher: Matcher,
    documents: Sequence[Document],
    kind: Kind,
    model: str,
    weights_hash: str,
    now: dt.datetime | None = None,
    profiles: bool = True,
) -> list[StoredDocument]:
    """Encodes and reads ``documents`` once into records, exactly as `Matcher.score` would
    (``profiles=False`` skips the structured profile, which a query does not store)."""
    if not documents:
        return []
    resumes = kind == "resume"
    vectors = matcher.embed(documents, resumes=resumes)
    mapper = matcher.occupations
    texts = [d.text for d in documents]
    if mapper is not None:
        p = mapper.distribution(vectors, texts, resume=resumes)
    else:
        p = np.zeros((len(documents), 0), dtype=np.float32)
    stamp = int((now or dt.datetime.now(dt.UTC)).timestamp())
    out = []
    for i, doc in enumerate(documents):
        nz = np.flatnonzero(p[i]) if p.shape[1] else np.zeros(0, dtype=np.intp)
        title, label = "", ""
        if mapper is not None:
            found = mapper.found_titles(doc.text, resume=resumes)
            title = found[0][0] if found else ""
            top = mapper.top(p[i])
            label = f"{top[0][1]} ({top[0][0]})" if top else ""
        meta = record_metadata(doc)
        out.append(
            StoredDocument(
                id=doc.id,
                kind=kind,
                text=doc.text,
                content_hash=doc.content_hash,
                model=model,
                weights_hash=weights_hash,
                vector=vectors[i].astype(np.float32),
                occ_idx=tuple(int(x) for x in nz),
                occ_p=tuple(float(p[i, x]) for x in nz),
                current_title=title,
                occupation_label=label,
                profile=_profile_json(matcher, doc, kind) if profiles else "{}",
                metadata=meta,
                tags=_tags(meta.get("tags")),
                added=stamp,
                updated=stamp,
            )
        )
    return out


def dense_occupations(records: Sequence[StoredDocument], n: int) -> NDArray[np.float32]:
    """The sparse distributions as a dense ``(len(records), n)`` matrix, for exact scoring."""
    out = np.zeros((len(records), n), dtype=np.float32)
    for i, r in enumerate(records):
        if r.occ_idx:
            out[i, list(r.occ_idx)] = r.occ_p
    return out


def to_row(r: StoredDocument, search: NDArray[np.float32]) -> dict[str, Any]:
    """The flat row both backends store: promoted metadata as columns, the rest as JSON."""
    return {
        "id": r.id,
        "text": r.text,
        "content_hash": r.content_hash,
        "model": r.model,
        "weights_hash": r.weights_hash,
        "vector": r.vector.astype(np.float32).tolist(),
        "search": search.astype(np.float32).tolist(),
        "occ_idx": list(r.occ_idx),
        "occ_p": list(r.occ_p),
        "current_title": r.current_title,
        "occupation_label": r.occupation_label,
        "profile": r.profile,
        "metadata": _metadata_json(r.metadata),
        **{name: r.promoted(name) for name in PROMOTED},
        "tags": list(r.tags),
        "added": r.added,
        "updated": r.updated,
    }


def from_row(row: dict[str, Any], kind: Kind) -> StoredDocument:
    """A record back from a stored row (``vector`` may be absent in listings)."""
    vector = row.get("vector")
    return StoredDocument(
        id=str(row["id"]),
        kind=kind,
        text=str(row["text"]),
        content_hash=str(row["content_hash"]),
        model=str(row["model"]),
        weights_hash=str(row["weights_hash"]),
        vector=np.asarray(vector if vector is not None else [], dtype=np.float32),
        occ_idx=tuple(int(x) for x in row.get("occ_idx") or ()),
        occ_p=tuple(float(x) for x in row.get("occ_p") or ()),
        current_title=str(row.get("current_title") or ""),
        occupation_label=str(row.get("occupation_label") or ""),
        profile=str(row.get("profile") or "{}"),
        metadata=json.loads(row.get("metadata") or "{}"),
        tags=tuple(str(t) for t in row.get("tags") or ()),
        added=int(row.get("added") or 0),
        updated=int(row.get("updated") or 0),
    )
