"""Turn BIO role tags into linked attributions (pure functions).

Runs of one role make spans; a comma ends a cue span ("said Wednesday, a
claim that ..." is the cue "said Wednesday"), "without" and a gerund start
a cue of their own ("said" + "without providing evidence of"), and a cue
that stops inside a phrase takes the untagged rest of it ("reported last" +
"month"). Each predicted cue span starts an attribution. Every content and
source span is linked to the nearest cue: in the same sentence if there is
one there, else in the same paragraph, else (for contents only, e.g. a
quoted paragraph whose speaker is named in the next one) in the
neighbouring paragraph. A cue keeps a neighbouring paragraph's content only when it has none in its
own paragraph or a quotation runs on from one into the other, and its
contents after it stop at a sentence break between two of them.

A source may serve several cues. The tags are univocal (a token has one
role), so in "Clinton defended the plan, saying it would work" the tagger
marks "Clinton" once, and it goes to the nearest cue. A cue left without a
source borrows the nearest source span of its sentence if it is a verb
(a noun cue, "…, a claim that …", does not); when its sentence
has none, it takes the subtree of its verb's nominal subject from the parse
("He said ..." where the tagger missed "He"), climbing from a participle,
infinitive or conjoined verb to the verb it hangs from.

Two parts of a news sentence are the reporter's, whatever the tags say: a
dateline that opens a paragraph ("BERLIN — Iran is shipping …") is cut from
the content that starts with it, and after a report whose content comes first
("X, Shapps said Wednesday, a claim that comes days after …") an appositive
of a determiner and a statement noun ("a claim", "the most direct
accusation") ends that cue's content in the sentence.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from spacy.tokens import Doc, Token
from spacy.tokens import Span as DocSpan

from claimgraph.extract.spans import doc_text, make_segments
from claimgraph.extract.syntax import verb_subject
from claimgraph.records import Attribution, Segment

#: Head nouns with which a reporter characterises the statement just reported.
STATEMENT_NOUNS = frozenset(
    {
        "accusation",
        "acknowledgment",
        "admission",
        "allegation",
        "announcement",
        "assertion",
        "charge",
        "claim",
        "comment",
        "contention",
        "denial",
        "rebuke",
        "remark",
        "statement",
        "suggestion",
        "warning",
    }
)
#: Dependents that make a phrase with the word after them ("last month").
PHRASE_DEPENDENTS = frozenset({"amod", "compound", "det", "nummod", "poss"})
#: What separates a dateline from the story: "BERLIN —", "KYIV, Ukraine (AP) -".
DATELINE_DASHES = frozenset({"—", "–", "-", "--"})


@dataclass(frozen=True, slots=True)
class Span:
    role: str
    start: int  # first token index
    end: int  # last token index, inclusive
    paragraph: int
    sentence: int


def spans_from_tags(doc: Doc, tags: Sequence[str], paragraph_of: Sequence[int]) -> list[Span]:
    """Maximal runs of one role; ``B-`` starts a new run."""
    spans: list[Span] = []
    current: list[int] = []
    role = ""
    sent_of = _sentence_index(doc)

    def close() -> None:
        if current:
            spans.append(
                Span(role, current[0], current[-1], paragraph_of[current[0]], sent_of[current[0]])
            )

    for i, tag in enumerate(tags):
        if doc[i].is_space:
            continue
        if tag == "O" or (tag.endswith("CUE") and doc[i].text == ","):
            # a comma ends a cue ("said Wednesday, a claim that ..."): cues
            # are verb groups, and PolNeAR cues hardly ever hold one
            close()
            current, role = [], ""
            continue
        prefix, r = tag.split("-", 1)
        if r == "CUE" and _opens_gerund_clause(doc[i]):
            # "said without providing evidence of ...": the clause is the
            # manner of the saying, a cue of its own if anything
            prefix = "B"
        if prefix == "B" or r != role or (current and paragraph_of[current[-1]] != paragraph_of[i]):
            close()
            current, role = [i], r
        else:
            current.append(i)
    close()
    return spans


def _opens_gerund_clause(token: Token) -> bool:
    """ "without" heading a gerund clause ("without providing evidence").
    Gerunds after other prepositions are often part of a cue ("seems capable
    of executing")."""
    return (
        token.dep_ == "prep"
        and token.lower_ == "without"
        and any(c.dep_ == "pcomp" and c.tag_ == "VBG" for c in token.children)
    )


def link(doc: Doc, spans: Sequence[Span]) -> list[Attribution]:
    """Attributions from role spans: each cue with its nearest sources and contents."""
    taken = {i for s in spans for i in range(s.start, s.end + 1)}
    cues = [_whole_phrase(doc, s, taken) for s in spans if s.role == "CUE"]
    if not cues:
        return []
    spans = [t for t in (_after_dateline(doc, s) if s.role == "CON" else s for s in spans) if t]
    owned: dict[int, dict[str, list[Span]]] = {k: {"SRC": [], "CON": []} for k in range(len(cues))}
    near = _CuesNear(cues)
    for span in spans:
        if span.role == "CUE":
            continue
        k = near.nearest(span)
        if k is not None:
            owned[k][span.role].append(span)
    # the source spans of each sentence, in text order
    sentence_sources: dict[int, list[Span]] = defaultdict(list)
    for span in spans:
        if span.role == "SRC":
            sentence_sources[span.sentence].append(span)
    out: list[Attribution] = []
    for k, cue in enumerate(cues):
        in_sentence = sentence_sources.get(cue.sentence, [])
        contents = _contents_near(doc, cue, owned[k]["CON"])
        contents = _without_reporter_appositive(doc, cue, contents, in_sentence)
        if not contents:
            continue
        source = _source_for(doc, cue, owned[k]["SRC"], in_sentence, contents)
        sources = [source] if source is not None else []
        cue_segments = _segments(doc, [cue])
        content_segments = _segments(doc, contents, content=True)
        if not cue_segments or not content_segments:
            continue  # only punctuation was tagged
        out.append(
            Attribution(
                id=f"a{len(out) + 1}",
                kind="indirect",
                source=_segments(doc, sources),
                cue=cue_segments,
                content=content_segments,
                rule="learned",
            )
        )
    return out


def _whole_phrase(doc: Doc, cue: Span, taken: set[int]) -> Span:
    """``cue`` carried on to the end of a phrase it stops inside: "reported
    last" becomes "reported last month" when the tagger left "month" untagged
    (only over untagged words of the sentence that a cue word modifies)."""
    end = cue.end
    while (
        end + 1 < len(doc)
        and end + 1 not in taken
        and doc[end].dep_ in PHRASE_DEPENDENTS
        and doc[end].head.i == end + 1
        and not doc[end + 1].is_punct
        and not doc[end + 1].is_space
    ):
        end += 1
    return cue if end == cue.end else Span(cue.role, cue.start, end, cue.paragraph, cue.sentence)


def _contents_near(doc: Doc, cue: Span, contents: list[Span]) -> list[Span]:
    """The contents linked to ``cue`` that stay with it.

    A content from the neighbouring paragraph stays only when the cue has
    none in its own paragraph (a quoted paragraph whose speaker is named in
    the next one) or when it runs on into one of the cue's own contents
    across the paragraph break (a quotation over two paragraphs). After the
    cue, contents stop at the first sentence break in the untagged text
    between two of them: in "He said X. [untagged …] Y." the tagger found X
    for this cue, and Y, whose cue it missed, belongs to another
    attribution.
    """
    own = [c for c in contents if c.paragraph == cue.paragraph]
    if own:
        contents = [
            c
            for c in contents
            if c.paragraph == cue.paragraph or any(_runs_over_break(doc, c, o) for o in own)
        ]
    after = sorted((c for c in contents if c.start > cue.end), key=lambda c: c.start)
    for before, next_ in pairwise(after):
        same_sentence = doc[before.end].sent.start == doc[next_.start].sent.start
        if not same_sentence and not _runs_over_break(doc, before, next_):
            return [c for c in contents if c.start < next_.start]
    return contents


def _runs_over_break(doc: Doc, a: Span, b: Span) -> bool:
    """Whether one span goes on from the other over a paragraph break: a
    quotation over two paragraphs (the first opens with a quotation mark),
    with only punctuation and the break between them (the tagger may leave
    out the full stop at the end of the first paragraph or the quotation
    mark that opens the second)."""
    first, second = (a, b) if a.start < b.start else (b, a)
    opens = doc[max(0, first.start - 1) : first.start + 1]
    gap = doc[first.end + 1 : second.start]
    return (
        any(t.is_quote for t in opens)
        and all(t.is_space or t.is_punct for t in gap)
        and any("\n" in t.text or "\n" in t.whitespace_ for t in doc[first.end : second.start])
    )


def _source_for(
    doc: Doc, cue: Span, own: Sequence[Span], in_sentence: Sequence[Span], contents: Sequence[Span]
) -> Span | None:
    """The cue's own nearest source, else (for a verbal cue) the nearest
    source span of its sentence (``in_sentence``), shared with another cue,
    else its verb's subject subtree. A noun cue does not borrow: in "Shapps
    said X, a claim that comes days after ..." the claim is the reporter's,
    not Shapps's."""
    verbal = any(t.pos_ in ("VERB", "AUX") for t in doc[cue.start : cue.end + 1])
    shared = list(in_sentence) if verbal else []
    for pool in (own, shared):
        if pool:
            return min(pool, key=lambda s: _distance(s, cue))
    subject = _subject(doc, cue)
    if subject is None:
        return None
    tokens = list(subject.subtree)
    found = Span("SRC", tokens[0].i, tokens[-1].i, cue.paragraph, cue.sentence)
    if any(_distance(found, other) == 0 for other in (cue, *contents)):
        return None
    return found


def _subject(doc: Doc, cue: Span) -> Token | None:
    """The nominal subject (a noun, proper noun or pronoun) of the cue's verb,
    or of the verb a participle, infinitive or conjoined verb hangs from
    ("Clinton ... , saying", "continuing to poke at", "said ... and added")."""
    verbs = [t for t in doc[cue.start : cue.end + 1] if t.pos_ == "VERB"]
    verb = verbs[0] if verbs else doc[cue.start : cue.end + 1].root
    return verb_subject(
        verb,
        deps=("nsubj",),
        pos=("PROPN", "PRON", "NOUN"),
        climb=("advcl", "xcomp", "conj"),
        hops=3,
    )


def _after_dateline(doc: Doc, span: Span) -> Span | None:
    """``span`` without the dateline it opens a paragraph with (None if that
    is all of it)."""
    if span.start > 0:
        prev = doc[span.start - 1]
        if "\n" not in prev.whitespace_ and not (prev.is_space and "\n" in prev.text):
            return span
    for tok in doc[span.start : min(span.end, span.start + 8) + 1]:
        if tok.text in DATELINE_DASHES:
            if not _is_dateline(doc[span.start : tok.i]):
                return span
            if tok.i >= span.end:
                return None
            return Span(span.role, tok.i + 1, span.end, span.paragraph, span.sentence)
    return span


def _is_dateline(tokens: DocSpan) -> bool:
    """A place in capitals, maybe with a region and an agency: "BERLIN",
    "KYIV, Ukraine (AP)"."""
    words = [t for t in tokens if t.is_alpha]
    return (
        bool(words)
        and len(words[0].text) > 1
        and words[0].text.isupper()
        and all(t.text.isupper() or t.text.istitle() for t in words)
        and all(t.is_alpha or t.text in {",", ".", "(", ")"} for t in tokens)
    )


def _without_reporter_appositive(
    doc: Doc, cue: Span, contents: list[Span], sources: Sequence[Span]
) -> list[Span]:
    """Drop what follows a reporter's appositive in a content-first report:
    in "X, Shapps said Wednesday, a claim that comes days after …" the content
    is X; "a claim that …" and the rest of the sentence are the reporter's.
    ``sources`` are the source spans of the cue's sentence (the speaker
    between a content and its cue is one of them)."""
    speaker = _speaker_tokens(doc, cue, sources)
    if not any(_reported_before(doc, c, cue, speaker) for c in contents):
        return contents
    for c in sorted(contents, key=lambda c: c.start):
        if c.start <= cue.end or c.sentence != cue.sentence:
            continue
        span = doc[c.start : c.end + 1]
        words = [t for t in span if not t.is_punct]
        # the determiner's noun: the tagger may have tagged "a" without "claim"
        if words and words[0].pos_ == "DET" and words[0].head.lemma_.lower() in STATEMENT_NOUNS:
            return [o for o in contents if o.sentence != cue.sentence or o.start < c.start]
    return contents


def _speaker_tokens(doc: Doc, cue: Span, sources: Sequence[Span]) -> set[int]:
    """Token indices of the source spans and of the cue verb's subject."""
    out = {i for s in sources for i in range(s.start, s.end + 1)}
    for child in doc[cue.start : cue.end + 1].root.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            out.update(t.i for t in child.subtree)
    return out


def _reported_before(doc: Doc, content: Span, cue: Span, speaker: set[int]) -> bool:
    """Whether ``content`` ends right before ", SOURCE CUE": only punctuation
    and the speaker's tokens between them."""
    if content.sentence != cue.sentence or content.end >= cue.start:
        return False
    gap = doc[content.end + 1 : cue.start]
    return len(gap) > 0 and gap[0].is_punct and all(t.is_punct or t.i in speaker for t in gap)


class _CuesNear:
    """The cues of a text grouped by sentence and by paragraph, so that the
    nearest cue of each span is looked for among a few, not among all."""

    def __init__(self, cues: Sequence[Span]) -> None:
        self.cues = cues
        self.by_sentence: dict[int, list[int]] = defaultdict(list)
        self.by_paragraph: dict[int, list[int]] = defaultdict(list)
        for k, c in enumerate(cues):
            self.by_sentence[c.sentence].append(k)
            self.by_paragraph[c.paragraph].append(k)

    def nearest(self, span: Span) -> int | None:
        """The index of the nearest cue in the span's sentence, else in its
        paragraph, else (a content) in a neighbouring paragraph; the first
        of equally near ones."""
        same_sent = self.by_sentence.get(span.sentence, [])
        same_para = self.by_paragraph.get(span.paragraph, [])
        near_para: list[int] = []
        if span.role == "CON":
            near_para = sorted(
                self.by_paragraph.get(span.paragraph - 1, [])
                + self.by_paragraph.get(span.paragraph + 1, [])
            )
        for pool in (same_sent, same_para, near_para):
            if pool:
                return min(pool, key=lambda k: _distance(span, self.cues[k]))
        return None


def _distance(a: Span, b: Span) -> int:
    if a.end < b.start:
        return b.start - a.end
    if b.end < a.start:
        return a.start - b.end
    return 0


def _segments(doc: Doc, spans: Sequence[Span], *, content: bool = False) -> tuple[Segment, ...]:
    ranges = [
        (doc[s.start].idx, doc[s.end].idx + len(doc[s.end].text))
        for s in sorted(spans, key=lambda s: s.start)
    ]
    return make_segments(
        doc_text(doc), ranges, content=content, keep_end=",:" if not content else ""
    )


def _sentence_index(doc: Doc) -> list[int]:
    out = [0] * len(doc)
    for k, sent in enumerate(doc.sents):
        for tok in sent:
            out[tok.i] = k
    return out
