"""Evaluation of claim-level functions (stance, same-claim clustering) on the
Emergent headlines and SICK; readers and scorers only, imported by the CLI
(``claimgraph eval stance``, ``claimgraph eval cluster``) and ``scripts/``,
never by run-time code.

- :func:`read_emergent` reads ``emergent/*.csv`` (``claimHeadline``,
  ``articleHeadline``, ``articleHeadlineStance``, ``claimId``); the gold
  stance maps ``for`` → supports, ``against`` → refutes, ``observing`` →
  observes.
- :func:`claim_folds` splits by claim (group k-fold: every headline of a
  claim in the same fold), deterministic for a seed.
- :func:`stance_report` gives accuracy, per-label P/R/F1, macro-F1 and the
  confusion matrix; :func:`b_cubed` the B³ precision/recall/F1 of a clustering.
- SICK (:func:`sick_gold`): the claim is sentence B and the text sentence A
  (the corpus judges whether A entails B); ENTAILMENT → supports,
  CONTRADICTION → refutes, NEUTRAL → neither (observes or unrelated both count
  as right: the text takes no position on the claim).
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from claimgraph.errors import CorpusError
from claimgraph.eval.shared import shared_path

EMERGENT_LABELS = {"for": "supports", "against": "refutes", "observing": "observes"}
STANCE_LABELS = ("supports", "refutes", "observes")
SICK_LABELS = {"ENTAILMENT": "supports", "CONTRADICTION": "refutes", "NEUTRAL": "neutral"}


@dataclass(frozen=True, slots=True)
class Headline:
    """One Emergent row: a headline, its claim and the gold stance."""

    claim_id: str
    claim: str
    headline: str
    stance: str


def default_emergent() -> Path:
    """``../shared/corpora/emergent/dev.csv`` (see :func:`~claimgraph.eval.shared.shared_path`)."""
    return shared_path("corpora", "emergent", "dev.csv")


def read_emergent(path: Path) -> list[Headline]:
    """The rows of an Emergent CSV, gold stance mapped to claimgraph labels."""
    if not path.is_file():
        raise CorpusError(f"{path} is missing; pass the Emergent CSV with --data")
    rows: list[Headline] = []
    try:
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                stance = EMERGENT_LABELS[row["articleHeadlineStance"].strip()]
                rows.append(
                    Headline(row["claimId"], row["claimHeadline"], row["articleHeadline"], stance)
                )
    except (KeyError, UnicodeDecodeError, csv.Error) as exc:
        raise CorpusError(f"{path} is not an Emergent CSV ({exc!r})") from exc
    if not rows:
        raise CorpusError(f"{path} has no rows")
    return rows


def claim_folds(claim_ids: Sequence[str], k: int, seed: int = 0) -> list[int]:
    """A fold number (0..k-1) for each row: whole claims are dealt to folds
    in a seeded random order, so no claim is in two folds."""
    distinct = sorted(set(claim_ids))
    order = np.random.default_rng(seed).permutation(len(distinct))
    fold_of = {distinct[int(j)]: n % k for n, j in enumerate(order)}
    return [fold_of[c] for c in claim_ids]


@dataclass(frozen=True)
class StanceReport:
    """Accuracy, per-label precision/recall/F1, macro-F1 and the confusion."""

    n: int
    accuracy: float
    per_label: dict[str, tuple[float, float, float, int]]
    macro_f1: float
    confusion: dict[str, dict[str, int]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "per_label": {
                k: {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "gold": n}
                for k, (p, r, f, n) in self.per_label.items()
            },
            "confusion": self.confusion,
        }

    def format_table(self) -> str:
        lines = [f"pairs: {self.n}, accuracy {self.accuracy:.3f}, macro-F1 {self.macro_f1:.3f}"]
        lines.append(f"{'':12} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}")
        for label, (p, r, f, n) in self.per_label.items():
            lines.append(f"{label:12} {p:6.3f} {r:6.3f} {f:6.3f} {n:6d}")
        predicted = sorted({p for row in self.confusion.values() for p in row})
        lines.append("confusion (rows gold, columns predicted): " + " ".join(predicted))
        for gold, row in self.confusion.items():
            lines.append(f"  {gold:10} " + " ".join(f"{row.get(p, 0):>5d}" for p in predicted))
        return "\n".join(lines)


def stance_report(
    gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str] = STANCE_LABELS
) -> StanceReport:
    """Score predicted labels against gold. A gold ``neutral`` (SICK) counts
    as right when the prediction is neither supports nor refutes."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")

    def right(g: str, p: str) -> bool:
        return p not in ("supports", "refutes") if g == "neutral" else g == p

    hits = sum(right(g, p) for g, p in zip(gold, predicted, strict=True))
    per_label: dict[str, tuple[float, float, float, int]] = {}
    for label in labels:
        tp = sum(g == label and right(g, p) for g, p in zip(gold, predicted, strict=True))
        if label == "neutral":
            n_pred = sum(p not in ("supports", "refutes") for p in predicted)
        else:
            n_pred = sum(p == label for p in predicted)
        n_gold = sum(g == label for g in gold)
        prec = tp / n_pred if n_pred else 0.0
        rec = tp / n_gold if n_gold else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per_label[label] = (prec, rec, f1, n_gold)
    counts = Counter(zip(gold, predicted, strict=True))
    confusion = {
        g: {p: counts[(g, p)] for p in sorted(set(predicted)) if counts[(g, p)]} for g in labels
    }
    return StanceReport(
        n=len(gold),
        accuracy=hits / len(gold) if gold else 0.0,
        per_label=per_label,
        macro_f1=sum(f for _, _, f, _ in per_label.values()) / len(per_label),
        confusion=confusion,
    )


