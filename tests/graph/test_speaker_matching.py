"""claimgraph.graph.speaker_matching: index keys and matching a speaker to
known entities."""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Any

import pytest

from claimgraph.graph.speaker_entities import entity_from_speaker, merged_entity
from claimgraph.graph.speaker_keys import speaker_type
from claimgraph.graph.speaker_matching import candidate_keys, entity_keys, match_speaker
from claimgraph.graph.speaker_records import SpeakerEntity, SpeakerFacts
from claimgraph.graph.speaker_resolution import ArticleContext
from speaker_builders import DONALD, SHAPPS, SHAPPS_FULL, person, speaker

JOHN_SMITH = SpeakerEntity(7, "John Smith", (), "person", "US", "Senate", ("senator",))
JANE_SMITH = SpeakerEntity(8, "Jane Smith", (), "person", "GB", "Labour Party", ("MP",))
WHITE_HOUSE = SpeakerEntity(20, "White House", (), "government", "US", None, ())
US_OFFICIAL = SpeakerEntity(30, "U.S. official", (), "anonymous", "US", None, ())


@pytest.mark.parametrize(
    ("fields", "context", "expected"),
    [
        # one speaker under many names
        (asdict(SHAPPS_FULL), None, 1),
        ({"name": "Shapps", "mention": "Shapps"}, None, 1),
        ({"name": "British Defense Secretary Grant Shapps"}, None, 1),
        ({"name": "Grant Shapps", "nationality": "British"}, None, 1),
        (
            {
                "title": "defence secretary",
                "mention": "the defence secretary",
                "descriptor": "defence secretary",
            },
            ArticleContext((SHAPPS_FULL,)),
            1,
        ),
        # a description with no name in its article matches nobody
        (
            {
                "title": "defence secretary",
                "mention": "the defence secretary",
                "descriptor": "defence secretary",
            },
            None,
            None,
        ),
        # different people with the same surname
        ({"name": "John Smith"}, None, 7),
        ({"name": "Jane Smith"}, None, 8),
        ({"name": "Adam Smith"}, None, None),
        ({"name": "J. Smith", "nationality": "American"}, None, 7),
        ({"name": "Smith"}, None, None),
        ({"name": "Smith", "nationality": "British"}, None, 8),
        ({"name": "John Smith", "nationality": "British"}, None, None),
        # anonymous sources are never merged into named entities
        (
            {
                "title": "official",
                "nationality": "U.S.",
                "mention": "a U.S. official",
                "descriptor": "U.S. official",
            },
            None,
            30,
        ),
        (
            {
                "title": "official",
                "nationality": "U.S.",
                "mention": "a U.S. official",
                "descriptor": "U.S. official",
                "anonymous": True,
            },
            None,
            30,
        ),
        (
            {
                "title": "official",
                "nationality": "British",
                "mention": "a British official",
                "descriptor": "British official",
            },
            None,
            None,
        ),
        # governments and organisations
        ({"name": "the White House"}, None, 20),
        ({"name": "White House"}, None, 20),
        ({"name": "Kremlin"}, None, None),
    ],
)
def test_match_speaker(
    fields: dict[str, Any], context: ArticleContext | None, expected: int | None
) -> None:
    known = [SHAPPS, JOHN_SMITH, JANE_SMITH, WHITE_HOUSE, US_OFFICIAL]
    assert match_speaker(speaker(**fields), known, context=context) == expected


def test_an_anonymous_official_is_not_matched_to_a_named_official() -> None:
    named = SpeakerEntity(
        3, "Claire Dunmore", (), "person", "US", "State Department", ("official",)
    )
    anonymous = speaker(
        title="official", nationality="U.S.", mention="a U.S. official", descriptor="U.S. official"
    )
    assert match_speaker(anonymous, [named]) is None
    assert speaker_type(anonymous) == "anonymous"


def test_candidate_keys_find_the_entity_through_entity_keys() -> None:
    index = set(entity_keys(SHAPPS))
    for fields in ({"name": "Shapps"}, {"name": "Grant Shapps"}):
        assert index & set(candidate_keys(speaker(**fields)))
    assert not index & set(candidate_keys(speaker(name="John Smith")))
    context = ArticleContext((SHAPPS_FULL,))
    assert index & set(candidate_keys(speaker(mention="the defence secretary"), context=context))


def test_schema_1_2_fields_are_used_when_present() -> None:
    org = speaker(name="Smith", type="organization")
    assert match_speaker(org, [JOHN_SMITH]) is None
    assert speaker_type(org) == "organization"
    assert match_speaker(speaker(name="Smith", country="US"), [JOHN_SMITH, JANE_SMITH]) == 7


def test_a_country_its_capital_and_its_government_are_one_entity() -> None:
    germany = speaker(name="Germany", nationality="Germany")
    entity = entity_from_speaker(4, germany)
    for other in (
        speaker(name="Berlin"),
        speaker(affiliation="government", nationality="German", mention="the German government"),
    ):
        assert match_speaker(other, [entity]) == 4
        entity = merged_entity(entity, other)
    assert (entity.type, entity.country, entity.affiliation) == ("government", "DE", None)


def test_an_unnamed_body_matches_the_entity_made_from_it_before() -> None:
    embassy = SpeakerFacts(
        name=None,
        affiliation="embassy",
        mention="The embassy",
        descriptor="embassy",
        type="government",
        country=None,
        anonymous=False,
    )
    entity = entity_from_speaker(7, embassy)
    assert match_speaker(embassy, [entity]) == 7
    ministry = replace(embassy, affiliation="ministry", descriptor="ministry")
    assert match_speaker(ministry, [entity]) is None


JUNIOR = person(10, "Donald Trump Jr.")


@pytest.mark.parametrize(
    ("name", "candidates", "expected"),
    [
        pytest.param("Donald Trump Jr.", [DONALD], None, id="junior-is-not-the-father"),
        pytest.param("Donald J. Trump", [JUNIOR], None, id="father-is-not-the-junior"),
        pytest.param("Donald Trump Jr.", [DONALD, JUNIOR], 10, id="junior-finds-himself"),
        pytest.param("Donald Trump", [DONALD, JUNIOR], 1, id="father-finds-himself"),
    ],
)
def test_a_generational_suffix_makes_another_person(
    name: str, candidates: list[SpeakerEntity], expected: int | None
) -> None:
    assert match_speaker(speaker(name=name, type="person"), candidates) == expected


def test_junior_is_indexed_under_his_surname_not_under_the_suffix() -> None:
    keys = candidate_keys(speaker(name="Donald Trump Jr.", type="person"))
    assert keys == ("name:donald trump jr", "surname:trump")
