"""Does a stored collection rank exactly as `jobfit rank`? Checked on the dev set.

Stores the 213 dev postings (../shared/data/dev, read in place) in a fresh embedded store and
a Milvus Lite file, then, for each of the 253 dev resumes, compares the store's top 10
(ids, scores, fits) with `Matcher.rank` over the same postings.

    .venv/bin/python benchmarks/index_dev_check.py [--model DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _dev import load_dev


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    from jobfit.documents import Document
    from jobfit.index.index import Index
    from jobfit.matching.matcher import Matcher

    dev = load_dev()
    matcher = Matcher(args.model, cache=True)
    jobs = [Document(i, t, "dev") for i, t in zip(dev.job_ids, dev.jobs, strict=True)]
    resumes = [Document(i, t, "dev") for i, t in zip(dev.resume_ids, dev.resumes, strict=True)]
    expected = matcher.rank(resumes, jobs, top_k=10, explain=False)
    root = Path(tempfile.mkdtemp())
    for name, where in (("embedded", root / "store"), ("Milvus Lite", root / "store.db")):
        idx = Index(where, matcher)
        started = time.perf_counter()
        idx.add(jobs, "job")
        added = time.perf_counter() - started
        same_ids = same_scores = 0
        worst = 0.0
        started = time.perf_counter()
        for resume, want in zip(resumes, expected, strict=True):
            got = idx.search(resume, "job", top_k=10, explain=False)
            same_ids += [h.id for h in got.hits] == [h.id for h in want.hits]
            diffs = [abs(a.score - b.score) for a, b in zip(got.hits, want.hits, strict=True)]
            worst = max(worst, *diffs)
            same_scores += all(d == 0 for d in diffs) and [h.fit for h in got.hits] == [
                h.fit for h in want.hits
            ]
        searched = time.perf_counter() - started
        print(
            f"{name}: identical top-10 ids for {same_ids} of {len(resumes)} resumes, identical "
            f"scores and fits for {same_scores}; largest score difference {worst:.1e}; "
            f"add {added:.1f} s, {len(resumes)} searches {searched:.1f} s"
        )


if __name__ == "__main__":
    main()
