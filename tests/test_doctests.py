"""Every module's `Example:` blocks run, so the documented usage cannot rot."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import tempfile
from pathlib import Path

import pytest

import jobfit

SKIP = {"jobfit.cli", "jobfit.demo"}
MODULES = sorted(
    m.name for m in pkgutil.walk_packages(jobfit.__path__, "jobfit.") if m.name not in SKIP
)


@pytest.mark.parametrize("name", ["jobfit", *MODULES])
def test_examples_run(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
