"""Chooses the occupation-aware scoring parameters on synthetic O*NET data, never on dev.

Builds a ranking task from the O*NET generator's validation split (occupations held out from
training): every distinct resume queries every distinct posting, relevance 1.0 for the same
occupation and 0.5 for a related one. Prints NDCG@10 and MAP for plain cosine and for each
(weight, temperature, title_share) in a small grid, with and without each resume's first line.

Usage: python benchmarks/tune_occupation.py [--model DIR] [--pairs 400]
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from _dev import drop_first_line
from jobfit.data.onet_generator import generate_onet_dataset
from jobfit.matching.metrics import ranking_metrics


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", default=None)
    parser.add_argument("--backend", default=None)
    parser.add_argument("--pairs", type=int, default=400)
    args = parser.parse_args()

    from jobfit.matching.matcher import Matcher
    from jobfit.matching.occupations import OccupationMapper, OccupationParams

    data = generate_onet_dataset(seed=7, train_size=10, val_size=args.pairs, test_size=10)
    pairs, specs = data.splits.val, data.specs["val"]
    resumes = list(dict.fromkeys(p.resume for p in pairs))
    jobs = list(dict.fromkeys(p.job for p in pairs))
    r_code = {p.resume: s.resume_code for p, s in zip(pairs, specs, strict=True)}
    j_code = {p.job: s.job_code for p, s in zip(pairs, specs, strict=True)}
    matcher = Matcher(args.model, backend=args.backend, occupations=False)
    mapper = OccupationMapper(matcher.encoder)
    idx = {c: i for i, c in enumerate(mapper.codes)}
    rel = np.array(
        [[mapper.relation[idx[r_code[r]], idx[j_code[j]]] for j in jobs] for r in resumes]
    )
    print(
        f"model: {matcher.model_description}; {len(resumes)} resumes x {len(jobs)} postings, "
        f"{len(set(r_code.values()) | set(j_code.values()))} held-out occupations",
        file=sys.stderr,
    )
    no_first = [drop_first_line(r) for r in resumes]
    # Resumes are encoded as the pipeline encodes them: led by their current title.
    R = matcher.embed([mapper.lead_with_title(r) for r in resumes])
    R2 = matcher.embed([mapper.lead_with_title(r) for r in no_first])
    J = matcher.embed(jobs)
    cos, cos2 = R @ J.T, R2 @ J.T

    def report(name: str, s: np.ndarray, s2: np.ndarray) -> None:
        a = ranking_metrics(s, rel, 10, 1.0)
        b = ranking_metrics(s2, rel, 10, 1.0)
        print(
            f"| {name:<34} | {a['ndcg@10']:.3f} | {a['map']:.3f} | {b['ndcg@10']:.3f} |", flush=True
        )

    print("| scoring (O*NET held-out val)       | NDCG@10 | MAP | NDCG@10 no first line |")
    print("|:--|--:|--:|--:|")
    report("cosine", cos, cos2)
    for w, t, share in itertools.product((0.5, 1.0, 2.0, 4.0), (0.05,), (0.0, 0.5, 0.7)):
        mapper.params = OccupationParams(weight=w, temperature=t, title_share=share)
        pj = mapper.distribution(J, jobs)
        occ = mapper.similarity(mapper.distribution(R, resumes, resume=True), pj)
        occ2 = mapper.similarity(mapper.distribution(R2, no_first, resume=True), pj)
        report(f"w={w} T={t} title_share={share}", cos + w * occ, cos2 + w * occ2)


if __name__ == "__main__":
    main()
