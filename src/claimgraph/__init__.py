"""claimgraph: who claims what, on what evidence, relayed by whom."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language

    from claimgraph.analysis.certainty import Certainty
    from claimgraph.analysis.stance import Stance
    from claimgraph.records import AnalyzedArticle
    from claimgraph.settings import Settings

__version__ = "0.1.0"

__all__ = ["Corpus", "analyze", "certainty", "cluster", "load_nlp", "stance", "stance_many"]


def load_nlp(settings: Settings | None = None) -> Language:
    """The spaCy pipeline with claimgraph's components, configured by
    ``settings`` (default: :meth:`Settings.from_env`); load it once and reuse
    it. See :func:`claimgraph.nlp.pipeline.load_nlp`."""
    from claimgraph.nlp.pipeline import load_nlp as run

    return run(settings)


def analyze(text: str, nlp: Language | None = None, *, id: str = "text") -> AnalyzedArticle:
    """The ledger of one plain-text article (``nlp``: a pipeline from
    :func:`load_nlp`, loaded here when not given). Records are in
    :mod:`claimgraph.records`."""
    from claimgraph.nlp.pipeline import analyze as run

    return run(text, nlp, id=id)


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

    Embeds with all-MiniLM-L6-v2 on ONNX Runtime (no torch); see
    :func:`claimgraph.graph.claims.cluster` and ``docs/claims.md``.
    """
    from claimgraph.graph.claims import cluster as run

    return run(texts, threshold=threshold)


def stance(claim: str, text: str) -> Stance:
    """Does ``text`` (a headline, a sentence or a whole article) support,
    refute, merely report (``observes``) or ignore (``unrelated``) ``claim``?

    Returns the label with its probability and the sentences that decided it.
    Embeds with MiniLM on ONNX Runtime; see :mod:`claimgraph.analysis.stance` and
    ``docs/analysis.md``.
    """
    from claimgraph.analysis.stance import stance as run
    from claimgraph.nlp.pipeline import rules_nlp

    return run(claim, text, rules_nlp=rules_nlp)


def stance_many(pairs: Sequence[tuple[str, str]]) -> list[Stance]:
    """:func:`stance` for many ``(claim, text)`` pairs at once: parsed and
    embedded in batches, each distinct claim and text once (about a hundred
    headline pairs a second on one core after the models load;
    docs/benchmarks.md)."""
    from claimgraph.analysis.stance import stance_many as run
    from claimgraph.nlp.pipeline import rules_nlp

    return run(pairs, rules_nlp=rules_nlp)


def __getattr__(name: str) -> Any:
    """Lazy export: ``claimgraph.Corpus`` without importing numpy, torch or
    the store when claimgraph itself is imported."""
    if name == "Corpus":
        from claimgraph.corpus.api import Corpus

        return Corpus
    raise AttributeError(f"module 'claimgraph' has no attribute {name!r}")
