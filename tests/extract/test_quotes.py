"""Tests for claimgraph.extract.quotes.find_quotes (pure, no model)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimgraph.extract.quotes import Quote, QuoteIndex, find_quotes, quote_index


def quoted(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param('He said "we will win" today.', ['"we will win"'], id="straight"),
        pytest.param("He said “we will win” today.", ["“we will win”"], id="curly"),
        pytest.param("The ‘big lie’ spread.", ["‘big lie’"], id="curly-single"),
        pytest.param("The 'big lie' spread.", ["'big lie'"], id="straight-single"),
        pytest.param('"Yes," he said.', ['"Yes,"'], id="straight-at-text-start"),
        pytest.param(
            "“We will win,” she said, “and soon.”",
            ["“We will win,”", "“and soon.”"],
            id="two-quotes-one-sentence",
        ),
        pytest.param("Shapps said «non» twice.", ["«non»"], id="guillemets"),
    ],
)
def test_find_quotes_kinds_of_marks(text: str, expected: list[str]) -> None:
    assert quoted(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("We don't know.", id="dont"),
        pytest.param("We don’t know.", id="dont-curly"),
        pytest.param("Shapps’ claim was false.", id="plural-possessive-curly"),
        pytest.param("Shapps' claim was false.", id="plural-possessive-straight"),
        pytest.param("Shapps’ claim and Jones’ denial.", id="two-possessives"),
        pytest.param("Russia’s war and China’s role.", id="possessive-s"),
        pytest.param("The ‘big’ lie.", id="single-word-single-quote"),
        pytest.param('The 6" gun and the 8" gun.', id="inch-marks"),
    ],
)
def test_find_quotes_apostrophes_are_not_quotes(text: str) -> None:
    assert find_quotes(text) == ()


def test_find_quotes_possessive_before_single_quote() -> None:
    text = "The 1990s’ music and the ‘rock and roll’ era."
    assert quoted(text) == ["‘rock and roll’"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "He said: “We will win.\n“We will also fight.”\nThen he left.",
            ["“We will win.\n“We will also fight.”"],
            id="curly-two-paragraphs",
        ),
        pytest.param(
            "He said: “One.\n“Two.\n“Three.”",
            ["“One.\n“Two.\n“Three.”"],
            id="curly-three-paragraphs",
        ),
        pytest.param(
            'He said: "We will win.\n"We will also fight."',
            ['"We will win.\n"We will also fight."'],
            id="straight-two-paragraphs",
        ),
        pytest.param(
            "He said: “We will win.\n\n“We will also fight.”",
            ["“We will win.\n\n“We will also fight.”"],
            id="blank-line-between-paragraphs",
        ),
    ],
)
def test_find_quotes_multi_paragraph_quote_is_one_quote(text: str, expected: list[str]) -> None:
    assert quoted(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("He said: “We will win.\nThen he left.", [], id="unclosed-then-prose"),
        pytest.param("He said: “We will win.", [], id="unclosed-at-end"),
        pytest.param(
            "He said: “We will win.\nThen he left. “It is over,” she said.",
            ["“It is over,”"],
            id="unclosed-then-later-quote",
        ),
    ],
)
def test_find_quotes_drops_unclosed_quote_at_paragraph_end(text: str, expected: list[str]) -> None:
    assert quoted(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "She said “he called it ‘a big lie’ yesterday” and left.",
            ["“he called it ‘a big lie’ yesterday”"],
            id="curly-single-in-curly-double",
        ),
        pytest.param(
            "She said \"he called it 'a big lie' yesterday\" and left.",
            ["\"he called it 'a big lie' yesterday\""],
            id="straight-single-in-straight-double",
        ),
    ],
)
def test_find_quotes_nested_single_inside_double_is_one_quote(
    text: str, expected: list[str]
) -> None:
    assert quoted(text) == expected


def test_find_quotes_spans_include_both_marks() -> None:
    text = "He said “we will win” today."
    (q,) = find_quotes(text)
    assert q == Quote(8, 21)
    assert text[q.start] == "“" and text[q.end - 1] == "”"
    assert text[slice(*q.inner)] == "we will win"


def test_find_quotes_sorted_by_start() -> None:
    text = "The ‘first one’ came before “the second one” and ‘the third one’."
    starts = [q.start for q in find_quotes(text)]
    assert starts == sorted(starts)
    assert len(starts) == 3


# --- QuoteIndex: the same answers as a scan of every quotation ------------

_spans = st.lists(
    st.tuples(st.integers(0, 200), st.integers(1, 80)).map(lambda t: Quote(t[0], t[0] + t[1])),
    max_size=25,
)
_ranges = st.tuples(st.integers(-5, 300), st.integers(0, 60))


@settings(max_examples=200, deadline=None)
@given(quotes=_spans, ranges=st.lists(_ranges, min_size=1, max_size=5))
def test_quote_index_queries_find_what_a_full_scan_finds(
    quotes: list[Quote], ranges: list[tuple[int, int]]
) -> None:
    """Nested and overlapping quotations included: ``first_reaching``
    skips nothing that reaches past the position."""
    index = QuoteIndex(quotes)
    ordered = sorted(quotes, key=lambda q: q.start)
    assert list(index) == ordered
    for start, width in ranges:
        end = start + width
        assert list(index.overlapping(start, end)) == [
            q for q in ordered if q.start < end and start < q.end
        ]
        assert list(index.starting_in(start, end)) == [q for q in ordered if start <= q.start < end]
        assert index.ending_in(start, end) == [q for q in ordered if start <= q.end <= end]
        assert all(q.end <= start for q in ordered[: index.first_reaching(start)])


def test_quote_index_of_a_text_is_its_quotations_in_order() -> None:
    text = "“We will win,” she said, ‘big lie’ and “soon, very soon.”"
    assert list(quote_index(text)) == list(find_quotes(text))
    assert [text[q.start : q.end] for q in quote_index(text).overlapping(30, 31)] == ["‘big lie’"]
