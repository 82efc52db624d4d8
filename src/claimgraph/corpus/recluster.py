"""Rebuilding the claim graph deterministically (``claimgraph recluster``).

Claims and speakers are assigned incrementally while articles are ingested,
so what a store holds would depend on the order articles arrived in, on
concurrent writers and on interrupted runs. :func:`recluster` makes it a
function of the set of stored articles alone: it forgets every speaker,
credit, claim and member and links the stored attributions again, article
by article in a canonical order that depends only on their content
(:func:`canonical_key`), with the same matching as an ingest
(:class:`~claimgraph.corpus.linking.GraphLinker`), into an in-memory graph
that is written in one transaction (readers see the old graph or the new
one, never half of it).

Ids: a rebuilt claim (speaker) keeps the id of the stored claim (speaker)
that held most of its attributions, so bookmarks survive while the grouping
stays the same; a claim that is new, or the smaller part of a split, gets a
fresh id above every stored one.

The embeddings and clause problems of claim texts are kept in the store
(``claim_texts``) when articles are ingested, so no model is needed; texts
stored by an older claimgraph are computed once by ``compute``.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace

from claimgraph.corpus.linking import ClaimIndex, GraphLinker, Vector, vector_bytes, vector_from
from claimgraph.corpus.store.base import ClaimRow, Graph, SpeakerRow, Store, StoredArticle
from claimgraph.errors import StoreError
from claimgraph.graph.claims import claim_text
from claimgraph.records import Attribution
from claimgraph.records.parse import attribution_from_dict

#: Computes the embedding and clause problem of claim texts the store lacks.
Compute = Callable[[Sequence[str]], Mapping[str, tuple[Vector, str | None]]]


@dataclass(frozen=True, slots=True)
class ReclusterSummary:
    """What a rebuild found: articles read, claims and speakers written."""

    articles: int
    claims: int
    speakers: int

    def to_dict(self) -> dict[str, int]:
        return {"articles": self.articles, "claims": self.claims, "speakers": self.speakers}

    def line(self) -> str:
        return (
            f"rebuilt the claim graph of {self.articles} articles: "
            f"{self.claims} claims, {self.speakers} speakers"
        )


def canonical_key(article: StoredArticle) -> tuple[bool, str, str, str, int]:
    """The order articles are linked in: by publication date (undated last),
    then by the SHA-256 of the text, the story key and the version — never by
    row id or arrival."""
    return (
        article.date is None,
        article.date or "",
        article.sha256,
        article.story_key,
        article.version,
    )


def stable_ids(
    groups: Mapping[int, Collection[int]], old_of: Mapping[int, Collection[int]]
) -> dict[int, int]:
    """Final ids for rebuilt groups (new id → its attribution ids): each
    keeps the old id holding most of its attributions (``old_of``:
    attribution → old ids), the largest overlaps first (ties: the lower
    ids); the others get fresh ids above every old one, in new-id order."""
    pairs = []
    for new, attributions in groups.items():
        counts = Counter(old for a in attributions for old in old_of.get(a, ()))
        pairs += [(-n, new, old) for old, n in counts.items()]
    final: dict[int, int] = {}
    taken: set[int] = set()
    for _, new, old in sorted(pairs):
        if new not in final and old not in taken:
            final[new] = old
            taken.add(old)
    fresh = max((o for olds in old_of.values() for o in olds), default=0) + 1
    for new in sorted(groups):
        if new not in final:
            final[new] = fresh
            fresh += 1
    return final


class MemoryGraph:
    """A :class:`~claimgraph.corpus.store.base.GraphWriter` in memory, with
    the store's semantics (ids from 1, credits added once)."""

    def __init__(self) -> None:
        self.speakers: dict[int, SpeakerRow] = {}
        self.keys: dict[str, set[int]] = defaultdict(set)
        self.speaker_keys: dict[int, dict[str, None]] = defaultdict(dict)
        self.credits: dict[tuple[int, int], tuple[int, bool]] = {}
        self.credited: dict[int, list[int]] = defaultdict(list)
        self.first_speaker: dict[int, int] = {}
        self.claims: dict[int, ClaimRow] = {}
        self.members: dict[int, tuple[int, str, float, str]] = {}

    def speaker_candidates(self, keys: Sequence[str]) -> list[SpeakerRow]:
        found = set().union(*(self.keys.get(k, set()) for k in keys)) if keys else set()
        return [self.speakers[i] for i in sorted(found)]

    def add_speaker(self, speaker: SpeakerRow, keys: Sequence[str]) -> int:
        speaker_id = len(self.speakers) + 1
        self.speakers[speaker_id] = replace(speaker, id=speaker_id)
        self._set_keys(speaker_id, keys)
        return speaker_id

    def update_speaker(self, speaker: SpeakerRow, keys: Sequence[str]) -> None:
        self.speakers[speaker.id] = speaker
        self._set_keys(speaker.id, keys)

    def _set_keys(self, speaker_id: int, keys: Sequence[str]) -> None:
        for key in keys:
            self.keys[key].add(speaker_id)
            self.speaker_keys[speaker_id][key] = None

    def set_speaker(self, attribution_id: int, speaker_id: int) -> None:
        self.first_speaker[attribution_id] = speaker_id

    def add_credit(self, attribution_id: int, own_id: int, joint: bool) -> None:
        if (attribution_id, own_id) not in self.credits:
            self.credits[(attribution_id, own_id)] = (own_id, joint)
            self.credited[own_id].append(attribution_id)

    def link_credits(self, own_id: int, speaker_id: int | None) -> None:
        target = own_id if speaker_id is None else speaker_id
        for attribution_id in self.credited[own_id]:
            joint = self.credits[(attribution_id, own_id)][1]
            self.credits[(attribution_id, own_id)] = (target, joint)

    def credit_counts(self, speaker_ids: Sequence[int]) -> dict[int, int]:
        return {i: len(self.credited[i]) for i in speaker_ids if self.credited.get(i)}

    def add_claim(self, claim: ClaimRow) -> int:
        claim_id = len(self.claims) + 1
        self.claims[claim_id] = replace(claim, id=claim_id)
        return claim_id

    def update_claim(self, claim: ClaimRow) -> None:
        self.claims[claim.id] = claim

    def add_member(
        self, attribution_id: int, claim_id: int, stance: str, score: float, via: str
    ) -> None:
        self.members[attribution_id] = (claim_id, stance, score, via)

    def renumbered(
        self, old_claims: Mapping[int, int], old_credits: Sequence[tuple[int, int]]
    ) -> Graph:
        """The graph with :func:`stable_ids` against the stored ids."""
        by_claim: dict[int, list[int]] = defaultdict(list)
        for attribution_id, m in sorted(self.members.items()):
            by_claim[m[0]].append(attribution_id)
        claim_ids = stable_ids(
            {c: by_claim[c] for c in self.claims}, {a: (c,) for a, c in old_claims.items()}
        )
        old_speakers: dict[int, list[int]] = defaultdict(list)
        for attribution_id, own in old_credits:
            old_speakers[attribution_id].append(own)
        speaker_ids = stable_ids({s: self.credited[s] for s in self.speakers}, old_speakers)
        return Graph(
            speakers=tuple(
                sorted(
                    (replace(s, id=speaker_ids[i]) for i, s in self.speakers.items()),
                    key=lambda s: s.id,
                )
            ),
            speaker_keys=tuple(
                sorted((k, speaker_ids[i]) for i, keys in self.speaker_keys.items() for k in keys)
            ),
            credits=tuple(
                sorted(
                    (a, speaker_ids[own], speaker_ids[to], joint)
                    for (a, own), (to, joint) in self.credits.items()
                )
            ),
            attribution_speakers=tuple(
                sorted((a, speaker_ids[s]) for a, s in self.first_speaker.items())
            ),
            claims=tuple(
                sorted(
                    (replace(c, id=claim_ids[i]) for i, c in self.claims.items()),
                    key=lambda c: c.id,
                )
            ),
            members=tuple(
                sorted(
                    (a, claim_ids[c], stance, score, via)
                    for a, (c, stance, score, via) in self.members.items()
                )
            ),
        )


