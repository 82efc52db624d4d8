"""Which attributions state a claim a reader would accept (point 4 of issue 17)."""

from __future__ import annotations

from typing import Any

import pytest

from claimgraph.graph.proposition import claim_check, clause_problem, source_problem
from claimgraph.records import Attribution
from record_builders import record


def attribution(
    source: str, cue: str, name: str | None = None, stance: str = "asserts", negated: bool = False
) -> Attribution:
    return record(
        {
            "source": [{"start": 0, "end": len(source), "text": source}] if source else [],
            "cue": [{"start": 0, "end": len(cue), "text": cue}],
            "content": [{"start": 0, "end": 4, "text": "text"}],
            "speaker": {"name": name} if name else None,
            "stance": stance,
            "negated": negated,
        }
    )


@pytest.mark.parametrize(
    ("source", "cue", "name", "expected"),
    [
        ("British Defense Secretary Grant Shapps", "said", "Grant Shapps", None),
        ("Shapps", "without providing evidence of", "Grant Shapps", "evaluation"),
        ("", "showing", None, "no-speaker"),
        ("", "is thought", None, "no-speaker"),
        ("we", "believed", None, "unresolved-first-person"),
        ("I", "think", None, "unresolved-first-person"),
        ("I", "think", "Grant Shapps", None),
        ("the U.S. official", "was quoted as saying", None, None),
        ("Beijing", "has not condemned", "Beijing", None),
    ],
)
def test_source_problem(source: str, cue: str, name: str | None, expected: str | None) -> None:
    assert source_problem(attribution(source, cue, name)) == expected


@pytest.mark.parametrize(
    ("cue", "stance", "expected"),
    [
        ("did not mention", "asserts", "negated-cue"),
        ("has not condemned", "asserts", "negated-cue"),
        # a negated belief verb that denies ("I don't believe it") is a member
        ("does not believe", "denies", None),
    ],
)
def test_a_negated_cue_that_asserts_nothing_states_no_claim(
    cue: str, stance: str, expected: str | None
) -> None:
    negated = attribution("Sullivan", cue, "Jake Sullivan", stance=stance, negated=True)
    assert source_problem(negated) == expected
    assert source_problem(attribution("Sullivan", cue, "Jake Sullivan", stance=stance)) is None


@pytest.fixture(scope="module")
def parse() -> Any:
    spacy = pytest.importorskip("spacy")
    from claimgraph.settings import DEFAULT_MODEL

    return spacy.load(DEFAULT_MODEL, exclude=["ner", "lemmatizer"])


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Beijing is sending or preparing to send lethal aid to Russia", None),
        ("lethal aid is now, or will be, flowing from China to Russia and into Ukraine", None),
        ("Washington had not seen intelligence showing the direct supply", None),
        ("other changes are needed", None),
        ("paying no income taxes was smart", None),
        ("it is shipping drone engines to Russia", None),
        ("it is clear that Russia is losing", None),
        # bare objects of verbs that are not speech verbs
        ("China backing Russia’s war effort", "not-a-clause"),
        ("Russia’s full-scale invasion of Ukraine", "not-a-clause"),
        (
            "itself as a neutral party in the conflict and offering its own peace plan",
            "not-a-clause",
        ),
        (
            "the hegemonic United States for extremely destabilizing steps, which pose a direct "
            "threat to the security of Russia and China",
            "not-a-clause",
        ),
        # speaker-less fragments and noun phrases
        ("the direct supply of combat equipment.", "not-a-clause"),
        ("to ban all Muslims", "not-a-clause"),
        ("Donald Trump for not paying federal income tax", "not-a-clause"),
        ("the same of Trump", "not-a-clause"),
        ("which she was doing when her to leave", "relative-clause"),
        ("he questions", "too-short"),
        ("Immigration", "too-short"),
        ("it is a significant development", "pronoun-subject"),
        ("how black life has been impacted by America’s racism", "embedded-question"),
        ("what we’re changing", "embedded-question"),
        ("What has happened basically is this. The campaign has sent orders", None),
        ("When I was young, we had jobs", None),
        ("How many times do we have to see this in our country?", None),
        ("Why won’t he release his tax returns? I think there may be reasons.", None),
        ("That is not true", "pronoun-subject"),
    ],
)
def test_clause_problem(parse: Any, text: str, expected: str | None) -> None:
    assert clause_problem(parse(text)) == expected


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Clinton was the winner of Monday night’s debate", True),
        ("other changes are needed", True),
        ("he is honored", False),
        ("law enforcement officers nationwide", False),
        ("the corrupting influence of super PACs", False),
    ],
)
def test_claim_check_needs_four_words_and_a_verb(parse: Any, text: str, expected: bool) -> None:
    assert claim_check(parse(text)) is expected
