"""Evaluating a model on pairs: the card's similarity metrics plus per-resume ranking metrics."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from jobfit.data.pairs import PairSet
from jobfit.matching.metrics import ranking_metrics

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

__all__ = ["evaluate_pairs", "pair_cosines", "similarity_metrics"]


def pair_cosines(model: SentenceTransformer, pairs: PairSet, batch_size: int = 16) -> np.ndarray:
    """Cosine similarity of each (resume, job) pair, in pair order."""
    a, b = (
        model.encode(
            texts,
            batch_size=batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        for texts in (pairs.resumes, pairs.jobs)
    )
    return np.asarray((a * b).sum(axis=1), dtype=np.float64)


def similarity_metrics(
    model: SentenceTransformer,
    pairs: PairSet,
    batch_size: int = 16,
    cosines: np.ndarray | None = None,
) -> dict[str, float]:
    """Pearson and Spearman correlation of cosine similarity with the pair scores.

    These are the figures ``EmbeddingSimilarityEvaluator`` reports as ``pearson_cosine``
    and ``spearman_cosine``, computed the same way (scipy) but without writing to the
    model card's training log. Pass ``cosines`` (from :func:`pair_cosines`) when you
    already have them, so the pairs are not encoded twice.
    """
    from scipy.stats import pearsonr, spearmanr

    if len(pairs) < 2 or len(set(pairs.scores)) < 2:
        from jobfit.errors import DataError

        raise DataError(
            f"{pairs.source}: correlations need at least 2 pairs with different scores "
            f"(got {len(pairs)} pair(s), {len(set(pairs.scores))} distinct score(s)); add pairs"
        )
    cos = pair_cosines(model, pairs, batch_size) if cosines is None else cosines
    labels = np.asarray(pairs.scores, dtype=np.float64)
    return {
        "pearson_cosine": float(pearsonr(labels, cos)[0]),
        "spearman_cosine": float(spearmanr(labels, cos)[0]),
    }


@dataclass(frozen=True)
class PairRanking:
    """The distinct resumes and jobs of a pair set, with the relevance matrix between them."""

    resumes: list[str]
    jobs: list[str]
    relevance: np.ndarray


def pair_ranking(pairs: PairSet) -> PairRanking:
    """Turns pairs into a ranking task: each distinct resume queries the distinct jobs.

    A (resume, job) combination absent from the file has relevance 0; a combination listed
    twice keeps its highest score.
    """
    resumes = list(dict.fromkeys(pairs.resumes))
    jobs = list(dict.fromkeys(pairs.jobs))
    r_index = {t: i for i, t in enumerate(resumes)}
    j_index = {t: i for i, t in enumerate(jobs)}
    relevance = np.zeros((len(resumes), len(jobs)), dtype=np.float64)
    for r, j, s in zip(pairs.resumes, pairs.jobs, pairs.scores, strict=True):
        i, k = r_index[r], j_index[j]
        relevance[i, k] = max(relevance[i, k], s)
    return PairRanking(resumes, jobs, relevance)


def evaluate_pairs(
    model: SentenceTransformer | str | Path | None,
    pairs: PairSet,
    k: int = 10,
    batch_size: int = 16,
) -> dict[str, float]:
    """Evaluates a model on a pair set.

    Returns ``pearson_cosine`` and ``spearman_cosine`` (as the card reports them), and
    ``ndcg@k``, ``mrr@k``, ``map``, ``recall@k`` from treating each distinct resume as a
    query over the distinct jobs in the file (relevant: score >= 0.5), plus counts.

    Example:
        >>> from jobfit.data.seed_generator import generate_seed_pairs
        >>> s = generate_seed_pairs(train_size=2, val_size=9, test_size=2)
        >>> m = evaluate_pairs("base", PairSet.from_pairs(s.val))  # doctest: +SKIP
        >>> sorted(m)[:2]  # doctest: +SKIP
        ['map', 'mrr@10']
    """
    from jobfit.model.base import load_sentence_transformer

    st = (
        model
        if not isinstance(model, (str, Path)) and model is not None
        else load_sentence_transformer(model)
    )
    metrics = similarity_metrics(st, pairs, batch_size=batch_size)
    task = pair_ranking(pairs)
    q = st.encode(
        task.resumes,
        batch_size=batch_size,
        convert_to_numpy=True,
        normalize_embeddings=True,
        show_progress_bar=False,
    )
    d = st.encode(
        task.jobs,
        batch_size=batch_size,
        convert_to_numpy=True,
        normalize_embeddings=True,
        show_progress_bar=False,
    )
    ranking = ranking_metrics(q @ d.T, task.relevance, k=k, relevant_at=0.5)
    metrics.update(ranking)
    metrics["pairs"] = float(len(pairs))
    metrics["jobs"] = float(len(task.jobs))
    return metrics
