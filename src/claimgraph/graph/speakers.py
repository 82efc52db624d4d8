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

Titles change: an entity collects every title it was seen with
(``titles``); the title as of each article stays on that article's speaker.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from claimgraph.data import data_lines

SPEAKER_TYPES = frozenset(
    {"person", "organization", "government", "media", "document", "anonymous", "unknown"}
)
#: Types a person's name may be matched with (a 1.1 speaker has no type).
_PERSONLIKE = frozenset({"person", "unknown"})


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

    speakers: tuple[Mapping[str, Any], ...] = field(default_factory=tuple)

    @classmethod
    def from_attributions(cls, attributions: Iterable[Mapping[str, Any]]) -> ArticleContext:
        """The context of an article from its attribution dicts."""
        return cls(tuple(a["speaker"] for a in attributions if a.get("speaker")))


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
    )


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


def _name_words(name: str) -> list[str]:
    return _strip_leading(fold(name).split())


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


def _country(speaker: Mapping[str, Any]) -> str | None:
    country = speaker.get("country")
    if country:
        return str(country).upper()
    name = speaker.get("name")
    if name:
        code = _government(str(name))
        if code:
            return code
        known = _known_entity(str(name))
        if known and known[2]:
            return known[2]
    nationality = speaker.get("nationality")
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


def _description(speaker: Mapping[str, Any]) -> str:
    return str(speaker.get("descriptor") or speaker.get("mention") or speaker.get("title") or "")


def is_anonymous(speaker: Mapping[str, Any]) -> bool:
    """Whether the speaker is an unnamed person or group ("a U.S. official",
    "officials familiar with the matter"). Uses ``anonymous`` when given."""
    if "anonymous" in speaker and speaker["anonymous"] is not None:
        return bool(speaker["anonymous"])
    if speaker.get("type") == "anonymous":
        return True
    if speaker.get("name"):
        return False
    description = fold(_description(speaker))
    if _ANONYMOUS_MARKS.search(description):
        return True
    mention = fold(str(speaker.get("mention") or ""))
    has_title = bool(speaker.get("title"))
    indefinite = mention.split()[:1] in (["a"], ["an"], ["some"], ["several"], ["two"], [])
    plural = bool(speaker.get("plural")) or mention.endswith("s")
    return has_title and (indefinite or plural)


def speaker_type(speaker: Mapping[str, Any]) -> str:
    """The speaker's type: the ``type`` field when given (schema 1.2), else
    inferred: anonymous, a government (a country, capital or known body), a
    known organisation or medium (``speaker_entities.tsv``), a person (a
    name with a title, or of two or more words), else unknown."""
    given = speaker.get("type")
    if given in SPEAKER_TYPES:
        return str(given)
    if is_anonymous(speaker):
        return "anonymous"
    name = speaker.get("name")
    if not name:
        affiliation = fold(str(speaker.get("affiliation") or ""))
        if affiliation.endswith(("government", "ministry", "administration")):
            return "government"
        return "organization" if affiliation else "unknown"
    if _government(str(name)):
        return "government"
    known = _known_entity(str(name))
    if known:
        return known[1]
    if speaker.get("title") or len(_name_words(str(name))) >= 2:
        return "person"
    return "unknown"


# --- keys -----------------------------------------------------------------------


def _anonymous_key(speaker: Mapping[str, Any]) -> str:
    words = fold(_RELATIVE.sub("", fold(_description(speaker)))).split()
    lists = _lists()
    kept = [
        lists.aliases.get(w, w)
        for w in words
        if w not in _ARTICLES and lists.places.get(w, ("", ""))[1] not in {"demonym", "country"}
    ]
    return f"anon:{' '.join(kept)}|{_country(speaker) or ''}"


def speaker_key(speaker: Mapping[str, Any]) -> str:
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
    name = str(speaker.get("name") or "")
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
        return f"org:{known[0]}"
    if kind in {"organization", "government", "media", "document"}:
        return f"org:{_org_form(name)}"
    return " ".join(_name_words(name))


