"""Lexical signals for "do these two texts state the same claim?".

Pure functions over plain strings. A text is reduced to :class:`ClaimTerms`:
its content words (function words and negations left out, a light suffix
stemmer, synonyms folded: "supplying weapons" and "sends arms" both give
``send weapon``), its entities (countries, demonyms and capitals folded to
their ISO code, so Beijing, China and Chinese are all ``@CN``; other proper
names as written) and its numbers ("five" and "5" are both ``#5``).

:func:`pair_features` compares two of them; :mod:`claimgraph.graph.claims`
combines the features with the embedding cosine into a probability.

The word lists are data files: ``claim_synonyms.tsv``, ``claim_stopwords.txt``,
``claim_negations.txt`` and (for countries) ``nationalities.tsv``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from claimgraph.data import data_lines

#: Tokens: abbreviations with dots ("U.S."), words (with inner apostrophes
#: and hyphens), numbers ("1,200", "3.5"), and "n't".
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|n[’']t\b|[^\W\d_]+(?:[’'\-][^\W\d_]+)*|\d+(?:[.,]\d+)*")
_POSSESSIVE = re.compile(r"[’']s$")
_MAX_PHRASE = 4


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The packaged word lists (see the module docstring)."""

    #: Phrase (as a tuple of tokens) -> canonical form. Keys with a capital are
    #: matched as written; lowercase keys match any case.
    synonyms: dict[tuple[str, ...], str]
    #: Entity phrases in capitals ("CHINA"), for all-capital headlines.
    upper: dict[tuple[str, ...], str]
    stopwords: frozenset[str]
    negations: frozenset[str]


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Load the word lists (cached: they never change at run time)."""
    synonyms: dict[tuple[str, ...], str] = {}
    for line in data_lines("nationalities.tsv"):
        form, code, *_ = (cell.strip() for cell in line.split("\t"))
        synonyms[tuple(tokens(form))] = "@" + code
    for line in data_lines("claim_synonyms.tsv"):
        form, canonical = (cell.strip() for cell in line.split("\t")[:2])
        synonyms[tuple(tokens(form))] = canonical
    upper = {tuple(t.upper() for t in k): v for k, v in synonyms.items() if v.startswith("@")}
    return Lexicon(
        synonyms=synonyms,
        upper=upper,
        stopwords=frozenset(w.strip() for w in data_lines("claim_stopwords.txt")),
        negations=frozenset(w.strip() for w in data_lines("claim_negations.txt")),
    )


def normalise(text: str) -> str:
    """NFKC, curly apostrophes made straight, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    return " ".join(text.split())


def tokens(text: str) -> list[str]:
    """The word, abbreviation and number tokens of ``text``, as written
    ("didn't" gives "did", "n't")."""
    out: list[str] = []
    for token in _TOKEN.findall(normalise(text)):
        if len(token) > 3 and token.lower().endswith("n't"):
            out.extend((token[:-3], token[-3:]))
        else:
            out.append(token)
    return out


def stem(word: str) -> str:
    """A crude, deterministic suffix stripper for lowercase English words."""
    word = _POSSESSIVE.sub("", word)
    if len(word) > 4 and word.endswith(("ies", "ied")):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed"):
        return word[:-2]
    if len(word) > 3 and word.endswith("es") and word[-3] in "sxz":
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _number(token: str) -> str | None:
    if not token[0].isdigit():
        return None
    value = token.replace(",", "")
    try:
        number = float(value)
    except ValueError:
        return "#" + value
    return "#" + (str(int(number)) if number.is_integer() else str(number))


@dataclass(frozen=True, slots=True)
class ClaimTerms:
    """What a claim is about, for lexical comparison.

    ``words`` are the normalised content words (entities and numbers
    included); ``entities`` the folded country codes (``@CN``) and proper
    names; ``numbers`` the numbers (``#5``); ``order`` the entities in text
    order (for :func:`roles_swapped`); ``negated`` whether a negation word
    occurs (polarity only, never a reason to split).
    """

    words: frozenset[str]
    entities: frozenset[str]
    numbers: frozenset[str]
    order: tuple[str, ...]
    coordinated: frozenset[frozenset[str]]
    negated: bool


def _is_title_case(toks: list[str]) -> bool:
    """Headline style, where capitals say nothing about proper names."""
    alpha = [t for t in toks if t[0].isalpha() and len(t) > 3]
    return len(alpha) >= 2 and sum(t[0].isupper() for t in alpha) > 0.6 * len(alpha)


