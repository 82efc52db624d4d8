"""The explainable features the learned stance model reads, as pure functions.

For one (claim, text) pair — the text a headline, a sentence or a short
paragraph, both parsed by spaCy — :func:`pair_features` measures what
claimgraph already extracts:

- **relatedness**: the MiniLM cosine of the two texts, the share of the
  claim's content words the text has (``coverage``) and of the text's
  content words the claim has (``back_coverage``), the share of the claim's
  names (people, places, organisations, countries) the text has
  (``entity_coverage``); a claim without names ("A man is playing a
  guitar") is anchored to no particular event, so its similarity features
  are also given separately (``*_no_entities``); the same by the parser's
  proper nouns (``name_coverage``, ``*_no_names``: "Steve Sotloff" in a
  claim written in Title Case, which the capitalisation test of
  ``entity_coverage`` cannot see), matched by their first
  :data:`NAME_PREFIX` letters so that "Steve" finds "Steven";
- **refutation**: a negation or denial word with the claim's words in its
  scope (:func:`claimgraph.analysis.stance_signals.polarity`), any denial
  word the claim does not have ("fake", "hoax", "debunked", "false",
  "denies", "not true"), more negation words than the claim, an antonym of
  a claim word, numbers that disagree;
- **reporting instead of asserting**: hedge cues of the certainty detector
  (:func:`claimgraph.analysis.certainty.find_hedges`) that the claim does
  not have (possible: "may", "could"; probable: "likely", "believed";
  future: "will"; reported: "reportedly", "is said to"), a reporting or
  belief verb (the attribution cue lexicon: "says", "claims", "reports",
  "forecasts"), a source before a colon ("Report: …", "BMO: …"), hearsay
  words ("rumour", "allegedly"), a question;
- **confirmation**: factive cues ("confirms", "reveals");
- **the hand-set rules** of :func:`claimgraph.analysis.stance.sentence_stances`
  for one sentence: the STS-fitted relatedness ``r``, the denial probability
  ``n`` and the reporting probability ``a`` (without the extractor's
  attributions), as ``rule_related``, ``rule_denial``, ``rule_reported``.

Each feature comes with the words that fired it (:class:`PairFeatures`
``cues``), so a decision can say which cues made it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from claimgraph.analysis.certainty import HedgeCue, find_hedges
from claimgraph.analysis.lexical import ClaimTerms, claim_terms, stem
from claimgraph.analysis.relatedness import features as relatedness_features
from claimgraph.analysis.relatedness import load_relatedness_model
from claimgraph.analysis.stance_signals import (
    AUTHOR_P,
    ClaimKeys,
    StanceLexicon,
    anchors,
    antonym_of,
    claim_keys,
    coverage,
    is_content,
    load_stance_lexicon,
    polarity,
    voice,
)
from claimgraph.extract.lexicon import load_lexicon

#: The features, in the order the model's weights use.
FEATURES = (
    "cosine",
    "coverage",
    "back_coverage",
    "cosine_x_coverage",
    "entity_coverage",
    "no_entities",
    "cosine_no_entities",
    "coverage_no_entities",
    "name_coverage",
    "no_names",
    "cosine_no_names",
    "coverage_no_names",
    "rule_related",
    "rule_denial",
    "rule_reported",
    "scoped_denial",
    "denial_word",
    "extra_negation",
    "antonym",
    "number_conflict",
    "hedge_possible",
    "hedge_probable",
    "future",
    "reported",
    "reporting_verb",
    "source_colon",
    "question",
    "factive",
)

#: A reporting or belief verb counts when its PolNeAR cue rate reaches this.
REPORTING_RATE = 0.5
#: A source before a colon has at most this many words ("Report:", "Apple CEO:").
MAX_COLON_WORDS = 4
#: Proper nouns match by this many first letters, lower-cased ("Steve" ~ "Steven").
NAME_PREFIX = 5
_REPORTED_KINDS = frozenset({"reported", "weasel"})
_POSSIBLE_KINDS = frozenset({"epistemic", "condition", "investigation", "negated_certainty"})
_PROBABLE_KINDS = frozenset({"epistemic", "doxastic"})
_DASHES = frozenset({"-", "--", "—", "–"})
_TITLE_MODALS = frozenset({"May", "Might", "Could"})
_MONTH_WORDS = frozenset({"in", "on", "of", "since", "until", "by", "from", "early", "late", "mid"})
_ACCORDING = re.compile(r"\baccording to\b", re.I)
_NOT_TRUE = re.compile(r"\b(?:not|n't|isn't|wasn't|aren't)\s+(?:true|real|happening)\b", re.I)


@dataclass(frozen=True, slots=True)
class PairFeatures:
    """The feature values (in :data:`FEATURES` order) and, per feature that
    fired, the words of the text that fired it."""

    values: tuple[float, ...]
    cues: dict[str, tuple[str, ...]]

    def as_dict(self) -> dict[str, float]:
        return dict(zip(FEATURES, self.values, strict=True))


def _hedges(span: Span) -> tuple[HedgeCue, ...]:
    return find_hedges(span.doc, span.start_char, span.end_char)


def _hedge_groups(cues: tuple[HedgeCue, ...]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for cue in cues:
        if cue.kind in _REPORTED_KINDS:
            # weasel cues ("some say") are certain but still report
            name = "reported"
        elif cue.level == "certain":
            continue
        elif cue.kind == "future":
            name = "future"
        elif cue.level == "possible" and cue.kind in _POSSIBLE_KINDS:
            name = "hedge_possible"
        elif cue.kind in _PROBABLE_KINDS or cue.kind in _POSSIBLE_KINDS:
            name = "hedge_probable"
        else:
            continue
        groups.setdefault(name, []).append(cue.text)
    return groups


def _source_colon(text: Span) -> list[str]:
    """A short source or label set off at the start ("Report: …", "BMO: …")
    or at the end ("…: Sources", "… -CNBC", "… - senior official")."""
    words = [t for t in text if not t.is_space]
    for tok in words:
        if tok.text in (":", "|"):
            before = [t for t in words if t.i < tok.i and not t.is_punct]
            if 0 < len(before) <= MAX_COLON_WORDS:
                return [text.doc[text.start : tok.i].text]
            break
    last = words[-1] if words else None
    if last is not None and len(last) > 2 and last.text[0] == "-" and last.text[1:].isalpha():
        return [last.text[1:]]  # "... -CNBC"
    for tok in reversed(words):
        spaced = tok.i > 0 and bool(tok.doc[tok.i - 1].whitespace_)
        if tok.text in (":", "|") or (tok.text in _DASHES and spaced):
            after = [t for t in words if t.i > tok.i and not t.is_punct]
            if 0 < len(after) <= MAX_COLON_WORDS and tok.i > text.start + 2:
                return [text.doc[tok.i + 1 : text.end].text.strip()]
            break
    return []


def _reporting_verbs(text: Span, claim_lemmas: frozenset[str]) -> list[str]:
    """Reporting and belief verbs (the attribution cue lexicon). In a Title
    Case headline the tagger often takes "Claims" or "Admits" for a name, so
    there a capitalised word after the first counts by its stemmed form."""
    lexicon = load_lexicon()
    title = _title_case(text)
    found = []
    for tok in text:
        lemma = tok.lemma_.lower()
        if tok.pos_ != "VERB":
            if not (title and tok.i > text.start and tok.text[:1].isupper()):
                continue
            forms = (stem(tok.lower_), tok.lower_.removesuffix("s"))
            lemma = next((f for f in forms if lexicon.is_cue(f)), forms[0])
        if lemma in claim_lemmas or load_stance_lexicon().kinds.get(lemma) == "factive":
            continue
        attributive = lemma in lexicon.reporting or lemma in lexicon.belief
        if attributive or lexicon.rate(lemma) >= REPORTING_RATE:
            found.append(tok.text)
    return found


def _title_case(text: Span) -> bool:
    alpha = [t for t in text if t.is_alpha and len(t) > 3]
    return len(alpha) >= 2 and sum(t.text[:1].isupper() for t in alpha) > 0.6 * len(alpha)


def _capitalised_modals(text: Span) -> list[str]:
    """ "May", "Might", "Could" in a Title Case headline, which the tagger
    often takes for a name ("Apple May Buy Path"); not the month ("May 5",
    "in May")."""
    found = []
    for tok in text:
        if tok.text not in _TITLE_MODALS or tok.tag_ == "MD" or tok.i + 1 >= len(tok.doc):
            continue
        after = tok.doc[tok.i + 1]
        before = tok.doc[tok.i - 1] if tok.i > 0 else None
        month = after.like_num or (before is not None and before.lower_ in _MONTH_WORDS)
        if after.is_alpha and after.text[:1].isupper() and not month:
            found.append(tok.text)
    return found


def _kind_words(span: Span, lex: StanceLexicon, kinds: frozenset[str]) -> list[Token]:
    """Words of ``span`` whose stance cue kind is one of ``kinds``; a word the
    tagger missed ("Claims" as a name in a Title Case headline) counts by
    its stemmed lower-case form."""
    found = []
    for t in span:
        kind = lex.kind(t) or lex.kinds.get(stem(t.lower_))
        if kind in kinds:
            found.append(t)
    return found


def _names(span: Span) -> set[str]:
    """The span's proper nouns (or all-capital words: "ISIS"), by their first
    :data:`NAME_PREFIX` lower-case letters."""
    return {
        t.lower_[:NAME_PREFIX]
        for t in span
        if t.pos_ == "PROPN" or (t.is_upper and t.is_alpha and len(t) > 1)
    }


@dataclass(frozen=True, slots=True)
class ClaimSide:
    """What :func:`pair_features` reads of the claim alone: computed once
    per distinct claim by :func:`claim_side` (a claim is often paired with
    many texts)."""

    claim: Span
    keys: ClaimKeys
    lemmas: frozenset[str]
    negations: int
    terms: ClaimTerms
    names: frozenset[str]
    hedges: frozenset[str]


def claim_side(claim: Span, lex: StanceLexicon) -> ClaimSide:
    """The claim's part of :func:`pair_features`."""
    return ClaimSide(
        claim=claim,
        keys=claim_keys(claim, lex),
        lemmas=frozenset(t.lemma_.lower() for t in claim),
        negations=len(_kind_words(claim, lex, frozenset({"negation"}))),
        terms=claim_terms(claim.text),
        names=frozenset(_names(claim)),
        hedges=frozenset(_hedge_groups(_hedges(claim))),
    )


