"""The in-memory index beside the embedded store: same hits and scores as the exact path,
kept in step with every write, ignored when stale, written atomically, never for filters."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from jobfit.data.onet_generator import generate_onet_triplets
from jobfit.documents import Document
from jobfit.encoding.encoder import HashEncoder
from jobfit.index import graph as graph_module
from jobfit.index import index as index_module
from jobfit.index.graph import GraphIndex
from jobfit.index.index import Index
from jobfit.index.lance_store import LanceStore
from jobfit.matching.matcher import Matcher

TRIPLETS = generate_onet_triplets(seed=13, n=300)
CITIES = ["Berlin", "Paris", "Leeds"]


def _jobs(n: int = 300) -> list[Document]:
    return [
        Document(f"j{i}", t.job, "t", {"location": CITIES[i % 3]})
        for i, t in enumerate(TRIPLETS[:n])
    ]


@pytest.fixture
def hashed() -> Matcher:
    return Matcher(encoder=HashEncoder(), cache=False)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of 300 postings, added once (encoding them is the slow part)."""
    root = tmp_path_factory.mktemp("template") / "idx"
    Index(root, Matcher(encoder=HashEncoder(), cache=False)).add(_jobs(), "job")
    return root


@pytest.fixture
def built(tmp_path: Path, template: Path, hashed: Matcher) -> Index:
    """A copy of the 300 postings with the in-memory index built (a copied table is
    another table to the index: it is built after copying)."""
    shutil.copytree(template, tmp_path / "idx")
    idx = Index(tmp_path / "idx", hashed)
    store = idx.store
    assert isinstance(store, LanceStore)
    store.build_graph("job")
    return idx


def _graph_used(idx: Index) -> bool:
    store = idx.store
    assert isinstance(store, LanceStore)
    return store._graph("job", store._table("job")) is not None


def _hits(idx: Index, resume: str, k: int = 10) -> list[tuple[str, float]]:
    return [(h.id, h.score) for h in idx.search(resume, "job", top_k=k, explain=False).hits]


def _exact_hits(tmp_path: Path, idx: Index, resume: str, k: int = 10) -> list[tuple[str, float]]:
    """The same search on the table alone (the in-memory index's files moved away)."""
    graph_dir = tmp_path / "idx" / "graph"
    aside = tmp_path / "aside"
    graph_dir.rename(aside)
    try:
        return _hits(Index(tmp_path / "idx", idx.matcher), resume, k)
    finally:
        aside.rename(graph_dir)


RESUMES = [TRIPLETS[i].resume for i in (3, 7, 42, 150, 299)]


def test_it_gives_rank_s_hits_and_scores(built: Index, hashed: Matcher) -> None:
    assert _graph_used(built)
    jobs = _jobs()
    for text in RESUMES:
        resume = Document("r", text, "t")
        (want,) = hashed.rank([resume], jobs, top_k=10, explain=False)
        got = built.search(resume, "job", top_k=10, explain=False)
        assert [h.id for h in got.hits] == [h.id for h in want.hits]
        assert [h.score for h in got.hits] == [h.score for h in want.hits]  # exactly


def test_it_follows_adds_updates_and_deletes(tmp_path: Path, built: Index) -> None:
    target = RESUMES[1]
    before = _hits(built, target)
    built.add([Document("new", target, "t", {"location": "Paris"})], "job")  # the best match
    built.add([Document(before[0][0], "Pastry chef\nCroissants, laminated dough", "t")], "job")
    built.delete([before[1][0]], "job")  # deletes purge: a compaction, recorded as well
    assert _graph_used(built)
    after = _hits(built, target)
    assert after[0][0] == "new"
    assert before[0][0] not in [i for i, _ in after[:3]]
    assert before[1][0] not in [i for i, _ in after]
    assert after == _exact_hits(tmp_path, built, target)
    for text in RESUMES:
        assert _hits(built, text) == _exact_hits(tmp_path, built, text)


def test_a_reader_process_sees_another_s_writes(tmp_path: Path, built: Index) -> None:
    reader = Index(tmp_path / "idx", built.matcher)
    assert _hits(reader, RESUMES[0])  # loaded into the reader's memory
    built.add([Document("fresh", RESUMES[0], "t")], "job")
    assert _graph_used(reader)
    assert _hits(reader, RESUMES[0])[0][0] == "fresh"


