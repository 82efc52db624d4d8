"""Which claim each attribution of one article belongs to, before the store
matches claims across articles.

An article's attributions are not independent statements. A denial points
back at what it denies ("We have not seen that to date"); a remark names a
statement made elsewhere ("the U.S. later questioned Shapps’ assertion");
one speaker restates what they said ("“Today I can reveal that we have
evidence that ...,” Shapps told a conference" around "I can reveal that
..."); a speaker relays another ("He added that intelligence services
believe ..."); an embassy declines to comment "in response to Shapps’
claims". :func:`plan_article` decides, for each attribution, one of:

- ``own``: it states a claim of its own (its claim text is matched across
  articles by :func:`claimgraph.graph.claims.assign_claim`);
- it **joins** another attribution's claim, with the link that says why:
  ``disputes`` (the analysis' ``disputes`` link), ``points-back`` (a
  content that names a statement: "Shapps’ claims"), ``restates`` (the
  content is the same speaker's own nested attribution), ``relays`` (the
  content is another speaker's nested attribution), ``same-assertion``
  (two statements of one speaker disputed by the same denial, loosely
  similar: :data:`SAME_ASSERTION_SCORE`), ``declines`` (a declined comment:
  the claim it names, else the article's first claim);
- ``none``: it states no claim (the reason from
  :mod:`claimgraph.graph.proposition`, or ``no-content``/``points-back``
  when what it points at is not found).

Pure function over the output contract's attribution dicts; the parse
results and embeddings are arguments.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal

from claimgraph.data import data_lines
from claimgraph.graph.claims import Vector, claim_text, same_claim_score
from claimgraph.graph.proposition import source_problem
from claimgraph.records import Attribution, Segment

Link = Literal[
    "content", "disputes", "points-back", "restates", "relays", "same-assertion", "declines"
]

#: Two statements by one speaker that one denial disputes together are one
#: claim when their same-claim score reaches this (set by hand, not fitted:
#: "Beijing is sending lethal aid to Russia" / "we have evidence that Russia
#: and China are collaborating on combat equipment" score 0.28; below the
#: cross-article threshold of 0.5 because the shared denial is evidence too).
SAME_ASSERTION_SCORE: Final = 0.25
#: Words a content may have before a nested attribution it reports
#: ("that", "Today") for the outer attribution to be that one's report.
NESTED_LEAD_WORDS: Final = 2
#: Characters a nested attribution's content may end before the outer's.
NESTED_TAIL_CHARS: Final = 3


@dataclass(frozen=True, slots=True)
class ClaimPlan:
    """What one attribution (``local_id``) does in the claim graph.

    ``action`` is ``own`` (``text`` is its claim text), ``join`` (``joins``
    is the attribution, always an ``own`` one, whose claim it joins, and
    ``link`` says why) or ``none`` (``reason`` says why).
    """

    local_id: str
    action: Literal["own", "join", "none"]
    text: str = ""
    joins: str | None = None
    link: Link = "content"
    reason: str | None = None


def _segments(a: Attribution, role: Literal["source", "cue", "content"]) -> tuple[Segment, ...]:
    segments: tuple[Segment, ...] = getattr(a, role)
    return segments


def _span(a: Attribution, role: Literal["source", "cue", "content"]) -> tuple[int, int] | None:
    segs = _segments(a, role)
    if not segs:
        return None
    return min(s.start for s in segs), max(s.end for s in segs)


def _speaker(a: Attribution) -> str:
    if a.speaker is not None and a.speaker.name:
        return a.speaker.name.casefold()
    return " ".join(s.text for s in a.source).casefold()


_WORDS = re.compile(r"\w+")


def _nested_in(outer: Attribution, inner: Attribution, text: str) -> bool:
    """Whether ``outer``'s content is a report of ``inner``: inner's source
    (or cue) starts within the first words of outer's content and inner's
    content ends where outer's does."""
    content = _span(outer, "content")
    head = _span(inner, "source") or _span(inner, "cue")
    body = _span(inner, "content")
    if content is None or head is None or body is None:
        return False
    if not (content[0] <= head[0] and body[1] <= content[1]):
        return False
    lead = _WORDS.findall(text[content[0] : head[0]])
    return len(lead) <= NESTED_LEAD_WORDS and content[1] - body[1] <= NESTED_TAIL_CHARS


@lru_cache(maxsize=1)
def _named_statement() -> re.Pattern[str]:
    """ "Shapps’ claims", "Sullivan's assertion": the possessor is group 1."""
    nouns = "|".join(sorted(data_lines("claim_nouns.txt")))
    return re.compile(
        rf"((?:[A-Z][\w.-]*\s+){{0,3}}[A-Z][\w.-]*)(?:’s|'s|’|')\s+(?:{nouns})s?\b",
    )


def _speaker_named(
    name: str, items: Sequence[Attribution], before: int, claims: Mapping[str, str]
) -> str | None:
    """The first attribution (among the first ``before``) with a claim of its
    own whose speaker or source ends with ``name``'s last word."""
    words = name.split()
    if not words:
        return None
    last = words[-1].casefold()
    for a in items[:before]:
        local = a.id
        if local not in claims:
            continue
        said = _speaker(a).split()
        if said and said[-1].strip(".,’'") == last:
            return local
    return None


def _previous_claim(
    items: Sequence[Attribution], position: int, claims: Mapping[str, str]
) -> str | None:
    """The last attribution before ``position`` by the same speaker with a
    claim of its own."""
    who = _speaker(items[position])
    for a in reversed(items[:position]):
        if a.id in claims and _speaker(a) == who:
            return a.id
    return None


