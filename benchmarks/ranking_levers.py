"""Dev levers for the ranking issue: title agreement and a lexical (BM25) feature, three views.

Ranks ../shared/data/dev (read in place) by today's score, by the score with the occupation
title yielding to clear content (``title_yields``) at other thresholds or never, with a
softer content softmax, and by the score plus c x BM25 (each
posting's terms as the query over the resumes, z-normalised per resume), in the full view,
with each resume's first line removed, and content only (no titles anywhere).

    .venv/bin/python benchmarks/ranking_levers.py [MODEL_DIR]
"""

import sys
from dataclasses import replace

sys.path.insert(0, "benchmarks")

from _dev import dev_views, load_dev
from _lexical import bm25
from jobfit.documents import Document
from jobfit.matching.matcher import Matcher
from jobfit.matching.metrics import ranking_metrics
from jobfit.matching.occupations import OccupationParams

model = sys.argv[1] if len(sys.argv) > 1 else None
dev = load_dev()
views = dev_views(dev)


def metrics(s):
    m = ranking_metrics(s, dev.relevance, k=10, relevant_at=1.0)
    return m["ndcg@10"], m["map"]


base = Matcher(model, cache=True)
print(f"model: {base.model_description}")
print("| view | variant | NDCG@10 | MAP | change NDCG | change MAP |")
print("|:--|:--|--:|--:|--:|--:|")
for view, (rs, js) in views.items():
    R = [Document(i, x, "dev") for i, x in zip(dev.resume_ids, rs, strict=True)]
    J = [Document(i, x, "dev") for i, x in zip(dev.job_ids, js, strict=True)]
    s0 = base.score(R, J).final
    n0, m0 = metrics(s0)
    print(f"| {view} | default | {n0:.3f} | {m0:.3f} | | |")
    for label, params in (
        ("title never yields (title_yields 1.01)", {"title_yields": 1.01}),
        ("title yields at 0.8", {"title_yields": 0.8}),
        ("title yields at 0.6", {"title_yields": 0.6}),
        ("softmax temperature 0.1", {"temperature": 0.1}),
    ):
        mt = Matcher(model, cache=True, occupations=replace(OccupationParams(), **params))
        n, m = metrics(mt.score(R, J).final)
        print(f"| {view} | {label} | {n:.3f} | {m:.3f} | {n - n0:+.3f} | {m - m0:+.3f} |")
    lex = bm25(rs, js)
    for c in (0.02, 0.05, 0.1):
        n, m = metrics(s0 + c * lex)
        print(f"| {view} | + {c} x BM25 (z) | {n:.3f} | {m:.3f} | {n - n0:+.3f} | {m - m0:+.3f} |")
    sys.stdout.flush()
