"""The HTTP API's request and response bodies, typed with pydantic (they make ``/docs``).

Every request model forbids unknown fields: a misspelt ``top_k`` is a 422 that names the
field, not a silently ignored option. The hit objects of a match are ``jobfit rank --format
jsonl``'s, unchanged; documents' display fields ride beside them in ``documents``.

Example:
    >>> MatchRequest(text="Registered nurse, ICU", top_k=5).top_k
    5
    >>> try:
    ...     MatchRequest(text="x", topk=5)
    ... except Exception as err:
    ...     print(type(err).__name__)
    ValidationError
"""

from __future__ import annotations

import os
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "AddResponse",
    "DocumentIn",
    "DocumentOut",
    "DocumentPage",
    "ExplainRequest",
    "Health",
    "MatchRequest",
    "MatchResponse",
    "Metadata",
    "max_top_k",
]

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$"
"""Ids a client may choose: letters, digits and ``. _ : @ -``, up to 128 characters."""
_ID = re.compile(ID_PATTERN)
MAX_TEXT = 200_000
"""Characters of text a JSON request may send (as `jobfit rank --max-chars`' default)."""


def max_top_k() -> int:
    """The largest ``top_k`` a match may ask for (``$JOBFIT_MAX_TOP_K``, default 100)."""
    return int(os.environ.get("JOBFIT_MAX_TOP_K", "100"))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Metadata(_Strict):
    """The user's fields of a stored document; ``title``, ``company`` and ``location`` can be
    filtered on (``where``), ``tags`` with ``tags has 'remote'``."""

    title: str | None = Field(None, max_length=300)
    company: str | None = Field(None, max_length=300)
    location: str | None = Field(None, max_length=300)
    tags: list[str] = Field(default_factory=list, max_length=50)
    source: str | None = Field(None, max_length=300, description="Where it came from.")


class DocumentIn(_Strict):
    """A resume or posting sent as text."""

    id: str | None = Field(
        None, pattern=ID_PATTERN, description="Your id; a new one is made when absent."
    )
    text: str = Field(..., max_length=MAX_TEXT)
    metadata: Metadata = Field(default_factory=Metadata)

    @field_validator("text")
    @classmethod
    def _has_text(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text is empty; send the resume or posting's text")
        return value


class DocumentUpdate(_Strict):
    """A new text and/or metadata for a stored document (what is absent is kept)."""

    text: str | None = Field(None, max_length=MAX_TEXT)
    metadata: Metadata | None = None

    @model_validator(mode="after")
    def _something(self) -> DocumentUpdate:
        if self.text is None and self.metadata is None:
            raise ValueError("nothing to update; send text, metadata or both")
        if self.text is not None and not self.text.strip():
            raise ValueError("text is empty; send the resume or posting's text")
        return self


class AddResponse(BaseModel):
    """What storing one document did."""

    id: str
    kind: Literal["resume", "job"]
    status: Literal["added", "updated", "unchanged"]
    language: str
    chars: int


class DocumentOut(BaseModel):
    """A stored document as the API shows it."""

    id: str
    kind: Literal["resume", "job"]
    text: str | None = None
    metadata: dict[str, Any]
    language: str | None
    occupation: str | None
    current_title: str | None
    added: str
    updated: str


class DocumentPage(BaseModel):
    """One page of stored documents (no texts; get one by id for its text)."""

    items: list[DocumentOut]
    total: int
    limit: int
    offset: int


class MatchRequest(_Strict):
    """A query: a stored document's ``id`` or a ``text``, exactly one."""

    id: str | None = Field(None, pattern=ID_PATTERN, description="A stored document's id.")
    text: str | None = Field(None, max_length=MAX_TEXT)
    top_k: int = Field(10, ge=1, description="How many hits (at most $JOBFIT_MAX_TOP_K).")
    where: str | None = Field(
        None, max_length=1000, examples=["location = 'Berlin' and tags has 'remote'"]
    )
    explain: bool = True

    @model_validator(mode="after")
    def _one_query(self) -> MatchRequest:
        if (self.id is None) == (self.text is None):
            raise ValueError("give exactly one of id (a stored document) or text")
        if self.text is not None and not self.text.strip():
            raise ValueError("text is empty; send the resume or posting's text")
        if self.top_k > max_top_k():
            raise ValueError(
                f"top_k {self.top_k} is over the limit {max_top_k()}; ask for fewer, or page "
                "with where filters"
            )
        return self


class MatchResponse(BaseModel):
    """``jobfit rank --format jsonl``'s object for the query (``resume_id`` or ``job_id``,
    ``language``, ``hits``), the query text, and each hit's display fields."""

    model_config = ConfigDict(extra="allow")

    language: str | None
    hits: list[dict[str, Any]]
    query_text: str
    documents: dict[str, dict[str, Any]]


class ExplainRequest(_Strict):
    """One pair: each side a stored id or a text."""

    resume_id: str | None = Field(None, pattern=ID_PATTERN)
    resume_text: str | None = Field(None, max_length=MAX_TEXT)
    job_id: str | None = Field(None, pattern=ID_PATTERN)
    job_text: str | None = Field(None, max_length=MAX_TEXT)

    @model_validator(mode="after")
    def _sides(self) -> ExplainRequest:
        for side in ("resume", "job"):
            given = [getattr(self, f"{side}_id"), getattr(self, f"{side}_text")]
            if sum(v is not None for v in given) != 1:
                raise ValueError(f"give exactly one of {side}_id or {side}_text")
        return self


class Health(BaseModel):
    """What the service runs: model, weights, store backend and sizes, version."""

    status: Literal["ok"]
    version: str
    model: str
    weights_hash: str
    backend: str
    store: str
    resumes: int
    jobs: int
    workers: int
    queue_limit: int


def valid_id(value: str) -> bool:
    """Whether ``value`` is an id a client may use.

    Example:
        >>> valid_id("job-42"), valid_id("../etc/passwd")
        (True, False)
    """
    return bool(_ID.match(value))
