"""Relay chains (``via``), outermost first."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from claimgraph.records import Attribution

pytestmark = pytest.mark.model

Find = Callable[[str], list[Attribution]]


def chain(a: Attribution) -> list[tuple[str | None, str]]:
    return [(v.name, v.relation) for v in a.via]


def by_speaker(atts: list[Attribution], mention: str) -> Attribution:
    for a in atts:
        if a.speaker and a.speaker.mention == mention:
            return a
    raise AssertionError(f"no speaker {mention!r}")


def test_as_quoted_by_relays_the_clause_and_its_nested_belief(attributions: Find) -> None:
    text = (
        "He added that U.S. and British intelligence services believe "
        "“lethal aid is now flowing from China to Russia,” as quoted by Reuters."
    )
    atts = attributions(text)
    he = by_speaker(atts, "He")
    services = by_speaker(atts, "U.S. and British intelligence services")
    assert chain(he) == [("Reuters", "quoted_by")]
    assert chain(services)[0] == ("Reuters", "quoted_by")
    relay = by_speaker(atts, "Reuters")
    assert relay.via == ()


def test_citing_sources_are_reported_by_the_outlet(attributions: Find) -> None:
    text = (
        "Biden raised the issue in a call with Xi, Reuters reported last month, "
        "citing senior anonymous U.S. officials."
    )
    officials = by_speaker(attributions(text), "senior anonymous U.S. officials")
    assert chain(officials) == [("Reuters", "reported_by")]
    assert officials.speaker is not None and officials.speaker.anonymous


def test_according_to_that_report_refers_to_the_earlier_report(attributions: Find) -> None:
    text = (
        "Biden raised the issue in a call with Xi, Reuters reported last month. "
        "Beijing is thought to have provided drone technology, according to that report."
    )
    atts = attributions(text)
    report = next(a for a in atts if " ".join(s.text for s in a.cue) == "according to")
    (via,) = report.via
    assert (via.name, via.relation, via.text, via.type) == (
        "Reuters",
        "according_to",
        "that report",
        "document",
    )
    assert via.refers_to is not None and via.refers_to.text.startswith("Reuters reported")


@pytest.mark.parametrize(
    ("text", "mention", "expected"),
    [
        ("The minister told the BBC that talks had failed.", "The minister", [("BBC", "told")]),
        (
            "The minister said in an interview with CNN that talks had failed.",
            "The minister",
            [("CNN", "interview")],
        ),
        ("The minister told reporters that talks had failed.", "The minister", []),
    ],
)
def test_listener_outlets(attributions: Find, text: str, mention: str, expected: list) -> None:
    assert chain(by_speaker(attributions(text), mention)) == expected


def test_quoted_as_saying_names_the_outlet_of_the_story(attributions: Find) -> None:
    text = (
        "The plan was approved in May, Reuters reported. "
        "“We moved faster than we expected,” the official was quoted as saying."
    )
    official = by_speaker(attributions(text), "the official")
    assert chain(official) == [("Reuters", "quoted_as_saying")]
    assert official.speaker is not None and official.speaker.anonymous
