"""Turn BIO role tags into linked attributions (pure functions).

Each predicted cue span starts an attribution. Every content and source span
is linked to the nearest cue: in the same sentence if there is one there,
else in the same paragraph, else (for contents only, e.g. a quoted paragraph
whose speaker is named in the next one) in the neighbouring paragraph.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from claimgraph.extract.spans import doc_text, make_segments
from claimgraph.records import Attribution, Segment


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
        if tag == "O":
            close()
            current, role = [], ""
            continue
        prefix, r = tag.split("-", 1)
        if prefix == "B" or r != role or (current and paragraph_of[current[-1]] != paragraph_of[i]):
            close()
            current, role = [i], r
        else:
            current.append(i)
    close()
    return spans


def link(doc: Doc, spans: Sequence[Span]) -> list[Attribution]:
    """Attributions from role spans: each cue with its nearest sources and contents."""
    cues = [s for s in spans if s.role == "CUE"]
    if not cues:
        return []
    owned: dict[int, dict[str, list[Span]]] = {k: {"SRC": [], "CON": []} for k in range(len(cues))}
    for span in spans:
        if span.role == "CUE":
            continue
        k = _nearest_cue(span, cues)
        if k is not None:
            owned[k][span.role].append(span)
    out: list[Attribution] = []
    for k, cue in enumerate(cues):
        contents = owned[k]["CON"]
        if not contents:
            continue
        sources = owned[k]["SRC"][:1] if owned[k]["SRC"] else []
        if len(owned[k]["SRC"]) > 1:
            sources = [min(owned[k]["SRC"], key=lambda s: _distance(s, cue))]
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


def _nearest_cue(span: Span, cues: Sequence[Span]) -> int | None:
    same_sent = [k for k, c in enumerate(cues) if c.sentence == span.sentence]
    same_para = [k for k, c in enumerate(cues) if c.paragraph == span.paragraph]
    near_para = [k for k, c in enumerate(cues) if abs(c.paragraph - span.paragraph) == 1]
    for pool in (same_sent, same_para, near_para if span.role == "CON" else []):
        if pool:
            return min(pool, key=lambda k: _distance(span, cues[k]))
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
