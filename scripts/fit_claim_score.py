"""Fit and measure the same-claim score (src/claimgraph/data/claim_score.json).

Data: ../shared/corpora/similarity (see its README for licences):

- STS news headlines 2013-2016, scored 0-5. A pair with score >= 4 is the
  same claim, <= 2 a different claim; the middle (2 < score < 4) and the
  unscored rows are left out.
- MSRP test: the paraphrase label. Rows are split by position: even rows
  (0, 2, ...) for fitting, odd rows held out.

Fitting data: STS 2013-2015 + MSRP even rows. Held out: STS 2016 and MSRP
odd rows. Logistic regression (Newton/IRLS, L2 1e-3 on the weights, no
randomness) on the features of claimgraph.graph.claims.FEATURES; the
decision threshold is 0.5. The role-swap factor is not fitted (kept as
given). A cosine-only logistic model is fitted the same way as a baseline.

Then the clustering check: gold clusters are the connected components of
STS 2016 pairs with score >= 4 over the sentences of its scored pairs;
cluster() is scored with pairwise and B-cubed precision/recall/F1, and timed
on 1,000 distinct STS 2016 sentences (scored and unscored rows).

Usage:
    PYTHONPATH=src python scripts/fit_claim_score.py [--data DIR] [--cache F.npz] [--write]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from claimgraph.data import read_data
from claimgraph.graph import claims
from claimgraph.graph.claims import FEATURES, ScoreModel, claim_terms, feature_vector
from claimgraph.learned.embeddings import embed

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "corpora" / "similarity"
MODEL_FILE = ROOT / "src" / "claimgraph" / "data" / "claim_score.json"
SAME, DIFFERENT = 4.0, 2.0
L2 = 1e-3

Pair = tuple[str, str, int]


def sts(path: Path) -> list[Pair]:
    pairs: list[Pair] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) < 3 or not cells[0].strip():
            continue
        score = float(cells[0])
        if score >= SAME:
            pairs.append((cells[1], cells[2], 1))
        elif score <= DIFFERENT:
            pairs.append((cells[1], cells[2], 0))
    return pairs


def sts_scored(path: Path) -> list[tuple[float, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) >= 3 and cells[0].strip():
            rows.append((float(cells[0]), cells[1], cells[2]))
    return rows


def msrp(path: Path) -> tuple[list[Pair], list[Pair]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    pairs = [(r[3], r[4], int(r[0])) for r in rows if len(r) >= 5]
    return pairs[0::2], pairs[1::2]


class Embedder:
    """Embeds each distinct sentence once (kept in ``cache``, an .npz file,
    when given, so that refitting does not embed again)."""

    def __init__(self, cache: Path | None = None) -> None:
        self.vectors: dict[str, np.ndarray] = {}
        self.cache = cache
        if cache is not None and cache.is_file():
            with np.load(cache, allow_pickle=False) as saved:
                texts = [str(t) for t in saved["texts"]]
                self.vectors = dict(zip(texts, saved["vectors"], strict=True))

    def add(self, texts: Sequence[str]) -> None:
        new = sorted({t for t in texts if t not in self.vectors})
        if not new:
            return
        for text, vec in zip(new, embed(new, batch_size=128), strict=True):
            self.vectors[text] = vec
        if self.cache is not None:
            texts_array = np.asarray(list(self.vectors))
            np.savez(self.cache, texts=texts_array, vectors=np.stack(list(self.vectors.values())))

    def __getitem__(self, text: str) -> np.ndarray:
        return self.vectors[text]


def features(pairs: Sequence[Pair], vectors: Embedder) -> tuple[np.ndarray, np.ndarray]:
    rows = []
    for a, b, _ in pairs:
        cosine = float(np.clip(vectors[a] @ vectors[b], -1, 1))
        rows.append(feature_vector(claim_terms(a), claim_terms(b), cosine))
    return np.asarray(rows, dtype=np.float64), np.asarray([y for *_, y in pairs], dtype=np.float64)


def fit_logistic(x: np.ndarray, y: np.ndarray, iterations: int = 50) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression by Newton's method (deterministic)."""
    design = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(design.shape[1])
    penalty = np.full(design.shape[1], L2 * len(x))
    penalty[-1] = 0.0  # no penalty on the bias
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-(design @ w)))
        gradient = design.T @ (p - y) + penalty * w
        hessian = (design * (p * (1 - p))[:, None]).T @ design + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.max(np.abs(step)) < 1e-9:
            break
    return w[:-1], float(w[-1])


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """Area under the ROC curve (rank statistic, ties counted half)."""
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    sorted_scores = scores[order]
    i = 0
    while i < len(scores):
        j = i
        while j + 1 < len(scores) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    positives = labels == 1
    n_pos, n_neg = int(positives.sum()), int((~positives).sum())
    return float((ranks[positives].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def ece(p: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error over equal-width probability bins."""
    index = np.minimum((p * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        mask = index == b
        if mask.any():
            total += mask.sum() / len(p) * abs(p[mask].mean() - y[mask].mean())
    return float(total)


def report(name: str, p: np.ndarray, y: np.ndarray, threshold: float = 0.5) -> dict[str, float]:
    predicted = p >= threshold
    tp = float((predicted & (y == 1)).sum())
    precision = tp / max(predicted.sum(), 1)
    recall = tp / max((y == 1).sum(), 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-12)
    out = {
        "pairs": len(y),
        "positive": int((y == 1).sum()),
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "auc": round(auc(p, y), 3),
        "ece": round(ece(p, y), 3),
    }
    print(f"  {name:<34} " + "  ".join(f"{k}={v}" for k, v in out.items()))
    return out


def pairwise_prf(predicted: Sequence[int], gold: Sequence[int]) -> tuple[float, float, float]:
    n = len(gold)
    same_p = np.equal.outer(predicted, predicted)
    same_g = np.equal.outer(gold, gold)
    upper = np.triu(np.ones((n, n), dtype=bool), k=1)
    tp = float((same_p & same_g & upper).sum())
    precision = tp / max(float((same_p & upper).sum()), 1)
    recall = tp / max(float((same_g & upper).sum()), 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-12)


def bcubed(predicted: Sequence[int], gold: Sequence[int]) -> tuple[float, float, float]:
    same_p = np.equal.outer(predicted, predicted)
    same_g = np.equal.outer(gold, gold)
    both = (same_p & same_g).sum(axis=1)
    precision = float(np.mean(both / same_p.sum(axis=1)))
    recall = float(np.mean(both / same_g.sum(axis=1)))
    return precision, recall, 2 * precision * recall / (precision + recall)


def gold_clusters(rows: Sequence[tuple[float, str, str]]) -> tuple[list[str], list[int]]:
    texts = list(dict.fromkeys(t for _, a, b in rows for t in (a, b)))
    parent = list(range(len(texts)))
    index = {t: i for i, t in enumerate(texts)}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for score, a, b in rows:
        if score >= SAME:
            parent[find(index[a])] = find(index[b])
    return texts, [find(i) for i in range(len(texts))]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--write", action="store_true", help="write claim_score.json")
    parser.add_argument("--cache", type=Path, default=None, help="embedding cache (.npz)")
    args = parser.parse_args(argv)
    data: Path = args.data
    if not data.is_dir():
        print(f"no similarity corpora at {data}", file=sys.stderr)
        return 1

    fit_pairs = [p for year in (2013, 2014, 2015) for p in sts(data / f"sts{year}-headlines.tsv")]
    held_sts = sts(data / "sts2016-headlines.tsv")
    msrp_fit, msrp_held = msrp(data / "msr-para-test.tsv")
    fit_pairs += msrp_fit
    vectors = Embedder(args.cache)
    start = time.perf_counter()
    vectors.add([t for a, b, _ in fit_pairs + held_sts + msrp_held for t in (a, b)])
    print(f"embedded {len(vectors.vectors)} sentences in {time.perf_counter() - start:.1f}s")

    x, y = features(fit_pairs, vectors)
    weights, bias = fit_logistic(x, y)
    cos_w, cos_b = fit_logistic(x[:, :1], y)
    old = json.loads(read_data("claim_score.json"))
    model = ScoreModel(
        features=FEATURES,
        weights=tuple(float(w) for w in weights),
        bias=bias,
        threshold=0.5,
        role_swap_factor=float(old["role_swap_factor"]),
    )
    print(f"fitted on {len(y)} pairs ({int(y.sum())} same):")
    print("  " + ", ".join(f"{f}={w:+.3f}" for f, w in zip(FEATURES, weights, strict=True)))
    print(f"  bias={bias:+.3f}")

    results: dict[str, dict[str, float]] = {}
    for name, pairs in (("sts2016", held_sts), ("msrp_odd", msrp_held), ("fit", fit_pairs)):
        hx, hy = features(pairs, vectors)
        print(f"{name}:")
        results[name] = report("score (all features)", model.probability(hx), hy)
        cosine_only = 1 / (1 + np.exp(-(hx[:, :1] @ cos_w + cos_b)))
        results[name + "_cosine_only"] = report("baseline (cosine only, fitted)", cosine_only, hy)

    if args.write:
        out = {
            "features": list(FEATURES),
            "weights": [round(float(w), 6) for w in weights],
            "bias": round(bias, 6),
            "threshold": 0.5,
            "role_swap_factor": model.role_swap_factor,
            "fitted_by": "scripts/fit_claim_score.py",
            "fitted_on": "STS headlines 2013-2015 (score>=4 same, <=2 different) + MSRP test "
            "even rows",
            "held_out": results,
        }
        MODEL_FILE.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_FILE}")
        claims.load_model.cache_clear()

    # Clustering: STS 2016 components at score >= 4.
    rows = sts_scored(data / "sts2016-headlines.tsv")
    texts, gold = gold_clusters(rows)
    vectors.add(texts)
    matrix = np.stack([vectors[t] for t in texts])
    scorer = None if args.write else model  # the model just fitted
    labels = claims.average_linkage(claims.score_matrix(texts, matrix, model=scorer), 0.5)
    pw, bc = pairwise_prf(labels, gold), bcubed(labels, gold)
    print(
        f"clusters of STS 2016 ({len(texts)} sentences, {len(set(gold))} gold clusters, "
        f"{len(set(labels))} predicted):"
    )
    print("  pairwise P/R/F1 = " + "/".join(f"{v:.3f}" for v in pw))
    print("  B-cubed  P/R/F1 = " + "/".join(f"{v:.3f}" for v in bc))

    all_rows = (data / "sts2016-headlines.tsv").read_text(encoding="utf-8").splitlines()
    thousand = list(dict.fromkeys(t for line in all_rows for t in line.split("\t")[1:3]))[:1000]
    start = time.perf_counter()
    thousand_vectors = embed(thousand)
    embedded = time.perf_counter() - start
    claims.claim_terms.cache_clear()
    start = time.perf_counter()
    thousand_scores = claims.score_matrix(thousand, thousand_vectors, model=scorer)
    found = claims.average_linkage(thousand_scores, 0.5)
    agglomerative = time.perf_counter() - start
    claims.claim_terms.cache_clear()
    start = time.perf_counter()
    if scorer is None:  # incremental assignment reads the packaged model
        claims.incremental_clusters(thousand, thousand_vectors)
    incremental = time.perf_counter() - start
    print(
        f"1,000 sentences: embedding {embedded:.1f}s, average linkage {agglomerative:.1f}s "
        f"({len(set(found))} clusters), incremental {incremental:.1f}s"
    )

    return 0


if __name__ == "__main__":
    raise SystemExit(main())
