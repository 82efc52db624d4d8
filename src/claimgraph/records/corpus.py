"""The records the corpus API returns: small frozen dataclasses, each with a
``to_dict()`` that gives plain JSON values (the web API serves these dicts
as they are; ``docs/corpus.md`` documents every field).

Ids: ``article`` ids are story ids (one per story, across its versions; pick
a version with ``version=``); ``attribution_id`` is the attribution's row in
the store (stable), ``local_id`` its id within its article (``a3``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Generic, Literal, Protocol, TypeVar

from claimgraph.records.ledger import Attribution, Removed, Segment, Via

IngestStatus = Literal["ingested", "unchanged", "updated", "duplicate", "failed", "skipped"]


class _Dictable(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


T = TypeVar("T", bound=_Dictable)


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a listing: ``items`` and the ``total`` matching the query."""

    items: tuple[T, ...]
    total: int
    limit: int
    offset: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "items": [i.to_dict() for i in self.items],
            "total": self.total,
            "limit": self.limit,
            "offset": self.offset,
        }


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What happened to one input article: ``article`` is its story id,
    ``duplicate_of`` the story id of the article it copies."""

    origin: str
    status: IngestStatus
    article: int | None = None
    version: int | None = None
    duplicate_of: int | None = None
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class IngestSummary:
    """Counts of an ingest run; ``failed`` pairs each failed origin with why,
    ``skipped`` each file of an unknown format met in a directory (not a failure)."""

    ingested: int = 0
    unchanged: int = 0
    updated: int = 0
    duplicates: int = 0
    failed: tuple[tuple[str, str], ...] = ()
    results: tuple[IngestResult, ...] = field(default=(), repr=False)
    skipped: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "ingested": self.ingested,
            "unchanged": self.unchanged,
            "updated": self.updated,
            "duplicates": self.duplicates,
            "failed": [{"origin": o, "reason": r} for o, r in self.failed],
            "results": [r.to_dict() for r in self.results],
            "skipped": [{"origin": o, "reason": r} for o, r in self.skipped],
        }

    def line(self) -> str:
        """A one-line summary for people."""
        return (
            f"{self.ingested} ingested, {self.unchanged} unchanged, {self.updated} updated, "
            f"{self.duplicates} duplicates, {len(self.failed)} failed"
            + (f", {len(self.skipped)} skipped" if self.skipped else "")
        )


@dataclass(frozen=True, slots=True)
class Statement:
    """One attribution as stored, with where and when it appeared.

    ``speaker`` is the canonical speaker's name (``speaker_id``) when the
    mention was linked to one, else the name or source text as written;
    ``title`` is the speaker's title as of this article. ``quote`` is the
    content text (segments joined with " … "; empty for a declined comment)
    and ``content`` its segments with offsets into the article version's
    text. ``independent`` is false for an article that is a near-duplicate
    (wire copy) of another outlet's article. ``certainty`` is the level of
    the contract's ``certainty`` (``unknown`` before schema 1.2) and ``via``
    the contract's relay chain (outermost first; empty before 1.2).
    ``role`` is what the statement does with its claim (``asserts``,
    ``disputes``, ``observes``, ``declines``: :mod:`claimgraph.graph.roles`)
    and ``link`` how it joined the claim (``content``: by its wording;
    ``disputes``, ``points-back``, ``restates``, ``relays``,
    ``same-assertion``, ``declines``: through another statement of the same
    article, :mod:`claimgraph.graph.article_claims`); both ``None`` for a
    statement in no claim.

    Dates: ``published`` is the publication date as the source gave it,
    ``date`` the same as ``YYYY-MM-DD`` (``None`` when the article has no
    publication date, or one that does not parse) and ``ingested`` the day
    the article was stored. ``seen`` is ``date``, else ``ingested`` (kept for
    contract 1.x readers; it mixes the two, so show ``date`` and
    ``ingested`` apart).
    """

    attribution_id: int
    local_id: str
    article: int
    version: int
    kind: str
    stance: str
    speaker_id: int | None
    speaker: str | None
    title: str | None
    quote: str
    cue: str
    source: str
    content: tuple[Segment, ...]
    outlet: str | None
    url: str | None
    published: str | None
    seen: str
    claim_id: int | None
    duplicate_of: int | None
    independent: bool
    certainty: str = "unknown"
    via: tuple[Via, ...] = ()
    role: str | None = None
    link: str | None = None
    #: True when the source names several speakers ("Bernie Sanders and Donald
    #: Trump"): the statement is credited to each of them.
    joint: bool = False
    date: str | None = None
    ingested: str | None = None
    #: The contract's ``negated`` (schema 1.3): the cue is negated, the
    #: source did not make the statement ("did not mention").
    negated: bool = False

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["content"] = [s.to_dict() for s in self.content]
        d["via"] = [v.to_dict() for v in self.via]
        return d


@dataclass(frozen=True, slots=True)
class ClaimEvidence:
    """An evidence span of an attribution (schema 1.2 ``evidence``)."""

    attribution_id: int
    article: int
    version: int
    status: str
    kind: str | None
    start: int | None
    end: int | None
    text: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class ClaimSummary:
    """A claim (cluster of attributions stating the same thing).

    ``supporters``/``disputers``/``questioners`` are the speakers whose
    attribution stance is asserting, denying and questioning.
    ``asserting``/``disputing``/``observing``/``declining`` are the speakers
    by their role toward the claim (:mod:`claimgraph.graph.roles`: a hedged
    or relayed report observes, a question or an opposite-polarity wording
    disputes); ``observing`` leaves out speakers who also assert or dispute
    it. ``reports`` counts the independent stories
    that carry it: versions of a story count once, and a wire copy counts
    with its original. ``outlets`` lists every outlet it appeared in;
    ``independent_outlets`` leaves out outlets that only ran a copy.

    ``first_published``/``last_published`` are the earliest and latest
    publication dates (``YYYY-MM-DD``) of its statements' articles and
    ``undated`` counts its statements in articles without a publication
    date; ``first_seen``/``last_seen`` mix publication and ingest dates
    (each statement's ``seen``) and are kept for contract 1.x readers.
    """

    id: int
    canonical: str
    size: int
    supporters: tuple[str, ...]
    disputers: tuple[str, ...]
    questioners: tuple[str, ...]
    disputed: bool
    reports: int
    outlets: tuple[str, ...]
    independent_outlets: tuple[str, ...]
    first_seen: str | None
    last_seen: str | None
    asserting: tuple[str, ...] = ()
    disputing: tuple[str, ...] = ()
    observing: tuple[str, ...] = ()
    declining: tuple[str, ...] = ()
    first_published: str | None = None
    last_published: str | None = None
    undated: int = 0

    def dates(self) -> str:
        """Its publication dates for people: "2026-02-01 … 2026-02-03",
        "2026-02-01 (1 statement undated)", "date unknown"."""
        first, last = self.first_published, self.last_published
        if first is None or last is None:
            return "date unknown"
        span = first if first == last else f"{first} … {last}"
        if self.undated:
            span += f" ({self.undated} statement{'s' if self.undated > 1 else ''} undated)"
        return span

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for key in (
            "supporters",
            "disputers",
            "questioners",
            "outlets",
            "independent_outlets",
            "asserting",
            "disputing",
            "observing",
            "declining",
        ):
            d[key] = list(d[key])
        return d


@dataclass(frozen=True, slots=True)
class ClaimDetail:
    """A claim's ledger: the summary, every statement of it, evidence cited."""

    summary: ClaimSummary
    statements: tuple[Statement, ...]
    evidence: tuple[ClaimEvidence, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.summary.to_dict(),
            "statements": [s.to_dict() for s in self.statements],
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class SpeakerSummary:
    """A canonical speaker across articles: ``name`` the fullest name seen,
    ``aliases`` the others, ``titles`` every title seen (in order; the title
    as of each article is on its statements), ``country`` ISO 3166 alpha-2."""

    id: int
    name: str
    type: str
    country: str | None
    affiliation: str | None
    aliases: tuple[str, ...]
    titles: tuple[str, ...]
    attributions: int
    claims: int
    #: True for a kind of source ("experts", "a U.S. official", "Republicans"):
    #: its count is of statements by such sources, not by one person.
    description: bool = False

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["aliases"] = list(self.aliases)
        d["titles"] = list(self.titles)
        return d


@dataclass(frozen=True, slots=True)
class TitleSeen:
    """A speaker's title as given in one article version: ``date`` is the
    article's publication date (``None`` when unknown), ``seen`` that date
    else the ingest day (kept for contract 1.x readers)."""

    title: str
    article: int
    version: int
    outlet: str | None
    seen: str
    date: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class SpeakerDetail:
    """A speaker, their titles over time and their statements."""

    summary: SpeakerSummary
    titles: tuple[TitleSeen, ...]
    statements: tuple[Statement, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.summary.to_dict(),
            "titles": [t.to_dict() for t in self.titles],
            "statements": [s.to_dict() for s in self.statements],
        }


def article_name(title: str | None, url: str | None, origin: str | None, id: int) -> str:
    """What to call an article: its title, else its URL, else the name of the
    file it was read from (``lethal-aid.txt``, ``feed.jsonl:3``)."""
    if title:
        return title
    if url:
        return url
    path = (origin or "").rstrip("/\\")
    return path.rsplit("/", 1)[-1].rsplit("\\", 1)[-1] or f"article {id}"


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """A story: its latest version's metadata. ``published`` is the
    publication date as given, ``date`` the same as ``YYYY-MM-DD`` (``None``
    when unknown), ``ingested`` when this version was stored and ``origin``
    where it came from (a path or URL)."""

    id: int
    version: int
    versions: int
    url: str | None
    outlet: str | None
    title: str | None
    published: str | None
    duplicate_of: int | None
    attributions: int
    date: str | None = None
    ingested: str | None = None
    origin: str | None = None

    def name(self) -> str:
        """What to call it (:func:`article_name`)."""
        return article_name(self.title, self.url, self.origin, self.id)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class VersionDiff:
    """Attributions added and removed between two versions of a story
    (matched by normalised speaker/source and content text, not offsets)."""

    article: int
    from_version: int
    to_version: int
    added: tuple[Statement, ...]
    removed: tuple[Statement, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "from_version": self.from_version,
            "to_version": self.to_version,
            "added": [s.to_dict() for s in self.added],
            "removed": [s.to_dict() for s in self.removed],
        }


@dataclass(frozen=True, slots=True)
class StoredAttribution:
    """An attribution of a stored article: the contract's attribution as
    ingested, with its row in the store (``attribution_id``), the canonical
    speaker it was linked to (``speaker_id``) and its claim (``claim_id``).

    ``to_dict()`` is the contract attribution object with those three ids
    added after its fields (``docs/corpus.md``).
    """

    attribution: Attribution
    attribution_id: int
    speaker_id: int | None
    claim_id: int | None

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.attribution.to_dict(),
            "attribution_id": self.attribution_id,
            "speaker_id": self.speaker_id,
            "claim_id": self.claim_id,
        }


@dataclass(frozen=True, slots=True)
class ArticleDetail:
    """One version of a story with its text and attribution ledger.

    ``removed`` are the spans marked as not story and ``attributions`` the
    ledger as ingested (see :class:`StoredAttribution`).
    ``changes`` is the diff against the previous version (``None`` for
    version 1). ``duplicate_of``/``duplicates`` are story ids.
    """

    id: int
    version: int
    versions: int
    url: str | None
    outlet: str | None
    title: str | None
    author: str | None
    published: str | None
    origin: str
    sha256: str
    ingested: str
    duplicate_of: int | None
    duplicate_score: float | None
    duplicates: tuple[int, ...]
    text: str
    removed: tuple[Removed, ...]
    attributions: tuple[StoredAttribution, ...]
    changes: VersionDiff | None
    #: ``published`` as ``YYYY-MM-DD``; ``None`` when the article has no
    #: publication date (``ingested`` is when it was stored, not published).
    date: str | None = None

    def name(self) -> str:
        """What to call it (:func:`article_name`)."""
        return article_name(self.title, self.url, self.origin, self.id)

    def to_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "changes"}
        d["duplicates"] = list(self.duplicates)
        d["removed"] = [r.to_dict() for r in self.removed]
        d["attributions"] = [a.to_dict() for a in self.attributions]
        d["changes"] = self.changes.to_dict() if self.changes else None
        return d


__all__ = [
    "ArticleDetail",
    "ArticleSummary",
    "ClaimDetail",
    "ClaimEvidence",
    "ClaimSummary",
    "IngestResult",
    "IngestStatus",
    "IngestSummary",
    "Page",
    "SpeakerDetail",
    "SpeakerSummary",
    "Statement",
    "StoredAttribution",
    "TitleSeen",
    "VersionDiff",
]
