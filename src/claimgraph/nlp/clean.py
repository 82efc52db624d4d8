"""Mark the parts of an article that are not the story.

News text as fetched carries more than the story: update notes ("Updated to
add U.S. reaction."), donation and newsletter appeals, bylines and "Read
more" links. :func:`find_removed` finds them and returns them as
:class:`~claimgraph.records.Removed` spans. Nothing is deleted: the spans are
*marks* over the text as given, so every offset elsewhere stays valid.

Each span covers whole lines (from the first to the last non-whitespace
character of the lines it covers); spans are sorted and never overlap, and
neighbouring lines of the same kind are merged into one span.

The patterns are data, in ``claimgraph/data/boilerplate.tsv`` (its header
says how to write one). They are deliberately conservative: every pattern
must match a whole line, so a story sentence that merely mentions "support"
or "subscribe" is never marked. Where a pattern counts depends on its scope:

- ``line``: anywhere.
- ``top``: among the first :data:`EDGE_LINES` non-blank lines (bylines).
- ``edge``: among the first or last :data:`EDGE_LINES` non-blank lines that
  are not already marked (update notes).
- ``block``: an appeal header; it marks itself and everything after it up
  to the next ``close`` line ("Remind me later.") or the end of the text.
  A block that would run longer than :data:`MAX_BLOCK_LINES` non-blank lines
  or :data:`MAX_BLOCK_CHARS` characters is taken to be followed by story
  text, and only the header line is marked.
- ``close``: anywhere; ends an open block.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, cast, get_args

from claimgraph.data import read_data
from claimgraph.errors import ModelError
from claimgraph.records import Removed, RemovedKind

Scope = Literal["line", "top", "edge", "block", "close"]

#: How many non-blank lines at the top and at the bottom count as an edge.
EDGE_LINES = 3
#: An appeal block longer than this (non-blank lines) is not opened.
MAX_BLOCK_LINES = 25
#: An appeal block longer than this (characters) is not opened.
MAX_BLOCK_CHARS = 5000

_DATA_FILE = "boilerplate.tsv"
_KINDS: frozenset[str] = frozenset(get_args(RemovedKind))
_SCOPES: frozenset[str] = frozenset(get_args(Scope))


@dataclass(frozen=True, slots=True)
class Pattern:
    """One boilerplate pattern: a kind, a scope and a whole-line regex."""

    kind: RemovedKind
    scope: Scope
    regex: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class _Line:
    """A non-blank line: its stripped content and where that content lies."""

    start: int
    end: int
    content: str


def parse_patterns(source: str, name: str = _DATA_FILE) -> tuple[Pattern, ...]:
    """Parse ``kind<TAB>scope<TAB>regex`` lines (``#`` comments, blank lines ignored).

    Raises:
        ModelError: a line is malformed, names an unknown kind or scope, or
            its regex does not compile.
    """
    patterns: list[Pattern] = []
    for number, raw in enumerate(source.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        parts = raw.split("\t", 2)
        where = f"{name}:{number}"
        if len(parts) != 3:
            raise ModelError(f"{where}: expected kind<TAB>scope<TAB>regex")
        kind, scope, expression = parts
        if kind not in _KINDS:
            raise ModelError(f"{where}: unknown kind {kind!r}; use one of {sorted(_KINDS)}")
        if scope not in _SCOPES:
            raise ModelError(f"{where}: unknown scope {scope!r}; use one of {sorted(_SCOPES)}")
        try:
            regex = re.compile(expression)
        except re.error as err:
            raise ModelError(f"{where}: bad regex: {err}") from err
        patterns.append(Pattern(cast(RemovedKind, kind), cast(Scope, scope), regex))
    return tuple(patterns)


@lru_cache(maxsize=1)
def load_patterns() -> tuple[Pattern, ...]:
    """Load the packaged boilerplate patterns (read once, then cached).

    Raises:
        ModelError: the data file is missing or malformed.
    """
    return parse_patterns(read_data(_DATA_FILE))


def find_removed(text: str, patterns: Sequence[Pattern] | None = None) -> tuple[Removed, ...]:
    """Return the spans of ``text`` that are not the story.

    Offsets are code-point indices into ``text``, end exclusive. The result
    is sorted, non-overlapping, and each span covers whole lines.

    Args:
        text: the article text, exactly as it will be analysed.
        patterns: patterns to use instead of the packaged ones (for tests).
    """
    pats = tuple(load_patterns() if patterns is None else patterns)
    lines = _lines(text)
    marks: dict[int, RemovedKind] = {}
    _mark_anywhere(lines, pats, marks)
    _mark_edges(lines, pats, marks)
    return _merge(text, lines, marks)


def _lines(text: str) -> list[_Line]:
    """Split ``text`` into its non-blank lines, with exact offsets."""
    lines: list[_Line] = []
    offset = 0
    for raw in text.splitlines(keepends=True):
        content = raw.strip()
        if content:
            start = offset + (len(raw) - len(raw.lstrip()))
            lines.append(_Line(start, start + len(content), content))
        offset += len(raw)
    return lines


def _first_match(content: str, patterns: Iterable[Pattern], scopes: set[str]) -> Pattern | None:
    for p in patterns:
        if p.scope in scopes and p.regex.fullmatch(content):
            return p
    return None


def _block_end(lines: Sequence[_Line], header: int, patterns: Sequence[Pattern]) -> int | None:
    """Index of the last line of the block opened at ``header``, or ``None`` if too long."""
    last = len(lines) - 1
    for i in range(header + 1, len(lines)):
        if _first_match(lines[i].content, patterns, {"close"}):
            last = i
            break
    too_many_lines = last - header + 1 > MAX_BLOCK_LINES
    too_many_chars = lines[last].end - lines[header].start > MAX_BLOCK_CHARS
    return None if too_many_lines or too_many_chars else last


def _mark_anywhere(
    lines: Sequence[_Line], patterns: Sequence[Pattern], marks: dict[int, RemovedKind]
) -> None:
    """Mark lines matched by ``line``/``block``/``close`` patterns."""
    i = 0
    while i < len(lines):
        match = _first_match(lines[i].content, patterns, {"line", "block", "close"})
        if match is None:
            i += 1
            continue
        last = _block_end(lines, i, patterns) if match.scope == "block" else None
        for j in range(i, (last if last is not None else i) + 1):
            marks[j] = match.kind
        i = (last if last is not None else i) + 1


def _mark_edges(
    lines: Sequence[_Line], patterns: Sequence[Pattern], marks: dict[int, RemovedKind]
) -> None:
    """Mark lines matched by ``top``/``edge`` patterns among the edge lines."""
    free = [i for i in range(len(lines)) if i not in marks]
    top = free[:EDGE_LINES]
    bottom = free[-EDGE_LINES:] if free else []
    for i in free:
        scopes = {"top", "edge"} if i in top else {"edge"} if i in bottom else set()
        if scopes and (match := _first_match(lines[i].content, patterns, scopes)):
            marks[i] = match.kind


def _merge(text: str, lines: Sequence[_Line], marks: dict[int, RemovedKind]) -> tuple[Removed, ...]:
    """Turn per-line marks into spans, merging same-kind neighbours."""
    spans: list[Removed] = []
    for i in sorted(marks):
        kind, line = marks[i], lines[i]
        prev = spans[-1] if spans else None
        if (
            prev is not None
            and prev.kind == kind
            and i - 1 in marks
            and not text[prev.end : line.start].strip()
        ):
            spans[-1] = Removed(kind, prev.start, line.end)
        else:
            spans.append(Removed(kind, line.start, line.end))
    return tuple(spans)
