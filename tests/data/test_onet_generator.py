"""The O*NET pair and triplet generator: determinism, labels, held-out codes, realistic content."""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from pathlib import Path

import pytest

from jobfit.data.onet_generator import (
    OnetDataset,
    generate_onet_dataset,
    generate_onet_pairs,
    generate_onet_triplets,
    split_codes,
    write_triplets,
)
from jobfit.data.onet_profiles import default_book, load_onet_templates
from jobfit.data.onet_render import render_job, render_resume
from jobfit.errors import ConfigError

SIZES = {"train_size": 200, "val_size": 60, "test_size": 60}


@pytest.fixture(scope="module")
def dataset() -> OnetDataset:
    return generate_onet_dataset(seed=5, **SIZES)


def _window_in(task: str, text: str) -> bool:
    """Whether three consecutive words of the task's opening (verbs aside) occur in ``text``."""
    words = task.lower().rstrip(".").split()[:10]
    return any(" ".join(words[i : i + 3]) in text for i in range(1, max(2, len(words) - 2)))


def _words(text: str) -> int:
    return len(text.split())


def test_same_seed_gives_byte_identical_files_and_another_seed_differs(tmp_path: Path) -> None:
    small = {"train_size": 40, "val_size": 10, "test_size": 10}
    a = generate_onet_pairs(seed=3, **small).write(tmp_path / "a")
    b = generate_onet_pairs(seed=3, **small).write(tmp_path / "b")
    c = generate_onet_pairs(seed=4, **small).write(tmp_path / "c")
    for name in ("train", "val", "test"):
        assert a[name].read_bytes() == b[name].read_bytes()
        assert a[name].read_bytes() != c[name].read_bytes()
    row = json.loads(a["train"].read_text("utf-8").splitlines()[0])
    assert set(row) == {"sentence_0", "sentence_1", "label"}


def test_labels_follow_the_configured_mix(dataset: OnetDataset) -> None:
    book = default_book()
    for name, size in (("train", 200), ("val", 60), ("test", 60)):
        specs = dataset.specs[name]
        pairs = getattr(dataset.splits, name)
        assert len(specs) == len(pairs) == size
        assert [p.score for p in pairs] == [s.score for s in specs]
        kinds = Counter(s.kind for s in specs)
        assert kinds == {
            "positive": int(size * 0.3),
            "related": int(size * 0.2),
            "hard": int(size * 0.3),
            "random": size - int(size * 0.3) - int(size * 0.2) - int(size * 0.3),
        }
        for s in specs:
            assert s.score in (0.0, 0.5, 1.0)
            if s.kind == "positive":
                assert (s.resume_code == s.job_code, s.score) == (True, 1.0)
            elif s.kind == "related":
                assert s.resume_code != s.job_code
                assert book.link(s.resume_code, s.job_code) is not None
                assert s.score == 0.5
            elif s.kind == "hard":
                assert s.resume_code != s.job_code
                assert s.score == 0.0
                lexical, group = book.similar(s.resume_code, [s.job_code])
                assert lexical or group
            else:
                assert s.resume_code != s.job_code


def test_ratios_are_configurable_and_validated() -> None:
    ds = generate_onet_dataset(
        seed=2,
        train_size=50,
        val_size=0,
        test_size=0,
        positive_ratio=0.5,
        related_ratio=0.0,
        hard_negative_ratio=0.5,
    )
    assert Counter(s.kind for s in ds.specs["train"]) == {"positive": 25, "hard": 25}
    assert ds.splits.val == []
    assert ds.splits.test == []
    with pytest.raises(ConfigError, match="sum to at most 1"):
        generate_onet_pairs(seed=1, train_size=5, positive_ratio=0.7, related_ratio=0.5)
    with pytest.raises(ConfigError, match="train_size must be at least 1, got 0"):
        generate_onet_pairs(seed=1, train_size=0)
    with pytest.raises(ConfigError, match="unknown related tier"):
        generate_onet_pairs(seed=1, train_size=5, related_tiers=("Primary",))


