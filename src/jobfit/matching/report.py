"""Rendering rankings and explanations: JSON lines, CSV and human-readable text."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from jobfit.documents.language import language_name
from jobfit.matching.explain import Explanation
from jobfit.matching.matcher import Ranking

__all__ = ["FORMATS", "explanation_text", "rankings_csv", "rankings_jsonl", "rankings_table"]

FORMATS = ("jsonl", "csv", "table")


def rankings_jsonl(rankings: Iterable[Ranking]) -> str:
    """One JSON object per query, hits best first (the stable contract)."""
    return "".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in rankings)


def rankings_csv(rankings: Iterable[Ranking]) -> str:
    """One CSV row per hit: query id, rank, candidate id, score, fit, met and missing requirements."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    header_done = False
    for r in rankings:
        q_key, h_key = ("resume_id", "job_id") if r.by == "resume" else ("job_id", "resume_id")
        if not header_done:
            w.writerow(
                [q_key, "rank", h_key, "score", "fit", "knockouts", "met", "missing", "unclear"]
            )
            header_done = True
        for h in r.hits:
            e = h.explanation
            knockouts = "; ".join(x.requirement for x in e.knockouts) if e else ""
            met = "; ".join(x.requirement for x in e.met) if e else ""
            missing = "; ".join(x.requirement for x in e.missing) if e else ""
            unclear = "; ".join(x.requirement for x in e.unclear) if e else ""
            w.writerow(
                [
                    r.query_id,
                    h.rank,
                    h.id,
                    f"{h.score:.6f}",
                    h.fit,
                    knockouts,
                    met,
                    missing,
                    unclear,
                ]
            )
    return buf.getvalue()


def _short(items: Iterable[str], limit: int = 6) -> str:
    items = list(items)
    more = f" (+{len(items) - limit})" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more


def rankings_table(rankings: Iterable[Ranking]) -> str:
    """A readable table per query."""
    lines: list[str] = []
    for r in rankings:
        what = "jobs for resume" if r.by == "resume" else "resumes for job"
        lines.append(f"{what} {r.query_id}")
        for h in r.hits:
            lines.append(f"  {h.rank:>3}. fit {h.fit:>3}  score {h.score:.3f}  {h.id}")
            if h.explanation is not None:
                e = h.explanation
                if not e.requirements_read:
                    lines.append(f"         requirements not read: {_language_note(e)}")
                if e.knockouts:
                    lines.append(
                        f"         FAILS REQUIRED (fit capped at 49): {_short(x.requirement for x in e.knockouts)}"
                    )
                if e.met:
                    lines.append(f"         meets:  {_short(x.requirement for x in e.met)}")
                rest = [x for x in e.missing if not x.knockout]
                if rest:
                    lines.append(f"         misses: {_short(x.requirement for x in rest)}")
                if e.unclear:
                    lines.append(f"         unclear: {_short(x.requirement for x in e.unclear)}")
        lines.append("")
    return "\n".join(lines)


def _language_note(e: Explanation) -> str:
    return (
        f"the posting is in {language_name(e.job_language)}; jobfit reads requirements in "
        "English only"
    )


def explanation_text(resume_id: str, job_id: str, e: Explanation) -> str:
    """A readable report for one pair."""
    out = [
        f"resume {resume_id}  x  job {job_id}",
        f"fit {e.fit}/100 (score {e.score:.3f}"
        + (
            f" = cosine {e.cosine:.3f} + occupation {e.occupation:.3f}"
            if e.cosine is not None and e.occupation is not None
            else ""
        )
        + (
            f"); meets {len(e.met)} of {len(e.met) + len(e.missing) + len(e.unclear)} requirements"
            + (f", {len(e.unclear)} unclear" if e.unclear else "")
            if e.requirements_read
            else f"); requirements not read: {_language_note(e)}"
        ),
    ]
    if e.resume_occupation or e.job_occupation:
        out.append(f"occupations: resume reads as {e.resume_occupation}; job as {e.job_occupation}")
    out.append("")
    if e.knockouts:
        out.append(
            f"Does not meet {len(e.knockouts)} required qualification(s): fit capped at 49 "
            f"(before: {e.base_fit})"
        )
        out.append("")
    sections = (
        ("Knockouts (required, not met)", e.knockouts),
        ("Meets", e.met),
        ("Misses", tuple(x for x in e.missing if not x.knockout)),
        ("Unclear (check by hand)", e.unclear),
    )
    for title, items in sections:
        out.append(f"{title}:")
        if not items:
            out.append("  (none)")
        for x in items:
            need = "required" if x.required else "preferred"
            out.append(f"  - [{x.kind}, {need}] {x.requirement}")
            if x.reason:
                out.append(f"      {x.reason}")
            if x.passage and x.passage not in x.reason:
                out.append(f"      \u201c{x.passage[:160]}\u201d")
        out.append("")
    return "\n".join(out)
