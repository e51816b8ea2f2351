"""An Encoder on ONNX Runtime (fp32 or int8): length-sorted batches, mean pooling in numpy."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from jobfit.encoding.encoder import l2_normalize
from jobfit.encoding.runtime import make_session, physical_cores
from jobfit.errors import ConfigError

if TYPE_CHECKING:
    from tokenizers import Tokenizer

__all__ = ["OnnxEncoder"]

logger = logging.getLogger(__name__)


class OnnxEncoder:
    """Encodes with ONNX Runtime on CPU; the export is made (and cached) on first use.

    Texts are tokenised with the model's own fast tokenizer, truncated at the model's
    ``max_seq_length``, sorted by length so each batch pads little, run through the
    exported transformer, mean-pooled over real tokens and L2-normalised; rows come
    back in input order.

    Args:
        model: A model directory, or ``None``/``"base"`` for the vendored all-MiniLM-L6-v2.
        quantized: ``True`` for the int8 export (1.3-1.9x torch on AVX2, cosine 0.991 to fp32).
        batch_size: Texts per forward pass; ``None`` means 64 for fp32 and 1 for int8. The
            int8 model quantizes activations per forward pass, so in a batch a text's vector
            would depend on the other texts (cosine 0.99 to itself alone); one text per pass
            gives every text one vector whatever it is encoded with, at about 1.2x the
            batched time measured here.
        threads: ONNX Runtime intra-op threads; ``None`` means the physical cores.

    Example:
        >>> enc = OnnxEncoder("base", quantized=True)  # doctest: +SKIP
        >>> enc.name.startswith("onnx-int8:"), enc.encode(["Registered Nurse"]).shape  # doctest: +SKIP
        (True, (1, 384))
    """

    def __init__(
        self,
        model: str | Path | None = None,
        quantized: bool = True,
        batch_size: int | None = None,
        threads: int | None = None,
    ) -> None:
        from jobfit.encoding.export import export_onnx, read_layout, weights_checksum
        from jobfit.model.base import resolve_model_path

        if batch_size is None:
            batch_size = 1 if quantized else 64
        if batch_size < 1:
            raise ConfigError(f"batch_size must be at least 1, got {batch_size}; pass e.g. 64")
        if threads is not None and threads < 1:
            raise ConfigError(f"threads must be at least 1, got {threads}; or pass None")
        self.path = resolve_model_path(model)
        layout = read_layout(self.path)
        checksum = weights_checksum(layout)  # hashed once: the export's cache key and our name
        self.onnx_path = export_onnx(self.path, quantize=quantized, checksum=checksum)
        self.batch_size = batch_size
        self.threads = threads or physical_cores()
        self._max_tokens = layout.max_seq_length
        # int8 vectors depend on the batch size (see above), so it is part of the name.
        self._name = (
            f"onnx-int8:{checksum[:16]}:b{batch_size}" if quantized else f"onnx:{checksum[:16]}"
        )
        self._session = make_session(self.onnx_path, self.threads)
        self._inputs = [i.name for i in self._session.get_inputs()]
        self._tokenizer = _load_tokenizer(layout.transformer_dir)
        self._tokenizer.no_padding()  # tokenizer.json may pad to a fixed length; we pad per batch
        self._words = self._tokenizer.__class__.from_str(self._tokenizer.to_str())
        self._words.no_truncation()
        self._tokenizer.enable_truncation(max_length=self._max_tokens)
        self._dim = int(self._session.get_outputs()[0].shape[-1])

    @property
    def name(self) -> str:
        return self._name

    @property
    def dim(self) -> int:
        return self._dim

    @property
    def max_tokens(self) -> int:
        return self._max_tokens

    def tokenize_words(self, text: str) -> list[tuple[int, int]]:
        """Character spans of the model's tokens (no special tokens, no truncation)."""
        return [
            (int(a), int(b)) for a, b in self._words.encode(text, add_special_tokens=False).offsets
        ]

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        if not texts:
            return np.zeros((0, self._dim), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(list(texts))
        lengths = np.fromiter((len(e.ids) for e in encodings), dtype=np.int64, count=len(texts))
        order = np.argsort(-lengths, kind="stable")
        out = np.empty((len(texts), self._dim), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            rows = order[start : start + self.batch_size]
            width = int(lengths[rows].max())
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            types = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                e = encodings[i]
                n = len(e.ids)
                ids[r, :n] = e.ids
                mask[r, :n] = 1
                types[r, :n] = e.type_ids
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            hidden = self._session.run(None, {k: feed[k] for k in self._inputs})[0]
            out[rows] = _mean_pool_normalize(np.asarray(hidden, dtype=np.float32), mask)
        return out


def _mean_pool_normalize(
    hidden: NDArray[np.float32], mask: NDArray[np.int64]
) -> NDArray[np.float32]:
    """Averages token vectors over real tokens, then scales each row to unit length."""
    weights = mask.astype(np.float32)
    summed = np.einsum("bsd,bs->bd", hidden, weights)
    counts = np.maximum(weights.sum(axis=1, keepdims=True), 1e-9)
    return l2_normalize(summed / counts)


def _load_tokenizer(transformer_dir: Path) -> Tokenizer:
    """The model's fast tokenizer: ``tokenizer.json`` directly, else via transformers."""
    from tokenizers import Tokenizer

    file = transformer_dir / "tokenizer.json"
    if file.is_file():
        return Tokenizer.from_file(str(file))
    from transformers import AutoTokenizer

    fast = AutoTokenizer.from_pretrained(str(transformer_dir), local_files_only=True)
    backend: Tokenizer = fast.backend_tokenizer
    return backend
