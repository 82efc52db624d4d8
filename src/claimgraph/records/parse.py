"""Reading the output contract back into records: the typed edge.

:func:`analyzed_from_dict` turns an article object of the output contract
(``docs/output-contract.md``; what ``--format json``/``jsonl`` write and
:meth:`AnalyzedArticle.to_dict` returns) into an :class:`AnalyzedArticle`;
the other ``*_from_dict`` functions read its parts. Everything past this
edge reads attributes, not ``.get("...")``.

Rules, so that output of every 1.x claimgraph reads:

- A field of contract 1.0 must be present with the documented type; a
  field added later (``confidence`` in 1.1; ``stance``, ``certainty``,
  ``evidence``, ``via``, ``disputed_by``, ``disputes`` and the speaker's
  ``type``, ``country``, ``countries``, ``anonymous``, ``plural``,
  ``seniority`` in 1.2; ``negated`` in 1.3) may be absent and then takes
  the record's default.
  ``rule``, ``parent``, ``speaker`` and the ``meta`` fields may be absent
  too (they are empty or ``null`` then).
- A value that is present must have the documented type and, for a label
  (``kind``, ``stance``, ``type``, ...), one of the documented values;
  otherwise :class:`~claimgraph.errors.InputError` says which field of
  which attribution is wrong.
- Fields this version does not know are ignored (the contract's rule for
  consumers); ``schema_version`` must be ``1.x`` when given.

``certainty`` is always written (``unknown`` for an attribution without
one), so it always reads back as a :class:`Certainty`; only input without
the field reads as ``None``. Round trip: ``analyzed_from_dict(a.to_dict())
== a`` for every article whose attributions have a certainty.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar, cast, get_args

from claimgraph.errors import InputError
from claimgraph.records.ledger import (
    AnalyzedArticle,
    ArticleInput,
    Attribution,
    AttributionKind,
    Certainty,
    CertaintyLevel,
    Evidence,
    EvidenceKind,
    EvidenceSpan,
    EvidenceStatus,
    HedgeCue,
    Removed,
    RemovedKind,
    Segment,
    Speaker,
    SpeakerType,
    StanceLabel,
    Via,
    ViaRelation,
)

__all__ = [
    "analyzed_from_dict",
    "attribution_from_dict",
    "removed_from_dict",
    "segment_from_dict",
    "speaker_from_dict",
    "via_from_dict",
]

T = TypeVar("T")
_MISSING = object()
_SCOPES = ("speaker", "reporter", "text")
_FORMATS = ("text", "html")


class _Fields:
    """Typed access to the fields of one JSON object, naming it in errors."""

    def __init__(self, value: object, where: str) -> None:
        if not isinstance(value, Mapping):
            raise InputError(f"{where}: expected a JSON object, got {_kind(value)}")
        self.value: Mapping[str, Any] = value
        self.where = where

    def at(self, key: str) -> str:
        return f"{self.where}.{key}"

    def _get(self, key: str, required: bool) -> object:
        value = self.value.get(key, _MISSING)
        if value is _MISSING and required:
            raise InputError(f"{self.where}: '{key}' is missing")
        return value

    def _wrong(self, key: str, wanted: str, value: object) -> InputError:
        return InputError(f"{self.at(key)}: expected {wanted}, got {_kind(value)}")

    def text(self, key: str) -> str:
        value = self._get(key, True)
        if not isinstance(value, str):
            raise self._wrong(key, "a string", value)
        return value

    def opt_text(self, key: str, default: str | None = None) -> str | None:
        value = self._get(key, False)
        if value is _MISSING or value is None:
            return default
        if not isinstance(value, str):
            raise self._wrong(key, "a string or null", value)
        return value

    def integer(self, key: str) -> int:
        value = self._get(key, True)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self._wrong(key, "an integer", value)
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self._get(key, False)
        if value is _MISSING:
            return default
        if not isinstance(value, bool):
            raise self._wrong(key, "true or false", value)
        return value

    def opt_number(self, key: str) -> float | None:
        value = self._get(key, False)
        if value is _MISSING or value is None:
            return None
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise self._wrong(key, "a number or null", value)
        return float(value)

    def label(self, key: str, allowed: Sequence[str], default: str | None = None) -> str:
        """One of ``allowed``; ``default`` when absent (required when ``None``)."""
        value = self._get(key, default is None)
        if value is _MISSING:
            return cast(str, default)
        if not isinstance(value, str) or value not in allowed:
            shown = repr(value) if isinstance(value, str) else _kind(value)
            raise InputError(
                f"{self.at(key)}: {shown} is not one of {', '.join(allowed)}"
                " (output of a newer claimgraph? upgrade claimgraph)"
            )
        return value

    def items(self, key: str, read: Callable[[object, str], T], required: bool) -> tuple[T, ...]:
        value = self._get(key, required)
        if value is _MISSING:
            return ()
        if not isinstance(value, list | tuple):
            raise self._wrong(key, "an array", value)
        return tuple(read(item, f"{self.at(key)}[{i}]") for i, item in enumerate(value))

    def texts(self, key: str) -> tuple[str, ...]:
        def read(item: object, where: str) -> str:
            if not isinstance(item, str):
                raise InputError(f"{where}: expected a string, got {_kind(item)}")
            return item

        return self.items(key, read, required=False)

    def obj(self, key: str, read: Callable[[object, str], T], required: bool) -> T | None:
        value = self._get(key, required)
        if value is _MISSING or value is None:
            return None
        return read(value, self.at(key))


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


def _labels(alias: object) -> tuple[str, ...]:
    return tuple(str(v) for v in get_args(alias))


_KINDS = _labels(AttributionKind)
_REMOVED = _labels(RemovedKind)
_SPEAKER_TYPES = _labels(SpeakerType)
_STANCES = _labels(StanceLabel)
_LEVELS = _labels(CertaintyLevel)
_STATUSES = _labels(EvidenceStatus)
_EVIDENCE_KINDS = _labels(EvidenceKind)
_RELATIONS = _labels(ViaRelation)


def _offsets(f: _Fields) -> tuple[int, int]:
    start, end = f.integer("start"), f.integer("end")
    if not 0 <= start <= end:
        raise InputError(
            f"{f.where}: start {start} and end {end} are not a span (0 <= start <= end)"
        )
    return start, end


def segment_from_dict(value: object, where: str = "segment") -> Segment:
    """A :class:`Segment` from ``{"start", "end", "text"}``."""
    f = _Fields(value, where)
    start, end = _offsets(f)
    return Segment(start, end, f.text("text"))


def removed_from_dict(value: object, where: str = "removed") -> Removed:
    """A :class:`Removed` span from ``{"kind", "start", "end"}``."""
    f = _Fields(value, where)
    kind = cast(RemovedKind, f.label("kind", _REMOVED))
    start, end = _offsets(f)
    return Removed(kind, start, end)


def speaker_from_dict(value: object, where: str = "speaker") -> Speaker:
    """A :class:`Speaker`; the fields added in schema 1.2 may be absent."""
    f = _Fields(value, where)
    return Speaker(
        mention=f.text("mention"),
        name=f.opt_text("name"),
        title=f.opt_text("title"),
        affiliation=f.opt_text("affiliation"),
        nationality=f.opt_text("nationality"),
        descriptor=f.opt_text("descriptor"),
        type=cast(SpeakerType, f.label("type", _SPEAKER_TYPES, "unknown")),
        country=f.opt_text("country"),
        countries=f.texts("countries"),
        anonymous=f.flag("anonymous", False),
        plural=f.flag("plural", False),
        seniority=f.opt_text("seniority"),
    )


def _hedge(value: object, where: str) -> HedgeCue:
    f = _Fields(value, where)
    start, end = _offsets(f)
    return HedgeCue(
        start=start,
        end=end,
        text=f.text("text"),
        kind=f.text("kind"),
        level=cast(CertaintyLevel, f.label("level", _LEVELS)),
        scope=cast(Any, f.label("scope", _SCOPES, "text")),
    )


def _certainty(value: object, where: str) -> Certainty:
    f = _Fields(value, where)
    return Certainty(
        level=cast(CertaintyLevel, f.label("level", _LEVELS)),
        cues=f.items("cues", _hedge, required=False),
    )


def _evidence_span(value: object, where: str) -> EvidenceSpan:
    f = _Fields(value, where)
    start, end = _offsets(f)
    kind = cast(EvidenceKind, f.label("kind", _EVIDENCE_KINDS))
    return EvidenceSpan(start, end, f.text("text"), kind)


def _evidence(value: object, where: str) -> Evidence:
    f = _Fields(value, where)
    return Evidence(
        status=cast(EvidenceStatus, f.label("status", _STATUSES)),
        spans=f.items("spans", _evidence_span, required=False),
    )


def via_from_dict(value: object, where: str = "via") -> Via:
    """One :class:`Via` link of a relay chain."""
    f = _Fields(value, where)
    start, end = _offsets(f)
    return Via(
        name=f.opt_text("name"),
        type=cast(SpeakerType, f.label("type", _SPEAKER_TYPES)),
        relation=cast(ViaRelation, f.label("relation", _RELATIONS)),
        start=start,
        end=end,
        text=f.text("text"),
        refers_to=f.obj("refers_to", segment_from_dict, required=False),
    )


def attribution_from_dict(value: object, where: str = "attribution") -> Attribution:
    """An :class:`Attribution` of contract 1.x (see the module's rules)."""
    f = _Fields(value, where)
    return Attribution(
        id=f.text("id"),
        kind=cast(AttributionKind, f.label("kind", _KINDS)),
        source=f.items("source", segment_from_dict, required=True),
        cue=f.items("cue", segment_from_dict, required=True),
        content=f.items("content", segment_from_dict, required=True),
        speaker=f.obj("speaker", speaker_from_dict, required=False),
        parent=f.opt_text("parent"),
        rule=f.opt_text("rule") or "",
        confidence=f.opt_number("confidence"),
        stance=cast(StanceLabel, f.label("stance", _STANCES, "asserts")),
        certainty=f.obj("certainty", _certainty, required=False),
        evidence=f.obj("evidence", _evidence, required=False) or Evidence(),
        via=f.items("via", via_from_dict, required=False),
        disputed_by=f.texts("disputed_by"),
        disputes=f.texts("disputes"),
        negated=f.flag("negated", False),
    )


def _article_input(f: _Fields) -> ArticleInput:
    meta_value = f.value.get("meta")
    meta = _Fields({} if meta_value is None else meta_value, f.at("meta"))
    return ArticleInput(
        id=f.text("id"),
        text=f.text("text"),
        origin=meta.opt_text("origin") or "",
        url=meta.opt_text("url"),
        title=meta.opt_text("title"),
        published=meta.opt_text("published"),
        author=meta.opt_text("author"),
        site=meta.opt_text("site"),
        format=cast(Any, meta.label("format", _FORMATS, "text")),
    )


def analyzed_from_dict(value: object, where: str | None = None) -> AnalyzedArticle:
    """An :class:`AnalyzedArticle` from an article object of the output contract.

    ``where`` names the object in error messages (default: its ``id``).

    Raises:
        InputError: the value is not a 1.x article object; the message
            names the field and what is wrong with it.
    """
    if not isinstance(value, Mapping):
        raise InputError(f"{where or 'article'}: expected a JSON object, got {_kind(value)}")
    label = where or (f"article {value['id']!r}" if isinstance(value.get("id"), str) else "article")
    f = _Fields(value, label)
    version = f.opt_text("schema_version")
    if version is not None and version.split(".")[0] != "1":
        raise InputError(f"{label}: schema_version {version} is not 1.x; upgrade claimgraph")
    return AnalyzedArticle(
        article=_article_input(f),
        removed=f.items("removed", removed_from_dict, required=False),
        attributions=f.items("attributions", attribution_from_dict, required=False),
    )