def _parsed(article: StoredArticle) -> tuple[list[Attribution], dict[str, int]]:
    items: list[Attribution] = []
    row_ids: dict[str, int] = {}
    for row_id, data in article.attributions:
        a = attribution_from_dict(json.loads(data))
        items.append(a)
        row_ids[a.id] = row_id
    return items, row_ids


def _claim_texts(
    store: Store, parsed: Sequence[tuple[StoredArticle, list[Attribution], dict[str, int]]]
) -> tuple[set[str], list[str]]:
    """The claim texts of ``parsed``, and those the store keeps no embedding of."""
    wanted = {t for a, items, _ in parsed for item in items if (t := claim_text(item, a.text))}
    return wanted, sorted(wanted - store.claim_texts().keys())


def _keep(store: Store, texts: Sequence[str], compute: Compute | None) -> None:
    if compute is None:
        raise StoreError(
            f"{len(texts)} claim texts of {store.path} have no stored embedding; "
            "run 'claimgraph recluster' to compute them"
        )
    computed = compute(texts)
    store.add_claim_texts([(t, vector_bytes(computed[t][0]), computed[t][1]) for t in texts])


def recluster(store: Store, compute: Compute | None = None) -> ReclusterSummary:
    """Rebuild every claim and speaker of ``store`` from its articles, in one
    transaction; see the module's documentation. Claim texts without a
    stored embedding (a store from before schema 4) are computed by
    ``compute`` first, before that transaction takes the write lock, so
    that other writers are not kept waiting while the models load.

    Raises:
        StoreError: the store is busy or read-only, or claim texts lack
            their embeddings and no ``compute`` was given.
    """
    if compute is not None:
        _, missing = _claim_texts(store, [(a, *_parsed(a)) for a in store.stored_articles()])
        if missing:
            computed = compute(missing)
            with store.transaction():
                _keep(store, missing, lambda _: computed)
    with store.transaction():
        articles = sorted(store.stored_articles(), key=canonical_key)
        parsed = [(a, *_parsed(a)) for a in articles]
        wanted, missing = _claim_texts(store, parsed)
        if missing:  # stored by another process meanwhile
            _keep(store, missing, compute)
        kept = store.claim_texts()
        vectors = {t: vector_from(kept[t][0]) for t in wanted}
        problems = {t: kept[t][1] for t in wanted}
        graph = MemoryGraph()
        linker = GraphLinker(graph, ClaimIndex())
        surnames: set[str] = set()
        for article, items, row_ids in parsed:
            centroids, names = linker.link(
                items, article.text, row_ids, vectors, problems, link_surnames=False
            )
            surnames |= names
            for c in centroids:
                linker.claims.put(c)
        linker.link_surnames(sorted(surnames))
        store.replace_graph(graph.renumbered(*store.graph_ids()))
        store.set_graph_canonical(True)
    return ReclusterSummary(len(articles), len(graph.claims), len(graph.speakers))
