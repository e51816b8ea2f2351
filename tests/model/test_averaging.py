"""Weight averaging with the starting model (WiSE-FT): the arithmetic on small modules, and a
real tiny training run whose saved weights are the average of the trained and base weights."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from jobfit.config import TrainConfig
from jobfit.errors import ConfigError

if TYPE_CHECKING:
    import torch


def _pair() -> tuple[torch.nn.Embedding, torch.nn.Embedding]:
    import torch

    torch.manual_seed(0)
    tuned, start = torch.nn.Embedding(4, 3), torch.nn.Embedding(4, 3)
    tuned.register_buffer("ids", torch.arange(4))
    start.register_buffer("ids", torch.zeros(4, dtype=torch.long))
    return tuned, start


def test_average_weights_mixes_floats_and_keeps_integer_buffers() -> None:
    import torch

    from jobfit.model.averaging import average_weights

    tuned, start = _pair()
    t0, s0 = tuned.weight.detach().clone(), start.weight.detach().clone()
    average_weights(tuned, start, 0.75)
    assert torch.allclose(tuned.weight, 0.75 * t0 + 0.25 * s0)
    assert tuned.state_dict()["ids"].tolist() == [0, 1, 2, 3]
    assert torch.equal(start.weight, s0)

    tuned, start = _pair()
    average_weights(tuned, start, 0.0)
    assert torch.equal(tuned.weight, start.weight)
    tuned, start = _pair()
    before = tuned.weight.detach().clone()
    average_weights(tuned, start, 1.0)
    assert torch.equal(tuned.weight, before)


def test_average_weights_refuses_bad_alpha_and_other_architectures() -> None:
    import torch

    from jobfit.model.averaging import average_weights

    tuned, start = _pair()
    with pytest.raises(ConfigError, match=r"between 0 .* got 1\.5"):
        average_weights(tuned, start, 1.5)
    with pytest.raises(ConfigError, match="different architectures"):
        average_weights(tuned, torch.nn.Embedding(5, 3), 0.5)


def test_recipes_choose_their_averaging() -> None:
    from pydantic import ValidationError

    assert TrainConfig.for_recipe("seed").average_with_base == 1.0  # the seed card's recipe
    assert TrainConfig.for_recipe("default").average_with_base == 0.75
    with pytest.raises(ValidationError, match="average_with_base"):
        TrainConfig(average_with_base=1.2)


@pytest.mark.slow
def test_training_saves_the_average_of_trained_and_base_weights(tmp_path: Path) -> None:
    import torch

    from jobfit.data.pairs import PairSet
    from jobfit.data.seed_generator import generate_seed_pairs
    from jobfit.model.base import load_sentence_transformer
    from jobfit.model.train import train

    splits = generate_seed_pairs(seed=5, train_size=16, val_size=9, test_size=1)
    pairs, val = PairSet.from_pairs(splits.train), PairSet.from_pairs(splits.val)
    runs = {}
    for alpha in (1.0, 0.5):
        cfg = TrainConfig(epochs=1, threads=1, average_with_base=alpha)
        runs[alpha] = train(pairs, val, tmp_path / str(alpha), cfg)

    trained = load_sentence_transformer(tmp_path / "1.0").state_dict()
    averaged = load_sentence_transformer(tmp_path / "0.5").state_dict()
    base = load_sentence_transformer("base").state_dict()
    name = "0.model.encoder.layer.0.attention.self.query.weight"
    assert name in averaged
    assert not torch.equal(trained[name], base[name])  # training moved the weights
    for key, value in averaged.items():
        if value.is_floating_point():
            assert torch.allclose(value, 0.5 * trained[key] + 0.5 * base[key], atol=1e-6), key

    info = json.loads((tmp_path / "0.5" / "jobfit_train.json").read_text())
    assert info["config"]["average_with_base"] == 0.5
    assert info["tuned_metrics"] == pytest.approx(
        runs[1.0].metrics
    )  # the same run, before averaging
    assert info["metrics"] != info["tuned_metrics"]
    card = (tmp_path / "0.5" / "README.md").read_text()
    assert "(`base`): 0.5 x trained + 0.5 x start" in card
    assert (
        "averaged"
        not in (tmp_path / "1.0" / "README.md")
        .read_text()
        .split("jobfit run")[1]
        .split("| Metric")[0]
    )
