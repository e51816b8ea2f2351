"""Ranking metrics (NDCG@k, MRR@k, MAP, Recall@k) over a query x document score matrix."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["ranking_metrics"]


def ranking_metrics(
    scores: NDArray[np.floating],
    relevance: NDArray[np.floating],
    k: int = 10,
    relevant_at: float = 0.5,
) -> dict[str, float]:
    """Computes mean ranking metrics, one query per row.

    NDCG@k uses the graded relevance (gain = relevance, log2 discount); MRR@k, MAP and
    Recall@k count a document as relevant when its relevance is at least ``relevant_at``.
    Queries without any relevant document are left out of every mean. Ties in ``scores``
    are broken by document index so the result is deterministic.

    Args:
        scores: ``(queries, documents)`` predicted scores, higher is better.
        relevance: Same shape, graded relevance (0 = not relevant).
        k: Cut-off for NDCG, MRR and Recall.
        relevant_at: Threshold for the binary metrics.

    Returns:
        ``ndcg@k``, ``mrr@k``, ``map``, ``recall@k`` and ``queries`` (how many were scored).

    Example:
        >>> s = np.array([[0.9, 0.1, 0.5]])
        >>> r = np.array([[0.0, 0.0, 1.0]])
        >>> m = ranking_metrics(s, r, k=2)
        >>> m["mrr@2"], m["recall@2"]
        (0.5, 1.0)
    """
    scores = np.asarray(scores, dtype=np.float64)
    relevance = np.asarray(relevance, dtype=np.float64)
    if scores.shape != relevance.shape or scores.ndim != 2:
        raise ValueError(
            f"scores {scores.shape} and relevance {relevance.shape} must be equal 2-D shapes"
        )
    ndcgs: list[float] = []
    mrrs: list[float] = []
    aps: list[float] = []
    recalls: list[float] = []
    discounts = 1.0 / np.log2(np.arange(2, scores.shape[1] + 2))
    for row_scores, row_rel in zip(scores, relevance, strict=True):
        binary = row_rel >= relevant_at
        if not binary.any() and not (row_rel > 0).any():
            continue
        order = np.lexsort((np.arange(len(row_scores)), -row_scores))
        ranked_rel = row_rel[order]
        ideal = np.sort(row_rel)[::-1]
        idcg = float((ideal[:k] * discounts[:k]).sum())
        ndcgs.append(float((ranked_rel[:k] * discounts[:k]).sum()) / idcg if idcg > 0 else 0.0)
        if not binary.any():
            continue
        ranked_bin = binary[order]
        hits = np.flatnonzero(ranked_bin)
        first = hits[0]
        mrrs.append(1.0 / (first + 1) if first < k else 0.0)
        precision_at_hits = np.arange(1, len(hits) + 1) / (hits + 1)
        aps.append(float(precision_at_hits.mean()))
        recalls.append(float(ranked_bin[:k].sum()) / float(binary.sum()))

    def mean(values: list[float]) -> float:
        return float(np.mean(values)) if values else 0.0

    return {
        f"ndcg@{k}": mean(ndcgs),
        f"mrr@{k}": mean(mrrs),
        "map": mean(aps),
        f"recall@{k}": mean(recalls),
        "queries": float(len(ndcgs)),
    }
