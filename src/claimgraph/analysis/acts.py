"""What an attribution does with its claim: asserts, denies, questions or
declines to comment; and which attributions dispute which.

Pure functions over a parsed :class:`~spacy.tokens.Doc` and its attributions.

**Stance** (:func:`stance_of`):

- ``denies`` when the cue is a denial ("denied", "rejected", "dismissed";
  ``data/attribution_stance.tsv``), when the content calls something false
  ("baseless", "not true"), or when the content's main clause is negated
  *and* is about a claim made earlier: its subject or object is "that",
  "this", "it" or "such" ("We have not seen that to date"); or its verb
  denies knowledge ("see", "find", "confirm", "know") and it shares a
  content word with an earlier attribution by another speaker ("Washington
  had not seen intelligence showing the direct supply of combat equipment"
  after "... collaborating on combat equipment"); or its verb is a verb of
  such an earlier content and they share at least two content words ("Iran
  is not shipping engines" after "Iran is shipping engines"). A negated
  statement about something new ("he would not run", "These engines do not
  fly themselves") still asserts.
- ``questions`` when the cue questions or doubts ("questioned Shapps'
  assertion", "cast doubt on"), or the content is a direct question.
- ``declines_to_comment`` for the attributions :func:`find_declines` makes.
- ``asserts`` otherwise.

**A negated cue** (:func:`negated_cue`: a cue word with a "not", "n't" or
"never" of its own: "has not condemned", "did not mention", "would never
vote for", "decided not to issue") means the source did not make the
statement; the attribution's ``negated`` is true and the cue's and
content's stance words are not read ("did not deny" does not deny). A belief
verb negated by "not" (:data:`NEG_RAISING`) whose content only points back
denies it ("does not even believe it", "I don't think so"); any other
negated cue gives ``asserts`` with ``negated`` true: nothing asserted. "I
don't think Dean has done anything" is read so too: taking it as a denial
of whatever earlier statement shares its words linked unrelated statements
on PolNeAR dev.
Verbs that affirm when negated ("could not resist pointing out", "never
tire of telling", "never missed an opportunity to remind";
:data:`AFFIRMED_BY_NEGATION`) and "not only" do not negate.

**Declines** (:func:`find_declines`): "There was no immediate comment from
X", "X had no comment", "X declined/refused to comment", "X would not
comment", "X did not (immediately) respond to a request for comment", "X did
not return calls seeking comment", "X could not be reached for comment". Each
gives an attribution with X as source, the phrase as cue and no content; an
extracted attribution whose cue falls inside the phrase ("declined" + "to
comment") is replaced by it.

**Disputes** (:func:`dispute_links`): a denying or questioning attribution
disputes (1) the attributions of a person it names in a possessive ("Shapps'
assertion", "his claims" after a named speaker), else (2) the earlier
attributions by other speakers whose content shares the most content words
with it (at least two), else (3) when it names "the claim" (a statement
noun with "the", no possessor) the first top-level asserting attribution
by another speaker, the story's claim, else (4) when it points back
("that", "it", "these claims") what the same speaker's previous denial
disputed, or the nearest earlier asserting attribution by another speaker.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Doc, Token

from claimgraph.data import data_lines
from claimgraph.extract.spans import doc_text, segment_tokens
from claimgraph.extract.speaker_lexicon import clean_form
from claimgraph.extract.syntax import verb_subject
from claimgraph.records import Attribution, Segment, StanceLabel

DEICTIC = frozenset({"that", "this", "it", "such", "these", "those"})
FOR_COMMENT_VERBS = frozenset({"respond", "return", "reply", "reach", "answer"})
REFUSE_VERBS = frozenset({"decline", "refuse"})
MIN_SHARED = 2
#: Negated, these verbs deny knowledge of a claim: "We have not seen that".
EVIDENTIAL = frozenset(
    {"see", "find", "confirm", "know", "verify", "corroborate", "observe", "detect", "aware"}
)
CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "conj", "xcomp", "advcl", "relcl", "parataxis"})
#: Negated by "not", these verbs deny a content that only points back: "I don't believe it".
NEG_RAISING = frozenset({"think", "believe", "expect", "suppose", "reckon"})
#: Negated, these verbs affirm: "could not resist pointing out", "never tire of telling".
AFFIRMED_BY_NEGATION = frozenset({"resist", "tire", "hesitate", "miss", "fail", "cease", "stop"})
#: A negator counts up to this many tokens before the cue ("has not yet said").
NEGATOR_REACH = 3


@dataclass(frozen=True, slots=True)
class StanceCues:
    """The packaged stance words (``data/attribution_stance.tsv``)."""

    cue: dict[str, StanceLabel]
    content: dict[str, StanceLabel]


@lru_cache(maxsize=1)
def claim_nouns() -> frozenset[str]:
    """Nouns that name a statement: "Shapps' assertion", "his claims"
    (``data/claim_nouns.txt``)."""
    return frozenset(data_lines("claim_nouns.txt"))


@lru_cache(maxsize=1)
def load_stance_cues() -> StanceCues:
    cue: dict[str, StanceLabel] = {}
    content: dict[str, StanceLabel] = {}
    for line in data_lines("attribution_stance.tsv"):
        lemma, stance, where = (c.strip() for c in line.split("\t"))
        (cue if where == "cue" else content)[lemma] = stance  # type: ignore[assignment]
    return StanceCues(cue, content)


# --- tokens -----------------------------------------------------------------


def content_words(tokens: Iterable[Token]) -> frozenset[str]:
    """Lowercase lemmas of the nouns, proper nouns, verbs, adjectives and numbers."""
    return frozenset(
        t.lemma_.lower()
        for t in tokens
        if t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ", "NUM")
        and not t.is_stop
        and t.lemma_.lower() not in ("say", "be", "have")
    )


def _main_clause_heads(tokens: Sequence[Token]) -> list[Token]:
    ids = {t.i for t in tokens}
    return [t for t in tokens if t.head.i not in ids or t.head.i == t.i]


# --- stance -----------------------------------------------------------------


def stance_of(doc: Doc, att: Attribution, earlier: Sequence[Attribution] = ()) -> StanceLabel:
    """The stance of ``att`` (see the module docstring); ``earlier`` are the
    article's attributions before it, for "is this about an earlier claim"."""
    if att.stance == "declines_to_comment":
        return att.stance
    cue_toks = segment_tokens(doc, att.cue)
    negators = _cue_negators(cue_toks)
    if negators:
        raising = any(t.lemma_.lower() in NEG_RAISING for t in cue_toks)
        words = [t.lower_ for t in segment_tokens(doc, att.content) if not t.is_punct]
        points_back = bool(words) and all(w in DEICTIC or w == "so" for w in words)
        if raising and points_back and all(n.lower_ != "never" for n in negators):
            return "denies"  # "I don't believe it", "I don't think so"
        return "asserts"
    cues = load_stance_cues()
    for t in cue_toks:
        label = cues.cue.get(t.lemma_.lower())
        if label is not None:
            return label
    if any(t.lower_ == "doubt" for t in cue_toks):
        return "questions"
    content = segment_tokens(doc, att.content)
    if not content:
        return "asserts"
    text = doc_text(doc)
    last = att.content[-1]
    if text[last.start : last.end].rstrip(" ”\"'’").endswith("?"):
        return "questions"
    heads = _main_clause_heads(content)
    for head in heads:
        if _calls_false(head, cues):
            return "denies"
        if _negated(head) and _about_a_claim(head, content, att, earlier):
            return "denies"
    return "asserts"


