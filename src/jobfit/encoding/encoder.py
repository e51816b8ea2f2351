"""The Encoder seam: anything that turns texts into L2-normalised float32 vectors."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

__all__ = ["Encoder", "HashEncoder", "SentenceTransformerEncoder", "l2_normalize"]


def l2_normalize(x: NDArray[np.float32]) -> NDArray[np.float32]:
    """Scales each row to unit length (zero rows stay zero)."""
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    out: NDArray[np.float32] = (x / norms).astype(np.float32)
    return out


@runtime_checkable
class Encoder(Protocol):
    """Turns texts into unit-length vectors.

    ``name`` identifies the model and backend: two encoders with the same name must
    give the same vectors, so caches key on it. ``max_tokens`` is how many tokens one
    call reads before truncating.
    """

    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    @property
    def max_tokens(self) -> int: ...

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]: ...

    def tokenize_words(self, text: str) -> list[tuple[int, int]]: ...


_WORD = re.compile(r"\S+")


class HashEncoder:
    """A deterministic, torch-free fake encoder for fast tests: hashed bag of words.

    Texts sharing words get positive cosine; identical texts get 1.0.

    Example:
        >>> enc = HashEncoder(dim=64)
        >>> v = enc.encode(["python sql", "python sql", "nursing"])
        >>> round(float(v[0] @ v[1]), 3), float(v[0] @ v[2]) < 0.5
        (1.0, True)
    """

    def __init__(self, dim: int = 256, max_tokens: int = 256) -> None:
        self._dim = dim
        self._max_tokens = max_tokens

    @property
    def name(self) -> str:
        return f"hash-{self._dim}-{self._max_tokens}"

    @property
    def dim(self) -> int:
        return self._dim

    @property
    def max_tokens(self) -> int:
        return self._max_tokens

    def tokenize_words(self, text: str) -> list[tuple[int, int]]:
        """Character spans of the tokens (here: whitespace-separated words)."""
        return [(m.start(), m.end()) for m in _WORD.finditer(text)]

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        for i, text in enumerate(texts):
            words = re.findall(r"[a-z0-9+#]+", text.lower())[: self._max_tokens]
            for w in words:
                h = int.from_bytes(hashlib.blake2b(w.encode(), digest_size=8).digest(), "little")
                out[i, h % self._dim] += 1.0 if (h >> 32) & 1 else -1.0
        return l2_normalize(out)


class SentenceTransformerEncoder:
    """Encodes with a sentence-transformers model loaded from disk (torch, CPU).

    Args:
        model: A model directory, or ``None``/``"base"`` for the vendored all-MiniLM-L6-v2.
        batch_size: Texts per forward pass.

    Example:
        >>> enc = SentenceTransformerEncoder("base")  # doctest: +SKIP
        >>> enc.encode(["Registered Nurse"]).shape  # doctest: +SKIP
        (1, 384)
    """

    def __init__(self, model: str | Path | None = None, batch_size: int = 32) -> None:
        from jobfit.model.base import load_sentence_transformer, resolve_model_path

        self.path = resolve_model_path(model)
        self.model = load_sentence_transformer(self.path)
        self.batch_size = batch_size
        self._name = f"st:{_weights_digest(self.path)}"

    @property
    def name(self) -> str:
        return self._name

    @property
    def dim(self) -> int:
        return int(self.model.get_embedding_dimension() or 0)

    @property
    def max_tokens(self) -> int:
        return int(self.model.max_seq_length or 0)

    def tokenize_words(self, text: str) -> list[tuple[int, int]]:
        """Character spans of the model's tokens (no special tokens)."""
        tok = self.model.tokenizer
        enc = tok(
            text,
            add_special_tokens=False,
            return_offsets_mapping=True,
            truncation=False,
            verbose=False,
        )
        return [(int(a or 0), int(b or 0)) for a, b in enc["offset_mapping"]]

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


def _weights_digest(path: Path) -> str:
    """The sha256 of every weight and config file of a model (any folder depth), 16 hex digits.

    Two models share a name, and so cached vectors, only when their weights are identical.
    """
    h = hashlib.sha256()
    files = [
        f
        for pattern in ("*.safetensors", "*.bin", "config.json", "modules.json")
        for f in path.rglob(pattern)
        if "onnx" not in f.parts and "checkpoints" not in f.parts
    ]
    for f in sorted(set(files)):
        h.update(str(f.relative_to(path)).encode())
        with f.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 22), b""):
                h.update(block)
    return h.hexdigest()[:16]
