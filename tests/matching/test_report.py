"""Every output format puts knockouts first: JSONL keys, the CSV column, the table and the report."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

from jobfit.encoding.encoder import HashEncoder
from jobfit.matching.matcher import Matcher
from jobfit.matching.report import explanation_text, rankings_csv, rankings_jsonl, rankings_table

JOB = "Senior Data Engineer\nRequirements:\n- 7+ years of experience in data engineering\n- Python\n- CCRN certification"
JUNIOR = "Jo Lee\nEXPERIENCE\nData Engineer | Acme | Jan 2022 - Dec 2023\n- Python, Airflow"


def _rankings():  # type: ignore[no-untyped-def]
    m = Matcher(encoder=HashEncoder(), cache=False, today=dt.date(2026, 11, 30))
    return m, m.rank([JUNIOR], [JOB], top_k=1)


def test_jsonl_carries_knockouts_and_required_flags() -> None:
    _, rankings = _rankings()
    hit = json.loads(rankings_jsonl(rankings))["hits"][0]
    assert [k["requirement"] for k in hit["knockouts"]] == [
        "7+ years of experience in data engineering",
        "CCRN certification",
    ]
    assert all(k["required"] and k["verdict"] == "not met" for k in hit["knockouts"])
    assert hit["missing"][0]["requirement"] == hit["knockouts"][0]["requirement"]
    assert hit["fit"] <= 49
    assert hit["met"][0]["reason"].startswith("named")


def test_csv_table_and_text_name_the_knockouts_first() -> None:
    m, rankings = _rankings()
    row = next(csv.DictReader(io.StringIO(rankings_csv(rankings))))
    assert row["knockouts"] == "7+ years of experience in data engineering; CCRN certification"
    table = rankings_table(rankings)
    assert "FAILS REQUIRED (fit capped at 49): 7+ years of experience in data engineering" in table
    report = explanation_text("jo", "de", m.explain(JUNIOR, JOB))
    assert report.index("Knockouts (required, not met):") < report.index("Meets:")
    assert "2 years of data engineering (Jan 2022 - Dec 2023); 7 required" in report


def test_cli_rejects_a_bad_today_before_loading_a_model(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text(JUNIOR)
    (tmp_path / "j.txt").write_text(JOB)
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "jobfit.cli",
            "explain",
            str(tmp_path / "r.txt"),
            str(tmp_path / "j.txt"),
            "--today",
            "30/11/2026",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 1
    assert "--today '30/11/2026' is not a date; write it as YYYY-MM-DD" in r.stderr
