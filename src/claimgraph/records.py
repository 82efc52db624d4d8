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
    """

    mention: str
    name: str | None = None
    title: str | None = None
    affiliation: str | None = None
    nationality: str | None = None
    descriptor: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "affiliation": self.affiliation,
            "nationality": self.nationality,
            "mention": self.mention,
            "descriptor": self.descriptor,
        }


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution relation: a source, a cue and the content attributed.

    Each role is a tuple of segments because spans may be discontinuous.
    ``parent`` is the id of the attribution this one is nested inside (its
    content contains this attribution's cue), or ``None``. ``confidence`` is
    the calibrated probability that the attribution is right (see
    ``docs/learned-model.md``), or ``None`` when no calibration is available.
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
    """An input that could not be read, with the reason, for the user."""

    origin: str
    reason: str


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