def test_supplemental_links_can_be_scored_zero() -> None:
    ds = generate_onet_dataset(
        seed=9, train_size=200, val_size=0, test_size=0, related_tiers=("Primary-Short",)
    )
    book = default_book()
    for s in ds.specs["train"]:
        if s.score == 0.5:
            assert book.link(s.resume_code, s.job_code) == "Primary-Short"
    assert any(s.kind == "related" and s.score == 0.0 for s in ds.specs["train"])


def test_validation_and_test_use_held_out_occupations(dataset: OnetDataset) -> None:
    codes = dataset.codes
    assert set(codes.train).isdisjoint(codes.val)
    assert set(codes.train).isdisjoint(codes.test)
    assert set(codes.val).isdisjoint(codes.test)
    assert 30 <= len(codes.val) <= 60
    assert 30 <= len(codes.test) <= 60
    for name, pool in (("train", codes.train), ("val", codes.val), ("test", codes.test)):
        used = {c for s in dataset.specs[name] for c in (s.resume_code, s.job_code)}
        assert used <= set(pool), name
    assert split_codes(seed=5) == codes
    assert split_codes(seed=6) != codes
    texts = {name: {p.job for p in getattr(dataset.splits, name)} for name in ("train", "val")}
    assert texts["train"].isdisjoint(texts["val"])


def test_resumes_have_an_experience_section_with_bullets_from_the_tasks(
    dataset: OnetDataset,
) -> None:
    book = default_book()
    headers = [h.lower() for h in load_onet_templates().items("section_headers", "experience")]
    for pair, spec in zip(dataset.splits.train, dataset.specs["train"], strict=True):
        low = pair.resume.lower()
        assert any(h in low for h in headers)
        assert "@example." in pair.resume
        tasks = book.profile(spec.resume_code).tasks
        assert any(_window_in(t, low) for t in tasks), pair.resume


def test_postings_have_duties_and_requirements(dataset: OnetDataset) -> None:
    book = default_book()
    scraped = 0
    for pair, spec in zip(dataset.splits.train, dataset.specs["train"], strict=True):
        low = pair.job.lower()
        assert re.search(r"experience|degree|diploma|certificate|apprenticeship", low)
        tasks = book.profile(spec.job_code).tasks
        assert any(_window_in(t, low) for t in tasks), pair.job
        scraped += "\n" not in pair.job
    assert 0 < scraped < len(dataset.splits.train) / 2


def test_a_positive_resume_does_not_copy_its_postings_tasks() -> None:
    book = default_book()
    p = book.profile("25-2057.00")  # 40 tasks: none need reusing
    assert len(p.tasks) >= 40
    for seed in range(20):
        rng = random.Random(seed)
        _, used = render_job(rng, p, book.templates, book.phraser)
        resume = render_resume(rng, p, book.templates, book.phraser, avoid_tasks=used)
        for task in used:
            assert " ".join(task.split()[1:9]).lower() not in resume.lower()


def _has_headline(resume: str, titles: set[str]) -> bool:
    lines = resume.splitlines()
    contact = max(i for i, line in enumerate(lines[:5]) if "example." in line or "555" in line)
    following = next((line for line in lines[contact + 1 :] if line.strip()), "")
    return following.split(" | ")[0].casefold() in titles


def test_some_resumes_have_no_headline(dataset: OnetDataset) -> None:
    book = default_book()

    def titles(code: str) -> set[str]:
        p = book.profile(code)
        return {t.casefold() for t in (*p.titles, *p.reported_titles)}

    flags = [
        _has_headline(p.resume, titles(s.resume_code))
        for p, s in zip(dataset.splits.train, dataset.specs["train"], strict=True)
    ]
    assert 0.5 < sum(flags) / len(flags) < 0.95
    none = generate_onet_dataset(seed=5, train_size=60, val_size=0, test_size=0, headline_rate=0.0)
    assert not any(
        _has_headline(p.resume, titles(s.resume_code))
        for p, s in zip(none.splits.train, none.specs["train"], strict=True)
    )


