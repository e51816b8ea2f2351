"""Ranking results: a `Hit` per candidate, a `Ranking` per query, the `Scores` behind them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from jobfit.matching.explain import Explanation

__all__ = ["Hit", "Ranking", "Scores", "occupation_label"]


@dataclass(frozen=True)
class Hit:
    """One ranked candidate: id, 1-based rank, ranking ``score``, 0-100 ``fit`` and why.

    ``score`` is what the ranking sorts by: ``cosine`` plus the occupation term
    (``weight x occupation``) when occupation-aware scoring is on, else the cosine.
    """

    id: str
    rank: int
    score: float
    fit: int
    explanation: Explanation | None = None
    cosine: float | None = None
    occupation: float | None = None
    resume_occupation: str | None = None
    job_occupation: str | None = None
    language: str | None = None

    def to_dict(self, id_key: str) -> dict[str, Any]:
        """The JSONL contract's hit object, e.g. ``{"job_id": ..., "score": ..., ...}``.

        Every hit has the same keys up to ``language`` (the candidate's ISO 639-1 code,
        ``"und"`` when undetermined; occupations ``None`` where occupation scoring is off);
        ``base_fit``, ``coverage``, ``required_coverage``, ``knockouts``, ``met``, ``missing``,
        ``unclear`` and ``requirements_read`` follow when it was explained.
        """
        out: dict[str, Any] = {
            id_key: self.id,
            "rank": self.rank,
            "score": self.score,
            "fit": self.fit,
            "cosine": self.cosine,
            "occupation": self.occupation,
            "resume_occupation": self.resume_occupation,
            "job_occupation": self.job_occupation,
            "language": self.language,
        }
        if self.explanation is not None:
            e = self.explanation.to_dict()
            for key in (
                "base_fit",
                "coverage",
                "required_coverage",
                "knockouts",
                "met",
                "missing",
                "unclear",
                "requirements_read",
            ):
                out[key] = e[key]
        return out


@dataclass(frozen=True)
class Ranking:
    """The top hits for one query document (a resume, or a job with ``by="job"``)."""

    query_id: str
    by: Literal["resume", "job"]
    hits: tuple[Hit, ...]
    language: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """``{"resume_id": ..., "language": "en", "hits": [{"job_id": ...}, ...]}`` (ids swap
        with ``by="job"``; ``language`` is the query's)."""
        q_key, h_key = ("resume_id", "job_id") if self.by == "resume" else ("job_id", "resume_id")
        return {
            q_key: self.query_id,
            "language": self.language,
            "hits": [h.to_dict(h_key) for h in self.hits],
        }


@dataclass(frozen=True)
class Scores:
    """Every (resume, job) pair's cosine, occupation similarity and ranking score
    (``final``), with each side's most likely occupation as a label."""

    cosine: NDArray[np.float64]
    occupation: NDArray[np.float64] | None
    final: NDArray[np.float64]
    resume_labels: list[str | None]
    job_labels: list[str | None]


def occupation_label(top: list[tuple[str, str, float]]) -> str | None:
    return f"{top[0][1]} ({top[0][0]})" if top else None
