"""Rule-based attribution extraction over a parsed spaCy ``Doc``.

The entry point is :func:`extract_attributions`, a pure function from a
``Doc`` (tagged and parsed) to a list of :class:`~claimgraph.records.Attribution`.

Rules, each named in the record's ``rule`` field:

- ``verb``: a cue verb from the lexicon with a subject (the source) and a
  clausal, object or prepositional complement (the content):
  "Shapps said (that) X", "She called for X", "“X,” he said". A quotation
  next to the cue's clause becomes the content ("He said: “X”"), both halves
  of a quotation interrupted by its cue are kept ("“X,” she said, “Y.”"), and
  an unattributed quotation that directly follows a quoted content is added
  to it as a further segment (PolNeAR annotates it as the same attribution).
- ``verb-inverted``: "CONTENT, British Defense Secretary Grant Shapps said
  Wednesday." read off the surface when the parser misattaches it.
- ``verb-passive``: "X is thought to Y", "X was dismissed by Y".
- ``quoted-as-saying``: "the official was quoted as saying X" (the subject
  is the speaker).
- ``relay``: "X, as quoted by Reuters" (the phrase is cut out of the
  contents of the attributions that hold it); ``relay-citing``: "Reuters reported
  X, citing senior officials" (the officials are a further source of X).
- ``according-to``: "X, according to Y".
- ``speech-noun``: "“Q.” That was the answer of X."

Quotes are found on the raw text (:mod:`claimgraph.extract.quotes`), so a
quotation the sentence splitter cut in two is still one content span.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from claimgraph.extract.intervals import Intervals, innermost
from claimgraph.extract.lexicon import Lexicon
from claimgraph.extract.quoting import Quotes, attribution_kind, extend_to_quotes, only_space
from claimgraph.extract.spans import QUOTE_CHARS, doc_text, make_segments, token_ranges
from claimgraph.extract.syntax import verb_subject
from claimgraph.records import Attribution, Removed, Segment

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
CLAUSE_DEPS = ("ccomp", "xcomp", "dobj", "dative", "attr", "oprd")
TIME_WORDS = frozenset({"today", "yesterday", "tonight", "then", "now", "recently", "later"})
MANNER_NOUNS = frozenset(
    {
        "statement",
        "interview",
        "tweet",
        "email",
        "letter",
        "speech",
        "release",
        "post",
        "op-ed",
        "memo",
        "filing",
        "briefing",
        "call",
    }
)
INHERIT_DEPS = frozenset({"xcomp", "advcl", "conj"})
CUE_CHILD_DEPS = frozenset({"aux", "auxpass", "neg", "prt"})
CUE_ADVERBS = frozenset(
    {
        "also",
        "previously",
        "later",
        "earlier",
        "repeatedly",
        "recently",
        "publicly",
        "again",
        "now",
        "then",
        "even",
        "first",
        "once",
        "still",
    }
)
RELAY_PREPS = frozenset({"according"})
MAX_INVERTED_SOURCE = 10
CITING_LEMMAS = frozenset({"cite", "quote"})
SPEECH_NOUNS = frozenset({"answer", "response", "reply", "word", "message", "verdict", "reaction"})


@dataclass(frozen=True, slots=True)
class _Draft:
    """An attribution before ids, nesting and speakers are settled."""

    source: tuple[Segment, ...]
    cue: tuple[Segment, ...]
    content: tuple[Segment, ...]
    lemma: str
    rule: str


def extract_attributions(
    doc: Doc, lexicon: Lexicon, removed: Sequence[Removed] = ()
) -> list[Attribution]:
    """All attributions in ``doc``, in text order, nested ones included.

    Nothing is extracted from text inside a ``removed`` span.
    """
    quotes = Quotes.of(doc_text(doc))
    drafts: list[_Draft] = []
    for tok in doc:
        draft = _from_token(doc, tok, lexicon, quotes)
        if draft is not None:
            drafts.append(draft)
    drafts = _dedupe(drafts)
    drafts = _quote_continuations(doc_text(doc), drafts, quotes)
    drafts = _trim_relays(doc_text(doc), drafts)
    drafts = [d for d in drafts if not _in_removed(d, removed)]
    drafts.sort(key=lambda d: d.cue[0].start if d.cue else d.content[0].start)
    return _finalise(doc_text(doc), drafts, quotes, lexicon)


# --- candidate generation -------------------------------------------------


def _from_token(doc: Doc, tok: Token, lexicon: Lexicon, quotes: Quotes) -> _Draft | None:
    if tok.lower_ in RELAY_PREPS and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
        return _according_to(doc, tok, quotes)
    if tok.pos_ == "NOUN" and tok.lemma_.lower() in SPEECH_NOUNS:
        return _speech_noun(doc, tok, quotes)
    if tok.pos_ != "VERB" or not lexicon.is_cue(tok.lemma_):
        return None
    return _verb(doc, tok, lexicon, quotes)


def _speech_noun(doc: Doc, noun: Token, quotes: Quotes) -> _Draft | None:
    """ "“Q.” That was the answer of X." — a quotation whose speaker is named
    in the next sentence or paragraph by a demonstrative and a speech noun."""
    head = noun.head
    if noun.dep_ != "attr" or head.lemma_ != "be":
        return None
    subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lower_ not in ("that", "this", "those", "these"):
        return None
    speaker = next(
        (
            g
            for c in noun.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children
            if g.dep_ == "pobj"
        ),
        next((c for c in noun.children if c.dep_ == "poss"), None),
    )
    if speaker is None:
        return None
    start = noun.sent.start_char
    text = doc_text(doc)
    quote = next(
        (
            q
            for q in reversed(quotes.long.starting_in(0, start))
            if q.end <= start and only_space(text, q.end, start)
        ),
        None,
    )
    if quote is None:
        return None
    cue_toks = [t for t in doc[head.i : noun.i + 1]]
    return _Draft(
        source=source_segments(doc, speaker.subtree),
        cue=make_segments(doc_text(doc), token_ranges(cue_toks)),
        content=(Segment(quote.start, quote.end, doc_text(doc)[quote.start : quote.end]),),
        lemma=noun.lemma_.lower(),
        rule="speech-noun",
    )


def _verb(doc: Doc, verb: Token, lexicon: Lexicon, quotes: Quotes) -> _Draft | None:
    inverted = _inverted(doc, verb, lexicon, quotes)
    if inverted is not None:
        return inverted
    if verb.lemma_.lower() in CITING_LEMMAS and verb.tag_ == "VBG" and verb.dep_ == "advcl":
        return _citing(doc, verb, lexicon, quotes)
    if verb.dep_ == "pcomp" and verb.head.lower_ == "as" and _as_saying(verb.head.head):
        return None  # the "saying" of "was quoted as saying" belongs to "quoted"
    children = list(verb.children)
    cue_toks = _cue_tokens(verb, children)
    passive = any(c.dep_ in ("auxpass", "nsubjpass", "agent") for c in children)

    source_toks: list[Token] = []
    content_toks: list[Token] = []
    rule = "verb"
    as_saying = _as_saying(verb) if passive else []
    if passive:
        rule = "verb-passive"
        for c in children:
            if c.dep_ == "agent":
                cue_toks.append(c)
                source_toks.extend(t for c2 in c.children if c2.dep_ == "pobj" for t in c2.subtree)
            elif c.dep_ in PASSIVE_SUBJECT_DEPS and c.lower_ != "it":
                (source_toks if as_saying else content_toks).extend(c.subtree)
        if as_saying:
            # "the official was quoted as saying": the subject is the speaker.
            rule = "quoted-as-saying"
            cue_toks += as_saying
        if verb.i > 0 and doc[verb.i - 1].lower_ == "as" and doc[verb.i - 1].head.i == verb.i:
            # "..., as quoted by Reuters": a relay of the clause it hangs off.
            rule = "relay"
            cue_toks.append(doc[verb.i - 1])
    else:
        subject = _subject(verb, lexicon)
        if subject is not None:
            source_toks.extend(subject.subtree)

    complement = _complement(verb, children, allow_prep=not passive)
    if complement is None and as_saying:
        complement = _complement(as_saying[-1], list(as_saying[-1].children), allow_prep=False)
    if complement is not None:
        comp, prep = complement
        if prep is not None:
            cue_toks.append(prep)
        content_toks.extend(t for t in comp.subtree if t not in cue_toks)
    elif (
        not content_toks
        and verb.dep_ in ("parataxis", "ccomp", "advcl")
        and verb.head.i != verb.i
        and (verb.i > verb.head.i or verb.dep_ == "parataxis")
    ):
        # "X, he said." parsed with the cue clause hanging off the content.
        excluded = {t.i for t in verb.subtree}
        content_toks.extend(t for t in verb.head.subtree if t.i not in excluded)
    return _draft(doc, verb, quotes, source_toks, cue_toks, content_toks, rule)


def _draft(
    doc: Doc,
    verb: Token,
    quotes: Quotes,
    source_toks: Iterable[Token],
    cue_toks: Iterable[Token],
    content_toks: Iterable[Token],
    rule: str,
) -> _Draft | None:
    content_ranges = extend_to_quotes(doc, verb, token_ranges(content_toks), quotes)
    content = make_segments(doc_text(doc), content_ranges, content=True)
    if not content:
        return None
    return _Draft(
        source=source_segments(doc, source_toks),
        cue=make_segments(doc_text(doc), token_ranges(cue_toks), keep_end=":"),
        content=content,
        lemma=verb.lemma_.lower(),
        rule=rule,
    )


def source_segments(doc: Doc, tokens: Iterable[Token]) -> tuple[Segment, ...]:
    """The source span; a parenthetical inside it keeps its closing comma
    ("Kerry, who lost to Bush in 2004, said"), as PolNeAR annotates it."""
    toks = sorted({t.i: t for t in tokens}.values(), key=lambda t: t.i)
    if not toks:
        return ()
    last = toks[-1].i
    inner_comma = any(t.text == "," for t in toks[1:])
    keep = ""
    if inner_comma and last + 1 < len(doc) and doc[last + 1].text == ",":
        toks.append(doc[last + 1])
        keep = ","
    elif inner_comma and toks[-1].text == ",":
        keep = ","
    return make_segments(doc_text(doc), token_ranges(toks), keep_end=keep)


def _citing(doc: Doc, verb: Token, lexicon: Lexicon, quotes: Quotes) -> _Draft | None:
    """ "Reuters reported X, citing senior officials": the officials are a
    further source of the same content, relayed by the outer speaker."""
    head = verb.head
    if head.pos_ != "VERB" or not lexicon.is_cue(head.lemma_):
        return None
    outer = _verb(doc, head, lexicon, quotes)
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if outer is None or obj is None:
        return None
    return _Draft(
        source=source_segments(doc, obj.subtree),
        cue=make_segments(doc_text(doc), token_ranges([verb])),
        content=outer.content,
        lemma=verb.lemma_.lower(),
        rule="relay-citing",
    )


def _as_saying(verb: Token) -> list[Token]:
    """The "as saying" of "was quoted as saying", or an empty list."""
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "as":
            ing = [g for g in c.children if g.dep_ == "pcomp" and g.tag_ == "VBG"]
            if ing:
                return [c, ing[0]]
    return []


def _inverted(doc: Doc, verb: Token, lexicon: Lexicon, quotes: Quotes) -> _Draft | None:
    """ "CONTENT, SOURCE said (Wednesday)." read off the surface.

    The parser often misattaches a long preposed content; when a reporting
    verb ends its clause and is preceded by a short noun phrase and a comma,
    the noun phrase is the source and everything before the comma (back to
    the sentence start) is the content.
    """
    if verb.lemma_.lower() not in lexicon.reporting:
        return None
    sent = verb.sent
    j = verb.i + 1
    while j < sent.end and (doc[j].ent_type_ in ("DATE", "TIME") or doc[j].lower_ in TIME_WORDS):
        j += 1
    if j < sent.end and doc[j].text not in (".", ",", ";", "!", "?") and not doc[j].is_space:
        return None
    k = verb.i - 1
    while k > sent.start and verb.i - k <= MAX_INVERTED_SOURCE and _np_token(doc[k]):
        k -= 1
    if k <= sent.start or k == verb.i - 1 or doc[k].text != ",":
        return None
    if not any(doc[i].pos_ in ("PROPN", "NOUN", "PRON") for i in range(k + 1, verb.i)):
        return None
    cue_end = j
    content = [t for t in doc[sent.start : k]]
    return _draft(
        doc,
        verb,
        quotes,
        doc[k + 1 : verb.i],
        doc[verb.i : cue_end],
        content,
        "verb-inverted",
    )


def _np_token(tok: Token) -> bool:
    return tok.pos_ in ("PROPN", "NOUN", "ADJ", "DET", "NUM", "PRON") or tok.text in (
        "'s",
        "’s",
        "-",
        "&",
    )


def _cue_tokens(verb: Token, children: list[Token]) -> list[Token]:
    """The cue: the verb with its auxiliaries, negation, particle, and the
    adverbs, time words, manner phrases ("in a statement") and colon that
    PolNeAR includes in the cue span."""
    toks = [verb, *(c for c in children if c.dep_ in CUE_CHILD_DEPS)]
    if len(toks) > 1:
        first = min(t.i for t in toks)
        toks += [c for c in children if c.dep_ == "advmod" and first < c.i < verb.i]
    toks += [
        c for c in children if c.dep_ == "advmod" and c.i == verb.i - 1 and c.lower_ in CUE_ADVERBS
    ]
    nxt = verb.i + 1
    doc = verb.doc
    if nxt < len(doc) and doc[nxt].head.i == verb.i:
        after = doc[nxt]
        if after.dep_ in ("npadvmod", "advmod") and (
            after.ent_type_ in ("DATE", "TIME") or after.lower_ in TIME_WORDS
        ):
            toks.append(after)
            nxt += 1
        elif after.dep_ == "prep" and after.lower_ == "in":
            pobj = next((c for c in after.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.lemma_.lower() in MANNER_NOUNS:
                toks += list(after.subtree)
                nxt = pobj.i + 1
    if nxt < len(doc) and doc[nxt].text == ":":
        toks.append(doc[nxt])
    return toks


def _subject(verb: Token, lexicon: Lexicon) -> Token | None:
    """The verb's subject, or the subject it shares with a non-cue governing verb.

    "Trump defended the plan, saying X": *saying* has no subject of its own
    and takes *Trump* from *defended*, which is not a cue. When the governing
    verb is itself a cue it owns the subject (PolNeAR is univocal).
    """
    return verb_subject(
        verb,
        deps=SUBJECT_DEPS,
        climb=INHERIT_DEPS,
        hops=4,
        stop=lambda head: head.pos_ == "VERB" and lexicon.is_cue(head.lemma_),
    )


def _complement(
    verb: Token, children: list[Token], *, allow_prep: bool = True
) -> tuple[Token, Token | None] | None:
    """The content of a cue verb: a clause, an object, or a preposition's object."""
    for dep in CLAUSE_DEPS:
        for c in children:
            if c.dep_ == dep and not (dep == "dobj" and c.pos_ == "PRON" and c.lower_ == "it"):
                if dep == "dative" and any(x.dep_ in ("ccomp", "dobj") for x in children):
                    continue
                if c.pos_ == "ADP":
                    pobj = next((x for x in c.children if x.dep_ in ("pobj", "pcomp")), None)
                    if pobj is None:
                        continue
                    return pobj, c
                return c, None
    for c in children:
        if not allow_prep:
            break
        if c.dep_ == "prep" and c.i > verb.i and c.lower_ in ("for", "to", "on", "about", "of"):
            for pobj in c.children:
                if pobj.dep_ in ("pobj", "pcomp"):
                    return pobj, c
    return None


