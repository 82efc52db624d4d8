"""The signals stance is decided from, as pure functions over spaCy spans.

- **alignment** — which words of a sentence stand for the claim: the claim's
  content lemmas (countries, capitals and demonyms folded to one code, so
  "Beijing" matches "China"), words antonymous to the claim's, and anaphors
  ("that", "the claim") that stand for a claim made just before;
- **polarity** — whether a negation, a denial word or an antonym has the
  claim's words in its syntactic scope (a negation elsewhere in the sentence
  does not count);
- **voice** — whether the claim's words lie in the content of an
  attribution (someone else's words or beliefs), under a hearsay marker
  ("reportedly", "allegations that"), or in a question, rather than being
  asserted by the text itself; factive cues ("confirmed", "evidence shows")
  leave the assertion to the author.

The cue words are the data files ``stance_cues.tsv`` and ``stance_antonyms.tsv``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from claimgraph.data import data_lines
from claimgraph.extract.lexicon import load_lexicon
from claimgraph.extract.speaker_lexicon import clean_form, load_speaker_lexicon
from claimgraph.records import Attribution

CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
#: Dependents whose cue scopes over their head's phrase ("not" over "send",
#: "no" over "evidence that …", "false" over "the claim … is false").
HEAD_SCOPED = frozenset(
    {"neg", "det", "advmod", "acomp", "attr", "amod", "oprd", "npadvmod", "preconj", "nsubj",
     "nsubjpass", "cc", "aux", "dep", "mark"}
)  # fmt: skip
ANAPHOR_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "pobj"})
CLAUSAL_DEPS = frozenset({"acl", "relcl", "ccomp"})
#: Attribution rules that are reports by construction, whatever the cue word.
RELAY_RULES = frozenset({"according-to", "relay", "relay-citing", "quoted-as-saying"})
#: A cue verb whose PolNeAR cue rate reaches this introduces reported content.
ATTRIBUTIVE_RATE = 0.5

#: How sure each signal is (hand-set, see docs/analysis.md).
NEGATION_P = 0.9
DENIAL_P = 0.85
ANTONYM_P = 0.7
ATTRIBUTED_P = 0.9
HEARSAY_P = 0.85
QUESTION_P = 0.8
FACTIVE_P = 0.15
AUTHOR_P = 0.05


@dataclass(frozen=True, slots=True)
class StanceLexicon:
    """The stance cue words (``stance_cues.tsv``), antonyms and country forms."""

    kinds: dict[str, str]
    antonyms: dict[str, frozenset[str]]
    countries: dict[str, str]

    def kind(self, tok: Token) -> str | None:
        return self.kinds.get(tok.lower_) or self.kinds.get(tok.lemma_.lower())

    def key(self, tok: Token) -> str:
        """The form a word is matched by: its country code or its lower-case lemma."""
        code = self.countries.get(clean_form(tok.text))
        return f"@{code}" if code else tok.lemma_.lower()


@lru_cache(maxsize=1)
def load_stance_lexicon() -> StanceLexicon:
    """Load the packaged stance word lists (cached)."""
    kinds: dict[str, str] = {}
    for line in data_lines("stance_cues.tsv"):
        lemma, kind = (cell.strip() for cell in line.split("\t"))
        kinds[lemma] = kind
    antonyms: dict[str, set[str]] = {}
    for line in data_lines("stance_antonyms.tsv"):
        a, b = (cell.strip() for cell in line.split("\t"))
        antonyms.setdefault(a, set()).add(b)
        antonyms.setdefault(b, set()).add(a)
    countries = {form: code for form, (code, _) in load_speaker_lexicon().nationalities.items()}
    return StanceLexicon(
        kinds=kinds,
        antonyms={k: frozenset(v) for k, v in antonyms.items()},
        countries=countries,
    )


@dataclass(frozen=True, slots=True)
class ClaimKeys:
    """The claim's content words: all of them, and the core (its predicate and
    common nouns: what must be negated for the claim to be)."""

    all: frozenset[str]
    core: frozenset[str]
    negated: bool


def is_content(tok: Token, lex: StanceLexicon) -> bool:
    return (
        tok.pos_ in CONTENT_POS
        and not tok.is_stop
        and not tok.is_punct
        and lex.kind(tok) not in ("negation", "denial")
    )


def claim_keys(claim: Span, lex: StanceLexicon) -> ClaimKeys:
    """The keys of a claim's content words, and whether the claim is itself negated."""
    content = [t for t in claim if is_content(t, lex)]
    keys = frozenset(lex.key(t) for t in content)
    core = frozenset(
        lex.key(t) for t in content if t.pos_ != "PROPN" and not lex.key(t).startswith("@")
    )
    anchors = [t for t in content if lex.key(t) in core] or content
    flips = [c for c in _negations(claim, lex) if _covers(_scope(c), anchors)]
    return ClaimKeys(all=keys, core=core, negated=len(flips) % 2 == 1)


