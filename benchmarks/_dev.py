"""Loads the development set from ../shared/data/dev (read in place, never copied)."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DEV_DIR = Path(
    os.environ.get(
        "JOBFIT_DEV_DIR", Path(__file__).resolve().parents[1].parent / "shared" / "data" / "dev"
    )
)


@dataclass
class DevSet:
    resume_ids: list[str]
    resumes: list[str]
    job_ids: list[str]
    jobs: list[str]
    relevance: np.ndarray


def load_dev() -> DevSet:
    if not (DEV_DIR / "qrels.jsonl").is_file():
        sys.exit(
            f"development set not found in {DEV_DIR}; set JOBFIT_DEV_DIR to the folder with resumes.jsonl, jobs.jsonl, qrels.jsonl"
        )
    resumes = [
        json.loads(x) for x in (DEV_DIR / "resumes.jsonl").read_text().splitlines() if x.strip()
    ]
    jobs = [json.loads(x) for x in (DEV_DIR / "jobs.jsonl").read_text().splitlines() if x.strip()]
    r_index = {r["id"]: i for i, r in enumerate(resumes)}
    j_index = {j["id"]: i for i, j in enumerate(jobs)}
    rel = np.zeros((len(resumes), len(jobs)))
    for line in (DEV_DIR / "qrels.jsonl").read_text().splitlines():
        if line.strip():
            q = json.loads(line)
            rel[r_index[q["resume_id"]], j_index[q["job_id"]]] = q["relevance"]
    return DevSet(
        [r["id"] for r in resumes],
        [r["text"] for r in resumes],
        [j["id"] for j in jobs],
        [j["text"] for j in jobs],
        rel,
    )


def drop_first_line(text: str) -> str:
    lines = text.split("\n")
    return "\n".join(lines[1:]) if len(lines) > 1 else text
