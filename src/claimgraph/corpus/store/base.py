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


Row = dict[str, Any]


class Store(Protocol):
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

    def speaker_candidates(self, keys: Sequence[str]) -> list[SpeakerRow]:
        """Speakers indexed under any of ``keys``."""
        ...

    def add_speaker(self, speaker: SpeakerRow, keys: Sequence[str]) -> int:
        """Write a new speaker (its ``id`` is ignored) and its index keys."""
        ...

    def update_speaker(self, speaker: SpeakerRow, keys: Sequence[str]) -> None:
        """Replace a speaker's fields and add index keys (keys are never removed)."""
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

    def add_attribution(self, attribution: NewAttribution) -> int: ...

    def add_member(
        self, attribution_id: int, claim_id: int, stance: str, score: float, via: str
    ) -> None: ...

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

    # ---- bulk reads for the in-memory indexes ----

    def claim_rows(self) -> list[ClaimRow]: ...

    def signatures(self) -> list[Signature]: ...

    def diff_keys(self, article_id: int) -> list[tuple[int, str]]: ...

    # ---- queries (each on its own read connection) ----

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Rows of a read-only query as dicts (column name → value)."""
        ...

    def iter_query(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]: ...
