"""The document result types: a cleaned `Document`, a per-source `Failure`, and a batch `LoadResult`."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Document", "Failure", "LoadResult"]


@dataclass(frozen=True)
class Document:
    """One resume or job posting as clean text.

    Attributes:
        id: A stable identifier: the file name (with suffix) for a file, the ``id`` column
            for a row of a collection.
        text: The cleaned text.
        source: Where the text came from: a file path, or ``"<file> row <n>"`` for a row.
        metadata: Everything else known about the document (for a collection row, every
            column except the id and text; for a file, its format and page count).

    Example:
        >>> doc = Document(id="cv.txt", text="Python developer", source="cv.txt")
        >>> doc.content_hash[:12], doc.metadata
        ('7a95380c7102', {})
    """

    id: str
    text: str
    source: str
    metadata: dict[str, Any] = field(default_factory=dict, hash=False)

    @property
    def content_hash(self) -> str:
        """The SHA-256 of ``text`` (UTF-8), as hex: equal text, equal hash, so unchanged text is never re-embedded."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Failure:
    """A file or row that could not be loaded, and why.

    Example:
        >>> Failure(source="scan.pdf", error="scan.pdf has no text layer").error
        'scan.pdf has no text layer'
    """

    source: str
    error: str


@dataclass(frozen=True)
class LoadResult:
    """What a batch load produced: the documents that loaded and the sources that failed.

    Example:
        >>> result = LoadResult(documents=[Document("a.txt", "Nurse", "a.txt")], failures=[])
        >>> [d.id for d in result.documents], result.failures
        (['a.txt'], [])
    """

    documents: list[Document]
    failures: list[Failure]
