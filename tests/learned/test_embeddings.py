from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("onnxruntime")

from claimgraph.learned.embeddings import DIMENSIONS, embed, similarity

pytestmark = pytest.mark.model


def test_embeddings_are_unit_vectors_of_the_model_size() -> None:
    vectors = embed(["China is sending lethal aid to Russia.", "The weather is mild."])
    assert vectors.shape == (2, DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


def test_paraphrases_are_closer_than_unrelated_sentences() -> None:
    a, b, c = embed(
        [
            "China is sending lethal aid to Russia.",
            "Beijing is supplying weapons to Moscow.",
            "The city council approved a new budget for parks.",
        ]
    )
    sims = similarity(np.stack([a]), np.stack([b, c]))[0]
    assert sims[0] > sims[1] + 0.2


def test_no_texts_give_an_empty_array() -> None:
    assert embed([]).shape == (0, DIMENSIONS)
