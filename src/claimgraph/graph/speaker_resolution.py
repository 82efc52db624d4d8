"""Speakers resolved within their article (:class:`ArticleContext`,
:func:`resolve_in_article`): a description ("the defence secretary"), a
surname ("Shapps") or a body named in short ("the Times") takes the one
speaker of the article it fits, before matching across articles."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from claimgraph.graph.speaker_keys import is_anonymous, speaker_type
from claimgraph.graph.speaker_names import (
    _ARTICLES,
    _description,
    _government,
    _known_entity,
    _lists,
    _name_words,
    _org_form,
    _person_key,
    clean_name,
    fold,
    speaker_members,
)
from claimgraph.graph.speaker_records import _FACTS, _PERSONLIKE, SpeakerFacts
from claimgraph.records import Attribution


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
