"""The input layer imports nothing from the stages after it (a layout rule)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

READ = Path(__file__).resolve().parents[2] / "src" / "claimgraph" / "read"
LATER = ("nlp", "extract", "learned", "analysis", "graph", "corpus", "batch", "web", "cli", "eval")


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("module", sorted(READ.glob("*.py")), ids=lambda p: p.name)
def test_read_imports_no_later_stage(module: Path) -> None:
    later = {f"claimgraph.{name}" for name in LATER}
    bad = {n for n in imported(module) if any(n == x or n.startswith(f"{x}.") for x in later)}
    assert not bad, f"{module.name} imports {sorted(bad)}"


def test_the_rule_sees_a_bad_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from claimgraph.batch.partitions import plan_inputs\n", encoding="utf-8")
    assert "claimgraph.batch.partitions" in imported(bad)
