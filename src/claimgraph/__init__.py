"""claimgraph: who claims what, on what evidence, relayed by whom."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language

    from claimgraph.analysis.certainty import Certainty

__version__ = "0.1.0"

__all__ = ["Corpus", "certainty", "cluster"]


def certainty(text: str, *, nlp: Language | None = None) -> Certainty:
    """How certain ``text`` presents its claim: ``certain``, ``probable``,
    ``possible`` or ``unknown`` (no words), with the hedge cues found.

    Parses ``text`` with a light spaCy pipeline loaded on first use (or ``nlp``);
    see :mod:`claimgraph.analysis.certainty` for the cues and the rule.
    """
    from claimgraph.analysis.text_api import certainty as run

    return run(text, nlp=nlp)


def __getattr__(name: str) -> Any:
    """Lazy exports: ``claimgraph.cluster`` and ``claimgraph.Corpus`` without
    importing numpy, torch or the store when claimgraph itself is imported."""
    if name == "Corpus":
        from claimgraph.corpus import Corpus

        return Corpus
    if name == "cluster":
        from claimgraph.graph.claims import cluster

        return cluster
    raise AttributeError(f"module 'claimgraph' has no attribute {name!r}")
