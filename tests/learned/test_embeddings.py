from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("onnxruntime")

from claimgraph.learned.embeddings import DIMENSIONS, embed, similarity

pytestmark = pytest.mark.model

#: Smallest cosine of an int8 embedding (the default) to the float32 one: on
#: 800 distinct Emergent headlines and claims the least was 0.996 (mean 0.998);
#: the one-letter text below gives 0.990.
INT8_COSINE = 0.98

SENTENCES = [
    "China is sending lethal aid to Russia.",
    "Beijing denies supplying weapons to Moscow, officials say.",
    "A man is playing a guitar.",
    "The city council approved a new budget for parks on Tuesday.",
    "Apple May Buy Path For $100 Million",
    "x",
    "A very long sentence that goes on and on. " * 40,  # truncated at 256 pieces
]


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


def test_int8_embeddings_stay_close_to_the_float32_ones() -> None:
    int8, full = embed(SENTENCES), embed(SENTENCES, precision="float32")
    cosines = (int8 * full).sum(axis=1)
    assert float(cosines.min()) >= INT8_COSINE
    assert not np.array_equal(int8, full)  # the default really is the int8 graph


@pytest.mark.parametrize("precision", ["int8", "float32"])
def test_a_text_gets_the_same_vector_whatever_it_is_embedded_with(precision: str) -> None:
    together = embed(SENTENCES, precision=precision)  # one batch, padded to the longest
    alone = np.vstack([embed([s], precision=precision) for s in SENTENCES])
    reversed_in_pairs = embed(SENTENCES[::-1], batch_size=2, precision=precision)[::-1]
    assert np.abs(together - alone).max() < 1e-5
    assert np.abs(together - reversed_in_pairs).max() < 1e-5


def test_the_int8_and_float32_graphs_are_cached_under_different_names(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from claimgraph.learned import embeddings

    monkeypatch.setenv("CLAIMGRAPH_CACHE", str(tmp_path))
    embeddings._session.cache_clear()
    try:
        for precision in ("int8", "float32", "int8"):
            embeddings._session(precision)
            embeddings._session.cache_clear()  # loaded from the cache next time
        names = sorted(p.name.rsplit("-", 1)[0] for p in tmp_path.glob("*.onnx"))
        assert names == ["minilm", "minilm-int8"]
    finally:
        embeddings._session.cache_clear()
