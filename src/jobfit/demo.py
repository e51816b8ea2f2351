"""``make demo``: generate seed-style data, fine-tune, evaluate against the seed card, rank jobs."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from jobfit.config import SEED_CARD_METRICS

__all__ = ["EXAMPLE_RESUMES", "main"]

EXAMPLE_RESUMES: dict[str, str] = {
    "backend-engineer": (
        "Software Backend Engineer\nSummary: Professional with hands-on experience across the domain.\n"
        "Skills: c++, cloud, docker, java, linux, microservices, python, rest, sql.\n"
        "Highlights: Delivered projects end-to-end; worked cross-functionally; documented results. "
        "Demonstrated problem-solving and ownership."
    ),
    "registered-nurse": (
        "Registered Nurse\nSummary: Professional with hands-on experience across the domain.\n"
        "Skills: care plans, charting, emr, medication administration, patient assessment, triage.\n"
        "Highlights: Delivered projects end-to-end; worked cross-functionally; documented results. "
        "Strong collaboration and communication."
    ),
}
"""Two resumes in the seed's template whose job rankings the demo prints."""


def _out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _log(line: str) -> None:
    sys.stderr.write(line + "\n")


def _table(rows: list[tuple[str, str, str, str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Runs generate -> train -> evaluate -> rank and prints the results to stdout."""
    parser = argparse.ArgumentParser(prog="python -m jobfit.demo", description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("runs/demo"))
    parser.add_argument("--model", type=Path, default=Path("models/seed"))
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)

    from jobfit.cli_inputs import _interactive, _quiet_libraries

    _quiet_libraries(_interactive())
    from jobfit.config import TrainConfig
    from jobfit.data.pairs import read_pairs
    from jobfit.data.seed_generator import generate_seed_pairs
    from jobfit.model.evaluate import evaluate_pairs
    from jobfit.model.train import train

    start = time.perf_counter()
    paths = generate_seed_pairs(seed=args.seed).write(args.data)
    _log(f"1/4 generated {', '.join(str(p) for p in paths.values())}")
    train_pairs, val_pairs, test_pairs = (read_pairs(paths[k]) for k in ("train", "val", "test"))
    _log(f"2/4 fine-tuning all-MiniLM-L6-v2 on {len(train_pairs)} pairs with the seed recipe ...")
    result = train(
        train_pairs,
        val_pairs,
        args.model,
        TrainConfig(seed=args.seed),
        show_progress=_interactive(),
    )
    _log(f"    {result.steps} steps in {result.seconds:.1f} s -> {args.model}")
    _log("3/4 evaluating on the held-out test split ...")
    test_metrics = evaluate_pairs(str(args.model), test_pairs)

    _out(f"resume-job-val ({len(val_pairs)} pairs): this run against the seed model card\n")
    rows = [("metric", "base model", "this run", "seed card")]
    for name in ("pearson_cosine", "spearman_cosine"):
        rows.append(
            (
                name,
                f"{result.base_metrics[name]:.4f}",
                f"{result.metrics[name]:.4f}",
                f"{SEED_CARD_METRICS[name]:.4f}",
            )
        )
    _out(_table(rows))
    shown = {
        k: round(v, 4) for k, v in test_metrics.items() if k not in ("pairs", "jobs", "queries")
    }
    _out(f"\ntest split ({len(test_pairs)} pairs): {json.dumps(shown)}")

    _log("4/4 ranking the test job postings for two example resumes ...")
    from jobfit.documents import Document
    from jobfit.matching.matcher import Matcher

    matcher = Matcher(None if args.model == Path("models/seed") else str(args.model))
    _out(f"\nranking with {matcher.model_description}")
    jobs = [
        Document(f"test-job-{i}", text, "generated")
        for i, text in enumerate(dict.fromkeys(test_pairs.jobs))
    ]
    for rid, text in EXAMPLE_RESUMES.items():
        hits = matcher.rank_jobs(Document(rid, text, "example"), jobs, top_k=5)
        _out(f"\ntop 5 of {len(jobs)} test job postings for resume '{rid}':")
        for h in hits:
            title = jobs[int(h.id.rsplit("-", 1)[1])].text.splitlines()[0]
            missing = [e.requirement for e in h.explanation.missing] if h.explanation else []
            _out(
                f"  {h.rank}. fit {h.fit:>3}  score {h.score:.3f}  {title}"
                + (f"  (misses: {', '.join(missing[:4])})" if missing else "")
            )
    _log(f"demo finished in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
