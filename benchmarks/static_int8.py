"""Static int8 (fixed activation scales) against the dynamic int8 encoder and fp32, in one run.

Run: HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/static_int8.py [--model models/default]
     [--variants minmax,p99.999] [--rounds 3] [--sweep]

The int8 encoder (dynamic quantisation) quantises each MatMul's input with a range measured
on that forward pass, so a text's vector depends on the texts batched with it; it therefore
runs one text per pass. Static quantisation fixes every activation range in advance, from
calibration windows, so batching cannot change a vector. This measures whether a static
recipe keeps mean cosine >= 0.99 to fp32, is exactly batch-invariant, and is faster batched
than the dynamic encoder one text per pass (the rule is in `verdicts`).

* calibration: 256 windows (at most 254 tokens, cut by ``split_windows`` as the encoder
  cuts documents) of O*NET-generated resumes and postings, alternately,
  ``generate_onet_triplets(seed=1301)``; one window per pass, so no padding enters the
  ranges. The dev set is never read.
* evaluation: 300 windows of another seed (2202): 100 resume windows (queries) and 200
  posting windows; plus 300 short lines of those postings (requirement-like items).
* every static variant is QDQ, per-channel symmetric int8 weights, uint8 activations
  (``quantize_static`` with op_types_to_quantize=["MatMul"]); variants differ in the
  calibration (MinMax, Percentile 99.99 / 99.999, Entropy), which MatMuls are quantised,
  whether MatMul outputs are re-quantised, and whether the residual branches read the
  fp32 activation or its quantised copy (see `VARIANTS`).
* batch invariance: each text encoded alone vs. inside length-sorted batches of 32 (the
  encoder's batching) and shuffled, padded batches of 16; top-10 of each query over the
  200 postings, alone vs. batched. Speed: texts/s at batch 1 and 32 on 96 of the windows
  and the 300 lines, every model timed on each encoder batch in turn (see `time_interleaved`).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import logging
import os
import re
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import onnx
from numpy.typing import NDArray
from onnxruntime.quantization import (
    CalibrationMethod,
    QuantFormat,
    QuantType,
    create_calibrator,
    quantize_static,
    save_tensors_data,
)

from encode_speed import cpu_line
from jobfit.data.onet_generator import generate_onet_triplets
from jobfit.encoding.export import export_onnx, read_layout
from jobfit.encoding.onnx_encoder import OnnxEncoder, _load_tokenizer, _mean_pool_normalize
from jobfit.encoding.runtime import make_session, physical_cores
from jobfit.encoding.windows import split_windows
from jobfit.model.base import resolve_model_path

CALIB_SEED, CALIB_WINDOWS, EVAL_SEED = 1301, 256, 2202
BASELINE = "dynamic int8 (current)"
MIN_COS = 0.99
MIN_GAIN = 1.10
"""Batched windows must beat the current int8 by this much: more than this machine's noise."""
FFN_OUT = re.compile(r"layer\.\d+/output/dense/")
Feed = dict[str, NDArray[np.int64]]


@dataclass(frozen=True)
class Variant:
    """One static recipe.

    Attributes:
        ranges: The calibration: ``minmax``, ``p99.99``, ``p99.999`` or ``entropy``.
        nodes: ``weights`` (the 36 MatMuls with a weight, as the dynamic model),
            ``all`` (also the 12 attention score/context MatMuls), ``no-ffn-out``
            (weights but the 6 FFN output MatMuls, whose GELU input is most sensitive).
        float_outputs: MatMul outputs stay fp32 (else re-quantised to uint8).
        fp32_residual: Residual branches read the fp32 activation, not its QDQ copy.
        symmetric: Symmetric activation ranges (zero point 128).
        only: A regex: quantise only the chosen MatMuls whose name matches (the sweep).
    """

    name: str
    ranges: str
    nodes: str = "weights"
    float_outputs: bool = True
    fp32_residual: bool = True
    symmetric: bool = False
    only: str = ""


