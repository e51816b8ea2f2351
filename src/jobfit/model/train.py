"""Fine-tuning with the seed model card's recipe (CosineSimilarityLoss, batch 16, lr 5e-5, 3 epochs)."""

from __future__ import annotations

import json
import logging
import math
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jobfit.config import TrainConfig
from jobfit.data.pairs import PairSet
from jobfit.errors import ConfigError
from jobfit.matching.explain import CALIBRATION_FILE, Calibration
from jobfit.model.averaging import average_weights
from jobfit.model.base import (
    BASE_ALIASES,
    BASE_MODEL_ID,
    BASE_MODEL_REVISION,
    load_sentence_transformer,
)
from jobfit.model.card import finish_model_card, spearman_ceiling
from jobfit.model.evaluate import pair_cosines, similarity_metrics

__all__ = ["TrainResult", "train"]

logger = logging.getLogger(__name__)

CONFIG_FILE = "jobfit_train.json"
SEED_PASSES = 3
"""Passes over the seed pairs in a one-epoch mixed run: the seed recipe's three epochs."""


@dataclass(frozen=True)
class TrainResult:
    """What a training run produced."""

    model_dir: Path
    steps: int
    seconds: float
    base_metrics: dict[str, float]
    metrics: dict[str, float]
    tuned_metrics: dict[str, float] | None = None
    """The metrics as trained, before averaging with the base model (``None`` without)."""


def _log_callback() -> Any:
    """A trainer callback that sends periodic logs (loss, eval metrics) to the jobfit logger."""
    from transformers import TrainerCallback

    class LogCallback(TrainerCallback):
        def on_log(
            self, args: Any, state: Any, control: Any, logs: Any = None, **kwargs: Any
        ) -> None:
            if logs:
                logger.info(
                    "step %s: %s", state.global_step, json.dumps(logs, sort_keys=True, default=str)
                )

    return LogCallback()


def _seed_everything(seed: int, threads: int) -> None:
    import random

    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(threads)


