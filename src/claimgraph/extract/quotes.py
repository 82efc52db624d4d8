"""Find quotations in raw text: straight, curly and single quotes.

Pure functions over ``str``. A quotation is returned as the character span
from its opening mark to its closing mark, both included. Quotes may span
paragraphs: in news style a multi-paragraph quote reopens each paragraph
with an opening mark and only the last paragraph closes it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import overload

from claimgraph.extract.intervals import Intervals

OPENING_DOUBLE = "“„«"
CLOSING_DOUBLE = "”»"
OPENING_SINGLE = "‘"
CLOSING_SINGLE = "’"
STRAIGHT = '"'


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: ``start`` is its opening mark, ``end`` is one past its closing mark."""

    start: int
    end: int
    #: Its number of words (counted once by :func:`find_quotes`), -1 if not
    #: counted; not part of a quotation's identity.
    words: int = field(default=-1, compare=False)

    @property
    def inner(self) -> tuple[int, int]:
        return self.start + 1, self.end - 1


def _is_word_char(ch: str) -> bool:
    return ch.isalnum()


def _straight_is_opening(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace() or before in "([{—–-/" or i == 0:
        return not after.isspace()
    return False


@lru_cache(maxsize=16)
def find_quotes(text: str) -> tuple[Quote, ...]:
    """Return the quoted stretches of ``text`` (curly, straight or single).

    Cached per text: the extractor, the tagger's features and speaker
    resolution all ask for the quotations of the same article.

    A paragraph that opens a quote without closing it continues into the
    next paragraph when that paragraph also opens with a quotation mark
    (the news convention for multi-paragraph quotes).
    """
    quotes: list[Quote] = []
    open_at: int | None = None
    open_kind = ""
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\n" and open_at is not None:
            # An unclosed quote at a paragraph break: continue only if the
            # next paragraph reopens with a quotation mark.
            j = i
            while j < n and text[j].isspace():
                j += 1
            if j < n and text[j] in OPENING_DOUBLE + STRAIGHT:
                i = j + 1
                continue
            open_at = None
        elif ch in OPENING_DOUBLE and open_at is None:
            open_at, open_kind = i, "curly"
        elif ch in CLOSING_DOUBLE and open_at is not None and open_kind == "curly":
            quotes.append(Quote(open_at, i + 1))
            open_at = None
        elif ch == STRAIGHT:
            if open_at is None and _straight_is_opening(text, i):
                open_at, open_kind = i, "straight"
            elif open_at is not None and open_kind == "straight":
                quotes.append(Quote(open_at, i + 1))
                open_at = None
        i += 1
    quotes.extend(_single_quotes(text, quotes))
    counted = (Quote(q.start, q.end, len(text[q.start : q.end].split())) for q in quotes)
    return tuple(sorted(counted, key=lambda q: q.start))


def _single_quotes(text: str, doubles: list[Quote]) -> list[Quote]:
    """Single-quoted stretches (‘…’ or '…'), as used in headlines and nested quotes.

    An apostrophe inside a word (``don't``, ``Shapps’``) never opens or
    closes a quote: an opening mark follows a space or line start and
    precedes a letter; a closing mark follows a letter or punctuation and
    is not followed by a letter.
    """
    found: list[Quote] = []
    open_at: int | None = None
    for i, ch in enumerate(text):
        if ch not in OPENING_SINGLE + CLOSING_SINGLE + "'":
            continue
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if open_at is None:
            if (before.isspace() or before in '(“"—') and _is_word_char(after):
                open_at = i
        elif not _is_word_char(after) and not before.isspace() and ch != OPENING_SINGLE:
            if text.count(" ", open_at, i) >= 1:
                found.append(Quote(open_at, i + 1))
            open_at = None
        elif ch == "\n":
            open_at = None
        if open_at is not None and "\n" in text[open_at:i]:
            open_at = None
    inside = [(q.start, q.end) for q in doubles]
    # Keep single quotes that are not nested inside a double quote.
    return [q for q in found if not any(s <= q.start and q.end <= e for s, e in inside)]


class QuoteIndex(Sequence[Quote]):
    """Quotations in start order, with queries that look only at the
    quotations near a position (:class:`~claimgraph.extract.intervals.Intervals`),
    so that asking once per attribution costs O(log n) plus what is found,
    not O(n)."""

    __slots__ = ("_by_end", "_ends", "_spans")

    def __init__(self, quotes: Iterable[Quote]) -> None:
        self._spans = Intervals((q.start, q.end, q) for q in quotes)
        self._by_end = sorted(range(len(self._spans)), key=lambda i: self._spans[i][1])
        self._ends = [self._spans[i][1] for i in self._by_end]

    def __len__(self) -> int:
        return len(self._spans)

    @overload
    def __getitem__(self, i: int) -> Quote: ...

    @overload
    def __getitem__(self, i: slice) -> tuple[Quote, ...]: ...

    def __getitem__(self, i: int | slice) -> Quote | tuple[Quote, ...]:
        if isinstance(i, slice):
            return tuple(self._spans[k][2] for k in range(len(self._spans))[i])
        return self._spans[i][2]

    def first_reaching(self, pos: int) -> int:
        """The index of the first quotation that may end after ``pos``: all
        before it end at or before ``pos``."""
        return self._spans.first_reaching(pos)

    def overlapping(self, start: int, end: int) -> Iterator[Quote]:
        """The quotations that share a character with ``[start, end)``, in start order."""
        return (q for _, _, q in self._spans.overlapping(start, end))

    def starting_in(self, start: int, end: int) -> tuple[Quote, ...]:
        """The quotations whose opening mark is in ``[start, end)``, in start order."""
        return tuple(q for _, _, q in self._spans.starting_in(start, end))

    def first_from(self, pos: int) -> Quote | None:
        """The first quotation whose opening mark is at or after ``pos``."""
        row = self._spans.first_from(pos)
        return row[2] if row else None

    def ending_in(self, start: int, end: int) -> list[Quote]:
        """The quotations whose ``end`` is in ``[start, end]``, in start order."""
        lo, hi = bisect_left(self._ends, start), bisect_right(self._ends, end)
        return [self._spans[i][2] for i in sorted(self._by_end[lo:hi])]


@lru_cache(maxsize=16)
def quote_index(text: str) -> QuoteIndex:
    """:func:`find_quotes` of ``text`` as a :class:`QuoteIndex` (cached per text)."""
    return QuoteIndex(find_quotes(text))