VARIANTS = [
    Variant("minmax-naive", "minmax", "all", float_outputs=False, fp32_residual=False),
    Variant("minmax-qdq-residual", "minmax", fp32_residual=False),
    Variant("minmax", "minmax"),
    Variant("minmax-sym", "minmax", symmetric=True),
    Variant("p99.99", "p99.99"),
    Variant("p99.999", "p99.999"),
    Variant("entropy", "entropy"),
    Variant("minmax+attention", "minmax", "all"),
    Variant("minmax-ffn-out-fp32", "minmax", "no-ffn-out"),
]
SWEEP = {  # MatMul classes of a BERT layer, by the exported node names
    "q/k/v": r"/(query|key|value)/",
    "scores": r"self/MatMul$",
    "context": r"self/MatMul_1$",
    "attention out": r"attention/output/",
    "ffn in": r"intermediate/",
    "ffn out": FFN_OUT.pattern,
}


@dataclass
class Result:
    """Fidelity, invariance and speed of one model."""

    name: str
    cos_mean: float = 0.0
    cos_min: float = 0.0
    diff16: float = 0.0
    diff32: float = 0.0
    rank_changes: int = 0
    fp32_overlap: float = 0.0
    speed: dict[str, float] = field(default_factory=dict)


class Texts:
    """Token ids of a text set, encoded the way `OnnxEncoder.encode` does."""

    def __init__(self, encodings: Sequence[Any]) -> None:
        self.encodings = list(encodings)
        self.lengths = np.array([len(e.ids) for e in self.encodings], dtype=np.int64)

    @classmethod
    def of(cls, tokenizer: Any, texts: Sequence[str]) -> Texts:
        return cls(tokenizer.encode_batch(list(texts)))

    def batches(self, size: int) -> list[Texts]:
        """The encoder's batches of ``size`` texts: length-sorted, consecutive."""
        order = np.argsort(-self.lengths, kind="stable")
        return [
            Texts([self.encodings[i] for i in order[s : s + size]])
            for s in range(0, len(order), size)
        ]

    def feed(self, rows: Sequence[int] | NDArray[np.int64]) -> Feed:
        """Right-padded ids, mask and type ids of ``rows``."""
        width = int(self.lengths[rows].max())
        ids = np.zeros((len(rows), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for r, i in enumerate(rows):
            ids[r, : self.lengths[i]] = self.encodings[i].ids
            mask[r, : self.lengths[i]] = 1
        return {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}

    def encode(self, session: Any, batch: int, shuffle: int | None = None) -> NDArray[np.float32]:
        """Vectors in input order; batches are length-sorted (as the encoder) or shuffled."""
        n = len(self.lengths)
        order = (
            np.argsort(-self.lengths, kind="stable")
            if shuffle is None
            else np.random.default_rng(shuffle).permutation(n)
        )
        out = np.empty((n, 384), dtype=np.float32)
        for start in range(0, n, batch):
            rows = order[start : start + batch]
            feed = self.feed(rows)
            hidden = np.asarray(session.run(None, feed)[0], dtype=np.float32)
            out[rows] = _mean_pool_normalize(hidden, feed["attention_mask"])
        return out


class OneWindow:
    """A calibration data reader of one window (``collect_data`` only calls ``get_next``)."""

    def __init__(self, ids: list[int]) -> None:
        row = np.array([ids], dtype=np.int64)
        self.feeds = [{"input_ids": row, "attention_mask": row * 0 + 1, "token_type_ids": row * 0}]

    def get_next(self) -> Feed | None:
        return self.feeds.pop() if self.feeds else None


def generated_windows(seed: int, n: int, encoder: OnnxEncoder) -> tuple[list[str], list[str]]:
    """Resume windows and posting windows of ``n`` generated triplets."""
    triplets = generate_onet_triplets(seed=seed, n=n)
    resumes = [w.text for t in triplets for w in split_windows(t.resume, encoder)]
    jobs = [w.text for t in triplets for w in split_windows(t.job, encoder)]
    return resumes, jobs


def calibrate(fp32: Path, windows: list[list[int]], out: Path, needed: set[str]) -> dict[str, Path]:
    """Ranges of every MatMul tensor per calibration, saved as ORT calibration caches."""
    files: dict[str, Path] = {}
    methods: list[tuple[str, str, dict[str, Any]]] = [
        ("minmax", "MinMax", {}),
        ("p", "Percentile", {"symmetric": False}),  # ORT's default, symmetric, measured worse
        ("entropy", "Entropy", {}),
    ]
    for key, method, extra in methods:
        if not any(n.startswith(key) for n in needed):
            continue
        t0 = time.perf_counter()
        cal = create_calibrator(
            fp32,
            ["MatMul"],
            augmented_model_path=str(out / "augmented.onnx"),
            calibrate_method=CalibrationMethod[method],
            extra_options=extra,
        )
        with contextlib.redirect_stdout(io.StringIO()):  # the histogram collector prints
            for ids in windows:  # one window per collect: lengths differ
                cal.collect_data(OneWindow(ids))
            for pct in (99.99, 99.999) if key == "p" else (None,):
                name = f"p{pct}" if pct else key
                if pct:
                    cal.collector.percentile = pct
                files[name] = out / f"ranges_{name}.json"
                save_tensors_data(cal.compute_data(), files[name])
        print(f"calibrated {method:<10} in {time.perf_counter() - t0:5.1f} s", flush=True)
    return files


def fp32_residuals(model: onnx.ModelProto) -> int:
    """Points every reader of a quantised activation but the MatMuls back at the fp32 tensor.

    QDQ gives a tensor one QuantizeLinear/DequantizeLinear pair for all its readers, so the
    residual additions would otherwise read the rounded copy. Returns the inputs rewired.
    """
    graph = model.graph
    initializers = {i.name for i in graph.initializer}
    producer = {o: n for n in graph.node for o in n.output}
    rewired = 0
    for dq in [n for n in graph.node if n.op_type == "DequantizeLinear"]:
        q = producer.get(dq.input[0])
        if q is None or q.op_type != "QuantizeLinear" or q.input[0] in initializers:
            continue
        for node in graph.node:
            if node.op_type != "MatMul":
                for k, name in enumerate(node.input):
                    if name == dq.output[0]:
                        node.input[k] = q.input[0]
                        rewired += 1
    return rewired


def build(fp32: Path, ranges: dict[str, Path], v: Variant, out: Path) -> Path:
    """Quantises ``fp32`` with ``v``'s recipe into ``out/<name>.onnx``."""
    model = onnx.load(fp32, load_external_data=False)
    inits = {i.name for i in model.graph.initializer}
    matmuls = [n for n in model.graph.node if n.op_type == "MatMul"]
    chosen = [n.name for n in matmuls if v.nodes == "all" or n.input[1] in inits]
    if v.nodes == "no-ffn-out":
        chosen = [n for n in chosen if not FFN_OUT.search(n)]
    chosen = [n for n in chosen if re.search(v.only, n)]
    target = out / f"{re.sub(r'[^a-z0-9.+-]', '_', v.name)}.onnx"
    method = "Percentile" if v.ranges.startswith("p") else v.ranges.title().replace("max", "Max")
    quantize_static(
        fp32,
        target,
        None,  # ranges come from the calibration cache
        quant_format=QuantFormat.QDQ,
        op_types_to_quantize=["MatMul"],
        nodes_to_quantize=chosen,
        per_channel=True,
        activation_type=QuantType.QUInt8,
        weight_type=QuantType.QInt8,
        calibrate_method=CalibrationMethod[method],
        calibration_cache_path=ranges[v.ranges],
        extra_options={
            "ActivationSymmetric": v.symmetric,
            "WeightSymmetric": True,
            "OpTypesToExcludeOutputQuantization": ["MatMul"] if v.float_outputs else [],
        },
    )
    if v.fp32_residual:
        model = onnx.load(target)
        fp32_residuals(model)
        onnx.save(model, target)
    return target


def top10(queries: NDArray[np.float32], postings: NDArray[np.float32]) -> NDArray[np.int64]:
    return np.argsort(-(queries @ postings.T), axis=1, kind="stable")[:, :10]


def evaluate(
    name: str, session: Any, windows: Texts, fp32: NDArray[np.float32] | None
) -> tuple[Result, NDArray[np.float32]]:
    """One model's vectors alone and in batches, and the rankings they give (untimed)."""
    alone = windows.encode(session, 1)
    sorted32 = windows.encode(session, 32)
    shuffled16 = windows.encode(session, 16, shuffle=0)
    reference = alone if fp32 is None else fp32
    cos = np.sum(alone * reference, axis=1)
    q, p = slice(0, 100), slice(100, None)
    ranks = top10(alone[q], alone[p])
    changed = (top10(sorted32[q], sorted32[p]) != ranks).any(axis=1) | (
        top10(shuffled16[q], shuffled16[p]) != ranks
    ).any(axis=1)
    ref_ranks = top10(reference[q], reference[p])
    overlap = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(ranks, ref_ranks, strict=True)])
    result = Result(
        name,
        cos_mean=float(cos.mean()),
        cos_min=float(cos.min()),
        diff16=float(np.abs(shuffled16 - alone).max()),
        diff32=float(np.abs(sorted32 - alone).max()),
        rank_changes=int(changed.sum()),
        fp32_overlap=float(overlap),
    )
    return result, alone


