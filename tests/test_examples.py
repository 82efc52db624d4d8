"""End-to-end ledgers of the example articles: what a reader must find in them.

The Moscow Times report lives in ``../shared/examples`` (skipped when absent);
the repository's own example is ``examples/lethal-aid-wire.txt``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from claimgraph.records import AnalyzedArticle, Attribution
from example_articles import MOSCOW, WIRE, ledger

pytestmark = pytest.mark.model


def find(result: AnalyzedArticle, content: str, cue: str | None = None) -> Attribution:
    """The attribution whose content contains ``content`` and whose cue starts
    with ``cue``. The rules and the learned tagger draw the cue's extent a
    little differently ("said Wednesday" / "said"; both occur in PolNeAR), so
    the ledger tests pin the cue's head; the rule tests pin exact spans."""
    for a in result.attributions:
        text = " ".join(s.text for s in a.content)
        if content in text and (cue is None or " ".join(s.text for s in a.cue).startswith(cue)):
            return a
    raise AssertionError(f"no attribution with content {content!r} and cue {cue!r}")


def source(a: Attribution) -> str:
    return " ".join(s.text for s in a.source)


@pytest.fixture(scope="module")
def moscow(any_nlp: Language) -> AnalyzedArticle:
    """The Moscow Times ledger, with the rules alone and with the default model:
    the learned model must keep what the rules got right."""
    return ledger(any_nlp, MOSCOW)


@pytest.fixture(scope="module")
def wire(any_nlp: Language) -> AnalyzedArticle:
    return ledger(any_nlp, WIRE)


@pytest.mark.parametrize(
    ("content", "cue", "source_text", "name", "kind"),
    [
        (
            "Beijing is sending or preparing to send",
            "said",
            "British Defense Secretary Grant Shapps",
            "Grant Shapps",
            "mixed",
        ),
        ("Today I can reveal", "told", "Shapps", "Grant Shapps", "direct"),
        (
            "that U.S. and British intelligence services believe",
            "added",
            "He",
            "Grant Shapps",
            "mixed",
        ),
        ("I think it is a significant development", "said", "Shapps", "Grant Shapps", "direct"),
        ("We have not seen that to date.", "said", "Sullivan", "Jake Sullivan", "direct"),
        (
            "Washington had not seen intelligence",
            "saying",
            "White House National Security Adviser Jake Sullivan",
            "Jake Sullivan",
            "mixed",
        ),
        (
            "U.S. President Joe Biden has previously raised",
            "reported last month",
            "Reuters",
            "Reuters",
            "indirect",
        ),
        (
            "U.S. President Joe Biden has previously raised",
            "citing",
            "senior anonymous U.S. officials",
            None,
            "indirect",
        ),
        (
            "Beijing is thought to have already provided",
            "according to",
            "that report",
            "Reuters",
            "mixed",
        ),
        (
            "Chinese-supplied goods are believed",
            "was quoted as saying",
            "the U.S. official",
            None,
            "mixed",
        ),
    ],
)
def test_moscow_times_ledger_has_the_key_attributions(
    moscow: AnalyzedArticle,
    content: str,
    cue: str,
    source_text: str,
    name: str | None,
    kind: str,
) -> None:
    a = find(moscow, content, cue)
    assert source(a) == source_text
    assert a.speaker is not None
    assert a.speaker.name == name
    assert a.kind == kind


def test_moscow_times_nested_belief_has_its_own_source(moscow: AnalyzedArticle) -> None:
    outer = find(moscow, "that U.S. and British intelligence services believe", "added")
    inner = find(moscow, "lethal aid is now, or will be", "believe")
    assert source(inner) == "U.S. and British intelligence services"
    assert inner.parent == outer.id


def test_moscow_times_main_claim_is_only_the_claim(moscow: AnalyzedArticle) -> None:
    # "..., British Defense Secretary Grant Shapps said Wednesday, a claim that
    # comes just days after ...": the reporter's remark is not Shapps's content
    # (the encoder tags it as content; the decoder cuts the appositive)
    claim = find(moscow, "Beijing is sending or preparing to send", "said")
    assert [s.text for s in claim.content] == [
        "Beijing is sending or preparing to send “lethal aid” to Russia for use in the war "
        "against Ukraine"
    ]


def test_moscow_times_relay_phrase_is_in_no_content(moscow: AnalyzedArticle) -> None:
    # "... flowing from China to Russia and into Ukraine,” as quoted by Reuters."
    assert not [
        a.id for a in moscow.attributions if "as quoted by" in " ".join(s.text for s in a.content)
    ]
    added = find(moscow, "that U.S. and British intelligence services believe", "added")
    assert [v.name for v in added.via] == ["Reuters"]