def _calls_false(head: Token, cues: StanceCues) -> bool:
    """ "That is false", "baseless", "not true"."""
    words = [head, *(c for c in head.children if c.dep_ in ("acomp", "attr", "dobj"))]
    for w in words:
        label = cues.content.get(w.lemma_.lower())
        if label == "denies":
            return True
        if w.lemma_.lower() in ("true", "accurate", "correct") and _negated(w.head):
            return True
    return False


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def negated_cue(doc: Doc, att: Attribution) -> bool:
    """Whether the cue of ``att`` is negated: the source did not make the
    statement (see the module docstring). A declined comment is not: its
    stance says it already."""
    if att.stance == "declines_to_comment":
        return False
    return bool(_cue_negators(segment_tokens(doc, att.cue)))


def _cue_negators(cue: Sequence[Token]) -> list[Token]:
    """The "not"/"n't"/"never" tokens that negate a word of ``cue`` and stand
    in it or just before it ("did not say", "never said"; not the "not" of a
    quote the parser hangs on the cue: "Probably not," she said); none when
    a cue word is one that negation affirms ("could not resist")."""
    if not cue or any(t.lemma_.lower() in AFFIRMED_BY_NEGATION for t in cue):
        return []
    first, last = min(t.i for t in cue), max(t.i for t in cue)
    return [
        c
        for t in cue
        for c in t.children
        if c.dep_ == "neg" and first - NEGATOR_REACH <= c.i <= last
    ]


