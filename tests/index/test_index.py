"""The store, on both backends: writes, filters inside the search, model checks, and the
exact scores of `jobfit rank` (the real base model, in the slow test)."""

from __future__ import annotations

import fcntl
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from jobfit.data.onet_generator import generate_onet_triplets
from jobfit.documents import Document
from jobfit.encoding.encoder import HashEncoder
from jobfit.errors import ConfigError, IndexError_
from jobfit.index.filters import parse_filter
from jobfit.index.index import Index
from jobfit.matching.matcher import Matcher

BACKENDS = ["lance", "milvus"]


def _location(tmp_path: Path, backend: str) -> str:
    return str(tmp_path / "idx") if backend == "lance" else str(tmp_path / "store.db")


def _jobs() -> list[Document]:
    triplets = generate_onet_triplets(seed=11, n=30)
    cities = ["Berlin", "Paris", "Leeds"]
    return [
        Document(
            f"job-{i}",
            t.job,
            f"jobs.jsonl row {i + 1}",
            {"location": cities[i % 3], "tags": "remote" if i % 2 else "onsite", "company": "Acme"},
        )
        for i, t in enumerate(triplets)
    ]


@pytest.fixture
def hashed() -> Matcher:
    return Matcher(encoder=HashEncoder(), cache=False)


@pytest.mark.parametrize("backend", BACKENDS)
def test_add_update_delete_and_unchanged_documents(
    tmp_path: Path, backend: str, hashed: Matcher
) -> None:
    idx = Index(_location(tmp_path, backend), hashed)
    jobs = _jobs()
    first = idx.add(jobs, "job", batch_size=7)
    assert (len(first.added), len(first.updated), len(first.unchanged)) == (30, 0, 0)
    assert idx.stats()["jobs"] == 30
    changed = [Document("job-0", jobs[0].text + "\nNight shifts.", "x", {"location": "Berlin"})]
    again = idx.add([*changed, *jobs[1:]], "job")
    assert (again.added, again.updated, len(again.unchanged)) == ((), ("job-0",), 29)
    stored = idx.store.get("job", ["job-0"])[0]
    assert stored.text.endswith("Night shifts.")
    assert stored.added <= stored.updated
    assert idx.delete(["job-1", "job-2", "nope"], "job") == 2
    assert idx.stats()["jobs"] == 28
    assert idx.store.get("job", ["job-1"]) == []
    assert idx.verify()["problems"] == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_filters_run_inside_the_search_and_never_return_fewer_than_k(
    tmp_path: Path, backend: str, hashed: Matcher
) -> None:
    idx = Index(_location(tmp_path, backend), hashed)
    jobs = _jobs()
    idx.add(jobs, "job")
    resume = generate_onet_triplets(seed=11, n=1)[0].resume
    berlin = idx.search(resume, "job", top_k=10, where="location = 'Berlin'", explain=False)
    assert len(berlin.hits) == 10  # exactly 10 of 30 are in Berlin
    assert {int(h.id.split("-")[1]) % 3 for h in berlin.hits} == {0}
    remote = idx.search(
        resume, "job", top_k=5, where="tags has 'remote' and location != 'Paris'", explain=False
    )
    assert len(remote.hits) == 5
    assert all(int(h.id.split("-")[1]) % 2 == 1 for h in remote.hits)
    assert all(int(h.id.split("-")[1]) % 3 != 1 for h in remote.hits)
    # the same as ranking only the matching documents in memory
    subset = [d for i, d in enumerate(jobs) if i % 3 == 0]
    (expected,) = hashed.rank([resume], subset, top_k=10, explain=False)
    assert [h.id for h in berlin.hits] == [h.id for h in expected.hits]
    assert [h.score for h in berlin.hits] == [h.score for h in expected.hits]
    with pytest.raises(ConfigError, match="unknown field 'salary'"):
        parse_filter("salary > 3")


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_store_refuses_another_model_and_rebuild_re_encodes(
    tmp_path: Path, backend: str, hashed: Matcher
) -> None:
    location = _location(tmp_path, backend)
    Index(location, hashed).add(_jobs()[:5], "job")
    other = Matcher(encoder=HashEncoder(dim=64), cache=False)
    with pytest.raises(IndexError_, match=r"built with model 'hash-256-256'.*jobfit index rebuild"):
        Index(location, other).search("Nurse", "job")
    rebuilt = Index(location, other)
    assert rebuilt.rebuild() == {"resume": 0, "job": 5}
    assert len(rebuilt.search("Registered nurse, ICU", "job", top_k=3).hits) == 3
    assert rebuilt.verify()["problems"] == []


def test_a_second_writer_is_told_the_store_is_busy(tmp_path: Path, hashed: Matcher) -> None:
    idx = Index(tmp_path / "idx", hashed)
    idx.add(_jobs()[:2], "job")
    with (tmp_path / "idx" / ".lock").open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        with pytest.raises(IndexError_, match="is busy: another process is writing"):
            idx.add(_jobs()[2:4], "job")
    assert idx.stats()["jobs"] == 2


