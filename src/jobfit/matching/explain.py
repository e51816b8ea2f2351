"""Explanations: a 0-100 fit score, requirements met and missed, and the resume passage behind each."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from jobfit.documents.passages import Passage, split_passages
from jobfit.documents.requirements import asks_for_years, extract_requirements, implied_credentials
from jobfit.documents.vocabulary import (
    SkillVocabulary,
    hard_skills,
    load_vocabulary,
    names_only_skills,
)
from jobfit.encoding.encoder import Encoder

__all__ = [
    "CALIBRATION_FILE",
    "Calibration",
    "Evidence",
    "Explanation",
    "explain_pair",
]

CALIBRATION_FILE = "jobfit_calibration.json"
SKILL_THRESHOLD = 0.62
"""Cosine from which a skill the resume does not name counts as met by a similar passage."""
QUALIFICATION_THRESHOLD = 0.55
"""Cosine from which a qualification line counts as met by the best resume passage."""
MAX_PASSAGES = 300


@dataclass(frozen=True)
class Calibration:
    """Maps cosine similarity to a 0-100 fit score for one model.

    ``fit = 100 * clip((cosine - low) / (high - low), 0, 1)``, rounded. ``low`` is the
    model's typical cosine for a non-matching pair and ``high`` for a matching pair,
    measured on the validation split when the model was trained. The map is monotonic,
    so sorting by fit and by score give the same order; 50 means halfway between a
    typical non-match and a typical match.

    Example:
        >>> Calibration(low=0.2, high=0.8).fit(0.5)
        50
    """

    low: float = 0.2
    high: float = 0.8
    source: str = "default"

    def fit(self, cosine: float) -> int:
        """The 0-100 fit score of a cosine similarity (or of a ranking score on the same scale)."""
        span = max(self.high - self.low, 1e-6)
        return round(100.0 * min(1.0, max(0.0, (cosine - self.low) / span)))

    def with_occupation(self, weight: float) -> Calibration:
        """The calibration of ``cosine + weight * occupation``: a typical match is also the same
        occupation (occupation similarity 1), so ``high`` moves up by ``weight``."""
        return Calibration(self.low, self.high + weight, self.source)

    @classmethod
    def for_model(cls, model_dir: Path | None) -> Calibration:
        """Reads ``jobfit_calibration.json`` from a model directory, else the defaults."""
        if model_dir is not None and (model_dir / CALIBRATION_FILE).is_file():
            path = model_dir / CALIBRATION_FILE
            try:
                raw = json.loads(path.read_text("utf-8"))
                return cls(float(raw["low"]), float(raw["high"]), str(path))
            except (ValueError, KeyError, TypeError) as err:
                from jobfit.errors import ModelError

                raise ModelError(
                    f"{path} is unreadable ({type(err).__name__}: {err}); delete it to use the "
                    "default calibration, or retrain the model"
                ) from err
        return cls()

    @classmethod
    def from_scores(cls, cosines: list[float], labels: list[float]) -> Calibration:
        """Low = mean cosine of pairs labelled < 0.5, high = mean cosine of pairs labelled >= 0.5."""
        neg = [c for c, y in zip(cosines, labels, strict=True) if y < 0.5]
        pos = [c for c, y in zip(cosines, labels, strict=True) if y >= 0.5]
        if not neg or not pos:
            return cls()
        return cls(float(np.mean(neg)), float(np.mean(pos)), "validation split")


@dataclass(frozen=True)
class Evidence:
    """One job requirement, whether the resume meets it, and the passage that supports it best.

    ``how`` is ``"exact"`` when the resume names the skill, ``"semantic"`` when a resume
    passage is similar enough, ``"none"`` when the requirement is missed (``passage`` is
    then the closest passage, for reference).
    """

    requirement: str
    kind: Literal["skill", "qualification"]
    met: bool
    how: Literal["exact", "semantic", "none"]
    passage: str | None
    similarity: float


@dataclass(frozen=True)
class Explanation:
    """Why a resume and a job match: the score, the fit, and requirement by requirement."""

    score: float
    fit: int
    met: tuple[Evidence, ...]
    missing: tuple[Evidence, ...]
    cosine: float | None = None
    occupation: float | None = None
    resume_occupation: str | None = None
    job_occupation: str | None = None

    @property
    def coverage(self) -> float:
        """Share of the job's requirements that the resume meets (1.0 when none were found)."""
        total = len(self.met) + len(self.missing)
        return len(self.met) / total if total else 1.0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (stable key order)."""
        return {
            "score": self.score,
            "fit": self.fit,
            "cosine": self.cosine,
            "occupation": self.occupation,
            "resume_occupation": self.resume_occupation,
            "job_occupation": self.job_occupation,
            "coverage": round(self.coverage, 4),
            "met": [asdict(e) for e in self.met],
            "missing": [asdict(e) for e in self.missing],
        }


def _passage_at(passages: list[Passage], pos: int, text: str) -> str:
    for p in passages:
        if p.start <= pos < p.end:
            return p.text
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start : end if end >= 0 else len(text)].strip()


def explain_pair(
    resume: str,
    job: str,
    encoder: Encoder,
    score: float,
    calibration: Calibration | None = None,
    vocabulary: SkillVocabulary | None = None,
) -> Explanation:
    """Explains one (resume, job) pair.

    Requirements come from the job text (skills from the vocabulary, and qualification
    lines such as degrees, licences and years of experience). A skill the resume names is
    met exactly, and so is a short qualification line whose skills the resume all names
    ("CPA a plus") unless it asks for years of experience; a credential is held when the
    resume names it or a higher one (a master's holds a bachelor's). Any other requirement
    is met when the most similar resume passage (line or sentence) reaches a cosine
    threshold, except that a line whose credentials are none of them held is never met by
    similarity ("LPN" is not met by "Registered Nurse"). Every requirement carries its best
    resume passage.

    Args:
        resume: Resume text.
        job: Job posting text.
        encoder: Encodes requirements and passages (a cached encoder makes repeats free).
        score: The pair's cosine similarity (from the ranking).
        calibration: Maps the score to the 0-100 fit.
        vocabulary: Skill vocabulary; the vendored one by default.

    Example:
        >>> from jobfit.encoding.encoder import HashEncoder
        >>> e = explain_pair("Skills: python, sql", "Requirements: python, java", HashEncoder(), 0.5)
        >>> [x.requirement for x in e.met], [x.requirement for x in e.missing]
        (['python'], ['java'])
    """
    vocab = vocabulary if vocabulary is not None else load_vocabulary()
    calib = calibration or Calibration()
    title = job.strip().split("\n", 1)[0].strip()
    requirements = [
        r
        for r in extract_requirements(job, vocabulary=vocab)
        if r.kind == "skill" or r.text != title
    ]
    passages = split_passages(resume)[:MAX_PASSAGES]
    first_mention: dict[str, int] = {}
    for m in vocab.find(resume):
        first_mention.setdefault(m.skill, m.start)
    # Skills held, credentials implied by higher ones included ("MBA" holds "bachelor's degree"),
    # each at the position of the mention that shows it.
    mentions = {
        skill: first_mention[by] for skill, by in implied_credentials(first_mention).items()
    }
    texts = [r.text for r in requirements]
    if requirements and passages:
        vectors = encoder.encode(texts + [p.text for p in passages])
        sims = vectors[: len(texts)] @ vectors[len(texts) :].T
    else:
        sims = np.zeros((len(requirements), max(1, len(passages))), dtype=np.float32)
    met: list[Evidence] = []
    missing: list[Evidence] = []
    for i, req in enumerate(requirements):
        best = int(np.argmax(sims[i])) if passages else -1
        best_sim = float(sims[i, best]) if passages else 0.0
        best_text = passages[best].text if passages else None
        # The skills a requirement names: the skill itself, or those in a qualification line.
        named = [req.skill] if req.skill is not None else hard_skills(req.text, vocab)
        # A line is met by name only if it asks for little besides its skills, and not for
        # years: "5+ years of Python" or "lift 50 lbs ... use Excel" stay semantic.
        exact = req.kind == "skill" or (
            not asks_for_years(req.text) and names_only_skills(req.text, vocab)
        )
        if named and exact and all(n in mentions for n in named):
            ev = Evidence(
                req.text,
                req.kind,
                True,
                "exact",
                _passage_at(passages, mentions[named[0]], resume),
                round(best_sim, 4),
            )
        else:
            threshold = SKILL_THRESHOLD if req.kind == "skill" else QUALIFICATION_THRESHOLD
            # A licence, certification or degree is held or not: never met by a similar line.
            # A line may offer several ("RN or LPN license"): one held is enough.
            creds = [n for n in named if n in vocab.credentials]
            unheld = bool(creds) and not any(c in mentions for c in creds)
            ok = best_sim >= threshold and not unheld
            ev = Evidence(
                req.text, req.kind, ok, "semantic" if ok else "none", best_text, round(best_sim, 4)
            )
        (met if ev.met else missing).append(ev)
    return Explanation(round(float(score), 6), calib.fit(score), tuple(met), tuple(missing))
