"""`jobfit index add --engine ray`: blocks read as a plain load reads them, and a store built
on a local Ray instance equal to the one `Index.add` builds (hash encoder; the real base
model through the command line in the slow test)."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import warnings
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from jobfit.data.onet_generator import generate_onet_triplets
from jobfit.documents import Document, load_documents
from jobfit.encoding.encoder import HashEncoder
from jobfit.errors import DataError, DependencyError, IndexError_, JobfitError
from jobfit.index.index import Index
from jobfit.index.ray_blocks import block_documents, plan_blocks
from jobfit.matching.matcher import Matcher
from jobfit_test_homes import share_exports

FIELDS = (
    "text",
    "content_hash",
    "model",
    "weights_hash",
    "occ_idx",
    "occ_p",
    "current_title",
    "occupation_label",
    "profile",
    "metadata",
    "tags",
)


@pytest.fixture(scope="session")
def ray_local() -> Iterator[Any]:
    """One local Ray instance (2 CPUs) for the whole session; `add_with_ray` reuses it."""
    ray = pytest.importorskip("ray")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "lancedb fork", RuntimeWarning)
        ray.init(
            num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING
        )
    yield ray
    ray.shutdown()


def _rows(n: int = 40) -> list[dict[str, Any]]:
    """Varied postings: O*NET texts, a city on each, a title column on some, int ids on some."""
    rows: list[dict[str, Any]] = []
    for i, t in enumerate(generate_onet_triplets(seed=7, n=n)):
        row: dict[str, Any] = {"id": i if i % 5 == 0 else f"job-{i}", "text": t.job}
        row["city"] = ["Berlin", "Leeds", "Paris"][i % 3]
        if i % 4 == 0:
            row["title"] = f"Team Lead {i}"
            row["tags"] = ["remote", "senior"]
        rows.append(row)
    rows[3]["text"] = " "  # fails: empty text
    return rows


def _jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    lines = [json.dumps(r) for r in rows]
    lines.insert(10, "")  # a blank line: rows are numbered by line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _parquet(path: Path, rows: list[dict[str, Any]]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist([{**r, "id": str(r["id"])} for r in rows])
    pq.write_table(table, path, row_group_size=16)  # three row groups: three blocks
    return path


def _hashed(occupations: bool = True) -> Matcher:
    return Matcher(encoder=HashEncoder(), cache=False, occupations=occupations)


def _same_stores(a: Index, b: Index, kind: Any = "job") -> None:
    ids = sorted(a.store.hashes(kind))
    assert ids == sorted(b.store.hashes(kind))
    assert a.store.hashes(kind) == b.store.hashes(kind)
    for x, y in zip(a.store.get(kind, ids), b.store.get(kind, ids), strict=True):
        for name in FIELDS:
            assert getattr(x, name) == getattr(y, name), (x.id, name)
        np.testing.assert_allclose(x.vector, y.vector, atol=1e-6)
    assert np.allclose(a.store.search_vectors(kind, ids), b.store.search_vectors(kind, ids))
    query = generate_onet_triplets(seed=7, n=1)[0].resume
    want = a.search(query, kind, top_k=5, explain=False)
    got = b.search(query, kind, top_k=5, explain=False)
    assert [(h.id, h.score) for h in got.hits] == [(h.id, h.score) for h in want.hits]


def _docs_of_blocks(path: Path, block_bytes: int) -> list[Document]:
    import pickle

    rows = [
        r
        for b in plan_blocks([path], block_bytes)
        for r in block_documents(asdict(b), {}, "text", "id", 200_000)
    ]
    return [pickle.loads(r["doc"]) for r in sorted(rows, key=lambda r: r["number"]) if r["doc"]]


def test_blocks_give_the_documents_of_a_plain_load(tmp_path: Path) -> None:
    rows = [{"id": i, "text": f"Soudeur {i}: MIG, TIG é ✓", "title": "Welder"} for i in range(60)]
    rows[5]["text"] += "\u2028"  # a line break to str.splitlines: the row fails, lines shift
    body = "\r\n".join(json.dumps(r, ensure_ascii=False) for r in rows[:30])
    body += "\n\n" + "\n".join(json.dumps(r, ensure_ascii=False) for r in rows[30:]) + "\n"
    utf8 = tmp_path / "jobs.jsonl"
    utf8.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))  # with a byte-order mark
    assert len(plan_blocks([utf8], 300)) > 5
    assert _docs_of_blocks(utf8, 300) == load_documents(utf8).documents
    latin = tmp_path / "latin.jsonl"  # not UTF-8: one block, decoded as a plain load does
    latin.write_bytes(body.replace("\u2028", "").replace("✓", "").encode("cp1252"))
    assert len(plan_blocks([latin], 300)) == 1
    assert _docs_of_blocks(latin, 300) == load_documents(latin).documents
    pq = _parquet(tmp_path / "jobs.parquet", _rows())
    assert len(plan_blocks([pq])) == 3
    assert _docs_of_blocks(pq, 300) == load_documents(pq).documents


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_ray_build_equals_the_local_build(ray_local: Any, tmp_path: Path, fmt: str) -> None:
    from jobfit.index.ray_build import add_with_ray

    write = _jsonl if fmt == "jsonl" else _parquet
    source = write(tmp_path / f"jobs.{fmt}", _rows())
    local = Index(tmp_path / "local", _hashed())
    plain = local.add(load_documents(source).documents, "job", batch_size=16)
    on_ray = Index(tmp_path / "ray", _hashed())
    reports: list[Any] = []
    got = add_with_ray(
        on_ray, [source], "job", workers=2, batch_size=16, block_bytes=4096, on_read=reports.append
    )
    assert got == plain
    assert len(got.added) == 39
    assert [f.source for f in reports[0].failures] == [f"{source} row 4"]
    _same_stores(local, on_ray)


def test_a_second_ray_add_encodes_only_what_changed(ray_local: Any, tmp_path: Path) -> None:
    from jobfit.index.ray_build import add_with_ray

    rows = _rows()
    source = _jsonl(tmp_path / "jobs.jsonl", rows)
    idx = Index(tmp_path / "ray", _hashed(occupations=False))
    first = add_with_ray(idx, [source], "job", workers=2)
    again = add_with_ray(idx, [source], "job", workers=2)
    assert (again.added, again.updated) == ((), ())
    assert again.unchanged == first.added
    before = idx.store.get("job", ["job-1"])[0]
    rows[1]["text"] += "\nNight shifts."
    rows[2]["city"] = "Madrid"  # metadata only: stored without encoding, counted as updated
    third = add_with_ray(idx, [_jsonl(source, rows)], "job", workers=1)
    assert (third.added, third.updated, len(third.unchanged)) == ((), ("job-1", "job-2"), 37)
    after = idx.store.get("job", ["job-1", "job-2"])
    assert after[0].text.endswith("Night shifts.")
    assert after[0].added == before.added  # an update keeps when the id was first added
    assert after[1].metadata["city"] == "Madrid"
    local = Index(tmp_path / "local", _hashed(occupations=False))
    local.add(load_documents(source).documents, "job")
    _same_stores(local, idx)


def test_ray_add_checks_the_file_before_writing(ray_local: Any, tmp_path: Path) -> None:
    from jobfit.index.ray_build import add_with_ray

    rows = _rows()
    rows[30]["id"] = "job-2"
    source = _jsonl(tmp_path / "jobs.jsonl", rows)
    idx = Index(tmp_path / "ray", _hashed())
    with pytest.raises(DataError, match=r"duplicate id 'job-2' on rows 3 and 32; ids must be"):
        add_with_ray(idx, [source], "job", block_bytes=2048)
    assert idx.stats()["jobs"] == 0
    with pytest.raises(JobfitError, match=r"is not a JSONL, CSV or Parquet file; --engine ray"):
        add_with_ray(idx, [tmp_path], "job")
    broken = tmp_path / "jobs.csv"  # fails inside a Ray task: the same error comes out
    broken.write_text('id,text\n1,"' + "x" * 200_000 + '"\n', encoding="utf-8")
    with pytest.raises(DataError) as plain:
        load_documents(broken)
    with pytest.raises(DataError) as on_ray:
        add_with_ray(idx, [broken], "job")
    assert str(on_ray.value) == str(plain.value).replace(str(broken), str(broken.resolve()))
    assert "not valid CSV near line" in str(on_ray.value)


def test_a_worker_with_another_model_stops_the_add(
    ray_local: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jobfit.index import ray_build

    other = ray_build.MatcherRecipe.of(Matcher(encoder=HashEncoder(dim=128), cache=False))
    monkeypatch.setattr(ray_build.MatcherRecipe, "of", classmethod(lambda cls, m: other))
    idx = Index(tmp_path / "ray", _hashed(occupations=False))
    source = _jsonl(tmp_path / "jobs.jsonl", _rows(8))
    with pytest.raises(IndexError_, match=r"loaded model None as hash-128-256, but the driver"):
        ray_build.add_with_ray(idx, [source], "job")
    assert idx.stats()["jobs"] == 0


def test_without_ray_installed_the_error_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jobfit.index.ray_build import add_with_ray

    monkeypatch.setitem(sys.modules, "ray", None)
    source = _jsonl(tmp_path / "jobs.jsonl", _rows(5))
    with pytest.raises(DependencyError, match=r"pip install 'jobfit\[ray\]'"):
        add_with_ray(Index(tmp_path / "ray", _hashed()), [source], "job")


def test_cli_ray_engine_prints_the_local_summary(
    ray_local: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jobfit.cli_index as cli_index

    monkeypatch.setattr(cli_index, "_matcher", lambda model, backend: _hashed(False))
    source = str(_jsonl(tmp_path / "jobs.jsonl", _rows()))
    runner = CliRunner()
    common = ["add", source, "--kind", "job"]
    local = runner.invoke(cli_index.index_app, [*common, "--index", str(tmp_path / "a")])
    ray = runner.invoke(
        cli_index.index_app,
        [*common, "--index", str(tmp_path / "b"), "--engine", "ray", "--workers", "2"],
    )
    assert (ray.exit_code, local.exit_code) == (3, 3)  # one row skipped
    assert json.loads(ray.stdout) == json.loads(local.stdout)
    assert json.loads(ray.stdout) == {
        "kind": "job",
        "added": 39,
        "updated": 0,
        "unchanged": 0,
        "skipped": 1,
    }
    assert f"skipped job: {source} row 4 (id 'job-3'): 'text' is empty" in ray.stderr
    folder = runner.invoke(cli_index.index_app, ["add", str(tmp_path), "--engine", "ray"])
    assert isinstance(folder.exception, JobfitError)
    assert str(folder.exception) == (
        f"--engine ray reads collection files (JSONL, CSV, Parquet); {tmp_path} is a folder. "
        f"Add it with the default engine: jobfit index add {tmp_path} --kind job"
    )
    stray = runner.invoke(cli_index.index_app, [*common, "--workers", "2"])
    assert "--address and --workers are for --engine ray" in str(stray.exception)


def test_plain_commands_never_import_ray() -> None:
    code = (
        "import sys\nfrom typer.testing import CliRunner\nfrom jobfit.cli import app\n"
        "CliRunner().invoke(app, ['index', 'add', '--help'])\n"
        "import jobfit.index.index\nprint('ray' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.slow
def test_cli_ray_engine_with_the_base_model_builds_the_local_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two processes, each its own local Ray instance or none: stdout is only the summary."""
    rows = _rows(24)
    rows[3]["text"] = "Registered Nurse\nICU, BLS, triage."
    source = str(_jsonl(tmp_path / "jobs.jsonl", rows))
    home = str(share_exports(tmp_path / "home"))
    env = {"JOBFIT_HOME": home, "HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"}

    def run(*args: str) -> dict[str, Any]:
        done = subprocess.run(
            [sys.executable, "-m", "jobfit.cli", "index", "add", source, "--model", "base", *args],
            capture_output=True,
            text=True,
            env={**env, "CI": "1"},
            timeout=900,
        )
        assert done.returncode == 0, done.stderr
        out: dict[str, Any] = json.loads(done.stdout)
        return out

    local = run("--index", str(tmp_path / "local"))
    ray = run("--index", str(tmp_path / "ray"), "--engine", "ray", "--workers", "2")
    assert ray == local == {"kind": "job", "added": 24, "updated": 0, "unchanged": 0, "skipped": 0}
    monkeypatch.setenv("JOBFIT_HOME", env["JOBFIT_HOME"])  # the ONNX export made above
    matcher = Matcher("base", cache=False)
    _same_stores(Index(tmp_path / "local", matcher), Index(tmp_path / "ray", matcher))