def coverage(keys: ClaimKeys, sentence: Span, lex: StanceLexicon) -> float:
    """The share of the claim's content words that the sentence contains (an
    antonym counts: "prices fell" is about "prices rose")."""
    if not keys.all:
        return 0.0
    found = {lex.key(t) for t in sentence if is_content(t, lex)}
    found |= {a for key in found for a in lex.antonyms.get(key, ())}
    return len(keys.all & found) / len(keys.all)


def anaphors(sentence: Span, lex: StanceLexicon) -> list[Token]:
    """Words that can stand for a claim made before: a demonstrative pronoun
    as an argument ("We have not seen that") or a hearsay noun with a
    determiner and no clause of its own ("Shapps' assertion", "the claim")."""
    found = []
    for tok in sentence:
        kind = lex.kind(tok)
        pronoun = kind == "anaphor" and tok.pos_ in ("PRON", "DET") and tok.dep_ in ANAPHOR_DEPS
        noun = (
            kind == "hearsay"
            and tok.pos_ == "NOUN"
            and any(c.dep_ in ("det", "poss", "nmod") for c in tok.children)
            and not any(c.dep_ in CLAUSAL_DEPS for c in tok.children)
        )
        if pronoun or noun:
            found.append(tok)
    return found


def anchors(
    keys: ClaimKeys, sentence: Span, lex: StanceLexicon, extra: Sequence[Token] = ()
) -> list[Token]:
    """The sentence's words that stand for the claim: its core words and
    antonyms of them, with the ``extra`` anaphors when there are any; else any
    claim word (names, countries); else the sentence root (a paraphrase in
    other words)."""
    content = [t for t in sentence if is_content(t, lex)]
    core = [t for t in content if lex.key(t) in keys.core]
    core += [t for t in content if antonym_of(t, keys, sentence, lex)]
    if extra:
        return [*core, *(t for t in extra if t not in core)]
    return core or [t for t in content if lex.key(t) in keys.all] or [sentence.root]


def antonym_of(tok: Token, keys: ClaimKeys, sentence: Span, lex: StanceLexicon) -> bool:
    """``tok`` means the opposite of a claim word the sentence does not use."""
    key = lex.key(tok)
    if key in keys.all:
        return False
    opposites = lex.antonyms.get(key, frozenset()) & keys.core
    if not opposites:  # most words: no need to collect the sentence's words
        return False
    present = {lex.key(t) for t in sentence}
    return bool(opposites - present)


@dataclass(frozen=True, slots=True)
class Polarity:
    """Whether the sentence says the claim is false, and how sure that is."""

    flipped: bool
    probability: float
    cues: tuple[str, ...]


def polarity(
    keys: ClaimKeys, sentence: Span, anchor_tokens: Sequence[Token], lex: StanceLexicon
) -> Polarity:
    """The probability that the sentence denies the claim: each negation or
    denial word with the claim's words in its scope flips the polarity, and so
    does an antonym of the claim's predicate; a negated claim flips once more."""
    flips: list[tuple[str, float]] = []
    for cue in _negations(sentence, lex):
        if _covers(_scope(cue), anchor_tokens):
            p = NEGATION_P if lex.kind(cue) == "negation" else DENIAL_P
            flips.append((cue.text, p))
    flips += [(t.text, ANTONYM_P) for t in anchor_tokens if antonym_of(t, keys, sentence, lex)]
    if not flips:
        p_flip = 0.0
    else:
        strongest = max(p for _, p in flips)
        p_flip = strongest if len(flips) % 2 == 1 else 1.0 - strongest
    p_false = 1.0 - p_flip if keys.negated else p_flip
    return Polarity(p_false >= 0.5, p_false, tuple(text for text, _ in flips))


