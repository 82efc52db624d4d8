"""Speaker resolution (placeholder filled in below)."""

from __future__ import annotations

from spacy.tokens import Doc

from claimgraph.records import Attribution


def resolve_speakers(doc: Doc, attributions: list[Attribution]) -> list[Attribution]:
    return attributions
