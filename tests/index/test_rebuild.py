"""`Index.rebuild` replaces the store in one step: killed at any point, it leaves the old store
or the new one, never a mix and never fewer documents."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from jobfit.documents import Document
from jobfit.encoding.encoder import HashEncoder
from jobfit.index.index import Index
from jobfit.matching.matcher import Matcher

BACKENDS = ["lance", "milvus"]


def _location(tmp_path: Path, backend: str) -> str:
    return str(tmp_path / "idx") if backend == "lance" else str(tmp_path / "store.db")


def _docs(n: int = 30) -> list[Document]:
    return [
        Document(
            f"j{i}", f"Welder number {i}\nMIG and TIG welding, blueprints", "t", {"company": "Acme"}
        )
        for i in range(n)
    ]


def _run(script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True, timeout=180
    )


_SETUP = """
import os, signal
from jobfit.documents import Document
from jobfit.encoding.encoder import HashEncoder
from jobfit.index.index import Index
from jobfit.matching.matcher import Matcher
idx = Index({location!r}, Matcher(encoder=HashEncoder(dim=64), cache=False))
store = type(idx.store)
"""


@pytest.mark.parametrize("backend", ["lance"])
def test_a_rebuild_killed_mid_way_leaves_the_old_store(tmp_path: Path, backend: str) -> None:
    location = _location(tmp_path, backend)
    old = Matcher(encoder=HashEncoder(), cache=False)
    idx = Index(location, old)
    idx.add(_docs(), "job")
    before = idx.search("Welder, TIG", "job", top_k=5)
    idx.close()
    r = _run(
        _SETUP.format(location=location)
        + """
calls = []
real = store.upsert
def upsert(self, kind, records, search, staged=False):
    calls.append(1)
    if len(calls) == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(self, kind, records, search, staged)
store.upsert = upsert
idx.rebuild(batch_size=10)
"""
    )
    assert r.returncode == -9, r.stderr
    kept = Index(location, old)
    assert kept.stats()["jobs"] == 30
    assert kept.search("Welder, TIG", "job", top_k=5) == before  # the old model still answers
    assert kept.verify()["problems"] == []
    new = Index(location, Matcher(encoder=HashEncoder(dim=64), cache=False))
    assert new.rebuild(batch_size=10) == {"resume": 0, "job": 30}
    assert new.stats()["jobs"] == 30
    assert new.verify()["problems"] == []
    assert new.store.get("job", ["j3"])[0].metadata["company"] == "Acme"


@pytest.mark.parametrize("backend", ["lance"])
def test_a_rebuild_killed_after_its_commit_is_finished_by_the_next_open(
    tmp_path: Path, backend: str
) -> None:
    location = _location(tmp_path, backend)
    idx = Index(location, Matcher(encoder=HashEncoder(), cache=False))
    idx.add(_docs(), "job")
    idx.close()
    r = _run(
        _SETUP.format(location=location)
        + """
def die(self):
    os.kill(os.getpid(), signal.SIGKILL)
store._finish_swap = die
idx.rebuild(batch_size=10)
"""
    )
    assert r.returncode == -9, r.stderr
    new = Index(location, Matcher(encoder=HashEncoder(dim=64), cache=False))
    assert new.stats()["jobs"] == 30
    assert new.verify()["problems"] == []  # the new model's vectors, nothing of the old
    assert len(new.search("Welder, TIG", "job", top_k=5).hits) == 5


class Stop(Exception):
    pass


def test_milvus_rebuild_stopped_mid_way_or_after_its_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Milvus Lite keeps its file open for the life of the process, so the stop is an
    exception here rather than a killed subprocess; the store's state is the same."""
    from jobfit.index.milvus_store import MilvusStore

    location = _location(tmp_path, "milvus")
    old = Matcher(encoder=HashEncoder(), cache=False)
    idx = Index(location, old)
    idx.add(_docs(), "job")
    before = idx.search("Welder, TIG", "job", top_k=5)
    new_matcher = Matcher(encoder=HashEncoder(dim=64), cache=False)
    real = MilvusStore.upsert
    calls: list[int] = []

    def upsert(
        self: MilvusStore, kind: str, records: object, search: object, staged: bool = False
    ) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise Stop
        real(self, kind, records, search, staged)  # type: ignore[arg-type]

    monkeypatch.setattr(MilvusStore, "upsert", upsert)
    with pytest.raises(Stop):
        Index(location, new_matcher).rebuild(batch_size=10)
    monkeypatch.setattr(MilvusStore, "upsert", real)
    assert Index(location, old).search("Welder, TIG", "job", top_k=5) == before

    def stop(self: MilvusStore) -> None:
        raise Stop

    finish = MilvusStore._finish_swap
    monkeypatch.setattr(MilvusStore, "_finish_swap", stop)
    with pytest.raises(Stop):
        Index(location, new_matcher).rebuild(batch_size=10)
    monkeypatch.setattr(MilvusStore, "_finish_swap", finish)
    reopened = Index(location, new_matcher)  # finishes the committed swap
    assert reopened.stats()["jobs"] == 30
    assert reopened.verify()["problems"] == []
