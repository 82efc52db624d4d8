"""Attribution records from the few fields a test case sets (the rest take
their defaults), so that tables stay short and readable."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from claimgraph.records import Attribution, Certainty, Segment, Speaker


def segments(value: Sequence[Mapping[str, Any]] | None) -> tuple[Segment, ...]:
    return tuple(Segment(int(s["start"]), int(s["end"]), str(s["text"])) for s in value or ())


def record(fields: Mapping[str, Any]) -> Attribution:
    """An :class:`Attribution` from a partial contract-shaped dict: ``id``,
    ``source``/``cue``/``content`` (lists of ``{start, end, text}``),
    ``speaker`` (``{name, ...}``), ``stance``, ``rule``, ``disputes``,
    ``certainty`` (``{level}``), ``negated``."""
    speaker = fields.get("speaker")
    certainty = fields.get("certainty")
    return Attribution(
        id=str(fields.get("id", "a1")),
        kind=fields.get("kind", "indirect"),
        source=segments(fields.get("source")),
        cue=segments(fields.get("cue")),
        content=segments(fields.get("content")),
        speaker=Speaker(**{"mention": speaker.get("name") or "they", **speaker})
        if speaker
        else None,
        rule=fields.get("rule", ""),
        stance=fields.get("stance", "asserts"),
        certainty=Certainty(certainty["level"]) if certainty else None,
        disputes=tuple(fields.get("disputes", ())),
        disputed_by=tuple(fields.get("disputed_by", ())),
        negated=bool(fields.get("negated", False)),
    )
