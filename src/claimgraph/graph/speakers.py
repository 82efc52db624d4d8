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

from claimgraph.graph.speaker_entities import (
    DOMINANCE,
    entity_from_speaker,
    identity_problems,
    is_description,
    is_partial,
    link_partial,
    match_stored_speaker,
    merged_entity,
    most_complete,
)
from claimgraph.graph.speaker_keys import is_anonymous, speaker_key, speaker_type
from claimgraph.graph.speaker_matching import candidate_keys, entity_keys, match_speaker
from claimgraph.graph.speaker_names import clean_name, fold, speaker_members
from claimgraph.graph.speaker_records import SPEAKER_TYPES, SpeakerEntity, SpeakerFacts
from claimgraph.graph.speaker_resolution import ArticleContext, resolve_in_article

__all__ = [
    "DOMINANCE",
    "SPEAKER_TYPES",
    "ArticleContext",
    "SpeakerEntity",
    "SpeakerFacts",
    "candidate_keys",
    "clean_name",
    "entity_from_speaker",
    "entity_keys",
    "fold",
    "identity_problems",
    "is_anonymous",
    "is_description",
    "is_partial",
    "link_partial",
    "match_speaker",
    "match_stored_speaker",
    "merged_entity",
    "most_complete",
    "resolve_in_article",
    "speaker_key",
    "speaker_members",
    "speaker_type",
]
