"""Scorers and readers of claimgraph.eval.claims (Emergent, B³, SICK mapping)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from claimgraph.errors import CorpusError
from claimgraph.eval.claims import (
    b_cubed,
    claim_folds,
    read_emergent,
    sick_gold,
    stance_report,
    threshold_cv,
)


@pytest.mark.parametrize(
    ("gold", "predicted", "precision", "recall"),
    [
        (["a", "a", "b"], [0, 0, 1], 1.0, 1.0),
        (["a", "a", "b"], [0, 1, 2], 1.0, (1 / 2 + 1 / 2 + 1) / 3),
        (["a", "a", "b"], [0, 0, 0], (2 / 3 + 2 / 3 + 1 / 3) / 3, 1.0),
    ],
)
def test_b_cubed_precision_and_recall(
    gold: list[str], predicted: list[int], precision: float, recall: float
) -> None:
    score = b_cubed(gold, predicted)
    assert (score.precision, score.recall) == pytest.approx((precision, recall))
    assert score.n_clusters == len(set(predicted))


def test_claim_folds_keep_every_claim_in_one_fold() -> None:
    ids = [c for c in "aabbbcdddeeffg" for _ in range(2)]
    folds = claim_folds(ids, 3, seed=1)
    for claim in set(ids):
        assert len({f for f, c in zip(folds, ids, strict=True) if c == claim}) == 1
    assert set(folds) == {0, 1, 2}
    assert claim_folds(ids, 3, seed=1) == folds


@pytest.mark.parametrize(
    ("gold", "predicted", "accuracy"),
    [
        (["supports", "refutes"], ["supports", "observes"], 0.5),
        (["neutral", "neutral", "neutral"], ["observes", "unrelated", "supports"], 2 / 3),
    ],
)
def test_stance_report_accuracy_counts_neutral_as_neither_side(
    gold: list[str], predicted: list[str], accuracy: float
) -> None:
    labels = ("supports", "refutes", "neutral") if "neutral" in gold else ("supports", "refutes")
    assert stance_report(gold, predicted, labels).accuracy == pytest.approx(accuracy)


def test_macro_f1_is_the_mean_of_label_f1() -> None:
    report = stance_report(
        ["supports", "refutes", "observes"], ["supports", "supports", "observes"]
    )
    assert report.macro_f1 == pytest.approx((2 / 3 + 0.0 + 1.0) / 3)


def test_read_emergent_maps_stances(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text(
        "id,claimHeadline,articleHeadline,articleHeadlineStance,articleId,claimId\n"
        '0,C,"H, one",for,a,c1\n1,C,H2,against,b,c1\n2,D,H3,observing,c,c2\n',
        encoding="utf-8",
    )
    rows = read_emergent(path)
    assert [(r.claim_id, r.headline, r.stance) for r in rows] == [
        ("c1", "H, one", "supports"),
        ("c1", "H2", "refutes"),
        ("c2", "H3", "observes"),
    ]


@pytest.mark.parametrize("content", ["", "a,b\n1,2\n"])
def test_read_emergent_rejects_other_files(tmp_path: Path, content: str) -> None:
    path = tmp_path / "x.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError):
        read_emergent(path)


def test_sick_judgments_map_to_stances() -> None:
    assert [sick_gold(j) for j in ("ENTAILMENT", "CONTRADICTION", "NEUTRAL")] == [
        "supports",
        "refutes",
        "neutral",
    ]
    with pytest.raises(CorpusError):
        sick_gold("MAYBE")


def test_threshold_cv_picks_a_threshold_that_separates_the_claims() -> None:
    gold = ["a", "a", "b", "b", "c", "c", "d", "d"]
    scores = np.full((8, 8), 0.05)
    for i in range(0, 8, 2):
        scores[i, i + 1] = scores[i + 1, i] = 0.3
    np.fill_diagonal(scores, 1.0)
    result = threshold_cv(gold, scores, [0, 0, 1, 1, 0, 0, 1, 1], (0.1, 0.5))
    assert result.thresholds == (0.1, 0.1)
    assert result.pooled.f1 == pytest.approx(1.0)
