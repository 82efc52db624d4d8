"""Linking an article's attributions into the claim graph: which speaker each
mention is and which claim each statement joins.

:class:`GraphLinker` is shared by the incremental ingest
(:class:`claimgraph.corpus.ingest.Ingester`, writing to the store inside the
article's transaction) and the deterministic rebuild
(:mod:`claimgraph.corpus.recluster`, writing to an in-memory graph first).
Both hand it a :class:`~claimgraph.corpus.store.base.GraphWriter`; the
matching itself is :mod:`claimgraph.graph`'s
(:func:`~claimgraph.graph.speakers.match_stored_speaker`,
:func:`~claimgraph.graph.claims.assign_claim` over the nearest centroids of
a :class:`ClaimIndex`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import numpy.typing as npt

from claimgraph.corpus.store.base import ClaimRow, GraphWriter, SpeakerRow
from claimgraph.graph import claims as graph_claims
from claimgraph.graph import speakers as graph_speakers
from claimgraph.graph.article_claims import plan_article
from claimgraph.graph.claims import ClaimCentroid
from claimgraph.graph.speakers import ArticleContext, SpeakerEntity, SpeakerFacts
from claimgraph.learned.embeddings import DIMENSIONS
from claimgraph.records import Attribution

Vector = npt.NDArray[np.float32]
#: Candidate centroids scored in full for each new attribution.
CANDIDATES = 20


def vector_bytes(vec: npt.NDArray[Any]) -> bytes:
    return np.asarray(vec, dtype=np.float32).tobytes()


def vector_from(raw: bytes) -> Vector:
    return np.frombuffer(raw, dtype=np.float32).copy()


def centroid_from(row: ClaimRow) -> ClaimCentroid:
    return ClaimCentroid(
        id=row.id,
        vector=vector_from(row.vector),
        canonical=row.canonical,
        size=row.size,
        canonical_vector=vector_from(row.canonical_vector) if row.canonical_vector else None,
    )


def claim_row(c: ClaimCentroid) -> ClaimRow:
    canonical = c.canonical_vector
    return ClaimRow(
        c.id,
        c.canonical,
        vector_bytes(c.vector),
        vector_bytes(canonical) if canonical is not None else None,
        c.size,
    )


def entity_from(row: SpeakerRow) -> SpeakerEntity:
    return SpeakerEntity(
        id=row.id,
        name=row.name,
        aliases=row.aliases,
        type=row.type,
        country=row.country,
        affiliation=row.affiliation,
        titles=row.titles,
        named=row.named,
    )


def speaker_row(e: SpeakerEntity) -> SpeakerRow:
    return SpeakerRow(e.id, e.name, e.type, e.country, e.affiliation, e.aliases, e.titles, e.named)


class ClaimIndex:
    """The claim centroids in memory, so clustering is incremental: a new
    attribution is scored against the nearest centroids (brute-force numpy
    dot products over a matrix updated in place, fine for about 10^5
    claims), never against every stored attribution. Swap this class for an
    approximate-nearest-neighbour index to go further."""

    def __init__(self, centroids: Sequence[ClaimCentroid] = ()) -> None:
        self._ids: list[int] = []
        self._row: dict[int, int] = {}
        self._by_id: dict[int, ClaimCentroid] = {}
        self._matrix: Vector = np.zeros((max(len(centroids), 64), DIMENSIONS), dtype=np.float32)
        for c in centroids:
            self.put(c)

    def __len__(self) -> int:
        return len(self._ids)

    def get(self, claim_id: int) -> ClaimCentroid:
        return self._by_id[claim_id]

    def put(self, c: ClaimCentroid) -> None:
        """Add a centroid, or replace the one with its id."""
        row = self._row.get(c.id)
        if row is None:
            row = len(self._ids)
            if row == len(self._matrix):
                grown = np.zeros((2 * row, DIMENSIONS), dtype=np.float32)
                grown[:row] = self._matrix
                self._matrix = grown
            self._ids.append(c.id)
            self._row[c.id] = row
        self._matrix[row] = np.asarray(c.vector, dtype=np.float32)
        self._by_id[c.id] = c

    def nearest(self, vec: Vector, k: int = CANDIDATES) -> list[ClaimCentroid]:
        """The ``k`` centroids nearest ``vec`` (cosine), nearest first (ties:
        the older claim first)."""
        n = len(self._ids)
        if n == 0:
            return []
        scores = self._matrix[:n] @ np.asarray(vec, dtype=np.float32)
        if n > k:
            top = np.argpartition(-scores, k - 1)[:k]
            order = top[np.lexsort((top, -scores[top]))]
        else:
            order = np.lexsort((np.arange(n), -scores))
        return [self._by_id[self._ids[int(i)]] for i in order]


class GraphLinker:
    """Links one article's attributions (already written, ``row_ids`` maps
    each local id to its row) to speakers and claims through ``graph``.

    ``claims`` holds the centroids to match against; the centroids an
    article creates or moves are returned by :meth:`link`, for the caller
    to put into ``claims`` once they are committed.
    """

    def __init__(self, graph: GraphWriter, claims: ClaimIndex) -> None:
        self.graph = graph
        self.claims = claims

    def link(
        self,
        items: Sequence[Attribution],
        article_text: str,
        row_ids: Mapping[str, int],
        vectors: Mapping[str, Vector],
        problems: Mapping[str, str | None],
        *,
        link_surnames: bool = True,
    ) -> tuple[tuple[ClaimCentroid, ...], set[str]]:
        """Credit speakers and assign claims; return the centroids changed and
        the surnames met (linked here unless ``link_surnames`` is off)."""
        surnames = self._speakers(items, row_ids)
        if link_surnames:
            self.link_surnames(sorted(surnames))
        return self._claims(items, article_text, row_ids, vectors, problems), surnames

    def _speakers(self, items: Sequence[Attribution], row_ids: Mapping[str, int]) -> set[str]:
        context = ArticleContext.from_attributions(items)
        seen: dict[SpeakerFacts, int | None] = {}
        surnames: set[str] = set()
        for a in items:
            speaker = SpeakerFacts.of(a.speaker) if a.speaker else None
            members = graph_speakers.speaker_members(speaker) if speaker else ()
            credited: list[int] = []
            for member in members:
                if member not in seen:
                    keys = graph_speakers.candidate_keys(member, context=context)
                    seen[member] = self._speaker(member, keys, context)
                    surnames.update(
                        k.removeprefix("surname:") for k in keys if k.startswith("surname:")
                    )
                found = seen[member]
                if found is not None and found not in credited:
                    credited.append(found)
            row_id = row_ids[a.id]
            if credited:
                self.graph.set_speaker(row_id, credited[0])
            joint = len(members) > 1 or any(m.joint for m in members)
            for speaker_id in credited:
                self.graph.add_credit(row_id, speaker_id, joint)
        return surnames

    def _speaker(
        self, speaker: SpeakerFacts, keys: Sequence[str], context: ArticleContext
    ) -> int | None:
        """The stored speaker this mention (looked up by ``keys``) is:
        matched, or created; ``None`` for a mention that names nobody
        matchable ("the official" unresolved)."""
        found: int | None = None
        if keys:
            candidates = [entity_from(r) for r in self.graph.speaker_candidates(keys)]
            found = graph_speakers.match_stored_speaker(speaker, candidates, context=context)
            if found is not None:
                entity = next(c for c in candidates if c.id == found)
                merged = graph_speakers.merged_entity(entity, speaker, context=context)
                if merged != entity:
                    self.graph.update_speaker(
                        speaker_row(merged), graph_speakers.entity_keys(merged)
                    )
            else:
                entity = graph_speakers.entity_from_speaker(0, speaker, context=context)
                # indexed under its own keys and the keys this mention was
                # looked up by, so that the same mention finds it again
                found = self.graph.add_speaker(
                    speaker_row(entity), (*graph_speakers.entity_keys(entity), *keys)
                )
        return found

    def link_surnames(self, surnames: Sequence[str]) -> None:
        """Credit each surname-only speaker with these surnames to the person
        :func:`~claimgraph.graph.speakers.link_partial` finds (recomputed from
        the stored entities, so the result does not depend on article order)."""
        for surname in surnames:
            entities = [
                entity_from(r) for r in self.graph.speaker_candidates([f"surname:{surname}"])
            ]
            counts = self.graph.credit_counts([e.id for e in entities])
            for e in entities:
                if graph_speakers.is_partial(e):
                    target = graph_speakers.link_partial(e, entities, counts)
                    self.graph.link_credits(e.id, target)

    def _claims(
        self,
        items: Sequence[Attribution],
        article_text: str,
        row_ids: Mapping[str, int],
        vectors: Mapping[str, Vector],
        problems: Mapping[str, str | None],
    ) -> tuple[ClaimCentroid, ...]:
        staged: dict[int, ClaimCentroid] = {}
        claim_of: dict[str, int] = {}
        plans = plan_article(items, article_text, problems, vectors)
        stances = {a.id: a.stance for a in items}
        # statements with a claim of their own first (matched across
        # articles), then those that join another's claim within the article
        for plan in plans:
            if plan.action == "own" and plan.text in vectors:
                claim_of[plan.local_id] = self._claim(
                    row_ids[plan.local_id],
                    plan.text,
                    vectors[plan.text],
                    stances[plan.local_id],
                    staged,
                )
        for plan in plans:
            if plan.action == "join" and plan.joins in claim_of:
                self.graph.add_member(
                    row_ids[plan.local_id],
                    claim_of[plan.joins],
                    stances[plan.local_id],
                    1.0,
                    plan.link,
                )
        return tuple(staged.values())

    def _claim(
        self,
        attribution_id: int,
        text: str,
        vec: Vector,
        stance: str,
        staged: dict[int, ClaimCentroid],
    ) -> int:
        nearest = [staged.get(c.id, c) for c in self.claims.nearest(vec)]
        known = {c.id for c in nearest}
        candidates = nearest + [c for i, c in staged.items() if i not in known]
        found, score = graph_claims.assign_claim(text, vec, candidates)
        if found is None:
            new = graph_claims.new_centroid(0, text, vec)
            claim_id = self.graph.add_claim(claim_row(new))
            staged[claim_id] = replace(new, id=claim_id)
            self.graph.add_member(attribution_id, claim_id, stance, 1.0, "content")
            return claim_id
        current = staged.get(found) or self.claims.get(found)
        updated = graph_claims.updated_centroid(current, text, vec)
        self.graph.update_claim(claim_row(updated))
        staged[found] = updated
        self.graph.add_member(attribution_id, found, stance, score, "content")
        return found
