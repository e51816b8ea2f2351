"""Which model a command uses when none is named: the best one trained here, else the base model."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["MODEL_CANDIDATES", "ModelChoice", "default_model"]

MODEL_CANDIDATES: tuple[tuple[str, str], ...] = (
    ("models/default", "the default-recipe model trained by 'make model'"),
    ("models/seed", "the seed-recipe model trained by 'make demo'"),
)
"""Looked up in order, relative to the working directory."""


@dataclass(frozen=True)
class ModelChoice:
    """The chosen model and why it was chosen (for the user's stderr)."""

    model: str
    reason: str


def default_model(explicit: str | None = None, root: Path | None = None) -> ModelChoice:
    """Resolves the model: ``explicit`` > ``$JOBFIT_MODEL`` > trained models here > ``base``.

    Example:
        >>> default_model("base").model
        'base'
    """
    if explicit:
        return ModelChoice(explicit, "given with --model")
    env = os.environ.get("JOBFIT_MODEL")
    if env:
        return ModelChoice(env, "from $JOBFIT_MODEL")
    base = root or Path.cwd()
    for rel, why in MODEL_CANDIDATES:
        path = base / rel
        if (path / "modules.json").is_file():
            return ModelChoice(str(path), why)
    return ModelChoice(
        "base",
        f"no trained model in {base / 'models'}; the base all-MiniLM-L6-v2. Run 'make model' "
        "here, pass --model DIR or set $JOBFIT_MODEL to use a trained one",
    )
