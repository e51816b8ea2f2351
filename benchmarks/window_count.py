"""Windows 1, 2 and all: ranking quality on dev and the encoding cost of indexing resumes.

For each setting it ranks dev (../shared/data/dev, read in place) with the default pipeline
in the three views (full, first line removed, content only) and times encoding the 253 dev
resumes from a cold cache (no embedding cache), scaled to 10,000 resumes.

    .venv/bin/python benchmarks/window_count.py [--model DIR]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _dev import dev_views, load_dev


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    from jobfit.documents import Document
    from jobfit.encoding.windows import split_windows
    from jobfit.matching.matcher import Matcher
    from jobfit.matching.metrics import ranking_metrics

    dev = load_dev()
    views = dev_views(dev)
    probe = Matcher(args.model, cache=False)
    counts = [len(split_windows(t, probe.encoder)) for t in dev.resumes]
    print(f"dev resumes: {sum(counts) / len(counts):.1f} windows on average, max {max(counts)}")
    print(
        "| windows | full | first line removed | content only | encode 253 resumes s | 10k resumes, est. min |"
    )
    print("|:--|--:|--:|--:|--:|--:|")
    for n in (1, 2, None):
        cold = Matcher(args.model, cache=False, max_windows=n)
        docs = [Document(i, t, "dev") for i, t in zip(dev.resume_ids, dev.resumes, strict=True)]
        started = time.perf_counter()
        cold.embed(docs, resumes=True)
        seconds = time.perf_counter() - started
        m = Matcher(args.model, cache=True, max_windows=n)
        cells = []
        for rs, js in views.values():
            r = [Document(f"r{i}", x, "dev") for i, x in enumerate(rs)]
            j = [Document(f"j{i}", x, "dev") for i, x in enumerate(js)]
            got = ranking_metrics(m.score(r, j).final, dev.relevance, k=10, relevant_at=1.0)
            cells.append(f"{got['ndcg@10']:.3f} / {got['map']:.3f}")
        label = "all" if n is None else str(n)
        est = seconds / len(docs) * 10_000 / 60
        print(f"| {label} | {' | '.join(cells)} | {seconds:.1f} | {est:.0f} |", flush=True)


if __name__ == "__main__":
    main()
