"""The per-document index of named mentions that speaker resolution reads.

:func:`build_mention_index` collects every named mention of a document
(PERSON, ORG, GPE and NORP entities), reads what its noun phrase says about
it (title, affiliation, nationality, gender from an honorific, a gendered
title or a given name in ``given_names.tsv``; the words it was read from
are its descriptor), and clusters the
mentions of one person or organisation ("Shapps" and "Mr. Shapps" join
"Grant Shapps"). The noun-phrase readers are shared with the resolution of
descriptions in :mod:`claimgraph.extract.speakers`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from spacy.tokens import Doc, Span, Token

from claimgraph.extract.speaker_lexicon import NATIONALITY_KINDS, SpeakerLexicon, clean_form
from claimgraph.extract.surnames import People, bearers, resolve_surname, shared_surnames

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
NP_DEPS = frozenset(
    {"compound", "amod", "nmod", "poss", "case", "cc", "conj", "prep", "pobj", "punct"}
)
AFFILIATION_PREPS = frozenset({"for", "at", "of", "with", "from"})
ORG_ENTS = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC", "PERSON"})
ENTITY_KINDS: dict[str, Kind] = {"ORG": "org", "GPE": "place", "NORP": "group"}


# --- records ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fields:
    """What a descriptive phrase says about a speaker."""

    title: str | None = None
    affiliation: str | None = None
    nationality: str | None = None
    gender: Gender | None = None

    def count(self) -> int:
        return sum(v is not None for v in (self.title, self.affiliation, self.nationality))


@dataclass(frozen=True, slots=True)
class Mention:
    """A named mention in the document, with what its noun phrase says about it."""

    pos: int
    root: int
    kind: Kind
    name: str
    key: tuple[str, ...]
    fields: Fields
    descriptor: str
    words: frozenset[str]
    tokens: tuple[int, ...]
    cluster: int = -1


@dataclass(frozen=True, slots=True)
class MentionIndex:
    """The named mentions of a document in text order, and lookups into them."""

    mentions: tuple[Mention, ...]
    positions: tuple[int, ...]
    by_token: dict[int, int]
    clusters: tuple[tuple[int, ...], ...]
    by_word: dict[str, tuple[int, ...]]
    by_name: dict[str, tuple[int, ...]]
    cluster_pos: tuple[tuple[int, ...], ...]
    # per mention, over its cluster up to it: the longest name, the fullest
    # description (mention indices) and the first gender
    summary: tuple[tuple[int, int, Gender | None], ...]
    # clusters of bare surnames that two people of the article bear and
    # nothing resolves ("Clinton" with Bill and Hillary named equally often)
    unresolved: frozenset[int] = frozenset()
    # each surname two people of the article bear -> the cluster a bare
    # mention of it takes wherever it stands (one the entity recogniser
    # missed), ``None`` when that is unclear
    shared: dict[str, int | None] = field(default_factory=dict)


# --- noun-phrase reading ----------------------------------------------------


def span_text(text: str, toks: Sequence[Token]) -> str:
    """The text from the first token to the last of ``toks`` in the document text
    ``text`` (what ``Span.text`` gives, without building the span)."""
    last = toks[-1]
    return text[toks[0].idx : last.idx + len(last)]


def phrase_heads(toks: Sequence[Token]) -> list[Token]:
    """The tokens of a phrase whose syntactic head is outside it (or themselves)."""
    ids = {t.i for t in toks}
    return [t for t in toks if t.head.i not in ids or t.head.i == t.i]


def _strip_possessive(toks: list[Token]) -> list[Token]:
    while toks and (toks[-1].dep_ == "case" or toks[-1].text in ("'", "’")):
        toks = toks[:-1]
    while toks and toks[0].pos_ == "DET":
        toks = toks[1:]
    return toks


def modifiers_before(root: Token, first: int) -> list[Token]:
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


def split_modifiers(text: str, toks: Sequence[Token], lex: SpeakerLexicon) -> Fields:
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
        title = span_text(text, kept[start:])
        rest = kept[:start]
        gender = gender or _title_gender(kept[start : h + 1])
    nationality, taken = find_nationalities(text, rest, lex)
    return Fields(title, _affiliation_run(text, rest, taken, lex), nationality, gender)


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


def find_nationalities(
    text: str, toks: Sequence[Token], lex: SpeakerLexicon
) -> tuple[str | None, set[int]]:
    found: list[str] = []
    taken: set[int] = set()
    i = 0
    while i < len(toks):
        for n in (3, 2, 1):
            if i + n > len(toks):
                continue
            form = span_text(text, toks[i : i + n])
            entry = lex.nationality_entry(form)
            if entry is not None and entry[1] in NATIONALITY_KINDS:
                found.append(clean_form(form))
                taken.update(t.i for t in toks[i : i + n])
                i += n - 1
                break
        i += 1
    return (", ".join(dict.fromkeys(found)) or None), taken


def _affiliation_run(
    text: str, toks: Sequence[Token], taken: set[int], lex: SpeakerLexicon
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
    return span_text(text, run)


def phrase_words(toks: Iterable[Token], lex: SpeakerLexicon) -> frozenset[str]:
    """The normalised words of a phrase, for matching descriptions against it."""
    return frozenset(
        lex.norm(t) for t in toks if t.is_alpha or (t.text[:1].isalpha() and "." in t.text)
    )


def prep_affiliation(text: str, head: Token, lex: SpeakerLexicon) -> tuple[str | None, int]:
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
            return span_text(text, sub), sub[-1].i
    return None, head.i


def portfolio(text: str, head: Token, fields: Fields, lex: SpeakerLexicon) -> Fields:
    """Grow a title ending at ``head`` by an "of" portfolio: "minister of the economy"."""
    if fields.title is None:
        return fields
    for prep in head.rights:
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if prep.lower_ == "of" and pobj is not None and pobj.lower_ in lex.modifiers:
            grown = span_text(text, [prep, pobj.right_edge])
            return replace(fields, title=f"{fields.title} {grown}")
    return fields


def merge_fields(first: Fields, second: Fields) -> Fields:
    return Fields(
        first.title or second.title,
        first.affiliation or second.affiliation,
        first.nationality or second.nationality,
        first.gender or second.gender,
    )


# --- the mention index ------------------------------------------------------


def _in_headline(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` lies on a title-case line ("Derelict Obama
    and Clinton", "Obama Says African-American Museum Will Tell ..."), where
    the entity recogniser takes capitalised words in with names."""
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    words = [w for w in text[first : last if last >= 0 else len(text)].split() if len(w) > 3]
    words = [w for w in words if w[0].isalpha()]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _person_mention(ent: Span, text: str, lex: SpeakerLexicon) -> Mention | None:
    doc = ent.doc
    toks = _strip_possessive(list(ent))
    while len(toks) > 1 and (
        toks[0].lower_ in HONORIFICS
        or lex.is_title_head(toks[0])
        or toks[0].lower_ in lex.modifiers
    ):
        toks = toks[1:]
    while len(toks) > 1 and toks[-1].pos_ in ("VERB", "AUX"):
        toks = toks[:-1]  # "Obama Says" in a headline
    first = toks[0].i if toks else 0
    if len(toks) > 1 and _in_headline(text, toks[0].idx, toks[-1].idx + len(toks[-1])):
        toks = toks[-1:]  # in a headline only the surname is sure to be a name
    if not toks or not any(ch.isalpha() for t in toks for ch in t.text):
        return None
    root = next(iter(phrase_heads(toks)), toks[-1])
    # what precedes the entity, not the given names dropped from a headline
    pre = modifiers_before(root, first)
    fields = split_modifiers(text, pre, lex)
    start, end = (pre or toks)[0], toks[-1]
    desc_toks = list(pre)
    appos = next((c for c in root.rights if c.dep_ == "appos" and c.pos_ == "NOUN"), None)
    if appos is None and root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head.i < root.i:
        appos = root.head
    if appos is not None:
        left = modifiers_before(appos, appos.i)
        extra = portfolio(text, appos, split_modifiers(text, [*left, appos], lex), lex)
        aff, last = prep_affiliation(text, appos, lex)
        fields = merge_fields(fields, merge_fields(Fields(affiliation=aff), extra))
        desc_toks += [*left, appos, *(doc[i] for i in range(appos.i + 1, last + 1))]
        start = min(start, (left or [appos])[0], key=lambda t: t.i)
        end = max(end, doc[last], key=lambda t: t.i)
    if fields.gender is None and len(toks) > 1:
        given = lex.given_names.get(toks[0].lower_)
        if given in ("m", "f"):
            fields = replace(fields, gender="m" if given == "m" else "f")
    name = span_text(text, toks)
    name_ids = {t.i for t in toks}
    return Mention(
        pos=toks[0].idx,
        root=root.i,
        kind="person",
        name=name,
        key=tuple(t.lower_ for t in toks),
        fields=fields,
        descriptor=span_text(text, [start, end]).strip(" ,"),
        words=phrase_words((t for t in desc_toks if t.i not in name_ids), lex),
        tokens=tuple(t.i for t in [*pre, *toks]),
    )


