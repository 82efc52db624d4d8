"""Shared fixtures: the spaCy pipeline (loaded once) and extraction helpers.

Tests that use ``nlp`` or the helpers built on it load the English model;
mark them ``@pytest.mark.model``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from spacy.language import Language

from claimgraph.records import Attribution, Segment

#: (source, cue, content, kind); discontinuous spans are joined with " … ".
AttributionTuple = tuple[str, str, str, str]

SEGMENT_JOINER = " … "


def join_segments(segments: Sequence[Segment]) -> str:
    return SEGMENT_JOINER.join(s.text for s in segments)


def as_tuple(attribution: Attribution) -> AttributionTuple:
    return (
        join_segments(attribution.source),
        join_segments(attribution.cue),
        join_segments(attribution.content),
        attribution.kind,
    )


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The full claimgraph pipeline (``claimgraph.pipeline.load_nlp()``)."""
    from claimgraph.pipeline import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def attributions(nlp: Language) -> Callable[[str], list[Attribution]]:
    """``attributions(text)``: the Attribution records the pipeline extracts."""

    def run(text: str) -> list[Attribution]:
        return list(nlp(text)._.attributions)

    return run


@pytest.fixture(scope="session")
def extract(
    attributions: Callable[[str], list[Attribution]],
) -> Callable[[str], list[AttributionTuple]]:
    """``extract(text)``: ``[(source, cue, content, kind), ...]`` in text order."""

    def run(text: str) -> list[AttributionTuple]:
        return [as_tuple(a) for a in attributions(text)]

    return run
