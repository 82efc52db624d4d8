"""The records of speaker identity: :class:`SpeakerFacts` (what one mention
says about its speaker) and :class:`SpeakerEntity` (a speaker known across
articles, one row of a store's speaker table). The rules are in
:mod:`claimgraph.graph.speakers`."""

from __future__ import annotations

from dataclasses import dataclass, fields

from claimgraph.records import Speaker

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