def time_interleaved(
    results: dict[str, Result], sessions: dict[str, Any], sets: dict[str, Texts], rounds: int
) -> None:
    """Texts/s at batch 1 and 32, every model timed on each encoder batch in turn.

    Interleaving at the batch (under a second) spreads a change of load over every model
    alike, which whole-pass timings on this shared machine did not (ratios moved 2x).
    """
    seconds: dict[tuple[str, str, int], float] = {}
    names = list(sessions)
    for round_ in range(rounds):
        for label, texts in sets.items():
            for part in texts.batches(32):
                for name in names if round_ % 2 == 0 else names[::-1]:
                    for batch in (1, 32):
                        t0 = time.perf_counter()
                        part.encode(sessions[name], batch)
                        cell = (name, label, batch)
                        seconds[cell] = seconds.get(cell, 0.0) + time.perf_counter() - t0
    for (name, label, batch), total in seconds.items():
        results[name].speed[f"{label}{batch}"] = rounds * len(sets[label].lengths) / total


def sweep(fp32: Path, ranges: dict[str, Path], windows: Texts, out: Path) -> None:
    """Cosine to fp32 with one MatMul class quantised (MinMax), naive and with the fixes."""
    session = make_session(fp32, physical_cores())
    reference = windows.encode(session, 32)
    print("\nsensitivity: only one MatMul class quantised (MinMax), cosine to fp32 (mean / min)")
    print("| MatMuls | naive QDQ | fp32 outputs + fp32 residual |\n|---|---|---|")
    for label, pattern in SWEEP.items():
        cells = []
        for fixed in (False, True):
            v = Variant("sweep", "minmax", "all", fixed, fixed, only=pattern)
            vectors = windows.encode(
                make_session(build(fp32, ranges, v, out), physical_cores()), 32
            )
            cos = np.sum(vectors * reference, axis=1)
            cells.append(f"{cos.mean():.4f} / {cos.min():.4f}")
        print(f"| {label} | {' | '.join(cells)} |", flush=True)


