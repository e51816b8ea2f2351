"""Requirement verdicts against hand labels: precision and recall of "met" and "not met", knockouts.

Reads ``benchmarks/requirements/`` (postings and resumes written for this benchmark, 53
pairs with 624 hand-labelled verdicts, 10 contrast pairs; see its README). Each label quotes
the posting; the extracted item that contains the quote (the tightest) gives the verdict,
else the items inside the quote together (any "not met" wins, all "met" is met). A label no
item covers counts as "not extracted".

    .venv/bin/python benchmarks/requirements_eval.py [--model base] [--errors]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent / "requirements"
TODAY = dt.date(2026, 11, 30)


def _span(text: str, quote: str) -> tuple[int, int]:
    at = text.find(quote)
    if at < 0:
        raise SystemExit(f"quote not found: {quote!r}")
    return at, at + len(quote)


def _predict(evidence: list, span: tuple[int, int]) -> str:
    a, b = span
    holders = [e for e in evidence if e.start <= a and e.end >= b]
    if holders:
        e = min(holders, key=lambda e: e.end - e.start)
        return e.verdict
    inside = [e for e in evidence if a <= e.start and e.end <= b] or [
        e for e in evidence if e.start < b and e.end > a
    ]
    if not inside:
        return "not extracted"
    verdicts = {e.verdict for e in inside}
    if "not met" in verdicts:
        return "not met"
    return "met" if verdicts == {"met"} else "unclear"


def _pr(gold: list[str], pred: list[str], cls: str) -> tuple[float, float, int, int]:
    tp = sum(g == cls and p == cls for g, p in zip(gold, pred, strict=True))
    np_ = sum(p == cls for p in pred)
    ng = sum(g == cls for g in gold)
    return (tp / np_ if np_ else float("nan"), tp / ng if ng else float("nan"), np_, ng)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--model", default=None, help="model dir or 'base' (default: jobfit's choice)"
    )
    parser.add_argument("--errors", action="store_true", help="print every wrong verdict")
    parser.add_argument(
        "--data",
        type=Path,
        default=HERE,
        help="labelled set folder (default benchmarks/requirements; benchmarks/requirements_holdout "
        "is the second set, written later and never tuned on)",
    )
    args = parser.parse_args()
    here: Path = args.data
    from jobfit.matching.matcher import Matcher

    matcher = Matcher(args.model, today=TODAY, cache=False)
    print(f"model: {matcher.model_description}", file=sys.stderr)
    rows = [json.loads(x) for x in (here / "labels.jsonl").read_text().splitlines() if x.strip()]
    gold: list[str] = []
    pred: list[str] = []
    required: list[bool] = []
    types: list[str] = []
    fits: dict[str, int] = {}
    knock_pred: dict[str, list] = {}
    knock_ok = 0
    false_reqs = 0
    n_non = 0
    errors: list[str] = []
    for row in rows:
        resume = (here / row["resume"]).read_text("utf-8")
        job = (here / row["job"]).read_text("utf-8")
        e = matcher.explain(resume, job)
        evidence = [*e.met, *e.missing, *e.unclear]
        fits[row["pair_id"]] = e.fit
        knock_pred[row["pair_id"]] = list(e.knockouts)
        knock_ok += bool(e.knockouts) == bool(row["knockout"])
        for label in row["labels"]:
            p = _predict(evidence, _span(job, label["quote"]))
            g = "met" if label["verdict"] == "met" else "not met"
            gold.append(g)
            pred.append(p)
            required.append(bool(label["required"]))
            types.append(label["type"])
            if p != g:
                errors.append(
                    f"{row['pair_id']} {label['type']:13} gold={g:8} pred={p:13} {label['quote'][:60]!r}"
                )
        for quote in row.get("non_requirements", []):
            n_non += 1
            a, b = _span(job, quote)
            if any(x.start < b and x.end > a for x in evidence):
                false_reqs += 1
                errors.append(f"{row['pair_id']} non-requirement reported: {quote[:70]!r}")

    def report(name: str, keep: list[bool]) -> None:
        g = [x for x, k in zip(gold, keep, strict=True) if k]
        p = [x for x, k in zip(pred, keep, strict=True) if k]
        pm, rm, npm, ngm = _pr(g, p, "met")
        pn, rn, npn, ngn = _pr(g, p, "not met")
        unclear = sum(x == "unclear" for x in p)
        missing = sum(x == "not extracted" for x in p)
        print(
            f"| {name} | {len(g)} | {pm:.3f} ({npm}) | {rm:.3f} ({ngm}) | {pn:.3f} ({npn}) | {rn:.3f} ({ngn}) | {unclear} | {missing} |"
        )

    print(
        "| items | labels | precision met (predicted) | recall met (gold) | precision not met | recall not met | unclear | not extracted |"
    )
    print("|:--|--:|--:|--:|--:|--:|--:|--:|")
    report("required", required)
    report("preferred", [not r for r in required])
    report("all", [True] * len(gold))
    for t in sorted(set(types)):
        report(f"required {t}", [r and x == t for r, x in zip(required, types, strict=True)])
    print(f"\nknockout accuracy (pairs): {knock_ok}/{len(rows)} = {knock_ok / len(rows):.3f}")
    print(f"non-requirement text reported as a requirement: {false_reqs}/{n_non}")
    contrasts = [
        json.loads(x) for x in (here / "contrasts.jsonl").read_text().splitlines() if x.strip()
    ]
    ok = 0
    print("\n| contrast | qualified fit | unqualified fit | difference | knockout names it |")
    print("|:--|--:|--:|--:|:--|")
    by_id = {r["pair_id"]: r for r in rows}
    for c in contrasts:
        fq, fu = fits[c["qualified"]], fits[c["unqualified"]]
        job = (here / by_id[c["unqualified"]]["job"]).read_text("utf-8")
        a, b = _span(job, c["quote"])
        named = any(k.start < b and k.end > a for k in knock_pred[c["unqualified"]])
        good = fq - fu >= 5 and named
        ok += good
        print(f"| {c['what'][:60]} | {fq} | {fu} | {fq - fu} | {'yes' if named else 'NO'} |")
    print(
        f"\ncontrasts right (qualified >= 5 fit points higher, knockout names the requirement): {ok}/{len(contrasts)}"
    )
    counts = Counter(pred)
    print(f"predicted verdicts: {dict(counts)}", file=sys.stderr)
    if args.errors:
        print("\n" + "\n".join(errors))


if __name__ == "__main__":
    main()
