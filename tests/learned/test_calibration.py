"""Confidence calibration: Platt scaling, ECE, and what counts as right."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.eval.scoring import expected_calibration_error, is_right
from claimgraph.learned.calibration import Calibration, fit_platt
from claimgraph.records import Attribution, Segment


def seg(start: int, end: int) -> tuple[Segment, ...]:
    return (Segment(start, end, "x" * (end - start)),)


def att(source: tuple[int, int] | None, content: tuple[int, int]) -> Attribution:
    return Attribution(
        id="a1",
        kind="indirect",
        source=seg(*source) if source else (),
        cue=seg(100, 104),
        content=seg(*content),
    )


@pytest.mark.parametrize(
    ("predicted", "gold", "right"),
    [
        pytest.param(att((0, 5), (10, 20)), [att((0, 5), (12, 30))], True, id="overlaps"),
        pytest.param(att((0, 5), (10, 20)), [att((40, 45), (12, 30))], False, id="wrong-source"),
        pytest.param(att((0, 5), (10, 20)), [att((0, 5), (50, 60))], False, id="wrong-content"),
        pytest.param(att(None, (10, 20)), [att(None, (15, 25))], True, id="both-sourceless"),
        pytest.param(att(None, (10, 20)), [att((0, 5), (15, 25))], False, id="missing-source"),
        pytest.param(att((0, 5), (10, 20)), [], False, id="no-gold"),
    ],
)
def test_is_right(predicted: Attribution, gold: list[Attribution], right: bool) -> None:
    assert is_right(predicted, gold) is right


@pytest.mark.parametrize(
    ("confidences", "labels", "expected"),
    [
        pytest.param([1.0, 1.0], [True, True], 0.0, id="perfect"),
        pytest.param([0.9, 0.9], [False, False], 0.9, id="overconfident"),
        pytest.param([0.25, 0.25, 0.25, 0.25], [True, False, False, False], 0.0, id="calibrated"),
        pytest.param([0.15, 0.85], [True, False], 0.85, id="two-bins"),
        pytest.param([], [], 0.0, id="empty"),
    ],
)
def test_expected_calibration_error(
    confidences: list[float], labels: list[bool], expected: float
) -> None:
    assert expected_calibration_error(confidences, labels) == pytest.approx(expected)


def test_platt_scaling_fits_a_separable_trend() -> None:
    scores = [0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9] * 5
    labels = [False, False, True, False, True, False, True, True] * 5
    a, b = fit_platt(scores, labels)
    cal = Calibration(a=a, b=b)
    assert a > 0
    assert cal.learned(0.1) < 0.5 < cal.learned(0.9)
    predicted = sum(cal.learned(x) for x in scores)
    assert predicted == pytest.approx(sum(labels), rel=1e-3)  # logistic fit matches the base rate


def test_platt_with_one_class_is_the_identity_curve() -> None:
    assert fit_platt([0.2, 0.8], [True, True]) == (1.0, 0.0)


def test_calibration_round_trips(tmp_path: Path) -> None:
    cal = Calibration(a=2.5, b=-1.0, rules={"verb": 0.7})
    cal.save(tmp_path)
    assert Calibration.load(tmp_path) == cal
    assert Calibration.load(tmp_path / "missing") is None
    assert cal.rule("verb") == 0.7
    assert cal.rule("unknown") is None
