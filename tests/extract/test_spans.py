"""Tests for claimgraph.extract.spans: trimming, segments, token ranges (no model)."""

from __future__ import annotations

from typing import Any

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from claimgraph.extract.spans import make_segments, token_ranges, trim
from claimgraph.records import Segment


def trimmed(text: str, **kwargs: Any) -> str:
    start, end = trim(text, 0, len(text), **kwargs)
    return text[start:end]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("  Shapps  ", "Shapps", id="whitespace"),
        pytest.param("\nShapps\t", "Shapps", id="newline-tab"),
        pytest.param(", Shapps,", "Shapps", id="commas"),
        pytest.param("; the minister:", "the minister", id="semicolon-colon"),
        pytest.param("— the minister —", "the minister", id="em-dashes"),
        pytest.param("– the minister -", "the minister", id="en-dash-hyphen"),
        pytest.param(
            "Kerry, who lost in 2004, said", "Kerry, who lost in 2004, said", id="inner-kept"
        ),
        pytest.param("the talks failed.", "the talks failed.", id="period-kept-outside-content"),
        pytest.param(" ,;: ", "", id="only-punctuation"),
        pytest.param("", "", id="empty"),
    ],
)
def test_trim_strips_whitespace_and_edge_punctuation(text: str, expected: str) -> None:
    assert trimmed(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("the talks had failed.", "the talks had failed", id="final-period-dropped"),
        pytest.param("the talks had failed. ", "the talks had failed", id="period-then-space"),
        pytest.param("the talks had failed,", "the talks had failed", id="final-comma-dropped"),
        pytest.param("“We will win,”", "“We will win,”", id="comma-inside-closing-quote-kept"),
        pytest.param("“We will win.”", "“We will win.”", id="period-inside-closing-quote-kept"),
        pytest.param('"We will win,"', '"We will win,"', id="straight-quote-kept"),
        pytest.param("“We will win,” ", "“We will win,”", id="space-after-quote"),
        pytest.param("the “new era.”", "the “new era.”", id="mixed-ends-in-quote"),
        pytest.param("the U.S.", "the U.S", id="abbreviation-period-dropped"),
    ],
)
def test_trim_content_drops_final_period_but_keeps_quote_punctuation(
    text: str, expected: str
) -> None:
    assert trimmed(text, content=True) == expected


@pytest.mark.parametrize(
    ("text", "keep_end", "expected"),
    [
        pytest.param("said:", ":", "said:", id="kept"),
        pytest.param("said: ", ":", "said:", id="kept-before-space"),
        pytest.param("said:", "", "said", id="dropped-by-default"),
        pytest.param(": said", ":", "said", id="leading-colon-dropped"),
        pytest.param("said,", ":", "said", id="comma-still-dropped"),
        pytest.param("Kerry, who lost,", ",", "Kerry, who lost,", id="closing-comma-kept"),
    ],
)
def test_trim_keep_end(text: str, keep_end: str, expected: str) -> None:
    assert trimmed(text, keep_end=keep_end) == expected


def test_trim_returns_offsets_into_text() -> None:
    text = "He said, “We will win,” on Monday."
    assert trim(text, 7, 23) == (9, 23)
    assert trim(text, 7, 23, content=True) == (9, 23)


TEXT = "The talks collapsed, the minister said on Monday."


@pytest.mark.parametrize(
    ("ranges", "expected"),
    [
        pytest.param([(0, 3), (4, 9)], ["The talks"], id="adjacent-across-space"),
        pytest.param([(0, 3), (3, 9)], ["The talks"], id="touching"),
        pytest.param([(0, 9), (4, 19)], ["The talks collapsed"], id="overlapping"),
        pytest.param([(4, 19), (0, 3)], ["The talks collapsed"], id="unsorted-input"),
        pytest.param([(0, 9), (21, 33)], ["The talks", "the minister"], id="gap-with-comma"),
        pytest.param(
            [(10, 20), (21, 33)], ["collapsed, the minister"], id="comma-in-range-then-space"
        ),
        pytest.param(
            [(10, 19), (21, 33)], ["collapsed", "the minister"], id="comma-gap-not-merged"
        ),
        pytest.param([(19, 21)], [], id="punctuation-only-range-dropped"),
        pytest.param([], [], id="no-ranges"),
    ],
)
def test_make_segments_merges_adjacent_ranges(
    ranges: list[tuple[int, int]], expected: list[str]
) -> None:
    segments = make_segments(TEXT, ranges)
    assert [s.text for s in segments] == expected
    for s in segments:
        assert TEXT[s.start : s.end] == s.text


def test_make_segments_content_trims_final_period() -> None:
    assert make_segments(TEXT, [(21, 49)], content=True) == (
        Segment(21, 48, "the minister said on Monday"),
    )


def test_make_segments_keep_end() -> None:
    text = "Sullivan said: “No.”"
    assert make_segments(text, [(9, 14)], keep_end=":") == (Segment(9, 14, "said:"),)
    assert make_segments(text, [(9, 14)]) == (Segment(9, 13, "said"),)


@pytest.fixture
def doc() -> Doc:
    # "Shapps said that Beijing lied, officials said."
    words = ["Shapps", "said", "that", "Beijing", "lied", ",", "officials", "said", "."]
    spaces = [True, True, True, True, False, True, True, False, False]
    return Doc(Vocab(), words=words, spaces=spaces)


@pytest.mark.parametrize(
    ("indices", "expected"),
    [
        pytest.param([0], ["Shapps"], id="one-token"),
        pytest.param([2, 3, 4], ["that Beijing lied"], id="contiguous-run"),
        pytest.param([4, 2, 3], ["that Beijing lied"], id="unsorted-tokens"),
        pytest.param([0, 0, 1], ["Shapps said"], id="duplicate-tokens"),
        pytest.param([0, 2], ["Shapps", "that"], id="gap-splits-run"),
        pytest.param([4, 5], ["lied,"], id="no-space-between-tokens"),
        pytest.param([6, 7, 8], ["officials said."], id="run-to-doc-end"),
        pytest.param([], [], id="no-tokens"),
    ],
)
def test_token_ranges_contiguous_runs(doc: Doc, indices: list[int], expected: list[str]) -> None:
    ranges = token_ranges(doc[i] for i in indices)
    assert [doc.text[a:b] for a, b in ranges] == expected


def test_token_ranges_offsets(doc: Doc) -> None:
    assert token_ranges([doc[0], doc[2], doc[3]]) == [(0, 6), (12, 24)]
