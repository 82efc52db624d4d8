"""Sentence embeddings for "same claim" similarity, offline and without torch.

The encoder is all-MiniLM-L6-v2 (mean of the last hidden states over the
word pieces, L2-normalised, as sentence-transformers computes it), run on
ONNX Runtime from the weights shipped in ``data/model/minilm/``
(:mod:`claimgraph.learned.onnx_bert`); nothing is fetched from a hub.
By default the graph has int8 weights (all but the first transformer
layer): about 2x faster than float32 on one thread, with a cosine of at
least 0.99 to the float32 vectors and the same stance and clustering
figures (docs/learned-model.md); ``precision="float32"`` gives the float32
graph. Vectors are L2-normalised float32, so a dot product is the cosine
similarity. Each graph is built once per process and reused (and cached on
disk, under its own name).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

DIMENSIONS = 384
MODEL_NAME = "all-MiniLM-L6-v2"
#: Texts per forward pass (sorted by length, so that little is padding).
BATCH_SIZE = 64

Vectors = npt.NDArray[np.float32]
Precision = Literal["int8", "float32"]
#: The default graph: the linear layers in int8 but :data:`KEEP_FLOAT`, one
#: scale per word piece (:func:`claimgraph.learned.onnx_bert.build`), so a
#: text's vector does not depend on the texts embedded with it.
PRECISION: Precision = "int8"
#: Weights left float32 in the int8 graph: with the first layer in int8 too,
#: Emergent dev's clustering lost 1.4 points of B3 F1 (docs/learned-model.md).
#: The cached graph's name does not say which: bump onnx_bert.GRAPH_VERSION
#: when changing this.
KEEP_FLOAT = ("encoder.layer.0.",)


@lru_cache(maxsize=2)
def _session(precision: Precision = PRECISION) -> Any:
    from claimgraph.learned import onnx_bert

    weights = onnx_bert.base_dir() / onnx_bert.BASE_WEIGHTS

    def build() -> bytes:
        int8 = precision != "float32"
        return onnx_bert.build(onnx_bert.base_weights(), int8=int8, keep_float=KEEP_FLOAT)

    name = "minilm" if precision == "float32" else "minilm-int8"
    return onnx_bert.cached_session(name, [weights], build)


def _forward(encodings: Sequence[Any], precision: Precision) -> Vectors:
    """Mean-pooled, normalised vectors of tokenised texts of similar length."""
    width = max(len(e.ids) for e in encodings)
    ids = np.zeros((len(encodings), width), dtype=np.int64)
    keep = np.zeros((len(encodings), width), dtype=np.float32)
    for r, e in enumerate(encodings):
        ids[r, : len(e.ids)] = e.ids
        keep[r, : len(e.ids)] = 1.0
    positions = np.broadcast_to(np.arange(width, dtype=np.int64), ids.shape)
    mask = ((1.0 - keep) * np.finfo(np.float32).min)[:, None, None, :]
    (hidden,) = _session(precision).run(None, {"ids": ids, "positions": positions, "mask": mask})
    summed = np.einsum("rld,rl->rd", hidden, keep)
    means = summed / keep.sum(axis=1, keepdims=True)
    norms = np.maximum(np.linalg.norm(means, axis=1, keepdims=True), 1e-12)
    return np.asarray(means / norms, dtype=np.float32)


def embed(
    texts: Sequence[str], *, batch_size: int = BATCH_SIZE, precision: Precision = PRECISION
) -> Vectors:
    """Embed ``texts`` as an ``(n, 384)`` array of unit-length float32 rows,
    with the int8 graph or (``precision="float32"``) the float32 one."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    from claimgraph.learned.onnx_bert import tokenizer

    encodings = tokenizer().encode_batch(list(texts))
    order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    for start in range(0, len(order), batch_size):
        chunk = order[start : start + batch_size]
        out[chunk] = _forward([encodings[i] for i in chunk], precision)
    return out


def similarity(a: Vectors, b: Vectors) -> npt.NDArray[np.float32]:
    """Cosine similarities between the rows of ``a`` and the rows of ``b``."""
    return np.asarray(a @ b.T, dtype=np.float32)
