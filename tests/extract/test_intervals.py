"""Tests for claimgraph.extract.intervals.Intervals (pure, no model): its
answers are those of a scan of every row, nested and overlapping rows
included."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimgraph.extract.intervals import Intervals, innermost

_rows = st.lists(
    st.tuples(st.integers(0, 200), st.integers(0, 80)).map(lambda t: (t[0], t[0] + t[1])),
    max_size=30,
)
_queries = st.lists(
    st.tuples(st.integers(-5, 300), st.integers(0, 60)).map(lambda t: (t[0], t[0] + t[1])),
    min_size=1,
    max_size=5,
)


@settings(max_examples=200, deadline=None)
@given(spans=_rows, queries=_queries)
def test_queries_find_what_a_scan_of_every_row_finds(
    spans: list[tuple[int, int]], queries: list[tuple[int, int]]
) -> None:
    rows = [(a, b, k) for k, (a, b) in enumerate(spans)]
    index = Intervals(rows)
    ordered = sorted(rows, key=lambda r: r[0])
    assert len(index) == len(rows)
    for start, end in queries:
        assert list(index.overlapping(start, end)) == [
            r for r in ordered if r[0] < end and start < r[1]
        ]
        assert list(index.holding(start, end)) == [
            r for r in ordered if r[0] <= start and end <= r[1]
        ]
        after = [r for r in ordered if r[0] >= start]
        assert index.first_from(start) == (after[0] if after else None)
        held = [(r[1] - r[0], r[2]) for r in rows if r[0] <= start and end <= r[1] and r[2] % 3]
        assert innermost(index, start, end, lambda k: k % 3 == 0) == (
            min(held)[1] if held else None
        )


@pytest.mark.parametrize(
    ("query", "overlapping", "holding"),
    [
        pytest.param((12, 14), ["outer", "inner"], ["outer", "inner"], id="inside-nested"),
        pytest.param((5, 25), ["outer", "inner", "late"], [], id="across-all"),
        pytest.param((30, 32), [], [], id="past-the-end"),
        pytest.param((0, 3), ["outer"], ["outer"], id="start-of-outer"),
    ],
)
def test_nested_rows_are_found_behind_a_long_one(
    query: tuple[int, int], overlapping: list[str], holding: list[str]
) -> None:
    index = Intervals([(0, 20, "outer"), (10, 15, "inner"), (18, 26, "late")])
    assert [r[2] for r in index.overlapping(*query)] == overlapping
    assert [r[2] for r in index.holding(*query)] == holding
