from __future__ import annotations

from dataclasses import asdict, replace
from typing import Any

import pytest

from claimgraph.graph.speakers import (
    ArticleContext,
    SpeakerEntity,
    SpeakerFacts,
    candidate_keys,
    clean_name,
    entity_from_speaker,
    entity_keys,
    identity_problems,
    is_description,
    is_partial,
    link_partial,
    match_speaker,
    match_stored_speaker,
    merged_entity,
    most_complete,
    resolve_in_article,
    speaker_key,
    speaker_members,
    speaker_type,
)
from record_builders import record

SHAPPS_FULL = SpeakerFacts(
    name="Grant Shapps",
    title="Defense Secretary",
    affiliation=None,
    nationality="British",
    mention="British Defense Secretary Grant Shapps",
    descriptor="British Defense Secretary Grant Shapps",
)
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


def speaker(**fields: Any) -> SpeakerFacts:
    base: dict[str, Any] = dict.fromkeys(
        ("name", "title", "affiliation", "nationality", "mention", "descriptor")
    )
    base.update(fields)
    if base["mention"] is None:
        base["mention"] = base["name"] or base["descriptor"]
    return SpeakerFacts(**base)


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


def test_a_descriptive_mention_is_not_resolved_when_two_people_fit() -> None:
    other = replace(
        SHAPPS_FULL, name="Ben Wallace", descriptor="former Defense Secretary Ben Wallace"
    )
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


# --- one person is one entity, and only one person ----------------------------


def person(entity_id: int, name: str, *aliases: str, titles: tuple[str, ...] = ()) -> SpeakerEntity:
    return SpeakerEntity(entity_id, name, aliases, "person", None, None, titles)


DONALD = person(1, "Donald Trump", "Donald J. Trump")
IVANKA = person(2, "Ivanka Trump")
TRUMP_ONLY = person(3, "Trump")
HILLARY = person(4, "Hillary Clinton", titles=("nominee",))
BILL = person(5, "Bill Clinton", titles=("Former President",))
CLINTON_ONLY = person(6, "Clinton")
OBAMA_ONLY = person(7, "Obama", titles=("President",))
BARACK = person(8, "Barack Obama", titles=("President",))
MICHELLE = person(9, "Michelle Obama", titles=("first lady",))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Donald J. Trump", "donald trump"),
        ("Mrs. Clinton", "clinton"),
        ("Obama Says", "obama"),
        ("Martin Luther King Jr.", "martin luther king jr"),
        ("Donald Trump Jr.", "donald trump jr"),
        ("Donald Trump Jr. Says", "donald trump jr"),
        ("George H.W. Bush", "george hw bush"),
        ("George W. Bush", "george bush"),
        ("Osama bin Laden", "osama bin laden"),
        ("Bin Laden", "bin laden"),
        ("Mayor Bill de Blasio", "bill de blasio"),
    ],
)
def test_person_keys_fold_initials_honorifics_and_verbs_and_keep_suffixes(
    name: str, expected: str
) -> None:
    assert speaker_key(speaker(name=name, type="person")) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Donald Trump", "Donald Trump"),
        ("Obama Says", "Obama"),
        ("the FBI", "FBI"),
        ("\u2015 Jacklyn Ashley", "Jacklyn Ashley"),
        ("de Blasio", "de Blasio"),
        ("her co-", None),
        ("experts", None),
        ("reality TV star-turned-presidential candidate", None),
        ("...", None),
    ],
)
def test_clean_name_keeps_names_and_refuses_descriptions(name: str, expected: str | None) -> None:
    assert clean_name(name) == expected


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"name": "Bernie Sanders and Donald Trump"}, ["Bernie Sanders", "Donald Trump"]),
        (
            {"name": "Charles E. Grassley and Patrick J. Leahy"},
            ["Charles E. Grassley", "Patrick J. Leahy"],
        ),
        (
            {"name": "Will Smith, Robert DeNiro and Patti LaBelle"},
            ["Will Smith", "Robert DeNiro", "Patti LaBelle"],
        ),
        ({"name": "Hillary Clinton and her co-", "type": "anonymous"}, ["Hillary Clinton"]),
        ({"name": "China and Russia", "type": "government"}, ["China", "Russia"]),
        ({"name": "Securities and Exchange Commission", "type": "organization"}, [None]),
        ({"name": "Donald Trump"}, [None]),
        (
            {
                "name": "Donald Trump",
                "mention": "Trump and his aides",
                "plural": True,
                "type": "anonymous",
                "anonymous": True,
            },
            ["Donald Trump"],
        ),
        ({"title": "experts", "mention": "experts"}, [None]),
    ],
)
def test_a_joint_source_credits_each_member(
    fields: dict[str, Any], expected: list[str | None]
) -> None:
    source = speaker(**fields)
    members = speaker_members(source)
    if expected == [None]:
        assert members == (source,)
    else:
        assert [m.name for m in members] == expected
        assert all(m.joint for m in members)


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


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["the FBI", "F.B.I.", "Federal Bureau of Investigation"], "org:fbi"),
        (["the Clinton campaign", "Clinton campaign"], "org:clinton campaign"),
    ],
)
def test_bodies_fold_their_forms(names: list[str], expected: str) -> None:
    assert {speaker_key(speaker(name=n)) for n in names} == {expected}
    assert speaker_key(speaker(name="Clinton", type="person")) != expected


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


def test_a_surname_is_not_resolved_in_an_article_naming_father_and_son() -> None:
    context = ArticleContext(
        (
            speaker(name="Donald Trump", type="person"),
            speaker(name="Donald Trump Jr.", type="person"),
        )
    )
    resolved = resolve_in_article(speaker(name="Trump", type="person"), context)
    assert resolved.name == "Trump"
