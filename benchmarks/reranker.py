"""Dev lever for the ranking issue (eighth round): a cross-encoder reranking today's top
candidates, and how much any reranker of the top K could gain.

For each resume, today's score (``Matcher.score``) ranks all postings; a reranker may only
reorder the top ``K``. Two things are printed per view (full, first line removed, content
only), NDCG@10 / MAP:

- the ceiling: the top K put in the order of dev's own relevance grades (the best any
  reranker of the top K can do; postings below K keep today's order);
- with ``--model DIR`` (a cross-encoder trained by ``train_reranker.py``): the cross-encoder's
  logit for each (resume, posting) pair of the top K, z-scored over those K and added to
  today's score z-scored the same way, at weights 0.25 / 0.5 / 1 / 2 and alone; postings below K
  keep today's order under the reranked ones. The time to score the pairs is printed too.

    .venv/bin/python benchmarks/reranker.py [--bi-model DIR] [--model CE_DIR] [--top K ...]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import numpy as np

from _dev import dev_views, load_dev
from jobfit.matching.metrics import ranking_metrics

WEIGHTS = (0.25, 0.5, 1.0, 2.0)


def metrics(scores: np.ndarray, rel: np.ndarray) -> tuple[float, float]:
    m = ranking_metrics(scores, rel, k=10, relevant_at=1.0)
    return m["ndcg@10"], m["map"]


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Each row's K best columns, best first (ties by column, as ranking_metrics breaks them)."""
    order = np.lexsort((np.arange(scores.shape[1])[None, :].repeat(len(scores), 0), -scores))
    return order[:, :k]


def reranked(base: np.ndarray, top: np.ndarray, new: np.ndarray) -> np.ndarray:
    """Scores whose order is ``new``'s inside each row's top columns and ``base``'s below them."""
    out = base - base.max() - 1.0 - np.abs(new).max() * 4  # every untouched posting below the top
    for i, cols in enumerate(top):
        out[i, cols] = new[i]
    return out


def z(x: np.ndarray) -> np.ndarray:
    sd = x.std(axis=1, keepdims=True)
    return (x - x.mean(axis=1, keepdims=True)) / np.where(sd > 0, sd, 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--bi-model", default=None, help="the embedding model (default: best)")
    parser.add_argument("--model", default=None, help="a cross-encoder directory")
    parser.add_argument("--top", type=int, nargs="+", default=[10, 20, 30, 50])
    parser.add_argument("--max-length", type=int, default=256)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--views", nargs="+", default=["full", "first line removed", "content only"]
    )
    args = parser.parse_args()
    import torch

    torch.set_num_threads(args.threads)
    from jobfit.documents import Document
    from jobfit.matching.matcher import Matcher

    dev = load_dev()
    rel = dev.relevance
    matcher = Matcher(args.bi_model, cache=True)
    print(f"embedding model: {matcher.model_description}")
    ce = None
    if args.model:
        from sentence_transformers.cross_encoder import CrossEncoder

        ce = CrossEncoder(args.model, max_length=args.max_length, device="cpu")
        print(f"cross-encoder: {args.model}, max_length {args.max_length}")
    head = "| view | K | today | ceiling (dev's grades) |"
    if ce is not None:
        head += " CE alone | " + " | ".join(f"+ {w} x CE" for w in WEIGHTS) + " | pairs/s |"
    print(head)
    print("|:--|--:|--:|--:|" + ("--:|" * (len(WEIGHTS) + 2) if ce is not None else ""))
    for view, (rs, js) in dev_views(dev).items():
        if view not in args.views:
            continue
        resumes = [Document(i, x, "dev") for i, x in zip(dev.resume_ids, rs, strict=True)]
        jobs = [Document(i, x, "dev") for i, x in zip(dev.job_ids, js, strict=True)]
        base = matcher.score(resumes, jobs).final
        today = metrics(base, rel)
        logits: dict[tuple[int, int], float] = {}
        for k in sorted(args.top):
            top = top_k(base, k)
            b = np.take_along_axis(base, top, axis=1)
            g = np.take_along_axis(rel, top, axis=1)
            ceiling = metrics(reranked(base, top, g + 1e-6 * z(b)), rel)
            row = (
                f"| {view} | {k} | {today[0]:.3f} / {today[1]:.3f} "
                f"| {ceiling[0]:.3f} / {ceiling[1]:.3f} |"
            )
            if ce is not None:
                todo = [(i, int(c)) for i, cols in enumerate(top) for c in cols]
                todo = [p for p in todo if p not in logits]
                start = time.perf_counter()
                got = ce.predict(
                    [(rs[i], js[c]) for i, c in todo], batch_size=16, show_progress_bar=False
                )
                rate = len(todo) / max(time.perf_counter() - start, 1e-9)
                logits.update({p: float(v) for p, v in zip(todo, got, strict=True)})
                c = np.array([[logits[(i, int(x))] for x in cols] for i, cols in enumerate(top)])
                cells = [metrics(reranked(base, top, z(c) + 1e-6 * z(b)), rel)]
                cells += [metrics(reranked(base, top, z(b) + w * z(c)), rel) for w in WEIGHTS]
                row += (
                    " | ".join(f"{n - today[0]:+.3f} / {m - today[1]:+.3f}" for n, m in cells)
                    + f" | {rate:.1f} |"
                )
            print(row, flush=True)


if __name__ == "__main__":
    main()
