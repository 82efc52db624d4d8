"""The stance signals on hand-built sentences: negation scope, voice, anaphors."""

from __future__ import annotations

import pytest
from spacy.language import Language

from claimgraph.analysis.stance_signals import (
    anaphors,
    anchors,
    claim_keys,
    coverage,
    load_stance_lexicon,
    polarity,
    voice,
)

pytestmark = pytest.mark.model

AID = "China is sending lethal aid to Russia"


@pytest.mark.parametrize(
    ("text", "flipped"),
    [
        ("China is sending lethal aid to Russia.", False),
        ("China is not sending lethal aid to Russia.", True),
        ("China has never sent lethal aid to Russia.", True),
        ("There is no evidence that China is sending lethal aid to Russia.", True),
        ("The U.S. has not seen evidence that China is sending lethal aid to Russia.", True),
        ("Officials denied that China is sending lethal aid to Russia.", True),
        ("Reports that China is sending lethal aid to Russia are baseless.", True),
        ("China, which has not condemned the war, is sending lethal aid to Russia.", False),
        ("China is sending lethal aid to Russia, which does not need it.", False),
        ("Nobody denies that China is sending lethal aid to Russia.", False),
    ],
)
def test_negation_flips_only_with_the_claim_in_scope(
    nlp: Language, text: str, flipped: bool
) -> None:
    lex = load_stance_lexicon()
    keys = claim_keys(nlp(AID)[:], lex)
    sentence = nlp(text)[:]
    assert polarity(keys, sentence, anchors(keys, sentence, lex), lex).flipped is flipped


@pytest.mark.parametrize(
    ("claim", "negated"),
    [(AID, False), ("China is not sending lethal aid to Russia", True), ("Prices fell", False)],
)
def test_claim_negation(nlp: Language, claim: str, negated: bool) -> None:
    assert claim_keys(nlp(claim)[:], load_stance_lexicon()).negated is negated


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("China is sending lethal aid to Russia.", "author"),
        ("Shapps said China is sending lethal aid to Russia.", "attributed"),
        ("China is sending lethal aid to Russia, according to Reuters.", "attributed"),
        ("China is reportedly sending lethal aid to Russia.", "hearsay"),
        ("Is China sending lethal aid to Russia?", "question"),
        ("Officials confirmed that China is sending lethal aid to Russia.", "factive"),
    ],
)
def test_voice(nlp: Language, text: str, reason: str) -> None:
    lex = load_stance_lexicon()
    keys = claim_keys(nlp(AID)[:], lex)
    doc = nlp(text)
    sentence = doc[:]
    assert voice(sentence, anchors(keys, sentence, lex), doc._.attributions, lex).reason == reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We have not seen that to date.", ["that"]),
        ("But the U.S. later questioned Shapps’ assertion.", ["assertion"]),
        ("Officials said that China is sending aid.", []),
        ("It is raining.", []),
    ],
)
def test_anaphors(nlp: Language, text: str, expected: list[str]) -> None:
    assert [t.text for t in anaphors(nlp(text)[:], load_stance_lexicon())] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Beijing is sending lethal aid to Moscow.", 1.0),
        ("China is sending aid.", 0.6),
        ("The weather was mild.", 0.0),
    ],
)
def test_coverage_folds_countries_and_capitals(nlp: Language, text: str, expected: float) -> None:
    lex = load_stance_lexicon()
    assert coverage(claim_keys(nlp(AID)[:], lex), nlp(text)[:], lex) == pytest.approx(expected)
