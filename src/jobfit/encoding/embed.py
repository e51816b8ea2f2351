"""Document embeddings for long texts: every window encoded once, then aggregated."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, get_args

import numpy as np
from numpy.typing import NDArray

from jobfit.encoding.encoder import Encoder, l2_normalize
from jobfit.encoding.windows import split_windows
from jobfit.errors import ConfigError

__all__ = [
    "AGGREGATIONS",
    "DEFAULT_AGGREGATION",
    "DEFAULT_FIRST_WEIGHT",
    "DEFAULT_MAX_WINDOWS",
    "Aggregation",
    "embed_documents",
]

Aggregation = Literal["first", "mean", "weighted"]
AGGREGATIONS: tuple[str, ...] = get_args(Aggregation)
DEFAULT_AGGREGATION: Aggregation = "weighted"
DEFAULT_FIRST_WEIGHT = 0.8
"""Share of the first window (headline + summary) in the document vector; the other
windows share the rest equally. Measured on the development set (benchmarks/dev_ranking.py,
NDCG@10): base model 0.510 truncated, 0.517 at 0.8, 0.500 at 0.5, 0.453 plain mean; seed-recipe
model 0.570 truncated, 0.574 at 0.8, 0.541 at 0.5, 0.499 plain mean."""


DEFAULT_MAX_WINDOWS = 2
"""Windows read per document by default. Measured on dev with the default pipeline
(benchmarks/window_count.py, NDCG@10 full / first line removed / content only): 1 window
0.733 / 0.719 / 0.490, 2 windows 0.737 / 0.719 / 0.519, all 0.734 / 0.716 / 0.515; encoding
the 253 dev resumes (4.5 windows on average) took 5.6 s, 11.2 s and 29.4 s. Two windows
rank as well as all of them at 38% of the cost. Explanations still read the whole text."""


def embed_documents(
    texts: Sequence[str],
    encoder: Encoder,
    aggregation: str = DEFAULT_AGGREGATION,
    first_weight: float = DEFAULT_FIRST_WEIGHT,
    max_windows: int | None = DEFAULT_MAX_WINDOWS,
) -> NDArray[np.float32]:
    """Embeds whole documents, however long, as unit vectors.

    Each document is cut into windows the model reads whole (:func:`split_windows`); all
    windows of all documents go through the encoder in one batched call, so a window
    shared by several documents is encoded once. The document vector is then:

    - ``first``: the first window only (what truncation at 256 tokens gives);
    - ``mean``: the mean of all windows;
    - ``weighted``: ``first_weight`` x first window + the rest averaged over the other
      windows; every window contributes, the headline window most.

    ``max_windows`` reads only a document's first windows (``None``: all of them; 2 by
    default, see `DEFAULT_MAX_WINDOWS`): the windows after the first carry 0.2 of the
    vector but most of a long resume's encoding.

    Example:
        >>> from jobfit.encoding.encoder import HashEncoder
        >>> v = embed_documents(["python sql\\njava", "nursing"], HashEncoder(max_tokens=4))
        >>> v.shape, bool(abs(float((v[0] ** 2).sum()) - 1.0) < 1e-5)
        ((2, 256), True)
    """
    if aggregation not in AGGREGATIONS:
        raise ConfigError(
            f"unknown aggregation {aggregation!r}; use one of {', '.join(AGGREGATIONS)}"
        )
    if not 0.0 <= first_weight <= 1.0:
        raise ConfigError(f"first_weight {first_weight} is outside [0, 1]; pass e.g. 0.5")
    if max_windows is not None and max_windows < 1:
        raise ConfigError(f"max_windows must be at least 1 or None, got {max_windows}")
    windows = [(split_windows(t, encoder) or [])[:max_windows] for t in texts]
    flat: list[str] = []
    owners: list[int] = []
    for i, ws in enumerate(windows):
        if not ws:  # an empty document still gets a (zero-information) window
            flat.append(texts[i][:1000] or " ")
            owners.append(i)
        for w in ws if aggregation != "first" else ws[:1]:
            flat.append(w.text)
            owners.append(i)
    vectors = encoder.encode(flat)
    out = np.zeros((len(texts), encoder.dim), dtype=np.float32)
    # windows are appended document by document, so each document owns one contiguous run
    bounds = np.searchsorted(np.asarray(owners), np.arange(len(texts) + 1))
    for i in range(len(texts)):
        rows = vectors[bounds[i] : bounds[i + 1]]
        if aggregation == "first" or len(rows) == 1:
            out[i] = rows[0]
        elif aggregation == "mean":
            out[i] = rows.mean(axis=0)
        else:
            out[i] = first_weight * rows[0] + (1.0 - first_weight) * rows[1:].mean(axis=0)
    return l2_normalize(out)
