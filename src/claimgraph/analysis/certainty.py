"""How certain a claim is presented as being: hedge and certainty cues.

:func:`find_hedges` finds the cues in a character range of a parsed ``Doc``:
modal auxiliaries (may, might, could, will, would), adverbs and adjectives
(probably, likely, possible, reportedly, allegedly), belief verbs (believe,
think, suspect, is thought to, are believed to), evidential verbs (seems,
appears to, suggests), conditionals (if, unless, whether), unattributed
claims ("some say"), admissions of not knowing (unclear, no evidence) and
boosters (definitely, clearly, no doubt, confirm). The words are data
(``claimgraph/data/hedges.tsv``, its header documents the columns); the parse
(part of speech, dependencies, negation) decides whether a word is used as a
cue ("may" the month, "might" the noun, "I don't believe" are not hedges).

:func:`certainty_level` combines the cues into one level, and
:func:`certainty_of` does both for a range. The combination rule:

- any cue of level ``possible`` → ``possible``;
- otherwise any cue of level ``probable`` → ``probable``;
- otherwise any cue of level ``certain`` (boosters, denials) → ``certain``;
- no cue → the caller's default (``certain``: a plain assertion is presented
  as certain); a range with no word in it has no claim → ``unknown``.

A cue belongs to a range when its *anchor* token (the word the lexicon names:
"thought" in "is thought to") lies wholly inside the range; the cue's offsets
cover the whole cue ("is thought to"), which may reach a little outside the
range. So ranges that split a sentence (an attribution's content and the rest
of its sentence) share no cue and lose none.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal, cast

from claimgraph.data import data_lines
from claimgraph.errors import ModelError
from claimgraph.extract.spans import doc_text
from claimgraph.records import Certainty as Certainty
from claimgraph.records import HedgeCue as HedgeCue

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

Level = Literal["certain", "probable", "possible", "unknown"]
CueLevel = Literal["certain", "probable", "possible"]

LEVELS: tuple[Level, ...] = ("certain", "probable", "possible", "unknown")
CUE_LEVELS: tuple[CueLevel, ...] = ("certain", "probable", "possible")
KINDS = frozenset(
    {
        "epistemic",
        "doxastic",
        "reported",
        "condition",
        "investigation",
        "future",
        "weasel",
        "negated_certainty",
        "booster",
        "denial",
    }
)
NEGATION_RULES = frozenset({"keep", "drop", "denial", "unsure", "sure"})
POS_CLASSES = frozenset({"VERB", "ADJ", "ADV", "NOUN", "SCONJ", "ANY"})

#: The lexicon file (packaged data).
LEXICON_FILE = "hedges.tsv"

# Dependency labels used by the frames (spaCy's English ClearNLP-style scheme).
_CLAUSAL = frozenset({"ccomp", "xcomp", "oprd", "parataxis"})
_OBJECTS = frozenset({"dobj", "dative", "prep", "attr", "acomp", "agent"})
_NOMINAL = frozenset(
    {"nsubj", "nsubjpass", "dobj", "pobj", "attr", "compound", "npadvmod", "appos", "poss"}
)
_VAGUE = frozenset({"some", "many", "others", "most", "few", "several"})
_WH = frozenset({"whether", "if", "what", "who", "why", "how", "when", "where", "which"})
_MONTH_CONTEXT = frozenset(
    {"in", "on", "of", "since", "until", "by", "from", "through", "early", "late", "mid", "last"}
)


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One row of ``hedges.tsv`` (see its header for the columns)."""

    words: tuple[str, ...]
    pos: str
    frame: str
    kind: str
    level: str
    negated: str


@dataclass(frozen=True, slots=True)
class HedgeLexicon:
    """The lexicon indexed for matching: phrases by first word (longest first),
    single words by lemma (in file order: the first entry that fits wins)."""

    phrases: Mapping[str, tuple[LexiconEntry, ...]]
    words: Mapping[str, tuple[LexiconEntry, ...]]
    longest_phrase: int


