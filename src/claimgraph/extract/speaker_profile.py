"""Who a resolved speaker is: type, country, anonymity, number, seniority.

:func:`profile_speaker` completes a :class:`~claimgraph.records.Speaker`
that speaker resolution (:mod:`claimgraph.extract.speakers`) has filled with
name, title, affiliation and nationality, from the kind of referent it found
and the head of the source phrase. It is pure and cheap: a few dictionary
lookups per attribution.

- ``type``: a named person is ``person``; a person-like description with no
  name ("the U.S. official", "senior anonymous U.S. officials", "a source
  familiar with the matter", "people close to the president") is
  ``anonymous`` (and ``anonymous`` is true); an outlet ("Reuters", "the
  newspaper") is ``media``; a state, its capital used for its government or
  a government body ("Beijing", "the White House", "China's embassy in
  London", "intelligence services") is ``government``; a text that speaks
  for its author ("the report", "a statement") is ``document``; another
  organisation is ``organization``; otherwise ``unknown``. The names and
  head nouns are in ``data/speaker_types.tsv``.
- ``country``: the ISO 3166-1 alpha-2 code of the nationality ("British" ->
  GB), else of the name or affiliation ("White House" -> US, "Beijing" ->
  CN, "China's embassy" -> CN); ``countries`` lists every code when a group
  has several ("U.S. and British intelligence services" -> US, GB; then
  ``country`` is ``None``).
- ``plural``: the head is a plural noun or the source is coordinated.
- ``seniority``: a rank word before the head ("senior", "top",
  "high-ranking"; ``data/seniority.txt``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Token

from claimgraph.data import data_lines
from claimgraph.extract.speaker_lexicon import clean_form, country_codes, load_speaker_lexicon
from claimgraph.records import Speaker, SpeakerType

ANONYMITY_WORDS = frozenset({"anonymous", "unnamed", "unidentified", "anonymously"})
PERSON_HEAD_KINDS = frozenset({"person", "group"})


@dataclass(frozen=True, slots=True)
class SpeakerTypes:
    """The packaged name and head-noun classes (``data/speaker_types.tsv``)."""

    names: dict[str, tuple[SpeakerType, str | None]]
    heads: dict[str, tuple[SpeakerType, str | None]]
    seniority: frozenset[str]

    def of_name(self, name: str | None) -> tuple[SpeakerType, str | None] | None:
        if not name:
            return None
        key = clean_form(name.strip()).lower()
        return self.names.get(key) or self.names.get(key.removeprefix("the "))

    def of_head(self, lemma: str) -> tuple[SpeakerType, str | None] | None:
        return self.heads.get(lemma.lower())


@lru_cache(maxsize=1)
def load_speaker_types() -> SpeakerTypes:
    """Load ``data/speaker_types.tsv`` and ``data/seniority.txt`` (cached)."""
    names: dict[str, tuple[SpeakerType, str | None]] = {}
    heads: dict[str, tuple[SpeakerType, str | None]] = {}
    for line in data_lines("speaker_types.tsv"):
        cells = [c.strip() for c in line.split("\t")]
        kind: SpeakerType = cells[1]  # type: ignore[assignment]  # checked by tests
        country = cells[2] if len(cells) > 2 and cells[2] else None
        if cells[0].startswith("head:"):
            heads[cells[0][5:]] = (kind, country)
        else:
            names[cells[0]] = (kind, country)
    seniority = frozenset(line.strip().lower() for line in data_lines("seniority.txt"))
    return SpeakerTypes(names, heads, seniority)


def profile_speaker(
    speaker: Speaker, kind: str, head: Token | None, phrase: Sequence[Token] = ()
) -> Speaker:
    """``speaker`` with type, country, anonymity, number and seniority filled in.

    ``kind`` is what resolution found (person, org, place, group or none),
    ``head`` the syntactic head of the source phrase and ``phrase`` its tokens.
    """
    types = load_speaker_types()
    lemma = head.lemma_.lower() if head is not None else ""
    words = {t.lower_ for t in phrase}
    plural = (head is not None and head.tag_ in ("NNS", "NNPS")) or kind == "group"
    plural = plural or " and " in (speaker.name or "")
    seniority = next((t.lower_ for t in phrase if t.lower_ in types.seniority), None)
    by_name = types.of_name(speaker.name) or types.of_name(speaker.affiliation)
    by_head = types.of_head(lemma) if lemma else None
    stype = _type(speaker, kind, by_name, by_head, words, head)
    codes = _countries(speaker, by_name, phrase)
    return replace(
        speaker,
        type=stype,
        country=codes[0] if len(codes) == 1 else None,
        countries=codes,
        anonymous=stype == "anonymous",
        plural=plural,
        seniority=seniority,
    )


def _type(
    speaker: Speaker,
    kind: str,
    by_name: tuple[SpeakerType, str | None] | None,
    by_head: tuple[SpeakerType, str | None] | None,
    words: set[str],
    head: Token | None,
) -> SpeakerType:
    named = speaker.name is not None
    if named and kind == "person":
        return "person"
    if named and kind == "group" and " and " in (speaker.name or ""):
        types = load_speaker_types()
        parts = [types.of_name(n) for n in (speaker.name or "").split(" and ")]
        if all(p is None for p in parts):  # "he and Xi" -> two people
            return "person"
    if by_name is not None and by_name[0] != "anonymous" and (named or kind != "person"):
        return by_name[0]
    if kind == "place":
        return "government"
    if head is not None and head.pos_ == "PRON" and not named and kind == "none":
        return "unknown"
    personal = kind in PERSON_HEAD_KINDS or words & ANONYMITY_WORDS
    if not named and personal and (by_head is None or by_head[0] == "anonymous" or speaker.title):
        return "anonymous"
    if by_head is not None:
        if by_head[0] == "anonymous":
            return "unknown" if named else "anonymous"
        if by_head[0] == "organization" and "news" in words:
            return "media"
        return by_head[0]
    if kind == "org":
        return "organization"
    if kind == "person":
        return "person" if named else "anonymous"
    return "unknown"


def _countries(
    speaker: Speaker,
    by_name: tuple[SpeakerType, str | None] | None,
    phrase: Sequence[Token],
) -> tuple[str, ...]:
    if speaker.nationality:
        codes = country_codes(speaker.nationality)
        if codes:
            return codes
    if by_name is not None and by_name[1]:
        return (by_name[1],)
    lex = load_speaker_lexicon()
    for form in (speaker.name, speaker.affiliation):
        if form:
            entry = lex.nationality_entry(form)
            if entry is not None:
                return (entry[0],)
    for t in phrase:  # "China's embassy in London": the possessor's country
        if t.dep_ == "poss":
            entry = lex.nationality_entry(t.text)
            if entry is not None:
                return (entry[0],)
    return ()