def _lookup(lex: Lexicon, phrase: tuple[str, ...]) -> str | None:
    found = lex.synonyms.get(phrase)
    if found is not None:
        return found
    lowered = tuple(t.lower() for t in phrase)
    found = lex.synonyms.get(lowered)
    if found is not None and not found.startswith("@"):
        return found
    # Entity forms are matched as written; all-capital headlines too.
    if all(t.isupper() for t in phrase):
        return lex.upper.get(phrase)
    return None


def claim_terms(text: str) -> ClaimTerms:
    """Reduce ``text`` to its :class:`ClaimTerms`."""
    lex = load_lexicon()
    toks = tokens(text)
    title_case = _is_title_case(toks)
    words: set[str] = set()
    entities: set[str] = set()
    numbers: set[str] = set()
    order: list[str] = []
    coordinated: set[frozenset[str]] = set()
    negated = False
    previous_entity: str | None = None
    joined_by_and = False
    i = 0
    while i < len(toks):
        term: str | None = None
        width = 1
        for n in range(min(_MAX_PHRASE, len(toks) - i), 0, -1):
            term = _lookup(lex, tuple(toks[i : i + n]))
            if term is not None:
                width = n
                break
        token = toks[i]
        lower = token.lower()
        if lower in lex.negations or lower.replace("'", "’") in lex.negations:
            negated = True
        if term is None:
            term = _number(token)
        if term is None and lower not in lex.stopwords and len(lower) > 1:
            base = stem(lower)
            term = _lookup(lex, (base,)) or base
            proper = token[0].isupper() and not title_case and i > 0
            if proper or (token.isupper() and len(token) > 1 and not title_case):
                entities.add(term)
                order.append(term)
        if term is not None:
            words.add(term)
            if term.startswith("@"):
                entities.add(term)
                order.append(term)
                if joined_by_and and previous_entity is not None:
                    coordinated.add(frozenset({previous_entity, term}))
                previous_entity = term
            elif term.startswith("#"):
                numbers.add(term)
        joined_by_and = lower in {"and", "&", ","} and previous_entity is not None
        if term is not None and not term.startswith("@"):
            previous_entity = None
        i += width
    return ClaimTerms(
        words=frozenset(words),
        entities=frozenset(entities),
        numbers=frozenset(numbers),
        order=tuple(dict.fromkeys(order)),
        coordinated=frozenset(coordinated),
        negated=negated,
    )


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice overlap of two sets (0 when both are empty)."""
    if not a and not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def roles_swapped(a: ClaimTerms, b: ClaimTerms) -> bool:
    """Whether two shared entities occur in opposite order ("China sends aid to
    Russia" / "Russia sends aid to China"), unless they are coordinated
    ("China and Russia") in either text, where order means nothing."""
    shared = [e for e in a.order if e in b.entities and e.startswith("@")]
    if len(shared) < 2:
        return False
    first, second = shared[0], shared[1]
    pair = frozenset({first, second})
    if pair in a.coordinated or pair in b.coordinated:
        return False
    return b.order.index(first) > b.order.index(second)


#: The lexical features, in the order :func:`pair_features` returns them.
LEXICAL_FEATURES = ("word_dice", "entity_dice", "entity_missing", "number_match", "number_conflict")


def pair_features(a: ClaimTerms, b: ClaimTerms) -> tuple[float, ...]:
    """The lexical features of a pair, named in :data:`LEXICAL_FEATURES`.

    - ``word_dice``: overlap of the content words;
    - ``entity_dice``: overlap of the entities (0 when either has none);
    - ``entity_missing``: 1 when either text names no entity;
    - ``number_match``: 1 when both give numbers and share one;
    - ``number_conflict``: 1 when both give numbers and share none
      ("killed 5" / "killed 50").
    """
    entity_missing = not a.entities or not b.entities
    both_numbers = bool(a.numbers) and bool(b.numbers)
    shared_number = bool(a.numbers & b.numbers)
    return (
        dice(a.words, b.words),
        0.0 if entity_missing else dice(a.entities, b.entities),
        1.0 if entity_missing else 0.0,
        1.0 if both_numbers and shared_number else 0.0,
        1.0 if both_numbers and not shared_number else 0.0,
    )


@lru_cache(maxsize=4096)
def negated(text: str) -> bool:
    """Whether ``text`` contains a negation ("not", "never", "denied").

    Cached: a claim's members are each compared with its canonical wording
    every time the claim is listed (:func:`claimgraph.graph.roles.role_of`).
    """
    return claim_terms(text).negated
