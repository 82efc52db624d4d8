"""The store back-end interface, so that SQLite can be swapped for another
database (PostgreSQL) without touching :class:`claimgraph.corpus.api.Corpus`.

A back end keeps plain rows; it holds no matching or clustering logic. All
writes go through :meth:`Store.transaction`: everything written for one
article happens inside one transaction, so a failure rolls the whole article
back and leaves the rest of the store as it was. Reads may run from other
connections (and threads or processes) while a write is in progress and see
the last committed state.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class StoryVersion:
    """One stored version of a story."""

    article_id: int
    version: int
    sha256: str


@dataclass(frozen=True, slots=True)
class NewArticle:
    """An article version to write."""

    story_id: int
    version: int
    external_id: str
    origin: str
    format: str
    url: str | None
    outlet: str | None
    title: str | None
    author: str | None
    published: str | None
    date: str | None
    text: str
    sha256: str
    removed: str
    schema_version: str | None
    minhash: bytes | None
    duplicate_of: int | None
    duplicate_score: float | None


@dataclass(frozen=True, slots=True)
class NewAttribution:
    """An attribution to write: the indexed columns and the full contract dict."""

    article_id: int
    local_id: str
    kind: str
    stance: str
    certainty: str
    confidence: float | None
    speaker_id: int | None
    speaker_name: str | None
    speaker_title: str | None
    source_text: str
    cue_text: str
    content_text: str
    source_span: tuple[int, int] | None
    cue_span: tuple[int, int] | None
    content_span: tuple[int, int] | None
    diff_key: str
    data: str


@dataclass(frozen=True, slots=True)
class SpeakerRow:
    """A canonical speaker as stored (``id`` 0 for one not yet written)."""

    id: int
    name: str
    type: str
    country: str | None
    affiliation: str | None
    aliases: tuple[str, ...]
    titles: tuple[str, ...]
    named: bool


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """A claim cluster as stored: its centroid and the embedding of its
    canonical wording are unit float32 vectors (bytes)."""

    id: int
    canonical: str
    vector: bytes
    canonical_vector: bytes | None
    size: int


@dataclass(frozen=True, slots=True)
class Signature:
    """The near-duplicate signature of a stored article."""

    article_id: int
    story_id: int
    outlet: str | None
    minhash: bytes
    duplicate_of: int | None


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as the graph rebuild reads it: what orders it
    canonically (``date``, ``sha256``, ``story_key``, ``version``), its
    text and its attributions (row id and contract JSON, in document order)."""

    id: int
    story_key: str
    version: int
    date: str | None
    sha256: str
    text: str
    attributions: tuple[tuple[int, str], ...]


@dataclass(frozen=True, slots=True)
class Graph:
    """The whole claim graph with its ids, as :meth:`Store.replace_graph`
    writes it: speakers with their index keys, credits (attribution, own
    speaker, credited speaker, joint), each attribution's first speaker,
    claims and members (attribution, claim, stance, score, via)."""

    speakers: tuple[SpeakerRow, ...]
    speaker_keys: tuple[tuple[str, int], ...]
    credits: tuple[tuple[int, int, int, bool], ...]
    attribution_speakers: tuple[tuple[int, int], ...]
    claims: tuple[ClaimRow, ...]
    members: tuple[tuple[int, int, str, float, str], ...]


Row = dict[str, Any]


class GraphWriter(Protocol):
    """Where speakers and claims are matched and written: the store (inside
    a transaction) or the in-memory graph of a rebuild."""

    def speaker_candidates(self, keys: Sequence[str]) -> list[SpeakerRow]:
        """Speakers indexed under any of ``keys``, by id."""
        ...

    def add_speaker(self, speaker: SpeakerRow, keys: Sequence[str]) -> int:
        """Write a new speaker (its ``id`` is ignored) and its index keys."""
        ...

    def update_speaker(self, speaker: SpeakerRow, keys: Sequence[str]) -> None:
        """Replace a speaker's fields and add index keys (keys are never removed)."""
        ...

    def set_speaker(self, attribution_id: int, speaker_id: int) -> None:
        """The speaker an attribution's (first) mention matched."""
        ...

    def add_credit(self, attribution_id: int, own_id: int, joint: bool) -> None:
        """Credit an attribution to the speaker its mention matched."""
        ...

    def link_credits(self, own_id: int, speaker_id: int | None) -> None:
        """Count the attributions credited to ``own_id`` for ``speaker_id``
        (``None``: for ``own_id`` itself)."""
        ...

    def credit_counts(self, speaker_ids: Sequence[int]) -> dict[int, int]:
        """How many attributions each speaker's mentions matched (``own_id``)."""
        ...

    def add_claim(self, claim: ClaimRow) -> int:
        """Write a new claim (its ``id`` is ignored)."""
        ...

    def update_claim(self, claim: ClaimRow) -> None: ...

    def add_member(
        self, attribution_id: int, claim_id: int, stance: str, score: float, via: str
    ) -> None: ...


class Store(GraphWriter, Protocol):
    """What :class:`~claimgraph.corpus.api.Corpus` needs from a back end."""

    path: str

    def close(self) -> None: ...

    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction (exclusive: one writer at a time)."""
        ...

    # ---- writes (inside a transaction) ----

    def find_story(self, key: str) -> int | None: ...

    def add_story(self, key: str, url: str | None, outlet: str | None) -> int: ...

    def story_versions(self, story_id: int) -> list[StoryVersion]: ...

    def add_article(self, article: NewArticle) -> int: ...

    def add_attribution(self, attribution: NewAttribution) -> int: ...

    def add_evidence(
        self,
        attribution_id: int,
        status: str,
        kind: str | None,
        span: tuple[int, int] | None,
        text: str | None,
    ) -> None: ...

    def add_version_change(
        self, article_id: int, previous_id: int, change: str, attribution_id: int
    ) -> None: ...

    def add_claim_texts(self, texts: Sequence[tuple[str, bytes, str | None]]) -> None:
        """Keep claim texts' embeddings and clause problems (known texts stay as they are)."""
        ...

    def set_graph_canonical(self, canonical: bool) -> None:
        """Mark the graph as the deterministic rebuild (or as changed since)."""
        ...

    def replace_graph(self, graph: Graph) -> None:
        """Delete every speaker, credit, claim and member and write ``graph``."""
        ...

    def data_version(self) -> int:
        """A number that changes whenever another connection (another
        process, or another store object) commits a write, and only then."""
        ...

    # ---- reads for the graph rebuild (inside a transaction) ----

    def graph_canonical(self) -> bool:
        """Whether the graph is the deterministic rebuild of the stored articles."""
        ...

    def stored_articles(self) -> list[StoredArticle]: ...

    def claim_texts(self) -> dict[str, tuple[bytes, str | None]]:
        """Every kept claim text's embedding and clause problem."""
        ...

    def graph_ids(self) -> tuple[dict[int, int], list[tuple[int, int]]]:
        """As now stored: the claim of each member attribution, and each
        credit's attribution and the speaker its mention matched (``own_id``)."""
        ...

    # ---- bulk reads for the in-memory indexes ----

    def claim_rows(self) -> list[ClaimRow]: ...

    def signatures(self) -> list[Signature]: ...

    def diff_keys(self, article_id: int) -> list[tuple[int, str]]: ...

    # ---- queries (each on its own read connection) ----

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Rows of a read-only query as dicts (column name → value)."""
        ...

    def iter_query(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]: ...
