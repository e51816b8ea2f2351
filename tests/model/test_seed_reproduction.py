"""The seed model card reproduced with the real base model: quality, card, usage, determinism."""

from __future__ import annotations

import json
import re
import runpy
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from jobfit.config import SEED_CARD_METRICS

pytestmark = pytest.mark.slow
FIXTURES = Path(__file__).parent.parent / "fixtures"


def _run_info(model_dir: Path) -> dict[str, object]:
    return json.loads((model_dir / "jobfit_train.json").read_text())


def test_quality_at_least_the_seed_cards(seed_model: Path) -> None:
    info = _run_info(seed_model)
    metrics = info["metrics"]
    base = info["base_metrics"]
    assert isinstance(metrics, dict)
    assert isinstance(base, dict)
    assert metrics["pearson_cosine"] >= SEED_CARD_METRICS["pearson_cosine"]
    # The card's Spearman is the binary-label ceiling sqrt(3)/2; equal up to float rounding.
    assert metrics["spearman_cosine"] >= SEED_CARD_METRICS["spearman_cosine"] - 1e-9
    assert metrics["pearson_cosine"] > base["pearson_cosine"]
    assert info["steps"] == 21
    calibration = json.loads((seed_model / "jobfit_calibration.json").read_text())
    assert 0.0 <= calibration["low"] < 0.5 < calibration["high"] <= 1.0


def test_model_dir_loads_with_plain_sentence_transformers(seed_model: Path) -> None:
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(seed_model))
    assert model.max_seq_length == 256
    assert model.get_embedding_dimension() == 384
    names = [type(m).__name__ for m in model]
    assert names == ["Transformer", "Pooling", "Normalize"]
    assert model[1].get_config_dict()["pooling_mode"] == "mean"
    cfg = json.loads((seed_model / "jobfit_train.json").read_text())["config"]
    assert cfg["batch_size"] == 16
    assert cfg["learning_rate"] == 5e-5
    assert cfg["epochs"] == 3
    assert cfg["seed"] == 42


def test_model_card_has_the_seed_cards_structure(seed_model: Path) -> None:
    card = (seed_model / "README.md").read_text()
    front = card.split("---")[1]
    for key in (
        "tags:",
        "base_model: sentence-transformers/all-MiniLM-L6-v2",
        "widget:",
        "pipeline_tag: sentence-similarity",
        "library_name: sentence-transformers",
        "metrics:",
        "model-index:",
    ):
        assert key in front, key
    for tag in (
        "dataset_size:100",
        "loss:CosineSimilarityLoss",
        "sentence-transformers",
        "generated_from_trainer",
    ):
        assert f"- {tag}" in front, tag
    assert "type: resume-job-val" in front
    assert "type: pearson_cosine" in front
    assert "type: spearman_cosine" in front
    for section in (
        "## Model Details",
        "### Full Model Architecture",
        "## Usage",
        "## Evaluation",
        "## Training Details",
        "### Training Hyperparameters",
        "### Training Logs",
        "### Framework Versions",
        "## Citation",
        "### jobfit run",
    ):
        assert section in card, section
    assert "finetuned from [sentence-transformers/all-MiniLM-L6-v2]" in card
    assert "c9745ed1d9f207416be6d2e6f8de32d1f16199bf" in card
    assert "`per_device_train_batch_size`: 16" in card
    assert "`learning_rate`: 5e-05" in card
    assert "`multi_dataset_batch_sampler`: round_robin" in card
    # training logs: one row per epoch, no "-1" rows from evaluations outside training
    log = card.split("### Training Logs")[1].split("###")[0]
    assert not re.search(r"\|\s*-1\s*\|", log)
    assert "sqrt(3)/2" in card


def test_the_cards_usage_snippet_runs_unchanged(
    seed_model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sentence_transformers

    source = (FIXTURES / "seed_card_usage.py").read_text()
    real = sentence_transformers.SentenceTransformer
    seen: dict[str, object] = {}

    def local(name: str, *args: object, **kwargs: object) -> object:
        assert name == "sentence_transformers_model_id"
        model = real(str(seed_model), *args, **kwargs)
        seen["model"] = model
        return model

    sentence_transformers.SentenceTransformer = local  # type: ignore[misc,assignment]
    try:
        scope = runpy.run_path(str(FIXTURES / "seed_card_usage.py"))
    finally:
        sentence_transformers.SentenceTransformer = real  # type: ignore[misc]
    assert "sentence_transformers_model_id" in source
    emb = scope["embeddings"]
    sim = np.asarray(scope["similarities"])
    assert emb.shape == (3, 384)
    assert sim.shape == (3, 3)
    assert np.allclose(np.diag(sim), 1.0, atol=1e-5)
    assert sim[0, 1] > sim[0, 2]  # the backend resume matches the backend job over the frontend job
    assert "(3, 384)" in capsys.readouterr().out


def test_evaluate_command_prints_one_json_object(
    seed_model: Path, seed_data: dict[str, Path]
) -> None:
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "jobfit.cli",
            "evaluate",
            "--model",
            str(seed_model),
            "--pairs",
            str(seed_data["test"]),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    for key in ("pearson_cosine", "spearman_cosine", "ndcg@10", "mrr@10", "map", "recall@10"):
        assert 0.0 <= out[key] <= 1.0, key
    assert out["ndcg@10"] > 0.5


def test_same_seed_same_metrics(
    seed_model: Path, seed_data: dict[str, Path], tmp_path: Path
) -> None:
    from jobfit.data.pairs import read_pairs
    from jobfit.model.train import train

    again = train(read_pairs(seed_data["train"]), read_pairs(seed_data["val"]), tmp_path / "again")
    first = _run_info(seed_model)["metrics"]
    assert isinstance(first, dict)
    for key, value in again.metrics.items():
        assert value == pytest.approx(first[key], abs=1e-6), key


def test_int8_backend_serves_a_model_trained_here(seed_model: Path) -> None:
    """A model saved by sentence-transformers 6 (new pooling config) exports, no torch fallback."""
    from jobfit.encoding.backends import load_encoder
    from jobfit.encoding.encoder import SentenceTransformerEncoder

    enc = load_encoder(seed_model, "onnx-int8")
    assert enc.name.startswith("onnx-int8:")
    assert enc.max_tokens == 256
    texts = [
        "Registered Nurse\nSkills: triage, charting",
        "Backend Software Engineer\nRequirements: python, sql",
    ]
    cos = (enc.encode(texts) * SentenceTransformerEncoder(seed_model).encode(texts)).sum(axis=1)
    assert float(cos.min()) > 0.97
