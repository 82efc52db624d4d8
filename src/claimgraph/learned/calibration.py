"""Calibrated confidence: a probability that an attribution is right.

- A learned attribution's raw score is the CRF's mean marginal probability of
  its tagged cue and content tokens; Platt scaling (a logistic curve fitted on
  train articles the model did not see) maps it to a probability.
- A rule attribution's confidence is its rule's precision on those same
  held-out train articles.

"Right" means: its content and source overlap those of a gold attribution
(the linked content+source criterion of ``docs/evaluation.md``, without the
one-to-one constraint).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

CALIBRATION_FILE = "calibration.json"


@dataclass(frozen=True, slots=True)
class Calibration:
    """Platt parameters for learned scores and per-rule precisions."""

    a: float = 1.0
    b: float = 0.0
    rules: dict[str, float] = field(default_factory=dict)

    def learned(self, raw: float) -> float:
        return _sigmoid(self.a * raw + self.b)

    def rule(self, name: str) -> float | None:
        return self.rules.get(name)

    def save(self, model_dir: Path) -> None:
        data = {"a": self.a, "b": self.b, "rules": self.rules}
        (model_dir / CALIBRATION_FILE).write_text(json.dumps(data, indent=2) + "\n", "utf-8")

    @classmethod
    def load(cls, model_dir: Path) -> Calibration | None:
        path = model_dir / CALIBRATION_FILE
        if not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            float(data["a"]), float(data["b"]), {k: float(v) for k, v in data["rules"].items()}
        )


def fit_platt(
    scores: Sequence[float], labels: Sequence[bool], steps: int = 500
) -> tuple[float, float]:
    """Logistic regression of ``labels`` on ``scores`` (Newton's method)."""
    if not scores or all(labels) or not any(labels):
        return 1.0, 0.0
    a, b = 1.0, 0.0
    for _ in range(steps):
        ga = gb = haa = hab = hbb = 0.0
        for x, y in zip(scores, labels, strict=True):
            p = _sigmoid(a * x + b)
            r = p - (1.0 if y else 0.0)
            w = max(p * (1 - p), 1e-9)
            ga += r * x
            gb += r
            haa += w * x * x
            hab += w * x
            hbb += w
        det = haa * hbb - hab * hab
        if abs(det) < 1e-12:
            break
        da = (hbb * ga - hab * gb) / det
        db = (haa * gb - hab * ga) / det
        a, b = a - da, b - db
        if abs(da) < 1e-9 and abs(db) < 1e-9:
            break
    return a, b


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)
