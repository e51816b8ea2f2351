"""Ranking quality on the real development set: jobfit's default pipeline against baselines.

Reads ../shared/data/dev in place (never copied, never trained on) and prints NDCG@10, MAP,
MRR@10 and Recall@10 over each resume's ranking of all postings, for:

- TF-IDF (scikit-learn, word 1-2 grams, sublinear tf) as the lexical baseline;
- the base all-MiniLM-L6-v2 truncated at 256 tokens (what plain ``model.encode`` does);
- the chosen model truncated at 256 tokens;
- jobfit's default pipeline (the chosen model, every window read, weighted aggregation);
- optionally (``--first-line``) the same with each resume's first line removed;
- optionally (``--content-only``) the same with every title removed (headline and job-header
  lines of resumes, the title line of postings).

Usage: python benchmarks/dev_ranking.py [--model DIR] [--first-line] [--content-only] [--aggregations]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _dev import content_only_job, content_only_resume, drop_first_line, load_dev
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
        "--model", default=None, help="model directory (default: best trained here)"
    )
    parser.add_argument("--backend", default=None, help="torch, onnx or onnx-int8")
    parser.add_argument(
        "--first-line", action="store_true", help="also drop each resume's first line"
    )
    parser.add_argument("--aggregations", action="store_true", help="compare window aggregations")
    parser.add_argument(
        "--content-only",
        action="store_true",
        help="also rank with titles removed: resumes without headline and job-header lines, "
        "postings without their title line",
    )
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    import logging

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    import torch

    torch.set_num_threads(args.threads)
    from dataclasses import asdict

    from jobfit.documents import Document
    from jobfit.encoding.embed import DEFAULT_FIRST_WEIGHT, embed_documents
    from jobfit.matching.matcher import Matcher
    from jobfit.matching.occupations import OccupationParams

    dev = load_dev()
    print(
        f"development set: {len(dev.resumes)} resumes x {len(dev.jobs)} postings", file=sys.stderr
    )
    rows = []
    t = time.perf_counter()
    tfidf = tfidf_scores(dev.resumes, dev.jobs)
    rows.append(_row("TF-IDF (1-2 grams)", tfidf, dev.relevance, time.perf_counter() - t))

    base = Matcher("base", backend="torch", cache=True, occupations=False)
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
    label = Path(matcher.model_description.split(" (")[0]).name
    plain = Matcher(args.model, backend=args.backend, cache=True, occupations=False)
    t = time.perf_counter()
    r = embed_documents(dev.resumes, plain.encoder, "first")
    j = embed_documents(dev.jobs, plain.encoder, "first")
    rows.append(_row(f"{label}, truncated at 256", r @ j.T, dev.relevance, time.perf_counter() - t))
    resumes = [Document(i, x, "dev") for i, x in zip(dev.resume_ids, dev.resumes, strict=True)]
    jobs = [Document(i, x, "dev") for i, x in zip(dev.job_ids, dev.jobs, strict=True)]
    t = time.perf_counter()
    dense = plain.score(resumes, jobs)
    rows.append(
        _row(
            f"{label}, first two windows (weighted)",
            dense.final,
            dev.relevance,
            time.perf_counter() - t,
        )
    )
    mapper = matcher.occupations
    assert mapper is not None
    no_titles = OccupationParams(
        **{**asdict(mapper.params), "title_share": 0.0, "lead_with_title": False}
    )
    content = Matcher(args.model, backend=args.backend, cache=True, occupations=no_titles)
    t = time.perf_counter()
    rows.append(
        _row(
            "  + occupations from content",
            content.score(resumes, jobs).final,
            dev.relevance,
            time.perf_counter() - t,
        )
    )
    t = time.perf_counter()
    rows.append(
        _row(
            "  + job titles = jobfit default",
            matcher.score(resumes, jobs).final,
            dev.relevance,
            time.perf_counter() - t,
        )
    )
    if args.aggregations:
        for agg, w in (("first", 1.0), ("mean", 0.0), ("weighted", 0.5)):
            t = time.perf_counter()
            r = embed_documents(dev.resumes, plain.encoder, agg, w)
            j = embed_documents(dev.jobs, plain.encoder, agg, w)
            rows.append(
                _row(
                    f"  cosine, aggregation {agg} w={w}",
                    r @ j.T,
                    dev.relevance,
                    time.perf_counter() - t,
                )
            )
    if args.first_line:
        cut = [Document(d.id, drop_first_line(d.text), "dev") for d in resumes]
        t = time.perf_counter()
        rows.append(
            _row(
                "  default, resumes without first line",
                matcher.score(cut, jobs).final,
                dev.relevance,
                time.perf_counter() - t,
            )
        )
        rows.append(
            _row(
                "  cosine, resumes without first line",
                plain.score(cut, jobs).final,
                dev.relevance,
                0.0,
            )
        )

    if args.content_only:
        bare_r = [Document(d.id, content_only_resume(d.text), "dev") for d in resumes]
        bare_j = [Document(d.id, content_only_job(d.text), "dev") for d in jobs]
        t = time.perf_counter()
        rows.append(
            _row(
                "  default, content only (no titles)",
                matcher.score(bare_r, bare_j).final,
                dev.relevance,
                time.perf_counter() - t,
            )
        )
        rows.append(
            _row(
                "  cosine, content only (no titles)",
                plain.score(bare_r, bare_j).final,
                dev.relevance,
                0.0,
            )
        )
    print(
        f"model: {matcher.model_description}; backend: {matcher.encoder.name.split(':')[0]}; "
        f"first-window weight {DEFAULT_FIRST_WEIGHT}; occupations {asdict(mapper.params)}"
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