def pair_features(
    claim: Span | ClaimSide, text: Span, cosine: float, lex: StanceLexicon
) -> PairFeatures:
    """The features of one pair; ``cosine`` is the cosine of their embeddings.
    ``claim`` may be given as its :func:`claim_side` (the same features,
    without redoing the claim's part for each text)."""
    side = claim if isinstance(claim, ClaimSide) else claim_side(claim, lex)
    keys = side.keys
    cov = coverage(keys, text, lex)
    text_keys = claim_keys(text, lex)
    back = coverage(text_keys, side.claim, lex)
    cues: dict[str, list[str]] = {}

    tokens = anchors(keys, text, lex)
    pol = polarity(keys, text, tokens, lex)
    if pol.flipped:
        cues["scoped_denial"] = list(pol.cues)

    heard = voice(text, tokens, (), lex)
    said = AUTHOR_P if heard.reason == "mentions" and pol.flipped else heard.probability

    claim_lemmas = side.lemmas
    denials = [
        t.text for t in _kind_words(text, lex, frozenset({"denial"}))
        if t.lemma_.lower() not in claim_lemmas
    ]  # fmt: skip
    denials += _NOT_TRUE.findall(text.text)
    if denials:
        cues["denial_word"] = denials
    text_neg = _kind_words(text, lex, frozenset({"negation"}))
    if len(text_neg) > side.negations:
        cues["extra_negation"] = [t.text for t in text_neg]
    antonyms = [t.text for t in tokens if antonym_of(t, keys, text, lex)]
    if antonyms:
        cues["antonym"] = antonyms
    a_terms, b_terms = side.terms, claim_terms(text.text)
    entity_cov = (
        len(a_terms.entities & b_terms.words) / len(a_terms.entities) if a_terms.entities else 0.0
    )
    no_entities = 0.0 if a_terms.entities else 1.0
    names = side.names
    found_names = names & {t.lower_[:NAME_PREFIX] for t in text}
    name_cov = len(found_names) / len(names) if names else 0.0
    no_names = 0.0 if names else 1.0
    if found_names:
        cues["name_coverage"] = [t.text for t in text if t.lower_[:NAME_PREFIX] in found_names]
    if a_terms.numbers and b_terms.numbers and not a_terms.numbers & b_terms.numbers:
        cues["number_conflict"] = sorted(b_terms.numbers)

    text_groups = _hedge_groups(_hedges(text))
    modals = _capitalised_modals(text)
    if modals:
        text_groups.setdefault("hedge_possible", []).extend(modals)
    for name, words in text_groups.items():
        if name not in side.hedges:
            cues[name] = words
    hearsay = [
        t.text for t in _kind_words(text, lex, frozenset({"hearsay"}))
        if t.lemma_.lower() not in claim_lemmas
    ]  # fmt: skip
    if hearsay:
        cues.setdefault("reported", []).extend(hearsay)
    verbs = _reporting_verbs(text, claim_lemmas) + _ACCORDING.findall(text.text)
    if verbs:
        cues["reporting_verb"] = verbs
    colon = _source_colon(text)
    if colon:
        cues["source_colon"] = colon
    if "?" in text.text:
        cues["question"] = ["?"]
    factive = [
        t.text for t in _kind_words(text, lex, frozenset({"factive"}))
        if t.pos_ == "VERB" and t.lemma_.lower() not in claim_lemmas
    ]  # fmt: skip
    if factive:
        cues["factive"] = factive

    measured = {
        "cosine": cosine,
        "coverage": cov,
        "back_coverage": back,
        "cosine_x_coverage": cosine * cov,
        "entity_coverage": entity_cov,
        "no_entities": no_entities,
        "cosine_no_entities": cosine * no_entities,
        "coverage_no_entities": cov * no_entities,
        "name_coverage": name_cov,
        "no_names": no_names,
        "cosine_no_names": cosine * no_names,
        "coverage_no_names": cov * no_names,
        "scoped_denial": pol.probability if pol.flipped else 0.0,
        "rule_related": load_relatedness_model().probability(relatedness_features(cosine, cov)),
        "rule_denial": pol.probability,
        "rule_reported": said,
    }
    values = tuple(measured[name] if name in measured else float(name in cues) for name in FEATURES)
    return PairFeatures(values, {k: tuple(dict.fromkeys(v)) for k, v in cues.items()})


def content_words(span: Span, lex: StanceLexicon) -> list[str]:
    """The span's content words (for reasons and tests)."""
    return [t.text for t in span if is_content(t, lex)]
