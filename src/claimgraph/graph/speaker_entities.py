"""Speaker entities built and merged (:func:`entity_from_speaker`,
:func:`merged_entity`) and the store's identity rules: one person, one
entity (:func:`match_stored_speaker`, :func:`link_partial`), descriptions
as kinds of source (:func:`is_description`) and the entities that cannot
be one person (:func:`identity_problems`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from claimgraph.graph.speaker_keys import speaker_key, speaker_type
from claimgraph.graph.speaker_matching import (
    _entity_speaker,
    _given_names_agree,
    _matchable,
    match_speaker,
)
from claimgraph.graph.speaker_names import (
    _country,
    _description,
    _known_entity,
    _lists,
    _name_words,
    fold,
)
from claimgraph.graph.speaker_records import _PERSONLIKE, SpeakerEntity, SpeakerFacts
from claimgraph.graph.speaker_resolution import ArticleContext, _title_words, resolve_in_article

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
