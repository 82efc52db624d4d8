"""The one integration point between the store and the cross-article matching
logic: which stored speaker a speaker mention is, and which claim cluster an
attribution's content joins.

The matching itself lives in :mod:`claimgraph.graph.claims` and
:mod:`claimgraph.graph.speakers`. When that package is not present (it is
developed on its own branch), a simple baseline with the same interface is
used instead: claims join the nearest centroid when a blend of embedding
cosine and word overlap reaches :data:`BASELINE_CLAIM_THRESHOLD`; speakers
match on their normalised name, a surname alone matching the one stored
full name that ends with it. :data:`MATCHER` says which one is in use.

:class:`ClaimIndex` holds the claim centroids in memory (brute-force numpy
dot products; fine for about 10^5 claims) so that clustering is
incremental: a new attribution is compared with the centroids, never with
every stored attribution.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from types import ModuleType
from typing import Any

import numpy as np
import numpy.typing as npt

Vector = npt.NDArray[np.float32]

#: Candidate centroids compared in full for each new attribution.
CANDIDATES = 20
#: Baseline only: minimum same-claim score to join a cluster.
BASELINE_CLAIM_THRESHOLD = 0.62


def _graph(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"claimgraph.graph.{name}")
    except ModuleNotFoundError:
        return None


_CLAIMS = _graph("claims")
_SPEAKERS = _graph("speakers")
#: ``graph`` when claimgraph.graph provides the matching, else ``baseline``.
MATCHER = "graph" if _CLAIMS is not None and _SPEAKERS is not None else "baseline"


@dataclass(frozen=True, slots=True)
class Centroid:
    """A claim cluster's centroid (same fields as ``graph.claims.ClaimCentroid``)."""

    id: int
    vector: Vector
    canonical: str
    size: int


@dataclass(frozen=True, slots=True)
class Entity:
    """A stored speaker (same fields as ``graph.speakers.SpeakerEntity``)."""

    id: int
    name: str
    aliases: tuple[str, ...]
    type: str
    country: str | None
    affiliation: str | None


# --------------------------------------------------------------------------
# claims


def _to_graph_centroid(c: Centroid) -> Any:
    assert _CLAIMS is not None
    return _CLAIMS.ClaimCentroid(id=c.id, vector=c.vector, canonical=c.canonical, size=c.size)


def _from_graph_centroid(c: Any) -> Centroid:
    return Centroid(int(c.id), np.asarray(c.vector, dtype=np.float32), str(c.canonical), c.size)


def assign_claim(
    text: str, vec: Vector, candidates: Sequence[Centroid]
) -> tuple[int | None, float]:
    """The id of the cluster ``text`` states the same claim as, or ``None``
    for a new cluster; and the score of the best candidate."""
    if _CLAIMS is not None:
        found, score = _CLAIMS.assign_claim(text, vec, [_to_graph_centroid(c) for c in candidates])
        return (None if found is None else int(found)), float(score)
    best: tuple[int | None, float] = (None, 0.0)
    for c in candidates:
        score = _baseline_score(text, c.canonical, vec, c.vector)
        if score > best[1]:
            best = (c.id, score)
    return (best[0] if best[1] >= BASELINE_CLAIM_THRESHOLD else None), best[1]


def updated_centroid(c: Centroid, text: str, vec: Vector) -> Centroid:
    """``c`` with one more member: running mean of the vectors, renormalised."""
    if _CLAIMS is not None:
        return _from_graph_centroid(_CLAIMS.updated_centroid(_to_graph_centroid(c), text, vec))
    mean = (c.vector * c.size + vec) / (c.size + 1)
    norm = float(np.linalg.norm(mean)) or 1.0
    return replace(c, vector=(mean / norm).astype(np.float32), size=c.size + 1)


