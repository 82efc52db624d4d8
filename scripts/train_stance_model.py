"""Fit the learned stance model (``src/claimgraph/data/stance_model.json``).

    PYTHONPATH=src python scripts/train_stance_model.py [--seed 0] [--sick-weight W] [--write]

Training pairs (features from :mod:`claimgraph.analysis.stance_features`):

- Emergent dev headlines with their claim (for → supports, against →
  refutes, observing → observes);
- unrelated pairs made from Emergent: one headline in three paired with the
  claim of another, randomly chosen claim (seeded);
- SICK train + trial (never test): the claim is sentence B, the text sentence
  A; ENTAILMENT → supports, CONTRADICTION → refutes, NEUTRAL → unrelated (the
  text says nothing about whether the claim holds).

First it cross-validates by claim (group k-fold on Emergent claim ids: a
fold's headlines, and the unrelated pairs built from them, are never trained
on while that fold is scored; SICK train is always in training) and prints
the Emergent accuracy and macro-F1; then, with the model fitted on all
training pairs, SICK test accuracy (NEUTRAL right when neither supports nor
refutes). ``--write`` writes the model fitted on everything. Features are
cached under ``--cache`` (delete it after changing the feature code).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from claimgraph.analysis.stance_model import StanceModel
from claimgraph.eval.claims import (
    SICK_WEIGHT,
    cross_validate_stance,
    decided_label,
    default_emergent,
    feature_rows,
    fit_stance,
    read_emergent,
    sick_gold,
    stance_report,
    stance_training,
)
from claimgraph.eval.pairs import default_root, read_sick

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src/claimgraph/data/stance_model.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emergent", type=Path, default=default_emergent())
    parser.add_argument("--similarity", type=Path, default=default_root())
    parser.add_argument("--cache", type=Path, default=Path("/tmp/claimgraph-stance-features"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--l2", type=float, default=1e-3)
    parser.add_argument("--iterations", type=int, default=2000)
    parser.add_argument("--sick-weight", type=float, default=SICK_WEIGHT)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()

    emergent = read_emergent(args.emergent)
    sick_train = read_sick(args.similarity / "SICK_train.txt")
    sick_train += read_sick(args.similarity / "SICK_trial.txt")
    sick_test = read_sick(args.similarity / "SICK_test_annotated.txt")
    data = stance_training(emergent, sick_train, seed=args.seed, cache=args.cache)
    options = {"sick_weight": args.sick_weight, "l2": args.l2, "iterations": args.iterations}

    report = cross_validate_stance(
        emergent, sick_train, folds=args.folds, seed=args.seed, data=data, **options
    )
    print(f"Emergent dev, {args.folds}-fold CV by claim (seed {args.seed}):")
    print(report.format_table())

    model = fit_stance(
        data, range(len(emergent)), range(len(data.negatives)), seed=args.seed, **options
    )

    cache = args.cache / "sick_test.npy"
    if cache.is_file():
        x_test = np.load(cache)
    else:
        x_test = feature_rows([(p.b, p.a) for p in sick_test])
        np.save(cache, x_test)
    probabilities = model.probabilities(x_test)
    predicted = [decided_label(p, row) for p, row in zip(probabilities, x_test, strict=True)]
    sick = stance_report(
        [sick_gold(p.label) for p in sick_test], predicted, ("supports", "refutes", "neutral")
    )
    print("SICK test (never trained on; claim = B, text = A):")
    print(sick.format_table())
    if args.write:
        meta = {
            "trained_on": "Emergent dev (+ unrelated pairs built from it), SICK train+trial",
            "command": "python scripts/train_stance_model.py --write",
            **{k: v for k, v in vars(args).items() if k in ("seed", "l2", "iterations", "folds")},
            "sick_weight": args.sick_weight,
            "cv_emergent": report.to_dict(),
            "sick_test": sick.to_dict(),
        }
        final = StanceModel(model.relatedness, model.stance, meta)
        OUT.write_text(final.to_json() + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(REPO)}")
        for name, part in (("relatedness", model.relatedness), ("stance", model.stance)):
            print(
                name,
                json.dumps(dict(zip(part.features, part.weights.round(2).T.tolist(), strict=True))),
            )


if __name__ == "__main__":
    main()