def test_lengths_vary(dataset: OnetDataset) -> None:
    resumes = sorted(_words(p.resume) for p in dataset.splits.train)
    jobs = sorted(_words(p.job) for p in dataset.splits.train)
    assert resumes[0] < 120
    assert resumes[-1] > 400
    assert jobs[0] < 100
    assert jobs[-1] > 250
    assert len(set(resumes)) > 100


def test_triplet_negatives_are_other_occupations(tmp_path: Path) -> None:
    book = default_book()
    triplets = generate_onet_triplets(seed=1, n=60)
    held = set(split_codes(seed=1).val) | set(split_codes(seed=1).test)
    for t in triplets:
        assert t.code != t.negative_code
        assert t.code not in held
        assert t.negative_code not in held
        linked = book.link(t.code, t.negative_code) is not None
        lexical, group = book.similar(t.code, [t.negative_code])
        assert linked or lexical or group
    path = write_triplets(triplets, tmp_path / "triplets.jsonl")
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    assert len(rows) == 60
    assert set(rows[0]) == {"anchor", "positive", "negative"}
    again = write_triplets(generate_onet_triplets(seed=1, n=60), tmp_path / "again.jsonl")
    assert again.read_bytes() == path.read_bytes()
    with pytest.raises(ConfigError, match="n must be at least 1"):
        generate_onet_triplets(seed=1, n=0)


def test_task_statements_are_rewritten_into_resume_and_posting_voices() -> None:
    ph = default_book().phraser
    task = "Plan, direct, or coordinate activities and develop budgets."
    assert (
        ph.rewrite(task, "past")
        == "Planned, directed, or coordinated activities and developed budgets."
    )
    assert ph.rewrite(task, "third").startswith("Plans, directs, or coordinates")
    assert ph.rewrite(task, "you_will").startswith("You will plan, direct")
    assert ph.rewrite("Write reports to plan or evaluate work.", "past") == (
        "Wrote reports to plan or evaluate work."
    )


def test_the_generator_writes_from_a_frozen_skill_list() -> None:
    """Growing the matching vocabulary must not change the training data (nor the model)."""
    from jobfit.data.onet_profiles import default_book, generator_vocabulary
    from jobfit.documents.vocabulary import load_vocabulary

    assert default_book().vocabulary is generator_vocabulary()
    assert "pci dss" in load_vocabulary()
    assert "pci dss" not in generator_vocabulary()


def test_untitled_documents_keep_their_content_and_lose_only_their_titles() -> None:
    book, templates = default_book(), load_onet_templates()
    code = "29-1141.00"
    p = book.profile(code)
    for seed in range(6):
        job, used = render_job(random.Random(seed), p, templates, book.phraser)
        bare_job, bare_used = render_job(
            random.Random(seed), p, templates, book.phraser, titled=False
        )
        assert bare_used == used
        if "\n" in job:  # a posting not flattened into one line: only its title line is gone
            assert bare_job == job.split("\n", 1)[1]
        resume = render_resume(random.Random(seed), p, templates, book.phraser, used)
        bare = render_resume(random.Random(seed), p, templates, book.phraser, used, titled=False)
        lines, bare_lines = resume.splitlines(), bare.splitlines()
        assert set(bare_lines) <= set(lines)  # nothing new, only lines taken away
        gone = [x for x in lines if x not in set(bare_lines)]
        assert gone, "an untitled resume must lose its job-header lines"
        assert all(len(x.split()) <= 20 and not x.endswith(".") for x in gone)

    def titled(text: str, c: str) -> bool:
        first = text.strip().split("\n", 1)[0].casefold()[:80]
        q = book.profile(c)
        return any(x.casefold() in first for x in (*q.titles, *q.reported_titles))

    assert sum(titled(t.job, t.code) for t in generate_onet_triplets(seed=3, n=40)) > 20
    bare_triplets = generate_onet_triplets(seed=3, n=40, untitled_rate=1.0)
    assert sum(titled(t.job, t.code) for t in bare_triplets) < 3
    assert generate_onet_triplets(seed=3, n=40) == generate_onet_triplets(seed=3, n=40)
    with pytest.raises(ConfigError, match="untitled_rate must be in"):
        generate_onet_triplets(seed=1, n=2, untitled_rate=1.5)
