"""Ranking quality on the real development set: jobfit's default pipeline against baselines.

Reads ../shared/data/dev in place (never copied, never trained on) and prints NDCG@10, MAP,
MRR@10 and Recall@10 over each resume's ranking of all postings, for:

- TF-IDF (scikit-learn, word 1-2 grams, sublinear tf) as the lexical baseline;
- the base all-MiniLM-L6-v2 truncated at 256 tokens (what plain ``model.encode`` does);
- the chosen model truncated at 256 tokens;
- jobfit's default pipeline (the chosen model, every window read, weighted aggregation);
- optionally (``--first-line``) the same with each resume's first line removed.

Usage: python benchmarks/dev_ranking.py [--model DIR] [--first-line] [--aggregations]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _dev import drop_first_line, load_dev
from jobfit.matching.metrics import ranking_metrics


def _row(name: str, scores, rel, seconds: float) -> str:  # type: ignore[no-untyped-def]
    m = ranking_metrics(scores, rel, k=10, relevant_at=1.0)
    return (
        f"| {name:<46} | {m['ndcg@10']:.3f} | {m['map']:.3f} | {m['mrr@10']:.3f} "
        f"| {m['recall@10']:.3f} | {seconds:6.1f} |"
    )


def tfidf_scores(resumes: list[str], jobs: list[str]):  # type: ignore[no-untyped-def]
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, stop_words="english")
    vec.fit(resumes + jobs)
    return (vec.transform(resumes) @ vec.transform(jobs).T).toarray()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--model", default=None, help="model directory (default: best trained here, else base)"
    )
    parser.add_argument("--backend", default=None, help="torch, onnx or onnx-int8")
    parser.add_argument(
        "--first-line", action="store_true", help="also score resumes without their first line"
    )
    parser.add_argument(
        "--aggregations", action="store_true", help="compare window aggregations too"
    )
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()

    import torch

    torch.set_num_threads(args.threads)
    from jobfit.matching.embed import DEFAULT_FIRST_WEIGHT, embed_documents
    from jobfit.matching.matcher import Matcher

    dev = load_dev()
    print(
        f"development set: {len(dev.resumes)} resumes x {len(dev.jobs)} postings", file=sys.stderr
    )
    rows = []
    t = time.perf_counter()
    rows.append(
        _row(
            "TF-IDF (1-2 grams)",
            tfidf_scores(dev.resumes, dev.jobs),
            dev.relevance,
            time.perf_counter() - t,
        )
    )

    base = Matcher("base", cache=True)
    t = time.perf_counter()
    r = embed_documents(dev.resumes, base.encoder, "first")
    j = embed_documents(dev.jobs, base.encoder, "first")
    rows.append(
        _row(
            "base all-MiniLM-L6-v2, truncated at 256",
            r @ j.T,
            dev.relevance,
            time.perf_counter() - t,
        )
    )

    matcher = Matcher(args.model, backend=args.backend, cache=True)
    label = matcher.model_description.split(" (")[0]
    if label != "base":
        t = time.perf_counter()
        r = embed_documents(dev.resumes, matcher.encoder, "first")
        j = embed_documents(dev.jobs, matcher.encoder, "first")
        rows.append(
            _row(
                f"{Path(label).name}, truncated at 256",
                r @ j.T,
                dev.relevance,
                time.perf_counter() - t,
            )
        )
    t = time.perf_counter()
    r_full = matcher.embed(dev.resumes)
    j_full = matcher.embed(dev.jobs)
    rows.append(
        _row(
            f"jobfit default ({Path(label).name}, all windows)",
            r_full @ j_full.T,
            dev.relevance,
            time.perf_counter() - t,
        )
    )
    if args.aggregations:
        for agg, w in (("mean", 0.0), ("weighted", 0.3), ("weighted", 0.7)):
            t = time.perf_counter()
            r = embed_documents(dev.resumes, matcher.encoder, agg, w)
            j = embed_documents(dev.jobs, matcher.encoder, agg, w)
            rows.append(
                _row(f"  aggregation {agg} w={w}", r @ j.T, dev.relevance, time.perf_counter() - t)
            )
    if args.first_line:
        t = time.perf_counter()
        r = matcher.embed([drop_first_line(x) for x in dev.resumes])
        rows.append(
            _row(
                "  same, resumes without first line",
                r @ j_full.T,
                dev.relevance,
                time.perf_counter() - t,
            )
        )

    print(
        f"model: {matcher.model_description}; default aggregation weighted, first window weight {DEFAULT_FIRST_WEIGHT}"
    )
    print(
        "| pipeline                                       | NDCG@10 | MAP | MRR@10 | R@10 | seconds |"
    )
    print(
        "|:-----------------------------------------------|------:|------:|------:|------:|------:|"
    )
    print("\n".join(rows))


if __name__ == "__main__":
    main()
