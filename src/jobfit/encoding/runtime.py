"""ONNX Runtime sessions on this machine's physical cores."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from jobfit.errors import DependencyError

__all__ = ["make_session", "physical_cores"]


def physical_cores() -> int:
    """Physical cores this process may run on (SMT siblings count once).

    Example:
        >>> physical_cores() >= 1
        True
    """
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    cores: set[str] = set()
    for cpu in cpus:
        siblings = Path(f"/sys/devices/system/cpu/cpu{cpu}/topology/thread_siblings_list")
        try:
            cores.add(siblings.read_text().strip())
        except OSError:
            cores.add(str(cpu))
    return max(1, len(cores) or (os.cpu_count() or 1))


def make_session(path: Path, threads: int) -> Any:
    """An onnxruntime CPU session for ``path`` with ``threads`` intra-op threads, quiet logs."""
    try:
        import onnxruntime as ort
    except ImportError as err:
        raise DependencyError(
            'the ONNX backends need onnxruntime; run: pip install "jobfit[onnx]"'
        ) from err
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
