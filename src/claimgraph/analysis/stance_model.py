"""The learned stance combination, shipped as ``data/stance_model.json``:
two small softmax regressions over :mod:`claimgraph.analysis.stance_features`.

1. **relatedness** — P(unrelated) from the similarity features (cosine,
   word and name coverage) and the contradiction signals (a scoped denial,
   an antonym, numbers that disagree: a contradiction is about the claim);
2. **stance** — P(supports | refutes | observes), given the text is about the
   claim, from the cue features only (denial, negation, hedges, reporting
   verbs, sources, questions, factive verbs): the cues decide what the text
   does with the claim, the similarity only whether it is about it.

``P(unrelated) = r``; ``P(label) = (1 − r) · P_stance(label)`` for the other
three. The weights are fitted by ``scripts/train_stance_model.py`` (seeded,
reproducible) on Emergent dev headlines, SICK train+trial pairs and
headline/claim pairs of different Emergent claims; ``docs/analysis.md`` has
the recipe and the cross-validated figures. Inference is numpy only.
:meth:`StanceModel.explain` says which features pushed a decision.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from claimgraph.analysis.stance_features import FEATURES
from claimgraph.data import read_data
from claimgraph.errors import ModelError

MODEL_FILE = "stance_model.json"
#: The labels, in the order of :meth:`StanceModel.probabilities` columns.
MODEL_LABELS = ("supports", "refutes", "observes", "unrelated")
STANCE_LABELS = MODEL_LABELS[:3]
#: The similarity features (everything up to ``rule_related``) and the
#: contradiction signals: a contradiction is about the claim.
RELATEDNESS_FEATURES = (
    *FEATURES[: FEATURES.index("rule_related") + 1],
    "scoped_denial",
    "antonym",
    "number_conflict",
)
STANCE_FEATURES = ("rule_denial", "rule_reported", *FEATURES[FEATURES.index("scoped_denial") :])

Matrix = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Softmax:
    """Softmax regression over standardised columns ``features`` of a row."""

    features: tuple[str, ...]
    weights: Matrix  # (labels, features)
    bias: Matrix
    mean: Matrix
    scale: Matrix

    @property
    def columns(self) -> list[int]:
        return [FEATURES.index(f) for f in self.features]

    def standardise(self, rows: Matrix) -> Matrix:
        return np.asarray((rows[:, self.columns] - self.mean) / self.scale, dtype=np.float64)

    def probabilities(self, rows: Matrix) -> Matrix:
        z = self.standardise(rows) @ self.weights.T + self.bias
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return np.asarray(e / e.sum(axis=1, keepdims=True), dtype=np.float64)

    def explain(self, row: Matrix, k: int, top: int) -> list[tuple[str, float]]:
        x = self.standardise(row.reshape(1, -1))[0]
        others = np.delete(self.weights, k, axis=0).mean(axis=0)
        contribution = (self.weights[k] - others) * x
        order = np.argsort(-contribution)
        return [
            (self.features[i], float(contribution[i])) for i in order[:top] if contribution[i] > 0
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "weights": [[round(float(w), 6) for w in row] for row in self.weights],
            "bias": [round(float(b), 6) for b in self.bias],
            "mean": [round(float(m), 6) for m in self.mean],
            "scale": [round(float(s), 6) for s in self.scale],
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any], n_labels: int) -> Softmax:
        features = tuple(str(f) for f in raw["features"])
        unknown = [f for f in features if f not in FEATURES]
        if unknown:
            raise ValueError(f"unknown features {unknown}")
        part = cls(
            features=features,
            weights=np.asarray(raw["weights"], dtype=np.float64),
            bias=np.asarray(raw["bias"], dtype=np.float64),
            mean=np.asarray(raw["mean"], dtype=np.float64),
            scale=np.asarray(raw["scale"], dtype=np.float64),
        )
        shapes = (part.weights.shape, part.bias.shape, part.mean.shape, part.scale.shape)
        k = len(features)
        if shapes != ((n_labels, k), (n_labels,), (k,), (k,)):
            raise ValueError(f"array shapes {shapes} do not fit {n_labels} labels × {k} features")
        return part


@dataclass(frozen=True)
class StanceModel:
    """The relatedness part (2 labels: related, unrelated) and the stance part
    (supports, refutes, observes)."""

    relatedness: Softmax
    stance: Softmax
    meta: dict[str, Any] = field(default_factory=dict)

    def probabilities(self, rows: Matrix) -> Matrix:
        """P(label) in :data:`MODEL_LABELS` order, one row of :data:`FEATURES` per pair."""
        unrelated = self.relatedness.probabilities(rows)[:, 1]
        stance = self.stance.probabilities(rows)
        return np.column_stack([stance * (1.0 - unrelated)[:, None], unrelated])

    def explain(self, row: Matrix, label: str, top: int = 3) -> list[tuple[str, float]]:
        """The features that most raised ``label`` over the other labels of its
        part for this ``row``: (feature, contribution to the log-odds), largest first."""
        if label == "unrelated":
            return self.relatedness.explain(row, 1, top)
        return self.stance.explain(row, STANCE_LABELS.index(label), top)

    def to_json(self) -> str:
        return json.dumps(
            {
                "labels": list(MODEL_LABELS),
                "relatedness": self.relatedness.to_dict(),
                "stance": self.stance.to_dict(),
                "meta": self.meta,
            },
            indent=1,
        )

    @classmethod
    def from_json(cls, text: str) -> StanceModel:
        try:
            raw = json.loads(text)
            if tuple(raw["labels"]) != MODEL_LABELS:
                raise ValueError(f"labels {raw['labels']} are not {list(MODEL_LABELS)}")
            return cls(
                relatedness=Softmax.from_dict(raw["relatedness"], 2),
                stance=Softmax.from_dict(raw["stance"], len(STANCE_LABELS)),
                meta=dict(raw.get("meta", {})),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ModelError(
                f"the stance model is malformed ({exc}); "
                "rebuild it with scripts/train_stance_model.py or reinstall claimgraph"
            ) from exc


@lru_cache(maxsize=1)
def load_stance_model() -> StanceModel:
    """The packaged model (cached)."""
    return StanceModel.from_json(read_data(MODEL_FILE))


def fit_softmax(
    rows: Matrix,
    y: npt.NDArray[np.int64],
    features: tuple[str, ...],
    n_labels: int,
    *,
    sample_weight: Matrix | None = None,
    l2: float = 1e-3,
    iterations: int = 2000,
    learning_rate: float = 0.5,
    seed: int = 0,
) -> Softmax:
    """Fit softmax regression on the ``features`` columns of ``rows`` (full
    :data:`FEATURES` rows) by full-batch gradient descent on standardised
    values; deterministic (``seed`` sets the initial weights)."""
    x = rows[:, [FEATURES.index(f) for f in features]]
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    xs = (x - mean) / scale
    rng = np.random.default_rng(seed)
    w = rng.normal(0.0, 0.01, size=(n_labels, x.shape[1]))
    b = np.zeros(n_labels)
    onehot = np.eye(n_labels)[y]
    sw = np.ones(len(y)) if sample_weight is None else sample_weight
    total = float(sw.sum())
    for _ in range(iterations):
        z = xs @ w.T + b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - onehot) * sw[:, None] / total
        w -= learning_rate * (g.T @ xs + l2 * w)
        b -= learning_rate * g.sum(axis=0)
    return Softmax(features, w, b, mean, scale)