def _about_a_claim(
    head: Token, content: Sequence[Token], att: Attribution, earlier: Sequence[Attribution]
) -> bool:
    for c in head.children:
        if c.dep_ in ("nsubj", "dobj", "nsubjpass", "attr") and c.lower_ in DEICTIC:
            return True
    ids = {t.i for t in content}
    for i, t in enumerate(content):  # "We have not seen that," (parsed as a "mark")
        after = content[i + 1] if i + 1 < len(content) else None
        attached = t.head.i == head.i or t.head.i not in ids
        if t.lower_ in DEICTIC and attached and (after is None or after.is_punct):
            return True
    mine = content_words(content)
    doc = head.doc
    evidential = head.lemma_.lower() in EVIDENTIAL
    for other in earlier:
        if other.content and _other_speaker(att, other):
            toks = segment_tokens(doc, other.content)
            shared = mine & content_words(toks)
            if evidential and shared:
                return True  # "had not seen intelligence showing ... combat equipment"
            same_predicate = head.lemma_.lower() in {h.lemma_.lower() for h in _predicates(toks)}
            if same_predicate and len(shared) >= MIN_SHARED:
                return True  # "Iran is not shipping engines" after "Iran is shipping engines"
    return False


def _predicates(tokens: Sequence[Token]) -> list[Token]:
    """The verbs heading the clauses of a content."""
    return [t for t in tokens if t.pos_ in ("VERB", "AUX") and t.dep_ in CLAUSE_DEPS]


def same_name(a: str | None, b: str | None) -> bool:
    """Two speaker names for the same person: equal, or one is the other's
    surname ("Shapps", "Grant Shapps")."""
    if not a or not b:
        return False
    if a == b:
        return True
    wa, wb = a.split(), b.split()
    return (len(wa) == 1 or len(wb) == 1) and wa[-1] == wb[-1]


def _other_speaker(a: Attribution, b: Attribution) -> bool:
    na = a.speaker.name if a.speaker else None
    nb = b.speaker.name if b.speaker else None
    return not same_name(na, nb)


# --- declines to comment ----------------------------------------------------


def find_declines(doc: Doc) -> list[tuple[tuple[Segment, ...], tuple[Segment, ...]]]:
    """The (source, cue) of every "declined to comment" phrase in ``doc``."""
    text = doc_text(doc)
    found: list[tuple[tuple[Segment, ...], tuple[Segment, ...]]] = []
    for tok in doc:
        if tok.lemma_.lower() != "comment":
            continue
        hit = _decline(tok)
        if hit is None:
            continue
        source, cue = hit
        for part in _conjoined_sources(source):
            found.append((_segments(text, part), _segments(text, cue)))
    return found


def _conjoined_sources(source: list[Token]) -> list[list[Token]]:
    """ "from the Kremlin or from Russia's Defense Ministry": one source each."""
    if not source:
        return []
    ids = {t.i for t in source}
    head = next(t for t in source if t.head.i not in ids or t.head.i == t.i)
    frm = head.head
    if head.dep_ != "pobj" or frm.lower_ != "from":
        return [source]
    parts = [[t for t in source if t.i not in _conj_ids(frm)]]
    for c in frm.children:
        if c.dep_ == "conj" and c.lower_ == "from":
            obj = next((x for x in c.children if x.dep_ == "pobj"), None)
            if obj is not None:
                parts.append(_phrase(obj))
    return parts


def _conj_ids(tok: Token) -> set[int]:
    return {t.i for c in tok.children if c.dep_ in ("conj", "cc") for t in c.subtree}


