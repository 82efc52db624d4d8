"""Small questions asked of the dependency parse, shared by the rules, the
learned taggers' decoder and the analysis (one answer each, so that they
cannot drift apart)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection

from spacy.tokens import Token


def verb_subject(
    verb: Token,
    *,
    deps: Collection[str],
    climb: Collection[str],
    hops: int | None = None,
    pos: Collection[str] | None = None,
    stop: Callable[[Token], bool] | None = None,
) -> Token | None:
    """The subject of ``verb``, or the one it shares with the verb it hangs from.

    The first child of ``verb`` whose dependency is in ``deps`` (and, with
    ``pos``, whose part of speech is in it) is the subject. Without one, a
    verb attached by a dependency in ``climb`` ("Trump defended the plan,
    saying ...": *saying* is an ``advcl`` of *defended*) takes its head's
    subject, and so on up, looking at ``hops`` verbs at most (``None``: no
    limit but the root). ``stop(head)`` true ends the climb with no subject
    (the rules: a governing cue verb owns its subject, PolNeAR being univocal).
    """
    tok = verb
    for _ in range(hops) if hops is not None else itertools.count():
        for child in tok.children:
            if child.dep_ in deps and (pos is None or child.pos_ in pos):
                return child
        if tok.dep_ not in climb or tok.head.i == tok.i:
            return None
        tok = tok.head
        if stop is not None and stop(tok):
            return None
    return None
