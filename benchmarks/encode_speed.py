"""Encoding speed and fidelity of each backend against sentence-transformers torch fp32.

Run: .venv/bin/python benchmarks/encode_speed.py [--n 128] [--n-long 48] [--threads 1]

The first line printed names the CPU and which of its int8/bf16 matrix features are there
(AVX2, AVX-512F, AVX-512 VNNI, AVX-512 BF16, AMX tile/int8): the int8 ratios depend on them.

For each backend (torch fp32 = sentence-transformers, the baseline; onnx fp32; onnx-int8)
it prints texts/s (wall) and texts per CPU-second (robust to a busy machine), the wall
ratio to torch measured in this same run, the mean and minimum cosine of each text's
vector to the torch fp32 vector, and the fraction of the CPU's fp32 peak reached.

* short texts: seed-style resumes and jobs (~60 tokens) from ``generate_seed_pairs``.
* long texts: real resumes read from ``../shared/data/dev/resumes.jsonl`` (never copied),
  truncated at the model's 256 tokens (the first 256 tokens; no windowing), as served.
* FLOPs: 21.8 MFLOP per token x real tokens after truncation ([CLS] and [SEP] included,
  padding excluded, so padding waste shows as lower efficiency). Peak: 83 GFLOP/s per
  core (166 GFLOP/s for 2 cores, fp32 AVX2 FMA) x the cores a backend may use.

A search-cost section times one exact top-10 query (matrix-vector product + argpartition)
over 10k / 100k / 1M random unit vectors of dimension 384 (float32), p50 and p99.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from jobfit.data.seed_generator import generate_seed_pairs
from jobfit.encoding.backends import BACKENDS, DEFAULT_BACKEND, load_encoder
from jobfit.encoding.encoder import Encoder, SentenceTransformerEncoder
from jobfit.encoding.runtime import physical_cores

CPU_FLAGS = ("avx2", "avx512f", "avx512_vnni", "avx512_bf16", "amx_tile", "amx_int8")
"""The features that decide int8 and bf16 matrix speed, as ``/proc/cpuinfo`` spells them."""
MFLOP_PER_TOKEN = 21.8
PEAK_GFLOPS_PER_CORE = 83.0
RESUMES = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "dev" / "resumes.jsonl"


@dataclass(frozen=True)
class Timing:
    """One backend on one text set."""

    backend: str
    texts_per_s: float
    texts_per_cpu_s: float
    cos_mean: float
    cos_min: float
    gflops: float
    cores: int


def cpu_line(cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    """The CPU's model name and which of `CPU_FLAGS` it has, e.g. ``cpu: X | avx2 yes, ...``.

    Example:
        >>> cpu_line(Path("/nonexistent")).startswith("cpu: unknown")
        True
    """
    try:
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "cpu: unknown (no /proc/cpuinfo) | flags unknown"
    fields: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() not in fields:  # the first processor's entries
            fields[key.strip()] = value.strip()
    name = fields.get("model name") or fields.get("Model") or "unknown"
    flags = set(fields.get("flags", fields.get("Features", "")).split())
    present = ", ".join(f"{f} {'yes' if f in flags else 'no'}" for f in CPU_FLAGS)
    return f"cpu: {name} | {present}"


def short_texts(n: int) -> list[str]:
    """``n`` seed-style texts, resumes and jobs alternating."""
    pairs = generate_seed_pairs(seed=11, train_size=max(1, (n + 1) // 2)).train
    texts = [t for p in pairs for t in (p.resume, p.job)]
    return texts[:n]


def long_texts(n: int, path: Path = RESUMES) -> list[str]:
    """The first ``n`` real resumes, or none if the dev data is not there."""
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line, _ in zip(fh, range(n), strict=False)]


def timed(
    fn: Callable[[], NDArray[np.float32]], repeats: int
) -> tuple[NDArray[np.float32], float, float]:
    """Runs ``fn`` ``repeats`` times; returns its vectors and the best wall and CPU seconds."""
    best_wall = best_cpu = float("inf")
    vectors = np.zeros((0, 0), dtype=np.float32)
    for _ in range(repeats):
        w0, c0 = time.perf_counter(), time.process_time()
        vectors = fn()
        best_wall = min(best_wall, time.perf_counter() - w0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    return vectors, best_wall, best_cpu


def measure(
    encoders: dict[str, Encoder],
    texts: Sequence[str],
    tokens: int,
    repeats: int,
    cores: dict[str, int],
) -> list[Timing]:
    """Times every encoder on ``texts``; cosines are to the first (torch) encoder's vectors."""
    rows: list[Timing] = []
    reference: NDArray[np.float32] | None = None
    for name, enc in encoders.items():
        enc.encode(list(texts[:4]))  # warm-up: allocations, lazy kernels
        vectors, wall, cpu = timed(lambda enc=enc: enc.encode(list(texts)), repeats)  # type: ignore[misc]
        if reference is None:
            reference = vectors
        cos = np.sum(vectors * reference, axis=1)
        rows.append(
            Timing(
                backend=name,
                texts_per_s=len(texts) / wall,
                texts_per_cpu_s=len(texts) / max(cpu, 1e-9),
                cos_mean=float(cos.mean()),
                cos_min=float(cos.min()),
                gflops=MFLOP_PER_TOKEN * tokens / wall / 1e3,
                cores=cores[name],
            )
        )
    return rows


