"""The document result types: a cleaned `Document`, a per-source `Failure`, and a batch `LoadResult`."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field, replace
from typing import Any

__all__ = ["MAX_CHARS", "Document", "Failure", "LoadResult", "limit_chars"]

logger = logging.getLogger(__name__)

MAX_CHARS = 200_000
"""Default longest document read, in characters: a long resume or posting is under 30,000.
Beyond it the text is cut (see `limit_chars`); reading, requirements and explanations are
linear in length, but encoding costs about 1 s per 6,000 characters on 2 cores."""


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


def limit_chars(doc: Document, max_chars: int | None = MAX_CHARS) -> Document:
    """``doc`` cut to its first ``max_chars`` characters (at a line break when one is near),
    with a one-line warning and ``metadata["truncated_from"]``; unchanged when it fits or
    ``max_chars`` is ``None`` or 0.

    Example:
        >>> d = limit_chars(Document("big.txt", "Nurse\\n" + "x" * 50, "big.txt"), 10)
        >>> d.text, d.metadata
        ('Nurse', {'truncated_from': 56})
    """
    if not max_chars or len(doc.text) <= max_chars:
        return doc
    cut = doc.text.rfind("\n", 0, max_chars + 1)
    end = cut if cut > max_chars * 0.9 or (cut > 0 and max_chars < 1000) else max_chars
    logger.warning(
        "%s: %s characters, over the limit of %s; read the first %s "
        "(raise --max-chars / max_chars to read more, 0 for no limit)",
        doc.source,
        f"{len(doc.text):,}",
        f"{max_chars:,}",
        f"{end:,}",
    )
    return replace(
        doc,
        text=doc.text[:end].rstrip(),
        metadata={**doc.metadata, "truncated_from": len(doc.text)},
    )


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
    skipped: list[Failure] = field(default_factory=list)
    entries: int = 0
    ignored: list[str] = field(default_factory=list)
    collections: dict[str, int] = field(default_factory=dict)

    def summary(self, source: str) -> str:
        """One line that accounts for every entry of a folder (or the one file read).

        Example:
            >>> LoadResult([Document("a.txt", "x", "a.txt")], [], [Failure("b.doc", "...")],
            ...            entries=2).summary("cvs/")
            'cvs/: 2 entries: 1 document file read, 0 failed, 1 not read'
        """
        files = (
            self.entries
            - len(self.collections)
            - len(self.failures)
            - len(self.skipped)
            - len(self.ignored)
        )
        parts = [f"{files} document file{'s' if files != 1 else ''} read"]
        if self.collections:
            rows = sum(self.collections.values())
            parts.append(
                f"{len(self.collections)} collection file(s) read as collections ({rows} documents)"
            )
        parts += [f"{len(self.failures)} failed", f"{len(self.skipped)} not read"]
        if self.ignored:
            parts.append(f"{len(self.ignored)} hidden or lock file(s) ignored")
        return f"{source}: {self.entries} entries: " + ", ".join(parts)
