from __future__ import annotations

from typing import Any

import pytest

from claimgraph.graph.speakers import (
    ArticleContext,
    SpeakerEntity,
    candidate_keys,
    entity_from_speaker,
    entity_keys,
    match_speaker,
    merged_entity,
    speaker_key,
    speaker_type,
)

SHAPPS_FULL: dict[str, Any] = {
    "name": "Grant Shapps",
    "title": "Defense Secretary",
    "affiliation": None,
    "nationality": "British",
    "mention": "British Defense Secretary Grant Shapps",
    "descriptor": "British Defense Secretary Grant Shapps",
}
SHAPPS = SpeakerEntity(
    id=1,
    name="Grant Shapps",
    aliases=(),
    type="person",
    country="GB",
    affiliation=None,
    titles=("Defense Secretary",),
)
JOHN_SMITH = SpeakerEntity(7, "John Smith", (), "person", "US", "Senate", ("senator",))
JANE_SMITH = SpeakerEntity(8, "Jane Smith", (), "person", "GB", "Labour Party", ("MP",))
WHITE_HOUSE = SpeakerEntity(20, "White House", (), "government", "US", None, ())
US_OFFICIAL = SpeakerEntity(30, "U.S. official", (), "anonymous", "US", None, ())


def speaker(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = dict.fromkeys(
        ("name", "title", "affiliation", "nationality", "mention", "descriptor")
    )
    base.update(fields)
    if base["mention"] is None:
        base["mention"] = base["name"] or base["descriptor"]
    return base


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"name": "Grant Shapps"}, "grant shapps"),
        ({"name": "British Defense Secretary Grant Shapps"}, "grant shapps"),
        ({"name": "Shapps's"}, "shapps"),
        ({"name": "Mr. Shapps"}, "shapps"),
        ({"name": "Secretary of State Antony Blinken"}, "antony blinken"),
        ({"name": "Volodymyr Zelenskyy"}, "volodymyr zelenskyy"),
        ({"name": "José Álvarez"}, "jose alvarez"),
        ({"name": "the White House"}, "org:white house"),
        ({"name": "White House"}, "org:white house"),
        ({"name": "Berlin"}, "gov:DE"),
        ({"name": "Germany", "nationality": "Germany"}, "gov:DE"),
        (
            {
                "affiliation": "government",
                "nationality": "German",
                "mention": "the German government",
            },
            "gov:DE",
        ),
        ({"name": "Reuters"}, "org:reuters"),
        ({"name": "AP"}, "org:associated press"),
        (
            {
                "title": "official",
                "nationality": "U.S.",
                "mention": "a U.S. official",
                "descriptor": "U.S. official",
            },
            "anon:official|US",
        ),
        (
            {
                "title": "official",
                "nationality": "Ukrainian",
                "mention": "A senior Ukrainian official who spoke on condition of anonymity",
                "descriptor": "senior Ukrainian official who spoke on condition of anonymity",
            },
            "anon:senior official|UA",
        ),
    ],
)
def test_speaker_key_normalises_names_bodies_and_anonymous_sources(
    fields: dict[str, Any], expected: str
) -> None:
    assert speaker_key(speaker(**fields)) == expected


@pytest.mark.parametrize(
    ("fields", "context", "expected"),
    [
        # one speaker under many names
        (SHAPPS_FULL, None, 1),
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


def test_a_descriptive_mention_is_not_resolved_when_two_people_fit() -> None:
    other = dict(SHAPPS_FULL, name="Ben Wallace", descriptor="former Defense Secretary Ben Wallace")
    context = ArticleContext((SHAPPS_FULL, other))
    description = speaker(title="defence secretary", mention="the defence secretary")
    assert match_speaker(description, [SHAPPS], context=context) is None


def test_candidate_keys_find_the_entity_through_entity_keys() -> None:
    index = set(entity_keys(SHAPPS))
    for fields in ({"name": "Shapps"}, {"name": "Grant Shapps"}):
        assert index & set(candidate_keys(speaker(**fields)))
    assert not index & set(candidate_keys(speaker(name="John Smith")))
    context = ArticleContext((SHAPPS_FULL,))
    assert index & set(candidate_keys(speaker(mention="the defence secretary"), context=context))


def test_titles_accumulate_and_the_longer_name_wins() -> None:
    entity = entity_from_speaker(1, speaker(name="Shapps", title="Energy Secretary"))
    entity = merged_entity(entity, SHAPPS_FULL)
    assert entity.name == "Grant Shapps"
    assert entity.aliases == ("Shapps",)
    assert entity.titles == ("Energy Secretary", "Defense Secretary")
    assert entity.country == "GB"


def test_schema_1_2_fields_are_used_when_present() -> None:
    org = speaker(name="Smith", type="organization")
    assert match_speaker(org, [JOHN_SMITH]) is None
    assert speaker_type(org) == "organization"
    assert match_speaker(speaker(name="Smith", country="US"), [JOHN_SMITH, JANE_SMITH]) == 7