def test_a_stale_index_is_ignored_until_rebuilt(
    tmp_path: Path, built: Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a crash between the table's commit and the index's delta: the delta never comes
    with monkeypatch.context() as m:
        m.setattr(GraphIndex, "record", staticmethod(lambda *a, **k: None))
        built.add([Document("late", RESUMES[2], "t")], "job", batch_size=1)
    assert not _graph_used(built)
    assert _hits(built, RESUMES[2])[0][0] == "late"  # the table answers
    store = built.store
    assert isinstance(store, LanceStore)
    store.build_graph("job")
    assert _graph_used(built)
    assert _hits(built, RESUMES[2])[0][0] == "late"


def test_a_rebuild_or_reset_drops_it(tmp_path: Path, built: Index) -> None:
    built.rebuild()  # 300 postings: under the threshold, no new index is built
    assert not (tmp_path / "idx" / "graph").exists()
    assert not _graph_used(built)
    assert _hits(built, RESUMES[0]) == _hits(Index(tmp_path / "idx", built.matcher), RESUMES[0])


def test_an_interrupted_write_of_its_files_leaves_the_store_readable(
    tmp_path: Path, built: Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    want = _hits(built, RESUMES[3])
    store = built.store
    assert isinstance(store, LanceStore)

    def fail(src: object, dst: object) -> None:
        raise OSError("disk full")

    with monkeypatch.context() as m:
        m.setattr(graph_module.os, "replace", fail)
        with pytest.raises(OSError, match="disk full"):
            store.build_graph("job")  # the new base's first file never lands
    assert _graph_used(Index(tmp_path / "idx", built.matcher))  # the old one stands
    assert _hits(Index(tmp_path / "idx", built.matcher), RESUMES[3]) == want
    manifest = tmp_path / "idx" / "graph" / "job" / "manifest.json"
    manifest.write_text('{"base": "base-', "utf-8")  # a torn file, as no os.replace leaves
    assert not _graph_used(Index(tmp_path / "idx", built.matcher))
    assert _hits(Index(tmp_path / "idx", built.matcher), RESUMES[3]) == want


def test_a_build_killed_mid_write_leaves_the_previous_index(tmp_path: Path, built: Index) -> None:
    script = textwrap.dedent(
        f"""
        import os, signal
        from jobfit.index import graph
        from jobfit.index.lance_store import LanceStore
        real = graph._atomic
        def atomic(path, write):
            if path.name == "manifest.json":  # base written, manifest not
                os.kill(os.getpid(), signal.SIGKILL)
            real(path, write)
        graph._atomic = atomic
        LanceStore({str(tmp_path / "idx")!r}).build_graph("job")
        """
    )
    want = _hits(built, RESUMES[4])
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert r.returncode == -9, r.stderr
    idx = Index(tmp_path / "idx", built.matcher)
    assert _graph_used(idx)
    assert _hits(idx, RESUMES[4]) == want
    assert idx.verify()["problems"] == []


def test_filtered_searches_run_in_the_table_and_return_k(
    built: Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = GraphIndex.search

    def spy(self: GraphIndex, query: np.ndarray, k: int, share: float = 1 / 16) -> list:  # type: ignore[type-arg]
        calls.append(k)
        return real(self, query, k, share)

    monkeypatch.setattr(GraphIndex, "search", spy)
    got = built.search(RESUMES[0], "job", top_k=100, where="location = 'Leeds'")
    assert len(got.hits) == 100  # exactly 100 postings are in Leeds
    assert {h.id for h in got.hits} == {f"j{i}" for i in range(2, 300, 3)}
    assert calls == []
    built.search(RESUMES[0], "job", top_k=5)
    assert calls == [500]


def test_it_is_built_when_a_kind_reaches_the_threshold(
    tmp_path: Path, hashed: Matcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "ANN_THRESHOLD", 250)
    idx = Index(tmp_path / "idx", hashed)
    idx.add(_jobs(200), "job")
    assert not (tmp_path / "idx" / "graph").exists()
    idx.add(_jobs(300), "job")
    assert _graph_used(idx)
    assert _hits(idx, RESUMES[0]) == _exact_hits(tmp_path, idx, RESUMES[0])


def test_large_changes_are_folded_into_a_new_base(tmp_path: Path, built: Index) -> None:
    graph_dir = tmp_path / "idx" / "graph" / "job"
    built.add([Document("one", RESUMES[0], "t")], "job")
    assert len(list(graph_dir.glob("delta-*"))) == 1
    more = [Document(f"n{i}", TRIPLETS[i].resume, "t") for i in range(160, 260)]  # no ties
    built.add(more, "job")
    assert list(graph_dir.glob("delta-*")) == []  # 100 rows: more than a quarter of 301
    assert _graph_used(built)
    for text in RESUMES:
        assert _hits(built, text) == _exact_hits(tmp_path, built, text)


def test_a_search_and_a_build_leave_the_openmp_threads_as_they_were(built: Index) -> None:
    """A search runs faiss on one thread, a build on every core; torch shares the OpenMP
    setting when it loads the same runtime, so neither may leave it changed: left at 1, every
    later torch encode in the process ran on one thread."""
    faiss = pytest.importorskip("faiss")
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(3)
    try:
        built.search(RESUMES[0], "job", top_k=5, explain=False)
        assert _graph_used(built)
        assert faiss.omp_get_max_threads() == 3
        store = built.store
        assert isinstance(store, LanceStore)
        store.build_graph("job")
        assert faiss.omp_get_max_threads() == 3
    finally:
        faiss.omp_set_num_threads(before)
