"""Claim analysis over parsed text: how certain a claim is presented as being
(:mod:`claimgraph.analysis.certainty`), and more to come.

Modules here are pure functions over spaCy ``Doc``/``Span`` objects and plain
data; loading a pipeline for plain text lives in
:mod:`claimgraph.analysis.text_api`.
"""

from __future__ import annotations
