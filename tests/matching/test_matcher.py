"""Matcher logic with the deterministic hash encoder: both directions, contract, determinism."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jobfit.documents import Document
from jobfit.encoding.cache import EmbeddingCache
from jobfit.encoding.encoder import HashEncoder
from jobfit.errors import ConfigError
from jobfit.matching.matcher import Matcher
from jobfit.matching.report import rankings_csv, rankings_jsonl, rankings_table

RESUMES = [
    Document("nurse.txt", "Registered Nurse\nSkills: triage, charting, patient care, BLS", "t"),
    Document("dev.txt", "Backend Engineer\nSkills: python, sql, docker, kubernetes", "t"),
]
JOBS = [
    Document("job-dev", "Backend Engineer\nRequirements: python, sql, docker, aws", "t"),
    Document("job-rn", "Registered Nurse (RN)\nRequirements: triage, charting, BLS, ACLS", "t"),
    Document("job-teach", "Teacher\nRequirements: lesson planning, classroom management", "t"),
]


@pytest.fixture
def matcher(tmp_path: Path) -> Matcher:
    return Matcher(encoder=HashEncoder(), cache=EmbeddingCache(tmp_path / "c.sqlite"))


def test_rank_jobs_for_each_resume_and_resumes_for_each_job(matcher: Matcher) -> None:
    by_resume = matcher.rank(RESUMES, JOBS, top_k=2, by="resume")
    assert [r.query_id for r in by_resume] == ["nurse.txt", "dev.txt"]
    assert by_resume[0].hits[0].id == "job-rn"
    assert by_resume[1].hits[0].id == "job-dev"
    assert [h.rank for h in by_resume[0].hits] == [1, 2]
    assert by_resume[0].hits[0].score >= by_resume[0].hits[1].score
    by_job = matcher.rank(JOBS, RESUMES, top_k=1, by="job")
    assert [(r.query_id, r.hits[0].id) for r in by_job][:2] == [
        ("job-dev", "dev.txt"),
        ("job-rn", "nurse.txt"),
    ]


def test_jsonl_contract_both_directions(matcher: Matcher) -> None:
    lines = rankings_jsonl(matcher.rank(RESUMES, JOBS, top_k=3)).splitlines()
    first = json.loads(lines[0])
    assert list(first) == ["resume_id", "language", "hits"]
    assert first["language"] == "und"  # too short to tell: read as English
    hit = first["hits"][0]
    assert list(hit)[:4] == ["job_id", "rank", "score", "fit"]
    assert 0 <= hit["fit"] <= 100
    assert {"requirement", "kind", "met", "how", "passage", "similarity"} <= set(hit["met"][0])
    flipped = json.loads(
        rankings_jsonl(matcher.rank(JOBS, RESUMES, top_k=1, by="job")).splitlines()[0]
    )
    assert list(flipped) == ["job_id", "language", "hits"]
    assert "resume_id" in flipped["hits"][0]
    # The same keys with and without explanations, up to the explanation's own.
    plain = json.loads(
        rankings_jsonl(matcher.rank(RESUMES, JOBS, top_k=3, explain=False)).splitlines()[0]
    )
    keys = ["job_id", "rank", "score", "fit", "cosine", "occupation"]
    keys += ["resume_occupation", "job_occupation", "language"]
    assert list(plain["hits"][0]) == keys
    assert list(hit) == [
        *keys,
        "base_fit",
        "coverage",
        "required_coverage",
        "knockouts",
        "met",
        "missing",
        "unclear",
        "requirements_read",
    ]
    assert plain["hits"][0]["resume_occupation"] == hit["resume_occupation"]


def test_explanation_on_a_known_pair(matcher: Matcher) -> None:
    e = matcher.explain(RESUMES[1], JOBS[0])
    met = {x.requirement: x for x in e.met}
    assert set(met) >= {"python", "sql", "docker"}
    assert met["python"].how == "exact"
    assert met["python"].passage is not None
    assert "python" in met["python"].passage
    assert [x.requirement for x in e.missing if x.kind == "skill"] == ["aws"]
    assert 0.0 < e.coverage < 1.0


def test_same_inputs_same_bytes(tmp_path: Path) -> None:
    outs = []
    for i in range(2):
        m = Matcher(encoder=HashEncoder(), cache=EmbeddingCache(tmp_path / f"c{i}.sqlite"))
        rankings = m.rank(RESUMES, JOBS, top_k=3)
        outs.append(rankings_jsonl(rankings) + rankings_csv(rankings) + rankings_table(rankings))
    assert outs[0] == outs[1]


def test_rerun_encodes_nothing_new(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path / "c.sqlite")
    first = Matcher(encoder=HashEncoder(), cache=cache)
    first.rank(RESUMES, JOBS, top_k=2)
    assert first.encoder.encoded > 0
    second = Matcher(encoder=HashEncoder(), cache=cache)
    second.rank(RESUMES, JOBS, top_k=2)
    assert second.encoder.encoded == 0


def test_plain_strings_and_bad_arguments(matcher: Matcher) -> None:
    hits = matcher.rank_jobs(
        "python sql docker", ["teacher", "python sql docker"], top_k=5, explain=False
    )
    assert [h.id for h in hits] == ["job-1", "job-0"]
    assert hits[0].explanation is None
    with pytest.raises(ConfigError, match="top_k must be at least 1, got 0"):
        matcher.rank_jobs("x", ["y"], top_k=0)
    with pytest.raises(ConfigError, match="pass text"):
        matcher.rank_jobs("x", [42], top_k=1)  # type: ignore[list-item]


def test_progress_bar_path_gives_the_same_vectors(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from jobfit.encoding.cache import CachedEncoder

    monkeypatch.delenv("TQDM_DISABLE", raising=False)
    texts = [f"text number {i} python" for i in range(600)]
    quiet = CachedEncoder(HashEncoder()).encode(texts)
    shown = CachedEncoder(HashEncoder(), show_progress=True).encode(texts)
    assert (quiet == shown).all()
    assert "encoding" in capsys.readouterr().err