def print_table(title: str, rows: list[Timing]) -> None:
    base = rows[0]
    print(f"\n{title}")
    print(
        f"| {'backend':<14} | {'texts/s':>8} | {'x torch':>7} | {'texts/CPU-s':>11} "
        f"| {'x torch':>7} | {'cos mean':>8} | {'cos min':>7} | {'GFLOP/s':>7} | {'% peak':>6} |"
    )
    print("|" + "|".join("-" * w for w in (16, 10, 9, 13, 9, 10, 9, 9, 8)) + "|")
    for r in rows:
        peak = PEAK_GFLOPS_PER_CORE * r.cores
        print(
            f"| {r.backend:<14} | {r.texts_per_s:8.1f} | {r.texts_per_s / base.texts_per_s:7.2f} "
            f"| {r.texts_per_cpu_s:11.1f} | {r.texts_per_cpu_s / base.texts_per_cpu_s:7.2f} "
            f"| {r.cos_mean:8.4f} | {r.cos_min:7.4f} | {r.gflops:7.1f} | {100 * r.gflops / peak:5.1f}% |"
        )


def search_costs(sizes: Sequence[int], dim: int = 384, k: int = 10, seed: int = 0) -> None:
    """Prints p50/p99 latency of one exact top-k query over ``size`` random unit vectors."""
    print(f"\nexact top-{k} search, one query (float32 matrix-vector + argpartition), dim {dim}")
    print(f"| {'vectors':>9} | {'MiB':>6} | {'queries':>7} | {'p50 ms':>8} | {'p99 ms':>8} |")
    print("|-----------|--------|---------|----------|----------|")
    rng = np.random.default_rng(seed)
    for size in sizes:
        matrix = np.empty((size, dim), dtype=np.float32)
        for start in range(0, size, 100_000):
            block = rng.standard_normal((min(100_000, size - start), dim), dtype=np.float32)
            block /= np.linalg.norm(block, axis=1, keepdims=True)
            matrix[start : start + len(block)] = block
        n_queries = int(min(300, max(30, 3e7 // size)))
        queries = rng.standard_normal((n_queries + 3, dim), dtype=np.float32)
        queries /= np.linalg.norm(queries, axis=1, keepdims=True)
        latencies = []
        for i, q in enumerate(queries):
            t0 = time.perf_counter()
            scores = matrix @ q
            top = np.argpartition(-scores, k)[:k]
            top = top[np.argsort(-scores[top])]
            if i >= 3:  # the first queries warm caches
                latencies.append(time.perf_counter() - t0)
        p50, p99 = np.percentile(np.asarray(latencies) * 1e3, [50, 99])
        print(
            f"| {size:>9,} | {matrix.nbytes / 2**20:6.0f} | {n_queries:>7} | {p50:8.2f} | {p99:8.2f} |"
        )
        del matrix


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=128, help="short texts to encode (default 128)")
    parser.add_argument("--n-long", type=int, default=48, help="long resumes (default 48)")
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="threads for every backend (default: each backend's own default)",
    )
    parser.add_argument("--repeats", type=int, default=2, help="timed passes; best is kept")
    parser.add_argument("--backends", default=",".join(BACKENDS), help="comma-separated")
    parser.add_argument(
        "--search-sizes", default="10000,100000,1000000", help="comma-separated; '' skips"
    )
    args = parser.parse_args()
    print(cpu_line())

    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    ort_threads = args.threads or physical_cores()
    names = [b.strip() for b in args.backends.split(",") if b.strip()]
    names = ["torch", *[b for b in names if b != "torch"]]  # the baseline always runs, first
    encoders: dict[str, Encoder] = {}
    cores: dict[str, int] = {}
    cpu_count = len(os.sched_getaffinity(0))
    print(
        f"cores: {physical_cores()} physical, {cpu_count} usable; default backend: {DEFAULT_BACKEND}"
    )
    for name in names:
        t0 = time.perf_counter()
        encoders[name] = load_encoder("base", name, threads=ort_threads)
        threads = torch.get_num_threads() if name == "torch" else ort_threads
        cores[name] = min(threads, cpu_count)
        print(
            f"loaded {name:<9} as {encoders[name].name:<28} threads {threads} "
            f"in {time.perf_counter() - t0:5.1f} s (first load exports)"
        )
    baseline = encoders["torch"]
    assert isinstance(baseline, SentenceTransformerEncoder)
    tokenizer = baseline.model.tokenizer

    def count(texts: list[str]) -> int:
        ids = tokenizer(texts, truncation=True, max_length=baseline.max_tokens)["input_ids"]
        return sum(len(x) for x in ids)

    short = short_texts(args.n)
    tokens = count(short)
    print_table(
        f"short texts: {len(short)} seed-style texts, {tokens / len(short):.0f} tokens each on average",
        measure(encoders, short, tokens, args.repeats, cores),
    )
    long = long_texts(args.n_long)
    if long:
        tokens = count(long)
        print_table(
            f"long texts: {len(long)} real resumes truncated at {baseline.max_tokens} tokens "
            f"({tokens / len(long):.0f} tokens each on average)",
            measure(encoders, long, tokens, args.repeats, cores),
        )
    else:
        print(f"\nlong texts: skipped, {RESUMES} not found")
    sizes = [int(s) for s in args.search_sizes.split(",") if s.strip()]
    if sizes:
        search_costs(sizes)


if __name__ == "__main__":
    main()
