"""The learned stance combination: JSON round trip, checks, fitting, explanations."""

from __future__ import annotations

import numpy as np
import pytest

from claimgraph.analysis.stance_features import FEATURES
from claimgraph.analysis.stance_model import (
    MODEL_LABELS,
    RELATEDNESS_FEATURES,
    STANCE_FEATURES,
    Softmax,
    StanceModel,
    fit_softmax,
    load_stance_model,
)
from claimgraph.errors import ModelError


def _part(features: tuple[str, ...], n_labels: int, seed: int) -> Softmax:
    rng = np.random.default_rng(seed)
    k = len(features)
    return Softmax(
        features, rng.normal(size=(n_labels, k)), rng.normal(size=n_labels), np.zeros(k), np.ones(k)
    )


def _model() -> StanceModel:
    return StanceModel(
        _part(RELATEDNESS_FEATURES, 2, 1), _part(STANCE_FEATURES, 3, 2), {"note": "test"}
    )


def test_json_round_trip_keeps_the_probabilities() -> None:
    model = _model()
    again = StanceModel.from_json(model.to_json())
    rows = np.random.default_rng(0).random((5, len(FEATURES)))
    assert again.probabilities(rows) == pytest.approx(model.probabilities(rows), abs=1e-5)
    assert again.meta == {"note": "test"}


@pytest.mark.parametrize(
    "broken",
    [
        "not json",
        '{"labels": ["supports"]}',
        '{"labels": ["supports", "refutes", "observes", "unrelated"], '
        '"relatedness": {"features": ["no_such_feature"], "weights": [[1], [1]], '
        '"bias": [0, 0], "mean": [0], "scale": [1]}, "stance": {}}',
        '{"labels": ["supports", "refutes", "observes", "unrelated"], '
        '"relatedness": {"features": ["cosine"], "weights": [[1]], '
        '"bias": [0, 0], "mean": [0], "scale": [1]}, "stance": {}}',
    ],
)
def test_malformed_model_is_a_model_error(broken: str) -> None:
    with pytest.raises(ModelError, match="train_stance_model"):
        StanceModel.from_json(broken)


def test_probabilities_are_distributions_and_unrelated_comes_from_relatedness() -> None:
    rows = np.random.default_rng(1).random((4, len(FEATURES))) * 10
    model = load_stance_model()
    p = model.probabilities(rows)
    assert p.shape == (4, len(MODEL_LABELS))
    assert p.sum(axis=1) == pytest.approx(np.ones(4))
    assert p[:, 3] == pytest.approx(model.relatedness.probabilities(rows)[:, 1])


def test_fit_softmax_learns_a_separable_rule_and_is_deterministic() -> None:
    rng = np.random.default_rng(0)
    rows = rng.random((200, len(FEATURES)))
    chosen = ("cosine", "coverage", "back_coverage")
    y = np.asarray(rows[:, :3].argmax(axis=1), dtype=np.int64)
    a = fit_softmax(rows, y, chosen, 3, iterations=500, seed=2)
    b = fit_softmax(rows, y, chosen, 3, iterations=500, seed=2)
    assert np.array_equal(a.weights, b.weights)
    assert float((a.probabilities(rows).argmax(axis=1) == y).mean()) > 0.9


def test_explain_names_the_features_that_raised_the_label() -> None:
    k = STANCE_FEATURES.index("denial_word")
    weights = np.zeros((3, len(STANCE_FEATURES)))
    weights[1, k] = 2.0  # refutes
    stance = Softmax(
        STANCE_FEATURES,
        weights,
        np.zeros(3),
        np.zeros(len(STANCE_FEATURES)),
        np.ones(len(STANCE_FEATURES)),
    )
    model = StanceModel(_part(RELATEDNESS_FEATURES, 2, 1), stance)
    row = np.zeros(len(FEATURES))
    row[FEATURES.index("denial_word")] = 1.0
    assert [name for name, _ in model.explain(row, "refutes")] == ["denial_word"]
    assert model.explain(row, "supports") == []