def _org_mention(ent: Span, kind: Kind, text: str, lex: SpeakerLexicon) -> Mention | None:
    doc = ent.doc
    toks = _strip_possessive(list(ent))
    if not toks:
        return None
    if any(t.pos_ in ("VERB", "AUX") for t in toks) and _in_headline(
        text, toks[0].idx, toks[-1].idx + len(toks[-1])
    ):
        return None  # a headline fragment ("Obama Sees 'Personal Insult"), not a body
    root = next(iter(phrase_heads(toks)), toks[-1])
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
    pre = modifiers_before(root, toks[0].i)
    fields = split_modifiers(text, pre, lex)
    name = span_text(text, toks)
    entry = lex.nationality_entry(name)
    national = entry is not None and entry[1] in NATIONALITY_KINDS
    if kind == "group" and entry is None:  # "Democrats"
        fields = replace(fields, affiliation=name)
    elif kind == "group" or (kind == "place" and national):  # "Ukrainians", "Britain"
        fields = replace(fields, nationality=clean_form(name))
    all_toks = [*pre, *toks]
    return Mention(
        pos=toks[0].idx,
        root=root.i,
        kind=kind,
        name=name,
        key=(name.lower(),),
        fields=fields,
        descriptor=span_text(text, all_toks),
        words=phrase_words(all_toks, lex),
        tokens=tuple(t.i for t in all_toks),
    )


