"""Speaker resolution: who each attribution's source refers to.

:func:`resolve_speakers` fills ``Attribution.speaker`` for every attribution
with a source. It is pure and runs one pass per document over an index of
the named mentions (PERSON, ORG, GPE and NORP entities) built once, so its
cost grows about linearly with the document.

How a source is read (its syntactic head decides):

- **A named person** ("British Defense Secretary Grant Shapps", "Shapps",
  "Mr. Trump"): ``name`` is the full form of the name used most up to that
  point ("Donald Trump"; the surname alone only when no full form came
  earlier); a short name joins the person mentioned most whose name
  contains it and whose known gender agrees. Honorifics are dropped (Mr.,
  Mrs., Ms., Dr.) or become the title (Sen., Rep., Gov.). The words before the name in its noun
  phrase, and an appositive ("Steve Elmendorf, deputy campaign manager for
  X"), give ``nationality`` (a form in ``nationalities.tsv``), ``title`` (a
  run ending in a head from ``titles.txt``, grown leftwards over ranks and
  portfolios: "National Security Adviser") and ``affiliation`` (the proper
  or common nouns left between them: "White House"; or the object of "for"/
  "at"/"of" when it is an organisation). A mention with none of its own
  inherits them from the fullest earlier mention of the same person, whose
  text is then the ``descriptor``.
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
  the names with " and " when every conjunct has one.

``descriptor`` is the text the fields were read from; it is ``None`` when
nothing was resolved. :func:`country_code` maps a nationality as written to
its ISO 3166-1 alpha-2 code.
"""

from __future__ import annotations

import bisect
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Literal

from spacy.tokens import Doc, Span, Token

from claimgraph.errors import ModelError
from claimgraph.extract.quotes import find_quotes
from claimgraph.records import Attribution, Segment, Speaker

Kind = Literal["person", "org", "place", "group", "none"]
Gender = Literal["m", "f"]

