"""The claim graph across articles: claims clustered, speakers matched.

- :mod:`claimgraph.graph.claims` — the same-claim score, claim centroids
  (incremental assignment) and :func:`~claimgraph.graph.claims.cluster`.
- :mod:`claimgraph.graph.speakers` — speaker identity across articles: the
  rules, and every public name of the modules that implement them:
  :mod:`~claimgraph.graph.speaker_records` (the records),
  :mod:`~claimgraph.graph.speaker_names` (names normalised, joint sources),
  :mod:`~claimgraph.graph.speaker_keys` (types and keys),
  :mod:`~claimgraph.graph.speaker_resolution` (within an article),
  :mod:`~claimgraph.graph.speaker_matching` (index keys, matching) and
  :mod:`~claimgraph.graph.speaker_entities` (entities built and merged, the
  store's identity rules).
- :mod:`claimgraph.analysis.lexical` — the lexical signals the score uses.
- :mod:`claimgraph.graph.proposition` — which attributions state a claim a
  reader would accept (over a spaCy parse of the claim text).
- :mod:`claimgraph.graph.article_claims` — which claim each attribution of
  one article belongs to (denials, pointers, restatements, relays).
- :mod:`claimgraph.graph.roles` — what each member does with its claim:
  asserts, disputes, observes or declines.

All pure functions over plain data; nothing here reads or writes a store.
Importing this package does not import torch or ONNX Runtime (only
:func:`~claimgraph.graph.claims.cluster` embeds, on first use, with ONNX Runtime).
"""

from __future__ import annotations

from claimgraph.analysis.lexical import negated
from claimgraph.graph.claims import (
    ClaimCentroid,
    assign_claim,
    claim_text,
    cluster,
    cluster_vectors,
    new_centroid,
    same_claim_score,
    updated_centroid,
)
from claimgraph.graph.speaker_keys import speaker_key
from claimgraph.graph.speaker_matching import candidate_keys, match_speaker
from claimgraph.graph.speaker_records import SpeakerEntity
from claimgraph.graph.speaker_resolution import ArticleContext

__all__ = [
    "ArticleContext",
    "ClaimCentroid",
    "SpeakerEntity",
    "assign_claim",
    "candidate_keys",
    "claim_text",
    "cluster",
    "cluster_vectors",
    "match_speaker",
    "negated",
    "new_centroid",
    "same_claim_score",
    "speaker_key",
    "updated_centroid",
]
