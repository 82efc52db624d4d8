"""Speaker names normalised: the word lists (``claimgraph/data``),
:func:`fold`, the words that identify a person (no title, honorific, verb
of saying or middle initial; a generational suffix kept apart),
:func:`clean_name`, the members of a joint source (:func:`speaker_members`)
and a speaker's country, affiliation and description as identity reads
them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from claimgraph.data import data_lines
from claimgraph.graph.speaker_records import _PERSONLIKE, SpeakerFacts

# --- word lists -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Lists:
    titles: frozenset[str]
    modifiers: frozenset[str]
    honorifics: frozenset[str]
    aliases: dict[str, str]
    #: folded country/capital/demonym form -> (ISO code, kind)
    places: dict[str, tuple[str, str]]
    #: folded variant -> (canonical, type, country)
    entities: dict[str, tuple[str, str, str | None]]
    #: nouns that name a body ("campaign", "committee"): "the Clinton campaign"
    org_nouns: frozenset[str]
    #: inflected forms of the verbs of saying ("says", "told")
    verbs: frozenset[str]


def _cells(name: str) -> list[list[str]]:
    return [[c.strip() for c in line.split("\t")] for line in data_lines(name)]


@lru_cache(maxsize=1)
def _lists() -> _Lists:
    titles = frozenset(w for row in _cells("titles.txt") for w in fold(row[0]).split())
    entities: dict[str, tuple[str, str, str | None]] = {}
    for variant, canonical, kind, country in _cells("speaker_entities.tsv"):
        entities[fold(variant)] = (canonical, kind, None if country == "-" else country)
    return _Lists(
        titles=titles,
        modifiers=frozenset(fold(row[0]) for row in _cells("speaker_title_modifiers.txt")),
        honorifics=frozenset(fold(row[0]) for row in _cells("speaker_honorifics.txt")),
        aliases={fold(row[0]): fold(row[1]) for row in _cells("speaker_aliases.tsv")},
        places={fold(row[0]): (row[1], row[2]) for row in _cells("nationalities.tsv")},
        entities=entities,
        org_nouns=frozenset(fold(r[0]) for r in _cells("speaker_nouns.tsv") if r[1] == "org"),
        verbs=_verb_forms(row[0] for row in _cells("reporting_verbs.txt")),
    )


_IRREGULAR = {"say": ("said",), "tell": ("told",), "write": ("wrote", "written")}


def _verb_forms(lemmas: Iterable[str]) -> frozenset[str]:
    forms: set[str] = set()
    for lemma in (fold(x) for x in lemmas):
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        forms.update({lemma, lemma + "s", lemma + "es", stem + "ed", stem + "ing"})
        if lemma.endswith("y"):
            forms.update({lemma[:-1] + "ies", lemma[:-1] + "ied"})
        forms.update(_IRREGULAR.get(lemma, ()))
    return frozenset(forms)


# --- normalisation --------------------------------------------------------------

_POSSESSIVE = re.compile(r"(?<=\w)['’]s?\b")
_DOTTED = re.compile(r"\b(?:\w\.){2,}")
_NON_WORD = re.compile(r"[^\w\s-]+")
_ARTICLES = frozenset({"the", "a", "an", "this", "that", "its", "their", "his", "her"})


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Casefolded, accents removed, possessives and dots dropped ("U.S." ->
    "us", "Shapps's" -> "shapps"), punctuation removed, spaces collapsed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)
    text = _POSSESSIVE.sub("", text).casefold()
    text = _NON_WORD.sub(" ", text.replace("’", "'"))
    return " ".join(text.split())


def _strip_leading(words: list[str]) -> list[str]:
    """Drop articles, honorifics, titles, ranks and nationalities in front of
    a name ("british defense secretary grant shapps" -> "grant shapps")."""
    lists = _lists()
    i = 0
    while i < len(words) - 1:
        word = words[i]
        if (
            word in _ARTICLES
            or word in lists.honorifics
            or word in lists.titles
            or word in lists.modifiers
            or word in {"of", "for"}
            or lists.aliases.get(word, "") in lists.titles
            or lists.places.get(word, ("", ""))[1] in {"demonym", "country"}
        ):
            i += 1
            continue
        break
    return words[i:]


#: Lower-case words that may begin a surname ("de Blasio", "van Gogh").
_PARTICLES = frozenset(
    {"de", "del", "della", "di", "da", "dos", "du", "van", "von", "der", "den", "ter", "al", "el"}
    | {"bin", "ibn"}
)
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _name_parts(name: str) -> tuple[list[str], str]:
    """The words of a person's name that identify them: no title, honorific,
    trailing verb ("Obama Says"), suffix or one-letter middle initial
    ("Donald J. Trump" -> ``donald trump``); and the generational suffix
    ("jr", "sr", "ii" ... or "")."""
    words = _strip_leading(fold(name).split())
    lists = _lists()
    suffix = ""
    while len(words) > 1 and (words[-1] in lists.verbs or words[-1] in _SUFFIXES):
        if words[-1] in _SUFFIXES and not suffix:
            suffix = words[-1]
        words = words[:-1]
    for i in range(len(words) - 2, -1, -1):
        if words[i] in _PARTICLES:  # "bin laden", "de blasio": one surname
            words[i : i + 2] = [f"{words[i]} {words[i + 1]}"]
    if len(words) >= 3:
        words = [words[0], *(w for w in words[1:-1] if len(w) > 1), words[-1]]
    return words, suffix


def _name_words(name: str) -> list[str]:
    """The words of :func:`_name_parts`, surname last, without the suffix."""
    return _name_parts(name)[0]


def _person_key(name: str) -> str:
    """The words that identify a person and, after them, a generational
    suffix: "Donald Trump Jr." is not Donald Trump."""
    words, suffix = _name_parts(name)
    return " ".join([*words, suffix] if suffix else words)


def _key_parts(key: str) -> tuple[tuple[str, ...], str]:
    """A person key's name words and its suffix (see :func:`_person_key`)."""
    words = tuple(key.split())
    if len(words) > 1 and words[-1] in _SUFFIXES:
        return words[:-1], words[-1]
    return words, ""