def candidate_keys(
    speaker: Mapping[str, Any], *, context: ArticleContext | None = None
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
    words = key.split()
    if not words:
        return ()
    keys = [f"name:{key}", f"surname:{words[-1]}"]
    return tuple(dict.fromkeys(keys))


def _matchable(speaker: Mapping[str, Any]) -> bool:
    """Named, anonymous, or a government: something to match across articles."""
    return bool(speaker.get("name")) or speaker_type(speaker) in {"anonymous", "government"}


def entity_keys(entity: SpeakerEntity) -> tuple[str, ...]:
    """The index keys of an entity (its name and every alias)."""
    if not entity.named:
        return ()
    keys: list[str] = []
    for name in (entity.name, *entity.aliases):
        keys.extend(candidate_keys(_entity_speaker(entity, name)))
    return tuple(dict.fromkeys(keys))


def _entity_speaker(entity: SpeakerEntity, name: str) -> dict[str, Any]:
    if entity.type == "government" and entity.country and fold(name).endswith("government"):
        return {"name": None, "type": "government", "country": entity.country}
    if entity.type == "anonymous":
        return {"name": None, "descriptor": name, "type": "anonymous", "country": entity.country}
    return {"name": name, "type": entity.type, "country": entity.country}


# --- resolution within an article ----------------------------------------------


def _title_words(text: str) -> frozenset[str]:
    lists = _lists()
    words = (lists.aliases.get(w, w) for w in fold(text).split())
    return frozenset(w for w in words if w not in _ARTICLES)


def resolve_in_article(
    speaker: Mapping[str, Any], context: ArticleContext | None
) -> Mapping[str, Any]:
    """The speaker with its name filled in from the article, when the
    article says who it is.

    A definite description without a name ("the defence secretary") takes
    the name of the one named person of the article whose title and
    description contain its words ("British Defense Secretary Grant
    Shapps"); a surname alone ("Shapps") takes the one full name of the
    article that ends with it. Anonymous speakers and ambiguous cases are
    returned unchanged.
    """
    if context is None or is_anonymous(speaker):
        return speaker
    named = [s for s in context.speakers if s.get("name") and speaker_type(s) in _PERSONLIKE]
    name = speaker.get("name")
    if not name:
        wanted = _title_words(str(speaker.get("title") or _description(speaker)))
        if not wanted:
            return speaker
        fits = {
            str(s["name"]): s
            for s in named
            if len(_name_words(str(s["name"]))) >= 2
            and wanted <= _title_words(f"{s.get('title') or ''} {_description(s)}")
        }
    else:
        words = _name_words(str(name))
        if len(words) != 1:
            return speaker
        fits = {
            str(s["name"]): s
            for s in named
            if len(full := _name_words(str(s["name"]))) >= 2 and full[-1] == words[0]
        }
    if len({" ".join(_name_words(n)) for n in fits}) != 1:
        return speaker
    found = next(iter(fits.values()))
    merged = dict(found)
    merged.update({k: v for k, v in speaker.items() if v and k not in {"name", "type"}})
    merged["name"] = found["name"]
    return merged


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
    words: tuple[str, ...]
    type: str
    country: str | None
    affiliation: str | None


def _view(speaker: Mapping[str, Any]) -> _View:
    key = speaker_key(speaker)
    words = () if key.startswith(("anon:", "gov:", "org:")) else tuple(key.split())
    return _View(
        key=key,
        words=words,
        type=speaker_type(speaker),
        country=_country(speaker),
        affiliation=_affiliation(speaker.get("affiliation")),
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
    speaker: Mapping[str, Any],
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
            [c for c in candidates if c.type == "anonymous" and view.key in entity_keys(c)],
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
            if any(v.words == view.words for v in _entity_views(c))
            and _compatible(view, c, check_affiliation=False)
        ]
        if same_name:
            return _unique(same_name, view)
        related = [
            c
            for c in persons
            if any(
                v.words
                and v.words[-1] == surname
                and (len(v.words) == 1 or _given_names_agree(v.words[:-1], view.words[:-1]))
                for v in _entity_views(c)
            )
            and _compatible(view, c, check_affiliation=True)
        ]
        return related[0].id if len(related) == 1 else None
    with_surname = [
        c
        for c in persons
        if any(v.words and v.words[-1] == surname for v in _entity_views(c))
        and _compatible(view, c, check_affiliation=True)
    ]
    return with_surname[0].id if len(with_surname) == 1 else None


# --- building and updating entities --------------------------------------------


def _display_name(speaker: Mapping[str, Any]) -> str:
    name = speaker.get("name")
    if name:
        known = _known_entity(str(name))
        if known:
            return known[0].title() if known[0].islower() else known[0]
        return str(name).strip()
    return _description(speaker).strip()


def entity_from_speaker(
    entity_id: int, speaker: Mapping[str, Any], *, context: ArticleContext | None = None
) -> SpeakerEntity:
    """A new entity for a speaker that matched none (resolved in its article)."""
    resolved = resolve_in_article(speaker, context)
    title = resolved.get("title")
    return SpeakerEntity(
        id=entity_id,
        name=_display_name(resolved),
        aliases=(),
        type=speaker_type(resolved),
        country=_country(resolved),
        affiliation=str(resolved["affiliation"]) if resolved.get("affiliation") else None,
        titles=(str(title),) if title else (),
        named=_matchable(resolved),
    )


def merged_entity(
    entity: SpeakerEntity, speaker: Mapping[str, Any], *, context: ArticleContext | None = None
) -> SpeakerEntity:
    """``entity`` after ``speaker`` matched it: a new name becomes an alias (a
    longer full name becomes the name), a new title is appended, a missing
    country or affiliation is filled in. Nothing known is overwritten."""
    resolved = resolve_in_article(speaker, context)
    name = _display_name(resolved)
    names = [entity.name, *entity.aliases]
    folded = {fold(n) for n in names}
    if name and fold(name) not in folded and entity.type != "anonymous":
        names.append(name)
    primary = max(names, key=lambda n: (len(_name_words(n)), -names.index(n)))
    title = resolved.get("title")
    titles = entity.titles
    if title and fold(str(title)) not in {fold(t) for t in titles}:
        titles = (*titles, str(title))
    affiliation = entity.affiliation or (
        str(resolved["affiliation"]) if resolved.get("affiliation") else None
    )
    kind = entity.type if entity.type != "unknown" else speaker_type(resolved)
    return replace(
        entity,
        name=primary,
        aliases=tuple(n for n in names if n != primary),
        type=kind,
        country=entity.country or _country(resolved),
        affiliation=affiliation,
        titles=titles,
    )