def train(
    train_pairs: PairSet,
    val_pairs: PairSet,
    out_dir: Path,
    config: TrainConfig | None = None,
    show_progress: bool = False,
    triplets: Sequence[Any] = (),
) -> TrainResult:
    """Fine-tunes the base model on ``train_pairs`` and evaluates on ``val_pairs`` while training.

    The output directory loads with plain ``SentenceTransformer(out_dir)``; it holds the
    weights, a model card (``README.md``) in the seed card's structure and ``jobfit_train.json``.

    Args:
        train_pairs: Training pairs (resume, job, score in [0, 1]).
        val_pairs: Validation pairs, evaluated as ``resume-job-val``.
        out_dir: Where the model is written.
        config: Hyperparameters; the seed card's by default.
        show_progress: Show the trainer's progress bar.
        triplets: (resume, job, negative_job) triplets trained with
            MultipleNegativesRankingLoss beside the pairs (the ``default`` recipe); with one
            epoch the pairs are then repeated 3 times, so they still get the seed recipe's
            three passes.

    With ``config.average_with_base`` below 1, the trained weights are averaged with the
    starting model's at the end (:func:`~jobfit.model.averaging.average_weights`); the saved
    metrics and fit calibration are the averaged model's, and ``jobfit_train.json`` keeps
    the metrics as trained under ``tuned_metrics``.

    Example:
        >>> from jobfit.data.seed_generator import generate_seed_pairs
        >>> from jobfit.data.pairs import PairSet
        >>> s = generate_seed_pairs(train_size=16, val_size=5, test_size=1)
        >>> r = train(PairSet.from_pairs(s.train), PairSet.from_pairs(s.val), Path("/tmp/m"))  # doctest: +SKIP
    """
    from jobfit.model.base import set_offline

    set_offline()
    cfg = config or TrainConfig()
    _seed_everything(cfg.seed, cfg.threads)

    from datasets import Dataset
    from sentence_transformers import (
        SentenceTransformerTrainer,
        SentenceTransformerTrainingArguments,
    )
    from sentence_transformers.sentence_transformer.evaluation import EmbeddingSimilarityEvaluator
    from sentence_transformers.sentence_transformer.losses import CosineSimilarityLoss

    if cfg.device != "cpu":
        import torch

        if cfg.device.startswith("cuda") and not torch.cuda.is_available():
            raise ConfigError(
                f"--device {cfg.device}: no CUDA GPU is visible here; use --device cpu"
            )
    model = load_sentence_transformer(cfg.base_model, device=cfg.device)
    model.max_seq_length = cfg.train_max_seq_length or cfg.max_seq_length
    if cfg.base_model in BASE_ALIASES:
        model.model_card_data.base_model = BASE_MODEL_ID
        model.model_card_data.base_model_revision = BASE_MODEL_REVISION
    model.model_card_data.local_files_only = True

    repeat = SEED_PASSES if triplets and cfg.epochs == 1 else 1
    train_ds: Any = Dataset.from_dict({k: v * repeat for k, v in train_pairs.to_columns().items()})
    if cfg.loss == "cosent":
        from sentence_transformers.sentence_transformer.losses import CoSENTLoss

        loss: Any = CoSENTLoss(model)
    else:
        loss = CosineSimilarityLoss(model)
    if triplets:
        from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss

        train_ds = {
            "pairs": train_ds,
            "triplets": Dataset.from_dict(
                {
                    "anchor": [t.resume for t in triplets],
                    "positive": [t.job for t in triplets],
                    "negative": [t.negative_job for t in triplets],
                }
            ),
        }
        loss = {"pairs": loss, "triplets": MultipleNegativesRankingLoss(model)}
    evaluator = EmbeddingSimilarityEvaluator(
        sentences1=val_pairs.resumes,
        sentences2=val_pairs.jobs,
        scores=val_pairs.scores,
        name=cfg.eval_name,
        batch_size=cfg.batch_size,
        show_progress_bar=False,
    )
    base_metrics = similarity_metrics(model, val_pairs, batch_size=cfg.batch_size)

    steps_per_epoch = math.ceil((len(train_pairs) * repeat + len(triplets)) / cfg.batch_size)
    eval_steps = max(1, steps_per_epoch // 4) if triplets else steps_per_epoch
    out_dir = Path(out_dir)
    checkpoints = out_dir / "checkpoints"
    # transformers 5 deprecates warmup_ratio; 0 is its default, so only pass a real one
    warmup: dict[str, Any] = {"warmup_ratio": cfg.warmup_ratio} if cfg.warmup_ratio else {}
    with tempfile.TemporaryDirectory(prefix="jobfit-train-") as tmp:
        args = SentenceTransformerTrainingArguments(
            output_dir=str(checkpoints) if cfg.save_steps else tmp,
            num_train_epochs=cfg.epochs,
            per_device_train_batch_size=cfg.batch_size,
            per_device_eval_batch_size=cfg.batch_size,
            learning_rate=cfg.learning_rate,
            lr_scheduler_type=cfg.lr_scheduler,
            **warmup,
            seed=cfg.seed,
            eval_strategy="steps",
            eval_steps=eval_steps,
            multi_dataset_batch_sampler=cfg.multi_dataset_batch_sampler,
            batch_sampler="no_duplicates" if triplets else "batch_sampler",
            save_strategy="steps" if cfg.save_steps else "no",
            save_steps=cfg.save_steps or 500,
            save_total_limit=1,
            logging_steps=eval_steps,
            report_to="none",
            disable_tqdm=not show_progress,
            use_cpu=cfg.device == "cpu",
        )
        trainer = SentenceTransformerTrainer(
            model=model,
            args=args,
            train_dataset=train_ds,
            loss=loss,
            evaluator=evaluator,
        )
        # Results belong on stdout; the trainer's printed log dicts go to the log instead.
        from transformers.trainer_callback import PrinterCallback

        trainer.remove_callback(PrinterCallback)
        trainer.add_callback(_log_callback())
        resume = cfg.save_steps > 0 and any(checkpoints.glob("checkpoint-*"))
        if resume:
            logger.warning("resuming the interrupted run from %s", checkpoints)
        start = time.perf_counter()
        trainer.train(resume_from_checkpoint=True if resume else None)
        seconds = time.perf_counter() - start
        steps = int(trainer.state.global_step)
    model.max_seq_length = cfg.max_seq_length
    tuned_metrics = None
    if cfg.average_with_base < 1.0:
        tuned_metrics = similarity_metrics(model, val_pairs, batch_size=cfg.batch_size)
        start_model = load_sentence_transformer(cfg.base_model, device=cfg.device)
        average_weights(model, start_model, cfg.average_with_base)
        logger.info(
            "weights averaged with %s at %.2f: val Pearson %.4f as trained",
            cfg.base_model,
            cfg.average_with_base,
            tuned_metrics["pearson_cosine"],
        )
    cosines = pair_cosines(model, val_pairs, cfg.batch_size)
    metrics = similarity_metrics(model, val_pairs, cosines=cosines)
    calibration = Calibration.from_scores(cosines.tolist(), val_pairs.scores)
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save(str(out_dir))
    if checkpoints.exists():
        shutil.rmtree(checkpoints)
    (out_dir / CALIBRATION_FILE).write_text(
        json.dumps(
            {"low": calibration.low, "high": calibration.high, "source": calibration.source},
            indent=2,
        )
        + "\n",
        "utf-8",
    )
    run_info: dict[str, Any] = {
        "config": cfg.model_dump(),
        "train_size": len(train_pairs),
        "triplets": len(triplets),
        "val_size": len(val_pairs),
        "steps": steps,
        "train_seconds": round(seconds, 2),
        "base_metrics": base_metrics,
        "metrics": metrics,
        "tuned_metrics": tuned_metrics,
        "spearman_ceiling": spearman_ceiling(val_pairs.scores),
    }
    (out_dir / CONFIG_FILE).write_text(
        json.dumps(run_info, indent=2, sort_keys=True) + "\n", "utf-8"
    )
    finish_model_card(out_dir, run_info)
    return TrainResult(out_dir, steps, seconds, base_metrics, metrics, tuned_metrics)
