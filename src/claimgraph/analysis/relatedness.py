"""Is a sentence about a claim? A tiny logistic model over two signals.

The signals are the cosine similarity of the two sentence embeddings
(all-MiniLM-L6-v2, :mod:`claimgraph.learned.embeddings`) and how much of the claim's
content words the sentence contains. The weights are fitted by
``scripts/train_stance_relatedness.py`` on the SemEval STS news-headline
pairs of 2013–2015 (a pair counts as related when its score is at least
:data:`RELATED_STS`) and ship as ``data/stance_relatedness.json``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from claimgraph.data import read_data
from claimgraph.errors import ModelError

#: STS score (0–5) from which a headline pair counts as "about the same claim":
#: 3 is "roughly equivalent, but some important information differs".
RELATED_STS = 3.0

FEATURES = ("cosine", "coverage", "cosine_x_coverage")
MODEL_FILE = "stance_relatedness.json"

Matrix = npt.NDArray[np.float64]


def features(cosine: float, coverage: float) -> tuple[float, float, float]:
    """The model's inputs for one (claim, sentence) pair.

    ``coverage`` is the share of the claim's content words found in the
    sentence (:func:`claimgraph.analysis.stance_signals.coverage`).
    """
    return (cosine, coverage, cosine * coverage)


@dataclass(frozen=True, slots=True)
class RelatednessModel:
    """Logistic regression: P(related) = sigmoid(weights · features + bias)."""

    weights: tuple[float, ...]
    bias: float
    meta: dict[str, Any]

    def probability(self, row: Sequence[float]) -> float:
        z = float(np.dot(np.asarray(self.weights), np.asarray(row))) + self.bias
        return float(1.0 / (1.0 + np.exp(-z)))

    def to_json(self) -> str:
        return json.dumps(
            {
                "features": list(FEATURES),
                "weights": list(self.weights),
                "bias": self.bias,
                "meta": self.meta,
            },
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str) -> RelatednessModel:
        try:
            raw = json.loads(text)
            if tuple(raw["features"]) != FEATURES:
                raise ValueError(f"features {raw['features']} are not {list(FEATURES)}")
            return cls(
                weights=tuple(float(w) for w in raw["weights"]),
                bias=float(raw["bias"]),
                meta=dict(raw.get("meta", {})),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ModelError(
                f"the relatedness model is malformed ({exc}); "
                "rebuild it with scripts/train_stance_relatedness.py or reinstall claimgraph"
            ) from exc


@lru_cache(maxsize=1)
def load_relatedness_model() -> RelatednessModel:
    """The packaged model (cached)."""
    return RelatednessModel.from_json(read_data(MODEL_FILE))


def fit_logistic(
    x: Matrix,
    y: npt.NDArray[np.float64],
    *,
    l2: float = 1e-3,
    iterations: int = 3000,
    learning_rate: float = 0.5,
    seed: int = 0,
) -> tuple[tuple[float, ...], float]:
    """Fit logistic regression by full-batch gradient descent (deterministic:
    ``seed`` only sets the initial weights). Returns (weights, bias)."""
    rng = np.random.default_rng(seed)
    w = np.asarray(rng.normal(0.0, 0.01, size=x.shape[1]), dtype=np.float64)
    b = 0.0
    n = float(len(y))
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        grad_w = x.T @ (p - y) / n + l2 * w
        grad_b = float(np.sum(p - y) / n)
        w = w - learning_rate * grad_w
        b -= learning_rate * grad_b
    return tuple(float(v) for v in w), b


def roc_auc(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """Area under the ROC curve (the probability that a random positive
    scores above a random negative; ties count half)."""
    s = np.asarray(scores, dtype=np.float64)
    y = np.asarray(labels, dtype=bool)
    pos, neg = s[y], s[~y]
    if len(pos) == 0 or len(neg) == 0:
        raise ValueError("AUC needs both positive and negative examples")
    greater = (pos[:, None] > neg[None, :]).sum()
    ties = (pos[:, None] == neg[None, :]).sum()
    return float((greater + 0.5 * ties) / (len(pos) * len(neg)))
