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

from claimgraph.analysis.acts import DISPUTE_WINDOW, dispute_links, negated_cue, stance_of
from claimgraph.analysis.certainty import certainty_level, find_hedges
from claimgraph.analysis.evidence import attach_evidence
from claimgraph.analysis.relay import relay_chains
from claimgraph.extract.spans import sentence_bounds
from claimgraph.records import Attribution, Certainty, HedgeCue


def analyze_ledger(doc: Doc, attributions: Sequence[Attribution]) -> list[Attribution]:
    """``attributions`` with stance, ``negated``, via, evidence and dispute
    links filled in."""
    if not attributions:
        return []
    staged: list[Attribution] = []
    for a in attributions:
        staged.append(
            replace(
                a,
                stance=stance_of(doc, a, staged[-DISPUTE_WINDOW:]),
                negated=negated_cue(doc, a),
                certainty=attribution_certainty(doc, a),
            )
        )
    staged = relay_chains(doc, staged)
    staged = attach_evidence(doc, staged)
    return dispute_links(doc, staged)


def attribution_certainty(doc: Doc, att: Attribution) -> Certainty:
    """The certainty of ``att``: hedges in its content (the speaker's words,
    scope ``speaker``) and in the rest of its cue's sentence (the reporter's
    framing, scope ``reporter``: the cue "believe", "is thought to",
    "reportedly"). Combined by
    :func:`~claimgraph.analysis.certainty.certainty_level`; a plain
    assertion is ``certain``; an attribution without content (one that
    declines to comment) is ``unknown``."""
    if not att.content:
        return Certainty("unknown")
    cues: list[HedgeCue] = []
    for seg in att.content:
        cues.extend(replace(c, scope="speaker") for c in find_hedges(doc, seg.start, seg.end))
    if att.cue:
        sent_start, sent_end = sentence_bounds(doc, att.cue[0].start)
        lo = min(sent_start, att.content[0].start)
        hi = max(sent_end, att.content[-1].end)
        gaps = [lo, *(x for seg in att.content for x in (seg.start, seg.end)), hi]
        for start, end in zip(gaps[::2], gaps[1::2], strict=True):
            if start < end:
                found = find_hedges(doc, start, end)
                cues.extend(replace(c, scope="reporter") for c in found)
    cues.sort(key=lambda c: (c.start, c.end))
    return Certainty(certainty_level(cues, "certain"), tuple(cues))
