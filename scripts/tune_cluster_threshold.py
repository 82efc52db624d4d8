"""Choose the default threshold of ``claimgraph.cluster`` by cross-validation
over whole claims (``src/claimgraph/data/claim_cluster.json``).

    PYTHONPATH=src python scripts/tune_cluster_threshold.py [--folds 5] [--seeds 0,1,2] [--write]

The Emergent dev headlines are split by claim (group k-fold); for each fold
the threshold of the grid with the best B³ F1 on the other folds is applied
to the held-out fold, whose headlines are clustered alone. Printed: the
chosen thresholds and the held-out B³ per seed. ``--write`` ships the median
of all chosen thresholds (never a threshold picked on all of dev at once).
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

from claimgraph.eval.claims import claim_folds, default_emergent, read_emergent, threshold_cv
from claimgraph.graph.claims import score_matrix
from claimgraph.learned.embeddings import embed

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src/claimgraph/data/claim_cluster.json"
GRID = (0.02, 0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emergent", type=Path, default=default_emergent())
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()

    rows = read_emergent(args.emergent)
    texts = [r.headline for r in rows]
    gold = [r.claim_id for r in rows]
    scores = score_matrix(texts, embed(texts))
    chosen: list[float] = []
    runs = []
    for seed in (int(s) for s in args.seeds.split(",")):
        result = threshold_cv(gold, scores, claim_folds(gold, args.folds, seed), GRID)
        chosen.extend(result.thresholds)
        runs.append({"seed": seed, **result.to_dict()})
        pooled = result.pooled
        print(
            f"seed {seed}: thresholds {result.thresholds}; held-out B3 P {pooled.precision:.3f} "
            f"R {pooled.recall:.3f} F1 {pooled.f1:.3f}; per fold "
            + " ".join(f"{s.f1:.3f}" for s in result.fold_scores)
        )
    threshold = statistics.median(chosen)
    print(f"median chosen threshold: {threshold}")
    if args.write:
        OUT.write_text(
            json.dumps(
                {
                    "threshold": threshold,
                    "chosen_by": "scripts/tune_cluster_threshold.py --write: median of the "
                    f"thresholds chosen in {args.folds}-fold CV by claim on Emergent dev",
                    "grid": list(GRID),
                    "cv": runs,
                },
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"wrote {OUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
