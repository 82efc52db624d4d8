"""claimgraph.graph.speaker_entities: entities built and merged, and the
store's identity rules."""

from __future__ import annotations

from dataclasses import replace

import pytest

from claimgraph.graph.speaker_entities import (
    entity_from_speaker,
    identity_problems,
    is_description,
    is_partial,
    link_partial,
    match_stored_speaker,
    merged_entity,
    most_complete,
)
from claimgraph.graph.speaker_records import SpeakerEntity
from speaker_builders import DONALD, SHAPPS_FULL, person, speaker


def test_titles_accumulate_and_the_longer_name_wins() -> None:
    entity = entity_from_speaker(1, speaker(name="Shapps", title="Energy Secretary"))
    entity = merged_entity(entity, SHAPPS_FULL)
    assert entity.name == "Grant Shapps"
    assert entity.aliases == ("Shapps",)
    assert entity.titles == ("Energy Secretary", "Defense Secretary")
    assert entity.country == "GB"


# --- one person is one entity, and only one person ----------------------------


IVANKA = person(2, "Ivanka Trump")
TRUMP_ONLY = person(3, "Trump")
HILLARY = person(4, "Hillary Clinton", titles=("nominee",))
BILL = person(5, "Bill Clinton", titles=("Former President",))
CLINTON_ONLY = person(6, "Clinton")
OBAMA_ONLY = person(7, "Obama", titles=("President",))
BARACK = person(8, "Barack Obama", titles=("President",))
MICHELLE = person(9, "Michelle Obama", titles=("first lady",))


@pytest.mark.parametrize(
    ("name", "candidates", "expected"),
    [
        # a full name joins its own entity, never one with another given name
        ("Donald J. Trump", [DONALD, IVANKA], 1),
        ("Ivanka Trump", [DONALD], None),
        ("Ivana Trump", [DONALD, IVANKA, TRUMP_ONLY], None),
        ("Bill Clinton", [HILLARY, CLINTON_ONLY], None),
        # nor one known only by the surname (order would decide who it is)
        ("Donald Trump", [TRUMP_ONLY], None),
        # a surname left unresolved in its article joins only such an entity
        ("Trump", [DONALD, TRUMP_ONLY], 3),
        ("Trump", [DONALD], None),
    ],
)
def test_stored_speakers_keep_people_apart(
    name: str, candidates: list[SpeakerEntity], expected: int | None
) -> None:
    assert match_stored_speaker(speaker(name=name, type="person"), candidates) == expected


@pytest.mark.parametrize(
    ("partial", "candidates", "counts", "expected"),
    [
        (TRUMP_ONLY, [DONALD], None, 1),
        (TRUMP_ONLY, [DONALD, IVANKA], None, None),
        (TRUMP_ONLY, [DONALD, IVANKA], {1: 300, 2: 5}, 1),
        (CLINTON_ONLY, [HILLARY, BILL], {4: 170, 5: 14}, 4),
        (CLINTON_ONLY, [HILLARY, BILL], {4: 20, 5: 14}, None),
        (OBAMA_ONLY, [BARACK, MICHELLE], None, 8),
        (OBAMA_ONLY, [], None, None),
    ],
)
def test_a_surname_only_speaker_is_credited_to_a_full_name_when_one_stands_out(
    partial: SpeakerEntity,
    candidates: list[SpeakerEntity],
    counts: dict[int, int] | None,
    expected: int | None,
) -> None:
    assert is_partial(partial)
    assert link_partial(partial, [partial, *candidates], counts) == expected


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Trump", "Donald Trump", "Donald J. Trump"], "Donald J. Trump"),
        (["Donald J. Trump", "Donald Trump", "Trump"], "Donald J. Trump"),
        (["Hillary Clinton", "Hillary Rodham Clinton"], "Hillary Rodham Clinton"),
    ],
)
def test_the_most_complete_name_wins_whatever_the_order(names: list[str], expected: str) -> None:
    assert most_complete(names) == expected


@pytest.mark.parametrize(
    ("name", "kind", "named", "expected"),
    [
        ("Donald Trump", "person", True, False),
        ("FBI", "organization", True, False),
        ("experts", "anonymous", True, True),
        ("Republicans", "anonymous", True, True),
        ("administration officials", "unknown", True, True),
        ("the defence secretary", "person", False, True),
    ],
)
def test_descriptions_are_kinds_of_source(
    name: str, kind: str, named: bool, expected: bool
) -> None:
    assert is_description(name, kind, named) is expected


@pytest.mark.parametrize(
    ("entity", "problem"),
    [
        (DONALD, None),
        (person(1, "Bernie Sanders and Donald Trump"), "joint name"),
        (person(1, "Obama Says"), "verb"),
        (person(1, "Donald Trump", "Ivanka Trump"), "two given names"),
        (person(1, "Hillary Clinton", "Bill Clinton", "Clinton"), "two given names"),
        (person(1, "Donald Trump", "D. Trump", "Trump"), None),
        (SpeakerEntity(1, "experts", (), "anonymous", None, None, ()), None),
    ],
)
def test_identity_problems_name_entities_that_mix_people(
    entity: SpeakerEntity, problem: str | None
) -> None:
    found = identity_problems([entity])
    if problem is None:
        assert found == []
    else:
        assert len(found) == 1 and problem in found[0]


def test_a_kind_of_source_keeps_its_shortest_description_whatever_the_order() -> None:
    forms = ["Administration officials", "administration officials who spoke"]
    names = set()
    for order in (forms, forms[::-1]):
        first, *rest = [speaker(title="officials", descriptor=f, mention=f) for f in order]
        entity = entity_from_speaker(1, replace(first, type="anonymous", anonymous=True))
        for other in rest:
            entity = merged_entity(entity, replace(other, type="anonymous", anonymous=True))
        names.add(entity.name)
    assert names == {"Administration officials"}
