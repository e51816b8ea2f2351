"""Test isolation: offline, private caches, and a real seed model trained once per session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from jobfit_test_homes import share_exports

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ["TOKENIZERS_PARALLELISM"] = "false"
os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
os.environ["TQDM_DISABLE"] = "1"


@pytest.fixture(scope="session")
def _base_exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for the base model's ONNX exports, shared by every test's home: the
    export (about 12 s with its torch import) is made once per session, not once per test.
    Tests of exporting itself set a home of their own."""
    return tmp_path_factory.mktemp("onnx-exports")


@pytest.fixture(autouse=True)
def _isolated(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, _base_exports: Path
) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("JOBFIT_TEST_EXPORTS", str(_base_exports))
    monkeypatch.setenv("HF_HOME", str(home / "hf"))
    monkeypatch.setenv("JOBFIT_HOME", str(share_exports(home / "jobfit")))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def seed_data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The default generated splits (seed 42), written once."""
    from jobfit.data.seed_generator import generate_seed_pairs

    return generate_seed_pairs(seed=42).write(tmp_path_factory.mktemp("seed-data"))


@pytest.fixture(scope="session")
def seed_model(
    tmp_path_factory: pytest.TempPathFactory, seed_data: dict[str, Path]
) -> Iterator[Path]:
    """A real model fine-tuned from all-MiniLM-L6-v2 with the seed recipe (about a minute)."""
    from jobfit.data.pairs import read_pairs
    from jobfit.model.train import train

    out = tmp_path_factory.mktemp("seed-model") / "model"
    train(read_pairs(seed_data["train"]), read_pairs(seed_data["val"]), out)
    return out
