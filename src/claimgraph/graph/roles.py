"""What each member of a claim does with it: asserts, disputes, observes or
declines.

A claim is a proposition; its members are the attributions that state it,
deny it, report it or decline to comment on it. The member's **role**
toward the claim (:func:`member_role`):

- ``declines``: a declined comment ("There was no immediate comment from
  China's embassy");
- ``disputes``: a denial (stance ``denies``), a questioning cue ("the U.S.
  later questioned Shapps’ assertion"), or a statement matched to the claim
  by its wording whose first sentence's polarity is the opposite of the
  claim's ("Tehran is
  not shipping drone engines to Russia" under "Iran is shipping drone
  engines to Russia": negation does not split a claim,
  :func:`claimgraph.analysis.lexical.negated`);
- ``observes``: reports the claim without taking a side: hedged (certainty
  ``possible``: "may", "are believed to"), relayed (the speaker is a news
  medium, "Reuters reported ...", or the article's own outlet; an "as
  quoted by" or "according to"
  attribution; the content is another speaker's statement, "He added that
  intelligence services believe ..."), a direct question ("Is China
  arming Russia?") or a question asked ("asked whether the United States
  could confirm the findings"; ``data/inquiry_cues.txt``);
- ``asserts`` otherwise (certainty ``certain`` or ``probable``: a speaker's
  own "believe" or "think" still asserts).

Pure functions over :class:`~claimgraph.records.Attribution` records.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final, Literal

from claimgraph.analysis.lexical import negated
from claimgraph.data import data_lines
from claimgraph.records import Attribution

Role = Literal["asserts", "disputes", "observes", "declines"]

#: The roles, in the order a claim page shows them.
ROLES: Final[tuple[Role, ...]] = ("asserts", "disputes", "observes", "declines")
#: Extraction rules whose attribution relays a statement made by another.
RELAY_RULES: Final = frozenset({"relay", "according-to"})
#: Speaker types that report rather than make claims.
RELAY_TYPES: Final = frozenset({"media"})
HEDGED: Final = frozenset({"possible"})


def member_role(
    stance: str,
    *,
    certainty: str = "unknown",
    link: str = "content",
    relays: bool = False,
    question: bool = False,
    opposite: bool = False,
) -> Role:
    """The role of a member with this ``stance`` toward its claim.

    ``link`` is how it joined the claim (``content``: by its wording;
    ``relays``: its content is another speaker's statement of the claim;
    see :mod:`claimgraph.graph.article_claims`), ``relays`` whether its
    speaker relays (a news medium, an "according to"), ``question`` whether
    it asks (a direct question, or an "asked whether" cue), ``opposite``
    whether its wording has the opposite polarity of the claim's (counted
    only for ``asserts`` members that joined by their wording).
    """
    if stance == "declines_to_comment":
        return "declines"
    if stance == "denies":
        return "disputes"
    if stance == "questions":
        return "observes" if question else "disputes"
    if link == "relays" or relays or certainty in HEDGED:
        return "observes"
    if opposite and link == "content":
        return "disputes"
    return "asserts"


_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s")


def first_sentence(text: str) -> str:
    """The text up to its first sentence end: polarity is the first
    sentence's ("... is unbelievable. I'm not working for Trump" asserts),
    and a member's is its first content segment's (a quote broken by its
    cue: "“X,” she said, “nobody denies it.”")."""
    end = _SENTENCE_END.search(text)
    return text[: end.end()] if end else text


def _folded(name: str) -> str:
    words = name.casefold().split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


@lru_cache(maxsize=1)
def _inquiry_cues() -> tuple[str, ...]:
    return tuple(data_lines("inquiry_cues.txt"))


def _asks(attribution: Attribution) -> bool:
    """Whether the cue asks ("asked whether", "wondered if") rather than
    doubts (``data/inquiry_cues.txt``)."""
    cue = " ".join(s.text for s in attribution.cue).split()
    return any(w.lower().startswith(_inquiry_cues()) for w in cue if w.isalpha())


def role_of(attribution: Attribution, link: str, canonical: str, outlet: str | None = None) -> Role:
    """:func:`member_role` of a stored attribution that joined the claim
    worded ``canonical`` by ``link``, in an article of ``outlet``: a speaker
    that is the article's own outlet ("..., the Evening Courier reported")
    relays, like a news medium."""
    stance = attribution.stance
    level = attribution.certainty.level if attribution.certainty else "unknown"
    speaker = attribution.speaker
    kind = speaker.type if speaker else ""
    name = (speaker.name or "") if speaker else ""
    content = " ".join(s.text for s in attribution.content)
    first_segment = attribution.content[0].text if attribution.content else ""
    relays = (
        kind in RELAY_TYPES
        or attribution.rule in RELAY_RULES
        or (bool(outlet) and _folded(name) == _folded(outlet or ""))
    )
    question = content.strip().strip("\"'“”‘’ ").endswith("?") or _asks(attribution)
    opposite = (
        stance == "asserts"
        and link == "content"
        and bool(canonical)
        and negated(first_sentence(first_segment)) != negated(first_sentence(canonical))
    )
    return member_role(
        stance,
        certainty=level,
        link=link,
        relays=relays,
        question=question,
        opposite=opposite,
    )
