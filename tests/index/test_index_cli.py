"""`jobfit index ...` and `jobfit rank --jobs-index` end to end, the real base model."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from jobfit.data.onet_generator import generate_onet_triplets
from jobfit_test_homes import share_exports

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("index-cli")
    triplets = generate_onet_triplets(seed=21, n=24)
    cities = ["Berlin", "Paris", "Leeds"]
    jobs = root / "jobs.jsonl"
    jobs.write_text(
        "".join(
            json.dumps({"id": f"job-{i}", "text": t.job, "location": cities[i % 3], "tags": ["x"]})
            + "\n"
            for i, t in enumerate(triplets)
        ),
        encoding="utf-8",
    )
    resume = root / "cv.txt"
    resume.write_text(triplets[0].resume, encoding="utf-8")
    return {"jobs": jobs, "resume": resume, "root": root, "home": root / "home"}


def _run(files: dict[str, Path], *args: str) -> subprocess.CompletedProcess[str]:
    home = str(share_exports(files["home"]))
    env = {"JOBFIT_HOME": home, "HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "jobfit.cli", *args],
        capture_output=True,
        text=True,
        env={**env, "CI": "1"},
        timeout=600,
    )


@pytest.mark.parametrize("store", ["store", "store.db"])
def test_index_workflow_gives_rank_s_answers(files: dict[str, Path], store: str) -> None:
    where = str(files["root"] / store)
    common = ["--index", where, "--model", "base"]
    added = _run(files, "index", "add", str(files["jobs"]), "--kind", "job", *common)
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["added"] == 24
    again = _run(files, "index", "add", str(files["jobs"]), "--kind", "job", *common)
    assert json.loads(again.stdout)["unchanged"] == 24

    stored = _run(
        files,
        "rank",
        "--resumes",
        str(files["resume"]),
        "--jobs-index",
        where,
        "--model",
        "base",
        "--top-k",
        "5",
    )
    direct = _run(
        files,
        "rank",
        "--resumes",
        str(files["resume"]),
        "--jobs",
        str(files["jobs"]),
        "--model",
        "base",
        "--top-k",
        "5",
    )
    assert stored.returncode == 0, stored.stderr
    got, want = json.loads(stored.stdout), json.loads(direct.stdout)
    assert [h["job_id"] for h in got["hits"]] == [h["job_id"] for h in want["hits"]]
    assert [h["fit"] for h in got["hits"]] == [h["fit"] for h in want["hits"]]

    berlin = _run(
        files,
        "index",
        "search",
        str(files["resume"]),
        *common,
        "--where",
        "location = 'Berlin'",
        "--top-k",
        "8",
        "--no-explain",
    )
    hits = json.loads(berlin.stdout)["hits"]
    assert len(hits) == 8
    assert all(int(h["job_id"].split("-")[1]) % 3 == 0 for h in hits)

    deleted = _run(files, "index", "delete", "job-0", "job-3", "--kind", "job", "--index", where)
    assert json.loads(deleted.stdout)["deleted"] == 2
    stats = json.loads(_run(files, "index", "stats", "--index", where).stdout)
    assert (stats["jobs"], stats["model"]) == (22, "base")
    listed = _run(files, "index", "list", "--index", where, "--where", "location = 'Paris'")
    assert len(listed.stdout.splitlines()) == 8
    bad = _run(files, "index", "search", str(files["resume"]), *common, "--where", "salary > 3")
    assert bad.returncode == 1
    assert "unknown field 'salary'" in bad.stderr
