"""Stance of an attribution, "declined to comment" attributions, dispute links."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from claimgraph.records import Attribution

pytestmark = pytest.mark.model

Find = Callable[[str], list[Attribution]]


def by_cue(atts: list[Attribution], cue: str) -> Attribution:
    for a in atts:
        if " ".join(s.text for s in a.cue).startswith(cue):
            return a
    raise AssertionError(f"no cue {cue!r} in {[[s.text for s in a.cue] for a in atts]}")


@pytest.mark.parametrize(
    ("text", "cue", "stance"),
    [
        ("The minister said the factory will open in May.", "said", "asserts"),
        ("The ministry denied that it had sold weapons to Iran.", "denied", "denies"),
        ("Officials rejected the report as politically motivated.", "rejected", "denies"),
        ("The senator questioned whether the deal was legal.", "questioned", "questions"),
        ("Analysts doubt that the ceasefire will hold.", "doubt", "questions"),
        ('"That is completely false," the spokesman said.', "said", "denies"),
        ("He said he would not run for office again.", "said", "asserts"),
        ('"Will they pay for it?" the mayor asked.', "asked", "questions"),
    ],
)
def test_stance_from_cue_and_content(attributions: Find, text: str, cue: str, stance: str) -> None:
    assert by_cue(attributions(text), cue).stance == stance


def test_negated_reply_to_an_earlier_claim_denies(attributions: Find) -> None:
    text = (
        "Germany said Iran is shipping drone engines to Russia. "
        '"We have not seen that," a State Department spokeswoman said.'
    )
    atts = attributions(text)
    claim, reply = by_cue(atts, "said"), atts[-1]
    assert reply.stance == "denies"
    assert claim.stance == "asserts"
    assert reply.disputes == (claim.id,)
    assert claim.disputed_by == (reply.id,)


def test_negated_statement_about_something_new_asserts(attributions: Find) -> None:
    atts = attributions("The mayor said the bridge will not reopen this year.")
    assert by_cue(atts, "said").stance == "asserts"
    assert by_cue(atts, "said").disputes == ()


def _hand_built(doc_text: str, cue: str, content: str) -> Attribution:
    """An attribution of ``doc_text`` with this cue and content (first
    occurrences), no source: the negation is read off the cue."""
    from claimgraph.records import Segment

    def seg(part: str) -> tuple[Segment, ...]:
        start = doc_text.index(part) if part else 0
        return (Segment(start, start + len(part), part),) if part else ()

    return Attribution("a1", "indirect", (), seg(cue), seg(content))


@pytest.mark.parametrize(
    ("text", "cue", "content", "negated", "stance"),
    [
        (
            "Beijing has not condemned the invasion.",
            "has not condemned",
            "the invasion",
            True,
            "asserts",
        ),
        (
            "She did not mention the hacking of the servers.",
            "did not mention",
            "the hacking of the servers",
            True,
            "asserts",
        ),
        ("He decided not to issue a pardon.", "not to issue", "a pardon", True, "asserts"),
        (
            "Officials would not say whether the plan was approved.",
            "would not say",
            "whether the plan was approved",
            True,
            "asserts",
        ),
        (
            "He has never said that the tests failed.",
            "has never said",
            "that the tests failed",
            True,
            "asserts",
        ),
        # a negated denial denies nothing
        ("The senator did not deny the report.", "did not deny", "the report", True, "asserts"),
        # neg-raising: a negated belief verb that points back denies
        ("I don't believe it.", "don't believe", "it", True, "denies"),
        ("I don't think so.", "don't think", "so", True, "denies"),
        ("I never believed it.", "never believed", "it", True, "asserts"),
        ("I don't think the plan will work.", "don't think", "the plan will work", True, "asserts"),
        # negation that affirms, or that is not the cue's
        (
            "He could not resist pointing out that the plan failed.",
            "could not resist pointing out",
            "that the plan failed",
            False,
            "asserts",
        ),
        (
            "They never tire of telling the story of Copenhagen.",
            "never tire of telling",
            "the story of Copenhagen",
            False,
            "asserts",
        ),
        (
            "The report not only documented faster warming.",
            "not only documented",
            "faster warming",
            False,
            "asserts",
        ),
        ('"Probably not," she said.', "said", "Probably not", False, "asserts"),
        (
            "The minister said the factory will not open in May.",
            "said",
            "the factory will not open in May",
            False,
            "asserts",
        ),
        (
            "The ministry denied that it had sold weapons.",
            "denied",
            "that it had sold weapons",
            False,
            "denies",
        ),
    ],
)
def test_a_negated_cue_asserts_nothing(
    nlp: Language, text: str, cue: str, content: str, negated: bool, stance: str
) -> None:
    from claimgraph.analysis.acts import negated_cue, stance_of

    doc = nlp(text)
    att = _hand_built(text, cue, content)
    assert negated_cue(doc, att) is negated
    assert stance_of(doc, att) == stance


def test_the_ledger_marks_a_negated_cue(nlp: Language) -> None:
    from claimgraph.analysis.ledger import analyze_ledger

    text = "She did not mention the hacking of the servers."
    doc = nlp(text)
    (marked,) = analyze_ledger(doc, [_hand_built(text, "did not mention", "the hacking")])
    assert marked.negated is True
    assert marked.to_dict()["negated"] is True


def test_a_declined_comment_is_not_also_negated(attributions: Find) -> None:
    atts = attributions("The embassy did not respond to a request for comment.")
    declined = [a for a in atts if a.stance == "declines_to_comment"]
    assert declined
    assert all(a.negated is False for a in declined)


@pytest.mark.parametrize(
    ("text", "source", "cue"),
    [
        (
            "There was no immediate comment from China's embassy in London in response "
            "to the claims.",
            "China's embassy in London",
            "no immediate comment from",
        ),
        (
            "The Kremlin did not immediately respond to a request for comment.",
            "The Kremlin",
            "did not immediately respond to a request for comment",
        ),
        (
            "A spokesman for the company declined to comment.",
            "A spokesman for the company",
            "declined to comment",
        ),
        (
            "Smith could not be reached for comment on Tuesday.",
            "Smith",
            "could not be reached for comment",
        ),
        (
            "The ministry did not return calls seeking comment.",
            "The ministry",
            "did not return calls seeking comment",
        ),
        (
            "The White House had no immediate comment.",
            "The White House",
            "had no immediate comment",
        ),
    ],
)
def test_declines_to_comment_attribution(
    attributions: Find, text: str, source: str, cue: str
) -> None:
    declines = [a for a in attributions(text) if a.stance == "declines_to_comment"]
    assert len(declines) == 1
    a = declines[0]
    assert " ".join(s.text for s in a.source) == source
    assert " ".join(s.text for s in a.cue) == cue
    assert a.content == ()
    assert a.rule == "declines-to-comment"


def test_declined_to_comment_replaces_the_plain_extraction(attributions: Find) -> None:
    atts = attributions("The embassy declined to comment.")
    assert [a.stance for a in atts] == ["declines_to_comment"]


def test_a_comment_that_was_made_is_not_a_decline(attributions: Find) -> None:
    assert not [a for a in attributions("He made a comment about the weather.") if a.content == ()]


def test_questioning_a_named_speakers_assertion_disputes_their_attributions(
    attributions: Find,
) -> None:
    text = (
        "Beijing is sending lethal aid to Russia, British Defense Secretary Grant Shapps said. "
        "He added that the shipments began in March. "
        "But the U.S. later questioned Shapps' assertion."
    )
    atts = attributions(text)
    question = by_cue(atts, "later questioned")
    shapps = [a for a in atts if a.speaker and a.speaker.name == "Grant Shapps"]
    assert question.stance == "questions"
    assert set(question.disputes) == {a.id for a in shapps} and len(shapps) == 2
    assert all(question.id in a.disputed_by for a in shapps)


def test_denying_the_claim_disputes_the_storys_claim_not_the_last_remark(
    attributions: Find,
) -> None:
    text = (
        "Iran is shipping drone engines to Russia, Germany said on Thursday. "
        "Defence Minister Markus Brandt said Berlin would ask its partners for sanctions. "
        "Iranian spokesman Reza Tavakoli denied the claim."
    )
    atts = attributions(text)
    denial = by_cue(atts, "denied")
    germany = next(a for a in atts if "drone engines" in " ".join(s.text for s in a.content))
    assert denial.stance == "denies"
    assert denial.disputes == (germany.id,)


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        (
            "Germany said Iran is shipping drone engines to Russia. Defence Minister Markus "
            "Brandt said the engines do not fly themselves into Russia.",
            "asserts",
        ),
        (
            "Germany said Iran is shipping drone engines to Russia. Tehran said Iran is not "
            "shipping drone engines to anyone.",
            "denies",
        ),
        (
            "Shapps said Russia and China are collaborating on combat equipment. Sullivan said "
            "Washington had not seen intelligence showing the supply of combat equipment.",
            "denies",
        ),
    ],
)
def test_negation_denies_only_a_claim_made_before(
    attributions: Find, text: str, stance: str
) -> None:
    last = [a for a in attributions(text) if a.source][-1]
    assert last.stance == stance
