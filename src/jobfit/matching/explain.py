"""Explanations: a 0-100 fit score, each requirement's verdict and reason, and knockouts."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from jobfit.documents.language import ENGLISH, reads_english
from jobfit.documents.profile import JobProfile, ResumeProfile, read_job, read_resume
from jobfit.documents.vocabulary import SkillVocabulary
from jobfit.encoding.encoder import Encoder
from jobfit.matching.verdicts import EncodedResume, Evidence, judge, required_coverage

__all__ = [
    "CALIBRATION_FILE",
    "KNOCKOUT_CAP",
    "KNOCKOUT_PENALTY",
    "Calibration",
    "EncodedJob",
    "Evidence",
    "Explanation",
    "encode_job",
    "encode_resume",
    "explain_pair",
    "explain_profiles",
]

CALIBRATION_FILE = "jobfit_calibration.json"
KNOCKOUT_CAP = 49
"""The highest fit of a resume that fails a required licence, certification, degree, clearance or years."""
KNOCKOUT_PENALTY = 10
"""Fit points taken off for each knockout, below the cap."""


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
class Explanation:
    """Why a resume and a job match: the score, the fit, and requirement by requirement.

    ``met``, ``missing`` and ``unclear`` hold each requirement's :class:`Evidence` by verdict,
    required items first; ``knockouts`` are the required licences, certifications, degrees,
    clearances and years that are not met. ``base_fit`` is the calibrated score; ``fit`` is
    ``min(base_fit, 49) - 10`` per knockout (not below 0) when there are knockouts, else
    ``base_fit``.
    """

    score: float
    fit: int
    met: tuple[Evidence, ...]
    missing: tuple[Evidence, ...]
    cosine: float | None = None
    occupation: float | None = None
    resume_occupation: str | None = None
    job_occupation: str | None = None
    unclear: tuple[Evidence, ...] = ()
    base_fit: int | None = None
    resume_language: str = ENGLISH
    job_language: str = ENGLISH

    @property
    def requirements_read(self) -> bool:
        """Whether the posting's requirements were read (it is in English, or undetermined)."""
        return reads_english(self.job_language)

    @property
    def knockouts(self) -> tuple[Evidence, ...]:
        """The required qualifications not met, which cap the fit."""
        return tuple(e for e in self.missing if e.knockout)

    @property
    def coverage(self) -> float:
        """Share of the job's requirements that the resume meets (1.0 when none were found)."""
        total = len(self.met) + len(self.missing) + len(self.unclear)
        return len(self.met) / total if total else 1.0

    @property
    def required_coverage(self) -> float:
        """Share of the required items met (unclear counts half)."""
        return required_coverage((*self.met, *self.missing, *self.unclear))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (stable key order); knockouts first among the requirement lists."""
        return {
            "score": self.score,
            "fit": self.fit,
            "base_fit": self.base_fit,
            "cosine": self.cosine,
            "occupation": self.occupation,
            "resume_occupation": self.resume_occupation,
            "job_occupation": self.job_occupation,
            "coverage": round(self.coverage, 4),
            "required_coverage": round(self.required_coverage, 4),
            "knockouts": [_evidence_dict(e) for e in self.knockouts],
            "met": [_evidence_dict(e) for e in self.met],
            "missing": [_evidence_dict(e) for e in self.missing],
            "unclear": [_evidence_dict(e) for e in self.unclear],
            "language": {"resume": self.resume_language, "job": self.job_language},
            "requirements_read": self.requirements_read,
        }


def _evidence_dict(e: Evidence) -> dict[str, Any]:
    return asdict(e)


def knockout_fit(base: int, knockouts: int) -> int:
    """The fit after knockouts: capped at 49, then 10 points off each (not below 0).

    Example:
        >>> knockout_fit(80, 0), knockout_fit(80, 1), knockout_fit(40, 2)
        (80, 39, 20)
    """
    if not knockouts:
        return base
    return max(0, min(base, KNOCKOUT_CAP) - KNOCKOUT_PENALTY * knockouts)


@dataclass(frozen=True)
class EncodedJob:
    """A job profile with its requirements' vectors and its years fields' vectors (rows aligned)."""

    profile: JobProfile
    vectors: NDArray[np.float32]
    fields: NDArray[np.float32]


def encode_job(profile: JobProfile, encoder: Encoder) -> EncodedJob:
    """Encodes a job profile's requirement texts and years fields once."""
    texts = [r.text for r in profile.requirements] + [
        r.field or r.text for r in profile.requirements
    ]
    if not texts:
        empty = np.zeros((0, encoder.dim), dtype=np.float32)
        return EncodedJob(profile, empty, empty)
    v = encoder.encode(texts)
    n = len(profile.requirements)
    return EncodedJob(profile, v[:n], v[n:])