def test_a_write_killed_mid_batch_leaves_the_last_commit_readable(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        from jobfit.documents import Document
        from jobfit.encoding.encoder import HashEncoder
        from jobfit.index.index import Index
        from jobfit.index import lance_store
        from jobfit.matching.matcher import Matcher
        idx = Index({str(tmp_path / "idx")!r}, Matcher(encoder=HashEncoder(), cache=False))
        docs = [Document(f"j{{i}}", f"Welder number {{i}}\\nMIG and TIG", "t") for i in range(40)]
        calls = []
        real = lance_store.LanceStore.upsert
        def upsert(self, kind, records, search):
            calls.append(1)
            if len(calls) == 3:  # die inside the third batch's write, before it commits
                os.kill(os.getpid(), signal.SIGKILL)
            return real(self, kind, records, search)
        lance_store.LanceStore.upsert = upsert
        idx.add(docs, "job", batch_size=10)
        """
    )
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert r.returncode == -9, r.stderr
    idx = Index(tmp_path / "idx", Matcher(encoder=HashEncoder(), cache=False))
    assert idx.stats()["jobs"] == 20  # two whole batches, nothing of the third
    assert idx.verify()["problems"] == []
    again = idx.add(
        [Document(f"j{i}", f"Welder number {i}\nMIG and TIG", "t") for i in range(40)], "job"
    )
    assert (len(again.added), len(again.unchanged)) == (20, 20)


@pytest.fixture(scope="module")
def real_matcher() -> Matcher:
    """The real base model, shared by the backends: its O*NET profiles are encoded once."""
    return Matcher("base", backend="torch", cache=False)


@pytest.mark.slow
@pytest.mark.parametrize("backend", [*BACKENDS, "lance+graph"])
def test_the_store_ranks_exactly_as_rank_does_with_the_real_model(
    tmp_path: Path, backend: str, real_matcher: Matcher
) -> None:
    matcher = real_matcher  # one load for the three backends
    triplets = generate_onet_triplets(seed=5, n=40)
    jobs = [Document(f"j{i}", t.job, "t") for i, t in enumerate(triplets)]
    resumes = [Document(f"r{i}", t.resume, "t") for i, t in enumerate(triplets[:8])]
    idx = Index(_location(tmp_path, backend.removesuffix("+graph")), matcher)
    idx.add(jobs, "job")
    idx.add(resumes, "resume")
    if backend == "lance+graph":  # searched through the in-memory index
        for kind in ("job", "resume"):
            idx.store.build_graph(kind)  # type: ignore[attr-defined]
    expected = matcher.rank(resumes, jobs, top_k=10)
    for resume, want in zip(resumes, expected, strict=True):
        got = idx.search(resume, "job", top_k=10)
        assert [h.id for h in got.hits] == [h.id for h in want.hits]
        assert [h.score for h in got.hits] == [h.score for h in want.hits]  # exactly
        assert [h.fit for h in got.hits] == [h.fit for h in want.hits]
        assert [h.to_dict("job_id")["met"] for h in got.hits] == [
            h.to_dict("job_id")["met"] for h in want.hits
        ]
    by_job = matcher.rank(jobs[:3], resumes, top_k=5, by="job")
    for job, want in zip(jobs[:3], by_job, strict=True):
        got = idx.search(job, "resume", top_k=5)
        assert [h.id for h in got.hits] == [h.id for h in want.hits]


@pytest.mark.parametrize("backend", BACKENDS)
def test_equal_scores_rank_by_id_in_rank_and_in_the_store(
    tmp_path: Path, backend: str, hashed: Matcher
) -> None:
    jobs = _jobs()[:12]
    # the same posting three times, listed against id order: equal scores, order by id
    twins = [Document(i, jobs[4].text, "t") for i in ("twin-c", "twin-a", "twin-b")]
    listed = [*twins, *jobs]
    idx = Index(_location(tmp_path, backend), hashed)
    idx.add(listed, "job")
    resume = Document("r", jobs[4].text, "t")
    (want,) = hashed.rank([resume], listed, top_k=4, explain=False)
    got = idx.search(resume, "job", top_k=4, explain=False)
    assert [h.id for h in want.hits[:3]] == ["job-4", "twin-a", "twin-b"]
    assert [h.id for h in got.hits] == [h.id for h in want.hits]
    (cut,) = hashed.rank([resume], listed[::-1], top_k=2, explain=False)  # ties at the cut
    assert [h.id for h in cut.hits] == ["job-4", "twin-a"]
    assert [h.id for h in idx.search(resume, "job", top_k=2, explain=False).hits] == [
        "job-4",
        "twin-a",
    ]


def test_the_approximate_index_keeps_the_exact_top_hits(tmp_path: Path, hashed: Matcher) -> None:
    triplets = generate_onet_triplets(seed=13, n=300)
    docs = [Document(f"j{i}", t.job, "t") for i, t in enumerate(triplets)]
    idx = Index(tmp_path / "idx", hashed)
    idx.add(docs, "job")
    resume = triplets[7].resume
    before = idx.search(resume, "job", top_k=5, explain=False)
    assert idx.optimize("job") is True
    after = idx.search(resume, "job", top_k=5, explain=False)
    assert [h.id for h in after.hits] == [h.id for h in before.hits]
    assert Index(tmp_path / "store.db", hashed).optimize("job") is False  # Milvus: FLAT


def test_a_store_refuses_vectors_made_another_way(tmp_path: Path, hashed: Matcher) -> None:
    Index(tmp_path / "idx", hashed).add(_jobs()[:3], "job")
    every_window = Matcher(encoder=HashEncoder(), cache=False, max_windows=None)
    with pytest.raises(IndexError_, match=r"same model but other settings \(vectors"):
        Index(tmp_path / "idx", every_window).search("Registered nurse", "job")


def test_a_store_built_under_other_title_rules_must_be_rebuilt(
    tmp_path: Path, hashed: Matcher
) -> None:
    """Title rules decide the stored occupation distributions: a store written under other
    rules would score differently from `rank`, so it says how to re-encode it."""
    from jobfit.index.store import open_store

    Index(tmp_path / "idx", hashed).add(_jobs()[:3], "job")
    store = open_store(tmp_path / "idx")
    meta = store.meta()
    assert meta is not None
    store.set_meta({**meta, "title_rules": 1})
    with pytest.raises(IndexError_, match=r"title_rules.*jobfit index rebuild"):
        Index(tmp_path / "idx", hashed).search("Registered nurse", "job")
