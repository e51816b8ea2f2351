"""Title audit: how often the O*NET title lookup maps a job title to the wrong major group.

Reads ``benchmarks/title_audit/`` (hand labels; see its README): titles written for the audit,
and labels of dev postings' and resumes' titles, whose text is read in place from
``../shared/data/dev`` (never copied). Each title goes through the lookup as jobfit uses it
(a one-line document: exact titles, cleaned, and the sub-phrase fallback for a headline), and
counts as

- right: the codes it maps to are, by plurality, in the labelled major group;
- wrong: mapped to another major group, or mapped at all when the label is "none";
- silent: not mapped (adds nothing to the score).

Prints coverage (mapped share of titles that have a major group) and the wrong rate among
mapped titles (the target is at most 3%), overall and per source, and with ``--errors`` every
wrong mapping.

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="print every wrong mapping")
    args = parser.parse_args()
    from jobfit.encoding.encoder import HashEncoder
    from jobfit.matching.occupations import OccupationMapper

    mapper = OccupationMapper(HashEncoder())  # the title lookup needs no model
    names = {o.code: o.title for o in mapper.occupations}
    counts: Counter[tuple[str, str]] = Counter()
    errors = []
    for source, title, major in load_titles():
        found = mapper.found_titles(title)
        codes = found[0][1] if found else ()
        if not codes:
            outcome = "silent"
        else:
            got = Counter(c[:2] for c in codes).most_common(1)[0][0]
            outcome = "right" if got == major else "wrong"
            if outcome == "wrong":
                errors.append(
                    f"{source:10} {title[:50]!r:52} label {major:4} -> {[names.get(c, c) for c in codes][:3]}"
                )
        for key in (source, "all"):
            counts[(key, outcome)] += 1
            counts[(key, "none" if major == "none" else "titled")] += 1
    print(
        "| titles | labelled | mapped | coverage (of titled) | wrong major | wrong rate (of mapped) |"
    )
    print("|:--|--:|--:|--:|--:|--:|")
    for key in sorted({k for k, _ in counts}, key=lambda k: (k != "all", k)):
        mapped = counts[(key, "right")] + counts[(key, "wrong")]
        titled = counts[(key, "titled")]
        total = titled + counts[(key, "none")]
        cov = counts[(key, "right")] / titled if titled else float("nan")
        rate = counts[(key, "wrong")] / mapped if mapped else float("nan")
        print(f"| {key} | {total} | {mapped} | {cov:.3f} | {counts[(key, 'wrong')]} | {rate:.3f} |")
    if args.errors:
        print("\n" + "\n".join(errors))


if __name__ == "__main__":
    main()
