"""The default recipe's mechanics on a tiny run with the real base model: mixed losses, checkpoints, resume."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from jobfit.config import TrainConfig
from jobfit.data.onet_generator import generate_onet_triplets
from jobfit.data.pairs import PairSet
from jobfit.data.seed_generator import generate_seed_pairs
from jobfit.errors import ConfigError

pytestmark = pytest.mark.slow


def test_recipes_are_named_configs() -> None:
    seed = TrainConfig.for_recipe("seed")
    assert (seed.batch_size, seed.learning_rate, seed.epochs, seed.triplets) == (16, 5e-5, 3, 0)
    default = TrainConfig.for_recipe("default", threads=1)
    assert default.triplets > 0
    assert default.threads == 1
    assert default.save_steps > 0
    with pytest.raises(ConfigError, match="unknown recipe 'fast'"):
        TrainConfig.for_recipe("fast")


def test_default_recipe_trains_checkpoints_and_resumes(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from jobfit.model.train import train

    splits = generate_seed_pairs(seed=3, train_size=16, val_size=9, test_size=1)
    triplets = generate_onet_triplets(seed=3, n=16)
    cfg = TrainConfig.for_recipe(
        "default", triplets=16, save_steps=1, threads=1, train_max_seq_length=64
    )
    out = tmp_path / "m"
    # a checkpoint left by an "interrupted" run is picked up
    first = train(
        PairSet.from_pairs(splits.train),
        PairSet.from_pairs(splits.val),
        out,
        cfg,
        triplets=triplets,
    )
    info = json.loads((out / "jobfit_train.json").read_text())
    assert info["triplets"] == 16
    assert info["config"]["recipe"] == "default"
    assert first.steps == 4  # (16 pairs x 3 passes + 16 triplets) / 16 per batch
    assert not (out / "checkpoints").exists()  # cleaned up after a finished run
    from sentence_transformers import SentenceTransformer

    assert SentenceTransformer(str(out)).max_seq_length == 256

    # an interrupted run leaves a checkpoint; the next run resumes from it
    import jobfit.model.train as train_module

    real_callback = train_module._log_callback

    def interrupting() -> object:
        cb = real_callback()
        original = cb.on_step_end

        def on_step_end(args: object, state: object, control: object, **kw: object) -> object:
            if getattr(state, "global_step", 0) >= 3:
                raise KeyboardInterrupt
            return original(args, state, control, **kw)

        cb.on_step_end = on_step_end
        return cb

    resumed_out = tmp_path / "resumed"
    train_module._log_callback = interrupting  # type: ignore[assignment]
    try:
        with pytest.raises(KeyboardInterrupt):
            train(
                PairSet.from_pairs(splits.train),
                PairSet.from_pairs(splits.val),
                resumed_out,
                cfg,
                triplets=triplets,
            )
    finally:
        train_module._log_callback = real_callback  # type: ignore[assignment]
    assert [p.name for p in (resumed_out / "checkpoints").glob("checkpoint-*")] == ["checkpoint-2"]
    with caplog.at_level(logging.WARNING, logger="jobfit"):
        again = train(
            PairSet.from_pairs(splits.train),
            PairSet.from_pairs(splits.val),
            resumed_out,
            cfg,
            triplets=triplets,
        )
    assert "resuming the interrupted run" in caplog.text
    assert again.steps == 4
    assert not (resumed_out / "checkpoints").exists()