@lru_cache(maxsize=1 << 16)
def clean_name(name: str) -> str | None:
    """``name`` as a name, or ``None`` when it is not one.

    Drops a leading article and trailing verbs of saying a headline's
    entity span took in ("Obama Says" -> "Obama"); a fragment ("her co-")
    or a phrase whose first word after titles and honorifics is lower case
    ("experts", "reality TV star") is not a name.
    """
    words = name.replace("’", "'").split()
    while words and fold(words[0]) in _ARTICLES and len(words) > 1:
        words = words[1:]
    lists = _lists()
    while len(words) > 1 and fold(words[-1]) in lists.verbs:
        words = words[:-1]
    text = " ".join(words).strip(" ,;:\u2013\u2014\u2015-")
    if not text or text.endswith("-") or not any(ch.isalpha() for ch in text):
        return None
    raw = text.split()
    kept = _strip_leading(fold(text).split())
    first = raw[len(raw) - len(kept)] if kept and len(kept) <= len(raw) else raw[0]
    if first[:1].islower() and fold(first) not in _PARTICLES:
        return None
    return text


def speaker_members(speaker: SpeakerFacts) -> tuple[SpeakerFacts, ...]:
    """The speakers an attribution is credited to.

    A joint source whose ``name`` coordinates names ("Bernie Sanders and
    Donald Trump", "Britain and France") gives one member per name, each
    marked ``joint``; a part that is not a name ("her co-") is dropped; a
    plural source naming one person among others ("Trump and his aides")
    is that person, marked ``joint``. A
    named body with "and" in its name ("Securities and Exchange
    Commission") is one speaker. Any other speaker is its own only member.
    """
    name = speaker.name
    if not name:
        return (speaker,)
    parts = [p for p in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", str(name)) if p]
    if len(parts) < 2 or _known_entity(str(name)):
        mention = f" {speaker.mention or ''} "
        if speaker.plural and (" and " in mention or " & " in mention):
            # "Trump and his aides": the person, not the group's description
            cleaned = clean_name(str(name))
            if cleaned is not None:
                return (SpeakerFacts(name=cleaned, mention=mention.strip(), joint=True),)
        return (speaker,)
    countries = all(_government(p) for p in parts)  # "China and Russia"
    if speaker.type not in (None, "anonymous", *_PERSONLIKE) and not countries:
        return (speaker,)
    members: list[SpeakerFacts] = []
    for part in parts:
        cleaned = clean_name(part)
        if cleaned is None:
            continue
        members.append(SpeakerFacts(name=cleaned, mention=speaker.mention, joint=True))
    if not members:
        return (replace(speaker, name=None),)
    return tuple(members)


def _org_form(text: str) -> str:
    words = fold(text).split()
    while words and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def _government(name: str) -> str | None:
    """The ISO code when ``name`` is a country or capital ("Berlin", "the U.S.")."""
    entry = _lists().places.get(_org_form(name))
    return entry[0] if entry and entry[1] in {"country", "capital"} else None


def _known_entity(name: str) -> tuple[str, str, str | None] | None:
    return _lists().entities.get(_org_form(name))


def _country(speaker: SpeakerFacts) -> str | None:
    country = speaker.country
    if country:
        return str(country).upper()
    name = speaker.name
    if name:
        code = _government(str(name))
        if code:
            return code
        known = _known_entity(str(name))
        if known and known[2]:
            return known[2]
    nationality = speaker.nationality
    if nationality:
        entry = _lists().places.get(_org_form(str(nationality)))
        if entry is None and str(nationality).endswith("s"):
            entry = _lists().places.get(_org_form(str(nationality)[:-1]))
        if entry:
            return entry[0]
    return None


def _affiliation(value: Any) -> str | None:
    if not value:
        return None
    words = [_lists().aliases.get(w, w) for w in _org_form(str(value)).split()]
    return " ".join(words) or None


def _description(speaker: SpeakerFacts) -> str:
    return str(speaker.descriptor or speaker.mention or speaker.title or "")