def parse_hedge_lexicon(lines: Iterable[str]) -> HedgeLexicon:
    """Build a :class:`HedgeLexicon` from the TSV rows (header line first)."""
    phrases: dict[str, list[LexiconEntry]] = {}
    words: dict[str, list[LexiconEntry]] = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        entry = _entry(row)
        if len(entry.words) > 1 or entry.kind == "none":
            phrases.setdefault(entry.words[0], []).append(entry)
        else:
            words.setdefault(entry.words[0], []).append(entry)
    return HedgeLexicon(
        phrases={k: tuple(sorted(v, key=lambda e: -len(e.words))) for k, v in phrases.items()},
        words={k: tuple(v) for k, v in words.items()},
        longest_phrase=max((len(e.words) for v in phrases.values() for e in v), default=1),
    )


def _entry(row: dict[str, str]) -> LexiconEntry:
    try:
        entry = LexiconEntry(
            words=tuple(row["cue"].lower().split()),
            pos=row["pos"],
            frame=row["frame"],
            kind=row["kind"],
            level=row["level"],
            negated=row["negated"],
        )
    except (KeyError, AttributeError) as exc:
        raise ModelError(f"{LEXICON_FILE}: malformed row {row!r}; reinstall claimgraph") from exc
    single = len(entry.words) == 1 and entry.kind != "none"
    problems = [
        not entry.words and "empty cue",
        entry.kind not in KINDS | {"none"} and f"unknown kind {entry.kind!r}",
        entry.kind != "none" and entry.level not in CUE_LEVELS and f"bad level {entry.level!r}",
        single and entry.pos not in POS_CLASSES and f"bad pos {entry.pos!r}",
        single and entry.frame not in FRAMES and f"unknown frame {entry.frame!r}",
        single and entry.negated not in NEGATION_RULES and f"bad negated {entry.negated!r}",
    ]
    found = [p for p in problems if p]
    if found:
        raise ModelError(f"{LEXICON_FILE}: {', '.join(found)} in row {row!r}")
    return entry


@lru_cache(maxsize=1)
def load_hedge_lexicon() -> HedgeLexicon:
    """The packaged lexicon (read once: the file never changes at run time)."""
    return parse_hedge_lexicon(data_lines(LEXICON_FILE))


# ------------------------------------------------------------------ frames


def _passive(tok: Token) -> bool:
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children):
        return True
    return bool(tok.tag_ == "VBN" and tok.dep_ in ("acl", "advcl"))


def _to_complement(tok: Token) -> Token | None:
    """The "to" of a to-infinitive complement right after ``tok`` ("thought *to*")."""
    for child in tok.children:
        if child.dep_ == "xcomp" and child.i > tok.i:
            for grand in child.children:
                if grand.tag_ == "TO" and grand.dep_ == "aux" and grand.i <= tok.i + 3:
                    return grand
    return None


def _is_modal(tok: Token) -> bool:
    if tok.tag_ != "MD" or tok.dep_ in _NOMINAL:
        return False
    if tok.text == "May":  # the month: "on May 20", "in May"
        doc = tok.doc
        after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        before = doc[tok.i - 1] if tok.i > 0 else None
        if (after is not None and after.like_num) or (
            before is not None and before.lower_ in _MONTH_CONTEXT
        ):
            return False
    return True


def _clause(tok: Token) -> bool:
    if tok.dep_ == "amod":
        return False
    deps = {c.dep_ for c in tok.children}
    return bool(deps & _CLAUSAL) or _passive(tok) or not deps & _OBJECTS


def _that(tok: Token) -> bool:
    if tok.dep_ == "amod":
        return False
    deps = {c.dep_ for c in tok.children}
    return "ccomp" in deps or "xcomp" in deps or _passive(tok) or tok.dep_ == "parataxis"


def _fact(tok: Token) -> bool:
    if tok.dep_ == "amod":
        return False
    if any(c.dep_ == "neg" for c in tok.children):
        return True  # "we don't know whether/what/that ..." admits not knowing
    for child in tok.children:
        if child.dep_ == "ccomp":
            return not any(g.lower_ in _WH and g.i < child.i for g in child.children)
    return _passive(tok) and _to_complement(tok) is not None


def _complement(tok: Token) -> bool:
    return any(c.dep_ in ("ccomp", "xcomp", "acomp", "attr", "oprd") for c in tok.children)


def _has_as(tok: Token) -> bool:
    """An "as" phrase on ``tok``, also after an agent ("regarded by some as")."""
    for other in tok.doc[tok.i + 1 : tok.i + 6]:
        if other.lower_ != "as" or other.dep_ != "prep":
            continue
        if other.head == tok or (other.head.head.dep_ == "agent" and other.head.head.head == tok):
            return True
    return False