def invariant(r: Result) -> bool:
    return max(r.diff16, r.diff32) < 1e-6 and r.rank_changes == 0


def print_table(results: list[Result], base: Result) -> None:
    """The table; ``x int8`` is a speed over dynamic int8's at batch 1."""
    print(
        "\n| model | cos mean | cos min | max abs diff b16 shuffled | max abs diff b32 "
        "| top-10 changed | top-10 overlap fp32 | win/s b1 | win/s b32 | x int8 | short/s b1 "
        "| short/s b32 | x int8 |"
    )
    print("|" + "---|" * 13)
    for r in results:
        s, b = r.speed, base.speed
        print(
            f"| {r.name} | {r.cos_mean:.4f} | {r.cos_min:.4f} | {r.diff16:.1e} | {r.diff32:.1e} "
            f"| {r.rank_changes}/100 | {r.fp32_overlap:.3f} | {s['win1']:.1f} | {s['win32']:.1f} "
            f"| {s['win32'] / b['win1']:.2f} | {s['short1']:.0f} | {s['short32']:.0f} "
            f"| {s['short32'] / b['short1']:.2f} |"
        )


def verdicts(results: dict[str, Result], base: Result) -> None:
    """Which static variant qualifies: fidelity, exact invariance, faster batched."""
    b = base.speed
    found = False
    for name, r in results.items():
        if not name.startswith("static") or r.cos_mean < MIN_COS or not invariant(r):
            continue
        found = True
        gains = (r.speed["win32"] / b["win1"], r.speed["short32"] / b["short1"])
        ok = gains[0] >= MIN_GAIN and gains[1] >= 1.0
        print(
            f"{name}: cos {r.cos_mean:.4f} >= {MIN_COS}, batch-invariant; batch 32 vs int8 "
            f"one per pass: windows x{gains[0]:.2f}, short x{gains[1]:.2f} -> "
            + ("qualifies" if ok else f"does not qualify (needs >= {MIN_GAIN}x and >= 1.0x)")
        )
    if not found:
        print(f"no static variant has mean cosine >= {MIN_COS} and exact batch invariance")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default="models/default", help="model directory or 'base'")
    parser.add_argument("--variants", default="", help="comma-separated names (default: all)")
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds (summed)")
    parser.add_argument("--sweep", action="store_true", help="per-MatMul-class sensitivity first")
    args = parser.parse_args()
    logging.getLogger().setLevel(logging.ERROR)  # the quantiser logs advice on the root logger
    t_start = time.perf_counter()
    import onnxruntime

    print(cpu_line())
    print(
        f"onnxruntime {onnxruntime.__version__}; threads {physical_cores()}; "
        f"load average {os.getloadavg()[0]:.1f} on {len(os.sched_getaffinity(0))} cpus"
    )
    path = resolve_model_path(args.model)
    layout = read_layout(path)
    fp32_path, dynamic_path = export_onnx(path, quantize=False), export_onnx(path, quantize=True)
    encoder = OnnxEncoder(path, quantized=False)
    tokenizer = _load_tokenizer(layout.transformer_dir)
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=layout.max_seq_length)
    cal_resumes, cal_jobs = generated_windows(CALIB_SEED, CALIB_WINDOWS * 2 // 5, encoder)
    mixed = [t for pair in itertools.zip_longest(cal_resumes, cal_jobs) for t in pair if t]
    calib = [list(e.ids) for e in tokenizer.encode_batch(mixed[:CALIB_WINDOWS])]
    resumes, jobs = generated_windows(EVAL_SEED, 200, encoder)
    windows = Texts.of(tokenizer, resumes[:100] + jobs[:200])
    lines = [ln.strip() for j in jobs for ln in j.splitlines() if len(ln.split()) >= 2]
    short = Texts.of(tokenizer, lines[:300])
    print(
        f"calibration: {len(calib)} windows, {np.mean([len(c) for c in calib]):.0f} tokens on "
        f"average; evaluation: {len(windows.lengths)} windows ({windows.lengths.mean():.0f} "
        f"tokens), {len(short.lengths)} short lines ({short.lengths.mean():.0f} tokens)"
    )
    chosen = [v for v in VARIANTS if not args.variants or v.name in args.variants.split(",")]
    threads = physical_cores()
    with tempfile.TemporaryDirectory(prefix="static-int8-") as tmp:
        needed = {v.ranges for v in chosen} | ({"minmax"} if args.sweep else set())
        ranges = calibrate(fp32_path, calib, Path(tmp), needed)
        if args.sweep:
            sample = Texts.of(tokenizer, (resumes[:100] + jobs[:200])[::5])
            sweep(fp32_path, ranges, sample, Path(tmp))
        sessions = {"fp32": make_session(fp32_path, threads)}
        sessions[BASELINE] = make_session(dynamic_path, threads)
        for v in chosen:
            sessions[f"static {v.name}"] = make_session(
                build(fp32_path, ranges, v, Path(tmp)), threads
            )
        print(f"built {len(chosen)} static variants", flush=True)
        results: dict[str, Result] = {}
        fp32: NDArray[np.float32] | None = None
        for name, session in sessions.items():  # fp32 first: the others' reference
            t0 = time.perf_counter()
            session.run(None, windows.feed([0, 1]))  # warm-up
            results[name], vectors = evaluate(name, session, windows, fp32)
            fp32 = vectors if fp32 is None else fp32
            print(f"fidelity and invariance of {name:<30} {time.perf_counter() - t0:5.1f} s")
        sets = {"win": Texts.of(tokenizer, (resumes[:100] + jobs[:200])[::3][:96]), "short": short}
        t0 = time.perf_counter()
        time_interleaved(results, sessions, sets, args.rounds)
        print(
            f"timed {args.rounds} interleaved rounds in {time.perf_counter() - t0:5.1f} s; "
            f"load average now {os.getloadavg()[0]:.1f}"
        )
    base = results[BASELINE]
    print_table(list(results.values()), base)
    print(
        f"\nfidelity and invariance: {len(windows.lengths)} windows (100 resume, 200 posting); "
        f"speed: {len(sets['win'].lengths)} of those windows and {len(short.lengths)} short "
        f"posting lines, {args.rounds} rounds interleaved batch by batch; x int8 = batch 32 "
        f"over {BASELINE}\n"
    )
    verdicts(results, base)
    print(f"\ntotal {time.perf_counter() - t_start:.0f} s")


if __name__ == "__main__":
    main()
