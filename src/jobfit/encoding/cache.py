"""A persistent embedding cache keyed by encoder name and text content hash (SQLite)."""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from jobfit.config import jobfit_home
from jobfit.encoding.encoder import Encoder

__all__ = ["CachedEncoder", "EmbeddingCache", "text_hash"]

logger = logging.getLogger(__name__)


def text_hash(text: str) -> str:
    """The sha256 of a text's UTF-8 bytes, hex (the cache key)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """Stores vectors by ``(encoder name, text hash)``; each write is one transaction.

    An interrupted write rolls back (SQLite journal), so the cache stays readable.

    Args:
        path: SQLite file; defaults to ``$JOBFIT_HOME/embeddings.sqlite``.

    Example:
        >>> import tempfile, numpy as np
        >>> c = EmbeddingCache(Path(tempfile.mkdtemp()) / "c.sqlite")
        >>> c.put("enc", ["h1"], np.ones((1, 2), dtype=np.float32))
        >>> c.get("enc", ["h1", "h2"])["h1"].tolist()
        [1.0, 1.0]
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or Path(jobfit_home()) / "embeddings.sqlite"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (encoder TEXT, hash TEXT, dim INTEGER, vec BLOB, "
            "PRIMARY KEY (encoder, hash))"
        )
        self._db.commit()

    def get(self, encoder: str, hashes: Sequence[str]) -> dict[str, NDArray[np.float32]]:
        """Returns the cached vectors among ``hashes``."""
        found: dict[str, NDArray[np.float32]] = {}
        unique = list(dict.fromkeys(hashes))
        with self._lock:
            for i in range(0, len(unique), 500):
                chunk = unique[i : i + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT hash, vec FROM vectors WHERE encoder = ? AND hash IN ({marks})",
                    [encoder, *chunk],
                ).fetchall()
                for h, blob in rows:
                    found[h] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put(self, encoder: str, hashes: Sequence[str], vectors: NDArray[np.float32]) -> None:
        """Stores vectors (one row per hash) in a single transaction."""
        rows = [
            (encoder, h, int(v.shape[0]), np.ascontiguousarray(v, dtype=np.float32).tobytes())
            for h, v in zip(hashes, vectors, strict=True)
        ]
        with self._lock, self._db:
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?)", rows)

    def close(self) -> None:
        """Closes the database."""
        self._db.close()


class CachedEncoder:
    """Wraps an :class:`Encoder` so that each distinct text is encoded once, ever.

    ``encoded`` counts the texts that actually went through the model, which tests
    and logs use to show that a re-run over unchanged documents encodes nothing.

    Example:
        >>> import tempfile
        >>> from jobfit.encoding.encoder import HashEncoder
        >>> enc = CachedEncoder(HashEncoder(), EmbeddingCache(Path(tempfile.mkdtemp()) / "c.sqlite"))
        >>> _ = enc.encode(["a b", "a b", "c"]); _ = enc.encode(["c"])
        >>> enc.encoded
        2
    """

    PROGRESS_BLOCK = 32
    MEMORY_LIMIT = 100_000
    """Vectors kept in memory (about 150 MB at 384 dimensions); past it the memory is
    cleared, so a long-running service does not grow without bound."""

    def __init__(
        self, encoder: Encoder, cache: EmbeddingCache | None = None, show_progress: bool = False
    ) -> None:
        self.inner = encoder
        self.cache = cache
        self.show_progress = show_progress
        self._memory: dict[str, NDArray[np.float32]] = {}
        self.encoded = 0

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def dim(self) -> int:
        return self.inner.dim

    @property
    def max_tokens(self) -> int:
        return self.inner.max_tokens

    def tokenize_words(self, text: str) -> list[tuple[int, int]]:
        return self.inner.tokenize_words(text)

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        hashes = [text_hash(t) for t in texts]
        if len(self._memory) > self.MEMORY_LIMIT:
            self._memory.clear()
        missing = [h for h in dict.fromkeys(hashes) if h not in self._memory]
        if missing and self.cache is not None:
            self._memory.update(self.cache.get(self.name, missing))
            missing = [h for h in missing if h not in self._memory]
        if missing:
            by_hash = dict(zip(hashes, texts, strict=True))
            todo = [by_hash[h] for h in missing]
            logger.info("encoding %d new text(s) with %s", len(todo), self.name)
            if self.show_progress and len(todo) > self.PROGRESS_BLOCK:
                from tqdm import tqdm

                bar = tqdm(
                    total=len(todo), desc="encoding", unit="text", file=sys.stderr, disable=False
                )
                parts = []
                for i in range(0, len(todo), self.PROGRESS_BLOCK):
                    parts.append(self.inner.encode(todo[i : i + self.PROGRESS_BLOCK]))
                    bar.update(len(parts[-1]))
                bar.close()
                new = np.concatenate(parts)
            else:
                new = self.inner.encode(todo)
            self.encoded += len(missing)
            logger.debug("encoded %d new text(s) with %s", len(missing), self.name)
            if self.cache is not None:
                self.cache.put(self.name, missing, new)
            for h, v in zip(missing, new, strict=True):
                self._memory[h] = v
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._memory[h] for h in hashes]).astype(np.float32)
