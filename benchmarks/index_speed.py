"""Index speed and recall: the embedded store (LanceDB) against exact numpy, in one run.

Real embeddings: the dev postings and resumes (../shared/data/dev, read in place) encoded
by the chosen model, with their occupation distributions. To reach 10k and 100k stored
postings, each extra posting is a real one's vector plus Gaussian noise (sigma 0.05 per
dimension, renormalised) with the same occupation distribution: the score's structure is
real, the documents are not. Queries are the real resumes. For each size it prints the time
to add the pre-encoded records, the store's size on disk, the p50/p99 latency of one query
(store search + exact rescoring of the candidates, no query encoding), queries per second,
and recall@10 against the exact score over every stored posting in numpy.

    .venv/bin/python benchmarks/index_speed.py [--model DIR] [--sizes 10000,100000]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from _dev import load_dev


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=None)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--ann", action="store_true", help="also build the ANN index and measure")
    args = parser.parse_args()
    from jobfit.documents import Document
    from jobfit.index.index import Index, candidates
    from jobfit.index.records import build_records, dense_occupations
    from jobfit.matching.matcher import Matcher

    flags = Path("/proc/cpuinfo").read_text().split("flags", 1)[1].split("\n", 1)[0]
    cpu = [f for f in ("avx2", "avx512f", "avx512_vnni", "avx512_bf16", "amx_tile") if f in flags]
    print(f"CPU flags: {', '.join(cpu)}; cores: {len(__import__('os').sched_getaffinity(0))}")
    dev = load_dev()
    matcher = Matcher(args.model, cache=True)
    jobs = [Document(i, t, "dev") for i, t in zip(dev.job_ids, dev.jobs, strict=True)]
    resumes = [Document(i, t, "dev") for i, t in zip(dev.resume_ids, dev.resumes, strict=True)]
    real_jobs = build_records(matcher, jobs, "job", matcher.model_name, matcher.weights_hash)
    queries = build_records(matcher, resumes, "resume", "", "")[: args.queries]
    mapper = matcher.occupations
    assert mapper is not None
    n_occ, w = len(mapper.codes), mapper.params.weight
    rng = np.random.default_rng(0)
    print(
        "| stored | search | add (+ index) s | disk MB | p50 ms | p99 ms | queries/s | recall@10 | numpy exact ms |"
    )
    print("|--:|:--|--:|--:|--:|--:|--:|--:|--:|")
    for size in (int(x) for x in args.sizes.split(",")):
        pick = rng.integers(0, len(real_jobs), size)
        records = []
        for i, j in enumerate(pick):
            base = real_jobs[j]
            v = base.vector + rng.normal(0, 0.05, base.vector.shape).astype(np.float32)
            v /= np.linalg.norm(v)
            records.append(replace(base, id=f"j{i}", vector=v.astype(np.float32)))
        root = Path(tempfile.mkdtemp()) / "store"
        idx = Index(root, matcher)
        idx.check_model(create=True)
        started = time.perf_counter()
        for s in range(0, size, 10_000):
            batch = records[s : s + 10_000]
            idx.store.upsert("job", batch, idx._search_vectors(batch, query=False))
        add_s = time.perf_counter() - started
        disk = (
            int(
                subprocess.run(
                    ["du", "-sk", str(root)], capture_output=True, text=True
                ).stdout.split()[0]
            )
            / 1024
        )
        vectors = np.stack([r.vector for r in records])
        p = dense_occupations(records, n_occ)
        for name in ("exact", "ANN") if args.ann else ("exact",):
            build_s = add_s
            if name == "ANN":
                t_ann = time.perf_counter()
                idx.store.build_ann("job")
                build_s += time.perf_counter() - t_ann
            lat, recall, exact_ms = [], [], []
            for q in queries:
                t0 = time.perf_counter()  # the exact score over every stored posting, in numpy
                pq = dense_occupations([q], n_occ)
                exact = (vectors @ q.vector) + w * ((pq @ mapper.relation) @ p.T)[0]
                truth = set(np.argsort(-exact, kind="stable")[:10].tolist())
                exact_ms.append((time.perf_counter() - t0) * 1000)
                t0 = time.perf_counter()
                query = idx._search_vectors([q], query=True)[0]
                found = idx.store.search("job", query, candidates(10))
                s = idx._exact(q, found, "resume").final[0]
                top = [found[i].id for i in np.argsort(-s, kind="stable")[:10]]
                lat.append((time.perf_counter() - t0) * 1000)
                recall.append(len({int(x[1:]) for x in top} & truth) / 10)
            lat_a = np.array(lat)
            print(
                f"| {size:,} | {name} | {build_s:.1f} | {disk:.0f} | "
                f"{np.percentile(lat_a, 50):.1f} | {np.percentile(lat_a, 99):.1f} | "
                f"{1000 / lat_a.mean():.1f} | {np.mean(recall):.3f} | {np.median(exact_ms):.1f} |",
                flush=True,
            )
        shutil.rmtree(root.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