def _vague_agent(tok: Token) -> bool:
    """ "considered by many", "regarded by some"."""
    return any(
        c.dep_ == "agent" and any(g.lower_ in _VAGUE for g in c.children) for c in tok.children
    )


def _judgement(tok: Token) -> bool:
    if any(c.dep_ in ("oprd", "xcomp", "ccomp") for c in tok.children):
        return True
    return _has_as(tok) or _vague_agent(tok)


def _reported_passive(tok: Token) -> bool:
    if not _passive(tok):
        return False
    return any(
        c.dep_ in ("xcomp", "ccomp", "oprd") or (c.dep_ == "nsubjpass" and c.lower_ == "it")
        for c in tok.children
    )


def _vague_subject(tok: Token) -> bool:
    for child in tok.children:
        if child.dep_ != "nsubj":
            continue
        if child.lower_ in _VAGUE:
            return True
        if any(g.dep_ in ("det", "amod") and g.lower_ in _VAGUE for g in child.children):
            return True
    return False


def _content(tok: Token) -> bool:
    """A noun with a that-clause ("fears that the talks may fail")."""
    return any(
        c.dep_ in ("acl", "relcl", "ccomp", "appos")
        and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        for c in tok.children
    )


def _predicative(tok: Token) -> bool:
    return tok.dep_ not in ("amod", "compound")


def _mark(tok: Token) -> bool:
    return tok.dep_ in ("mark", "advmod", "prep")


FRAMES: dict[str, Callable[[Token], bool]] = {
    "-": lambda tok: True,
    "modal": _is_modal,
    "clause": _clause,
    "that": _that,
    "complement": _complement,
    "fact": _fact,
    "judgement": _judgement,
    "as": _has_as,
    "passive": _reported_passive,
    "to": lambda tok: _to_complement(tok) is not None,
    "content": _content,
    "predicative": _predicative,
    "mark": _mark,
    "clause_mark": lambda tok: tok.dep_ == "mark",
    "vague": _vague_subject,
}

_POS = {
    "VERB": frozenset({"VERB", "AUX"}),
    "ADJ": frozenset({"ADJ"}),
    "ADV": frozenset({"ADV"}),
    "NOUN": frozenset({"NOUN", "PROPN"}),
    "SCONJ": frozenset({"SCONJ", "ADP"}),
}


# ------------------------------------------------------------------ matching


def _negations(tok: Token) -> list[Token]:
    """Negation words that negate ``tok`` ("n't believe", "not sure", "could not")."""
    negs = [c for c in tok.children if c.dep_ == "neg"]
    if tok.dep_ in ("acomp", "attr", "oprd"):
        negs += [c for c in tok.head.children if c.dep_ == "neg" and c.i < tok.i]
    elif tok.tag_ == "MD":
        after = _next_word(tok)
        negs += [c for c in tok.head.children if c.dep_ == "neg" and c.i == after]
    return negs


def _next_word(tok: Token) -> int:
    """The index of the first token after ``tok`` that is not whitespace
    ("could  n't" with two spaces has a space token between)."""
    i = tok.i + 1
    while i < len(tok.doc) and tok.doc[i].is_space:
        i += 1
    return i


def _matches_phrase(doc: Doc, i: int, words: Sequence[str]) -> bool:
    if i + len(words) > len(doc):
        return False
    for k, word in enumerate(words):
        tok = doc[i + k]
        if word != tok.lower_ and word != tok.lemma_.lower():
            return False
    return True


def _phrase_at(doc: Doc, i: int, lexicon: HedgeLexicon) -> LexiconEntry | None:
    tok = doc[i]
    seen: set[str] = set()
    for key in (tok.lower_, tok.lemma_.lower()):
        if key in seen:
            continue
        seen.add(key)
        for entry in lexicon.phrases.get(key, ()):
            if _matches_phrase(doc, i, entry.words):
                return entry
    return None


def _word_entry(tok: Token, lexicon: HedgeLexicon) -> LexiconEntry | None:
    seen: set[str] = set()
    for key in (tok.lemma_.lower(), tok.lower_):
        if key in seen:
            continue
        seen.add(key)
        for entry in lexicon.words.get(key, ()):
            if entry.pos != "ANY" and tok.pos_ not in _POS[entry.pos]:
                continue
            if FRAMES[entry.frame](tok):
                return entry
    return None


