"""Speaker resolution: who each attribution's source refers to.

:func:`resolve_speakers` fills ``Attribution.speaker`` for every attribution
with a source. It is pure and runs one pass per document over an index of
the named mentions (PERSON, ORG, GPE and NORP entities) built once
(:mod:`claimgraph.extract.mentions`), so its cost grows about linearly with
the document. The word lists it reads are in
:mod:`claimgraph.extract.speaker_lexicon`.

How a source is read (its syntactic head decides):

- **A named person** ("British Defense Secretary Grant Shapps", "Shapps",
  "Mr. Trump"): ``name`` is the full form of the name used most up to that
  point ("Donald Trump"; the surname alone only when no full form came
  earlier); a short name joins the person mentioned most whose name contains
  it and whose known gender agrees. A bare surname that two people of the
  article bear ("Clinton" where Bill and Hillary Clinton are named) is
  resolved only on clear evidence
  (:func:`~claimgraph.extract.surnames.resolve_surname`: an honorific's
  gender, or signals that agree: the bearer named three times as often, the
  principal bearer, one just named as a source, the one named so far, the
  bearer of the previous bare surname); otherwise the speaker is a
  ``person`` without a name, and so is a pronoun that takes it. Honorifics
  are dropped (Mr., Mrs., Ms., Dr.) or become the title (Sen., Rep., Gov.).
  The words before the name in its noun phrase, and an appositive ("Steve
  Elmendorf, deputy campaign manager for X"), give ``nationality`` (a form
  in ``nationalities.tsv``), ``title`` (a run ending in a head from
  ``titles.txt``, grown leftwards over ranks and portfolios: "National
  Security Adviser") and ``affiliation`` (the proper or common nouns left
  between them: "White House"; or the object of "for"/"at"/"of" when it is
  an organisation). A mention with none of its own inherits them from the
  fullest earlier mention of the same person, whose text is then the
  ``descriptor``.
- **A pronoun**: he/she go to the nearest compatible person: a subject
  earlier in the same sentence, else the speaker of the previous attribution
  (when no other person is named in between), else the subject of the
  previous sentence, else the nearest person mention outside quotations. A
  gender known from an honorific (Mr., Ms.), a gendered title
  (spokeswoman) or an earlier he/she that took the previous speaker rules a
  person out. they/we go the same way to an organisation or group (or to
  coordinated names: "Trump and Clinton ... They"), it also to a place. I/we
  inside a quotation take the speaker of the attribution whose content
  holds it; who/that/which take the noun phrase the relative clause
  modifies.
- **A definite description** ("the secretary", "the defence secretary",
  "the U.S. official", "the campaign", "that report") whose head is a title
  or an organisation/document noun (``speaker_nouns.tsv``) takes the nearest
  earlier mention, or earlier speaker, whose words contain its head and
  compound nouns (spellings and abbreviations folded by
  ``speaker_aliases.tsv``) and whose nationality does not conflict; "the
  report" also matches an earlier "Reuters reported". Failing that, and for
  indefinite phrases ("senior anonymous U.S. officials"), the fields come
  from the phrase itself and ``name`` stays ``None``.
- **An organisation or place** ("Reuters", "the Associated Press", "the
  Clinton campaign"): ``name`` without a leading "the"; a country also gets
  ``nationality`` ("the U.S." → "U.S."). A group of organisations named by
  a common noun ("U.S. and British intelligence services") has ``name``
  ``None``, the noun phrase as ``affiliation`` ("intelligence services") and
  its nationalities joined by ", " ("U.S., British").
- **Coordination** ("he and Xi"): each conjunct is resolved; ``name`` joins
  the names with " and " when every conjunct has one, else the names of
  the people among them ("Trump and his aides" -> "Donald Trump", plural).
  A name the entity recogniser missed ("Ivanka Trump") keeps its own given
  name rather than joining another person with that surname.

``descriptor`` is the text the fields were read from; it is ``None`` when
nothing was resolved. :func:`country_code` (re-exported from
:mod:`~claimgraph.extract.speaker_lexicon`) maps a nationality as written to
its ISO 3166-1 alpha-2 code.
"""

from __future__ import annotations

