"""Index speed and recall: the embedded store (LanceDB brute force, LanceDB's ANN, the
in-memory faiss index beside it) against exact numpy, in one run.

Real embeddings: the dev postings and resumes (../shared/data/dev, read in place) encoded
by the chosen model, with their occupation distributions. To reach 10k and 100k stored
postings, each extra posting is a real one's vector plus Gaussian noise (sigma 0.05 per
dimension, renormalised) with the same occupation distribution: the score's structure is
real, the documents are not. Queries are the real resumes. For each size it prints the time
to add the pre-encoded records, the store's size on disk, the p50/p99 latency of one query
(store search + exact rescoring of the candidates, no query encoding; reading the top 10
records whole, as `Index.search` then does, is timed apart), the peak memory of the process, queries per second with two threads, and recall@10 against the exact score
over every stored posting in numpy. At 1M the postings are the same kind of generated
vectors (real vectors plus noise, real occupation distributions), not 1M real documents.

The in-memory index ("graph": faiss IVF-Flat over the search vectors, kept in
``DIR/graph/``) is searched for `graph_candidates` (500) candidates, all rescored exactly;
the LanceDB searches for `candidates` (200). Its build time is its own (not LanceDB's).

    .venv/bin/python benchmarks/index_speed.py [--model DIR] [--sizes 10000,100000]
        [--ann] [--graph] [--no-lance-exact]
"""

from __future__ import annotations

import argparse
import resource
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
    parser.add_argument("--graph", action="store_true", help="also the in-memory faiss index")
    parser.add_argument(
        "--no-lance-exact", action="store_true", help="skip LanceDB's brute force (slow at 1M)"
    )
    parser.add_argument(
        "--probes",
        default="",
        help="also measure these fractions of IVF partitions searched, e.g. 0.1,0.2,0.5",
    )
    args = parser.parse_args()
    from jobfit.documents import Document
    from jobfit.index.graph import graph_candidates
    from jobfit.index.index import Index, candidates
    from jobfit.index.records import build_records, dense_occupations
    from jobfit.matching.matcher import Matcher

    flags = Path("/proc/cpuinfo").read_text().split("flags", 1)[1].split("\n", 1)[0]
    cpu = [f for f in ("avx2", "avx512f", "avx512_vnni", "avx512_bf16", "amx_tile") if f in flags]
    model = Path("/proc/cpuinfo").read_text().split("model name", 1)[1]
    print(f"CPU: {model.split(':', 1)[1].split(chr(10), 1)[0].strip()}")
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
        "| stored | search | add (+ index) s; graph: its build | disk MB | peak RSS MB | p50 ms | p99 ms | "
        "queries/s (2 threads) | recall@10 | numpy exact ms | read top 10 ms |"
    )
    print("|--:|:--|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
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
        disk = _du(root)
        vectors = np.stack([r.vector for r in records])
        p = _sparse_occupations(records, n_occ)  # dense would be 3.7 GB at 1M
        del records
        settings: list[tuple[str, float | None]] = []
        if not args.no_lance_exact:
            settings.append(("exact", None))
        if args.ann:
            settings.append(("ANN", None))
            settings += [
                (f"ANN probes {f:g}", f) for f in map(float, filter(None, args.probes.split(",")))
            ]
        if args.graph:
            settings.append(("graph (faiss IVF-Flat, in memory)", None))
        built = False
        for name, fraction in settings:
            build_s = add_s
            if name.startswith("ANN") and not built:
                t_ann = time.perf_counter()
                idx.store.build_ann("job", graph=False)
                build_s += time.perf_counter() - t_ann
                built = True
            wide = None
            if name.startswith("graph"):
                if not built:  # build_ann's B-tree on id, which reading the top 10 uses
                    from lancedb.index import BTree

                    idx.store.db.open_table("jobs").create_index("id", config=BTree())
                t_graph = time.perf_counter()
                idx.store.build_graph("job")
                build_s = time.perf_counter() - t_graph
                wide = graph_candidates(10)
                disk = _du(root)
            if fraction is not None:
                idx.store.probe_fraction = fraction
            lat, recall, exact_ms, read_ms = [], [], [], []
            for q in queries:
                t0 = time.perf_counter()  # the exact score over every stored posting, in numpy
                pq = dense_occupations([q], n_occ)
                exact = (vectors @ q.vector) + w * (p @ (pq @ mapper.relation)[0])
                truth = set(np.argsort(-exact, kind="stable")[:10].tolist())
                exact_ms.append((time.perf_counter() - t0) * 1000)
                t0 = time.perf_counter()
                query = idx._search_vectors([q], query=True)[0]
                found = idx.store.search("job", query, candidates(10), wide=wide)
                s = idx._select(q, found, "resume")
                top = [found[i].id for i in np.argsort(-s, kind="stable")[:10]]
                lat.append((time.perf_counter() - t0) * 1000)
                t0 = time.perf_counter()  # what Index.search then reads whole: the top 10
                idx.store.get("job", top)
                read_ms.append((time.perf_counter() - t0) * 1000)
                recall.append(len({int(x[1:]) for x in top} & truth) / 10)
            lat_a = np.array(lat)
            qps = _batch_qps(idx, queries, candidates(10), wide)
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"| {size:,} | {name} | {build_s:.1f} | {disk:.0f} | {rss:.0f} | "
                f"{np.percentile(lat_a, 50):.1f} | {np.percentile(lat_a, 99):.1f} | "
                f"{qps:.1f} | {np.mean(recall):.3f} | {np.median(exact_ms):.1f} | "
                f"{np.median(read_ms):.1f} |",
                flush=True,
            )
            idx.store.probe_fraction = None
        shutil.rmtree(root.parent, ignore_errors=True)


def _sparse_occupations(records: list, n: int):  # type: ignore[no-untyped-def]
    from scipy.sparse import csr_matrix

    rows = [i for i, r in enumerate(records) for _ in r.occ_idx]
    cols = [c for r in records for c in r.occ_idx]
    vals = [v for r in records for v in r.occ_p]
    return csr_matrix((vals, (rows, cols)), shape=(len(records), n), dtype=np.float32)


def _du(root: Path) -> float:
    out = subprocess.run(["du", "-sk", str(root)], capture_output=True, text=True).stdout
    return int(out.split()[0]) / 1024


def _batch_qps(idx, queries, k: int, wide: int | None) -> float:  # type: ignore[no-untyped-def]
    """Queries answered per second with two threads issuing them (store search + exact
    rescoring), the batch throughput on 2 cores."""
    from concurrent.futures import ThreadPoolExecutor

    def one(q):  # type: ignore[no-untyped-def]
        found = idx.store.search("job", idx._search_vectors([q], query=True)[0], k, wide=wide)
        return idx._select(q, found, "resume")

    started = time.perf_counter()
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(one, queries))
    return len(queries) / (time.perf_counter() - started)


if __name__ == "__main__":
    main()
