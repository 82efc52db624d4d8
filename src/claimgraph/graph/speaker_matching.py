"""Matching a speaker to the entities known across articles: the index keys
a store looks entities up under (:func:`candidate_keys`,
:func:`entity_keys`) and :func:`match_speaker` over the few found (the
rules are in :mod:`claimgraph.graph.speakers`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from claimgraph.graph.speaker_keys import speaker_key, speaker_type
from claimgraph.graph.speaker_names import _affiliation, _country, _key_parts, fold
from claimgraph.graph.speaker_records import _PERSONLIKE, SpeakerEntity, SpeakerFacts
from claimgraph.graph.speaker_resolution import ArticleContext, resolve_in_article

# --- index keys -----------------------------------------------------------------


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
