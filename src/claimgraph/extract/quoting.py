"""The quotations around an attribution, over a parsed ``Doc``.

Pure functions for :mod:`claimgraph.extract.attributions` and the learned
extractors: a content grows to whole quotations, a cue without content takes
the quotation next to its clause (:func:`extend_to_quotes`), and an
attribution's kind is read off how much of its content is quoted
(:func:`attribution_kind`). The quotations of a text are found once and
indexed by position (:class:`Quotes`), so that each attribution looks only
at the quotations near it: the cost grows with the text, not with the
number of attributions times the number of quotations.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from claimgraph.extract.lexicon import Lexicon
from claimgraph.extract.quotes import Quote, QuoteIndex, quote_index
from claimgraph.extract.spans import QUOTE_CHARS, doc_text
from claimgraph.records import AttributionKind, Segment

#: Fewer words than this is a scare-quoted word or phrase, not a statement.
MIN_QUOTE_WORDS = 3


def extend_to_quotes(
    doc: Doc, cue: Token, ranges: list[tuple[int, int]], quotes: Quotes
) -> list[tuple[int, int]]:
    """Grow content to whole quotations, or take the adjacent quotation.

    A content range that overlaps a quotation is extended to cover it (the
    sentence splitter often cuts a quotation in two). A cue with no content
    takes a quotation that ends just before its clause ("“X,” he said") or
    starts just after it ("He said: “X”"). A quotation interrupted by its cue
    ("“X,” she said, “Y.”") gives both parts.
    """
    out: list[tuple[int, int]] = []
    every = quotes.all
    for a, b in ranges:
        # in start order, from the first quotation that reaches past the
        # range or the cue, until one starts after both (those do nothing)
        for i in range(every.first_reaching(min(a, cue.idx)), len(every)):
            q = every[i]
            if q.start >= b and q.start > cue.idx:
                break
            if q.start <= cue.idx < q.end:
                # A cue inside a quotation ("“I think it is big,” he said"):
                # its content stays inside that quotation.
                a, b = max(a, q.start + 1), min(b, q.end - 1)
            elif q.start < b and a < q.end:
                a, b = min(a, q.start), max(b, q.end)
        if a < b:
            out.append((a, b))
    if out:
        first = min(a for a, _ in out)
        if first > cue.idx:
            before = _quote_before(doc_text(doc), cue, every, first)
            if before is not None:
                out.insert(0, (before.start, before.end))
        return _drop_cue_overlap(cue, out)
    sent = cue.sent
    text = doc_text(doc)
    after = cue.idx + len(cue.text)
    # The only quotations that can pass a test below: those ending between
    # the sentence start and the cue, those starting within 40 characters
    # after the cue, and the first one after it (glue alone in between).
    next_quote = quotes.long.first_from(after)
    candidates = {
        *quotes.long.ending_in(sent.start_char - 2, cue.idx),
        *quotes.long.starting_in(after, after + 41),
        *([next_quote] if next_quote else []),
    }
    for q in sorted(candidates, key=lambda q: q.start):
        if (
            q.end <= cue.idx
            and q.end >= sent.start_char - 2
            and _only_glue(text, q.end, sent.start_char)
        ):
            return [(q.start, q.end)]
        if q.end <= cue.idx and sent.start_char <= q.end and _only_glue(text, q.end, cue.idx, 60):
            return [(q.start, q.end)]
        if q.start >= after and _only_glue(text, after, q.start, 40):
            return [(q.start, q.end)]
    return []


def _quote_before(text: str, cue: Token, quotes: QuoteIndex, content_start: int) -> Quote | None:
    """The first half of an interrupted quotation: a quotation ending just
    before the cue's clause when the content is the quotation after it."""
    if text[content_start] not in QUOTE_CHARS:
        return None
    for q in quotes.starting_in(cue.sent.start_char - 2, cue.idx):
        if q.end <= cue.idx:
            between = text[q.end : cue.idx]
            if "\n" not in between and len(between) <= 60 and not _has_sentence_end(between):
                return q
    return None


def _has_sentence_end(between: str) -> bool:
    return any(ch in between for ch in ".!?")


#: Characters that may stand between a quotation and its cue.
_GLUE = re.compile(r"[ ,:;\n\t—–-]*")
_SPACE = re.compile(r"\s*")


def _only(chars: re.Pattern[str], text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is made of ``chars`` alone (read only as
    far as they go, not sliced: the range may be most of the text)."""
    match = chars.match(text, start, max(start, end))
    return match is not None and match.end() >= end


def only_space(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is whitespace alone (or empty)."""
    return _only(_SPACE, text, start, end)


def _only_glue(text: str, start: int, end: int, limit: int = 4) -> bool:
    """True when the text between a quotation and its cue is short glue."""
    return end - start <= limit or _only(_GLUE, text, start, end)


def _drop_cue_overlap(cue: Token, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Content never contains its own cue; split around it if a quote swallowed it."""
    cs, ce = cue.idx, cue.idx + len(cue.text)
    out: list[tuple[int, int]] = []
    for a, b in ranges:
        if a < ce and cs < b:
            sent = cue.sent
            if a < cs:
                out.append((a, min(cs, b)))
            if ce < b and (b <= sent.end_char or a >= sent.start_char):
                out.append((ce, b))
        else:
            out.append((a, b))
    return out


def attribution_kind(
    content: Sequence[Segment], cue_lemma: str, quotes: Sequence[Quote], lexicon: Lexicon
) -> AttributionKind:
    """``direct`` (content inside quotation marks), ``mixed`` (partly quoted),
    ``belief`` (a belief or intention cue), else ``indirect``.

    ``quotes`` are the text's quotations; a :class:`QuoteIndex` (such as
    :func:`~claimgraph.extract.quotes.quote_index` gives) is searched by
    position, any other sequence is indexed first."""
    index = quotes if isinstance(quotes, QuoteIndex) else QuoteIndex(quotes)
    inside = 0
    total = 0
    for seg in content:
        for q in index.overlapping(seg.start, seg.end):
            inside += min(seg.end, q.end) - max(seg.start, q.start)
        total += seg.end - seg.start
    if total and inside >= total * 0.9:
        return "direct"
    if inside:
        return "mixed"
    if lexicon.is_belief(cue_lemma):
        return "belief"
    return "indirect"


def long_quotes(text: str, quotes: Sequence[Quote]) -> list[Quote]:
    """Quotations long enough to be a statement (not a scare-quoted word)."""
    return [
        q
        for q in quotes
        if (q.words if q.words >= 0 else len(text[q.start : q.end].split())) >= MIN_QUOTE_WORDS
    ]


@dataclass(frozen=True, slots=True)
class Quotes:
    """The quotations of one text, indexed: all of them, and the
    :func:`long_quotes`."""

    all: QuoteIndex
    long: QuoteIndex

    @classmethod
    def of(cls, text: str) -> Quotes:
        every = quote_index(text)
        return cls(every, QuoteIndex(long_quotes(text, every)))
