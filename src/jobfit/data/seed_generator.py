"""Seeded generator of (resume, job, score) pairs in exactly the seed model card's text templates."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from jobfit.errors import ConfigError

__all__ = [
    "Family",
    "GeneratedSplits",
    "Pair",
    "SeedTemplates",
    "generate_seed_pairs",
    "load_seed_templates",
]

MIN_RESUME_SKILLS = 5
MAX_RESUME_SKILLS = 9
MIN_JOB_SKILLS = 4
MAX_JOB_SKILLS = 8


@dataclass(frozen=True)
class Family:
    """One role family: title variants on each side and the skill pool both sides draw from."""

    name: str
    resume_titles: tuple[str, ...]
    job_titles: tuple[str, ...]
    skills: tuple[str, ...]


@dataclass(frozen=True)
class SeedTemplates:
    """The fixed sentences and the role families of the seed templates."""

    resume_summary: str
    resume_highlights: str
    job_responsibilities: str
    taglines: tuple[str, ...]
    families: tuple[Family, ...]


@dataclass(frozen=True)
class Pair:
    """One training example: a resume text, a job text and a score in [0, 1]."""

    resume: str
    job: str
    score: float

    def to_record(self) -> dict[str, Any]:
        """Returns the row in the seed's column names (``sentence_0``, ``sentence_1``, ``label``)."""
        return {"sentence_0": self.resume, "sentence_1": self.job, "label": self.score}


@dataclass(frozen=True)
class GeneratedSplits:
    """Train, validation and test pairs; no resume or job text appears in two splits."""

    train: list[Pair]
    val: list[Pair]
    test: list[Pair]

    def write(self, out_dir: Path) -> dict[str, Path]:
        """Writes ``train.jsonl``, ``val.jsonl`` and ``test.jsonl`` into ``out_dir``.

        Returns:
            The path of each split by name.
        """
        out_dir.mkdir(parents=True, exist_ok=True)
        paths: dict[str, Path] = {}
        for name, pairs in (("train", self.train), ("val", self.val), ("test", self.test)):
            path = out_dir / f"{name}.jsonl"
            lines = [json.dumps(p.to_record(), ensure_ascii=False) for p in pairs]
            path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
            paths[name] = path
        return paths


@lru_cache(maxsize=1)
def load_seed_templates() -> SeedTemplates:
    """Loads the vendored seed templates and role families.

    Example:
        >>> t = load_seed_templates()
        >>> len(t.families) >= 18, len(t.taglines)
        (True, 5)
    """
    raw = json.loads(
        resources.files("jobfit.data.resources").joinpath("seed_families.json").read_text("utf-8")
    )
    families = tuple(
        Family(
            name=f["name"],
            resume_titles=tuple(f["resume_titles"]),
            job_titles=tuple(f["job_titles"]),
            skills=tuple(sorted(f["skills"])),
        )
        for f in raw["families"]
    )
    return SeedTemplates(
        resume_summary=raw["resume_summary"],
        resume_highlights=raw["resume_highlights"],
        job_responsibilities=raw["job_responsibilities"],
        taglines=tuple(raw["taglines"]),
        families=families,
    )


def _skills(rng: random.Random, pool: tuple[str, ...], low: int, high: int) -> str:
    k = rng.randint(low, min(high, len(pool)))
    return ", ".join(sorted(rng.sample(pool, k)))


def render_resume(rng: random.Random, family: Family, t: SeedTemplates) -> str:
    """Renders one resume in the seed template (title, Summary, Skills, Highlights)."""
    title = rng.choice(family.resume_titles)
    skills = _skills(rng, family.skills, MIN_RESUME_SKILLS, MAX_RESUME_SKILLS)
    tagline = rng.choice(t.taglines)
    return (
        f"{title}\nSummary: {t.resume_summary}\nSkills: {skills}.\n"
        f"Highlights: {t.resume_highlights} {tagline}"
    )


def render_job(rng: random.Random, family: Family, t: SeedTemplates) -> str:
    """Renders one job posting in the seed template (title, Responsibilities, Requirements)."""
    title = rng.choice(family.job_titles)
    skills = _skills(rng, family.skills, MIN_JOB_SKILLS, MAX_JOB_SKILLS)
    tagline = rng.choice(t.taglines)
    return (
        f"{title}\nResponsibilities: {t.job_responsibilities}\n"
        f"Requirements: experience with {skills}. {tagline}"
    )


def _split(
    rng: random.Random,
    size: int,
    t: SeedTemplates,
    taken_resumes: set[str],
    taken_jobs: set[str],
) -> list[Pair]:
    positives = (size + 1) // 2 if size % 2 else size // 2
    labels = [1.0] * positives + [0.0] * (size - positives)
    rng.shuffle(labels)
    pairs: list[Pair] = []
    own_resumes: set[str] = set()
    own_jobs: set[str] = set()
    for label in labels:
        for _attempt in range(10_000):
            fam_r = rng.choice(t.families)
            if label == 1.0:
                fam_j = fam_r
            else:
                fam_j = rng.choice([f for f in t.families if f.name != fam_r.name])
            resume = render_resume(rng, fam_r, t)
            job = render_job(rng, fam_j, t)
            if resume in taken_resumes or job in taken_jobs:
                continue
            if resume in own_resumes and job in own_jobs:
                continue
            break
        else:  # pragma: no cover - only with absurd sizes
            raise ConfigError(
                f"could not draw {size} distinct pairs from {len(t.families)} families; use a smaller size"
            )
        own_resumes.add(resume)
        own_jobs.add(job)
        pairs.append(Pair(resume=resume, job=job, score=label))
    taken_resumes |= own_resumes
    taken_jobs |= own_jobs
    return pairs


def generate_seed_pairs(
    seed: int = 42, train_size: int = 100, val_size: int = 101, test_size: int = 50
) -> GeneratedSplits:
    """Generates seed-style pairs: same family scores 1.0, different families 0.0.

    Each split is balanced (an odd split has one more positive), so the train label mean
    is 0.5 like the card's. A validation split of ``n`` and ``n + 1`` examples per class
    lets a perfect model reach the card's Spearman of sqrt(3)/2 = 0.8660, the ceiling for
    binary labels. No resume or job text appears in two splits.

    Args:
        seed: Seed of the random generator; the same seed gives byte-identical files.
        train_size: Number of training pairs (the card used 100).
        val_size: Number of validation pairs (odd sizes reach the card's Spearman).
        test_size: Number of test pairs.

    Example:
        >>> splits = generate_seed_pairs(seed=1, train_size=4, val_size=3, test_size=2)
        >>> [len(splits.train), len(splits.val), len(splits.test)]
        [4, 3, 2]
        >>> sum(p.score for p in splits.train) / 4
        0.5
    """
    for name, value in (
        ("train_size", train_size),
        ("val_size", val_size),
        ("test_size", test_size),
    ):
        if value < 1:
            raise ConfigError(f"{name} must be at least 1, got {value}; pass a positive number")
    t = load_seed_templates()
    rng = random.Random(seed)
    taken_resumes: set[str] = set()
    taken_jobs: set[str] = set()
    train = _split(rng, train_size, t, taken_resumes, taken_jobs)
    val = _split(rng, val_size, t, taken_resumes, taken_jobs)
    test = _split(rng, test_size, t, taken_resumes, taken_jobs)
    return GeneratedSplits(train=train, val=val, test=test)