@dataclass(frozen=True, slots=True)
class Voice:
    """Whose the claim is in the sentence: the probability that the text
    reports it as someone else's (or asks it) instead of asserting it."""

    probability: float
    reason: str


def voice(
    sentence: Span,
    anchor_tokens: Sequence[Token],
    attributions: Iterable[Attribution],
    lex: StanceLexicon,
) -> Voice:
    """Whether the claim's words are reported, not asserted, by the text."""
    doc = sentence.doc
    enclosing = [a for a in attributions if _inside_segments(anchor_tokens, a)]
    reporting = [a for a in enclosing if _is_attributive(a, doc)]
    if reporting:
        if all(_is_factive(a, doc, lex) for a in reporting):
            return Voice(FACTIVE_P, "factive")
        return Voice(ATTRIBUTED_P, "attributed")
    for tok in sentence:
        if lex.kind(tok) == "hearsay" and tok not in anchor_tokens:
            scope = {t.i for t in tok.subtree} if tok.pos_ == "NOUN" else _scope(tok)
            if _covers(scope, anchor_tokens):
                return Voice(HEARSAY_P, "hearsay")
    if _is_question(sentence, anchor_tokens, lex):
        return Voice(QUESTION_P, "question")
    if all(lex.kind(t) == "hearsay" for t in anchor_tokens):
        return Voice(HEARSAY_P, "mentions")
    return Voice(AUTHOR_P, "author")


def _negations(span: Span, lex: StanceLexicon) -> list[Token]:
    return [t for t in span if lex.kind(t) in ("negation", "denial")]


def _scope(tok: Token) -> set[int]:
    base = tok.head if tok.dep_ in HEAD_SCOPED and tok.head is not tok else tok
    return {t.i for t in base.subtree}


def _covers(scope: set[int], tokens: Sequence[Token]) -> bool:
    """At least half of ``tokens`` lie in ``scope``."""
    inside = sum(1 for t in tokens if t.i in scope)
    return bool(tokens) and 2 * inside >= len(tokens)


def _inside_segments(tokens: Sequence[Token], a: Attribution) -> bool:
    inside = sum(1 for t in tokens if any(s.start <= t.idx < s.end for s in a.content))
    return bool(tokens) and 2 * inside >= len(tokens)


def _cue_lemmas(a: Attribution, doc: Doc) -> list[str]:
    tokens = [
        t for s in a.cue for t in (doc.char_span(s.start, s.end, alignment_mode="expand") or ())
    ]
    verbs = [t for t in tokens if t.pos_ == "VERB"] or tokens
    return [t.lemma_.lower() for t in verbs]


def _is_attributive(a: Attribution, doc: Doc) -> bool:
    if a.rule in RELAY_RULES:
        return True
    lexicon = load_lexicon()
    return any(
        lemma in lexicon.reporting
        or lemma in lexicon.belief
        or lexicon.rate(lemma) >= ATTRIBUTIVE_RATE
        for lemma in _cue_lemmas(a, doc)
    )


def _is_factive(a: Attribution, doc: Doc, lex: StanceLexicon) -> bool:
    if a.rule in RELAY_RULES:
        return False
    return any(lex.kinds.get(lemma) == "factive" for lemma in _cue_lemmas(a, doc))


def _is_question(sentence: Span, anchor_tokens: Sequence[Token], lex: StanceLexicon) -> bool:
    if sentence.text.rstrip().rstrip("\"'”’)").endswith("?"):
        return True
    return any(
        lex.kind(t) == "question" and t.dep_ == "mark" and _covers(_scope(t), anchor_tokens)
        for t in sentence
    )
