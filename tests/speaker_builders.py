"""Speaker records for the tests of the speaker identity modules
(``tests/graph/test_speaker_*.py``): a mention from the few fields a case
sets, a person entity, and the speakers several modules' tests share."""

from __future__ import annotations

from typing import Any

from claimgraph.graph.speaker_records import SpeakerEntity, SpeakerFacts

SHAPPS_FULL = SpeakerFacts(
    name="Grant Shapps",
    title="Defense Secretary",
    affiliation=None,
    nationality="British",
    mention="British Defense Secretary Grant Shapps",
    descriptor="British Defense Secretary Grant Shapps",
)


SHAPPS = SpeakerEntity(
    id=1,
    name="Grant Shapps",
    aliases=(),
    type="person",
    country="GB",
    affiliation=None,
    titles=("Defense Secretary",),
)


def speaker(**fields: Any) -> SpeakerFacts:
    base: dict[str, Any] = dict.fromkeys(
        ("name", "title", "affiliation", "nationality", "mention", "descriptor")
    )
    base.update(fields)
    if base["mention"] is None:
        base["mention"] = base["name"] or base["descriptor"]
    return SpeakerFacts(**base)


def person(entity_id: int, name: str, *aliases: str, titles: tuple[str, ...] = ()) -> SpeakerEntity:
    return SpeakerEntity(entity_id, name, aliases, "person", None, None, titles)


DONALD = person(1, "Donald Trump", "Donald J. Trump")
