"""Claim analysis: how each attribution is made, and stance/certainty on any text.

- :mod:`claimgraph.analysis.ledger` — the per-article pass that fills each
  attribution's stance, certainty, evidence, relay chain and dispute links.
- :mod:`claimgraph.analysis.acts` — stance of an attribution and the
  "declined to comment" attributions.
- :mod:`claimgraph.analysis.relay` — relay chains (``via``).
- :mod:`claimgraph.analysis.evidence` — evidence cited or said to be missing.
- :mod:`claimgraph.analysis.certainty` — hedge and booster cues, certainty
  levels.
- :mod:`claimgraph.analysis.stance` — does a text support, refute, report
  or ignore a claim (``claimgraph.stance``), with
  :mod:`~claimgraph.analysis.stance_signals` and
  :mod:`~claimgraph.eval.pairs` (sentence-pair corpus readers).
- :mod:`claimgraph.analysis.text_api` — loading a pipeline for plain text
  (``claimgraph.certainty(text)``).

Modules here are pure functions over spaCy ``Doc``/``Span`` objects and plain
data.
"""

from __future__ import annotations
