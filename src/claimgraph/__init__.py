"""claimgraph: who claims what, on what evidence, relayed by whom."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language

    from claimgraph.analysis.certainty import Certainty
    from claimgraph.analysis.stance import Stance

__version__ = "0.1.0"

__all__ = ["Corpus", "certainty", "cluster", "stance", "stance_many"]


def certainty(text: str, *, nlp: Language | None = None) -> Certainty:
    """How certain ``text`` presents its claim: ``certain``, ``probable``,
    ``possible`` or ``unknown`` (no words), with the hedge cues found.

    Parses ``text`` with a light spaCy pipeline loaded on first use (or ``nlp``);
    see :mod:`claimgraph.analysis.certainty` for the cues and the rule.
    """
    from claimgraph.analysis.text_api import certainty as run

    return run(text, nlp=nlp)


def cluster(texts: Sequence[str], *, threshold: float | None = None) -> list[int]:
    """Cluster ids for ``texts`` (claims, headlines): texts stating the same
    claim share an id, numbered 0..k-1 in order of first appearance.

    Needs the ``corpus`` extra (sentence embeddings); see
    :func:`claimgraph.graph.claims.cluster` and ``docs/claims.md``.
    """
    from claimgraph.graph.claims import cluster as run

    return run(texts, threshold=threshold)


def stance(claim: str, text: str) -> Stance:
    """Does ``text`` (a headline, a sentence or a whole article) support,
    refute, merely report (``observes``) or ignore (``unrelated``) ``claim``?

    Returns the label with its probability and the sentences that decided it.
    Needs the ``corpus`` extra; see :mod:`claimgraph.analysis.stance` and
    ``docs/analysis.md``.
    """
    from claimgraph.analysis.stance import stance as run

    return run(claim, text)


def stance_many(pairs: Sequence[tuple[str, str]]) -> list[Stance]:
    """:func:`stance` for many ``(claim, text)`` pairs at once: parsed and
    embedded in batches, each distinct claim and text once (hundreds of
    headline pairs a second after the models load; docs/benchmarks.md)."""
    from claimgraph.analysis.stance import stance_many as run

    return run(pairs)


def __getattr__(name: str) -> Any:
    """Lazy export: ``claimgraph.Corpus`` without importing numpy, torch or
    the store when claimgraph itself is imported."""
    if name == "Corpus":
        from claimgraph.corpus import Corpus

        return Corpus
    raise AttributeError(f"module 'claimgraph' has no attribute {name!r}")