def cluster(texts: Sequence[str]) -> list[int]:
    """Cluster ids (0, 1, …, in order of first appearance) for ``texts``:
    equal ids state the same claim."""
    if _CLAIMS is not None:
        return [int(x) for x in _CLAIMS.cluster(texts)]
    from claimgraph.embeddings import embed

    vectors = embed(list(texts))
    centroids: list[Centroid] = []
    out: list[int] = []
    for text, vec in zip(texts, vectors, strict=True):
        found, _ = assign_claim(text, vec, centroids)
        if found is None:
            centroids.append(Centroid(len(centroids), vec, text, 1))
            out.append(len(centroids) - 1)
        else:
            centroids[found] = updated_centroid(centroids[found], text, vec)
            out.append(found)
    return out


_WORD = re.compile(r"\w+")


def _baseline_score(text_a: str, text_b: str, vec_a: Vector, vec_b: Vector) -> float:
    cosine = max(0.0, min(1.0, float(np.dot(vec_a, vec_b))))
    a = {w.lower() for w in _WORD.findall(text_a)}
    b = {w.lower() for w in _WORD.findall(text_b)}
    overlap = len(a & b) / len(a | b) if a | b else 0.0
    return 0.85 * cosine + 0.15 * overlap


class ClaimIndex:
    """The claim centroids in memory, for incremental assignment."""

    def __init__(self, centroids: Sequence[Centroid] = ()) -> None:
        self._ids: list[int] = []
        self._rows: list[Vector] = []
        self._by_id: dict[int, Centroid] = {}
        self._matrix: Vector | None = None
        for c in centroids:
            self.put(c)

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, claim_id: int) -> Centroid:
        return self._by_id[claim_id]

    def put(self, c: Centroid) -> None:
        """Add a centroid or replace the one with its id."""
        if c.id in self._by_id:
            self._rows[self._ids.index(c.id)] = c.vector
        else:
            self._ids.append(c.id)
            self._rows.append(c.vector)
        self._by_id[c.id] = c
        self._matrix = None

    def candidates(self, vec: Vector, k: int = CANDIDATES) -> list[Centroid]:
        """The ``k`` centroids nearest to ``vec`` (cosine), nearest first."""
        if not self._ids:
            return []
        if self._matrix is None:
            self._matrix = np.vstack(self._rows).astype(np.float32)
        scores = self._matrix @ vec
        order = np.argsort(-scores, kind="stable")[:k]
        return [self._by_id[self._ids[int(i)]] for i in order]


# --------------------------------------------------------------------------
# speakers

_KEY_DROP = re.compile(r"[^\w\s-]")


def speaker_key(speaker: Mapping[str, Any]) -> str:
    """A normalised key for a speaker dict: its name, lower-cased, accents and
    punctuation removed (empty when it has no name)."""
    if _SPEAKERS is not None:
        return str(_SPEAKERS.speaker_key(dict(speaker)))
    name = speaker.get("name") or ""
    folded = unicodedata.normalize("NFKD", str(name))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join(_KEY_DROP.sub(" ", folded.lower()).split())


def _to_graph_entity(e: Entity) -> Any:
    assert _SPEAKERS is not None
    return _SPEAKERS.SpeakerEntity(
        id=e.id,
        name=e.name,
        aliases=e.aliases,
        type=e.type,
        country=e.country,
        affiliation=e.affiliation,
    )


def match_speaker(
    speaker: Mapping[str, Any],
    article_context: Sequence[Mapping[str, Any]],
    candidates: Sequence[Entity],
) -> int | None:
    """The id of the stored speaker this mention is, or ``None`` for a new one.

    ``article_context`` is every speaker dict of the same article.
    """
    if _SPEAKERS is not None:
        found = _SPEAKERS.match_speaker(
            dict(speaker), article_context, [_to_graph_entity(e) for e in candidates]
        )
        return None if found is None else int(found)
    key = speaker_key(speaker)
    if not key:
        return None
    for e in candidates:
        if key == speaker_key({"name": e.name}) or key in e.aliases:
            return e.id
    if " " not in key:  # a surname alone: the one stored full name ending in it
        ends = [e.id for e in candidates if speaker_key({"name": e.name}).endswith(" " + key)]
        if len(ends) == 1:
            return ends[0]
    return None