def encode_resume(profile: ResumeProfile, encoder: Encoder) -> EncodedResume:
    """Encodes a resume profile's passages and job titles once."""
    passages = [p.text for p in profile.passages]
    titles = [e.title or e.text.split("\n", 1)[0] for e in profile.experience]
    texts = passages + titles
    if not texts:
        empty = np.zeros((0, encoder.dim), dtype=np.float32)
        return EncodedResume(profile, empty, empty)
    v = encoder.encode(texts)
    return EncodedResume(profile, v[: len(passages)], v[len(passages) :])


def explain_profiles(
    resume: EncodedResume, job: EncodedJob, score: float, calibration: Calibration | None = None
) -> Explanation:
    """Explains one pair from profiles read and encoded once (the fast path for rankings)."""
    calib = calibration or Calibration()
    items = job.profile.requirements
    verdicts: list[Evidence | None] = [None] * len(items)
    # Years first: experience stands in for a degree only if the posting's years are met.
    for i, item in enumerate(items):
        if item.kind == "years":
            verdicts[i] = judge(item, resume, job.vectors[i], job.fields[i])
    years_met = not any(v is not None and v.required and v.verdict == "not met" for v in verdicts)
    for i, item in enumerate(items):
        if verdicts[i] is None:
            verdicts[i] = judge(item, resume, job.vectors[i], equivalent_ok=years_met)
    evidence = [v for v in verdicts if v is not None]

    def order(items: list[Evidence]) -> tuple[Evidence, ...]:
        return tuple(sorted(items, key=lambda e: (not e.knockout, not e.required)))

    met = order([e for e in evidence if e.verdict == "met"])
    missing = order([e for e in evidence if e.verdict == "not met"])
    unclear = order([e for e in evidence if e.verdict == "unclear"])
    base = calib.fit(score)
    fit = knockout_fit(base, sum(e.knockout for e in missing))
    return Explanation(
        round(float(score), 6),
        fit,
        met,
        missing,
        unclear=unclear,
        base_fit=base,
        resume_language=resume.profile.language,
        job_language=job.profile.language,
    )


def explain_pair(
    resume: str,
    job: str,
    encoder: Encoder,
    score: float,
    calibration: Calibration | None = None,
    vocabulary: SkillVocabulary | None = None,
    today: dt.date | None = None,
) -> Explanation:
    """Explains one (resume, job) pair from their texts.

    The job's requirements are read as typed items (:func:`jobfit.documents.requirements.read_requirements`)
    and the resume as a profile (experience dates, degrees, credentials, skills); each
    requirement gets a verdict (met, not met or unclear), a reason and the resume passage
    behind it (:func:`jobfit.matching.verdicts.judge`). A required licence, certification,
    degree, clearance or years requirement that is not met is a knockout: the fit is at most
    49 and loses 10 points per knockout.

    Args:
        resume: Resume text.
        job: Job posting text.
        encoder: Encodes requirements and passages (a cached encoder makes repeats free).
        score: The pair's ranking score (from the ranking).
        calibration: Maps the score to the 0-100 fit.
        vocabulary: Skill vocabulary; the vendored one by default.
        today: The date "Present" stands for in the resume's dates; today by default.

    Example:
        >>> from jobfit.encoding.encoder import HashEncoder
        >>> e = explain_pair("Skills: python, sql", "Requirements: python, java", HashEncoder(), 0.5)
        >>> [x.requirement for x in e.met], [x.requirement for x in e.missing]
        (['python'], ['java'])
    """
    r = encode_resume(read_resume(resume, today, vocabulary), encoder)
    j = encode_job(read_job(job, vocabulary), encoder)
    return explain_profiles(r, j, score, calibration)
