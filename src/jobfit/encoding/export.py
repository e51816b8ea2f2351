"""Exporting a model's transformer to ONNX (fp32, and int8 by dynamic quantisation), cached."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jobfit.config import jobfit_home
from jobfit.errors import DependencyError, ModelError

__all__ = [
    "MANIFEST_NAME",
    "QUANTIZATION",
    "ModelLayout",
    "export_dir",
    "export_onnx",
    "read_layout",
    "weights_checksum",
]

logger = logging.getLogger(__name__)

EXPORT_FORMAT = 1
"""Bumped when the export recipe changes, so older exports are redone rather than trusted."""
OPSET = 17
MANIFEST_NAME = "manifest.json"
INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")
QUANTIZATION: dict[str, Any] = {"per_channel": True, "weight_type": "QInt8", "reduce_range": False}
"""The int8 recipe: dynamic, per output channel, signed weights (measured most accurate here)."""
_FILES = {"fp32": "model.onnx", "int8": "model_int8.onnx"}
_WEIGHT_GLOBS = ("*.safetensors", "pytorch_model*.bin")
_SUPPORTED_MODULES = {"Transformer", "Pooling", "Normalize"}


@dataclass(frozen=True)
class ModelLayout:
    """Where a sentence-transformers model keeps its transformer, and what its pipeline does.

    Attributes:
        root: The model directory.
        transformer_dir: The directory of the Hugging Face transformer (weights, tokenizer).
        max_seq_length: Tokens read per text; longer texts are truncated.
    """

    root: Path
    transformer_dir: Path
    max_seq_length: int


def _is_mean_pooling(pooling: dict[str, Any]) -> bool:
    """Mean pooling in either config format: sentence-transformers 6 (``pooling_mode``) or older."""
    if "pooling_mode" in pooling:
        return bool(pooling["pooling_mode"] in ("mean", ["mean"]))
    modes = [k for k, v in pooling.items() if k.startswith("pooling_mode") and v]
    return modes == ["pooling_mode_mean_tokens"]


def read_layout(model_dir: Path) -> ModelLayout:
    """Reads ``modules.json`` and checks the pipeline is transformer, mean pooling, normalise.

    Raises:
        ModelError: If the model uses a module or pooling the ONNX backends do not reproduce.

    Example:
        >>> from jobfit.model.base import base_model_path
        >>> read_layout(base_model_path()).max_seq_length
        256
    """
    modules_file = model_dir / "modules.json"
    transformer_dir = model_dir
    if modules_file.is_file():
        modules = json.loads(modules_file.read_text(encoding="utf-8"))
        for module in modules:
            kind = str(module.get("type", "")).rsplit(".", 1)[-1]
            if kind not in _SUPPORTED_MODULES:
                raise ModelError(
                    f"{str(model_dir)!r} has a {kind!r} module; the ONNX backends support "
                    "Transformer + mean Pooling + Normalize only; use --backend torch"
                )
            if kind == "Transformer":
                transformer_dir = model_dir / module.get("path", "")
            if kind == "Pooling":
                pooling = json.loads(
                    (model_dir / module["path"] / "config.json").read_text(encoding="utf-8")
                )
                if not _is_mean_pooling(pooling):
                    raise ModelError(
                        f"{str(model_dir)!r} pools with {pooling}; the ONNX backends support "
                        "mean pooling only; use --backend torch"
                    )
    max_len = 512
    st_config = transformer_dir / "sentence_bert_config.json"
    tok_config = transformer_dir / "tokenizer_config.json"
    if st_config.is_file() and "max_seq_length" in (
        raw := json.loads(st_config.read_text("utf-8"))
    ):
        max_len = int(raw["max_seq_length"])
    elif (
        tok_config.is_file()
    ):  # sentence-transformers 6 keeps it as the tokenizer's model_max_length
        max_len = min(
            512, int(json.loads(tok_config.read_text("utf-8")).get("model_max_length", 512))
        )
    return ModelLayout(root=model_dir, transformer_dir=transformer_dir, max_seq_length=max_len)


def weights_checksum(layout: ModelLayout) -> str:
    """The sha256 of the transformer's weight files and ``config.json`` (hex, 64 characters).

    Example:
        >>> from jobfit.model.base import base_model_path
        >>> len(weights_checksum(read_layout(base_model_path())))
        64
    """
    files = sorted({f for g in _WEIGHT_GLOBS for f in layout.transformer_dir.glob(g)})
    if not files:
        raise ModelError(
            f"no weight files (*.safetensors, pytorch_model.bin) in "
            f"{str(layout.transformer_dir)!r}; pass a directory that 'jobfit train --out' wrote"
        )
    h = hashlib.sha256()
    for f in [*files, layout.transformer_dir / "config.json"]:
        h.update(f.name.encode())
        with f.open("rb") as fh:
            while block := fh.read(1 << 22):
                h.update(block)
    return h.hexdigest()


def export_dir(model_dir: Path, checksum: str) -> Path:
    """Where a model's exports live: ``MODEL_DIR/onnx/``, or under ``$JOBFIT_HOME`` for the base.

    The vendored base model (and any directory we cannot write) is never written to:
    its exports go to ``$JOBFIT_HOME/onnx/<checksum>/``.
    """
    from jobfit.model.base import base_model_path

    try:
        is_base = model_dir.resolve() == base_model_path().resolve()
    except DependencyError:
        is_base = False
    if is_base or not os.access(model_dir, os.W_OK):
        return Path(jobfit_home()) / "onnx" / checksum[:16]
    return model_dir / "onnx"


def export_onnx(model_dir: Path | str | None, quantize: bool, checksum: str | None = None) -> Path:
    """Returns the ONNX file of a model, exporting (and quantising) it on first use.

    The graph maps ``input_ids``, ``attention_mask``, ``token_type_ids`` (dynamic batch
    and sequence axes) to ``last_hidden_state``; pooling and normalising are left to the
    caller. Exports are reused while ``manifest.json`` records the same weights checksum,
    and redone when the weights change. Files are written atomically.

    Args:
        model_dir: A model directory, or ``None``/``"base"`` for the vendored base model.
        quantize: ``True`` for int8 weights (dynamic quantisation, per channel).
        checksum: The weights' ``weights_checksum``, if the caller has already computed it.

    Raises:
        DependencyError: If ``onnx`` or ``onnxruntime`` is not installed.
        ModelError: If the model cannot be exported.

    Example:
        >>> path = export_onnx("base", quantize=True)  # doctest: +SKIP
        >>> path.name  # doctest: +SKIP
        'model_int8.onnx'
    """
    from jobfit.model.base import resolve_model_path

    _require("onnx")
    _require("onnxruntime")
    layout = read_layout(resolve_model_path(model_dir))
    checksum = checksum or weights_checksum(layout)
    out = export_dir(layout.root, checksum)
    out.mkdir(parents=True, exist_ok=True)
    recipe = {"format": EXPORT_FORMAT, "opset": OPSET, "quantization": QUANTIZATION}
    manifest = _read_manifest(out)
    if manifest.get("weights_sha256") != checksum or manifest.get("recipe") != recipe:
        if manifest:
            logger.info("weights or recipe changed in %s: exporting again", layout.root)
        manifest = {"weights_sha256": checksum, "recipe": recipe, "files": {}}

    fp32 = _cached(out, manifest, "fp32")
    if fp32 is None:
        fp32 = out / _FILES["fp32"]
        # A first run spends up to a minute here: say so at the default log level.
        logger.warning(
            "first use of %s with ONNX: exporting it once (up to a minute on 2 cores) to %s",
            layout.root,
            out,
        )
        with _atomic(fp32) as tmp:
            _export_fp32(layout, tmp)
        _record(out, manifest, "fp32", fp32)
    if not quantize:
        return fp32
    int8 = _cached(out, manifest, "int8")
    if int8 is None:
        int8 = out / _FILES["int8"]
        logger.info("quantising %s to int8", fp32)
        with _atomic(int8) as tmp:
            _quantize(fp32, tmp)
        _record(out, manifest, "int8", int8)
    return int8


def _require(module: str) -> None:
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise DependencyError(
            f"the ONNX backends need {module!r}, which is not installed; "
            'run: pip install "jobfit[onnx]" (or pip install onnx onnxruntime)'
        )


def _read_manifest(out: Path) -> dict[str, Any]:
    try:
        data = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _cached(out: Path, manifest: dict[str, Any], variant: str) -> Path | None:
    """The recorded file of ``variant`` if it is there with the recorded size.

    The manifest also records each file's sha256 for audits; it is not re-checked on every
    start, because hashing the file each time would cost more than the size check misses.
    """
    entry = manifest.get("files", {}).get(variant)
    path = out / _FILES[variant]
    if not isinstance(entry, dict) or not path.is_file():
        return None
    if path.stat().st_size != entry.get("bytes"):
        logger.warning("%s has the wrong size for its manifest: exporting it again", path)
        return None
    return path


def _record(out: Path, manifest: dict[str, Any], variant: str, path: Path) -> None:
    h = hashlib.sha256(path.read_bytes()).hexdigest()
    manifest["files"][variant] = {"file": path.name, "bytes": path.stat().st_size, "sha256": h}
    text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    with _atomic(out / MANIFEST_NAME) as tmp:
        tmp.write_text(text, encoding="utf-8")


@contextlib.contextmanager
def _atomic(target: Path) -> Iterator[Path]:
    """Yields a temporary path beside ``target``; moves it into place only on success."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        tmp.chmod(0o644)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _export_fp32(layout: ModelLayout, target: Path) -> None:
    """Traces the transformer with the legacy exporter and checks ORT against torch."""
    import numpy as np
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(
        str(layout.transformer_dir), attn_implementation="eager", local_files_only=True
    )

    class _LastHiddenState(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
            out: torch.Tensor = self.model(**dict(zip(INPUT_NAMES, inputs, strict=True)))[0]
            return out

    def dummy(batch: int, length: int) -> tuple[torch.Tensor, ...]:
        ids = torch.randint(1000, 2000, (batch, length), generator=torch.Generator().manual_seed(0))
        mask = torch.ones_like(ids)
        mask[-1, length // 2 :] = 0  # pad one row so no padding-free shortcut is traced
        return ids, mask, torch.zeros_like(ids)

    dynamic = {n: {0: "batch", 1: "sequence"} for n in [*INPUT_NAMES, "last_hidden_state"]}
    wrapper = _LastHiddenState().eval()
    with warnings.catch_warnings(), torch.no_grad():
        tracer_warning: type[Warning] = getattr(torch.jit, "TracerWarning", UserWarning)
        warnings.simplefilter("ignore", tracer_warning)  # shape checks traced as constants
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", UserWarning)
        try:
            torch.onnx.export(
                wrapper,
                dummy(2, 16),
                str(target),
                dynamo=False,
                opset_version=OPSET,
                input_names=list(INPUT_NAMES),
                output_names=["last_hidden_state"],
                dynamic_axes=dynamic,
            )
        except Exception as err:
            raise ModelError(
                f"could not export {str(layout.root)!r} to ONNX: {err}; use --backend torch"
            ) from err
        check = dummy(3, 11)
        expected = wrapper.eval()(*check).numpy()  # export restores train mode: eval again
    got = _session(target).run(
        None, {n: t.numpy() for n, t in zip(INPUT_NAMES, check, strict=True)}
    )
    diff = float(np.abs(np.asarray(got[0]) - expected).max())
    if diff > 1e-3:
        raise ModelError(
            f"the ONNX export of {str(layout.root)!r} differs from torch by {diff:.2g} "
            "(more than 1e-3); use --backend torch"
        )


def _quantize(fp32: Path, target: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    root = logging.getLogger()
    quiet = _DropQuantizerChatter()
    root.addFilter(quiet)  # the quantiser logs advice and per-tensor notes on the root logger
    try:
        quantize_dynamic(
            fp32,
            target,
            per_channel=bool(QUANTIZATION["per_channel"]),
            reduce_range=bool(QUANTIZATION["reduce_range"]),
            weight_type=getattr(QuantType, str(QUANTIZATION["weight_type"])),
        )
    finally:
        root.removeFilter(quiet)


class _DropQuantizerChatter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.ERROR or "quantization" not in record.pathname


def _session(path: Path) -> Any:
    from jobfit.encoding.runtime import make_session, physical_cores

    return make_session(path, physical_cores())
