"""A speaker's type (:func:`is_anonymous`, :func:`speaker_type`) and its
normalised key (:func:`speaker_key`: ``grant shapps``, ``gov:DE``,
``org:white house``, ``anon:official|US``)."""

from __future__ import annotations

import re

from claimgraph.graph.speaker_names import (
    _ARTICLES,
    _country,
    _description,
    _government,
    _known_entity,
    _lists,
    _name_words,
    _org_form,
    _person_key,
    fold,
)
from claimgraph.graph.speaker_records import SPEAKER_TYPES, SpeakerFacts

_ANONYMOUS_MARKS = re.compile(
    r"\b(?:anonymity|anonymous|unnamed|not authori[sz]ed|declined to be (?:named|identified)|"
    r"familiar with|close to|speaking on condition)\b"
)
_RELATIVE = re.compile(r"\b(?:who|which|that|familiar|close|speaking|with knowledge)\b.*$")


def is_anonymous(speaker: SpeakerFacts) -> bool:
    """Whether the speaker is an unnamed person or group ("a U.S. official",
    "officials familiar with the matter"). Uses ``anonymous`` when given."""
    if speaker.anonymous is not None:
        return speaker.anonymous
    if speaker.type == "anonymous":
        return True
    if speaker.name:
        return False
    description = fold(_description(speaker))
    if _ANONYMOUS_MARKS.search(description):
        return True
    mention = fold(str(speaker.mention or ""))
    has_title = bool(speaker.title)
    indefinite = mention.split()[:1] in (["a"], ["an"], ["some"], ["several"], ["two"], [])
    plural = bool(speaker.plural) or mention.endswith("s")
    return has_title and (indefinite or plural)


def speaker_type(speaker: SpeakerFacts) -> str:
    """The speaker's type: the ``type`` field when given (schema 1.2), else
    inferred: anonymous, a government (a country, capital or known body), a
    known organisation or medium (``speaker_entities.tsv``), a person (a
    name with a title, or of two or more words), else unknown."""
    given = speaker.type
    if given in SPEAKER_TYPES:
        return str(given)
    if is_anonymous(speaker):
        return "anonymous"
    name = speaker.name
    if not name:
        affiliation = fold(str(speaker.affiliation or ""))
        if affiliation.endswith(("government", "ministry", "administration")):
            return "government"
        return "organization" if affiliation else "unknown"
    if _government(str(name)):
        return "government"
    known = _known_entity(str(name))
    if known:
        return known[1]
    if (fold(str(name)).split() or [""])[-1] in _lists().org_nouns:
        return "organization"  # "the Clinton campaign" is not Clinton
    if speaker.title or len(_name_words(str(name))) >= 2:
        return "person"
    return "unknown"


# --- keys -----------------------------------------------------------------------


def _anonymous_key(speaker: SpeakerFacts) -> str:
    words = fold(_RELATIVE.sub("", fold(_description(speaker)))).split()
    lists = _lists()
    kept = [
        lists.aliases.get(w, w)
        for w in words
        if w not in _ARTICLES and lists.places.get(w, ("", ""))[1] not in {"demonym", "country"}
    ]
    return f"anon:{' '.join(kept)}|{_country(speaker) or ''}"


def speaker_key(speaker: SpeakerFacts) -> str:
    """A normalised key for a speaker object.

    Named people: the name casefolded, accents, titles, honorifics and
    possessives removed ("British Defense Secretary Grant Shapps's" ->
    ``grant shapps``). Governments: ``gov:`` and the country code ("Berlin"
    -> ``gov:DE``). Known bodies: ``org:`` and the canonical name ("the White
    House" -> ``org:white house``). Other organisations: ``org:`` and the
    folded name. Anonymous and unnamed speakers: ``anon:`` with the folded
    description and the country ("a senior U.S. official" ->
    ``anon:senior official|US``).
    """
    kind = speaker_type(speaker)
    name = str(speaker.name or "")
    country = _country(speaker)
    if kind == "government" and country and (not name or fold(name).endswith("government")):
        return f"gov:{country}"
    if kind == "anonymous" or not name:
        return _anonymous_key(speaker)
    code = _government(name)
    if code:
        return f"gov:{code}"
    known = _known_entity(name)
    if known:
        return f"org:{fold(known[0])}"
    if kind in {"organization", "government", "media", "document"}:
        return f"org:{_org_form(name)}"
    return _person_key(name)