def _contains(big: tuple[str, ...], small: tuple[str, ...]) -> bool:
    n = len(small)
    return any(big[i : i + n] == small for i in range(len(big) - n + 1))


def build_mention_index(
    doc: Doc, text: str, lex: SpeakerLexicon, sources: Iterable[int] = ()
) -> MentionIndex:
    """The named mentions of ``doc``, clustered; ``text`` is ``doc.text`` (which
    spaCy rebuilds on every access, so the caller passes it in). ``sources``
    are the head tokens of the attributions' sources (who speaks by name
    helps resolve a surname two people bear)."""
    drafts: list[Mention] = []
    claimed: set[int] = set()
    ents = doc.ents
    for ent in ents:
        if ent.label_ != "PERSON":
            continue
        m: Mention | None
        if len(ent) == 1 and (e := lex.nationality_entry(ent.text)) and e[1] == "capital":
            m = _org_mention(ent, "place", text, lex)
        else:
            m = _person_mention(ent, text, lex)
            r = doc[m.root] if m else None
            if r is not None and r.dep_ == "compound" and lex.noun_class(r.head) == "org":
                m = _org_mention(ent, "org", text, lex)
        if m is not None:
            drafts.append(m)
            claimed.update(m.tokens)
    for ent in ents:
        kind = ENTITY_KINDS.get(ent.label_)
        if kind is None or any(t.i in claimed for t in ent):
            continue
        om = _org_mention(ent, kind, text, lex)
        if om is not None:
            drafts.append(om)
    drafts.sort(key=lambda d: d.pos)
    parsed = doc.has_annotation("DEP") or doc.has_annotation("SENT_START")
    sentences = tuple(s[0].idx for s in doc.sents) if parsed and len(doc) else (0,)
    return _cluster(drafts, frozenset(sources), sentences)


