"""Intervals of a text found by position: which of many spans overlap or
hold a given stretch, without looking at all of them.

Pure and generic: rows are ``(start, end, payload)`` with ``end`` one past
the last character. Sorted by start, with the furthest end reached so far
(``reach``): every row before the first whose reach passes a position ends
at or before it, however the rows nest or overlap. A query costs a
bisection plus the rows between that point and the query's end.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")


class Intervals(Generic[T]):
    """Rows ``(start, end, payload)`` indexed by position, in start order
    (rows that start together in the order given)."""

    __slots__ = ("_reach", "_rows", "_starts")

    def __init__(self, rows: Iterable[tuple[int, int, T]]) -> None:
        self._rows = sorted(rows, key=lambda r: r[0])  # stable: ties keep their order
        self._starts = [r[0] for r in self._rows]
        self._reach = list(accumulate((r[1] for r in self._rows), max))

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, i: int) -> tuple[int, int, T]:
        return self._rows[i]

    def first_reaching(self, pos: int) -> int:
        """The index of the first row that may end after ``pos``: every row
        before it ends at or before ``pos``."""
        return bisect_right(self._reach, pos)

    def starting_in(self, start: int, end: int) -> list[tuple[int, int, T]]:
        """The rows that start in ``[start, end)``, in start order."""
        return self._rows[bisect_left(self._starts, start) : bisect_left(self._starts, end)]

    def first_from(self, pos: int) -> tuple[int, int, T] | None:
        """The first row that starts at or after ``pos``."""
        i = bisect_left(self._starts, pos)
        return self._rows[i] if i < len(self._rows) else None

    def overlapping(self, start: int, end: int) -> Iterator[tuple[int, int, T]]:
        """The rows sharing a position with ``[start, end)``, in start order."""
        stop = bisect_left(self._starts, end)
        for i in range(self.first_reaching(start), stop):
            row = self._rows[i]
            if row[1] > start:
                yield row

    def holding(self, start: int, end: int) -> Iterator[tuple[int, int, T]]:
        """The rows that contain all of ``[start, end)``, in start order."""
        stop = bisect_right(self._starts, start)
        for i in range(bisect_left(self._reach, end), stop):
            row = self._rows[i]
            if row[1] >= end:
                yield row


def innermost(
    index: Intervals[int], start: int, end: int, skip: Callable[[int], bool]
) -> int | None:
    """Of the rows holding ``[start, end)`` whose payload ``skip`` does not
    refuse, the payload of the shortest (the smallest payload on a tie)."""
    held = ((e - s, k) for s, e, k in index.holding(start, end) if not skip(k))
    best = min(held, default=None)
    return best[1] if best else None
