"""Does requirement coverage help the ranking? Dev NDCG@10 / MAP with requirement features added.

For every (resume, posting) pair of the development set (../shared/data/dev, read in place),
jobfit's requirement verdicts give the number of knockouts (required licences, degrees,
years ... not met) and the share of required items met. This script ranks by

    score - a x knockouts + b x (required coverage - 0.5)

for a few (a, b), in two views (full resumes, and each resume's first line removed), beside
today's score (a = b = 0). The README adopts a feature only if it gains beyond the set's
0.01 noise in both views and loses in neither.

    .venv/bin/python benchmarks/requirement_ranking.py [--model DIR] [--limit N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from _dev import drop_first_line, load_dev
from jobfit.matching.metrics import ranking_metrics

GRID = ((0.0, 0.0), (0.05, 0.0), (0.1, 0.0), (0.2, 0.0), (0.0, 0.1), (0.0, 0.2), (0.1, 0.1))


def features(matcher, resumes: list[str], jobs: list[str]) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[no-untyped-def]
    """Knockout counts and required coverage of every pair, from profiles read once."""
    from tqdm import tqdm

    from jobfit.matching.explain import explain_profiles

    job_profiles = [matcher.job_profile(j) for j in tqdm(jobs, desc="postings", file=sys.stderr)]
    knock = np.zeros((len(resumes), len(jobs)), dtype=np.float32)
    cover = np.zeros_like(knock)
    for ri, text in enumerate(tqdm(resumes, desc="resumes", file=sys.stderr)):
        profile = matcher.resume_profile(text)
        for ji, job in enumerate(job_profiles):
            e = explain_profiles(profile, job, 0.0)
            knock[ri, ji] = len(e.knockouts)
            cover[ri, ji] = e.required_coverage
    return knock, cover


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--model", default=None, help="model directory (default: best trained here)"
    )
    parser.add_argument(
        "--limit", type=int, default=None, help="only the first N resumes (a quick look)"
    )
    args = parser.parse_args()
    from jobfit.documents import Document
    from jobfit.matching.matcher import Matcher

    dev = load_dev()
    n = args.limit or len(dev.resumes)
    matcher = Matcher(args.model, cache=True, today=dt.date(2026, 11, 30))
    print(f"model: {matcher.model_description}", file=sys.stderr)
    jobs = [Document(i, x, "dev") for i, x in zip(dev.job_ids, dev.jobs, strict=True)]
    rel = dev.relevance[:n]
    print("| view | a (per knockout) | b (coverage) | NDCG@10 | MAP | change NDCG | change MAP |")
    print("|:--|--:|--:|--:|--:|--:|--:|")
    for view in ("full", "first line removed"):
        texts = dev.resumes[:n] if view == "full" else [drop_first_line(x) for x in dev.resumes[:n]]
        resumes = [Document(dev.resume_ids[i], t, "dev") for i, t in enumerate(texts)]
        t0 = time.perf_counter()
        score = matcher.score(resumes, jobs).final
        knock, cover = features(matcher, texts, dev.jobs)
        print(f"{view}: features in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        base = ranking_metrics(score, rel, k=10, relevant_at=1.0)
        for a, b in GRID:
            m = ranking_metrics(score - a * knock + b * (cover - 0.5), rel, k=10, relevant_at=1.0)
            print(
                f"| {view} | {a} | {b} | {m['ndcg@10']:.3f} | {m['map']:.3f} "
                f"| {m['ndcg@10'] - base['ndcg@10']:+.3f} | {m['map'] - base['map']:+.3f} |"
            )
        frac = float((knock > 0).mean())
        print(
            f"{view}: pairs with a knockout {frac:.1%}; mean required coverage {cover.mean():.3f}",
            file=sys.stderr,
        )


if __name__ == "__main__":
    main()