import bisect
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from claimgraph.extract.mentions import (
    Fields,
    Gender,
    Kind,
    Mention,
    build_mention_index,
    find_nationalities,
    merge_fields,
    modifiers_before,
    phrase_heads,
    phrase_words,
    portfolio,
    prep_affiliation,
    span_text,
    split_modifiers,
)
from claimgraph.extract.quotes import find_quotes
from claimgraph.extract.spans import doc_text, segment_tokens
from claimgraph.extract.speaker_lexicon import (
    NATIONALITY_KINDS,
    SpeakerLexicon,
    country_code,
    country_codes,
    load_speaker_lexicon,
)
from claimgraph.extract.speaker_profile import profile_speaker
from claimgraph.records import Attribution, Segment, Speaker

__all__ = ["country_code", "country_codes", "load_speaker_lexicon", "resolve_speakers"]

PERSONAL_PRONOUNS: dict[str, Gender] = {"he": "m", "she": "f"}
GROUP_PRONOUNS = frozenset({"they", "we", "it"})
FIRST_PERSON = frozenset({"i", "we"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
PRONOUNS = frozenset({*PERSONAL_PRONOUNS, *GROUP_PRONOUNS, *FIRST_PERSON, *RELATIVE_PRONOUNS})
DEFINITE = frozenset({"the", "that", "this", "these", "those"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss", "npadvmod"})
ORG_KINDS = frozenset({"org", "place", "group"})
PERSON_KINDS = frozenset({"person", "group"})
MAX_LOOKBACK = 200  # mentions or content spans looked at backwards, at most
MAX_PRIOR = 30  # earlier attributions a description is matched against, at most


def _same_given(a: Sequence[str], b: Sequence[str]) -> bool:
    """Given names that may be one person's ("j" and "john"; one missing)."""
    x, y = a[0], b[0]
    return x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y))


# --- records ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Ref:
    """What a source resolved to (``speaker.mention`` is filled in at the end)."""

    speaker: Speaker
    kind: Kind
    cluster: int | None = None
    words: frozenset[str] = frozenset()
    gender: Gender | None = None
    # a bare surname two people of the article bear, left unresolved: a
    # person, but nobody in particular (profiled as unresolved)
    unresolved: bool = False


_NONE = _Ref(Speaker(mention=""), "none")


# --- resolution -------------------------------------------------------------


def resolve_speakers(doc: Doc, attributions: list[Attribution]) -> list[Attribution]:
    """The attributions, in the same order, with ``speaker`` filled in.

    An attribution without a source gets ``speaker=None``; one whose source
    cannot be resolved gets a :class:`Speaker` with only ``mention`` set.
    """
    if not any(a.source for a in attributions):
        return [replace(a, speaker=None) for a in attributions]
    resolver = _Resolver(doc, attributions, load_speaker_lexicon())
    out: list[Attribution] = []
    for k, att in enumerate(attributions):
        ref = resolver.resolve(k)
        speaker = None
        if att.source:
            mention = " ".join(s.text for s in att.source)
            ref = ref or _NONE
            toks = segment_tokens(doc, att.source)
            head = _root(toks) if toks else None
            phrase = [t for t in head.subtree if t.i in {x.i for x in toks}] if head else []
            kind = "none" if ref.unresolved else ref.kind
            speaker = profile_speaker(
                replace(ref.speaker, mention=mention), kind, head, phrase or toks
            )
            if ref.unresolved:  # a person, but which one the article does not say
                speaker = replace(speaker, type="person", anonymous=False)
        out.append(replace(att, speaker=speaker))
    return out


class _Resolver:
    """Per-document state: the index, and the speakers resolved so far."""

    def __init__(self, doc: Doc, attributions: Sequence[Attribution], lex: SpeakerLexicon):
        self.doc = doc
        self.atts = attributions
        self.lex = lex
        self.text = doc_text(doc)
        heads = (segment_tokens(doc, a.source) for a in attributions if a.source)
        self.ix = build_mention_index(doc, self.text, lex, (_root(t).i for t in heads if t))
        self.quotes = [(q.start, q.end) for q in find_quotes(self.text)]
        self.contents = sorted(
            (seg.start, seg.end, j) for j, a in enumerate(attributions) for seg in a.content
        )
        self.content_starts = [c[0] for c in self.contents]
        parsed = doc.has_annotation("DEP") or doc.has_annotation("SENT_START")
        self.sent_starts = [s.start for s in doc.sents] if parsed else [0]
        self.refs: dict[int, _Ref] = {}
        self.busy: set[int] = set()
        self.genders: dict[int, Gender] = {}
        self.source_roots: dict[int, int] = {}

    # -- attributions --

    def resolve(self, k: int) -> _Ref | None:
        if k in self.refs:
            return self.refs[k]
        source = self.atts[k].source
        if not source or k in self.busy:
            return None
        self.busy.add(k)
        toks = self._tokens(source)
        if toks:
            self.source_roots.setdefault(_root(toks).i, k)
        ref = self._tokens_ref(toks, k) if toks else _NONE
        self.busy.discard(k)
        self.refs[k] = ref
        return ref

    def _tokens(self, segments: Sequence[Segment]) -> list[Token]:
        return segment_tokens(self.doc, segments)

    def _tokens_ref(self, toks: Sequence[Token], k: int) -> _Ref:
        ids = {t.i for t in toks}
        root = _root(toks)
        conjuncts = [c for c in root.children if c.dep_ == "conj" and c.i in ids]
        if conjuncts:
            return self._coordination(root, conjuncts, ids, k)
        if root.lower_ in PRONOUNS and root.pos_ == "PRON":
            return self._pronoun(root, k)
        return self._noun_phrase(root, ids, k)

    def _coordination(self, root: Token, conjuncts: list[Token], ids: set[int], k: int) -> _Ref:
        parts: list[list[Token]] = []
        rest = set(ids)
        for c in conjuncts:
            sub = [t for t in c.subtree if t.i in ids]
            rest -= {t.i for t in sub}
            parts.append(sub)
        head = [
            self.doc[i] for i in sorted(rest) if self.doc[i].dep_ not in ("cc", "punct", "preconj")
        ]
        refs = [self._tokens_ref(p, k) for p in [head, *parts] if p]
        names = [r.speaker.name for r in refs]

        def joined(values: Iterable[str | None], sep: str = ", ") -> str | None:
            return sep.join(dict.fromkeys(v for v in values if v)) or None

        # "Trump and his aides": the named people of a group with unnamed
        # members are named (the group stays plural; a store credits them jointly)
        people = [r.speaker.name for r in refs if r.kind == "person" and r.speaker.name]
        speaker = Speaker(
            mention="",
            name=" and ".join(n for n in names if n)
            if all(names)
            else " and ".join(people) or None,
            title=joined(r.speaker.title for r in refs),
            affiliation=joined(r.speaker.affiliation for r in refs),
            nationality=joined(r.speaker.nationality for r in refs),
            descriptor=joined((r.speaker.descriptor for r in refs), " and "),
        )
        words = frozenset(w for r in refs for w in r.words)
        return _Ref(speaker, "group", None, words)

    # -- pronouns --

    def _pronoun(self, tok: Token, k: int) -> _Ref:
        word = tok.lower_
        if word in RELATIVE_PRONOUNS:
            verb = tok.head
            if verb.dep_ == "relcl" and verb.head.i != verb.i:
                clause = range(verb.left_edge.i, verb.right_edge.i + 1)
                toks = [t for t in verb.head.subtree if t.i not in clause and not t.is_punct]
                return self._tokens_ref(toks, k) if toks else _NONE
            return _NONE
        if word in FIRST_PERSON and self._in_quote(tok.idx):
            return self._container(tok, k)
        if word in PERSONAL_PRONOUNS:
            gender = PERSONAL_PRONOUNS[word]
            return self._search(tok, k, lambda r: _is_person(r, gender), gender)
        if word in GROUP_PRONOUNS:  # a country is "it", rarely "they" or "we"
            kinds = ORG_KINDS if word == "it" else ORG_KINDS - {"place"}
            return self._search(tok, k, lambda r: r.kind in kinds)
        return _NONE

    def _container(self, tok: Token, k: int) -> _Ref:
        """The speaker of the innermost other attribution whose content holds ``tok``."""
        p = tok.idx
        i = bisect.bisect_right(self.content_starts, p)
        holders = sorted(
            (end - start, j)
            for start, end, j in self.contents[max(0, i - MAX_LOOKBACK) : i]
            if j != k and p < end
        )
        for _, j in holders:
            ref = self.resolve(j)
            if ref is not None and ref.kind != "none":
                return ref
        return _NONE

    def _search(
        self, tok: Token, k: int, ok: Callable[[_Ref], bool], gender: Gender | None = None
    ) -> _Ref:
        """The nearest compatible referent (see the module docstring for the order)."""
        p = tok.idx
        s = bisect.bisect_right(self.sent_starts, tok.i) - 1
        sent_start = self.doc[self.sent_starts[s]].idx
        content = self.atts[k].content
        ms, pos = self.ix.mentions, self.ix.positions
        for mi in range(bisect.bisect_left(pos, p) - 1, -1, -1):
            m = ms[mi]
            if m.pos < sent_start:
                break
            inside = _within(m.pos, content)
            is_subject = self.doc[m.root].dep_ in SUBJECT_DEPS
            if is_subject and not inside and not self._elsewhere_quoted(m, p):
                ref = self._mention_ref(mi, p)
                if ok(ref):
                    return ref
        prev = self._previous(k, p)
        if prev is not None:
            ref = self.refs.get(prev) or _NONE
            if ok(ref) and not self._intervening(ref, self.atts[prev].source[-1].end, p):
                if gender and ref.cluster is not None:  # the surest case: learn the gender
                    self.genders.setdefault(ref.cluster, gender)
                return ref
        if s > 0:
            subject = self._subject_ref(s - 1, k, p)
            if subject is not None and ok(subject):
                return subject
        for n, mi in enumerate(range(bisect.bisect_left(pos, p) - 1, -1, -1)):
            if n > MAX_LOOKBACK:
                break
            m = ms[mi]
            modifier = m.kind != "person" and self.doc[m.root].dep_ in MODIFIER_DEPS
            if modifier or self._elsewhere_quoted(m, p):
                continue  # "British" in "British officials" is not a speaker
            ref = self._mention_ref(mi, p)
            if ok(ref):
                return ref
        return _NONE

    def _previous(self, k: int, p: int) -> int | None:
        """The nearest earlier attribution with a source, not nested in ``k``."""
        content = self.atts[k].content
        for j in range(k - 1, max(-1, k - 1 - MAX_PRIOR), -1):
            a = self.atts[j]
            if not a.source or a.source[-1].end > p:
                continue
            if a.cue and _within(a.cue[0].start, content):
                continue
            return j
        return None

    def _intervening(self, ref: _Ref, start: int, end: int) -> bool:
        """Whether a person other than ``ref`` is named between ``start`` and ``end``."""
        if ref.kind != "person":
            return False
        pos = self.ix.positions
        for mi in range(bisect.bisect_left(pos, start), bisect.bisect_left(pos, end)):
            m = self.ix.mentions[mi]
            if m.kind == "person" and m.cluster != ref.cluster:
                return True
        return False

    def _subject_ref(self, s: int, k: int, p: int) -> _Ref | None:
        """The main-clause subject of sentence ``s``, as a speaker at ``p``."""
        start = self.sent_starts[s]
        end = self.sent_starts[s + 1] if s + 1 < len(self.sent_starts) else len(self.doc)
        for t in self.doc[start:end]:
            if t.dep_ not in SUBJECT_DEPS or t.head.dep_ != "ROOT" or self._in_quote(t.idx):
                continue
            if any(c.dep_ == "conj" for c in t.children):  # "Trump and Clinton ... They"
                return self._tokens_ref(list(t.subtree), k)
            if t.i in self.ix.by_token:
                return self._mention_ref(self.ix.by_token[t.i], p)
            if t.i in self.source_roots:
                return self.refs.get(self.source_roots[t.i])
            if t.pos_ == "PROPN":
                return self._proper_noun(t, {t.i})
            if t.pos_ == "NOUN" and t.tag_ == "NNS":
                return self._noun_phrase(t, {x.i for x in t.subtree}, k)
            return None
        return None

    def _quote_of(self, p: int) -> int | None:
        """The index of the quotation around offset ``p``, if any."""
        i = bisect.bisect_right(self.quotes, (p, sys.maxsize)) - 1
        return i if i >= 0 and self.quotes[i][0] <= p < self.quotes[i][1] else None

    def _in_quote(self, p: int) -> bool:
        return self._quote_of(p) is not None

    def _elsewhere_quoted(self, m: Mention, p: int) -> bool:
        """A mention inside a quotation that the pronoun at ``p`` is not in."""
        q = self._quote_of(m.pos)
        return q is not None and q != self._quote_of(p)

    # -- noun phrases --

    def _mention_ref(self, mi: int, p: int, own: bool = False) -> _Ref:
        """A named mention as a speaker at position ``p``; with ``own`` its own
        descriptive words win over the fullest earlier mention's."""
        m = self.ix.mentions[mi]
        if m.kind != "person":
            f = m.fields
            name = None if m.kind == "group" else m.name  # "Ukrainians", "Democrats"
            speaker = Speaker("", name, f.title, f.affiliation, f.nationality, m.descriptor)
            return _Ref(speaker, m.kind, m.cluster, m.words)
        ix, c = self.ix, m.cluster
        if c in ix.unresolved:
            return _Ref(Speaker(""), "person", c, m.words, unresolved=True)
        last = ix.clusters[c][bisect.bisect_right(ix.cluster_pos[c], max(p, m.pos)) - 1]
        name_mi, full_mi, gender = ix.summary[last]
        name, full = ix.mentions[name_mi].name, ix.mentions[full_mi]
        base = m.fields if own else Fields()
        fields = merge_fields(base, full.fields)
        descriptor = m.descriptor if own and base.count() else full.descriptor
        speaker = Speaker(
            "", name, fields.title, fields.affiliation, fields.nationality, descriptor
        )
        return _Ref(
            speaker,
            "person",
            m.cluster,
            m.words | full.words,
            gender or self.genders.get(m.cluster),
        )

    def _noun_phrase(self, root: Token, ids: set[int], k: int) -> _Ref:
        ix = self.ix
        mi = ix.by_token.get(root.i)
        if mi is not None:
            return self._mention_ref(mi, root.idx, own=True)
        for c in root.children:
            if c.dep_ == "appos" and c.i in ids and c.i in ix.by_token:
                return self._mention_ref(ix.by_token[c.i], c.idx, own=True)
        if root.pos_ == "PROPN":
            return self._proper_noun(root, ids)
        return self._description(root, ids, k)

    def _proper_noun(self, root: Token, ids: set[int]) -> _Ref:
        """A name the entity recogniser missed: a known person's, or an
        organisation's. "Ivanka Trump" never joins "Donald Trump": a given
        name of its own that differs from the person's makes another person."""
        toks = [t for t in root.lefts if t.i in ids and t.dep_ == "compound" and t.pos_ == "PROPN"]
        given = [t.lower_.rstrip(".") for t in toks]
        if not given and root.lower_ in self.ix.shared:  # two people bear the surname
            cid = self.ix.shared[root.lower_]
            if cid is None:
                words = phrase_words([root], self.lex)
                return _Ref(Speaker(""), "person", None, words, unresolved=True)
            return self._mention_ref(self.ix.clusters[cid][0], root.idx)
        for cid in reversed(self.ix.by_name.get(root.lower_, ())):
            members = self.ix.clusters[cid]
            first = self.ix.mentions[members[0]]
            longest = max((self.ix.mentions[i].key for i in members), key=len)
            if first.pos >= root.idx:
                continue
            if given and len(longest) > 1 and not _same_given(given, list(longest[:-1])):
                if first.kind == "person":
                    name = span_text(self.text, [*toks, root])
                    words = phrase_words([*toks, root], self.lex)
                    return _Ref(Speaker("", name, descriptor=name), "person", None, words)
                continue
            return self._mention_ref(members[0], root.idx)
        toks = [*toks, root]
        name = span_text(self.text, toks)
        entry = self.lex.nationality_entry(name)
        nationality = name if entry and entry[1] in NATIONALITY_KINDS else None
        kind: Kind = "place" if entry else "org"
        words = phrase_words(toks, self.lex)
        return _Ref(Speaker("", name, None, None, nationality, name), kind, None, words)

    def _description(self, root: Token, ids: set[int], k: int) -> _Ref:
        lex = self.lex
        left = [t for t in modifiers_before(root, root.i) if t.i in ids]
        cls = lex.noun_class(root)
        is_title = lex.is_title_head(root)
        if cls == "document" and (author := self._author(root)) is not None:
            return author
        fields, kind = _own_fields(self.text, root, left, cls, is_title, lex)
        words = phrase_words([*left, root], lex)
        desc_toks = [t for t in self.doc[min([*ids, root.i]) : max(ids) + 1] if t.pos_ != "DET"]
        descriptor = span_text(self.text, desc_toks) if desc_toks else None
        definite = any(c.dep_ == "det" and c.lower_ in DEFINITE for c in root.children)
        if definite and (is_title or cls):
            ref = self._antecedent(root, left, fields, k, cls)
            if ref is not None and ref.speaker.name is not None:
                return ref
            if ref is not None:  # "a senior U.S. official ... the official": fill the gaps
                b = ref.speaker
                merged = merge_fields(fields, Fields(b.title, b.affiliation, b.nationality))
                if merged != fields:
                    fields, descriptor = merged, b.descriptor
        if not fields.count():
            return _Ref(Speaker(""), "none", None, words)
        f = fields
        speaker = Speaker("", None, f.title, f.affiliation, f.nationality, descriptor)
        return _Ref(speaker, kind, None, words, f.gender)

    def _author(self, root: Token) -> _Ref | None:
        """The named author of a document ("a Reuters report", "a report by Reuters")."""
        for c in root.children:
            if c.dep_ in ("compound", "poss") and c.i in self.ix.by_token:
                return self._mention_ref(self.ix.by_token[c.i], c.idx)
            if c.dep_ == "prep" and c.lower_ == "by":
                pobj = next((x for x in c.children if x.dep_ == "pobj"), None)
                if pobj is not None and pobj.i in self.ix.by_token:
                    return self._mention_ref(self.ix.by_token[pobj.i], pobj.idx)
        return None

    def _antecedent(
        self, root: Token, left: list[Token], fields: Fields, k: int, cls: str | None
    ) -> _Ref | None:
        """The nearest earlier mention or speaker that a definite description fits.

        A named one wins; an unnamed earlier speaker ("a senior U.S. official")
        is returned only when no named one fits.
        """
        lex, p = self.lex, root.idx
        _, taken = find_nationalities(self.text, left, lex)
        head = lex.norm(root)
        need = {head} | {
            lex.norm(t)
            for t in left
            if t.dep_ == "compound" and t.pos_ in ("NOUN", "PROPN") and t.i not in taken
        }
        codes = set(country_codes(fields.nationality)) if fields.nationality else set()
        kinds = ORG_KINDS if cls == "org" else PERSON_KINDS

        def fits(ref: _Ref) -> bool:
            if ref.kind not in kinds or not need <= ref.words:
                return False
            theirs = set(country_codes(ref.speaker.nationality or ""))
            return not (codes and theirs and not codes & theirs)

        best: tuple[int, _Ref] | None = None
        hits = self.ix.by_word.get(head, ())
        end = bisect.bisect_left(hits, p, key=self._pos)
        for mi in reversed(hits[max(0, end - MAX_LOOKBACK) : end]):
            ref = self._mention_ref(mi, p)
            if fits(ref):
                best = (self.ix.mentions[mi].pos, ref)
                break
        unnamed: _Ref | None = None
        for j in range(k - 1, max(-1, k - 1 - MAX_PRIOR), -1):
            prior = self.refs.get(j)
            a = self.atts[j]
            if prior is None or not a.source or a.source[0].start >= p:
                continue
            said = cls == "document" and root.lemma_.lower() in self._cue_lemmas(j)
            if prior.kind != "none" and (fits(prior) or said):
                if prior.speaker.name is None:
                    unnamed = unnamed or prior
                    continue
                if best is None or a.source[0].start > best[0]:
                    best = (a.source[0].start, prior)
                break
        return best[1] if best else unnamed

    def _pos(self, mi: int) -> int:
        return self.ix.positions[mi]

    def _cue_lemmas(self, j: int) -> set[str]:
        return {t.lemma_.lower() for t in self._tokens(self.atts[j].cue)}


def _own_fields(
    text: str, root: Token, left: list[Token], cls: str | None, is_title: bool, lex: SpeakerLexicon
) -> tuple[Fields, Kind]:
    """What a description says by itself: "senior anonymous U.S. officials"."""
    plural = root.tag_ in ("NNS", "NNPS")
    if cls == "org":
        nationality, taken = find_nationalities(text, left, lex)
        run: list[Token] = []
        for t in reversed(left):
            if t.i in taken or t.pos_ not in ("NOUN", "PROPN", "ADJ"):
                break
            run.insert(0, t)
        while run and run[0].pos_ == "ADJ" and not run[0].is_title:
            run = run[1:]
        return Fields(None, span_text(text, [*run, root]), nationality), "org"
    fields = split_modifiers(text, [*left, root], lex)
    if is_title:
        fields = portfolio(text, root, fields, lex)
        prep = Fields(affiliation=prep_affiliation(text, root, lex)[0])
        return merge_fields(fields, prep), "group" if plural else "person"
    kind: Kind = "group" if plural and fields.nationality else "none"
    return Fields(nationality=fields.nationality), kind


def _root(toks: Sequence[Token]) -> Token:
    """The syntactic head of a phrase (a noun or pronoun if there are several)."""
    heads = phrase_heads(toks)
    return next((t for t in heads if t.pos_ in ("NOUN", "PROPN", "PRON")), heads[0])


def _within(p: int, segments: Iterable[Segment]) -> bool:
    return any(seg.start <= p < seg.end for seg in segments)


def _is_person(ref: _Ref, gender: Gender) -> bool:
    return ref.kind == "person" and ref.gender in (None, gender)
