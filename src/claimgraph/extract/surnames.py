"""Bare surnames that two people of an article bear ("Clinton" where Bill
and Hillary Clinton are named; Donald, Ivanka and Melania Trump).

:func:`~claimgraph.extract.mentions.build_mention_index` sets such a
mention aside until every full name of the article is clustered, then asks
:func:`resolve_surname` which person it is. The answer is a person only
when the evidence is clear (an honorific's gender, or signals that agree:
see :func:`resolve_surname`); otherwise the mention stays unresolved: its
attribution's speaker is a ``person`` without a name, which a store merges
with nobody. Which bearer was named last is no evidence.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class People:
    """The people of an article, as :func:`resolve_surname` reads them: per
    cluster of mentions, the longest name (lower-case words), the gender,
    the offsets of its mentions and of those that name it by full name as
    the source of an attribution; and the offsets where sentences start."""

    longest: tuple[tuple[str, ...], ...]
    genders: tuple[str | None, ...]
    positions: tuple[tuple[int, ...], ...]
    sources: tuple[tuple[int, ...], ...]
    sentences: tuple[int, ...] = (0,)

    def first(self, person: Sequence[int]) -> int:
        """The offset where ``person`` (clusters) is first named."""
        return min(self.positions[c][0] for c in person)

    def sentence(self, pos: int) -> int:
        """The number of the sentence that offset ``pos`` is in."""
        return bisect.bisect_right(self.sentences, pos) - 1

    def named_between(self, people: Iterable[Sequence[int]], start: int, end: int) -> bool:
        """Whether any of ``people`` is named strictly between two offsets."""
        return any(start < o < end for p in people for c in p for o in self.positions[c])


#: Words after a surname that make another person ("Donald Trump Jr.").
NAME_SUFFIXES = frozenset({"jr.", "jr", "sr.", "sr", "ii", "iii", "iv"})
#: A surname two people of an article bear goes, when nothing else tells,
#: to the one named at least this many times as often as each other.
SURNAME_DOMINANCE = 3


def bearer(key: tuple[str, ...]) -> tuple[str, str, str] | None:
    """The surname, first given name and suffix of a full name ("donald
    trump jr." -> trump, donald, jr.); ``None`` for a single word."""
    words = list(key)
    suffix = words.pop() if len(words) > 2 and words[-1] in NAME_SUFFIXES else ""
    if len(words) < 2:
        return None
    return words[-1], words[0].rstrip("."), suffix


def same_person(a: tuple[str, str, str], b: tuple[str, str, str]) -> bool:
    """Whether two full names may be one person's: same surname and suffix,
    and one given name equal to the other or its initial ("j." and "john")."""
    (sa, ga, xa), (sb, gb, xb) = a, b
    initial = (len(ga) == 1 and gb.startswith(ga)) or (len(gb) == 1 and ga.startswith(gb))
    return sa == sb and xa == xb and (ga == gb or initial)


def shared_surnames(names: Iterable[tuple[str, ...]]) -> frozenset[str]:
    """Surnames that full names (lower-case words) of two different people
    end with."""
    seen: dict[str, list[tuple[str, str, str]]] = {}
    for key in names:
        b = bearer(key)
        if b is not None and not any(same_person(b, o) for o in seen.get(b[0], ())):
            seen.setdefault(b[0], []).append(b)
    return frozenset(s for s, people in seen.items() if len(people) > 1)


def bearers(surname: str, longest: Sequence[tuple[str, ...]]) -> list[list[int]]:
    """The people (each a list of clusters) whose full name ends with ``surname``."""
    people: list[tuple[tuple[str, str, str], list[int]]] = []
    for cid, key in enumerate(longest):
        b = bearer(key)
        if b is None or b[0] != surname:
            continue
        for person, cids in people:
            if same_person(person, b):
                cids.append(cid)
                break
        else:
            people.append((b, [cid]))
    return [cids for _, cids in people]


def resolve_surname(
    surname: str,
    gender: str | None,
    clusters: People,
    pos: int | None = None,
    previous: tuple[int, int | None] | None = None,
) -> int | None:
    """The cluster a bare ``surname`` (at offset ``pos``, with the ``gender``
    of its honorific, if any) refers to, among the people of the article who
    bear it; ``None`` when the evidence is not clear. ``previous`` is the
    offset of the bare mention of the surname before it and the cluster it
    was resolved to.

    The one bearer whose known gender does not conflict with the honorific
    ("Mrs. Clinton" where Bill and Hillary Clinton are named). Else five
    signals, of which at least one must point to a bearer and none to
    another:

    - the bearer named (full name or given name) :data:`SURNAME_DOMINANCE`
      times as often as each other in the article;
    - the article's principal bearer: the one named first, when it is also
      the only one named by full name as the source of an attribution
      ("Sen. Ted Cruz said", his wife and father only mentioned later);
    - the bearer named by full name as the source of an attribution in the
      same or the previous sentence, no other bearer named since ("Jeh
      Johnson says ... Johnson tells MSNBC", Gary Johnson named earlier);
    - the one bearer named before ``pos`` (a reader has met no other yet);
    - the bearer the previous bare mention was resolved to, when no other
      bearer is named in between ("Mrs. Clinton said ... Clinton added").

    Which bearer was named last is no evidence by itself: "the physician of
    President Bill Clinton, said that Clinton allowed her staff ..." is
    about Hillary; nor is the one bearer who speaks (Rakeyia Scott speaks,
    "Scott" is her husband)."""
    people = bearers(surname, clusters.longest)
    if gender is not None:
        people = [p for p in people if all(clusters.genders[c] in (None, gender) for c in p)]
    sizes = [len(offsets) for offsets in clusters.positions]
    if len(people) <= 1:
        return _most_named(people[0], sizes) if people else None
    counts = sorted(((sum(sizes[c] for c in p), p) for p in people), reverse=True)
    top, second = counts[0][0], counts[1][0]
    earlier = [p for p in people if pos is not None and clusters.first(p) < pos]
    signals = [
        counts[0][1] if top >= SURNAME_DOMINANCE * max(second, 1) else None,
        _principal(people, clusters),
        _just_quoted(people, clusters, pos),
        earlier[0] if len(earlier) == 1 else None,
        _continued(people, clusters, previous, pos),
    ]
    found = {tuple(p) for p in signals if p is not None}
    return _most_named(found.pop(), sizes) if len(found) == 1 else None


def _principal(people: Sequence[Sequence[int]], clusters: People) -> Sequence[int] | None:
    """The bearer named first, when it is the only one named as a source."""
    speaking = [p for p in people if any(clusters.sources[c] for c in p)]
    first = min(people, key=clusters.first)
    return first if speaking == [first] else None


def _just_quoted(
    people: Sequence[Sequence[int]], clusters: People, pos: int | None
) -> Sequence[int] | None:
    """The bearer named as a source in the sentence of ``pos`` or the one
    before, before ``pos``, with no other bearer named since."""
    if pos is None:
        return None
    said = [(o, p) for p in people for c in p for o in clusters.sources[c] if o < pos]
    if not said:
        return None
    start, person = max(said, key=lambda x: x[0])
    near = clusters.sentence(pos) - clusters.sentence(start) <= 1
    others = [p for p in people if p is not person]
    return person if near and not clusters.named_between(others, start, pos) else None


def _continued(
    people: Sequence[Sequence[int]],
    clusters: People,
    previous: tuple[int, int | None] | None,
    pos: int | None,
) -> Sequence[int] | None:
    """The bearer the previous bare mention (offset, cluster) was resolved to,
    when no other bearer is named between it and ``pos``."""
    if previous is None or previous[1] is None or pos is None:
        return None
    start, cid = previous
    same = next((p for p in people if cid in p), None)
    others = [p for p in people if p is not same]
    if same is None or clusters.named_between(others, start, pos):
        return None
    return same


def _most_named(person: Sequence[int], sizes: Sequence[int]) -> int:
    """The cluster of ``person`` with the most mentions."""
    return max(person, key=lambda c: (sizes[c], c))
