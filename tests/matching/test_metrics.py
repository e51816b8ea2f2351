"""Ranking metrics against hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from jobfit.matching.metrics import ranking_metrics


def test_perfect_and_worst_rankings() -> None:
    rel = np.array([[1.0, 0.0, 0.0, 0.0]])
    best = ranking_metrics(np.array([[0.9, 0.1, 0.2, 0.3]]), rel, k=10)
    worst = ranking_metrics(np.array([[0.0, 0.1, 0.2, 0.3]]), rel, k=10)
    assert best["ndcg@10"] == 1.0
    assert best["mrr@10"] == 1.0
    assert best["map"] == 1.0
    assert worst["mrr@10"] == 0.25
    assert worst["ndcg@10"] == pytest.approx(1 / math.log2(5))


def test_graded_ndcg_map_and_recall_cutoff() -> None:
    scores = np.array([[0.9, 0.8, 0.7, 0.6]])
    rel = np.array([[0.5, 0.0, 1.0, 1.0]])
    m = ranking_metrics(scores, rel, k=2, relevant_at=1.0)
    dcg = 0.5 / math.log2(2)
    idcg = 1.0 / math.log2(2) + 1.0 / math.log2(3)
    assert m["ndcg@2"] == pytest.approx(dcg / idcg)
    assert m["mrr@2"] == 0.0
    assert m["map"] == pytest.approx((1 / 3 + 2 / 4) / 2)
    assert m["recall@2"] == 0.0


def test_queries_without_relevant_documents_are_skipped_and_ties_are_stable() -> None:
    scores = np.array([[0.5, 0.5], [0.1, 0.2]])
    rel = np.array([[0.0, 1.0], [0.0, 0.0]])
    m = ranking_metrics(scores, rel, k=1)
    assert m["queries"] == 1.0
    assert m["mrr@1"] == 0.0  # tie broken by index: document 0 first
    with pytest.raises(ValueError, match="must be equal 2-D shapes"):
        ranking_metrics(scores, rel[:1], k=1)
