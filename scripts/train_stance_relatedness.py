"""Fit the stance relatedness model and write src/claimgraph/data/stance_relatedness.json.

Training data: SemEval STS news headlines 2013, 2014 and 2015 (a pair is
"related" when its score is at least 3.0), each pair used in both directions
(either side may be the claim). Held out: STS 2016 headlines and MSRP test,
scored by scripts/eval_stance.py. Deterministic (fixed seed, full-batch).

    PYTHONPATH=src python scripts/train_stance_relatedness.py [--data DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from claimgraph.analysis.relatedness import (
    RELATED_STS,
    RelatednessModel,
    features,
    fit_logistic,
    roc_auc,
)
from claimgraph.analysis.stance_signals import claim_keys, coverage, load_stance_lexicon
from claimgraph.eval.pairs import Pair, default_root, read_sts
from claimgraph.learned.embeddings import embed
from claimgraph.nlp.pipeline import load_nlp
from claimgraph.settings import Settings

SEED = 13
TRAIN = ("sts2013-headlines.tsv", "sts2014-headlines.tsv", "sts2015-headlines.tsv")
OUT = Path(__file__).resolve().parents[1] / "src/claimgraph/data/stance_relatedness.json"


def pair_features(pairs: list[Pair]) -> np.ndarray:
    """Features of (a as claim, b as text) and of (b as claim, a as text)."""
    nlp = load_nlp(Settings(extractor="rules"))
    lex = load_stance_lexicon()
    sentences = sorted({s for p in pairs for s in (p.a, p.b)})
    docs = dict(zip(sentences, nlp.pipe(sentences, batch_size=256), strict=True))
    vectors = dict(zip(sentences, embed(sentences), strict=True))
    rows = []
    for p in pairs:
        cos = float(vectors[p.a] @ vectors[p.b])
        for claim, text in ((p.a, p.b), (p.b, p.a)):
            keys = claim_keys(docs[claim][:], lex)
            rows.append(features(cos, coverage(keys, docs[text][:], lex)))
    return np.asarray(rows, dtype=np.float64)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_root())
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    pairs = [p for name in TRAIN for p in read_sts(args.data / name)]
    x = pair_features(pairs)
    y = np.repeat([float(float(p.label) >= RELATED_STS) for p in pairs], 2)
    weights, bias = fit_logistic(x, y, seed=SEED)
    model = RelatednessModel(
        weights=weights,
        bias=bias,
        meta={
            "trained_on": list(TRAIN),
            "related_if_sts_at_least": RELATED_STS,
            "pairs": len(pairs),
            "positive_share": round(float(y.mean()), 4),
            "seed": SEED,
        },
    )
    probs = [model.probability(row) for row in x]
    print(f"{len(pairs)} pairs, train AUC {roc_auc(probs, [bool(v) for v in y]):.4f}")
    print(f"weights {weights} bias {bias:.4f}")
    args.out.write_text(model.to_json() + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
