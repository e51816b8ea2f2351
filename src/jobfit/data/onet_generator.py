"""Seeded generator of graded resume-job pairs and hard-negative triplets from the O*NET occupations.

Each pair is a synthetic resume of one occupation and a synthetic posting of another (or the
same) occupation, both rendered from O*NET titles, task statements and descriptions in varied
layouts (see ``onet_render``). Labels: 1.0 the same occupation, 0.5 occupations linked in O*NET's
Related Occupations (either direction, the tiers in ``related_tiers``), 0.0 otherwise.

Validation and test use held-out occupations: ``split_codes`` sets aside clusters of related
codes (a random code plus some of its Primary-Short links) for each, so both texts of a
validation or test pair come from occupations that training never saw, and 0.5 pairs still
exist inside the held-out sets. Metrics on them measure generalisation to new occupations.

This product includes information from the O*NET 26.3 Database by USDOL/ETA, used under CC BY 4.0.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from jobfit.data.onet_profiles import ProfileBook, default_book
from jobfit.data.onet_render import render_job, render_resume
from jobfit.data.seed_generator import GeneratedSplits, Pair
from jobfit.errors import ConfigError

__all__ = [
    "CodeSplit",
    "OnetDataset",
    "PairSpec",
    "Triplet",
    "generate_onet_dataset",
    "generate_onet_pairs",
    "generate_onet_triplets",
    "split_codes",
    "write_triplets",
]

Kind = Literal["positive", "related", "hard", "random"]
_TIER_WEIGHT = {"Primary-Short": 3.0, "Primary-Long": 2.0, "Supplemental": 1.0}
_ALL_TIERS = ("Primary-Short", "Primary-Long", "Supplemental")


@dataclass(frozen=True)
class CodeSplit:
    """The occupation codes of each split; the three are disjoint."""

    train: tuple[str, ...]
    val: tuple[str, ...]
    test: tuple[str, ...]


@dataclass(frozen=True)
class PairSpec:
    """How a pair was drawn: the resume's and the job's codes, the kind of draw and the label."""

    resume_code: str
    job_code: str
    kind: Kind
    score: float


@dataclass(frozen=True)
class OnetDataset:
    """Generated splits with the spec of every pair and the codes of each split."""

    splits: GeneratedSplits
    specs: dict[str, list[PairSpec]]
    codes: CodeSplit


@dataclass(frozen=True)
class Triplet:
    """An anchor resume, a posting of its occupation and a posting of a near-miss occupation."""

    resume: str
    job: str
    negative_job: str
    code: str = ""
    negative_code: str = ""

    def to_record(self) -> dict[str, Any]:
        """Returns the row for MultipleNegativesRankingLoss (``anchor``, ``positive``, ``negative``)."""
        return {"anchor": self.resume, "positive": self.job, "negative": self.negative_job}


def split_codes(
    seed: int = 42,
    val_fraction: float = 0.05,
    test_fraction: float = 0.05,
    book: ProfileBook | None = None,
) -> CodeSplit:
    """Holds out clusters of related occupations for validation and test; the rest is training.

    Only occupations with task statements are used (the "All Other" codes have none).

    Example:
        >>> s = split_codes(seed=1)
        >>> len(s.val) > 10, set(s.val).isdisjoint(s.train), set(s.test).isdisjoint(s.val)
        (True, True, True)
    """
    for name, value in (("val_fraction", val_fraction), ("test_fraction", test_fraction)):
        if not 0.0 <= value < 0.5:
            raise ConfigError(f"{name} must be in [0, 0.5), got {value}; try 0.05")
    book = book if book is not None else default_book()
    rng = random.Random(f"onet-codes-{seed}")
    order = list(book.usable)
    rng.shuffle(order)
    taken: set[str] = set()
    held: list[list[str]] = []
    for fraction in (val_fraction, test_fraction):
        target = round(len(order) * fraction)
        chosen: list[str] = []
        for code in order:
            if len(chosen) >= target:
                break
            if code in taken:
                continue
            links = [
                o for o, tier in book.links(code) if tier == "Primary-Short" and o not in taken
            ]
            cluster = [code, *links[: rng.randint(2, 4)]]
            for member in cluster[: target - len(chosen)]:
                taken.add(member)
                chosen.append(member)
        held.append(sorted(chosen))
    train = tuple(c for c in book.usable if c not in taken)
    return CodeSplit(train=train, val=tuple(held[0]), test=tuple(held[1]))


class _Sampler:
    """Draws occupation codes of one pool: cycling anchors, linked codes and near misses."""

    def __init__(
        self, rng: random.Random, book: ProfileBook, pool: Sequence[str], tiers: Sequence[str]
    ) -> None:
        self.rng, self.book, self.pool, self.tiers = rng, book, list(pool), frozenset(tiers)
        self.linked = {c: book.links(c, pool) for c in self.pool}
        self.similar = {c: book.similar(c, self.pool) for c in self.pool}
        self._queues: dict[str, list[str]] = {}

    def anchor(self, kind: str) -> str:
        """The next code of a shuffled cycle over the codes that can anchor ``kind``."""
        queue = self._queues.get(kind)
        if not queue:
            if kind == "related":
                eligible = [c for c in self.pool if self.linked[c]]
            elif kind == "hard":
                eligible = [c for c in self.pool if any(self.similar[c])]
            else:
                eligible = list(self.pool)
            if not eligible:
                raise ConfigError(
                    f"no occupation in a pool of {len(self.pool)} codes can anchor a {kind!r} pair; "
                    "raise val_fraction/test_fraction or set that ratio to 0"
                )
            self.rng.shuffle(eligible)
            queue = self._queues[kind] = eligible
        return queue.pop()

    def related(self, code: str) -> str:
        links = self.linked[code]
        weights = [_TIER_WEIGHT[t] for _, t in links]
        return self.rng.choices([c for c, _ in links], weights=weights)[0]

    def hard(self, code: str) -> str:
        lexical, group = self.similar[code]
        first, second = (lexical, group) if self.rng.random() < 0.5 else (group, lexical)
        return self.rng.choice(first or second)

    def random(self, code: str) -> str:
        while True:
            other = self.rng.choice(self.pool)
            if other != code or len(self.pool) == 1:
                return other

    def label(self, a: str, b: str) -> float:
        if a == b:
            return 1.0
        tier = self.book.link(a, b)
        return 0.5 if tier is not None and tier in self.tiers else 0.0


def _counts(size: int, ratios: Sequence[float]) -> list[int]:
    counts = [int(size * r) for r in ratios]
    counts[-1] = size - sum(counts[:-1])
    return counts


def _plan(sampler: _Sampler, size: int, ratios: Sequence[float]) -> list[PairSpec]:
    kinds: list[Kind] = ["positive", "related", "hard", "random"]
    plan: list[Kind] = []
    for kind, count in zip(kinds, _counts(size, ratios), strict=True):
        plan += [kind] * count
    sampler.rng.shuffle(plan)
    specs = []
    for kind in plan:
        code = sampler.anchor(kind)
        if kind == "positive":
            other = code
        elif kind == "related":
            other = sampler.related(code)
        elif kind == "hard":
            other = sampler.hard(code)
        else:
            other = sampler.random(code)
        a, b = (code, other) if sampler.rng.random() < 0.5 else (other, code)
        specs.append(PairSpec(a, b, kind, sampler.label(a, b)))
    return specs


def _render_pair(
    rng: random.Random, book: ProfileBook, spec: PairSpec, headline_rate: float
) -> Pair:
    t, ph = book.templates, book.phraser
    job, used = render_job(rng, book.profile(spec.job_code), t, ph)
    avoid = used if spec.resume_code == spec.job_code else frozenset()
    resume = render_resume(rng, book.profile(spec.resume_code), t, ph, avoid, headline_rate)
    return Pair(resume=resume, job=job, score=spec.score)


def generate_onet_dataset(
    seed: int = 42,
    train_size: int = 10_000,
    val_size: int = 1_000,
    test_size: int = 1_000,
    positive_ratio: float = 0.3,
    related_ratio: float = 0.2,
    hard_negative_ratio: float = 0.3,
    val_fraction: float = 0.05,
    test_fraction: float = 0.05,
    related_tiers: Sequence[str] = _ALL_TIERS,
    headline_rate: float = 0.75,
) -> OnetDataset:
    """Generates O*NET pairs with the spec of each; ``generate_onet_pairs`` returns only the texts.

    See ``generate_onet_pairs`` for the arguments.

    Example:
        >>> ds = generate_onet_dataset(seed=1, train_size=20, val_size=10, test_size=10)
        >>> sorted({s.kind for s in ds.specs["train"]})
        ['hard', 'positive', 'random', 'related']
        >>> {s.job_code for s in ds.specs["val"]} <= set(ds.codes.val)
        True
    """
    ratios = [positive_ratio, related_ratio, hard_negative_ratio]
    if any(r < 0 for r in ratios) or sum(ratios) > 1.0 + 1e-9:
        raise ConfigError(
            f"positive_ratio, related_ratio and hard_negative_ratio must be >= 0 and sum to at most 1 "
            f"(the rest are random negatives), got {ratios}"
        )
    for name, value, low in (
        ("train_size", train_size, 1),
        ("val_size", val_size, 0),
        ("test_size", test_size, 0),
    ):
        if value < low:
            raise ConfigError(f"{name} must be at least {low}, got {value}")
    unknown = sorted(set(related_tiers) - set(_ALL_TIERS))
    if unknown:
        raise ConfigError(f"unknown related tier(s) {unknown}; use some of {list(_ALL_TIERS)}")
    book = default_book()
    codes = split_codes(seed, val_fraction, test_fraction, book)
    rng = random.Random(seed)
    ratios.append(max(0.0, 1.0 - sum(ratios)))
    out: dict[str, list[Pair]] = {}
    specs: dict[str, list[PairSpec]] = {}
    for name, size, pool in (
        ("train", train_size, codes.train),
        ("val", val_size, codes.val),
        ("test", test_size, codes.test),
    ):
        if size and len(pool) < 2:
            raise ConfigError(
                f"the {name} split has {len(pool)} occupation codes; raise {name}_fraction"
            )
        specs[name] = _plan(_Sampler(rng, book, pool, related_tiers), size, ratios) if size else []
        out[name] = [_render_pair(rng, book, s, headline_rate) for s in specs[name]]
    splits = GeneratedSplits(train=out["train"], val=out["val"], test=out["test"])
    return OnetDataset(splits=splits, specs=specs, codes=codes)


def generate_onet_pairs(
    seed: int = 42,
    train_size: int = 10_000,
    val_size: int = 1_000,
    test_size: int = 1_000,
    positive_ratio: float = 0.3,
    related_ratio: float = 0.2,
    hard_negative_ratio: float = 0.3,
    val_fraction: float = 0.05,
    test_fraction: float = 0.05,
    related_tiers: Sequence[str] = _ALL_TIERS,
    headline_rate: float = 0.75,
) -> GeneratedSplits:
    """Generates graded (resume, job, score) pairs from O*NET occupations.

    Each split mixes exactly: ``positive_ratio`` same-occupation pairs (1.0),
    ``related_ratio`` pairs linked in O*NET's Related Occupations (0.5; Primary-Short drawn
    3x and Primary-Long 2x as often as Supplemental), ``hard_negative_ratio`` near misses
    that share a title word or the SOC major group but are not linked (0.0), and random
    negatives for the rest (0.0, or 0.5 when they happen to be linked).

    Args:
        seed: Seed of the random generator; the same seed gives byte-identical files.
        train_size: Number of training pairs.
        val_size: Number of validation pairs (from held-out occupations; may be 0).
        test_size: Number of test pairs (from other held-out occupations; may be 0).
        positive_ratio: Share of same-occupation pairs.
        related_ratio: Share of related-occupation pairs.
        hard_negative_ratio: Share of lexical / same-major-group negatives.
        val_fraction: Share of occupation codes held out for validation.
        test_fraction: Share of occupation codes held out for test.
        related_tiers: Relatedness tiers that count as 0.5 (others score 0.0).
        headline_rate: Chance that a resume has a headline title line.

    Raises:
        ConfigError: A size or ratio is out of range.

    Example:
        >>> splits = generate_onet_pairs(seed=1, train_size=10, val_size=4, test_size=4)
        >>> [len(splits.train), len(splits.val), len(splits.test)]
        [10, 4, 4]
        >>> sorted({p.score for p in splits.train})
        [0.0, 0.5, 1.0]
    """
    return generate_onet_dataset(
        seed,
        train_size,
        val_size,
        test_size,
        positive_ratio,
        related_ratio,
        hard_negative_ratio,
        val_fraction,
        test_fraction,
        related_tiers,
        headline_rate,
    ).splits


def generate_onet_triplets(
    seed: int = 42,
    n: int = 10_000,
    related_negative_ratio: float = 0.5,
    codes: Sequence[str] | None = None,
    val_fraction: float = 0.05,
    test_fraction: float = 0.05,
    headline_rate: float = 0.75,
    untitled_rate: float = 0.0,
) -> list[Triplet]:
    """Generates (resume, job, negative_job) triplets for MultipleNegativesRankingLoss.

    The negative is a hard negative: with ``related_negative_ratio`` a related occupation,
    otherwise an unlinked one sharing a title word or the SOC major group. By default the
    codes are the training codes of ``split_codes(seed, val_fraction, test_fraction)``, so
    triplets never touch the occupations held out by ``generate_onet_pairs`` with the same seed.
    Each of the three texts is, with ``untitled_rate``, rendered without its titles (no
    headline or job-header lines, no posting title), so the model learns to match on what the
    documents say and not only on the titles they carry.

    Example:
        >>> triplets = generate_onet_triplets(seed=1, n=3)
        >>> len(triplets), all(t.code != t.negative_code for t in triplets)
        (3, True)
    """
    if n < 1:
        raise ConfigError(f"n must be at least 1, got {n}")
    if not 0.0 <= related_negative_ratio <= 1.0:
        raise ConfigError(f"related_negative_ratio must be in [0, 1], got {related_negative_ratio}")
    if not 0.0 <= untitled_rate <= 1.0:
        raise ConfigError(f"untitled_rate must be in [0, 1], got {untitled_rate}")
    book = default_book()
    pool = (
        list(codes)
        if codes is not None
        else list(split_codes(seed, val_fraction, test_fraction, book).train)
    )
    missing = sorted(set(pool) - set(book.usable))
    if missing:
        raise ConfigError(f"codes without O*NET task statements cannot be used: {missing[:5]}")
    rng = random.Random(f"onet-triplets-{seed}")
    sampler = _Sampler(rng, book, sorted(set(pool)), _ALL_TIERS)
    t, ph = book.templates, book.phraser
    triplets = []
    for _ in range(n):
        use_related = rng.random() < related_negative_ratio
        kind = "related" if use_related else "hard"
        code = sampler.anchor(kind)
        negative = sampler.related(code) if use_related else sampler.hard(code)
        # drawn only when asked for, so untitled_rate=0 renders the same triplets as before
        titled = [not (untitled_rate and rng.random() < untitled_rate) for _ in range(3)]
        job, used = render_job(rng, book.profile(code), t, ph, titled=titled[0])
        resume = render_resume(
            rng, book.profile(code), t, ph, used, headline_rate, titled=titled[1]
        )
        negative_job, _ = render_job(rng, book.profile(negative), t, ph, titled=titled[2])
        triplets.append(Triplet(resume, job, negative_job, code, negative))
    return triplets


def write_triplets(triplets: Sequence[Triplet], path: Path) -> Path:
    """Writes triplets as JSON lines with the columns ``anchor``, ``positive``, ``negative``.

    Example:
        >>> import tempfile
        >>> out = write_triplets([Triplet("r", "j", "n")], Path(tempfile.mkdtemp()) / "t.jsonl")
        >>> out.read_text()
        '{"anchor": "r", "positive": "j", "negative": "n"}\\n'
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(x.to_record(), ensure_ascii=False) for x in triplets]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path