def _sentence_after(text: str, end: int) -> str:
    stop = re.search(r"[.!?](?:\s|$)", text[end:])
    return text[end : end + stop.start() if stop else len(text)]


def plan_article(
    attributions: Sequence[Attribution],
    article_text: str,
    clause_problems: Mapping[str, str | None],
    vectors: Mapping[str, Vector],
    *,
    same_claim: Callable[[str, str, Vector, Vector], float] = same_claim_score,
) -> tuple[ClaimPlan, ...]:
    """One :class:`ClaimPlan` per attribution, in the given order.

    ``clause_problems`` maps a claim text to
    :func:`claimgraph.graph.proposition.clause_problem` of its parse (a text
    missing from it is taken to state a claim); ``vectors`` maps claim texts
    to embeddings (for :data:`SAME_ASSERTION_SCORE`; a text without one is
    never merged that way).
    """
    items = list(attributions)
    ids = [a.id for a in items]
    index = {local: i for i, local in enumerate(ids)}
    texts = {local: claim_text(a, article_text) for local, a in zip(ids, items, strict=True)}
    problems: dict[str, str | None] = {}
    own: dict[str, str] = {}
    for local, a in zip(ids, items, strict=True):
        if a.stance == "declines_to_comment":
            continue
        problem = source_problem(a)
        text = texts[local]
        if problem is None and not text:
            problem = "points-back" if _segments(a, "content") else "no-content"
        if problem is None:
            problem = clause_problems.get(text)
        problems[local] = problem
        if problem is None and not a.disputes:
            own[local] = text

    joins: dict[str, tuple[str, Link]] = {}
    # nested reports: the outer attribution joins the inner one's claim
    for local, a in zip(ids, items, strict=True):
        if local not in own:
            continue
        inner = [
            b
            for other, b in zip(ids, items, strict=True)
            if other != local
            and (other in own or problems.get(other) == "pronoun-subject")
            and _nested_in(a, b, article_text)
        ]
        if inner:
            b = max(inner, key=lambda x: len(texts[x.id]))
            link: Link = "restates" if _speaker(a) == _speaker(b) else "relays"
            joins[local] = (b.id, link)
    # one speaker's statements that one denial disputes together
    for a in items:
        targets = sorted((str(t) for t in a.disputes if str(t) in own), key=index.__getitem__)
        for i, first in enumerate(targets):
            for later in targets[i + 1 :]:
                if later in joins or first == later:
                    continue
                if _speaker(items[index[first]]) != _speaker(items[index[later]]):
                    continue
                ta, tb = own[first], own[later]
                if ta not in vectors or tb not in vectors:
                    continue
                if same_claim(ta, tb, vectors[ta], vectors[tb]) < SAME_ASSERTION_SCORE:
                    continue
                joins[later] = (first, "same-assertion")
    for local, a in zip(ids, items, strict=True):
        if local in own or local in joins:
            continue
        if a.stance == "declines_to_comment":
            target = _declined_target(a, items, index[local], own, article_text)
            if target is not None:
                joins[local] = (target, "declines")
            continue
        problem = problems.get(local)
        if problem not in (None, "points-back", "not-a-clause", "too-short", "pronoun-subject"):
            continue  # nobody says it, or the reporter's own remark
        disputed = [str(t) for t in a.disputes if str(t) in own]
        if disputed:
            joins[local] = (disputed[0], "disputes")
        elif problem == "pronoun-subject":
            earlier = _previous_claim(items, index[local], own)
            if earlier is not None:
                joins[local] = (earlier, "points-back")
        elif problem == "points-back":
            named = _named_statement().search(" ".join(s.text for s in a.content))
            if named:
                found = _speaker_named(named.group(1), items, index[local], own)
                if found is not None:
                    joins[local] = (found, "points-back")
        elif problem is None and texts[local]:
            own[local] = texts[local]  # a denial whose targets state no claim

    plans: list[ClaimPlan] = []
    for local in ids:
        root, link = _resolve(local, joins, own)
        if root is None:
            reason = problems.get(local) or ("no-content" if local not in own else None)
            plans.append(ClaimPlan(local, "none", reason=reason or "points-back"))
        elif root == local:
            plans.append(ClaimPlan(local, "own", text=own[local]))
        else:
            plans.append(ClaimPlan(local, "join", joins=root, link=link))
    return tuple(plans)


def _resolve(
    local: str, joins: Mapping[str, tuple[str, Link]], own: Mapping[str, str]
) -> tuple[str | None, Link]:
    """Follow ``joins`` from ``local`` to an attribution with a claim of its
    own (the first link names the relation); ``None`` on a cycle."""
    if local not in joins:
        return (local if local in own else None), "content"
    first_link = joins[local][1]
    seen = {local}
    current = joins[local][0]
    while current in joins:
        if current in seen:
            return None, first_link
        seen.add(current)
        current = joins[current][0]
    return (current if current in own else None), first_link


def _declined_target(
    a: Attribution,
    items: Sequence[Attribution],
    position: int,
    own: Mapping[str, str],
    article_text: str,
) -> str | None:
    """The claim a declined comment is about: the statement it names in its
    sentence ("in response to Shapps’ claims"), else the article's first
    claim (a declined comment answers the story's main claim)."""
    spans = [s for s in (_span(a, "cue"), _span(a, "source")) if s is not None]
    if spans:
        rest = _sentence_after(article_text, max(end for _, end in spans))
        named = _named_statement().search(rest)
        if named:
            found = _speaker_named(named.group(1), items, len(items), own)
            if found is not None:
                return found
    for b in items:
        if b.id in own:
            return b.id
    return None
