"""Test helper: JOBFIT_HOME folders that share the session's ONNX exports of the base model."""

from __future__ import annotations

import os
from pathlib import Path


def share_exports(home: Path) -> Path:
    """``home`` (a JOBFIT_HOME) with its ``onnx`` folder linked to the session's shared
    exports of the base model; ``home`` is returned. A test that passes a home of its own to
    a subprocess calls this to reuse the export. Outside a test (a session-scoped fixture
    starts before the per-test environment is set) the home is left as it is."""
    home.mkdir(parents=True, exist_ok=True)
    link = home / "onnx"
    shared = os.environ.get("JOBFIT_TEST_EXPORTS")
    if shared and not link.exists():
        link.symlink_to(shared, target_is_directory=True)
    return home
