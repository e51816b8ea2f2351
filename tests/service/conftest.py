"""A real `jobfit serve` in a subprocess, over a small store of postings and resumes, once per
session (the web page's end-to-end tests drive it with a browser)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

STARTUP_TIMEOUT = 300
"""Seconds the server gets to load the model and answer /v1/health (30-60 s on 2 idle cores, minutes on busy ones)."""

SERVE = [sys.executable, "-m", "jobfit.cli", "serve", "--model", "base", "--backend", "torch"]
"""`jobfit serve` with the base model; the port and the store are added."""

JOBS: dict[str, tuple[dict[str, Any], str]] = {
    "job-nurse": (
        {"title": "Registered Nurse, ICU", "company": "St. Mary Hospital", "location": "Boston"},
        "Registered Nurse - Intensive Care Unit\n"
        "St. Mary Hospital is hiring a registered nurse for its 24-bed adult ICU.\n"
        "Responsibilities\n"
        "- Assess, monitor and care for critically ill patients\n"
        "- Administer medication and IV therapy, document care in Epic\n"
        "Requirements\n"
        "- Active RN license\n"
        "- BLS and ACLS certification\n"
        "- 2+ years of acute care nursing experience\n"
        "- Bachelor of Science in Nursing (BSN) preferred\n",
    ),
    "job-software": (
        {
            "title": "Backend Software Engineer",
            "company": "Cloudworks",
            "location": "Berlin",
            "tags": ["remote"],
        },
        "Backend Software Engineer\n"
        "Cloudworks builds APIs that process billions of events a day.\n"
        "Responsibilities\n"
        "- Design, build and operate Python microservices on Kubernetes\n"
        "- Write tests, review code and improve reliability\n"
        "Requirements\n"
        "- 3+ years of professional software development in Python or Go\n"
        "- Experience with PostgreSQL, REST APIs and Docker\n"
        "- Bachelor's degree in computer science or equivalent experience\n"
        "- Nice to have: AWS, Kafka\n",
    ),
    "job-data-analyst": (
        {"title": "Data Analyst", "company": "RetailCo", "location": "London"},
        "Data Analyst\n"
        "Turn sales data into decisions for our merchandising team.\n"
        "Requirements\n"
        "- 2+ years of experience as a data analyst\n"
        "- Advanced SQL and Excel\n"
        "- Dashboards in Tableau or Power BI\n"
        "- Statistics: A/B tests, regression\n",
    ),
    "job-electrician": (
        {"title": "Licensed Electrician", "company": "BrightSpark Electric", "location": "Denver"},
        "Licensed Electrician\n"
        "Install and repair wiring in commercial and residential buildings.\n"
        "Requirements\n"
        "- Journeyman electrician license\n"
        "- 4+ years of experience with conduit bending and panel installation\n"
        "- Knowledge of the National Electrical Code (NEC)\n"
        "- Valid driver's license\n",
    ),
    "job-accountant": (
        {"title": "Staff Accountant", "company": "Baker & Lane LLP", "location": "Chicago"},
        "Staff Accountant\n"
        "Join our finance team to close the books every month.\n"
        "Requirements\n"
        "- Bachelor's degree in accounting or finance\n"
        "- CPA certification preferred\n"
        "- 2+ years of general ledger, reconciliations and month-end close\n"
        "- Experience with QuickBooks or SAP and advanced Excel\n",
    ),
    "job-truck-driver": (
        {"title": "Long-Haul Truck Driver", "company": "Interstate Freight", "location": "Dallas"},
        "CDL-A Truck Driver, long haul\n"
        "Drive Class A tractor-trailers across the southern states.\n"
        "Requirements\n"
        "- Valid Class A commercial driver's license (CDL-A)\n"
        "- 1+ year of over-the-road driving experience\n"
        "- Clean driving record and DOT medical card\n"
        "- Able to lift 50 lbs\n",
    ),
    "job-chef": (
        {"title": "Sous Chef", "company": "Olive & Thyme", "location": "New York"},
        "Sous Chef\n"
        "A busy Mediterranean restaurant seeks a sous chef.\n"
        "Requirements\n"
        "- 3+ years of experience in a professional kitchen, 1 as a line lead\n"
        "- ServSafe food handler certification\n"
        "- Menu planning, food cost control and ordering\n"
        "- Able to lead a team of 8 cooks on the line\n",
    ),
    "job-teacher": (
        {"title": "High School Math Teacher", "company": "Lincoln High", "location": "Seattle"},
        "High School Mathematics Teacher\n"
        "Teach algebra and geometry to grades 9-12.\n"
        "Requirements\n"
        "- State teaching certification in mathematics\n"
        "- Bachelor's degree in mathematics or education\n"
        "- 2+ years of classroom teaching experience\n"
        "- Lesson planning and classroom management\n",
    ),
    "job-mechanic": (
        {"title": "Automotive Technician", "company": "QuickFix Auto", "location": "Phoenix"},
        "Automotive Service Technician\n"
        "Diagnose and repair cars and light trucks.\n"
        "Requirements\n"
        "- ASE certification\n"
        "- 3+ years of automotive repair experience\n"
        "- Engine diagnostics, brakes and suspension\n"
        "- Own basic hand tools\n",
    ),
    "job-marketing": (
        {"title": "Digital Marketing Manager", "company": "Bloom Cosmetics", "location": "Paris"},
        "Digital Marketing Manager\n"
        "Lead paid and organic campaigns for a growing beauty brand.\n"
        "Requirements\n"
        "- 5+ years of digital marketing experience\n"
        "- Google Ads, SEO and social media advertising\n"
        "- Budget ownership and campaign analytics\n"
        "- Fluent English; French is a plus\n",
    ),
    "job-warehouse": (
        {"title": "Warehouse Associate", "company": "ShipFast", "location": "Memphis"},
        "Warehouse Associate\n"
        "Pick, pack and ship customer orders in a fast-paced distribution center.\n"
        "Requirements\n"
        "- Forklift certification\n"
        "- Able to lift 50 lbs and stand for 10-hour shifts\n"
        "- High school diploma or GED\n",
    ),
    "job-pharmacist": (
        {"title": "Retail Pharmacist", "company": "CareRx", "location": "Atlanta"},
        "Pharmacist\n"
        "Dispense prescriptions and counsel patients in a retail pharmacy.\n"
        "Requirements\n"
        "- Doctor of Pharmacy (PharmD)\n"
        "- Active state pharmacist license\n"
        "- 1+ year of retail pharmacy experience\n"
        "- Immunization certification\n",
    ),
}
"""Stored postings: id -> (metadata, text)."""

RESUMES: dict[str, tuple[dict[str, Any], str]] = {
    "resume-software": (
        {"title": "Software Engineer", "location": "Berlin"},
        "Jonas Weber\nSoftware Engineer\n"
        "Summary\nBackend software engineer with 6 years building Python services.\n"
        "Experience\n"
        "Senior Software Engineer, Streamly (2020-2025)\n"
        "- Built REST APIs in Python and Go on Kubernetes and AWS\n"
        "- Designed PostgreSQL schemas and Kafka pipelines; Docker for every service\n"
        "Software Developer, Webfactory (2018-2020)\n"
        "- Developed web applications and wrote unit tests\n"
        "Education\nBachelor of Science in Computer Science, TU Berlin\n",
    ),
    "resume-nurse": (
        {"title": "Registered Nurse", "location": "Boston"},
        "Emily Carter\nRegistered Nurse\n"
        "Experience\n"
        "Staff Nurse, Boston General Hospital (2019-2025)\n"
        "- Cared for patients on a medical-surgical unit; IV therapy, wound care\n"
        "- Administered medication and documented care in Epic\n"
        "Licenses: RN license (Massachusetts). Certifications: BLS\n"
        "Education\nBachelor of Science in Nursing (BSN)\n",
    ),
    "resume-data-analyst": (
        {"title": "Data Analyst", "location": "London"},
        "Priya Shah\nData Analyst\n"
        "Experience\n"
        "Data Analyst, ShopMetrics (2021-2025)\n"
        "- Wrote SQL queries and built Tableau dashboards for sales leadership\n"
        "- Ran A/B tests and regression analyses in Python and Excel\n"
        "Education\nBSc Statistics, University of Leeds\n",
    ),
    "resume-electrician": (
        {"title": "Electrician", "location": "Denver"},
        "Mike Johnson\nJourneyman Electrician\n"
        "Experience\n"
        "Electrician, Rocky Mountain Electric (2017-2025)\n"
        "- Installed conduit, panels and wiring in commercial buildings to NEC code\n"
        "- Troubleshot circuits and replaced breakers\n"
        "Licenses: Journeyman electrician license (Colorado), driver's license\n",
    ),
    "resume-chef": (
        {"title": "Line Cook", "location": "New York"},
        "Luca Romano\nLine Cook\n"
        "Experience\n"
        "Line Cook, Trattoria Roma (2019-2025)\n"
        "- Prepared pasta, grill and saute stations for 200 covers a night\n"
        "- Trained new cooks and helped plan seasonal menus\n"
        "Certifications: ServSafe food handler\n",
    ),
    "resume-accountant": (
        {"title": "Accountant", "location": "Chicago"},
        "Sarah Kim\nAccountant\n"
        "Experience\n"
        "Junior Accountant, Miller CPA Group (2020-2025)\n"
        "- Month-end close, account reconciliations and general ledger entries\n"
        "- Accounts payable in QuickBooks; reports in Excel\n"
        "Education\nBachelor of Science in Accounting, DePaul University\n",
    ),
}
"""Stored resumes: id -> (metadata, text)."""


@dataclass
class LiveServer:
    """The running server: its base URL (no trailing slash) and what it stores."""

    url: str
    jobs: dict[str, tuple[dict[str, Any], str]] = field(default_factory=lambda: dict(JOBS))
    resumes: dict[str, tuple[dict[str, Any], str]] = field(default_factory=lambda: dict(RESUMES))
    log: Path | None = None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _call(url: str, method: str = "GET", body: Any = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(req, timeout=60) as resp:
        return json.loads(resp.read() or b"null")


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(
                f"jobfit serve exited with {proc.returncode} before it was ready:\n"
                + log.read_text("utf-8", "replace")
            )
        try:
            if _call(f"{url}/v1/health")["status"] == "ok":
                return
        except (OSError, urllib.error.URLError, ValueError):
            pass
        time.sleep(0.5)
    pytest.fail(
        f"jobfit serve did not answer {url}/v1/health within {STARTUP_TIMEOUT} s:\n"
        + log.read_text("utf-8", "replace")
    )


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """`jobfit serve` with the base model on a free port over a fresh store of `JOBS` and
    `RESUMES` (added through the API); stopped with SIGTERM at the end of the session."""
    root = tmp_path_factory.mktemp("live-server")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "HF_HOME": str(root / "hf"),
        "JOBFIT_HOME": str(root / "home"),
        "TOKENIZERS_PARALLELISM": "false",
    }
    env.pop("JOBFIT_API_KEY", None)
    log = root / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [*SERVE, "--port", str(port), "--index", str(root / "index")],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        _wait_healthy(url, proc, log)
        for plural, docs in (("jobs", JOBS), ("resumes", RESUMES)):
            for doc_id, (meta, text) in docs.items():
                _call(f"{url}/v1/{plural}", "POST", {"id": doc_id, "text": text, "metadata": meta})
        yield LiveServer(url, log=log)
    finally:
        _stop(proc)