@dataclass(frozen=True, slots=True)
class BCubed:
    """B³ precision, recall and F1 of a clustering, and the cluster counts."""

    precision: float
    recall: float
    f1: float
    n_clusters: int
    n_gold: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "clusters": self.n_clusters,
            "gold_clusters": self.n_gold,
        }


def b_cubed(gold: Sequence[str], predicted: Sequence[int]) -> BCubed:
    """B³ (Bagga & Baldwin 1998): per item, the share of its predicted cluster
    that shares its gold cluster (precision) and the share of its gold cluster
    that shares its predicted cluster (recall), averaged over items."""
    if len(gold) != len(predicted) or not gold:
        raise ValueError("B³ needs one predicted cluster per gold item, and at least one item")
    pair = Counter(zip(gold, predicted, strict=True))
    gold_size = Counter(gold)
    pred_size = Counter(predicted)
    precision = sum(pair[(g, p)] / pred_size[p] for g, p in zip(gold, predicted, strict=True))
    recall = sum(pair[(g, p)] / gold_size[g] for g, p in zip(gold, predicted, strict=True))
    n = len(gold)
    p, r = precision / n, recall / n
    return BCubed(p, r, 2 * p * r / (p + r) if p + r else 0.0, len(pred_size), len(gold_size))


def sick_gold(judgment: str) -> str:
    """The claimgraph label a SICK judgment corresponds to (``neutral``: neither side)."""
    try:
        return SICK_LABELS[judgment]
    except KeyError as exc:
        raise CorpusError(f"unknown SICK judgment {judgment!r}") from exc


@dataclass(frozen=True)
class ThresholdCV:
    """Cross-validated threshold choice: per fold, the threshold chosen on the
    other folds and the B³ of the held-out fold clustered with it."""

    thresholds: tuple[float, ...]
    fold_scores: tuple[BCubed, ...]
    pooled: BCubed

    def to_dict(self) -> dict[str, Any]:
        return {
            "chosen_thresholds": list(self.thresholds),
            "folds": [s.to_dict() for s in self.fold_scores],
            "pooled": self.pooled.to_dict(),
        }


