"""claimgraph.stance: supports / refutes / observes / unrelated.

The tables here are the development cases (the rules were tuned on them).
The held-out set in data/stance_news_heldout.tsv was written before the
rules were scored on it and is only checked as a whole (an accuracy floor),
never case by case.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.cli.main import main
from claimgraph.errors import InputError

pytest.importorskip("onnxruntime")

from claimgraph import stance
from claimgraph import stance_many as stances
from claimgraph.analysis.stance import LABELS, SentenceStance, Stance, aggregate
from claimgraph.records import Segment

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[2] / "shared"
SEED_ARTICLE = SHARED / "examples" / "moscow-times-china-lethal-aid.txt"
HELDOUT = HERE / "data" / "stance_news_heldout.tsv"

AID = "China is sending lethal aid to Russia"
ROSE = "Prices rose in May"
NOT_AID = "China is not sending lethal aid to Russia"

#: Development cases of the hand rules that the learned one-sentence model
#: (issue 17) decides otherwise; strict, so a fix shows up as XPASS.
LEARNED_DIFFERS = pytest.mark.xfail(
    strict=True,
    reason=(
        "issue 17: one-sentence texts are decided by the learned model (Emergent + SICK); "
        "overriding it with the hand rules for this case cost 1-3 points of by-claim CV "
        "accuracy on Emergent dev (docs/analysis.md)"
    ),
)

SEED_CASES = [
    (AID, "China is sending lethal aid to Russia.", "supports"),
    (AID, "The U.S. has not seen evidence that China is sending lethal aid to Russia.", "refutes"),
    (
        AID,
        "British Defense Secretary Grant Shapps said China is providing lethal aid to Russia.",
        "observes",
    ),
    (AID, "The city council approved a new budget for parks.", "unrelated"),
    # Anaphora is resolved only inside the text: alone, "that" is nothing.
    (AID, "We have not seen that to date.", "unrelated"),
    (
        AID,
        "Shapps said China is sending lethal aid to Russia. We have not seen that to date, "
        "a U.S. official said.",
        "observes",
    ),
]

DEV_CASES = [
    # supports: the text asserts it, or presents it as established fact
    (AID, "Beijing is sending lethal aid to Russia, in a sharp escalation.", "supports"),
    (AID, "Satellite images show that China is sending lethal aid to Russia.", "supports"),
    # a negation elsewhere in the sentence does not flip it
    pytest.param(
        AID,
        "China, which has not condemned the war, is sending lethal aid to Russia.",
        "supports",
        marks=LEARNED_DIFFERS,
    ),
    (ROSE, "Prices rose by 3 percent in May, the fastest pace in a year.", "supports"),
    # refutes: negation, denial, contradiction, reported denial
    (AID, "China is not sending lethal aid to Russia.", "refutes"),
    (AID, "There is no evidence that China is sending lethal aid to Russia.", "refutes"),
    (AID, "The claim that China is sending lethal aid to Russia is false.", "refutes"),
    (AID, "China denied that it is sending lethal aid to Russia.", "refutes"),
    (AID, "China stopped sending lethal aid to Russia last year.", "refutes"),
    pytest.param(ROSE, "Prices fell in May.", "refutes", marks=LEARNED_DIFFERS),
    (NOT_AID, "China is sending lethal aid to Russia.", "refutes"),
    # observes: attributed, hearsay, question
    (AID, "Officials believe China is sending lethal aid to Russia.", "observes"),
    (AID, "China is sending lethal aid to Russia, according to Reuters.", "observes"),
    (AID, "China is reportedly sending lethal aid to Russia.", "observes"),
    (AID, "Is China sending lethal aid to Russia?", "observes"),
    (AID, "Reports that China is sending lethal aid to Russia have alarmed NATO.", "observes"),
    # unrelated: another topic, or the same actors doing something else
    pytest.param(
        AID, "Putin made an official visit to China last week.", "unrelated", marks=LEARNED_DIFFERS
    ),
    (AID, "The weather in Moscow was mild for the season.", "unrelated"),
]

#: The examples of issue 17 (one-sentence texts: the learned model).
ISSUE_CASES = [
    (AID, "Beijing is preparing to supply weapons to Moscow, British officials said.", "observes"),
    (
        "Apple will launch a 12-inch MacBook Air",
        "Apple may launch a 12-inch MacBook Air",
        "observes",
    ),
    (
        "McDonald's will stop serving overweight customers",
        "Fake-News: McDonald's will stop serving overweight customers",
        "refutes",
    ),
    (AID, "Report: China sending lethal aid to Russia", "observes"),
]

PARAGRAPH_CASES = [
    (
        AID,
        "Shapps told a defense conference that China is sending lethal aid to Russia.\n"
        "But the U.S. questioned the assertion. “We have not seen that to date,” Sullivan said.",
        "observes",
    ),
    (
        AID,
        "Trade between the two countries grew 64% last year.\n"
        "China is sending lethal aid to Russia, and the shipments are growing.",
        "supports",
    ),
    (
        AID,
        "Shapps claimed on Wednesday that China was sending lethal aid to Russia.\n"
        "The claim is false. China has not sent any weapons to Russia.",
        "refutes",
    ),
    (
        AID,
        "Putin visited Beijing last week.\nThe two leaders pledged a new era of partnership.",
        "unrelated",
    ),
]

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("claim", "text", "expected"), SEED_CASES + DEV_CASES + ISSUE_CASES + PARAGRAPH_CASES
)
def test_stance_label(claim: str, text: str, expected: str) -> None:
    assert stance(claim, text).label == expected


def test_seed_article_reports_both_sides() -> None:
    if not SEED_ARTICLE.is_file():
        pytest.skip("../shared/examples is absent")
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    result = stance(AID, text)
    assert result.label == "observes"
    evidence = " ".join(s.text for s in result.evidence)
    assert "Shapps said Wednesday" in evidence
    assert "We have not seen that to date." in evidence
    for segment in result.evidence:
        assert text[segment.start : segment.end] == segment.text


def test_scores_are_a_distribution_and_score_is_the_labels() -> None:
    result = stance(AID, "Officials believe China is sending lethal aid to Russia.")
    scores = dict(result.scores)
    assert set(scores) == set(LABELS)
    assert sum(scores.values()) == pytest.approx(1.0)
    assert all(0.0 <= p <= 1.0 for p in scores.values())
    assert result.score == scores[result.label] == max(scores.values())


def test_evidence_offsets_point_into_the_text() -> None:
    text = "Markets were calm.\n\nChina is not sending lethal aid to Russia, Beijing said."
    result = stance(AID, text)
    assert result.label == "refutes"
    [segment] = result.evidence
    assert text[segment.start : segment.end] == segment.text
    assert segment.text.startswith("China is not sending")


def test_boilerplate_is_not_evidence() -> None:
    text = (
        "China is sending lethal aid to Russia, officials said.\n"
        "A Message from The Moscow Times:\n"
        "Dear readers, China is sending lethal aid to Russia and we need your support.\n"
        "Remind me later."
    )
    result = stance(AID, text)
    assert result.label == "observes"
    assert all("Dear readers" not in s.text for s in result.evidence)


def test_to_dict_is_json_with_documented_fields() -> None:
    result = stance(AID, "China denied sending lethal aid to Russia.")
    data = json.loads(json.dumps(result.to_dict()))
    assert set(data) == {"label", "score", "scores", "evidence"}
    assert set(data["scores"]) == set(LABELS)
    assert set(data["evidence"][0]) == {"start", "end", "text", "reason"}


def test_batch_gives_the_same_answers_as_single_calls() -> None:
    pairs = [(claim, text) for claim, text, _ in SEED_CASES[:4]]
    assert [s.label for s in stances(pairs)] == [stance(c, t).label for c, t in pairs]


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "..."])
def test_empty_text_is_an_input_error_not_unrelated(text: str) -> None:
    # issue 17, point 7: an empty text is an error, never "unrelated 1.00"
    with pytest.raises(InputError, match="text is empty"):
        stance(AID, text)


@pytest.mark.parametrize("claim", ["", "   ", "x" * 1001])
def test_bad_claims_are_input_errors(claim: str) -> None:
    with pytest.raises(InputError, match="claim"):
        stance(claim, "Some text.")


def test_heldout_news_accuracy_floor() -> None:
    """The held-out set as a whole (docs/analysis.md has the measured numbers)."""
    cases = []
    for line in HELDOUT.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, claim, text = line.split("\t")
            cases.append((label, claim, text.replace("\\n", "\n")))
    results = stances([(c, t) for _, c, t in cases])
    right = sum(r.label == gold for r, (gold, _, _) in zip(results, cases, strict=True))
    assert right / len(cases) >= HELDOUT_FLOOR


#: A little under the accuracy measured on the held-out set (docs/analysis.md).
HELDOUT_FLOOR = 0.85


def _sentence(label: str, relatedness: float, reported: bool, start: int) -> SentenceStance:
    r = relatedness
    table = {
        "supports": (r, 0.0, 0.0),
        "refutes": (0.0, r, 0.0),
        "observes": (0.0, 0.0, r),
    }[label]
    scores = (("supports", table[0]), ("refutes", table[1]), ("observes", table[2]))
    return SentenceStance(
        segment=Segment(start, start + 1, "x"),
        relatedness=r,
        scores=(*scores, ("unrelated", 1 - r)),  # type: ignore[arg-type]
        reported=reported,
        reason="",
    )


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        ([], "unrelated"),
        ([("supports", 0.3, False)], "unrelated"),
        ([("observes", 0.9, True), ("refutes", 0.8, True)], "observes"),
        ([("refutes", 0.9, True), ("refutes", 0.7, True)], "refutes"),
        ([("observes", 0.9, True), ("supports", 0.6, False)], "supports"),
        ([("observes", 0.9, True), ("refutes", 0.6, False)], "refutes"),
        ([("supports", 0.9, False), ("refutes", 0.6, False)], "supports"),
    ],
)
def test_aggregation_rule(sentences: list[tuple[str, float, bool]], expected: str) -> None:
    built = [_sentence(lab, r, rep, i) for i, (lab, r, rep) in enumerate(sentences)]
    result: Stance = aggregate(built)
    assert result.label == expected
    assert sum(p for _, p in result.scores) == pytest.approx(1.0)


def test_cli_help() -> None:
    result = CliRunner().invoke(main, ["stance", "--help"])
    assert result.exit_code == 0
    assert "supports" in result.output and "CLAIM" in result.output


def test_json_reasons_name_the_deciding_cues() -> None:
    result = CliRunner().invoke(
        main, ["stance", "--format", "json", AID, "Report: China sending lethal aid to Russia"]
    )
    assert result.exit_code == 0, result.output
    [evidence] = json.loads(result.output)["evidence"]
    assert "source_colon: 'Report'" in evidence["reason"]


def test_cli_json_reads_stdin() -> None:
    result = CliRunner().invoke(
        main,
        ["stance", "--format", "json", AID, "-"],
        input="China denied that it is sending lethal aid to Russia.",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["claim"], data["label"]) == (AID, "refutes")


def test_cli_text_and_errors() -> None:
    ok = CliRunner().invoke(main, ["stance", AID, "China is sending lethal aid to Russia."])
    assert ok.exit_code == 0 and ok.output.startswith("supports ")
    bad = CliRunner().invoke(main, ["stance", "  ", "text"])
    assert bad.exit_code == 1 and "claim is empty" in bad.output


def test_importing_claimgraph_loads_neither_spacy_nor_torch() -> None:
    code = (
        "import sys, claimgraph; "
        "assert 'stance' in dir(claimgraph); "
        "print('spacy' in sys.modules, 'torch' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(HERE.parents[1] / "src")},
    )
    assert out.stdout.split() == ["False", "False"]


def test_unknown_attribute_is_an_attribute_error() -> None:
    import claimgraph

    with pytest.raises(AttributeError):
        _ = claimgraph.no_such_function  # type: ignore[attr-defined]