def _as_before(tok: Token) -> bool:
    """ "as expected", "as feared": the verb confirms, it does not hedge."""
    return tok.i > 0 and tok.doc[tok.i - 1].lower_ == "as" and tok.pos_ in ("VERB", "AUX")


def _word_cue(tok: Token, entry: LexiconEntry) -> HedgeCue | None:
    kind, level = entry.kind, entry.level
    negs = _negations(tok)
    changed = False
    if negs and entry.negated != "keep":
        if entry.negated == "drop":
            return None
        kind, level = {
            "denial": ("denial", "certain"),
            "unsure": ("negated_certainty", "possible"),
            "sure": ("booster", "certain"),
        }[entry.negated]
        changed = True
    first, last = tok.i, tok.i
    doc = tok.doc
    if entry.frame == "modal":
        while last + 1 < len(doc) and doc[last + 1].lower_ in ("not", "n't", "have", "be", "been"):
            last += 1
    elif tok.pos_ in ("VERB", "AUX"):
        for child in tok.lefts:
            if child.dep_ == "auxpass" or (
                child.dep_ == "aux" and child.tag_ != "MD" and child.lemma_ in ("be", "have")
            ):
                first = min(first, child.i)
        to = _to_complement(tok)
        if to is not None:
            last = to.i
    if changed:
        for neg in negs:
            first = min(first, neg.i)
            if neg.i > 0 and doc[neg.i - 1].lemma_ == "do" and doc[neg.i - 1].head == tok:
                first = min(first, neg.i - 1)
    start, end = doc[first].idx, doc[last].idx + len(doc[last])
    return HedgeCue(start, end, doc_text(doc)[start:end], kind, cast(CueLevel, level))


def find_hedges(
    doc: Doc, start: int, end: int, lexicon: HedgeLexicon | None = None
) -> tuple[HedgeCue, ...]:
    """The hedge and certainty cues anchored in the characters ``[start, end)`` of ``doc``.

    ``doc`` must be parsed (tagger, parser, lemmatizer). Cues come in text
    order; a cue's anchor token lies wholly inside the range, its offsets
    cover the whole cue (see the module docstring).
    """
    span = doc.char_span(max(start, 0), min(end, len(doc_text(doc))), alignment_mode="contract")
    if span is None or len(span) == 0:
        return ()
    lexicon = lexicon or load_hedge_lexicon()
    cues: list[HedgeCue] = []
    i = max(span.start - lexicon.longest_phrase + 1, 0)
    while i < span.end:
        entry = _phrase_at(doc, i, lexicon)
        if entry is not None:
            if entry.kind != "none" and i >= span.start:
                last = doc[i + len(entry.words) - 1]
                s, e = doc[i].idx, last.idx + len(last)
                level = cast(CueLevel, entry.level)
                cues.append(HedgeCue(s, e, doc_text(doc)[s:e], entry.kind, level))
            i += len(entry.words)
            continue
        if i >= span.start:
            tok = doc[i]
            word = _word_entry(tok, lexicon)
            if word is not None and not _as_before(tok):
                cue = _word_cue(tok, word)
                if cue is not None:
                    cues.append(cue)
        i += 1
    return tuple(cues)


def certainty_level(cues: Iterable[HedgeCue], default: Level = "certain") -> Level:
    """Combine cues: any possible → possible; else any probable → probable;
    else any certain (booster, denial) → certain; no cue → ``default``."""
    levels = {cue.level for cue in cues}
    for level in ("possible", "probable", "certain"):
        if level in levels:
            return cast(Level, level)
    return default


def certainty_of(doc: Doc, start: int, end: int, *, default: Level = "certain") -> Certainty:
    """The certainty of the characters ``[start, end)`` of ``doc``: its cues and
    their level (``default`` when there is none; ``unknown`` when the range
    holds no word)."""
    span = doc.char_span(max(start, 0), min(end, len(doc_text(doc))), alignment_mode="contract")
    if span is None or not any(tok.is_alpha for tok in span):
        return Certainty("unknown", ())
    cues = find_hedges(doc, start, end)
    return Certainty(certainty_level(cues, default), cues)