def threshold_cv(
    gold: Sequence[str],
    scores: np.ndarray[Any, np.dtype[np.float64]],
    folds: Sequence[int],
    grid: Sequence[float],
) -> ThresholdCV:
    """Choose the clustering threshold by cross-validation over whole claims.

    ``scores`` is the same-claim score matrix of all items. For each fold the
    threshold in ``grid`` with the best B³ F1 on the other folds (clustered
    together) is applied to the held-out fold; ``pooled`` scores all held-out
    clusterings together (cluster ids kept apart per fold)."""
    from claimgraph.graph.claims import average_linkage

    chosen: list[float] = []
    fold_scores: list[BCubed] = []
    pooled_gold: list[str] = []
    pooled_pred: list[int] = []
    for k in sorted(set(folds)):
        train = [i for i, f in enumerate(folds) if f != k]
        test = [i for i, f in enumerate(folds) if f == k]
        sub = scores[np.ix_(train, train)]
        best = max(
            grid,
            key=lambda t: b_cubed([gold[i] for i in train], average_linkage(sub, t)).f1,
        )
        chosen.append(best)
        labels = average_linkage(scores[np.ix_(test, test)], best)
        fold_scores.append(b_cubed([gold[i] for i in test], labels))
        pooled_gold.extend(gold[i] for i in test)
        pooled_pred.extend(k * len(gold) + label for label in labels)
    return ThresholdCV(tuple(chosen), tuple(fold_scores), b_cubed(pooled_gold, pooled_pred))


# --- fitting the stance model (used by scripts/train_stance_model.py and --cv) -------


@dataclass(frozen=True)
class StanceTraining:
    """Feature rows and labels of the stance training pairs.

    ``emergent`` are the headlines (labels their gold stance), ``negatives``
    headlines paired with another claim (unrelated; ``negative_source`` is the
    headline's row), ``sick`` the SICK train pairs (NEUTRAL → unrelated)."""

    emergent: np.ndarray[Any, np.dtype[np.float64]]
    emergent_labels: list[str]
    negatives: np.ndarray[Any, np.dtype[np.float64]]
    negative_source: list[int]
    sick: np.ndarray[Any, np.dtype[np.float64]]
    sick_labels: list[str]


#: One Emergent headline in every this many is also paired with another claim (unrelated).
UNRELATED_EVERY = 3
#: Weight of one SICK pair relative to one Emergent pair when fitting.
SICK_WEIGHT = 0.3


def feature_rows(pairs: Sequence[tuple[str, str]]) -> np.ndarray[Any, np.dtype[np.float64]]:
    from claimgraph.analysis.stance import pair_units
    from claimgraph.analysis.stance_features import FEATURES

    if not pairs:
        return np.zeros((0, len(FEATURES)))
    units = pair_units(pairs)
    return np.asarray([u.features.values for u in units], dtype=np.float64)


def stance_training(
    rows: Sequence[Headline],
    sick_train: Sequence[Any],
    *,
    seed: int = 0,
    cache: Path | None = None,
) -> StanceTraining:
    """Compute (or read from ``cache``) the training features."""
    rng = np.random.default_rng(seed)
    claims = sorted({(h.claim_id, h.claim) for h in rows})
    negatives: list[tuple[int, str]] = []
    for i, h in enumerate(rows):
        if i % UNRELATED_EVERY == 0:
            others = [c for cid, c in claims if cid != h.claim_id]
            negatives.append((i, others[int(rng.integers(len(others)))]))

    def cached(name: str, pairs: list[tuple[str, str]]) -> np.ndarray[Any, np.dtype[np.float64]]:
        path = cache / f"{name}.npy" if cache else None
        if path is not None and path.is_file():
            loaded = np.load(path)
            if len(loaded) == len(pairs):
                return np.asarray(loaded, dtype=np.float64)
        matrix = feature_rows(pairs)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            np.save(path, matrix)
        return matrix

    return StanceTraining(
        emergent=cached("emergent", [(h.claim, h.headline) for h in rows]),
        emergent_labels=[h.stance for h in rows],
        negatives=cached("negatives", [(c, rows[i].headline) for i, c in negatives]),
        negative_source=[i for i, _ in negatives],
        sick=cached("sick_train", [(p.b, p.a) for p in sick_train]),
        sick_labels=[
            "unrelated" if sick_gold(p.label) == "neutral" else sick_gold(p.label)
            for p in sick_train
        ],
    )