def test_relay_phrase_is_cut_with_the_learned_model_alone() -> None:
    # --model learned reports no relay attribution, but the rules still found
    # "as quoted by Reuters", so it is cut from the tagger's contents too
    from claimgraph.nlp.pipeline import load_nlp
    from claimgraph.settings import Settings

    found = ledger(load_nlp(Settings(extractor="learned")), MOSCOW)
    contents = [" ".join(s.text for s in a.content) for a in found.attributions]
    assert any("U.S. and British intelligence services believe" in c for c in contents)
    assert not [c for c in contents if "as quoted by" in c]


def test_moscow_times_speaker_descriptor(moscow: AnalyzedArticle) -> None:
    shapps = find(moscow, "Beijing is sending or preparing to send", "said").speaker
    sullivan = find(moscow, "We have not seen that to date.", "said").speaker
    assert shapps is not None and sullivan is not None
    assert (shapps.title, shapps.nationality) == ("Defense Secretary", "British")
    assert (sullivan.title, sullivan.affiliation) == ("National Security Adviser", "White House")


@pytest.mark.parametrize("path", [MOSCOW, WIRE], ids=["moscow-times", "wire"])
def test_nothing_comes_from_marked_text(any_nlp: Language, path: Path) -> None:
    result = ledger(any_nlp, path)
    kinds = {r.kind for r in result.removed}
    assert {"update_note", "appeal"} <= kinds
    for a in result.attributions:
        for seg in a.source + a.cue + a.content:
            assert result.article.text[seg.start : seg.end] == seg.text
            assert not any(r.start <= seg.start < r.end for r in result.removed), seg


@pytest.mark.parametrize(
    ("content", "cue", "source_text", "name", "kind"),
    [
        (
            "We now have evidence",
            "told",
            "German Foreign Minister Anna Keller",
            "Anna Keller",
            "direct",
        ),
        (
            "“We have seen the parts,” … “and they are not civilian.”",
            "said",
            "she",
            "Anna Keller",
            "direct",
        ),
        ("that Western intelligence services believe", "added", "She", "Anna Keller", "indirect"),
        (
            "“changed the arithmetic”",
            "said",
            "Defence Minister Markus Brandt",
            "Markus Brandt",
            "mixed",
        ),
        (
            "These engines do not fly themselves into Russia.",
            "said",
            "Brandt",
            "Markus Brandt",
            "direct",
        ),
        (
            "There is no Iranian drone in Ukraine",
            "was the answer",
            "Iranian Foreign Ministry spokesman Reza Tavakoli",
            "Reza Tavakoli",
            "direct",
        ),
        (
            "Tehran has acknowledged sending",
            "according to",
            "a Reuters report",
            "Reuters",
            "indirect",
        ),
        (
            "“We have not seen that,”",
            "said",
            "State Department spokeswoman Claire Dunmore",
            "Claire Dunmore",
            "direct",
        ),
        (
            "Kyiv had passed its own findings",
            "said",
            "A senior Ukrainian official who spoke on condition of anonymity",
            None,
            "indirect",
        ),
        (
            "The route is “cheaper and much harder to watch”",
            "was quoted as saying",
            "the official",
            None,
            "mixed",
        ),
    ],
)
def test_repository_example_ledger(
    wire: AnalyzedArticle,
    content: str,
    cue: str,
    source_text: str,
    name: str | None,
    kind: str,
) -> None:
    a = find(wire, content.split(" … ")[0], cue)
    if " … " in content:
        assert " … ".join(s.text for s in a.content) == content
    assert source(a) == source_text
    assert a.speaker is not None
    assert a.speaker.name == name
    assert a.kind == kind


def test_wire_lead_claim_is_only_the_claim(wire: AnalyzedArticle) -> None:
    # "BERLIN — Iran is shipping ..., Germany said on Thursday, the most direct
    # accusation Berlin has levelled at Tehran ...": neither the dateline nor
    # the reporter's appositive is Germany's content (the rules get this right;
    # the encoder tags both as content and the decoder cuts them)
    claim = find(wire, "Iran is shipping drone engines", "said")
    assert source(claim) == "Germany"
    assert [s.text for s in claim.content] == [
        "Iran is shipping drone engines and navigation modules to Russia across the Caspian "
        "Sea in breach of international sanctions"
    ]


def test_multi_paragraph_quote_is_one_content(wire: AnalyzedArticle) -> None:
    a = find(wire, "These engines do not fly themselves into Russia.", "said")
    text = " ".join(s.text for s in a.content)
    assert "We will find those people" in text
    assert "\n" in wire.article.text[a.content[0].start : a.content[-1].end]
