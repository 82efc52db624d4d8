"""Experiment (issue 17): the cross-encoder's out-of-fold probabilities next
to the shipped stance model, on the same by-claim folds (seed 0).

    nice -n 5 env PYTHONPATH=src python scripts/stance_cross_encoder_stack.py OOF.npy \\
        [--cache /tmp/xenc/features]

``OOF.npy`` is written by ``scripts/stance_cross_encoder.py --oof`` (all five
folds). Per fold k the shipped model is refitted without fold k exactly as
``claimgraph eval stance --cv 5`` does (:func:`fit_stance`); then, on fold k:

- shipped: its stance part (three-way argmax, and with the voice rule of
  :func:`decided_label`) and its four-way decision (the figure of ``eval
  stance --cv``);
- cross-encoder: argmax of OOF.npy;
- mean: the average of the two three-way distributions (nothing fitted),
  voice rule applied;
- refit: softmax regression on the stance part's features alone, fitted on
  the Emergent rows of the other folds (the control for stacked);
- stacked: the same regression on the stance part's features plus the
  cross-encoder's log-probabilities (no SICK: SICK pairs have no
  cross-encoder score), voice rule applied; four-way with the shipped
  relatedness part.

Caveat: the cross-encoder probabilities of the stacker's training rows are
out-of-fold for their own fold only; the models that gave them were trained
on fold k, so the stacked figure is slightly optimistic.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import numpy as np
import torch

from claimgraph.analysis.stance_features import FEATURES
from claimgraph.analysis.stance_model import STANCE_FEATURES
from claimgraph.eval.claims import (
    STANCE_LABELS,
    claim_folds,
    decided_label,
    default_emergent,
    fit_stance,
    read_emergent,
    stance_report,
    stance_training,
)
from claimgraph.eval.pairs import default_root, read_sick


def fit_logistic(x: Any, y: Any, l2: float = 1e-3) -> tuple[Any, Any, Any]:
    """Multinomial logistic regression by L-BFGS on standardised columns."""
    mean, scale = x.mean(0), x.std(0)
    scale[scale == 0] = 1.0
    xs = torch.tensor((x - mean) / scale, dtype=torch.float64)
    target = torch.tensor(y)
    linear = torch.nn.Linear(x.shape[1], len(STANCE_LABELS)).double()
    optimizer: Any = torch.optim.LBFGS(linear.parameters(), max_iter=500)

    def closure() -> Any:
        optimizer.zero_grad()
        loss: Any = torch.nn.functional.cross_entropy(linear(xs), target)
        loss = loss + l2 / 2 * (linear.weight**2).sum()
        loss.backward()
        return loss

    optimizer.step(closure)
    return linear, mean, scale


def predict_logistic(fitted: tuple[Any, Any, Any], x: Any) -> Any:
    linear, mean, scale = fitted
    with torch.no_grad():
        z = linear(torch.tensor((x - mean) / scale, dtype=torch.float64))
        return torch.softmax(z, dim=-1).numpy()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("oof", type=Path)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/xenc/features"))
    args = parser.parse_args()
    torch.set_num_threads(1)

    rows = read_emergent(default_emergent())
    sick = read_sick(default_root() / "SICK_train.txt") + read_sick(
        default_root() / "SICK_trial.txt"
    )
    data = stance_training(rows, sick, seed=0, cache=args.cache)
    xenc = np.load(args.oof)
    assert not np.isnan(xenc).any(), "OOF.npy must hold all five folds"
    fold = claim_folds([h.claim_id for h in rows], 5, seed=0)
    columns = [FEATURES.index(f) for f in STANCE_FEATURES]
    features = data.emergent[:, columns]
    stacked_x = np.hstack([features, np.log(xenc + 1e-6)])
    y = np.asarray([STANCE_LABELS.index(h.stance) for h in rows])
    gold = [h.stance for h in rows]
    out: dict[str, list[str]] = {}

    def put(name: str, i: int, label: str) -> None:
        out.setdefault(name, [""] * len(rows))[i] = label

    for k in range(5):
        train = [i for i, f in enumerate(fold) if f != k]
        test = [i for i, f in enumerate(fold) if f == k]
        negatives = [j for j, i in enumerate(data.negative_source) if fold[i] != k]
        model = fit_stance(data, train, negatives, seed=0)
        four = model.probabilities(data.emergent[test])
        shipped = model.stance.probabilities(data.emergent[test])
        refit = predict_logistic(fit_logistic(features[train], y[train]), features[test])
        stacked = predict_logistic(fit_logistic(stacked_x[train], y[train]), stacked_x[test])
        unrelated = four[:, 3:]
        stacked_four = np.hstack([stacked * (1 - unrelated), unrelated])
        for n, i in enumerate(test):
            row = data.emergent[i]
            put("shipped 4-way (eval stance --cv)", i, decided_label(four[n], row))
            put("shipped stance part, argmax", i, STANCE_LABELS[int(shipped[n].argmax())])
            put("shipped stance part + voice rule", i, decided_label(shipped[n], row))
            put("cross-encoder", i, STANCE_LABELS[int(xenc[i].argmax())])
            put(
                "mean of stance part and cross-encoder", i, decided_label(shipped[n] + xenc[i], row)
            )
            put(
                "refit stance features, Emergent only + voice rule", i, decided_label(refit[n], row)
            )
            put("stacked + voice rule", i, decided_label(stacked[n], row))
            put("stacked 4-way", i, decided_label(stacked_four[n], row))
    for name, predicted in out.items():
        per_fold = [
            stance_report(
                [gold[i] for i in range(len(rows)) if fold[i] == k],
                [predicted[i] for i in range(len(rows)) if fold[i] == k],
            ).accuracy
            for k in range(5)
        ]
        print(f"\n== {name}; accuracy per fold " + " ".join(f"{a:.3f}" for a in per_fold))
        print(stance_report(gold, predicted).format_table())


if __name__ == "__main__":
    main()
