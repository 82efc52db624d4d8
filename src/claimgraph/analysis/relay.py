"""Relay chains: the outlets, documents and intermediaries an attribution
reaches us through (``Attribution.via``), outermost first.

Pure functions over a parsed :class:`~spacy.tokens.Doc` and its attributions
(with speakers resolved). The links, by the phrase that makes them:

- "X said ..., **as quoted by** Reuters" / "as reported by": every
  attribution whose content the phrase trails (or holds) gets
  ``quoted_by``/``reported_by`` Reuters.
- "Reuters reported ..., **citing** senior officials": the cited source's
  attribution (same content) gets ``reported_by`` Reuters.
- "..., **according to** that report": ``according_to`` the report, with
  ``refers_to`` the earlier text that names it ("Reuters reported") when
  "that report" was resolved to an earlier speaker.
- "the official **was quoted as saying**": ``quoted_as_saying``, by the
  nearest outlet or document that relayed an attribution in the three
  sentences before, else by an unnamed one.
- "X **told** the BBC" / "**in an interview with** CNN": ``told`` /
  ``interview`` when the listener is an outlet.
- An attribution nested in another one by a different speaker ("He added
  that intelligence services believe ...") is relayed by that speaker:
  it inherits the outer chain and adds ``relayed_by`` the outer speaker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Token

from claimgraph.analysis.acts import same_name
from claimgraph.extract.spans import doc_text, segment_tokens
from claimgraph.extract.speaker_profile import load_speaker_types
from claimgraph.records import Attribution, Segment, Speaker, SpeakerType, Via, ViaRelation

RELAYERS = frozenset({"media", "document"})
LOOKBACK_SENTENCES = 3


def relay_chains(doc: Doc, attributions: Sequence[Attribution]) -> list[Attribution]:
    """``attributions`` with ``via`` filled in (see the module docstring)."""
    text = doc_text(doc)
    own: dict[str, list[Via]] = {a.id: [] for a in attributions}
    by_id = {a.id: a for a in attributions}
    for a in attributions:
        cue = " ".join(s.text for s in a.cue).lower()
        if cue.startswith("as quoted by") or cue.startswith("as reported by"):
            relation: ViaRelation = "quoted_by" if "quoted" in cue else "reported_by"
            link = _link(a, relation, text)
            for holder in _holders(a, attributions, text):
                own[holder.id].insert(0, link)
        elif cue == "citing":
            reporter = _reporter(a, attributions)
            if reporter is not None:
                own[a.id].append(_link(reporter, "reported_by", text))
        elif cue == "according to" and a.speaker is not None:
            if _speaker_type(a) in RELAYERS or a.speaker.type in RELAYERS:
                own[a.id].append(_according_to(a, attributions, text))
        elif "quoted as saying" in cue:
            own[a.id].append(_quoted_as_saying(doc, a, attributions))
        listener = _listener(doc, a)
        if listener is not None:
            own[a.id].append(listener)
    chains: dict[str, tuple[Via, ...]] = {}
    for a in attributions:
        chains[a.id] = _chain(a, by_id, own, chains)
    return [replace(a, via=chains[a.id]) for a in attributions]


def _chain(
    a: Attribution,
    by_id: dict[str, Attribution],
    own: dict[str, list[Via]],
    done: dict[str, tuple[Via, ...]],
    depth: int = 0,
) -> tuple[Via, ...]:
    if a.id in done:
        return done[a.id]
    parent = by_id.get(a.parent) if a.parent else None
    outer: tuple[Via, ...] = ()
    if parent is not None and depth < 10 and not _is_relay(a):
        outer = _chain(parent, by_id, own, done, depth + 1)
        ps = parent.speaker
        if ps is not None and ps.name and not _same(ps, a.speaker) and parent.source:
            names = {v.name for v in outer}
            if ps.name not in names:
                seg = parent.source[0]
                outer = (*outer, Via(ps.name, ps.type, "relayed_by", seg.start, seg.end, seg.text))
    seen = {(v.name, v.relation) for v in outer}
    mine = tuple(v for v in own.get(a.id, ()) if (v.name, v.relation) not in seen)
    return (*outer, *mine)


def _is_relay(a: Attribution) -> bool:
    """The attribution is itself a relay phrase ("as quoted by Reuters")."""
    cue = " ".join(s.text for s in a.cue).lower()
    return cue.startswith(("as quoted by", "as reported by"))


def _same(a: Speaker, b: Speaker | None) -> bool:
    return b is not None and same_name(a.name, b.name)


def _link(a: Attribution, relation: ViaRelation, text: str) -> Via:
    start = min(s.start for s in (*a.cue, *a.source))
    end = max(s.end for s in (*a.cue, *a.source))
    speaker = a.speaker
    name = speaker.name if speaker else None
    return Via(name, _speaker_type(a), relation, start, end, text[start:end])


def _speaker_type(a: Attribution) -> SpeakerType:
    if a.speaker is None:
        return "unknown"
    if a.speaker.type in ("media", "document"):
        return a.speaker.type
    known = load_speaker_types().of_name(a.speaker.name)
    return known[0] if known else a.speaker.type


def _holders(
    relay: Attribution, attributions: Sequence[Attribution], text: str
) -> list[Attribution]:
    """The attributions that the relay phrase trails (their content ends
    just before its cue: the extractor cuts the phrase out of them) or whose
    content holds its cue, outermost first."""
    p = relay.cue[0].start

    def relays(a: Attribution) -> bool:
        return any(s.start <= p < s.end for s in a.content) or (
            bool(a.content)
            and a.content[-1].end <= p
            and not text[a.content[-1].end : p].strip(" ,;:\"'”’)")
        )

    holders = [a for a in attributions if a.id != relay.id and relays(a)]
    return sorted(holders, key=lambda a: a.content[0].start)


def _reporter(citing: Attribution, attributions: Sequence[Attribution]) -> Attribution | None:
    """The attribution by an outlet with the same content as a "citing" one."""
    spans = {(s.start, s.end) for s in citing.content}
    for a in attributions:
        if a.id == citing.id or not a.speaker:
            continue
        if {(s.start, s.end) for s in a.content} & spans:
            return a
    return None


def _according_to(a: Attribution, attributions: Sequence[Attribution], text: str) -> Via:
    src = a.source[0] if a.source else a.cue[0]
    speaker = a.speaker
    name = speaker.name if speaker else None
    refers: Segment | None = None
    if name:
        for b in attributions:
            if b.id == a.id or not b.speaker or b.speaker.name != name or not b.source:
                continue
            if b.source[0].start >= src.start:
                break
            if b.cue:
                start = min(b.source[0].start, b.cue[0].start)
                end = max(b.source[-1].end, b.cue[-1].end)
                refers = Segment(start, end, text[start:end])
    mention = speaker.mention.lower() if speaker else ""
    head_doc = load_speaker_types().of_head(mention.split()[-1]) if mention else None
    kind: SpeakerType = "document" if head_doc and head_doc[0] == "document" else _speaker_type(a)
    return Via(name, kind, "according_to", src.start, src.end, src.text, refers)


def _quoted_as_saying(doc: Doc, a: Attribution, attributions: Sequence[Attribution]) -> Via:
    cue = a.cue
    start, end = cue[0].start, cue[-1].end
    text = doc_text(doc)
    sent = doc.char_span(start, end, alignment_mode="expand")
    floor = 0
    if sent is not None:
        s = sent.sent
        for _ in range(LOOKBACK_SENTENCES):
            if s.start == 0:
                break
            s = doc[s.start - 1].sent
        floor = s.start_char
    for b in reversed(attributions):
        if b.id == a.id or not b.cue or b.cue[0].start >= start or b.cue[0].start < floor:
            continue
        if b.speaker and b.speaker.name and _speaker_type(b) in RELAYERS:
            return Via(
                b.speaker.name, _speaker_type(b), "quoted_as_saying", start, end, text[start:end]
            )
    return Via(None, "unknown", "quoted_as_saying", start, end, text[start:end])


def _listener(doc: Doc, a: Attribution) -> Via | None:
    """ "told the BBC", "in an interview with CNN": the outlet spoken to."""
    toks = segment_tokens(doc, a.cue)
    if not toks:
        return None
    verb = toks[0] if toks[0].pos_ in ("VERB", "AUX") else toks[0].head
    for c in verb.children:
        if verb.lemma_ == "tell" and c.dep_ in ("dobj", "dative"):
            via = _outlet(c, "told")
            if via is not None:
                return via
        if c.dep_ == "prep" and c.lower_ == "in":
            for n in c.children:
                if n.dep_ == "pobj" and n.lemma_.lower() == "interview":
                    for p in n.children:
                        if p.dep_ == "prep" and p.lower_ == "with":
                            obj = next((x for x in p.children if x.dep_ == "pobj"), None)
                            if obj is not None:
                                via = _outlet(obj, "interview")
                                if via is not None:
                                    return via
    return None


def _outlet(tok: Token, relation: ViaRelation) -> Via | None:
    span = tok.doc[tok.left_edge.i : tok.right_edge.i + 1]
    known = load_speaker_types().of_name(span.text)
    if known is None or known[0] != "media":
        return None
    name = span.text[4:] if span.text.lower().startswith("the ") else span.text
    return Via(name, "media", relation, span.start_char, span.end_char, span.text)
