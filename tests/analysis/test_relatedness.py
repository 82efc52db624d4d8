"""The relatedness model: fitting, AUC, the packaged weights, the pair readers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from claimgraph.analysis.relatedness import (
    FEATURES,
    RelatednessModel,
    features,
    fit_logistic,
    load_relatedness_model,
    roc_auc,
)
from claimgraph.errors import CorpusError, ModelError
from claimgraph.eval.pairs import read_msrp, read_sick, read_sts


@pytest.mark.parametrize(
    ("scores", "labels", "expected"),
    [
        ([0.9, 0.8, 0.2, 0.1], [True, True, False, False], 1.0),
        ([0.1, 0.2, 0.8, 0.9], [True, True, False, False], 0.0),
        ([0.5, 0.5], [True, False], 0.5),
        ([0.9, 0.3, 0.6, 0.1], [True, False, True, True], 2 / 3),
    ],
)
def test_roc_auc(scores: list[float], labels: list[bool], expected: float) -> None:
    assert roc_auc(scores, labels) == pytest.approx(expected)


def test_auc_needs_both_classes() -> None:
    with pytest.raises(ValueError):
        roc_auc([0.1, 0.2], [True, True])


def test_fit_separates_and_is_deterministic() -> None:
    x = np.array([[0.1, 0.0], [0.2, 0.1], [0.8, 0.9], [0.9, 1.0]])
    y = np.array([0.0, 0.0, 1.0, 1.0])
    first = fit_logistic(x, y, seed=1)
    assert first == fit_logistic(x, y, seed=1)
    model = RelatednessModel(weights=first[0], bias=first[1], meta={})
    assert model.probability([0.9, 1.0]) > 0.5 > model.probability([0.1, 0.0])


def test_packaged_model_grows_with_similarity_and_coverage() -> None:
    model = load_relatedness_model()
    points = ((0.1, 0.0), (0.6, 0.5), (0.9, 1.0))
    low, mid, high = (model.probability(features(c, v)) for c, v in points)
    assert low < 0.5 < high and low < mid < high
    assert RelatednessModel.from_json(model.to_json()) == model


def test_malformed_model_is_a_model_error() -> None:
    with pytest.raises(ModelError, match="relatedness model"):
        RelatednessModel.from_json('{"features": ["cosine"], "weights": [1], "bias": 0}')
    assert len(FEATURES) == 3


def test_pair_readers(tmp_path: Path) -> None:
    sts = tmp_path / "sts.tsv"
    sts.write_text("4.2\tA cat sat.\tA cat was sitting.\n\tno score\tskipped\n", encoding="utf-8")
    msrp = tmp_path / "msrp.tsv"
    msrp.write_text("\ufeffQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\n1\t1\t2\tA\tB\n")
    sick = tmp_path / "sick.txt"
    sick.write_text("pair_ID\tsentence_A\tsentence_B\tscore\tjudgment\n1\tA\tB\t4.5\tNEUTRAL\n")
    assert [(p.a, p.label) for p in read_sts(sts)] == [("A cat sat.", "4.2")]
    assert [(p.a, p.b, p.label) for p in read_msrp(msrp)] == [("A", "B", "1")]
    assert [p.label for p in read_sick(sick)] == ["NEUTRAL"]
    with pytest.raises(CorpusError, match="missing"):
        read_sts(tmp_path / "absent.tsv")
