"""The package layout: no two modules import each other, and layers import one way."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import jobfit

ROOT = Path(jobfit.__file__).parent


def _imports() -> dict[str, set[str]]:
    """Every jobfit module and the jobfit modules it imports, at any depth of its code."""
    graph: dict[str, set[str]] = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("jobfit")
            ):
                deps.add(node.module)
            elif isinstance(node, ast.Import):
                deps.update(a.name for a in node.names if a.name.startswith("jobfit"))
        graph[name] = deps - {name}
    return graph


def test_no_two_modules_import_each_other() -> None:
    graph = _imports()
    pairs = sorted(
        (a, b) for a, deps in graph.items() for b in deps if a < b and a in graph.get(b, set())
    )
    assert pairs == []


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("jobfit.encoding", ("jobfit.matching", "jobfit.index", "jobfit.api", "jobfit.cli")),
        ("jobfit.documents", ("jobfit.matching", "jobfit.encoding", "jobfit.index", "jobfit.cli")),
        ("jobfit.matching", ("jobfit.index", "jobfit.api", "jobfit.cli")),
    ],
)
def test_layers_import_one_way(package: str, forbidden: tuple[str, ...]) -> None:
    graph = _imports()
    bad = sorted(
        (name, dep)
        for name, deps in graph.items()
        if name.startswith(package)
        for dep in deps
        if dep.startswith(forbidden)
    )
    assert bad == []
