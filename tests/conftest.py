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
    """The claimgraph pipeline with the rule-based extractor alone (the rules'
    tests check the rules, not the learned model stacked on them)."""
    from claimgraph.nlp.pipeline import load_nlp
    from claimgraph.settings import Settings

    return load_nlp(Settings(extractor="rules"))


@pytest.fixture(scope="session", params=["rules", "hybrid", "encoder"])
def any_nlp(request: pytest.FixtureRequest) -> Language:
    """The pipeline with the rules alone, with the hybrid (the default without
    the corpus extra) and with the encoder (the default with it)."""
    from claimgraph.nlp.pipeline import load_nlp
    from claimgraph.settings import Settings

    if request.param == "encoder":
        pytest.importorskip("onnxruntime", reason="ONNX Runtime is not installed")
    return load_nlp(Settings.from_env(extractor=request.param))


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
