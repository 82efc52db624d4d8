"""Throughput of claimgraph.stance_many and claimgraph.cluster on one core.

    PYTHONPATH=src python benchmarks/claim_speed.py [--pairs 2000] [--texts 10000]

Models are loaded and warmed first (not timed). Stance: ``--pairs`` distinct
(claim, text) pairs from SICK test (claim = B, text = A), one batch call.
Cluster: ``--texts`` distinct sentences (Emergent headlines, STS headlines,
SICK sentences), embedding included. torch is limited to one thread. Prints
pairs/s and seconds; nothing is asserted (docs/benchmarks.md has the figures).
"""

from __future__ import annotations

import argparse
import time

import torch

import claimgraph
from claimgraph.analysis.pairs import default_root, read_sick, read_sts
from claimgraph.eval_claims import default_emergent, read_emergent


def distinct_texts(n: int) -> list[str]:
    root = default_root()
    texts = [r.headline for r in read_emergent(default_emergent())]
    for year in (2013, 2014, 2015, 2016):
        texts += [t for p in read_sts(root / f"sts{year}-headlines.tsv") for t in (p.a, p.b)]
    for name in ("SICK_train.txt", "SICK_test_annotated.txt", "SICK_trial.txt"):
        texts += [t for p in read_sick(root / name) for t in (p.a, p.b)]
    unique = list(dict.fromkeys(t.strip() for t in texts if t.strip()))
    if len(unique) < n:
        raise SystemExit(f"only {len(unique)} distinct texts available")
    return unique[:n]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=2000)
    parser.add_argument("--texts", type=int, default=10000)
    args = parser.parse_args()
    torch.set_num_threads(1)

    sick = read_sick(default_root() / "SICK_test_annotated.txt")
    pairs = list(dict.fromkeys((p.b, p.a) for p in sick))[: args.pairs]
    claimgraph.stance_many(pairs[:20])  # load and warm
    start = time.perf_counter()
    claimgraph.stance_many(pairs)
    took = time.perf_counter() - start
    print(f"stance_many: {len(pairs)} pairs in {took:.1f} s = {len(pairs) / took:.0f} pairs/s")

    texts = distinct_texts(args.texts)
    claimgraph.cluster(texts[:20])
    start = time.perf_counter()
    labels = claimgraph.cluster(texts)
    took = time.perf_counter() - start
    print(
        f"cluster: {len(texts)} texts in {took:.1f} s ({len(set(labels))} clusters, "
        f"{len(texts) / took:.0f} texts/s)"
    )


if __name__ == "__main__":
    main()
