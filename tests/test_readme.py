"""The README's front door: exactly two quick-start commands, both real Makefile targets."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_quick_start_is_make_demo_then_make_test() -> None:
    readme = (ROOT / "README.md").read_text()
    quick = readme.split("## Quick start")[1].split("##")[0]
    blocks = re.findall(r"```bash\n(.*?)```", quick, re.S)
    assert [line for line in blocks[0].splitlines() if line.strip()] == ["make demo", "make test"]


def test_makefile_targets_install_and_run() -> None:
    makefile = (ROOT / "Makefile").read_text()
    for target in ("demo:", "test:", "check:", "bench:"):
        assert re.search(rf"^{target}", makefile, re.M), target
    assert "torch==2.13.0" in makefile
    assert "HF_HUB_OFFLINE := 1" in makefile
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci
