"""Speakers across articles: one entity for "Grant Shapps", "Shapps" and
"British Defense Secretary Grant Shapps"; two for two different Smiths.

Pure functions over the output contract's speaker objects (plain dicts with
``name``, ``title``, ``affiliation``, ``nationality``, ``mention``,
``descriptor`` and, from schema 1.2, ``type``, ``country``, ``anonymous``,
``plural``, ``seniority``; every field is read with a default, so 1.1 output
works too) and :class:`SpeakerEntity` records a store keeps.

Matching rules (:func:`match_speaker`; ``docs/claims.md`` has more):

- **Full names** ("Grant Shapps") match an entity with the same full name
  or alias, or one known only by the surname, when type and country do not
  conflict. Given names must agree ("John Smith" is not "Jane Smith"; "J.
  Smith" may be "John Smith").
- **A surname alone** ("Shapps") matches only when exactly one known person
  has it and nothing conflicts (type, country, affiliation). Two known Smiths
  and a bare "Smith": no match.
- **Descriptions** ("the defence secretary") are resolved first within the
  article (:class:`ArticleContext`): to the one named speaker of the article
  whose title fits.
- **Anonymous speakers** ("a U.S. official") are never merged into a named
  entity. They are grouped with other anonymous speakers of the same
  description and country (key ``anon:official|US``), which says "the same
  kind of source", not "the same person".
- **Governments and organisations** are normalised: "the White House" and
  "White House" are one; a country or capital used as a speaker ("Berlin
  said", "Germany said") is that country's government (``gov:DE``); the
  Kremlin is its own entity (``speaker_entities.tsv``).

- **One person, one entity** (:func:`match_stored_speaker`, what a store
  runs): a full name never joins an entity holding another given name with
  that surname ("Ivanka Trump" is not "Donald Trump") nor one known by the
  surname alone; a surname left unresolved in its article is kept as such
  an entity and credited to a full-name person by :func:`link_partial`,
  recomputed from the stored entities so that the order of articles does
  not matter. Names are cleaned first (:func:`clean_name`: "Obama Says"
  -> "Obama"; "her co-" is no name).
- **Groups are groups**: a joint source ("Bernie Sanders and Donald
  Trump") is credited to each member (:func:`speaker_members`).
- **Descriptions are kinds of source** (:func:`is_description`), listed
  apart; :func:`identity_problems` names entities that cannot be one
  person.

Titles change: an entity collects every title it was seen with
(``titles``); the title as of each article stays on that article's speaker.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from typing import Any

from claimgraph.data import data_lines
from claimgraph.records import Attribution, Speaker

SPEAKER_TYPES = frozenset(
    {"person", "organization", "government", "media", "document", "anonymous", "unknown"}
)
#: Types a person's name may be matched with (a 1.1 speaker has no type).
_PERSONLIKE = frozenset({"person", "unknown"})


@dataclass(frozen=True, slots=True)
class SpeakerFacts:
    """What one mention says about its speaker, as identity reads it.

    The fields of :class:`~claimgraph.records.Speaker`, each ``None`` where
    the source did not say (then :func:`speaker_type` and
    :func:`is_anonymous` infer it), and ``joint`` for a member of a joint
    source (:func:`speaker_members`).
    """

    mention: str | None = None
    name: str | None = None
    title: str | None = None
    affiliation: str | None = None
    nationality: str | None = None
    descriptor: str | None = None
    type: str | None = None
    country: str | None = None
    anonymous: bool | None = None
    plural: bool | None = None
    joint: bool = False

    @classmethod
    def of(cls, speaker: Speaker) -> SpeakerFacts:
        """The facts of a ledger's speaker (every field said)."""
        return cls(
            mention=speaker.mention,
            name=speaker.name,
            title=speaker.title,
            affiliation=speaker.affiliation,
            nationality=speaker.nationality,
            descriptor=speaker.descriptor,
            type=speaker.type,
            country=speaker.country,
            anonymous=speaker.anonymous,
            plural=speaker.plural,
        )


#: The fields of :class:`SpeakerFacts`, in order.
_FACTS = tuple(f.name for f in fields(SpeakerFacts))


@dataclass(frozen=True)
class SpeakerEntity:
    """A speaker known across articles (one row of a store's speaker table).

    ``name`` is the fullest name seen ("Grant Shapps"); ``aliases`` other
    names it was seen under ("Shapps"); ``titles`` every title seen, in
    order (titles change over time); ``country`` an ISO 3166-1 alpha-2 code.
    """

    id: int
    name: str
    aliases: tuple[str, ...]
    type: str
    country: str | None
    affiliation: str | None
    titles: tuple[str, ...]
    #: False for an entity made from an unnamed, unresolved description ("the
    #: defence secretary" in an article that never names them): such an
    #: entity is never matched by name.
    named: bool = True


@dataclass(frozen=True)
class ArticleContext:
    """The other speakers of the same article, to resolve descriptions ("the
    defence secretary") and surnames ("Shapps") before matching."""

    speakers: tuple[SpeakerFacts, ...] = field(default_factory=tuple)

    @classmethod
    def from_attributions(cls, attributions: Iterable[Attribution]) -> ArticleContext:
        """The context of an article from its attributions (a joint source,
        "Bernie Sanders and Donald Trump", gives each member)."""
        return cls(
            tuple(
                m
                for a in attributions
                if a.speaker is not None
                for m in speaker_members(SpeakerFacts.of(a.speaker))
                if m.name or not a.speaker.name
            )
        )


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
_ANONYMOUS_MARKS = re.compile(
    r"\b(?:anonymity|anonymous|unnamed|not authori[sz]ed|declined to be (?:named|identified)|"
    r"familiar with|close to|speaking on condition)\b"
)
_RELATIVE = re.compile(r"\b(?:who|which|that|familiar|close|speaking|with knowledge)\b.*$")


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


def candidate_keys(
    speaker: SpeakerFacts, *, context: ArticleContext | None = None
) -> tuple[str, ...]:
    """Index keys under which the entities this speaker may match are found.

    A store indexes each entity under :func:`entity_keys` and looks a
    speaker up under these keys, then calls :func:`match_speaker` on the
    few entities found. People give ``name:<full name>`` and
    ``surname:<surname>``; others their :func:`speaker_key`. A description
    that names nobody and is not anonymous ("the defence secretary" where
    the article never names them) gives no keys: it matches nothing.
    """
    resolved = resolve_in_article(speaker, context)
    if not _matchable(resolved):
        return ()
    key = speaker_key(resolved)
    if key.startswith(("anon:", "gov:", "org:")):
        return (key,)
    words, _ = _key_parts(key)  # "donald trump jr": surname trump
    if not words:
        return ()
    keys = [f"name:{key}", f"surname:{words[-1]}"]
    return tuple(dict.fromkeys(keys))


def _matchable(speaker: SpeakerFacts) -> bool:
    """Named, anonymous, or a government: something to match across articles."""
    return bool(speaker.name) or speaker_type(speaker) in {"anonymous", "government"}


def entity_keys(entity: SpeakerEntity) -> tuple[str, ...]:
    """The index keys of an entity (its name and every alias)."""
    if not entity.named:
        return ()
    keys: list[str] = []
    for name in (entity.name, *entity.aliases):
        keys.extend(candidate_keys(_entity_speaker(entity, name)))
        if entity.type not in ("anonymous", "person"):
            # an unnamed body ("the embassy", "harbour authority") is keyed by
            # its description, as an unnamed speaker is (see speaker_key)
            unnamed = SpeakerFacts(descriptor=name, type=entity.type, country=entity.country)
            keys.extend(candidate_keys(unnamed))
    return tuple(dict.fromkeys(keys))


def _entity_speaker(entity: SpeakerEntity, name: str) -> SpeakerFacts:
    if entity.type == "government" and entity.country and fold(name).endswith("government"):
        return SpeakerFacts(type="government", country=entity.country)
    if entity.type == "anonymous":
        return SpeakerFacts(descriptor=name, type="anonymous", country=entity.country)
    return SpeakerFacts(name=name, type=entity.type, country=entity.country)


# --- resolution within an article ----------------------------------------------


@lru_cache(maxsize=1 << 14)
def _normalised(speaker: SpeakerFacts) -> SpeakerFacts:
    """The speaker with a clean name (:func:`clean_name`); a name that is no
    name ("experts") is dropped, leaving a description."""
    name = speaker.name
    if not name:
        return speaker
    cleaned = clean_name(str(name))
    if cleaned == name:
        return speaker
    return replace(speaker, name=cleaned, descriptor=speaker.descriptor or name)


def _title_words(text: str) -> frozenset[str]:
    lists = _lists()
    words = (lists.aliases.get(w, w) for w in fold(text).split())
    return frozenset(w for w in words if w not in _ARTICLES)


def resolve_in_article(speaker: SpeakerFacts, context: ArticleContext | None) -> SpeakerFacts:
    """The speaker with its name filled in from the article, when the
    article says who it is.

    A definite description without a name ("the defence secretary") takes
    the name of the one named person of the article whose title and
    description contain its words ("British Defense Secretary Grant
    Shapps"); a surname alone ("Shapps") takes the one full name of the
    article that ends with it. Anonymous speakers and ambiguous cases are
    returned unchanged, and so is a person without a name (a surname that
    two people of the article bear, which the extractor left unresolved:
    "Scott" where Keith and Rakeyia Scott are named)."""
    speaker = _normalised(speaker)
    if context is None or is_anonymous(speaker):
        return speaker
    if speaker.type == "person" and not speaker.name:
        return speaker
    body = _body_in_article(speaker, context)
    if body is not None:
        return body
    named = [
        s for s in map(_normalised, context.speakers) if s.name and speaker_type(s) in _PERSONLIKE
    ]
    name = speaker.name
    if not name:
        wanted = _title_words(str(speaker.title or _description(speaker)))
        if not wanted:
            return speaker
        fits = {
            str(s.name): s
            for s in named
            if len(_name_words(str(s.name))) >= 2
            and wanted <= _title_words(f"{s.title or ''} {_description(s)}")
        }
    else:
        words = _name_words(str(name))
        if len(words) != 1:
            return speaker
        fits = {
            str(s.name): s
            for s in named
            if len(full := _name_words(str(s.name))) >= 2 and full[-1] == words[0]
        }
    if len({_person_key(n) for n in fits}) != 1:
        return speaker
    found = next(iter(fits.values()))
    # what this mention says adds to the full-name mention it resolves to
    said = {f: v for f in _FACTS if f not in {"name", "type"} and (v := getattr(speaker, f))}
    return replace(found, **said)


_BODY_TYPES = frozenset({"organization", "media", "government"})
_MINOR = frozenset({"of", "the", "to", "for", "and", "on", "in", "at"})


def _short_for(short: str, full: str) -> bool:
    """Whether ``short`` names the body ``full`` in short: its last words
    ("Times" for "New York Times") or its initials ("AROS" for "Alliance to
    Reclaim Our Schools", "CNS" for "Christian News Service")."""
    a, b = _org_form(short).split(), _org_form(full).split()
    if not a or len(b) <= len(a):
        return False
    if b[-len(a) :] == a:
        return True
    initials = "".join(w[0] for w in b if w not in _MINOR)
    return len(a) == 1 and short.strip(". ").isupper() and a[0] == initials


def _body_in_article(speaker: SpeakerFacts, context: ArticleContext) -> SpeakerFacts | None:
    """A body named in short ("the Times", "AROS") with the one longer name
    of the article it stands for ("The New York Times"), else ``None``."""
    name = speaker.name
    kind = speaker_type(speaker)
    if not name or kind not in {*_BODY_TYPES, "document"} or _known_entity(str(name)):
        return None
    if _government(str(name)):
        return None
    surname = _name_words(str(name))
    if len(surname) == 1 and any(
        len(full := _name_words(str(s.name))) >= 2 and full[-1] == surname[0]
        for s in context.speakers
        if s.name and speaker_type(s) in _PERSONLIKE
    ):
        return None  # "Trump" typed a body where Donald Trump speaks: the person
    fits = {
        str(s.name): s
        for s in context.speakers
        if s.name
        and speaker_type(s) in {*_BODY_TYPES, "document"}
        and _short_for(str(name), str(s.name))
    }
    if len({_org_form(n) for n in fits}) != 1:
        return None
    long_name, found = next(iter(fits.items()))
    return replace(
        speaker, name=long_name, type=speaker_type(found), descriptor=speaker.descriptor or name
    )


# --- matching -------------------------------------------------------------------


def _given_names_agree(a: Sequence[str], b: Sequence[str]) -> bool:
    """Given names (all but the surname) agree: equal, or one an initial of
    the other ("j" / "john"), or one side has none."""
    for x, y in zip(a, b, strict=False):
        if x == y:
            continue
        if (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y)):
            continue
        return False
    return True


def _types_agree(a: str, b: str) -> bool:
    return a == b or "unknown" in {a, b}


def _compatible(view: _View, entity: SpeakerEntity, *, check_affiliation: bool) -> bool:
    if not _types_agree(view.type, entity.type):
        return False
    if view.country and entity.country and view.country != entity.country:
        return False
    if check_affiliation and view.affiliation and entity.affiliation:
        a, b = view.affiliation, _affiliation(entity.affiliation) or ""
        if a not in b and b not in a:
            return False
    return True


@dataclass(frozen=True, slots=True)
class _View:
    key: str
    #: A person's name words, surname last, without a generational suffix.
    words: tuple[str, ...]
    type: str
    country: str | None
    affiliation: str | None
    #: "jr", "sr", "ii" ... or "": "Donald Trump Jr." is not Donald Trump.
    suffix: str = ""


def _view(speaker: SpeakerFacts) -> _View:
    key = speaker_key(speaker)
    words, suffix = ((), "") if key.startswith(("anon:", "gov:", "org:")) else _key_parts(key)
    return _View(
        key=key,
        words=words,
        type=speaker_type(speaker),
        country=_country(speaker),
        affiliation=_affiliation(speaker.affiliation),
        suffix=suffix,
    )


def _entity_views(entity: SpeakerEntity) -> list[_View]:
    return [_view(_entity_speaker(entity, name)) for name in (entity.name, *entity.aliases)]


def _unique(found: Sequence[SpeakerEntity], view: _View) -> int | None:
    """The one entity found; among several, the one that agrees on the most
    (country, affiliation) when it is the only one that does; else None."""
    ids = sorted({e.id for e in found})
    if len(ids) == 1:
        return ids[0]
    if not ids:
        return None

    def agreement(e: SpeakerEntity) -> int:
        return int(bool(view.country) and view.country == e.country) + int(
            bool(view.affiliation) and view.affiliation == _affiliation(e.affiliation)
        )

    best = max(agreement(e) for e in found)
    top = sorted({e.id for e in found if agreement(e) == best})
    return top[0] if best > 0 and len(top) == 1 else None


def match_speaker(
    speaker: SpeakerFacts,
    candidates: Sequence[SpeakerEntity],
    *,
    context: ArticleContext | None = None,
) -> int | None:
    """The id of the entity in ``candidates`` this speaker is, or ``None``.

    See the module docstring for the rules. ``None`` means "no safe match":
    a store then creates a new entity (:func:`entity_from_speaker`).
    """
    resolved = resolve_in_article(speaker, context)
    if not _matchable(resolved):
        return None
    candidates = [c for c in candidates if c.named]
    view = _view(resolved)
    if view.type == "anonymous" or view.key.startswith("anon:"):
        if not view.key.removeprefix("anon:").split("|")[0]:
            return None  # nothing to group by
        return _unique(
            [
                c
                for c in candidates
                if c.type in ("anonymous", view.type) and view.key in entity_keys(c)
            ],
            view,
        )
    if view.key.startswith(("gov:", "org:")):
        found = [
            c
            for c in candidates
            if c.type != "anonymous"
            and any(v.key == view.key for v in _entity_views(c))
            and (view.key.startswith("gov:") or _compatible(view, c, check_affiliation=False))
        ]
        return _unique(found, view)
    if not view.words:
        return None
    persons = [c for c in candidates if c.type in _PERSONLIKE]
    surname = view.words[-1]
    if len(view.words) >= 2:
        same_name = [
            c
            for c in persons
            if any(v.words == view.words and v.suffix == view.suffix for v in _entity_views(c))
            and _compatible(view, c, check_affiliation=False)
        ]
        if same_name:
            return _unique(same_name, view)
        # "J. Smith" may be "John Smith": every full name the entity was seen
        # under must agree; an entity known only by the surname ("Trump") is
        # not joined by a full name (see link_partial), so that "Ivanka Trump"
        # never lands on the Trump of another article.
        related = []
        for c in persons:
            views = [v for v in _entity_views(c) if len(v.words) >= 2]
            full = [v.words for v in views]
            if (
                full
                and all(v.suffix == view.suffix for v in views)
                and all(w[-1] == surname for w in full)
                and all(_given_names_agree(w[:-1], view.words[:-1]) for w in full)
                and _compatible(view, c, check_affiliation=True)
            ):
                related.append(c)
        return related[0].id if len(related) == 1 else None
    with_surname = [
        c
        for c in persons
        if any(v.words and v.words[-1] == surname for v in _entity_views(c))
        and _compatible(view, c, check_affiliation=True)
    ]
    return with_surname[0].id if len(with_surname) == 1 else None


# --- building and updating entities --------------------------------------------


def _display_name(speaker: SpeakerFacts) -> str:
    name = speaker.name
    if name:
        known = _known_entity(str(name))
        if known:
            return known[0].title() if known[0].islower() else known[0]
        return str(name).strip()
    return _description(speaker).strip()


def _entity_affiliation(speaker: SpeakerFacts) -> str | None:
    """The affiliation worth keeping ("the German government" has the bare
    word "government" as affiliation, which says nothing)."""
    value = speaker.affiliation
    if not value or fold(str(value)) in {"government", "administration"}:
        return None
    return str(value)


def entity_from_speaker(
    entity_id: int, speaker: SpeakerFacts, *, context: ArticleContext | None = None
) -> SpeakerEntity:
    """A new entity for a speaker that matched none (resolved in its article)."""
    resolved = resolve_in_article(speaker, context)
    title = resolved.title
    affiliation = _entity_affiliation(resolved)
    return SpeakerEntity(
        id=entity_id,
        name=_display_name(resolved),
        aliases=(),
        type=speaker_type(resolved),
        country=_country(resolved),
        affiliation=affiliation,
        titles=(str(title),) if title else (),
        named=_matchable(resolved),
    )


def merged_entity(
    entity: SpeakerEntity, speaker: SpeakerFacts, *, context: ArticleContext | None = None
) -> SpeakerEntity:
    """``entity`` after ``speaker`` matched it: a new name becomes an alias (a
    longer full name becomes the name), a new title is appended, a missing
    country or affiliation is filled in. Nothing known is overwritten."""
    resolved = resolve_in_article(speaker, context)
    name = _display_name(resolved)
    if entity.type == "anonymous" and name:
        # a kind of source is shown under its shortest description, whatever
        # the order its members came in ("experts" before "Experts")
        shortest = min((entity.name, name), key=lambda n: (len(n), n.casefold(), n))
        entity = replace(entity, name=shortest)
    names = [entity.name, *entity.aliases]
    folded = {fold(n) for n in names}
    if name and fold(name) not in folded and entity.type != "anonymous":
        names.append(name)
    primary = most_complete(names)
    title = resolved.title
    titles = entity.titles
    if title and fold(str(title)) not in {fold(t) for t in titles}:
        titles = (*titles, str(title))
    affiliation = entity.affiliation or _entity_affiliation(resolved)
    kind = entity.type if entity.type != "unknown" else speaker_type(resolved)
    return replace(
        entity,
        name=primary,
        aliases=tuple(sorted(n for n in names if n != primary)),
        type=kind,
        country=entity.country or _country(resolved),
        affiliation=affiliation,
        titles=titles,
    )


def most_complete(names: Sequence[str]) -> str:
    """The most complete of ``names`` ("Donald J. Trump" over "Donald Trump"
    over "Trump"), the same whatever their order."""
    return min(names, key=lambda n: (-len(_name_words(n)), -len(n.split()), -len(n), n))


# --- the store's identity rules -------------------------------------------------


def is_partial(entity: SpeakerEntity) -> bool:
    """Whether ``entity`` is a person known only by a surname ("Obama" in
    articles that never give the full name)."""
    return (
        entity.type in _PERSONLIKE
        and entity.named
        and all(len(_name_words(n)) == 1 for n in (entity.name, *entity.aliases))
    )


def _surname_only(speaker: SpeakerFacts) -> bool:
    return (
        bool(speaker.name)
        and speaker_type(speaker) in _PERSONLIKE
        and not speaker_key(speaker).startswith(("anon:", "gov:", "org:"))
        and len(speaker_key(speaker).split()) == 1
    )


def match_stored_speaker(
    speaker: SpeakerFacts,
    candidates: Sequence[SpeakerEntity],
    *,
    context: ArticleContext | None = None,
) -> int | None:
    """:func:`match_speaker` as a store runs it, so that the speakers do not
    depend on the order articles come in: a surname left unresolved in its
    article ("Mr. Obama" where the article never says "Barack") joins only
    an entity known by that surname alone (``is_partial``), which
    :func:`link_partial` then credits to a full name; full names never join
    such an entity."""
    resolved = resolve_in_article(speaker, context)
    if _surname_only(resolved):
        candidates = [c for c in candidates if is_partial(c)]
    else:
        candidates = [c for c in candidates if not is_partial(c)]
    return match_speaker(resolved, candidates)


#: A surname-only speaker whose surname several people share is credited to
#: the one with at least this many times the attributions of any other.
DOMINANCE = 3


def link_partial(
    partial: SpeakerEntity,
    candidates: Sequence[SpeakerEntity],
    counts: Mapping[int, int] | None = None,
) -> int | None:
    """The full-name person a surname-only entity stands for, or ``None``.

    The one person with a full name, that surname and nothing conflicting
    (type, country, affiliation; :func:`match_speaker`'s surname rule);
    among several, the one that shares a title with it ("President Obama"
    and "Barack Obama", seen as president) when only one does; else the one
    with :data:`DOMINANCE` times the attributions (``counts``, by entity id,
    of mentions matched) of every other ("Clinton" where Hillary Clinton has
    170 and Bill Clinton 14). A function of the entities and counts alone,
    so a store recomputes it after each article and the result does not
    depend on the order articles came in.
    """
    full = [c for c in candidates if not is_partial(c) and c.type in _PERSONLIKE and c.named]
    view = _entity_speaker(partial, partial.name)
    found = match_speaker(replace(view, affiliation=partial.affiliation), full)
    if found is not None:
        return found
    surname = _name_words(partial.name)
    if not surname:
        return None
    same = [
        c
        for c in full
        if any(_name_words(n)[-1:] == surname for n in (c.name, *c.aliases))
        and not (partial.country and c.country and partial.country != c.country)
    ]
    titles = {t for title in partial.titles for t in _title_words(title)}
    sharing = [c for c in same if titles & {t for title in c.titles for t in _title_words(title)}]
    if len(sharing) == 1:
        return sharing[0].id
    if counts is None or len(same) < 2:
        return None
    ranked = sorted(same, key=lambda c: (-counts.get(c.id, 0), c.id))
    top, second = counts.get(ranked[0].id, 0), counts.get(ranked[1].id, 0)
    return ranked[0].id if top >= DOMINANCE * max(second, 1) else None


def is_description(name: str, kind: str, named: bool = True) -> bool:
    """Whether a stored speaker is a kind of source ("experts", "a U.S.
    official", "Republicans") rather than one named person or body: an
    anonymous or unnamed one, or one whose name begins in lower case. The
    store's listing applies the same rule in SQL
    (``claimgraph.corpus.store.queries.DESCRIPTION_SQL``)."""
    return kind == "anonymous" or not named or not name[:1].isupper()


def identity_problems(entities: Iterable[SpeakerEntity]) -> list[str]:
    """Named speakers that cannot be one person: a canonical name with " and
    ", with a verb of saying or starting in lower case, or names with two
    different given names for one surname ("Donald Trump" and "Ivanka
    Trump"). Empty when every named person entity is one person."""
    problems: list[str] = []
    lists = _lists()
    for e in entities:
        if is_description(e.name, e.type, e.named) or e.type not in _PERSONLIKE:
            continue
        words = fold(e.name).split()
        if " and " in f" {e.name.casefold()} " or "&" in e.name:
            problems.append(f"#{e.id} {e.name!r}: a joint name")
        if any(w in lists.verbs for w in words[1:]):
            problems.append(f"#{e.id} {e.name!r}: a verb in the name")
        if not e.name[:1].isupper():
            problems.append(f"#{e.id} {e.name!r}: starts in lower case")
        full = [_name_words(n) for n in (e.name, *e.aliases)]
        full = [w for w in full if len(w) >= 2]
        for a in full:
            for b in full:
                if a[-1] == b[-1] and a < b and not _given_names_agree(a[:1], b[:1]):
                    problems.append(
                        f"#{e.id} {e.name!r}: two given names for {a[-1]!r} "
                        f"({' '.join(a)!r}, {' '.join(b)!r})"
                    )
    return problems
