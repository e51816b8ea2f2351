"""`jobfit rank` and `jobfit explain` end to end: real files, the real base model, a bad file."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from fpdf import FPDF

from jobfit_test_homes import share_exports

pytestmark = pytest.mark.slow

NURSE = (
    "Maria Lopez\nREGISTERED NURSE\nmaria@example.com | 555-0100\n"
    "Summary\nRegistered nurse with 6 years in med-surg and ICU units.\n"
    "Experience\n- Performed patient assessment and triage for 30 beds.\n"
    "- Administered medication and documented care plans in Epic EMR.\n"
    "Certifications: BLS, ACLS\nEducation: Bachelor of Science in Nursing (BSN)\n"
)
DEV = (
    "Sam Chen\nBackend Software Engineer\n"
    "Summary: 7 years building REST APIs and microservices in Python and Java.\n"
    "Experience\n- Designed microservices on Docker and Kubernetes.\n"
    "- Tuned SQL queries on PostgreSQL.\nSkills: python, java, sql, docker, kubernetes, aws\n"
)
JOBS = [
    {
        "id": "job-rn",
        "text": "Registered Nurse (RN) - ICU\nRequirements:\n- Active RN license\n- BLS and ACLS\n- 2+ years of acute care experience\n- Epic charting",
        "title": "Registered Nurse",  # the first line is this title: not repeated
    },
    {
        "id": "job-be",
        "text": "Backend Engineer\nWhat you'll do: build APIs.\nRequirements:\n- 5+ years of experience with Python or Go\n- SQL, Docker, Kubernetes\n- AWS",
        "title": "BE",
    },
    {
        "id": "job-teach",
        "text": "Elementary Teacher\nRequirements: lesson planning, classroom management, state teaching license",
        "title": "Teacher",
    },
]


def _pdf(path: Path, text: str) -> Path:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in text.splitlines():
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def _docx(path: Path, text: str) -> Path:
    d = docx.Document()
    for line in text.splitlines():
        d.add_paragraph(line)
    d.save(str(path))
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("corpus")
    resumes = root / "resumes"
    resumes.mkdir()
    _pdf(resumes / "maria.pdf", NURSE)
    _docx(resumes / "sam.docx", DEV)
    (resumes / "broken.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    (resumes / "mojibake.txt").write_text(
        "Teacher\nCaf\u00c3\u00a9 owner turned teacher \u00e2\u20ac\u201c lesson planning, classroom management",
        "utf-8",
    )
    jobs = root / "jobs.jsonl"
    jobs.write_text("".join(json.dumps(j) + "\n" for j in JOBS))
    return {"resumes": resumes, "jobs": jobs, "root": root, "home": root / "home"}


def _run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        "JOBFIT_HOME": str(share_exports(home)),
        "HF_HUB_OFFLINE": "1",
        "PATH": "/usr/bin:/bin",
        "CI": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "jobfit.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def test_rank_survives_a_bad_file_and_ranks_both_ways(
    corpus: dict[str, Path], tmp_path: Path
) -> None:
    args = [
        "rank",
        "--resumes",
        str(corpus["resumes"]),
        "--jobs",
        str(corpus["jobs"]),
        "--model",
        "base",
        "--top-k",
        "2",
    ]
    r = _run(*args, home=tmp_path)
    assert r.returncode == 3, r.stderr
    assert "skipped resume" in r.stderr
    assert "broken.pdf" in r.stderr
    assert "4 entries: 3 document files read, 1 failed, 0 not read" in r.stderr
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert [row["resume_id"] for row in rows] == ["maria.pdf", "mojibake.txt", "sam.docx"]
    top = {row["resume_id"]: row["hits"][0]["job_id"] for row in rows}
    assert top == {"maria.pdf": "job-rn", "mojibake.txt": "job-teach", "sam.docx": "job-be"}
    sam = rows[2]["hits"][0]
    assert {m["requirement"].lower() for m in sam["met"]} >= {"sql", "docker", "kubernetes", "aws"}
    # "5+ years of experience with Python or Go" is one years item, judged with a reason
    years = [
        x
        for x in (*sam["met"], *sam["missing"], *sam["unclear"])
        if x["requirement"] == "5+ years of experience with Python or Go"
    ]
    assert [x["kind"] for x in years] == ["years"]
    assert years[0]["reason"]
    assert 0 <= sam["fit"] <= 100

    # the same run again: byte-identical, and nothing is encoded again (served from the cache)
    again = _run(*args, home=tmp_path)
    assert again.stdout == r.stdout

    by_job = _run(
        "rank",
        "--by",
        "job",
        "--resumes",
        str(corpus["resumes"]),
        "--jobs",
        str(corpus["jobs"]),
        "--model",
        "base",
        "--top-k",
        "1",
        "--format",
        "csv",
        home=tmp_path,
    )
    table = list(csv.DictReader(io.StringIO(by_job.stdout)))
    assert {(t["job_id"], t["resume_id"]) for t in table} == {
        ("job-rn", "maria.pdf"),
        ("job-be", "sam.docx"),
        ("job-teach", "mojibake.txt"),
    }


def test_explain_report_and_json(corpus: dict[str, Path]) -> None:
    tmp_path = corpus["home"]
    job = corpus["root"] / "job.txt"
    job.write_text(JOBS[0]["text"])
    resume = corpus["resumes"] / "maria.pdf"
    text = _run("explain", str(resume), str(job), "--model", "base", home=tmp_path)
    assert text.returncode == 0, text.stderr
    assert "fit " in text.stdout
    assert "Meets:" in text.stdout
    assert "Misses:" in text.stdout
    js = _run(
        "explain", str(resume), str(job), "--model", "base", "--format", "json", home=tmp_path
    )
    out = json.loads(js.stdout)
    met = {m["requirement"].lower(): m for m in out["met"]}
    assert {"bls", "acls", "epic"} <= set(met)
    assert "BLS" in met["bls"]["passage"]
    bad = _run("explain", str(corpus["resumes"] / "broken.pdf"), str(job), home=tmp_path)
    assert bad.returncode == 1
    assert bad.stderr.startswith("Error: ")
    assert "Traceback" not in bad.stderr
    # A posting picked out of a collection explains the same as the same posting in a file.
    row = _run(
        "explain",
        str(resume),
        str(corpus["jobs"]),
        "--job-id",
        "job-rn",
        "--model",
        "base",
        "--format",
        "json",
        home=tmp_path,
    )
    assert row.returncode == 0, row.stderr
    picked = json.loads(row.stdout)
    assert picked["job_id"] == "job-rn"
    assert (picked["score"], picked["fit"]) == (out["score"], out["fit"])
    with_empty = corpus["root"] / "with_empty.jsonl"
    with_empty.write_text(corpus["jobs"].read_text() + '{"id": "blank", "text": " "}\n')
    for args, message in (
        ([], "holds 3 documents; pick one with --job-id, e.g. --job-id job-rn"),
        (["--job-id", "nope"], "no row with id 'nope'"),
        (["--job-id", "blank"], "(id 'blank'): 'text' is empty"),
    ):
        err = _run("explain", str(resume), str(with_empty), *args, home=tmp_path)
        assert err.returncode == 1
        assert message in err.stderr
        assert "Traceback" not in err.stderr


def _embed(
    corpus: dict[str, Path], source: Path, out: Path, *flags: str
) -> subprocess.CompletedProcess[str]:
    """``jobfit embed`` with the base model."""
    args = ["--input", str(source), "--out", str(out), "--model", "base", *flags]
    return _run("embed", *args, home=corpus["home"])


def test_embed_writes_normalised_vectors_and_ids(corpus: dict[str, Path]) -> None:
    import numpy as np

    out = corpus["root"] / "emb" / "jobs.npy"
    r = _embed(corpus, corpus["jobs"], out)
    assert r.returncode == 0, r.stderr
    info = json.loads(r.stdout)
    assert info["count"] == 3
    vectors = np.load(out)
    assert vectors.shape == (3, 384)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert (out.parent / "jobs.ids.txt").read_text().split() == ["job-rn", "job-be", "job-teach"]
    bad = _run(
        "embed",
        "--input",
        str(corpus["jobs"]),
        "--out",
        str(out.with_suffix(".bin")),
        home=corpus["home"],
    )
    assert bad.returncode == 1
    assert "must end in .npy" in bad.stderr


def test_embed_resumes_leads_each_resume_with_its_current_title(
    corpus: dict[str, Path],
) -> None:
    import numpy as np

    out = corpus["root"] / "emb"
    vectors = {}
    for flag in ([], ["--resumes"]):
        path = out / f"resumes{len(flag)}.npy"
        r = _embed(corpus, corpus["resumes"], path, *flag)
        assert r.returncode == 3, r.stderr  # partial: broken.pdf reported and skipped
        assert "broken.pdf" in r.stderr
        ids = path.with_suffix(".ids.txt").read_text().split()
        vectors[len(flag)] = dict(zip(ids, np.load(path), strict=True))
    plain, led = vectors[0], vectors[1]
    assert set(plain) == set(led) == {"maria.pdf", "sam.docx", "mojibake.txt"}
    # "Maria Lopez\nREGISTERED NURSE": the title is put first, so the vector moves.
    assert not np.allclose(plain["maria.pdf"], led["maria.pdf"], atol=1e-4)
    # "Teacher\n...": already opens with its title, so nothing changes.
    assert np.allclose(plain["mojibake.txt"], led["mojibake.txt"], atol=1e-6)


GERMAN_NURSE_JOB = (
    "Pflegefachkraft (m/w/d) Intensivstation\nIhre Aufgaben:\n"
    "- Pflege und Betreuung von Patientinnen und Patienten auf der Intensivstation\n"
    "- Dokumentation der Pflegemaßnahmen und Zusammenarbeit mit dem ärztlichen Dienst\n"
    "Ihr Profil:\n- Abgeschlossene Ausbildung als Pflegefachkraft\n"
    "- Mindestens zwei Jahre Berufserfahrung in der Intensivpflege\n"
)


def test_a_mixed_folder_accounts_for_every_entry(corpus: dict[str, Path], tmp_path: Path) -> None:
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    _pdf(mixed / "maria.pdf", NURSE)
    (mixed / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    (mixed / "setup.pdf").write_bytes(b"MZ\x90\x00" + b"\x00" * 60 + b"This program cannot be run")
    (mixed / "postings.jsonl").write_text(
        json.dumps({"id": "row-1", "text": DEV}) + "\n", encoding="utf-8"
    )
    (mixed / "sub").mkdir()
    (mixed / "sub" / "deep.txt").write_text(DEV, encoding="utf-8")
    (mixed / ".DS_Store").write_bytes(b"\x00\x00")
    args = ["rank", "--resumes", str(mixed), "--jobs", str(corpus["jobs"]), "--model", "base"]
    r = _run(*args, "--explain", "--top-k", "1", home=tmp_path)
    assert r.returncode == 3, r.stderr
    assert "old.doc: not read: unsupported file type '.doc'" in r.stderr
    assert "setup.pdf: not a PDF: its content looks like a Windows Executable" in r.stderr
    assert "sub: not read: a subfolder (pass --recursive to read it)" in r.stderr
    assert (
        "6 entries: 1 document file read, 1 collection file(s) read as collections "
        "(1 documents), 1 failed, 2 not read, 1 hidden or lock file(s) ignored"
    ) in r.stderr
    ids = [json.loads(x)["resume_id"] for x in r.stdout.splitlines()]
    assert ids == ["maria.pdf", "row-1"]
    deep = _run(*args, "--recursive", "--max-chars", "300", home=tmp_path)
    ids = [json.loads(x)["resume_id"] for x in deep.stdout.splitlines()]
    assert ids == ["maria.pdf", "row-1", "deep.txt"]
    assert "over the limit of 300" in deep.stderr

    german = tmp_path / "stelle.txt"
    german.write_text(GERMAN_NURSE_JOB, encoding="utf-8")
    e = _run(
        "explain",
        str(mixed / "maria.pdf"),
        str(german),
        "--model",
        "base",
        "--format",
        "json",
        home=tmp_path,
    )
    assert e.returncode == 0, e.stderr
    assert "warning: job stelle.txt is in German (de)" in e.stderr
    out = json.loads(e.stdout)
    assert out["language"] == {"resume": "en", "job": "de"}
    assert out["requirements_read"] is False
    folder = _run("explain", str(mixed), str(german), "--model", "base", home=tmp_path)
    assert folder.returncode == 1
    assert "is a folder; explain takes one resume file" in folder.stderr
    assert "jobfit rank --resumes" in folder.stderr