HONORIFICS: dict[str, Gender | None] = {
    "mr.": "m",
    "mr": "m",
    "sir": "m",
    "lord": "m",
    "mrs.": "f",
    "mrs": "f",
    "ms.": "f",
    "ms": "f",
    "miss": "f",
    "dame": "f",
    "lady": "f",
    "dr.": None,
    "dr": None,
    "mx.": None,
}
MALE_TITLES = frozenset({"king", "prince", "duke", "emir", "sheikh"})
FEMALE_TITLES = frozenset({"queen", "princess", "duchess"})
PERSONAL_PRONOUNS: dict[str, Gender] = {"he": "m", "she": "f"}
GROUP_PRONOUNS = frozenset({"they", "we", "it"})
FIRST_PERSON = frozenset({"i", "we"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
PRONOUNS = frozenset({*PERSONAL_PRONOUNS, *GROUP_PRONOUNS, *FIRST_PERSON, *RELATIVE_PRONOUNS})
DEFINITE = frozenset({"the", "that", "this", "these", "those"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
NP_DEPS = frozenset(
    {"compound", "amod", "nmod", "poss", "case", "cc", "conj", "prep", "pobj", "punct"}
)
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss", "npadvmod"})
AFFILIATION_PREPS = frozenset({"for", "at", "of", "with", "from"})
NATIONALITY_KINDS = frozenset({"demonym", "country"})
ORG_ENTS = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC", "PERSON"})
ENTITY_KINDS: dict[str, Kind] = {"ORG": "org", "GPE": "place", "NORP": "group"}
ORG_KINDS = frozenset({"org", "place", "group"})
PERSON_KINDS = frozenset({"person", "group"})
MAX_LOOKBACK = 200  # mentions or content spans looked at backwards, at most
MAX_PRIOR = 30  # earlier attributions a description is matched against, at most


# --- lexicon ----------------------------------------------------------------


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

    def is_title_head(self, tok: Token) -> bool:
        return tok.lower_ in self.title_heads or tok.lemma_.lower() in self.title_heads

    def norm(self, tok: Token) -> str:
        word = tok.lemma_.lower() if tok.pos_ == "NOUN" else tok.lower_
        return self.aliases.get(word, word)

    def noun_class(self, tok: Token) -> str | None:
        return self.nouns.get(tok.lemma_.lower()) or self.nouns.get(tok.lower_)


def _rows(name: str) -> list[list[str]]:
    try:
        raw = resources.files("claimgraph.data").joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ModelError(
            f"packaged data file {name!r} is missing; reinstall claimgraph (pip install -e .)"
        ) from exc
    return [
        [cell.strip() for cell in line.split("\t")]
        for line in raw.splitlines()
        if line.strip() and not line.startswith("#")
    ]


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
    )


def _nationality_entry(form: str, lex: SpeakerLexicon) -> tuple[str, str] | None:
    form = form.strip()
    for article in ("the ", "The "):
        form = form.removeprefix(article)
    for suffix in ("'s", "’s", "’", "'"):
        form = form.removesuffix(suffix)
    entry = lex.nationalities.get(form)
    if entry is None and form.endswith("s"):
        plural = lex.nationalities.get(form[:-1])
        if plural is not None and plural[1] == "demonym":
            entry = plural
    return entry


def country_code(nationality: str) -> str | None:
    """ISO 3166-1 alpha-2 code of a nationality as written ("British" -> "GB").

    Demonyms, country names and capitals used for their governments are
    known; a list ("U.S., British") or an unknown form gives ``None``.
    """
    entry = _nationality_entry(nationality, load_speaker_lexicon())
    return entry[0] if entry else None


def country_codes(nationality: str) -> tuple[str, ...]:
    """The codes of every nationality in a list such as "U.S., British"."""
    parts = nationality.replace(" and ", ", ").split(", ")
    codes = (country_code(p) for p in parts if p.strip())
    return tuple(dict.fromkeys(c for c in codes if c))


# --- records ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Fields:
    title: str | None = None
    affiliation: str | None = None
    nationality: str | None = None
    gender: Gender | None = None

    def count(self) -> int:
        return sum(v is not None for v in (self.title, self.affiliation, self.nationality))


@dataclass(frozen=True, slots=True)
class _Mention:
    """A named mention in the document, with what its noun phrase says about it."""

    pos: int
    root: int
    kind: Kind
    name: str
    key: tuple[str, ...]
    fields: _Fields
    descriptor: str
    words: frozenset[str]
    tokens: tuple[int, ...]
    cluster: int = -1


@dataclass(frozen=True, slots=True)
class _Ref:
    """What a source resolved to (``speaker.mention`` is filled in at the end)."""

    speaker: Speaker
    kind: Kind
    cluster: int | None = None
    words: frozenset[str] = frozenset()
    gender: Gender | None = None


_NONE = _Ref(Speaker(mention=""), "none")


@dataclass(frozen=True, slots=True)
class _Index:
    mentions: tuple[_Mention, ...]
    positions: tuple[int, ...]
    by_token: dict[int, int]
    clusters: tuple[tuple[int, ...], ...]
    by_word: dict[str, tuple[int, ...]]
    by_name: dict[str, tuple[int, ...]]
    cluster_pos: tuple[tuple[int, ...], ...]
    # per mention, over its cluster up to it: the longest name, the fullest
    # description (mention indices) and the first gender
    summary: tuple[tuple[int, int, Gender | None], ...]


# --- noun-phrase reading ----------------------------------------------------


def _text(doc: Doc, toks: Sequence[Token]) -> str:
    # Span.text, not Doc.text: Doc.text rebuilds the whole text on every call.
    return str(doc[toks[0].i : toks[-1].i + 1].text)


def _strip_possessive(toks: list[Token]) -> list[Token]:
    while toks and (toks[-1].dep_ == "case" or toks[-1].text in ("'", "’")):
        toks = toks[:-1]
    while toks and toks[0].pos_ == "DET":
        toks = toks[1:]
    return toks


def _modifiers_before(root: Token, first: int) -> list[Token]:
    """The tokens of ``root``'s noun phrase directly before token ``first``."""
    doc = root.doc
    out: list[Token] = []
    j = first - 1
    while j >= root.left_edge.i:
        t = doc[j]
        if t.pos_ in ("DET", "PRON", "VERB", "AUX", "SCONJ", "ADV", "SPACE") or t.is_quote:
            break
        if (t.pos_ == "ADP" and t.lower_ != "of") or (t.is_punct and t.text not in "-"):
            break
        if t.dep_ not in NP_DEPS:  # "this year Clinton ...": not part of the name's phrase
            break
        out.append(t)
        j -= 1
    out.reverse()
    return out


def _split_modifiers(doc: Doc, toks: Sequence[Token], lex: SpeakerLexicon) -> _Fields:
    """Title, affiliation and nationality from the words of a descriptive phrase."""
    gender: Gender | None = None
    kept: list[Token] = []
    for t in toks:
        if t.lower_ in HONORIFICS:
            gender = gender or HONORIFICS[t.lower_]
        else:
            kept.append(t)
    title: str | None = None
    rest = kept
    heads = [i for i, t in enumerate(kept) if lex.is_title_head(t)]
    if heads:
        h = start = heads[-1]
        while start > 0 and _extends_title(kept[start - 1 : h + 1], lex):
            start -= 1
        title = _text(doc, kept[start:])
        rest = kept[:start]
        gender = gender or _title_gender(kept[start : h + 1])
    nationality, taken = _nationalities(doc, rest, lex)
    return _Fields(title, _affiliation_run(doc, rest, taken, lex), nationality, gender)


def _extends_title(window: Sequence[Token], lex: SpeakerLexicon) -> bool:
    first = window[0]
    if first.lower_ in lex.modifiers or first.lower_ in lex.titles:
        return True
    return " ".join(t.lower_ for t in window) in lex.title_suffixes


def _title_gender(toks: Iterable[Token]) -> Gender | None:
    for t in toks:
        w = t.lower_
        if w.endswith("woman") or w.endswith("women") or w in FEMALE_TITLES:
            return "f"
        if w.endswith("man") or w.endswith("men") or w in MALE_TITLES:
            return "m"
    return None


def _nationalities(
    doc: Doc, toks: Sequence[Token], lex: SpeakerLexicon
) -> tuple[str | None, set[int]]:
    found: list[str] = []
    taken: set[int] = set()
    i = 0
    while i < len(toks):
        for n in (3, 2, 1):
            if i + n > len(toks):
                continue
            form = _text(doc, toks[i : i + n])
            entry = _nationality_entry(form, lex)
            if entry is not None and entry[1] in NATIONALITY_KINDS:
                found.append(_clean_form(form))
                taken.update(t.i for t in toks[i : i + n])
                i += n - 1
                break
        i += 1
    return (", ".join(dict.fromkeys(found)) or None), taken


def _clean_form(form: str) -> str:
    for suffix in ("'s", "’s", "’", "'"):
        form = form.removesuffix(suffix)
    return form


def _affiliation_run(
    doc: Doc, toks: Sequence[Token], taken: set[int], lex: SpeakerLexicon
) -> str | None:
    """The last run of nouns and names not used as nationality ("White House")."""
    runs: list[list[Token]] = [[]]
    for t in toks:
        good = t.i not in taken and (
            t.pos_ in ("PROPN", "NOUN") or (t.is_title and t.pos_ == "ADJ")
        )
        if good:
            runs[-1].append(t)
        elif t.dep_ != "case" and runs[-1]:
            runs.append([])
    run = next((r for r in reversed(runs) if r), None)
    named = (t.ent_type_ in ORG_ENTS or lex.noun_class(t) == "org" for t in run or ())
    if run is None or not any(named):
        return None  # "his counterpart Xi Jinping": a relation, not an affiliation
    return _text(doc, run)


def _words(toks: Iterable[Token], lex: SpeakerLexicon) -> frozenset[str]:
    """The normalised words of a phrase, for matching descriptions against it."""
    return frozenset(
        lex.norm(t) for t in toks if t.is_alpha or (t.text[:1].isalpha() and "." in t.text)
    )


def _prep_affiliation(doc: Doc, head: Token, lex: SpeakerLexicon) -> tuple[str | None, int]:
    """An organisation in a "for X"/"at X" phrase after ``head``, and its end token."""
    for prep in head.rights:
        if prep.dep_ != "prep" or prep.lower_ not in AFFILIATION_PREPS:
            continue
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        sub = list(pobj.subtree)
        org_like = lex.noun_class(pobj) == "org" or any(t.ent_type_ in ORG_ENTS for t in sub)
        sub = _strip_possessive([t for t in sub if not t.is_punct or t.text == "'s"])
        if org_like and sub:
            return _text(doc, sub), sub[-1].i
    return None, head.i


def _portfolio(doc: Doc, head: Token, fields: _Fields, lex: SpeakerLexicon) -> _Fields:
    """Grow a title ending at ``head`` by an "of" portfolio: "minister of the economy"."""
    if fields.title is None:
        return fields
    for prep in head.rights:
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if prep.lower_ == "of" and pobj is not None and pobj.lower_ in lex.modifiers:
            return replace(fields, title=f"{fields.title} {_text(doc, [prep, pobj.right_edge])}")
    return fields


def _merge(first: _Fields, second: _Fields) -> _Fields:
    return _Fields(
        first.title or second.title,
        first.affiliation or second.affiliation,
        first.nationality or second.nationality,
        first.gender or second.gender,
    )


# --- the mention index ------------------------------------------------------


def _person_mention(doc: Doc, ent: Span, lex: SpeakerLexicon) -> _Mention | None:
    toks = _strip_possessive(list(ent))
    while len(toks) > 1 and (
        toks[0].lower_ in HONORIFICS
        or lex.is_title_head(toks[0])
        or toks[0].lower_ in lex.modifiers
    ):
        toks = toks[1:]
    if not toks or not any(ch.isalpha() for t in toks for ch in t.text):
        return None
    root = next((t for t in toks if t.head.i not in {x.i for x in toks} or t.head == t), toks[-1])
    pre = _modifiers_before(root, toks[0].i)
    fields = _split_modifiers(doc, pre, lex)
    start, end = (pre or toks)[0], toks[-1]
    desc_toks = list(pre)
    appos = next((c for c in root.rights if c.dep_ == "appos" and c.pos_ == "NOUN"), None)
    if appos is None and root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head.i < root.i:
        appos = root.head
    if appos is not None:
        left = _modifiers_before(appos, appos.i)
        extra = _portfolio(doc, appos, _split_modifiers(doc, [*left, appos], lex), lex)
        aff, last = _prep_affiliation(doc, appos, lex)
        fields = _merge(fields, _merge(_Fields(affiliation=aff), extra))
        desc_toks += [*left, appos, *(doc[i] for i in range(appos.i + 1, last + 1))]
        start = min(start, (left or [appos])[0], key=lambda t: t.i)
        end = max(end, doc[last], key=lambda t: t.i)
    name = _text(doc, toks)
    name_ids = {t.i for t in toks}
    return _Mention(
        pos=toks[0].idx,
        root=root.i,
        kind="person",
        name=name,
        key=tuple(t.lower_ for t in toks),
        fields=fields,
        descriptor=_text(doc, [start, end]).strip(" ,"),
        words=_words((t for t in desc_toks if t.i not in name_ids), lex),
        tokens=tuple(t.i for t in [*pre, *toks]),
    )


def _org_mention(doc: Doc, ent: Span, kind: Kind, lex: SpeakerLexicon) -> _Mention | None:
    toks = _strip_possessive(list(ent))
    if not toks:
        return None
    ids = {t.i for t in toks}
    root = next((t for t in toks if t.head.i not in ids or t.head == t), toks[-1])
    head = root.head
    between = list(doc[toks[-1].i + 1 : head.i]) if head.i > root.i else []
    if (
        root.dep_ in ("compound", "poss")
        and head.pos_ == "NOUN"
        and lex.noun_class(head) == "org"
        and all(t.dep_ in ("compound", "case") for t in between)
    ):
        kind = "org"
        toks = [doc[i] for i in range(toks[0].i, head.i + 1)]
        root = head
    pre = _modifiers_before(root, toks[0].i)
    fields = _split_modifiers(doc, pre, lex)
    name = _text(doc, toks)
    entry = _nationality_entry(name, lex)
    if kind == "place" and entry is not None and entry[1] in NATIONALITY_KINDS:
        fields = replace(fields, nationality=_clean_form(name))
    if kind == "group" and entry is not None:
        fields = replace(fields, nationality=_clean_form(name))
    elif kind == "group":
        fields = replace(fields, affiliation=name)
    all_toks = [*pre, *toks]
    return _Mention(
        pos=toks[0].idx,
        root=root.i,
        kind=kind,
        name=name,
        key=(name.lower(),),
        fields=fields,
        descriptor=_text(doc, all_toks),
        words=_words(all_toks, lex),
        tokens=tuple(t.i for t in all_toks),
    )


def _contains(big: tuple[str, ...], small: tuple[str, ...]) -> bool:
    n = len(small)
    return any(big[i : i + n] == small for i in range(len(big) - n + 1))


def _build_index(doc: Doc, lex: SpeakerLexicon) -> _Index:
    drafts: list[_Mention] = []
    claimed: set[int] = set()
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        m: _Mention | None
        if len(ent) == 1 and (e := _nationality_entry(ent.text, lex)) and e[1] == "capital":
            m = _org_mention(doc, ent, "place", lex)
        else:
            m = _person_mention(doc, ent, lex)
            r = doc[m.root] if m else None
            if r is not None and r.dep_ == "compound" and lex.noun_class(r.head) == "org":
                m = _org_mention(doc, ent, "org", lex)
        if m is not None:
            drafts.append(m)
            claimed.update(m.tokens)
    for ent in doc.ents:
        kind = ENTITY_KINDS.get(ent.label_)
        if kind is None or any(t.i in claimed for t in ent):
            continue
        om = _org_mention(doc, ent, kind, lex)
        if om is not None:
            drafts.append(om)
    drafts.sort(key=lambda d: d.pos)
    return _cluster(drafts)


def _cluster(drafts: list[_Mention]) -> _Index:
    """Group mentions of one entity: "Shapps" and "Mr. Shapps" join "Grant Shapps"."""
    mentions: list[_Mention] = []
    clusters: list[list[int]] = []
    longest: list[tuple[str, ...]] = []
    genders: list[Gender | None] = []
    by_name: dict[str, list[int]] = {}
    by_label: dict[str, int] = {}
    for d in drafts:
        if d.kind == "org" and " " not in d.key[0] and d.key[0] in by_name:
            d = replace(d, kind="person", fields=_Fields(), words=frozenset())  # NER slip
        if d.kind == "person":
            cid = _match_person(d, by_name, longest, genders, clusters)
        else:
            cid = by_label.setdefault(f"{d.kind}:{d.key[0]}", len(clusters))
        if cid == len(clusters):
            clusters.append([])
            longest.append(d.key)
            genders.append(None)
        if len(d.key) > len(longest[cid]):
            longest[cid] = d.key
        genders[cid] = genders[cid] or d.fields.gender
        for w in d.key if d.kind == "person" else ():
            if cid not in (ids := by_name.setdefault(w, [])):
                ids.append(cid)
        clusters[cid].append(len(mentions))
        mentions.append(replace(d, cluster=cid))
    return _make_index(mentions, clusters, by_name)


def _match_person(
    d: _Mention,
    by_name: dict[str, list[int]],
    longest: list[tuple[str, ...]],
    genders: list[Gender | None],
    clusters: list[list[int]],
) -> int:
    """The person a name belongs to (the one mentioned most, then most recently),
    or ``len(clusters)`` for a new person."""
    key, gender = d.key, d.fields.gender
    best: tuple[int, int, int] | None = None
    for cid in {*by_name.get(key[-1], ()), *by_name.get(key[0], ())}:
        if not (_contains(longest[cid], key) or _contains(key, longest[cid])):
            continue
        if gender and genders[cid] and gender != genders[cid]:
            continue  # "Mrs. Clinton" is not "Bill Clinton"
        rank = (len(clusters[cid]), clusters[cid][-1], cid)
        best = max(best or rank, rank)
    return best[2] if best else len(clusters)


def _make_index(
    mentions: list[_Mention], clusters: list[list[int]], by_name: dict[str, list[int]]
) -> _Index:
    by_token: dict[int, int] = {}
    by_word: dict[str, list[int]] = {}
    summary: list[tuple[int, int, Gender | None]] = []
    running: dict[int, tuple[int, int, Gender | None]] = {}
    counts: dict[tuple[int, tuple[str, ...]], int] = {}

    def name_rank(m: _Mention) -> tuple[bool, int, int]:
        # a full name over a surname, then the form used most ("Hillary Clinton"
        # over a one-off "Crooked Hillary Clinton"), then the longest
        return len(m.key) > 1, counts[(m.cluster, m.key)], len(m.key)

    for i, m in enumerate(mentions):
        for t in m.tokens:
            by_token.setdefault(t, i)
        for w in m.words:
            by_word.setdefault(w, []).append(i)
        counts[(m.cluster, m.key)] = counts.get((m.cluster, m.key), 0) + 1
        name, full, gender = running.get(m.cluster, (i, i, None))
        if name_rank(m) > name_rank(mentions[name]):
            name = i
        if _fullness(m) > _fullness(mentions[full]):
            full = i
        running[m.cluster] = (name, full, gender or m.fields.gender)
        summary.append(running[m.cluster])
    return _Index(
        mentions=tuple(mentions),
        positions=tuple(m.pos for m in mentions),
        by_token=by_token,
        clusters=tuple(tuple(c) for c in clusters),
        by_word={w: tuple(v) for w, v in by_word.items()},
        by_name={w: tuple(v) for w, v in by_name.items()},
        cluster_pos=tuple(tuple(mentions[i].pos for i in c) for c in clusters),
        summary=tuple(summary),
    )


def _fullness(m: _Mention) -> tuple[int, int]:
    return m.fields.count(), len(m.descriptor)


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
            speaker = replace((ref or _NONE).speaker, mention=mention)
        out.append(replace(att, speaker=speaker))
    return out


class _Resolver:
    """Per-document state: the index, and the speakers resolved so far."""

    def __init__(self, doc: Doc, attributions: Sequence[Attribution], lex: SpeakerLexicon):
        self.doc = doc
        self.atts = attributions
        self.lex = lex
        self.ix = _build_index(doc, lex)
        self.quotes = [(q.start, q.end) for q in find_quotes(doc.text)]
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
        toks: dict[int, Token] = {}
        for seg in segments:
            span = self.doc.char_span(seg.start, seg.end, alignment_mode="expand")
            if span is not None:
                toks.update((t.i, t) for t in span if not t.is_space)
        return [toks[i] for i in sorted(toks)]

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

        speaker = Speaker(
            mention="",
            name=" and ".join(n for n in names if n) if all(names) else None,
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
            inside = any(c.start <= m.pos < c.end for c in content)
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
            if a.cue and any(c.start <= a.cue[0].start < c.end for c in content):
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

    def _elsewhere_quoted(self, m: _Mention, p: int) -> bool:
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
            speaker = Speaker("", m.name, f.title, f.affiliation, f.nationality, m.descriptor)
            if m.kind == "group":  # "Ukrainians", "Democrats": not a name
                speaker = replace(speaker, name=None)
            return _Ref(speaker, m.kind, m.cluster, m.words)
        ix, c = self.ix, m.cluster
        last = ix.clusters[c][bisect.bisect_right(ix.cluster_pos[c], max(p, m.pos)) - 1]
        name_mi, full_mi, gender = ix.summary[last]
        name, full = ix.mentions[name_mi].name, ix.mentions[full_mi]
        base = m.fields if own else _Fields()
        fields = _merge(base, full.fields)
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
        """A name the entity recogniser missed: a known person's, or an organisation's."""
        for cid in reversed(self.ix.by_name.get(root.lower_, ())):
            members = self.ix.clusters[cid]
            if self.ix.mentions[members[0]].pos < root.idx:
                return self._mention_ref(members[0], root.idx)
        toks = [t for t in root.lefts if t.i in ids and t.dep_ == "compound" and t.pos_ == "PROPN"]
        toks = [*toks, root]
        name = _text(self.doc, toks)
        entry = _nationality_entry(name, self.lex)
        nationality = name if entry and entry[1] in NATIONALITY_KINDS else None
        kind: Kind = "place" if entry else "org"
        words = _words(toks, self.lex)
        return _Ref(Speaker("", name, None, None, nationality, name), kind, None, words)

    def _description(self, root: Token, ids: set[int], k: int) -> _Ref:
        lex = self.lex
        left = [t for t in _modifiers_before(root, root.i) if t.i in ids]
        cls = lex.noun_class(root)
        is_title = lex.is_title_head(root)
        if cls == "document" and (author := self._author(root)) is not None:
            return author
        fields, kind = _own_fields(self.doc, root, left, cls, is_title, lex)
        words = _words([*left, root], lex)
        desc_toks = [t for t in self.doc[min([*ids, root.i]) : max(ids) + 1] if t.pos_ != "DET"]
        descriptor = _text(self.doc, desc_toks) if desc_toks else None
        definite = any(c.dep_ == "det" and c.lower_ in DEFINITE for c in root.children)
        if definite and (is_title or cls):
            ref = self._antecedent(root, left, fields, k, cls)
            if ref is not None and ref.speaker.name is not None:
                return ref
            if ref is not None:  # "a senior U.S. official ... the official": fill the gaps
                b = ref.speaker
                merged = _merge(fields, _Fields(b.title, b.affiliation, b.nationality))
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
        self, root: Token, left: list[Token], fields: _Fields, k: int, cls: str | None
    ) -> _Ref | None:
        """The nearest earlier mention or speaker that a definite description fits.

        A named one wins; an unnamed earlier speaker ("a senior U.S. official")
        is returned only when no named one fits.
        """
        lex, p = self.lex, root.idx
        _, taken = _nationalities(self.doc, left, lex)
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
    doc: Doc, root: Token, left: list[Token], cls: str | None, is_title: bool, lex: SpeakerLexicon
) -> tuple[_Fields, Kind]:
    """What a description says by itself: "senior anonymous U.S. officials"."""
    plural = root.tag_ in ("NNS", "NNPS")
    if cls == "org":
        nationality, taken = _nationalities(doc, left, lex)
        run: list[Token] = []
        for t in reversed(left):
            if t.i in taken or t.pos_ not in ("NOUN", "PROPN", "ADJ"):
                break
            run.insert(0, t)
        while run and run[0].pos_ == "ADJ" and not run[0].is_title:
            run = run[1:]
        return _Fields(None, _text(doc, [*run, root]), nationality), "org"
    fields = _split_modifiers(doc, [*left, root], lex)
    if is_title:
        fields = _portfolio(doc, root, fields, lex)
        prep = _Fields(affiliation=_prep_affiliation(doc, root, lex)[0])
        return _merge(fields, prep), "group" if plural else "person"
    kind: Kind = "group" if plural and fields.nationality else "none"
    return _Fields(nationality=fields.nationality), kind


def _root(toks: Sequence[Token]) -> Token:
    """The syntactic head of a phrase (a noun or pronoun if there are several)."""
    ids = {t.i for t in toks}
    heads = [t for t in toks if t.head.i not in ids or t.head.i == t.i]
    return next((t for t in heads if t.pos_ in ("NOUN", "PROPN", "PRON")), heads[0])


def _is_person(ref: _Ref, gender: Gender) -> bool:
    return ref.kind == "person" and ref.gender in (None, gender)
