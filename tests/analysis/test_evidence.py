"""Evidence cited, said to be missing, or claimed."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from claimgraph.analysis.evidence import find_evidence
from claimgraph.records import Attribution


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Shapps said without providing evidence of the assertion other than the 64% "
            "growth in trade since the war.",
            [
                ("none_given", "without providing evidence of the assertion other than"),
                ("cited", "the 64% growth in trade since the war"),
            ],
        ),
        ("He made the claim without evidence.", [("none_given", "without evidence")]),
        (
            "The ministry did not provide any evidence for it.",
            [("none_given", "did not provide any evidence")],
        ),
        ("She offered no proof.", [("none_given", "offered no proof")]),
        (
            "He said Iran was involved, pointing to serial numbers on the fragments.",
            [("cited", "serial numbers on the fragments")],
        ),
        (
            "The group said so, citing satellite images of the port.",
            [("cited", "satellite images of the port")],
        ),
        (
            "“We have evidence that they are collaborating,” he said.",
            [("claimed", "We have evidence")],
        ),
        ("The weather was mild and the evidence room was closed.", []),
    ],
)
def test_find_evidence(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(s.kind, s.text) for s in find_evidence(text)] == expected
    for s in find_evidence(text):
        assert text[s.start : s.end] == s.text


@pytest.mark.model
def test_reporters_note_goes_to_the_attribution_and_what_it_points_back_to(
    attributions: Callable[[str], list[Attribution]],
) -> None:
    text = (
        "Beijing is sending lethal aid to Russia, Grant Shapps said on Wednesday. "
        "“I think it is a significant development,” Shapps said without providing evidence "
        "of the assertion other than the 64% growth in Russian-Chinese trade."
    )
    atts = [
        a for a in attributions(text) if a.speaker and (a.speaker.name or "").endswith("Shapps")
    ]
    assert len(atts) >= 2
    for a in atts:
        assert a.evidence.status == "cited"
        kinds = {s.kind: s.text for s in a.evidence.spans}
        assert kinds["cited"] == "the 64% growth in Russian-Chinese trade"
        assert kinds["none_given"].startswith("without providing evidence")


@pytest.mark.model
def test_no_evidence_phrase_means_not_stated(
    attributions: Callable[[str], list[Attribution]],
) -> None:
    (a,) = attributions("The mayor said the bridge will reopen in May.")
    assert a.evidence.status == "not_stated" and a.evidence.spans == ()
