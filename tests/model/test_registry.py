"""Which model a command uses when none is named."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobfit.model.registry import default_model


def test_best_trained_model_here_else_base_with_a_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("JOBFIT_MODEL", raising=False)
    fallback = default_model(root=tmp_path)
    assert fallback.model == "base"
    assert str(tmp_path / "models") in fallback.reason
    assert "make model" in fallback.reason
    assert "$JOBFIT_MODEL" in fallback.reason
    for name in ("seed", "default"):
        (tmp_path / "models" / name).mkdir(parents=True)
        (tmp_path / "models" / name / "modules.json").write_text("[]")
    assert default_model(root=tmp_path).model == str(tmp_path / "models" / "default")
    monkeypatch.setenv("JOBFIT_MODEL", "base")
    assert default_model(root=tmp_path).model == "base"
    assert default_model("models/x", root=tmp_path).model == "models/x"
