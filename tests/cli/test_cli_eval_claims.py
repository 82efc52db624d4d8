"""``claimgraph eval stance`` and ``claimgraph eval cluster`` on a small Emergent-style CSV."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.cli.main import main

CSV = (
    "id,claimHeadline,articleHeadline,articleHeadlineStance,articleId,claimId\n"
    "0,China is sending lethal aid to Russia,Report: China sending lethal aid to Russia,"
    "observing,a,c1\n"
    "1,China is sending lethal aid to Russia,China denies sending lethal aid to Russia,"
    "against,b,c1\n"
    "2,The central bank cut interest rates,Central bank cuts rates by half a point,for,c,c2\n"
)


@pytest.fixture
def emergent(tmp_path: Path) -> Path:
    path = tmp_path / "emergent.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


@pytest.mark.model
def test_eval_stance_prints_accuracy_and_macro_f1(emergent: Path) -> None:
    pytest.importorskip("onnxruntime")
    result = CliRunner().invoke(main, ["eval", "stance", "--data", str(emergent), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)["emergent"]
    assert report["n"] == 3
    assert set(report) >= {"accuracy", "macro_f1", "per_label", "confusion"}


@pytest.mark.model
def test_eval_cluster_prints_b_cubed(emergent: Path) -> None:
    pytest.importorskip("onnxruntime")
    result = CliRunner().invoke(main, ["eval", "cluster", "--data", str(emergent), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["headlines"], report["gold_clusters"]) == (3, 2)
    assert report["f1"] == pytest.approx(1.0)


@pytest.mark.parametrize("command", ["stance", "cluster"])
def test_missing_data_is_one_line(tmp_path: Path, command: str) -> None:
    result = CliRunner().invoke(main, ["eval", command, "--data", str(tmp_path / "none.csv")])
    assert result.exit_code == 1
    assert "missing" in result.output and "Traceback" not in result.output