def _decline(tok: Token) -> tuple[list[Token], list[Token]] | None:
    head = tok.head
    # "There was no immediate comment from X" / "X had no comment"
    if tok.pos_ == "NOUN" and any(c.lower_ == "no" for c in tok.children):
        cue = [c for c in tok.lefts if c.dep_ in ("det", "amod")] + [tok]
        frm = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "from"), None)
        if frm is not None:
            obj = next((c for c in frm.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return _phrase(obj), [*cue, frm]
        subj = _subject(head)
        if subj is not None and head.lemma_ in ("have", "offer", "give"):
            return _phrase(subj), [head, *cue]
        return None
    # "X declined to comment", "X would not comment"
    if tok.pos_ == "VERB":
        if head.lemma_.lower() in REFUSE_VERBS and tok.dep_ == "xcomp":
            subj = _subject(head)
            aux = [c for c in tok.children if c.dep_ == "aux"]
            return (_phrase(subj), [head, *aux, tok]) if subj is not None else None
        if _negated(tok) and tok.dep_ in ("ROOT", "conj", "ccomp"):
            subj = _subject(tok)
            neg = [c for c in tok.children if c.dep_ in ("aux", "neg")]
            return (_phrase(subj), [*neg, tok]) if subj is not None else None
        return None
    # "... did not respond to a request for comment", "could not be reached for
    # comment", "did not return calls seeking comment"
    verb = _governing_verb(tok)
    if verb is not None and verb.lemma_.lower() in FOR_COMMENT_VERBS and _negated(verb):
        subj = _subject(verb)
        if subj is None:
            return None
        first = min(c.i for c in [verb, *_aux(verb)])
        return _phrase(subj), list(verb.doc[first : tok.i + 1])
    return None


def _governing_verb(tok: Token) -> Token | None:
    """The verb a "for comment" / "seeking comment" phrase hangs off."""
    if tok.dep_ == "dobj" and tok.head.lemma_.lower() == "seek":
        tok = tok.head
    elif not (tok.dep_ == "pobj" and tok.head.lower_ == "for"):
        return None
    node = tok.head
    for _ in range(5):
        if node.pos_ in ("VERB", "AUX") and node.lemma_.lower() != "seek":
            return node
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _aux(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg")]


def _subject(verb: Token) -> Token | None:
    return verb_subject(verb, deps=("nsubj", "nsubjpass"), climb=("conj", "xcomp"))


def _phrase(tok: Token) -> list[Token]:
    """``tok``'s noun phrase without trailing "in response to ..." and clauses."""
    drop: set[int] = set()
    for c in tok.children:
        if c.dep_ in ("relcl", "acl", "punct") or (
            c.dep_ == "prep" and c.lower_ in ("on", "about", "regarding")
        ):
            drop.update(t.i for t in c.subtree)
        if (
            c.dep_ == "prep"
            and c.lower_ == "in"
            and any(x.lower_ == "response" for x in c.children)
        ):
            drop.update(t.i for t in c.subtree)
    toks = [t for t in tok.subtree if t.i not in drop]
    if tok.lower_ in ("who", "which", "that") and tok.head.dep_ == "relcl":
        return _phrase(tok.head.head)
    return toks


def _segments(text: str, toks: Sequence[Token]) -> tuple[Segment, ...]:
    """Contiguous runs of ``toks`` as segments (trailing punctuation trimmed)."""
    toks = sorted(toks, key=lambda t: t.i)
    runs: list[list[Token]] = []
    for t in toks:
        if runs and t.i == runs[-1][-1].i + 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    out = []
    for run in runs:
        while run and run[-1].is_punct:
            run = run[:-1]
        if run:
            start, end = run[0].idx, run[-1].idx + len(run[-1].text)
            out.append(Segment(start, end, text[start:end]))
    return tuple(out)


def apply_declines(doc: Doc, attributions: Sequence[Attribution]) -> list[Attribution]:
    """``attributions`` with a ``declines_to_comment`` attribution for each
    phrase :func:`find_declines` finds, replacing any whose cue is inside it."""
    declines = find_declines(doc)
    if not declines:
        return list(attributions)
    out = list(attributions)
    n = max((int(a.id[1:]) for a in attributions if a.id[1:].isdigit()), default=0)
    for source, cue in declines:
        lo, hi = cue[0].start, cue[-1].end
        out = [
            a
            for a in out
            if a.rule == "declines-to-comment" or not (a.cue and lo <= a.cue[0].start < hi)
        ]
        n += 1
        out.append(
            Attribution(
                id=f"a{n}",
                kind="indirect",
                source=source,
                cue=cue,
                content=(),
                rule="declines-to-comment",
                stance="declines_to_comment",
            )
        )
    return sorted(out, key=lambda a: a.cue[0].start if a.cue else 0)


# --- disputes ---------------------------------------------------------------

#: A denial is linked to what it disputes among at most this many attributions
#: before it (a news article holds far fewer; a text of thousands keeps the
#: cost in proportion to its length instead of its square).
DISPUTE_WINDOW = 300


def dispute_links(doc: Doc, attributions: Sequence[Attribution]) -> list[Attribution]:
    """``attributions`` with ``disputes``/``disputed_by`` filled in."""
    disputes: dict[str, list[str]] = {}
    by_id = {a.id: a for a in attributions}
    previous: dict[str, list[str]] = {}  # speaker name -> what their last denial disputed
    for k, att in enumerate(attributions):
        if att.stance not in ("denies", "questions"):
            continue
        earlier = attributions[max(0, k - DISPUTE_WINDOW) : k]
        targets = _targets(doc, att, earlier, attributions, previous)
        if targets:
            disputes[att.id] = targets
            if att.speaker and att.speaker.name:
                previous[att.speaker.name] = targets
    disputed_by: dict[str, list[str]] = {}
    for d, ts in disputes.items():
        for t in ts:
            disputed_by.setdefault(t, []).append(d)
    return [
        replace(
            a,
            disputes=tuple(disputes.get(a.id, ())),
            disputed_by=tuple(x for x in disputed_by.get(a.id, ()) if x in by_id),
        )
        for a in attributions
    ]


def _targets(
    doc: Doc,
    att: Attribution,
    earlier: Sequence[Attribution],
    everything: Sequence[Attribution],
    previous: dict[str, list[str]],
) -> list[str]:
    candidates = [
        a
        for a in earlier
        if a.content and a.stance == "asserts" and _other_speaker(att, a) and a.speaker
    ]
    toks = segment_tokens(doc, att.content) + segment_tokens(doc, att.cue)
    named = _possessor(toks)
    if named:
        hits = [a.id for a in candidates if a.speaker and _same_person(named, a.speaker.name)]
        if hits:
            return hits
    mine = content_words(segment_tokens(doc, att.content))
    scored = []
    for a in candidates:
        shared = len(mine & content_words(segment_tokens(doc, a.content)))
        if shared >= MIN_SHARED:
            scored.append((shared, a))
    if scored:
        best = max(s for s, _ in scored)
        top = [a for s, a in scored if s == best]
        names = {a.speaker.name for a in top if a.speaker}
        return [a.id for s, a in scored if a in top or (a.speaker and a.speaker.name in names)]
    if _definite_statement(toks):  # "denied the claim": the story's claim
        for a in candidates:
            if a.parent is None:
                return [a.id]
    if any(t.lower_ in DEICTIC or t.lemma_.lower() in claim_nouns() for t in toks):
        name = att.speaker.name if att.speaker else None
        if name and name in previous:
            return previous[name]
        for a in reversed(candidates):
            if a.parent is None:
                return [a.id]
    return []


def _definite_statement(toks: Sequence[Token]) -> bool:
    """ "the claim", "the accusations": a statement noun with "the" and no
    possessor names the story's claim, not the last thing said."""
    for t in toks:
        if t.lemma_.lower() in claim_nouns():
            deps = {c.dep_ for c in t.children}
            dets = {c.lower_ for c in t.children if c.dep_ == "det"}
            if dets == {"the"} and not deps & {"poss", "nmod", "compound", "amod"}:
                return True
    return False


def _possessor(toks: Sequence[Token]) -> str | None:
    """The name in "Shapps' assertion", "Trump's claims"."""
    for t in toks:
        if t.lemma_.lower() in claim_nouns():
            for c in t.children:
                if c.dep_ in ("poss", "nmod", "compound") and c.pos_ == "PROPN":
                    return clean_form(c.text)
    return None


def _same_person(short: str, name: str | None) -> bool:
    return bool(name) and short.lower() in (name or "").lower().split()
