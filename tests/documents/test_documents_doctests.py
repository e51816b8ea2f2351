"""Runs the `Example:` blocks of the documents modules, so the docs cannot rot."""

from __future__ import annotations

import doctest
import tempfile
from pathlib import Path
from types import ModuleType

import pytest

from jobfit.documents import clean, collections, model, readers


@pytest.mark.parametrize("module", [clean, collections, model, readers], ids=lambda m: m.__name__)
def test_docstring_examples_run(
    module: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # examples use tempfile.mkdtemp()
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