def _according_to(doc: Doc, tok: Token, quotes: Quotes) -> _Draft | None:
    to = tok.doc[tok.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    head = tok.head
    while head.dep_ not in ("ROOT", "ccomp", "conj", "parataxis") and head.head.i != head.i:
        head = head.head
    excluded = {t.i for t in tok.subtree}
    content_toks = [t for t in head.subtree if t.i not in excluded]
    content_ranges = extend_to_quotes(doc, tok, token_ranges(content_toks), quotes)
    content = make_segments(doc_text(doc), content_ranges, content=True)
    if not content:
        return None
    return _Draft(
        source=source_segments(doc, pobj.subtree),
        cue=make_segments(doc_text(doc), token_ranges([tok, to])),
        content=content,
        lemma="according to",
        rule="according-to",
    )


# --- quotations -----------------------------------------------------------


def _quote_continuations(text: str, drafts: list[_Draft], quotes: Quotes) -> list[_Draft]:
    """Attach an unclaimed quotation that directly follows a quoted content.

    Its owner is the last draft, in the order of where their contents ended
    at the start, whose content now ends by the quotation and has a
    quotation mark at an edge of a segment.
    """
    claimed = {
        i for d in drafts for s in d.content + d.cue + d.source for i in range(s.start, s.end)
    }
    order = sorted(range(len(drafts)), key=lambda i: drafts[i].content[-1].end)
    ends = [drafts[i].content[-1].end for i in order]  # as at the start: sorted
    quoted = [k for k, i in enumerate(order) if _quoted(drafts[i])]  # positions in order
    result = list(drafts)
    for q in quotes.long:
        if any(i in claimed for i in range(q.start, q.end)):
            continue
        if q.start > 0 and text[q.start - 1] not in " \n" and q.start != 0:
            continue
        # a content only grows, so none that ended after q at the start ends before it now
        j = bisect_left(quoted, bisect_right(ends, q.start)) - 1
        while j >= 0 and result[order[quoted[j]]].content[-1].end > q.start:
            j -= 1
        if j < 0:
            continue
        k = quoted[j]
        owner = result[order[k]]
        last = max(s.end for s in owner.content + owner.cue + owner.source)
        if q.start - last > 80:
            continue
        gap = text[last : q.start]
        if gap.count("\n") > 2 or _has_sentence(gap):
            continue
        seg = Segment(q.start, q.end, text[q.start : q.end])
        result[order[k]] = _Draft(
            owner.source, owner.cue, (*owner.content, seg), owner.lemma, owner.rule
        )
        claimed.update(range(q.start, q.end))
    return result


def _quoted(d: _Draft) -> bool:
    """A segment of the content opens or closes with a quotation mark."""
    return any(ch in QUOTE_CHARS for s in d.content for ch in s.text[:1] + s.text[-1:])


def _has_sentence(gap: str) -> bool:
    stripped = gap.strip(' \n\t.,;:”"’')
    return len(stripped.split()) > 2


# --- clean-up -------------------------------------------------------------


def _dedupe(drafts: list[_Draft]) -> list[_Draft]:
    """Drop a draft whose cue is inside another draft's cue (e.g. an agent 'by')."""
    seen: set[tuple[int, int]] = set()
    out: list[_Draft] = []
    for d in drafts:
        key = (d.cue[0].start, d.cue[-1].end)
        if key in seen:
            continue
        seen.add(key)
        out.append(d)
    return out


def _trim_relays(text: str, drafts: list[_Draft]) -> list[_Draft]:
    """Cut a trailing relay phrase out of the contents that hold it
    (see :func:`trim_relay_phrases`)."""
    spans = _relay_spans(drafts)
    out: list[_Draft] = []
    for d in drafts:
        content = d.content if d.rule == "relay" else _cut_relays(text, d.content, spans)
        out.append(d if content == d.content else _Draft(d.source, d.cue, content, d.lemma, d.rule))
    return out


def trim_relay_phrases(
    text: str, attributions: Sequence[Attribution], relays: Sequence[Attribution] | None = None
) -> list[Attribution]:
    """Cut a trailing relay phrase out of the contents that hold it.

    In "He added that services believe “X,” as quoted by Reuters." the relay
    ("as quoted by Reuters") says who passed the words on; it is an
    attribution of its own (rule ``relay``), not part of what "added" and
    "believe" report. A content segment that ends with a relay's cue and
    source (give or take closing punctuation) ends before it instead. The
    extractor applies this to its own attributions; the component applies
    it to the learned tagger's, with the relays the rules found (``relays``;
    by default the relays among ``attributions``), so the phrase is cut
    even where the relay attribution itself is not reported (``--model
    learned``).
    """
    spans = _relay_spans(attributions if relays is None else relays)
    if not spans:
        return list(attributions)
    return [
        a if a.rule == "relay" else replace(a, content=_cut_relays(text, a.content, spans))
        for a in attributions
    ]


def _relay_spans(items: Iterable[_Draft | Attribution]) -> list[tuple[int, int]]:
    """Where each relay's cue and source lie ("as quoted by Reuters")."""
    return [
        (min(x.start for x in r.cue + r.source), max(x.end for x in r.cue + r.source))
        for r in items
        if r.rule == "relay" and r.cue
    ]


def _cut_relays(
    text: str, content: tuple[Segment, ...], spans: Sequence[tuple[int, int]]
) -> tuple[Segment, ...]:
    original = content
    for start, end in spans:
        content = tuple(
            piece
            for seg in content
            for piece in (
                make_segments(text, [(seg.start, start)], content=True)
                if seg.start < start
                and end <= seg.end
                and not text[end : seg.end].strip(" .,;:!?\"'”’)")
                else (seg,)
            )
        )
    return content or original  # never cut a content away entirely


def _in_removed(draft: _Draft, removed: Sequence[Removed]) -> bool:
    spans = draft.cue + draft.content
    return any(
        r.start <= s.start < r.end or r.start < s.end <= r.end for r in removed for s in spans
    )


def _finalise(
    text: str, drafts: list[_Draft], quotes: Quotes, lexicon: Lexicon
) -> list[Attribution]:
    ids = [f"a{i + 1}" for i in range(len(drafts))]
    contents = _ContentIndex(drafts)
    out: list[Attribution] = []
    for i, d in enumerate(drafts):
        parent = contents.parent(i, ids)
        content = d.content
        if parent is None:
            content = _orphan_quote_content(text, d, quotes)
        out.append(
            Attribution(
                id=ids[i],
                kind=attribution_kind(d.content, d.lemma, quotes.all, lexicon),
                source=d.source,
                cue=d.cue,
                content=content,
                parent=parent,
                rule=d.rule,
            )
        )
    return out


def _orphan_quote_content(text: str, d: _Draft, quotes: Quotes) -> tuple[Segment, ...]:
    """A cue inside a quotation nobody is credited with ("“... I think X ...”"
    in a transcript) speaks for the whole quotation: PolNeAR gives the
    quotation to one speaker, so the content becomes the quotation around
    the cue and source."""
    cue = d.cue[0]
    q = next(quotes.long.overlapping(cue.start, cue.start + 1), None)
    if q is None:
        return d.content
    taken = sorted((s.start, s.end) for s in d.cue + d.source if q.start <= s.start < q.end)
    ranges: list[tuple[int, int]] = []
    pos = q.start
    for a, b in taken:
        ranges.append((pos, a))
        pos = max(pos, b)
    ranges.append((pos, q.end))
    return make_segments(text, ranges, content=True) or d.content


class _ContentIndex:
    """The drafts' content segments indexed by position, to find the
    contents that contain a cue without comparing every pair of drafts."""

    def __init__(self, drafts: list[_Draft]) -> None:
        self.drafts = drafts
        self.segments = Intervals(
            (seg.start, seg.end, j) for j, d in enumerate(drafts) for seg in d.content
        )

    def parent(self, i: int, ids: list[str]) -> str | None:
        """The innermost other attribution whose content contains draft
        ``i``'s cue (the smallest such content; the earliest draft on a tie)."""
        cue = self.drafts[i].cue[0]
        j = innermost(self.segments, cue.start, cue.end, lambda j: j == i)
        return None if j is None else ids[j]
