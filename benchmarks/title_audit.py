"""Title audit: how often the O*NET title lookup maps a job title to the wrong major group.

Reads ``benchmarks/title_audit/`` (hand labels; see its README): titles written for the audit,
and labels of dev postings' and resumes' titles, whose text is read in place from
``../shared/data/dev`` (never copied). Each title goes through the lookup as jobfit uses it
(a one-line document: exact titles, cleaned, and the sub-phrase fallback for a headline), and
counts as

- right: at least half of the codes it maps to are in the labelled major group;
- wrong: mapped to another major group, or mapped at all when the label is "none";
- silent: not mapped (adds nothing to the score).

Prints coverage (titles mapped to their labelled major group, of titles that have one) and the
wrong rate among mapped titles (the target is at most 3%), overall and per source, for the
lookup alone (with the rules of ``jobfit.matching.title_rules``) and with the content rule
(a title yields to clear content).

    .venv/bin/python benchmarks/title_audit.py [--errors]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent / "title_audit"
DEV_DIR = Path(
    os.environ.get(
        "JOBFIT_DEV_DIR", Path(__file__).resolve().parents[1].parent / "shared" / "data" / "dev"
    )
)


def _jsonl(path: Path) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]


def load_titles() -> list[tuple[str, str, str]]:
    """(source, title, major) for every labelled title; dev titles read from ../shared."""
    rows = [("written", r["title"], r["major"]) for r in _jsonl(HERE / "written_titles.jsonl")]
    dev_file = HERE / "dev_titles.jsonl"
    if dev_file.is_file():
        if not (DEV_DIR / "jobs.jsonl").is_file():
            print(f"dev set not found in {DEV_DIR}: auditing written titles only", file=sys.stderr)
        else:
            jobs = {j["id"]: j for j in _jsonl(DEV_DIR / "jobs.jsonl")}
            resumes = {r["id"]: r for r in _jsonl(DEV_DIR / "resumes.jsonl")}
            for r in _jsonl(dev_file):
                if r["source"] == "job":
                    title = jobs[r["id"]]["title"]
                else:
                    title = resumes[r["id"]]["text"].split("\n")[int(r["line"]) - 1]
                rows.append((f"dev {r['source']}", title.strip(), r["major"]))
    return rows


def _score(rows, kept_codes) -> tuple[Counter, list[str]]:  # type: ignore[no-untyped-def]
    """Counts of right / wrong / silent per source for one way of choosing a title's codes."""
    counts: Counter[tuple[str, str]] = Counter()
    errors = []
    for (source, title, major), codes in zip(rows, kept_codes, strict=True):
        if not codes:
            outcome = "silent"
        else:
            share = sum(c[:2] == major for c in codes) / len(codes)
            outcome = "right" if share >= 0.5 else "wrong"
            if outcome == "wrong":
                errors.append(f"{source:10} {title[:50]!r:52} label {major:4} -> {list(codes)[:3]}")
        for key in (source, "all"):
            counts[(key, outcome)] += 1
            counts[(key, "none" if major == "none" else "titled")] += 1
    return counts, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="print every wrong mapping")
    parser.add_argument(
        "--model", default=None, help="model for the content rule (default: best here)"
    )
    args = parser.parse_args()
    from dataclasses import replace

    from jobfit.matching.matcher import Matcher
    from jobfit.matching.occupations import OccupationParams

    rows = load_titles()
    matcher = Matcher(args.model, cache=True)
    print(f"model: {matcher.model_description}", file=sys.stderr)
    mapper = matcher.occupations
    assert mapper is not None
    titles = [t for _, t, _ in rows]
    found = [mapper.found_titles(t) for t in titles]
    raw = [f[0][1] if f else () for f in found]
    content_params = replace(mapper.params, title_share=0.0)
    base = mapper.params
    mapper.params = content_params
    content = mapper.distribution(matcher.embed(titles), titles)
    print(
        "| lookup | titles | mapped | right (coverage of titled) | wrong | wrong rate (of mapped) |"
    )
    print("|:--|--:|--:|--:|--:|--:|")
    variants = [("title lookup alone", raw)]
    for clear in (0.95, 0.8, 0.6):
        mapper.params = replace(base, title_yields=clear)
        kept = [
            mapper.agreeing_codes(codes, content[i]) if codes else () for i, codes in enumerate(raw)
        ]
        default = " (default)" if clear == OccupationParams().title_yields else ""
        variants.append((f"title yields to clear content, title_yields {clear}{default}", kept))
    mapper.params = base
    for name, kept in variants:
        counts, errors = _score(rows, kept)
        for key in ("all", "written", "dev job", "dev resume"):
            mapped = counts[(key, "right")] + counts[(key, "wrong")]
            titled = counts[(key, "titled")]
            if not titled:
                continue
            total = titled + counts[(key, "none")]
            print(
                f"| {name} ({key}) | {total} | {mapped} | {counts[(key, 'right')] / titled:.3f} "
                f"| {counts[(key, 'wrong')]} | {counts[(key, 'wrong')] / max(mapped, 1):.3f} |"
            )
        if args.errors:
            print("\n".join(errors[:60]))


if __name__ == "__main__":
    main()
