"""Building a store from a JSONL file: the local engine against Ray Data with 1 and 2 replicas.

N generated O*NET postings (seeded, each with a city) are written to one JSONL file and added
to a new embedded store by `Index.add` in this process (the baseline) and by `add_with_ray`
on a local Ray instance with 1 and with 2 model replicas, taking turns for ``--repeat``
rounds (each keeps its fastest, so that a busy spell of a shared machine does not fall on
one engine only). Each run starts from the same warm $JOBFIT_HOME (the model's ONNX export
and the O*NET occupation vectors are cached, as after a first use; no posting is), so it
measures reading, encoding, reading requirements and writing, plus what a matcher sets up
once (the O*NET title index, about 4 s on 2 cores), which each replica pays too. Ray's own
start is timed apart. It also times the read stage and the single writer alone, prints the
load average around the runs, and checks that the stores hold the same records.

    .venv/bin/python benchmarks/ray_build.py [--model base] [--n 2000] [--workers 1,2] [--repeat 2]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _cpu() -> str:
    info = Path("/proc/cpuinfo").read_text()
    name = info.split("model name", 1)[1].split(":", 1)[1].split("\n", 1)[0].strip()
    flags = info.split("flags", 1)[1].split("\n", 1)[0].split()
    return f"{name}; avx512_vnni: {'yes' if 'avx512_vnni' in flags else 'no'}"


class _CpuMeter:
    """CPU seconds used by this process and every process it started (Ray's too) while in
    use: sampled every 0.2 s, so a replica that ends with its add is counted up to its last
    sample; a process started meanwhile counts from zero."""

    def __init__(self) -> None:
        import psutil

        self._me = psutil.Process()
        self._start = time.time()
        self._first: dict[tuple[int, float], float] = {}
        self._last: dict[tuple[int, float], float] = {}
        self._stop = threading.Event()
        self._sample()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        import psutil

        for proc in [self._me, *self._me.children(recursive=True)]:
            try:
                key = (proc.pid, proc.create_time())
                t = proc.cpu_times()
            except psutil.Error:
                continue
            used = t.user + t.system
            self._first.setdefault(key, 0.0 if key[1] > self._start else used)
            self._last[key] = used

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            self._sample()

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        self._sample()
        return sum(self._last[k] - self._first[k] for k in self._last)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default="base")
    parser.add_argument("--backend", default=None)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument(
        "--repeat", type=int, default=2, help="rounds; each engine's fastest counts"
    )
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

    import numpy as np
    import ray

    from jobfit.data.onet_generator import generate_onet_triplets
    from jobfit.documents import load_documents
    from jobfit.documents.model import MAX_CHARS
    from jobfit.index.index import Index
    from jobfit.index.ray_blocks import block_documents, plan_blocks
    from jobfit.index.ray_build import add_with_ray
    from jobfit.matching.matcher import Matcher

    root = Path(tempfile.mkdtemp(prefix="ray-build-"))
    source = root / "jobs.jsonl"
    cities = ["Berlin", "Leeds", "Paris", "Madrid"]
    with source.open("w", encoding="utf-8") as fh:
        for i, t in enumerate(generate_onet_triplets(seed=5, n=args.n)):
            fh.write(json.dumps({"id": f"job-{i}", "text": t.job, "city": cities[i % 4]}) + "\n")
    warm = root / "warm"
    os.environ["JOBFIT_HOME"] = str(warm)
    probe = Matcher(args.model, backend=args.backend, cache=True)
    assert probe.occupations is not None
    _ = probe.occupations.profiles  # the ONNX export and the O*NET vectors, cached once
    cores = len(os.sched_getaffinity(0))
    print(f"CPU: {_cpu()}; cores: {cores}")
    print(f"model: {probe.model_description}; encoder: {probe.encoder.name}")
    print(f"input: {args.n} postings, {source.stat().st_size / 1e6:.1f} MB JSONL")

    def fresh(name: str) -> Index:
        home = root / f"home-{name}"
        shutil.copytree(warm, home)
        os.environ["JOBFIT_HOME"] = str(home)
        idx = Index(root / f"store-{name}", Matcher(args.model, backend=args.backend))
        idx.stats()  # opens the store (the first open imports LanceDB: seconds, not timed)
        return idx

    def local_add(idx: Index) -> Any:
        return idx.add(load_documents(source).documents, "job")

    def ray_add(workers: int) -> Callable[[Index], Any]:
        return lambda idx: add_with_ray(idx, [source], "job", workers=workers)

    started = time.perf_counter()  # the read stage alone, in this process: one core
    read = [
        r
        for b in plan_blocks([source])
        for r in block_documents(dataclasses.asdict(b), {}, "text", "id", MAX_CHARS)
    ]
    read_rate = (len(read) - 1) / (time.perf_counter() - started)

    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "lancedb fork", RuntimeWarning)
        ray.init(
            num_cpus=cores,
            include_dashboard=False,
            log_to_driver=False,
            logging_level=logging.WARNING,
        )
    ray_start = time.perf_counter() - started
    # lazy imports and first-call set-ups of this process (LanceDB writes, the language
    # detector, the O*NET title index of a matcher) are paid here, not by the first run
    fresh("warm-up").add(load_documents(source).documents[:20], "job")

    # the engines take turns, round after round, so that a slower spell of a shared
    # machine does not fall on one of them only; each keeps its fastest round
    engines: list[tuple[str, str, Callable[[Index], Any]]] = [("local (Index.add)", "-", local_add)]
    engines += [("ray", w, ray_add(int(w))) for w in args.workers.split(",")]
    timings: dict[int, list[float]] = {i: [] for i in range(len(engines))}
    cpu: dict[int, list[float]] = {i: [] for i in range(len(engines))}
    stores: dict[int, Index] = {}
    loads = [os.getloadavg()[0]]
    for round_ in range(args.repeat):
        for i, (_, _, run) in enumerate(engines):
            idx = fresh(f"{i}-{round_}")
            started, meter = time.perf_counter(), _CpuMeter()
            result = run(idx)
            timings[i].append(time.perf_counter() - started)
            cpu[i].append(meter.stop())
            assert len(result.added) == args.n
            stores[i] = idx
            loads.append(os.getloadavg()[0])
    ray.shutdown()
    rows = [
        (name, workers, min(timings[i]), cpu[i][timings[i].index(min(timings[i]))])
        for i, (name, workers, _) in enumerate(engines)
    ]
    local = stores[0]

    # the single writer alone: the local store's records written again, 256 per commit
    ids = sorted(local.store.hashes("job"))
    want = local.store.get("job", ids)
    writes = []
    for name, where in (("LanceDB", root / "write-only"), ("Milvus Lite", root / "write.db")):
        target = Index(where, local.matcher)
        target.check_model(create=True)
        started = time.perf_counter()
        for start in range(0, len(want), 256):
            batch = want[start : start + 256]
            target.store.upsert("job", batch, target._search_vectors(batch, query=False))
        writes.append((name, time.perf_counter() - started))

    base = rows[0][2]
    print(f"load average (1 min) around the runs: {', '.join(f'{x:.1f}' for x in loads)}")
    print(f"\nRay start (local instance, {cores} CPUs): {ray_start:.1f} s, not included below\n")
    print(
        "| engine | replicas | documents | seconds | documents/s | vs local | CPU s | documents per CPU s |"
    )
    print("|:--|--:|--:|--:|--:|--:|--:|--:|")
    for engine, workers, seconds, used in rows:
        print(
            f"| {engine} | {workers} | {args.n} | {seconds:.1f} | {args.n / seconds:.1f} | "
            f"{base / seconds:.2f}x | {used:.0f} | {args.n / used:.1f} |"
        )
    print(f"read stage alone (one core, no encoding): {read_rate:.0f} rows/s")
    for name, seconds in writes:
        print(f"writer only ({name}, no encoding): {args.n / seconds:.0f} records/s")
    for i, idx in list(stores.items())[1:]:
        workers = engines[i][1]
        got = idx.store.get("job", ids)
        worst = max(
            float(np.abs(a.vector - b.vector).max()) for a, b in zip(want, got, strict=True)
        )
        same = all(
            (a.text, a.metadata, a.occ_idx, a.profile) == (b.text, b.metadata, b.occ_idx, b.profile)
            for a, b in zip(want, got, strict=True)
        )
        print(
            f"ray x{workers}: same records as local: {same}; largest vector difference {worst:.1e}"
        )
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
