"""The claim analysis of one article: stance, relay chain, evidence and
dispute links for every attribution.

:func:`analyze_ledger` runs after extraction and speaker resolution (the
spaCy component calls it); :func:`~claimgraph.analysis.acts.apply_declines`
runs before speaker resolution, so that "declined to comment" attributions
get their speaker too. Both are pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc

from claimgraph.analysis.acts import dispute_links, stance_of
from claimgraph.analysis.evidence import attach_evidence
from claimgraph.analysis.relay import relay_chains
from claimgraph.records import Attribution


def analyze_ledger(doc: Doc, attributions: Sequence[Attribution]) -> list[Attribution]:
    """``attributions`` with stance, via, evidence and dispute links filled in."""
    if not attributions:
        return []
    staged: list[Attribution] = []
    for a in attributions:
        staged.append(replace(a, stance=stance_of(doc, a, staged)))
    staged = relay_chains(doc, staged)
    staged = attach_evidence(doc, staged)
    return dispute_links(doc, staged)
