"""Evidence: one requirement's verdict, its reason and passage; what a resume holds."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from jobfit.documents.passages import Passage
from jobfit.documents.profile import ResumeProfile
from jobfit.documents.requirements import KNOCKOUT_KINDS, RequirementItem

__all__ = [
    "EncodedResume",
    "Evidence",
    "Verdict",
    "best_passage",
    "held_names",
    "make_evidence",
    "passage_at",
    "required_coverage",
    "years_text",
]

Verdict = Literal["met", "not met", "unclear"]


# A credential or skill that shows others: a higher degree a lower one, Epic an EMR.
_IMPLIES: dict[str, tuple[str, ...]] = {
    "class a cdl": ("class b cdl",),
    "class b cdl": ("cdl",),
    "top secret clearance": ("secret clearance",),
    "secret clearance": ("security clearance",),
    "comptia a+": ("comptia",),
    "comptia network+": ("comptia",),
    "comptia security+": ("comptia",),
    "comptia cysa+": ("comptia",),
    "sphr": ("phr",),
    "shrm-scp": ("shrm-cp",),
    "shrm-cp": ("shrm",),
    "epa 608 universal": ("epa 608 type i", "epa 608 type ii", "epa 608 type iii"),
    "epa 608 type i": ("epa 608",),
    "epa 608 type ii": ("epa 608",),
    "epa 608 type iii": ("epa 608",),
    "master electrician license": ("journeyman electrician license",),
    "six sigma black belt": ("six sigma green belt",),
    "osha 30": ("osha 10", "osha"),
    "osha 10": ("osha",),
    "six sigma green belt": ("six sigma",),
    "aws certified solutions architect": ("aws certified",),
    "registered nurse": ("nclex",),
    "epic": ("emr",),
    "cerner": ("emr",),
    "meditech": ("emr",),
    "postgresql": ("sql",),
    "mysql": ("sql",),
    "bsn": ("bachelor's degree",),
    "msn": ("master's degree", "bsn"),
    "mba": ("master's degree",),
    "phd": ("master's degree",),
    "master's degree": ("bachelor's degree",),
    "bachelor's degree": ("associate degree",),
    "associate degree": ("high school diploma",),
}


@dataclass(frozen=True)
class Evidence:
    """One requirement, the verdict on it, why, and the resume passage behind it.

    ``verdict`` is "met", "not met" or "unclear"; ``reason`` says why in words a person can
    check ("2 years of data engineering (2022-2024); 7 required"). ``how`` is "exact" (the
    resume names it), "structured" (read from dates, degrees, licences), "semantic" (a
    similar passage) or "none". ``passage`` is the supporting passage, or the closest one
    for reference; ``met`` is ``verdict == "met"``.
    """

    requirement: str
    kind: str
    met: bool
    how: Literal["exact", "structured", "semantic", "none"]
    passage: str | None
    similarity: float
    verdict: Verdict = "not met"
    reason: str = ""
    required: bool = True
    start: int = -1
    end: int = -1

    @property
    def knockout(self) -> bool:
        """A required licence, certification, degree, clearance or years requirement not met."""
        return self.required and self.verdict == "not met" and self.kind in KNOCKOUT_KINDS


def held_names(names: Iterable[str]) -> dict[str, str]:
    """Every skill or credential shown by ``names``, each mapped to the name that shows it.

    Example:
        >>> held_names(["mba", "epic"])["high school diploma"], held_names(["epic"])["emr"]
        ('mba', 'epic')
    """
    out: dict[str, str] = {}
    for name in names:
        stack = [name]
        while stack:
            current = stack.pop()
            if current not in out:
                out[current] = name
                stack.extend(_IMPLIES.get(current, ()))
    return out


@dataclass(frozen=True)
class EncodedResume:
    """A resume profile with its passages' and job titles' vectors (rows aligned).

    ``held`` maps every skill or credential the resume shows, implied ones included, to the
    name that shows it (see :func:`held_names`); it is computed once.
    """

    profile: ResumeProfile
    passages: NDArray[np.float32]
    titles: NDArray[np.float32]

    @cached_property
    def held(self) -> dict[str, str]:
        """Every skill and credential the resume shows (computed on first use)."""
        return held_names(self.profile.skills)


def passage_at(profile: ResumeProfile, pos: int) -> str:
    for p in profile.passages:
        if p.start <= pos < p.end:
            return p.text
    start = profile.text.rfind("\n", 0, pos) + 1
    end = profile.text.find("\n", pos)
    return profile.text[start : end if end >= 0 else len(profile.text)].strip(" -*\u2022\t")


def best_passage(
    resume: EncodedResume, vector: NDArray[np.float32] | None
) -> tuple[Passage | None, float]:
    if vector is None or not len(resume.profile.passages):
        return None, 0.0
    sims = resume.passages @ vector
    i = int(np.argmax(sims))
    return resume.profile.passages[i], float(sims[i])


def years_text(n: float) -> str:
    return f"{n:.0f}" if abs(n - round(n)) < 0.05 else f"{n:.1f}"


def make_evidence(
    item: RequirementItem, verdict: Verdict, how: str, passage: str | None, sim: float, reason: str
) -> Evidence:
    return Evidence(
        item.text,
        item.kind,
        verdict == "met",
        how,  # type: ignore[arg-type]
        passage,
        round(sim, 4),
        verdict,
        reason,
        item.required,
        item.start,
        item.end,
    )


def required_coverage(evidence: Iterable[Evidence]) -> float:
    """Share of required items met (unclear counts half); 1.0 when nothing is required.

    Example:
        >>> required_coverage([Evidence("a", "skill", True, "exact", None, 1.0, "met"),
        ...                    Evidence("b", "skill", False, "none", None, 0.0, "unclear")])
        0.75
    """
    items = [e for e in evidence if e.required]
    if not items:
        return 1.0
    score = sum(
        1.0 if e.verdict == "met" else 0.5 if e.verdict == "unclear" else 0.0 for e in items
    )
    return score / len(items)
