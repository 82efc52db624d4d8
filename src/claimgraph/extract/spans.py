"""Helpers that turn token sets into trimmed character segments."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from spacy.tokens import Doc, Token

from claimgraph.records import Removed, Segment


@lru_cache(maxsize=16)
def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per ``Doc``: spaCy rebuilds the string from
    its tokens on every access, which made text slicing the extractor's
    hottest path. (A document's text never changes.)"""
    return str(doc.text)


QUOTE_CHARS = "\"“”‘’'«»„"
_EDGE_PUNCT = ",;:—–-"


def trim(
    text: str, start: int, end: int, *, content: bool = False, keep_end: str = ""
) -> tuple[int, int]:
    """Shrink ``[start, end)`` past whitespace and edge punctuation.

    For content spans a final period or comma is dropped unless the span ends
    with a closing quotation mark (news style keeps it inside the quote).
    """
    while start < end and (text[start].isspace() or text[start] in _EDGE_PUNCT):
        start += 1
    while end > start and (
        text[end - 1].isspace() or (text[end - 1] in _EDGE_PUNCT and text[end - 1] not in keep_end)
    ):
        end -= 1
    if content:
        while end > start and text[end - 1] in ".!?" and not _ends_in_quote(text, start, end):
            end -= 1
            while end > start and text[end - 1].isspace():
                end -= 1
    return start, end


def _ends_in_quote(text: str, start: int, end: int) -> bool:
    return end > start and text[end - 1] in QUOTE_CHARS


def make_segments(
    text: str,
    ranges: Iterable[tuple[int, int]],
    *,
    content: bool = False,
    keep_end: str = "",
) -> tuple[Segment, ...]:
    """Trim and merge character ranges into sorted, non-empty segments."""
    merged: list[list[int]] = []
    for a, b in sorted(ranges):
        if merged and a <= merged[-1][1] + 1 and not text[merged[-1][1] : a].strip():
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    out: list[Segment] = []
    for a, b in merged:
        s, e = trim(text, a, b, content=content, keep_end=keep_end)
        if s < e:
            out.append(Segment(s, e, text[s:e]))
    return tuple(out)


def token_ranges(tokens: Iterable[Token]) -> list[tuple[int, int]]:
    """Character ranges of the contiguous runs (by token index) of ``tokens``."""
    toks = sorted({t.i: t for t in tokens}.values(), key=lambda t: t.i)
    ranges: list[tuple[int, int]] = []
    prev = -2
    for t in toks:
        end = t.idx + len(t.text)
        if t.i == prev + 1:
            ranges[-1] = (ranges[-1][0], end)
        else:
            ranges.append((t.idx, end))
        prev = t.i
    return ranges


def segment_tokens(doc: Doc, segments: Iterable[Segment]) -> list[Token]:
    """The non-space tokens of ``doc`` that ``segments`` touch, in order."""
    out: dict[int, Token] = {}
    for seg in segments:
        span = doc.char_span(seg.start, seg.end, alignment_mode="expand")
        if span is not None:
            out.update((t.i, t) for t in span if not t.is_space)
    return [out[i] for i in sorted(out)]


def sentence_bounds(doc: Doc, offset: int) -> tuple[int, int]:
    """The character start and end of the sentence of ``doc`` around ``offset``."""
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    if span is None:
        return offset, offset
    sent = span.sent
    return sent.start_char, sent.end_char


def is_removed(removed: Iterable[Removed], start: int, end: int, *, partial: bool = False) -> bool:
    """Tell whether the span ``[start, end)`` falls in removed text.

    By default the span must lie wholly inside one removed span; with
    ``partial=True`` any overlap counts. An empty span (``start == end``)
    counts as inside when its position is.
    """
    for r in removed:
        if partial:
            if start < r.end and r.start < max(end, start + 1):
                return True
        elif r.start <= start and max(end, start + 1) <= r.end:
            return True
    return False