def _cluster(
    drafts: list[Mention], sources: frozenset[int], sentences: tuple[int, ...]
) -> MentionIndex:
    """Group mentions of one entity: "Shapps" and "Mr. Shapps" join "Grant Shapps".

    A bare surname that two people of the article bear ("Clinton" where Bill
    and Hillary Clinton are named) is set aside until every full name is
    clustered, then resolved by
    :func:`~claimgraph.extract.surnames.resolve_surname`."""
    assigned: list[int] = []
    clusters: list[list[int]] = []
    longest: list[tuple[str, ...]] = []
    genders: list[Gender | None] = []
    by_name: dict[str, list[int]] = {}
    by_label: dict[str, int] = {}
    shared = shared_surnames(d.key for d in drafts if d.kind == "person")
    deferred: list[int] = []
    for i, d in enumerate(drafts):
        if d.kind == "org" and " " not in d.key[0] and d.key[0] in by_name:  # NER slip
            d = drafts[i] = replace(d, kind="person", fields=Fields(), words=frozenset())
        if d.kind == "person" and len(d.key) == 1 and d.key[0] in shared:
            deferred.append(i)
            assigned.append(-1)
            continue
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
        clusters[cid].append(i)
        assigned.append(cid)
    sources_at = tuple(
        tuple(drafts[i].pos for i in c if len(drafts[i].key) > 1 and drafts[i].root in sources)
        for c in clusters
    )
    positions = tuple(tuple(drafts[i].pos for i in c) for c in clusters)
    state = People(tuple(longest), tuple(genders), positions, sources_at, sentences)
    choice = {s: resolve_surname(s, None, state) for s in shared if bearers(s, longest)}
    unresolved: dict[str, int] = {}
    last: dict[str, tuple[int, int | None]] = {}  # the previous bare mention, resolved to
    for i in deferred:
        d = drafts[i]
        surname = d.key[0]
        found = resolve_surname(surname, d.fields.gender, state, d.pos, last.get(surname))
        last[surname] = (d.pos, found)
        if found is not None:
            cid = found
        elif bearers(surname, longest):
            if surname not in unresolved:
                unresolved[surname] = len(clusters)
                clusters.append([])
                longest.append(d.key)
                genders.append(None)
            cid = unresolved[surname]
        else:  # no full name bears it after all: as before
            cid = _match_person(d, by_name, longest, genders, clusters)
            if cid == len(clusters):
                clusters.append([])
                longest.append(d.key)
                genders.append(None)
            if cid not in (ids := by_name.setdefault(surname, [])):
                ids.append(cid)
        clusters[cid].append(i)
        assigned[i] = cid
    ordered: list[list[int]] = [[] for _ in clusters]
    mentions: list[Mention] = []
    for i, d in enumerate(drafts):
        ordered[assigned[i]].append(i)
        mentions.append(replace(d, cluster=assigned[i]))
    return _make_index(mentions, ordered, by_name, frozenset(unresolved.values()), choice)


def _match_person(
    d: Mention,
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
    mentions: list[Mention],
    clusters: list[list[int]],
    by_name: dict[str, list[int]],
    unresolved: frozenset[int],
    shared: dict[str, int | None],
) -> MentionIndex:
    by_token: dict[int, int] = {}
    by_word: dict[str, list[int]] = {}
    summary: list[tuple[int, int, Gender | None]] = []
    running: dict[int, tuple[int, int, Gender | None]] = {}
    counts: dict[tuple[int, tuple[str, ...]], int] = {}

    def name_rank(m: Mention) -> tuple[bool, int, int]:
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
    return MentionIndex(
        mentions=tuple(mentions),
        positions=tuple(m.pos for m in mentions),
        by_token=by_token,
        clusters=tuple(tuple(c) for c in clusters),
        by_word={w: tuple(v) for w, v in by_word.items()},
        by_name={w: tuple(v) for w, v in by_name.items()},
        cluster_pos=tuple(tuple(mentions[i].pos for i in c) for c in clusters),
        summary=tuple(summary),
        unresolved=unresolved,
        shared=shared,
    )


def _fullness(m: Mention) -> tuple[int, int]:
    return m.fields.count(), len(m.descriptor)
