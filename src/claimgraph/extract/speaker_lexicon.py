"""The speaker word lists, kept as data files.

Five packaged files under ``claimgraph/data`` (each explains its format in a
comment at its top):

- ``titles.txt`` — titles and roles ("secretary", "national security
  adviser"); the last word of each is a title head.
- ``speaker_title_modifiers.txt`` — ranks and portfolios ("deputy",
  "defense") that a title grows over leftwards, or takes after "of".
- ``nationalities.tsv`` — demonyms, country names and capitals used for
  their governments, with their ISO 3166-1 alpha-2 codes.
- ``speaker_nouns.tsv`` — the class of common nouns that head a
  description ("campaign" is an organisation, "report" a document).
- ``speaker_aliases.tsv`` — spellings and abbreviations folded together
  when a description is matched against earlier mentions.

:func:`country_code` maps a nationality as written to its code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Token

from claimgraph.data import data_lines

#: The kinds of ``nationalities.tsv`` entry that give a speaker a nationality
#: (a capital stands for a government, not a nationality).
NATIONALITY_KINDS = frozenset({"demonym", "country"})


@dataclass(frozen=True, slots=True)
class SpeakerLexicon:
    """The packaged word lists speaker resolution reads (see the data files)."""

    titles: frozenset[str]
    title_heads: frozenset[str]
    title_suffixes: frozenset[str]
    modifiers: frozenset[str]
    nationalities: dict[str, tuple[str, str]]
    nouns: dict[str, str]
    aliases: dict[str, str]
    #: given name -> "m" or "f" ("hillary" -> "f"), from given_names.tsv
    given_names: dict[str, str] = field(default_factory=dict)

    def is_title_head(self, tok: Token) -> bool:
        return tok.lower_ in self.title_heads or tok.lemma_.lower() in self.title_heads

    def norm(self, tok: Token) -> str:
        word = tok.lemma_.lower() if tok.pos_ == "NOUN" else tok.lower_
        return self.aliases.get(word, word)

    def noun_class(self, tok: Token) -> str | None:
        return self.nouns.get(tok.lemma_.lower()) or self.nouns.get(tok.lower_)

    def nationality_entry(self, form: str) -> tuple[str, str] | None:
        """The (code, kind) of a nationality as written ("the U.S.", "Russia's",
        "Ukrainians"), or ``None``."""
        form = form.strip()
        for article in ("the ", "The "):
            form = form.removeprefix(article)
        form = clean_form(form)
        entry = self.nationalities.get(form)
        if entry is None and form.endswith("s"):
            plural = self.nationalities.get(form[:-1])
            if plural is not None and plural[1] == "demonym":
                entry = plural
        return entry


def clean_form(form: str) -> str:
    """A form without its possessive ending ("Russia's" -> "Russia")."""
    for suffix in ("'s", "’s", "’", "'"):
        form = form.removesuffix(suffix)
    return form


def _rows(name: str) -> list[list[str]]:
    return [[cell.strip() for cell in line.split("\t")] for line in data_lines(name)]


@lru_cache(maxsize=1)
def load_speaker_lexicon() -> SpeakerLexicon:
    """Load the packaged speaker word lists (cached: they never change at run time)."""
    titles = frozenset(row[0].lower() for row in _rows("titles.txt"))
    words = [t.split() for t in titles]
    return SpeakerLexicon(
        titles=titles,
        title_heads=frozenset(w[-1] for w in words),
        title_suffixes=frozenset(" ".join(w[i:]) for w in words for i in range(len(w))),
        modifiers=frozenset(row[0].lower() for row in _rows("speaker_title_modifiers.txt")),
        nationalities={row[0]: (row[1], row[2]) for row in _rows("nationalities.tsv")},
        nouns={row[0]: row[1] for row in _rows("speaker_nouns.tsv")},
        aliases={row[0]: row[1] for row in _rows("speaker_aliases.tsv")},
        given_names={row[0]: row[1] for row in _rows("given_names.tsv")},
    )


def country_code(nationality: str) -> str | None:
    """ISO 3166-1 alpha-2 code of a nationality as written ("British" -> "GB").

    Demonyms, country names and capitals used for their governments are
    known; a list ("U.S., British") or an unknown form gives ``None``.
    """
    entry = load_speaker_lexicon().nationality_entry(nationality)
    return entry[0] if entry else None


def country_codes(nationality: str) -> tuple[str, ...]:
    """The codes of every nationality in a list such as "U.S., British"."""
    parts = nationality.replace(" and ", ", ").split(", ")
    codes = (country_code(p) for p in parts if p.strip())
    return tuple(dict.fromkeys(c for c in codes if c))
