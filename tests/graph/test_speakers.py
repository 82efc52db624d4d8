"""claimgraph.graph.speakers: the public names of speaker identity, each
the one its own module defines (the rules are tested in
``test_speaker_*.py``, one file a module)."""

from __future__ import annotations

import pytest

from claimgraph.graph import (
    speaker_entities,
    speaker_keys,
    speaker_matching,
    speaker_names,
    speaker_records,
    speaker_resolution,
    speakers,
)

HOMES = {
    speaker_records: ["SPEAKER_TYPES", "SpeakerEntity", "SpeakerFacts"],
    speaker_names: ["clean_name", "fold", "speaker_members"],
    speaker_keys: ["is_anonymous", "speaker_key", "speaker_type"],
    speaker_resolution: ["ArticleContext", "resolve_in_article"],
    speaker_matching: ["candidate_keys", "entity_keys", "match_speaker"],
    speaker_entities: [
        "DOMINANCE",
        "entity_from_speaker",
        "identity_problems",
        "is_description",
        "is_partial",
        "link_partial",
        "match_stored_speaker",
        "merged_entity",
        "most_complete",
    ],
}


@pytest.mark.parametrize(
    ("module", "name"),
    [pytest.param(m, n, id=n) for m, names in HOMES.items() for n in names],
)
def test_the_speakers_module_gives_each_public_name_of_its_home_module(
    module: object, name: str
) -> None:
    assert getattr(speakers, name) is getattr(module, name)


def test_the_speakers_module_exports_exactly_those_names() -> None:
    assert sorted(speakers.__all__) == sorted(n for names in HOMES.values() for n in names)
