"""The explainable stance features: which cue fires on which wording."""

from __future__ import annotations

import pytest

from claimgraph.analysis.stance_features import FEATURES, claim_side, pair_features
from claimgraph.analysis.stance_signals import load_stance_lexicon
from claimgraph.analysis.text_api import light_nlp

pytestmark = pytest.mark.model

AID = "China is sending lethal aid to Russia"
BURGER = "McDonald's will stop serving overweight customers"


def fired(claim: str, text: str) -> set[str]:
    nlp = light_nlp()
    result = pair_features(nlp(claim)[:], nlp(text)[:], 0.5, load_stance_lexicon())
    return set(result.cues)


@pytest.mark.parametrize(
    ("claim", "text", "expected"),
    [
        (AID, "Report: China sends weapons to Russia", {"source_colon", "reported"}),
        (AID, "China sends weapons to Russia: sources", {"source_colon"}),
        (AID, "China sends weapons to Russia -CNBC", {"source_colon"}),
        (AID, "UK says China providing lethal aid to Russia", {"reporting_verb"}),
        (AID, "China is sending aid to Russia, according to Reuters", {"reporting_verb"}),
        (AID, "ISIS Claims China Sends Aid To Russia", {"reporting_verb"}),
        (AID, "China May Send Lethal Aid To Russia", {"hedge_possible"}),
        (AID, "China reportedly sends lethal aid to Russia", {"reported"}),
        (AID, "Is China sending lethal aid to Russia?", {"question"}),
        (AID, "China is not sending lethal aid to Russia", {"scoped_denial", "extra_negation"}),
        (BURGER, "Fake-News: McDonald's will stop serving overweight customers", {"denial_word"}),
        (AID, "Hoax: China sending aid to Russia", {"denial_word"}),
        ("Prices rose by 5 percent", "Prices rose by 50 percent", {"number_conflict"}),
    ],
)
def test_cue_fires(claim: str, text: str, expected: set[str]) -> None:
    assert expected <= fired(claim, text)


@pytest.mark.parametrize(
    ("claim", "text", "absent"),
    [
        # the claim's own hedge is not the text's ("will" in both)
        (BURGER, "McDonald's will stop serving overweight customers", {"future"}),
        # a hyphenated name is not a trailing source
        (AID, "Abu Bakr al-Baghdadi Injured", {"source_colon"}),
        # the month, not a modal
        (AID, "China Sent Aid In May 2022", {"hedge_possible"}),
        (AID, "China is sending lethal aid to Russia", {"reporting_verb", "reported", "question"}),
    ],
)
def test_cue_does_not_fire(claim: str, text: str, absent: set[str]) -> None:
    assert not absent & fired(claim, text)


def test_values_follow_the_feature_order() -> None:
    nlp = light_nlp()
    result = pair_features(nlp(AID)[:], nlp("Is China sending aid?")[:], 0.7, load_stance_lexicon())
    values = result.as_dict()
    assert list(values) == list(FEATURES)
    assert values["cosine"] == 0.7
    assert values["question"] == 1.0
    assert values["entity_coverage"] == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("claim", "text", "coverage"),
    [
        # a Title Case claim: the parser's proper nouns, matched by prefix
        ("ISIS Beheads Steve Sotloff", "Islamic State beheads US hostage Steven Sotloff", 2 / 3),
        ("ISIS beheads Steve Sotloff", "Journalist reportedly executed", 0.0),
        (AID, "Beijing is preparing to supply weapons to Moscow", 0.0),
        (AID, "UK says China providing lethal aid to Russia", 1.0),
    ],
)
def test_name_coverage_counts_the_claims_proper_nouns_found_in_the_text(
    claim: str, text: str, coverage: float
) -> None:
    nlp = light_nlp()
    values = pair_features(nlp(claim)[:], nlp(text)[:], 0.5, load_stance_lexicon()).as_dict()
    assert values["name_coverage"] == pytest.approx(coverage)
    assert values["no_names"] == 0.0


def test_a_claim_without_names_has_its_similarity_apart() -> None:
    nlp = light_nlp()
    claim, text = nlp("A man is playing a guitar")[:], nlp("A man is playing a flute")[:]
    values = pair_features(claim, text, 0.8, load_stance_lexicon()).as_dict()
    assert (values["no_names"], values["cosine_no_names"]) == (1.0, 0.8)


@pytest.mark.parametrize(
    ("claim", "text"),
    [
        (AID, "Report: China may be sending weapons to Russia, officials say"),
        (AID, "Beijing denies it is not sending lethal aid to Moscow"),
        (BURGER, "McDonald's Will Not Stop Serving Customers, Reportedly"),
        ("Steve Sotloff was not killed in 2014", "ISIS says it killed Steven Sotloff in 2013"),
    ],
)
def test_a_claim_given_as_its_claim_side_gives_the_same_features(claim: str, text: str) -> None:
    nlp, lex = light_nlp(), load_stance_lexicon()
    claim_span, text_span = nlp(claim)[:], nlp(text)[:]
    side = claim_side(claim_span, lex)
    for _ in range(2):  # one side serves many texts
        assert pair_features(side, text_span, 0.6, lex) == pair_features(
            claim_span, text_span, 0.6, lex
        )
