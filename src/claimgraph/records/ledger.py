"""Typed records that flow through claimgraph.

Every record is a small frozen dataclass. Offsets are Python ``str`` indices
(Unicode code points) into the text as given, end exclusive, so
``text[seg.start:seg.end] == seg.text`` always holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

AttributionKind = Literal["direct", "indirect", "mixed", "belief"]
RemovedKind = Literal["update_note", "appeal", "byline", "read_more"]
SpeakerType = Literal[
    "person", "organization", "government", "media", "document", "anonymous", "unknown"
]
StanceLabel = Literal["asserts", "denies", "questions", "declines_to_comment"]
CertaintyLevel = Literal["certain", "probable", "possible", "unknown"]
EvidenceStatus = Literal["cited", "none_given", "not_stated"]
EvidenceKind = Literal["cited", "none_given", "claimed"]
ViaRelation = Literal[
    "quoted_by",
    "reported_by",
    "citing",
    "according_to",
    "told",
    "interview",
    "quoted_as_saying",
    "relayed_by",
]


@dataclass(frozen=True, slots=True)
class Segment:
    """A contiguous character span of the article text."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who an attribution is by, resolved as far as the text allows.

    ``mention`` is the text of the source span as written ("he", "the
    official"); ``name`` is the named mention it resolves to, if any.
    ``type``, ``country`` (ISO 3166-1 alpha-2), ``countries`` (all codes, for
    a group such as "U.S. and British intelligence services"),
    ``anonymous``, ``plural`` and ``seniority`` describe who it is (see
    :mod:`claimgraph.extract.speaker_profile`).
    """

    mention: str
    name: str | None = None
    title: str | None = None
    affiliation: str | None = None
    nationality: str | None = None
    descriptor: str | None = None
    type: SpeakerType = "unknown"
    country: str | None = None
    countries: tuple[str, ...] = ()
    anonymous: bool = False
    plural: bool = False
    seniority: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "affiliation": self.affiliation,
            "nationality": self.nationality,
            "mention": self.mention,
            "descriptor": self.descriptor,
            "type": self.type,
            "country": self.country,
            "countries": list(self.countries),
            "anonymous": self.anonymous,
            "plural": self.plural,
            "seniority": self.seniority,
        }


@dataclass(frozen=True, slots=True)
class HedgeCue:
    """A word or phrase that weakens (or, for a booster, strengthens) a claim.

    ``scope`` is ``speaker`` for a cue inside the attributed content (the
    speaker's own hedge) and ``reporter`` for one in the reporter's framing
    ("is thought to", "reportedly", the cue verb "believe").
    """

    start: int
    end: int
    text: str
    kind: str
    level: CertaintyLevel
    scope: Literal["speaker", "reporter", "text"] = "text"

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "level": self.level,
            "scope": self.scope,
        }


@dataclass(frozen=True, slots=True)
class Certainty:
    """How sure the claim is presented as being, with the cues that say so."""

    level: CertaintyLevel
    cues: tuple[HedgeCue, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "cues": [c.to_dict() for c in self.cues]}


@dataclass(frozen=True, slots=True)
class EvidenceSpan:
    """A stretch of text about the evidence for a claim.

    ``cited``: evidence given ("the 64% growth in Russian-Chinese trade");
    ``none_given``: the text says none was given ("without providing
    evidence"); ``claimed``: the speaker says evidence exists without giving
    it ("we have evidence that").
    """

    start: int
    end: int
    text: str
    kind: EvidenceKind

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind}


@dataclass(frozen=True, slots=True)
class Evidence:
    """The evidence status of an attribution and the spans that show it."""

    status: EvidenceStatus = "not_stated"
    spans: tuple[EvidenceSpan, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "spans": [s.to_dict() for s in self.spans]}


@dataclass(frozen=True, slots=True)
class Via:
    """One link of a relay chain: an outlet, document or intermediary.

    ``start``/``end``/``text`` locate the phrase that names it ("as quoted by
    Reuters", "that report"); ``refers_to`` is the earlier text a phrase such
    as "that report" stands for, when it was resolved.
    """

    name: str | None
    type: SpeakerType
    relation: ViaRelation
    start: int
    end: int
    text: str
    refers_to: Segment | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "relation": self.relation,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "refers_to": self.refers_to.to_dict() if self.refers_to else None,
        }


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution relation: a source, a cue and the content attributed.

    Each role is a tuple of segments because spans may be discontinuous.
    ``parent`` is the id of the attribution this one is nested inside (its
    content contains this attribution's cue), or ``None``. ``confidence`` is
    the calibrated probability that the attribution is right (see
    ``docs/learned-model.md``), or ``None`` when no calibration is available.

    The claim analysis (:mod:`claimgraph.analysis.ledger`) fills ``stance``,
    ``certainty``, ``evidence``, ``via`` and the ``disputed_by``/``disputes``
    links between attributions of the same article, and ``negated``: the cue
    is negated ("has not condemned", "did not mention"), so the source did
    not make the statement; ``stance`` then says how the negation reads (see
    :func:`claimgraph.analysis.acts.stance_of`). An attribution with stance
    ``declines_to_comment`` has no content.
    """

    id: str
    kind: AttributionKind
    source: tuple[Segment, ...]
    cue: tuple[Segment, ...]
    content: tuple[Segment, ...]
    speaker: Speaker | None = None
    parent: str | None = None
    rule: str = ""
    confidence: float | None = None
    stance: StanceLabel = "asserts"
    certainty: Certainty | None = None
    evidence: Evidence = field(default_factory=Evidence)
    via: tuple[Via, ...] = ()
    disputed_by: tuple[str, ...] = ()
    disputes: tuple[str, ...] = ()
    negated: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "source": [s.to_dict() for s in self.source],
            "cue": [s.to_dict() for s in self.cue],
            "content": [s.to_dict() for s in self.content],
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "parent": self.parent,
            "rule": self.rule,
            "confidence": self.confidence,
            "stance": self.stance,
            "certainty": (self.certainty or Certainty("unknown")).to_dict(),
            "evidence": self.evidence.to_dict(),
            "via": [v.to_dict() for v in self.via],
            "disputed_by": list(self.disputed_by),
            "disputes": list(self.disputes),
            "negated": self.negated,
        }


@dataclass(frozen=True, slots=True)
class Removed:
    """A stretch of text that is not part of the story (marked, never dropped)."""

    kind: RemovedKind
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """An article as read from input, before analysis.

    ``text`` is the text all offsets refer to: the file's text for plain
    text, the extracted text for HTML.
    """

    id: str
    text: str
    origin: str = ""
    url: str | None = None
    title: str | None = None
    published: str | None = None
    author: str | None = None
    site: str | None = None
    format: Literal["text", "html"] = "text"


@dataclass(frozen=True, slots=True)
class InputProblem:
    """An input that could not be read, with the reason, for the user.

    ``skipped`` is true for a file met in a directory whose format claimgraph
    does not read: it is reported (one line) but is not a failure.
    """

    origin: str
    reason: str
    skipped: bool = False


@dataclass(frozen=True, slots=True)
class AnalyzedArticle:
    """The attribution ledger of one article: the output contract's object."""

    article: ArticleInput
    removed: tuple[Removed, ...]
    attributions: tuple[Attribution, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        a = self.article
        return {
            "id": a.id,
            "text": a.text,
            "removed": [r.to_dict() for r in self.removed],
            "attributions": [x.to_dict() for x in self.attributions],
            "meta": {
                "origin": a.origin,
                "format": a.format,
                "url": a.url,
                "title": a.title,
                "published": a.published,
                "author": a.author,
                "site": a.site,
            },
        }


__all__ = [
    "AnalyzedArticle",
    "ArticleInput",
    "Attribution",
    "AttributionKind",
    "Certainty",
    "CertaintyLevel",
    "Evidence",
    "EvidenceKind",
    "EvidenceSpan",
    "EvidenceStatus",
    "HedgeCue",
    "InputProblem",
    "Removed",
    "RemovedKind",
    "Segment",
    "Speaker",
    "SpeakerType",
    "StanceLabel",
    "Via",
    "ViaRelation",
]
