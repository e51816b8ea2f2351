"""The seed-style generator: templates, balance, disjoint splits, determinism."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from jobfit.data.seed_generator import generate_seed_pairs, load_seed_templates
from jobfit.errors import ConfigError

RESUME_RE = re.compile(
    r"^(?P<title>[^\n]+)\nSummary: Professional with hands-on experience across the domain\.\n"
    r"Skills: (?P<skills>[^\n]+)\.\nHighlights: Delivered projects end-to-end; worked "
    r"cross-functionally; documented results\. (?P<tag>.+)$"
)
JOB_RE = re.compile(
    r"^(?P<title>[^\n]+)\nResponsibilities: Contribute across the team and deliver high-quality "
    r"outcomes\.\nRequirements: experience with (?P<skills>[^\n]+)\. (?P<tag>.+)$"
)


def test_families_cover_the_cards_roles() -> None:
    t = load_seed_templates()
    assert len(t.families) >= 18
    titles = {title for f in t.families for title in f.resume_titles + f.job_titles}
    for title in (
        "Graphic Designer",
        "UX/UI Designer",
        "Mobile Engineer (iOS/Android)",
        "Sales Representative",
        "Sales Development Rep (SDR)",
        "SRE",
        "Product Manager (SaaS)",
        "Data Scientist (Product)",
        "ML Engineer (Platform)",
        "Frontend Engineer (React)",
        "Backend Software Engineer",
        "Software Backend Engineer",
        "Attorney (Corporate)",
        "Teacher (K-12)",
        "Customer Support Specialist",
    ):
        assert title in titles
    for f in t.families:
        assert len(set(f.resume_titles)) >= 2
        assert len(set(f.job_titles)) >= 2


def test_texts_follow_the_seed_templates_exactly() -> None:
    t = load_seed_templates()
    splits = generate_seed_pairs(seed=3)
    for pair in splits.train + splits.val + splits.test:
        r = RESUME_RE.match(pair.resume)
        j = JOB_RE.match(pair.job)
        assert r, pair.resume
        assert j, pair.job
        for m in (r, j):
            skills = m["skills"].split(", ")
            assert skills == sorted(skills)
            assert all(s == s.lower() for s in skills)
            assert m["tag"] in t.taglines


def test_labels_are_balanced_binary_and_match_families() -> None:
    t = load_seed_templates()
    family_of = {title: f.name for f in t.families for title in f.resume_titles}
    job_family = {title: f.name for f in t.families for title in f.job_titles}
    splits = generate_seed_pairs(seed=42)
    assert len(splits.train) == 100
    assert sum(p.score for p in splits.train) / len(splits.train) == 0.5
    val_pos = sum(p.score for p in splits.val)
    assert {val_pos, len(splits.val) - val_pos} == {50.0, 51.0}
    for p in splits.train:
        same = family_of[p.resume.split("\n")[0]] == job_family[p.job.split("\n")[0]]
        assert p.score == (1.0 if same else 0.0)


def test_splits_share_no_text() -> None:
    s = generate_seed_pairs(seed=42)
    parts = [s.train, s.val, s.test]
    for i in range(3):
        for k in range(i + 1, 3):
            assert not {p.resume for p in parts[i]} & {p.resume for p in parts[k]}
            assert not {p.job for p in parts[i]} & {p.job for p in parts[k]}


def test_same_seed_writes_identical_bytes_other_seed_differs(tmp_path: Path) -> None:
    a = generate_seed_pairs(seed=42).write(tmp_path / "a")
    b = generate_seed_pairs(seed=42).write(tmp_path / "b")
    c = generate_seed_pairs(seed=43).write(tmp_path / "c")
    for name in ("train", "val", "test"):
        assert a[name].read_bytes() == b[name].read_bytes()
        assert a[name].read_bytes() != c[name].read_bytes()
    row = json.loads(a["train"].read_text().splitlines()[0])
    assert list(row) == ["sentence_0", "sentence_1", "label"]
    assert isinstance(row["label"], float)


def test_sizes_are_honoured_and_validated() -> None:
    s = generate_seed_pairs(seed=1, train_size=10, val_size=7, test_size=3)
    assert (len(s.train), len(s.val), len(s.test)) == (10, 7, 3)
    with pytest.raises(ConfigError, match="val_size must be at least 1, got 0"):
        generate_seed_pairs(val_size=0)
