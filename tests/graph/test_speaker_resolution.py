"""claimgraph.graph.speaker_resolution: speakers resolved within their
article."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from claimgraph.graph.speaker_matching import candidate_keys, match_speaker
from claimgraph.graph.speaker_resolution import ArticleContext, resolve_in_article
from record_builders import record
from speaker_builders import SHAPPS, SHAPPS_FULL, speaker


def test_a_descriptive_mention_is_not_resolved_when_two_people_fit() -> None:
    other = replace(
        SHAPPS_FULL, name="Ben Wallace", descriptor="former Defense Secretary Ben Wallace"
    )
    context = ArticleContext((SHAPPS_FULL, other))
    description = speaker(title="defence secretary", mention="the defence secretary")
    assert match_speaker(description, [SHAPPS], context=context) is None


@pytest.mark.parametrize(
    ("unnamed", "article", "expected"),
    [
        # a person the extractor left without a name (a surname two people of
        # the article bear) is not matched to the one of them who speaks
        ({"mention": "Scott", "type": "person"}, "Rakeyia Scott", None),
        ({"mention": "Mrs. Clinton", "type": "person"}, "Hillary Clinton", None),
        # a name the extractor could not read at all still takes the one
        # speaker of the article it fits, and a description the one it describes
        ({"mention": "Trump", "type": "unknown"}, "Donald Trump", "Donald Trump"),
        (
            {"mention": "the candidate's wife", "descriptor": "the candidate's wife"},
            "Rakeyia Scott, the candidate's wife",
            "Rakeyia Scott",
        ),
    ],
)
def test_a_person_without_a_name_is_not_resolved_in_the_article(
    unnamed: dict[str, Any], article: str, expected: str | None
) -> None:
    name, _, description = article.partition(", ")
    other = speaker(name=name, type="person", descriptor=description or name)
    resolved = resolve_in_article(speaker(**unnamed), ArticleContext((other,)))
    assert resolved.name == expected
    if expected is None:
        assert candidate_keys(speaker(**unnamed), context=ArticleContext((other,))) == ()


def test_a_joint_name_never_becomes_a_surname_for_the_article() -> None:
    joint = {"name": "Bernie Sanders and Donald Trump", "type": "person"}
    context = ArticleContext.from_attributions([record({"speaker": joint})])
    resolved = resolve_in_article(speaker(name="Trump", type="person"), context)
    assert resolved.name == "Donald Trump"


def test_a_surname_typed_as_a_body_is_the_person_of_the_article() -> None:
    context = ArticleContext(
        (
            speaker(name="Donald Trump", type="person"),
            speaker(name="Washington Post Trump", type="organization"),
        )
    )
    resolved = resolve_in_article(speaker(name="Trump", type="organization"), context)
    assert (resolved.name, resolved.type) == ("Donald Trump", "person")


@pytest.mark.parametrize(
    ("context_name", "short", "expected"),
    [
        ("The New York Times", "the Times", "The New York Times"),
        ("Alliance to Reclaim Our Schools", "AROS", "Alliance to Reclaim Our Schools"),
        ("Christian News Service", "CNS", "Christian News Service"),
        ("The New York Times", "Post", "Post"),
    ],
)
def test_a_body_named_in_short_takes_its_full_name_in_the_article(
    context_name: str, short: str, expected: str
) -> None:
    context = ArticleContext((speaker(name=context_name, type="media"),))
    resolved = resolve_in_article(speaker(name=short, type="media"), context)
    assert resolved.name == expected


def test_a_surname_is_not_resolved_in_an_article_naming_father_and_son() -> None:
    context = ArticleContext(
        (
            speaker(name="Donald Trump", type="person"),
            speaker(name="Donald Trump Jr.", type="person"),
        )
    )
    resolved = resolve_in_article(speaker(name="Trump", type="person"), context)
    assert resolved.name == "Trump"
