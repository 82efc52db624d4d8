"""claimgraph: who claims what, on what evidence, relayed by whom."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

    from claimgraph.analysis.certainty import Certainty

__version__ = "0.1.0"


def certainty(text: str, *, nlp: Language | None = None) -> Certainty:
    """How certain ``text`` presents its claim: ``certain``, ``probable``,
    ``possible`` or ``unknown`` (no words), with the hedge cues found.

    Parses ``text`` with a light spaCy pipeline loaded on first use (or ``nlp``);
    see :mod:`claimgraph.analysis.certainty` for the cues and the rule.
    """
    from claimgraph.analysis.text_api import certainty as run

    return run(text, nlp=nlp)
