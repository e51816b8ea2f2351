"""Loads the development set from ../shared/data/dev (read in place, never copied)."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from functools import lru_cache
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


@lru_cache(maxsize=1)
def _title_index():  # type: ignore[no-untyped-def]
    """The O*NET title index, built once per process (it reads every O*NET title)."""
    from jobfit.encoding.encoder import HashEncoder
    from jobfit.matching.occupations import OccupationMapper

    return OccupationMapper(HashEncoder()).titles


def content_only_resume(text: str) -> str:
    """A resume without its titles: the headline block and every job-header line of the
    experience section (titles, employers, dates) are dropped; bullets and sentences stay.
    A resume without headings loses its first line and every line that is an O*NET job title.
    """
    import re

    from jobfit.documents.sections import HEADER, resume_sections

    lines = resume_sections(text)
    has_headings = any(x.section != HEADER for x in lines)
    index = _title_index()
    kept = []
    for i, x in enumerate(lines):
        line = x.text.strip()
        headerish = (
            not re.match(r"[-*\u2022\u00b7\u25aa\u25cf]", line)
            and len(line.split()) <= 14
            and not line.endswith((".", ";"))
        )
        if has_headings and x.section == HEADER:
            continue
        if has_headings and x.section == "experience" and headerish:
            continue
        if not has_headings and (i == 0 or (headerish and index.lookup(line, min_words=2))):
            continue
        kept.append(x.text)
    return "\n".join(kept)


def dev_views(dev: DevSet) -> dict[str, tuple[list[str], list[str]]]:
    """The three views every ranking lever is measured in: (resumes, postings) texts."""
    return {
        "full": (dev.resumes, dev.jobs),
        "first line removed": ([drop_first_line(x) for x in dev.resumes], dev.jobs),
        "content only": (
            [content_only_resume(x) for x in dev.resumes],
            [content_only_job(x) for x in dev.jobs],
        ),
    }


def content_only_job(text: str) -> str:
    """A posting without its title line."""
    return drop_first_line(text)
