"""PolNeAR's univocal projection of nested and overlapping attributions.

PolNeAR annotates each character for at most one attribution, so the learned
taggers are trained on (and the scorer compares against) projected ledgers.
Pure functions over :class:`~claimgraph.records.Attribution` records; the
run-time taggers and the evaluation (:mod:`claimgraph.eval.scoring`) share
them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Protocol

from claimgraph.extract.intervals import Intervals
from claimgraph.records import Attribution, Segment

ROLES: tuple[str, ...] = ("source", "cue", "content")

_Chars = frozenset[int]


class HasRoles(Protocol):
    """Anything with source, cue and content segments (predicted or gold)."""

    @property
    def source(self) -> tuple[Segment, ...]: ...

    @property
    def cue(self) -> tuple[Segment, ...]: ...

    @property
    def content(self) -> tuple[Segment, ...]: ...


def project_univocal(attributions: Sequence[Attribution]) -> list[Attribution]:
    """Reduce predictions to PolNeAR's univocal annotation.

    PolNeAR annotates only the outermost of nested attributions, keeping its
    content whole: guidelines, "Special cases and grey areas", "No nested
    attributions" (p. 23): "we only annotate the outermost attribution (the
    one with Reardon as the source), and ignore the nested attribution to
    Mr. Lamport." Hence:

    1. An attribution is *nested*, and dropped, when its ``parent`` is the id
       of another attribution in the input, or when its cue shares a character
       with another attribution's content. If two attributions each have their
       cue in the other's content, the one with more content characters is
       the outer one (then the earlier first character, then input order).
    2. The remaining attributions may still overlap. Characters are claimed
       role by role (all cues, then all sources, then all contents), and
       within a role attribution by attribution in document order (first
       character of any role, then input order); a character already claimed
       is cut from later claims, and a cut segment is split around it and
       stripped of whitespace at its ends. Exception: a source character
       already claimed by *another* attribution's source is kept, because
       PolNeAR shares one source span between attributions ("Attributions can
       share sources", p. 10).
    3. An attribution whose content is cut away completely is dropped and
       step 2 is redone without it.

    The result keeps input order; untouched attributions are returned as is.
    After projection no character belongs to two attributions, except shared
    source characters, and no character has two roles.
    """
    items = list(attributions)
    nested = _nested(items)
    kept = [i for i in range(len(items)) if i not in nested]
    while True:
        trimmed = _trim(items, kept)
        lost = [i for i in kept if items[i].content and not trimmed[i].content]
        if not lost:
            return [trimmed[i] for i in kept]
        kept = [i for i in kept if i not in lost]


def role_chars(segments: Iterable[Segment]) -> _Chars:
    """The non-whitespace character offsets covered by ``segments``."""
    return frozenset(
        seg.start + k for seg in segments for k, ch in enumerate(seg.text) if not ch.isspace()
    )


# -- projection internals ---------------------------------------------------


def _first_char(a: Attribution) -> int:
    starts = [seg.start for seg in (*a.source, *a.cue, *a.content)]
    return min(starts) if starts else 0


def _nested(items: Sequence[Attribution]) -> set[int]:
    """Indices of the attributions nested in another one (step 1 of the projection)."""
    ids: dict[str, int] = {}
    for i, a in enumerate(items):
        ids.setdefault(a.id, i)
    cues = [role_chars(a.cue) for a in items]
    contents = [role_chars(a.content) for a in items]
    firsts = [_first_char(a) for a in items]

    def outer_key(i: int) -> tuple[int, int, int]:
        return (-len(contents[i]), firsts[i], i)

    # the attributions whose content may share a character with a cue: those
    # with a content segment overlapping one of the cue's segments
    spans = Intervals(
        (seg.start, seg.start + len(seg.text), k) for k, b in enumerate(items) for seg in b.content
    )
    nested: set[int] = set()
    for i, a in enumerate(items):
        if a.parent is not None and ids.get(a.parent, i) != i:
            nested.add(i)
            continue
        near = {
            k
            for seg in a.cue
            for _, _, k in spans.overlapping(seg.start, seg.start + len(seg.text))
        }
        for k in sorted(near):
            if k == i or cues[i].isdisjoint(contents[k]):
                continue
            # Mutual nesting: the attribution with the larger content is outer.
            if cues[k].isdisjoint(contents[i]) or outer_key(k) < outer_key(i):
                nested.add(i)
                break
    return nested


def _trim(items: Sequence[Attribution], kept: Sequence[int]) -> dict[int, Attribution]:
    order = sorted(kept, key=lambda i: (_first_char(items[i]), i))
    claimed: dict[int, tuple[int, str]] = {}
    new_roles: dict[int, dict[str, tuple[Segment, ...]]] = {i: {} for i in kept}
    for role in ("cue", "source", "content"):
        for i in order:
            pieces: list[Segment] = []
            for seg in getattr(items[i], role):
                keep = [
                    k
                    for k in range(len(seg.text))
                    if _may_claim(claimed.get(seg.start + k), i, role)
                ]
                for k in keep:
                    claimed.setdefault(seg.start + k, (i, role))
                if len(keep) == len(seg.text):
                    pieces.append(seg)
                else:
                    pieces.extend(_pieces(seg, keep))
            new_roles[i][role] = tuple(pieces)
    result: dict[int, Attribution] = {}
    for i in kept:
        a = items[i]
        roles = new_roles[i]
        if all(roles[r] == getattr(a, r) for r in ROLES):
            result[i] = a
        else:
            result[i] = dataclasses.replace(
                a, source=roles["source"], cue=roles["cue"], content=roles["content"]
            )
    return result


def _may_claim(owner: tuple[int, str] | None, i: int, role: str) -> bool:
    if owner is None:
        return True
    return role == "source" and owner[1] == "source" and owner[0] != i


def _pieces(seg: Segment, keep: Sequence[int]) -> list[Segment]:
    """Split ``seg`` into runs of the kept relative offsets, whitespace-stripped."""
    runs: list[tuple[int, int]] = []
    for k in keep:
        if runs and runs[-1][1] == k:
            runs[-1] = (runs[-1][0], k + 1)
        else:
            runs.append((k, k + 1))
    pieces = []
    for lo, hi in runs:
        chunk = seg.text[lo:hi]
        lo += len(chunk) - len(chunk.lstrip())
        hi -= len(chunk) - len(chunk.rstrip())
        if hi > lo:
            pieces.append(Segment(seg.start + lo, seg.start + hi, seg.text[lo:hi]))
    return pieces