def fit_stance(
    data: StanceTraining,
    emergent_rows: Sequence[int],
    negative_rows: Sequence[int],
    *,
    sick_weight: float = SICK_WEIGHT,
    l2: float = 1e-3,
    iterations: int = 2000,
    seed: int = 0,
) -> Any:
    """Fit both parts of the stance model on the chosen Emergent and negative
    rows plus all SICK pairs: relatedness on all of them (Emergent headlines
    related, negatives and SICK NEUTRAL unrelated), stance on the related
    ones (Emergent headlines, SICK ENTAILMENT and CONTRADICTION)."""
    from claimgraph.analysis.stance_model import (
        RELATEDNESS_FEATURES,
        STANCE_FEATURES,
        STANCE_LABELS,
        StanceModel,
        fit_softmax,
    )

    em, neg = list(emergent_rows), list(negative_rows)
    related_sick = [i for i, label in enumerate(data.sick_labels) if label != "unrelated"]
    x1 = np.vstack([data.emergent[em], data.negatives[neg], data.sick])
    y1 = np.asarray(
        [0] * len(em) + [1] * len(neg) + [int(v == "unrelated") for v in data.sick_labels],
        dtype=np.int64,
    )
    w1 = np.r_[np.ones(len(em) + len(neg)), np.full(len(data.sick), sick_weight)]
    options: dict[str, Any] = {"l2": l2, "iterations": iterations, "seed": seed}
    relatedness = fit_softmax(x1, y1, RELATEDNESS_FEATURES, 2, sample_weight=w1, **options)
    x2 = np.vstack([data.emergent[em], data.sick[related_sick]])
    labels = [data.emergent_labels[i] for i in em] + [data.sick_labels[i] for i in related_sick]
    y2 = np.asarray([STANCE_LABELS.index(v) for v in labels], dtype=np.int64)
    w2 = np.r_[np.ones(len(em)), np.full(len(related_sick), sick_weight)]
    stance = fit_softmax(x2, y2, STANCE_FEATURES, len(STANCE_LABELS), sample_weight=w2, **options)
    return StanceModel(relatedness, stance)


def cross_validate_stance(
    rows: Sequence[Headline],
    sick_train: Sequence[Any],
    *,
    folds: int = 5,
    seed: int = 0,
    cache: Path | None = None,
    data: StanceTraining | None = None,
    **fit_options: Any,
) -> StanceReport:
    """Emergent stance by group k-fold over claims: each fold's headlines
    (and the unrelated pairs built from them) are scored by a model fitted
    without them."""
    data = data or stance_training(rows, sick_train, seed=seed, cache=cache)
    fold = claim_folds([h.claim_id for h in rows], folds, seed)
    predicted = [""] * len(rows)
    for k in range(folds):
        train = [i for i, f in enumerate(fold) if f != k]
        negatives = [j for j, i in enumerate(data.negative_source) if fold[i] != k]
        model = fit_stance(data, train, negatives, seed=seed, **fit_options)
        test = [i for i, f in enumerate(fold) if f == k]
        probabilities = model.probabilities(data.emergent[test])
        for i, row in zip(test, probabilities, strict=True):
            predicted[i] = decided_label(row, data.emergent[i])
    return stance_report(data.emergent_labels, predicted)


def decided_label(
    probabilities: np.ndarray[Any, np.dtype[np.float64]],
    row: np.ndarray[Any, np.dtype[np.float64]],
) -> str:
    """The label :func:`claimgraph.analysis.stance.stance_many` gives a
    one-sentence text: the most probable, except that supports becomes
    observes when a reporting cue fired (the voice rule)."""
    from claimgraph.analysis.stance import REPORTING_FEATURES
    from claimgraph.analysis.stance_features import FEATURES
    from claimgraph.analysis.stance_model import MODEL_LABELS

    label = MODEL_LABELS[int(np.argmax(probabilities))]
    if label == "supports" and any(row[FEATURES.index(f)] > 0 for f in REPORTING_FEATURES):
        return "observes"
    return label
