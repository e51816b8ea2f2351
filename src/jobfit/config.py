"""Settings for each stage (pydantic, extra="forbid"), saved beside what a run produced."""

from __future__ import annotations

import os
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from jobfit.errors import ConfigError

__all__ = ["SEED_CARD_METRICS", "TrainConfig", "jobfit_home"]

SEED_CARD_METRICS: dict[str, float] = {
    "pearson_cosine": 0.9522756507595216,
    "spearman_cosine": 0.8660254037844387,
}
"""The figures the seed model card reports on ``resume-job-val``."""


def jobfit_home() -> str:
    """Returns ``$JOBFIT_HOME`` or ``~/.cache/jobfit``: where caches live."""
    return os.environ.get("JOBFIT_HOME", os.path.join(os.path.expanduser("~"), ".cache", "jobfit"))


class TrainConfig(BaseModel):
    """Hyperparameters of one fine-tuning run; the defaults are the seed model card's.

    Example:
        >>> cfg = TrainConfig()
        >>> cfg.batch_size, cfg.learning_rate, cfg.epochs, cfg.loss
        (16, 5e-05, 3, 'cosine')
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    recipe: Literal["seed", "default"] = "seed"
    base_model: str = Field(
        "base", description="'base' (vendored all-MiniLM-L6-v2) or a model directory"
    )
    loss: Literal["cosine", "cosent"] = Field(
        "cosine", description="pair loss: CosineSimilarityLoss (seed card) or CoSENTLoss"
    )
    batch_size: int = Field(16, ge=1)
    learning_rate: float = Field(5e-5, gt=0)
    epochs: int = Field(3, ge=1)
    lr_scheduler: Literal["linear"] = "linear"
    warmup_ratio: float = Field(0.0, ge=0, le=1)
    seed: int = 42
    max_seq_length: int = Field(256, ge=8, le=512)
    train_max_seq_length: int | None = Field(
        None,
        ge=8,
        le=512,
        description="truncate training texts here (saved model keeps max_seq_length)",
    )
    eval_name: str = "resume-job-val"
    threads: int = Field(
        1, ge=1, description="torch CPU threads; 1 is fastest on a shared 2-core machine"
    )
    triplets: int = Field(
        0,
        ge=0,
        description="O*NET (resume, job, hard negative) triplets for MultipleNegativesRankingLoss",
    )
    multi_dataset_batch_sampler: Literal["round_robin", "proportional"] = "round_robin"
    save_steps: int = Field(0, ge=0, description="checkpoint every N steps (0: no checkpoints)")
    average_with_base: float = Field(
        1.0,
        ge=0,
        le=1,
        description="final weights = a x tuned + (1 - a) x base_model (WiSE-FT); 1 keeps the "
        "weights as trained",
    )
    device: str = "cpu"

    @classmethod
    def for_recipe(cls, recipe: str, **overrides: Any) -> TrainConfig:
        """The configuration of a named recipe, with overrides.

        ``seed`` is the seed model card's recipe exactly. ``default`` adds O*NET triplets
        with hard negatives under MultipleNegativesRankingLoss beside the seed pairs under
        CosineSimilarityLoss, and averages the trained weights with the base model's
        (``average_with_base`` 0.75, WiSE-FT; see docs/recipes.md for how it was chosen).

        Example:
            >>> TrainConfig.for_recipe("default").triplets > 0
            True
        """
        if recipe == "seed":
            return cls(**overrides)
        if recipe == "default":
            base: dict[str, Any] = {
                "recipe": "default",
                "triplets": 2560,
                "epochs": 1,
                "multi_dataset_batch_sampler": "proportional",
                "save_steps": 20,
                "train_max_seq_length": 128,
                "threads": 2,
                "average_with_base": 0.75,
            }
            base.update(overrides)
            return cls(**base)
        raise ConfigError(f"unknown recipe {recipe!r}; use 'seed' or 'default'")
