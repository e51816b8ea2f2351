"""Tests of the skill vocabulary matcher and requirement extraction."""

from __future__ import annotations

import doctest
import json
import time
from importlib import resources

import pytest

from jobfit.documents import requirements as requirements_module
from jobfit.documents import vocabulary as vocabulary_module
from jobfit.documents.vocabulary import (
    SkillMention,
    SkillVocabulary,
    load_vocabulary,
    resume_skills,
)
from jobfit.errors import DataError


def _skills(text: str) -> list[str]:
    return [m.skill for m in load_vocabulary().find(text)]


def test_cpp_is_found_and_not_c() -> None:
    mentions = load_vocabulary().find("Skills: c++, java")
    assert mentions == [
        SkillMention(skill="c++", start=8, end=11, surface="c++"),
        SkillMention(skill="java", start=13, end=17, surface="java"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("JS and TypeScript", ["javascript", "typescript"]),
        ("Kubernetes (k8s), CI/CD", ["kubernetes", "kubernetes", "ci/cd"]),
        ("C#, .NET and ASP.NET", ["c#", ".net", ".net"]),
        ("Node.js, React.js", ["node.js", "react"]),
        ("Java, not JavaScript", ["java", "javascript"]),
        ("C, C++ and R", ["c", "c++", "r"]),
        ("MySQL and PostgreSQL", ["mysql", "postgresql"]),
        ("registered nurse (RN), CPA", ["registered nurse", "registered nurse", "cpa"]),
        ("certified public accountant", ["cpa"]),
        ("machine learning and NLP", ["ml", "nlp"]),
        ("on call and on-call", ["on-call", "on-call"]),
        ("Bachelor\u2019s degree, bachelors degree", ["bachelor's degree", "bachelor's degree"]),
        ("valid drivers license", ["driver's license"]),
    ],
)
def test_find_normalises_aliases_and_variants(text: str, expected: list[str]) -> None:
    assert _skills(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "the rest of the team",
        "Washington, D.C. office",
        "C-suite executives",
        "R&D budget",
        "Easton T/C store",
        "vitamin c",
        "you will excel in a fast-paced team",
        "ensure the work gets done",
    ],
)
def test_find_skips_look_alikes(text: str) -> None:
    assert _skills(text) == []


def test_longest_match_wins_and_mentions_do_not_overlap() -> None:
    mentions = load_vocabulary().find("Google Analytics, React Native and lean six sigma")
    assert [m.skill for m in mentions] == ["google analytics", "react native", "six sigma"]
    ends = [m.end for m in mentions]
    starts = [m.start for m in mentions]
    assert all(e <= s for e, s in zip(ends, starts[1:], strict=False))


def test_mentions_are_positions_in_the_text() -> None:
    text = "Worked with PYTHON and Docker."
    for m in load_vocabulary().find(text):
        assert text[m.start : m.end] == m.surface


def test_find_is_fast_on_a_long_resume() -> None:
    vocab = load_vocabulary()
    text = (
        "Senior engineer with Python, SQL, AWS and Kubernetes; led the rest of the team. " * 130
    )[:10_000]
    vocab.find(text)
    start = time.perf_counter()
    for _ in range(5):
        vocab.find(text)
    per_call = (time.perf_counter() - start) / 5
    assert per_call < 0.05  # about 2 ms here; generous for shared CI machines


def test_vocabulary_holds_every_seed_skill() -> None:
    seed = json.loads(
        resources.files("jobfit.data.resources").joinpath("seed_families.json").read_text("utf-8")
    )
    vocab = load_vocabulary()
    for family in seed["families"]:
        for skill in family["skills"]:
            assert skill in vocab, skill
            assert skill in _skills(f"experience with {skill}."), skill
    assert len(vocab) >= 500
    assert load_vocabulary() is vocab


def test_vocabulary_has_no_generic_words() -> None:
    vocab = load_vocabulary()
    for word in ("work", "ensure", "team", "experience", "engineer", "backend", "insurance"):
        assert word not in vocab


def test_from_lines_format_and_errors() -> None:
    vocab = SkillVocabulary.from_lines(
        ["# comment", "", "[soft] leadership", "go lang | golang", "- lean on"]
    )
    assert vocab.skills == frozenset({"leadership", "go lang"})
    assert vocab.soft == frozenset({"leadership"})
    assert [m.skill for m in vocab.find("Golang leadership")] == ["go lang", "leadership"]
    with pytest.raises(DataError, match=r"line 1: empty entry in 'sql \| '"):
        SkillVocabulary.from_lines(["sql | "])


def test_resume_skills() -> None:
    resume = "Jane Doe\nSkills: Python, pandas, scikit-learn, SQL, JS\nStrong communication skills."
    assert resume_skills(resume) == {
        "python",
        "pandas",
        "sklearn",
        "sql",
        "javascript",
        "communication",
    }
    assert resume_skills("") == set()


@pytest.mark.parametrize("module", [vocabulary_module, requirements_module])
def test_docstring_examples(module: object) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert result.attempted > 0
    assert result.failed == 0
