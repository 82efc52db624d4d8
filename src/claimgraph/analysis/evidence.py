"""Evidence: is a claim backed by evidence the text names, said to be
unsupported, or neither? (``Attribution.evidence``)

Pure functions over a parsed article and its attributions. The phrases are
regular expressions in ``data/evidence_cues.tsv``:

- ``none_given``: the reporter or speaker says no evidence was given
  ("without providing evidence of the assertion", "did not offer proof",
  "provided no evidence"). When such a phrase goes on with "other than X",
  X is the evidence that *was* cited ("other than the 64% growth in
  Russian-Chinese trade").
- ``cited``: "pointing to X", "citing data/documents/satellite images ...",
  "based on a report ...".
- ``claimed``: the speaker says evidence exists ("we have evidence that"),
  inside the attribution's content; it does not change the status.

A phrase in the sentence of an attribution's cue but outside its content
belongs to that attribution (and to attributions nested in it by the same
speaker); a ``none_given`` phrase about "the assertion"/"the claim"/"his
claims" also belongs to the same speaker's earlier attributions, which it
points back to. ``status`` is ``cited`` when any cited span belongs to the
attribution, else ``none_given`` when a none_given span does, else
``not_stated``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from spacy.tokens import Doc

from claimgraph.analysis.acts import same_name
from claimgraph.data import data_lines
from claimgraph.extract.spans import doc_text, sentence_bounds
from claimgraph.records import (
    Attribution,
    Evidence,
    EvidenceKind,
    EvidenceSpan,
    EvidenceStatus,
    Segment,
)

OTHER_THAN = re.compile(r"\s*,?\s*other than\s+(?P<ev>[^.;:]+)", re.IGNORECASE)
POINTS_BACK = re.compile(
    r"\b(?:the|his|her|their|its|this|that|these) (?:assertion|claim|claims|allegations?|"
    r"accusations?|statement|charges?)\b|\b(?:of|for) (?:it|them)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def evidence_patterns() -> tuple[tuple[EvidenceKind, re.Pattern[str]], ...]:
    """The packaged evidence phrases, compiled (``data/evidence_cues.tsv``)."""
    out: list[tuple[EvidenceKind, re.Pattern[str]]] = []
    for line in data_lines("evidence_cues.tsv"):
        kind, pattern = line.split("\t", 1)
        out.append((kind.strip(), re.compile(pattern.strip(), re.IGNORECASE)))  # type: ignore[arg-type]
    return tuple(out)


def find_evidence(text: str, start: int = 0, end: int | None = None) -> list[EvidenceSpan]:
    """Every evidence phrase in ``text[start:end]``, in order."""
    end = len(text) if end is None else end
    found: list[EvidenceSpan] = []
    for kind, pattern in evidence_patterns():
        for m in pattern.finditer(text, start, end):
            if kind == "cited" and m.groupdict().get("ev"):
                s, e = _trim(text, m.start("ev"), m.end("ev"))
                found.append(EvidenceSpan(s, e, text[s:e], "cited"))
                continue
            s, e = m.start(), m.end()
            if kind == "none_given":
                other = OTHER_THAN.match(text, e, end)
                if other is not None:
                    e2 = other.start("ev")
                    found.append(
                        EvidenceSpan(
                            s, _rstrip(text, s, e2), text[s : _rstrip(text, s, e2)], "none_given"
                        )
                    )
                    es, ee = _trim(text, other.start("ev"), other.end("ev"))
                    found.append(EvidenceSpan(es, ee, text[es:ee], "cited"))
                    continue
            found.append(EvidenceSpan(s, e, text[s:e], kind))
    found.sort(key=lambda x: (x.start, x.end))
    return _dedupe(found)


def _dedupe(spans: list[EvidenceSpan]) -> list[EvidenceSpan]:
    out: list[EvidenceSpan] = []
    for sp in spans:
        if out and sp.kind == out[-1].kind and sp.start < out[-1].end:
            if sp.end - sp.start > out[-1].end - out[-1].start:
                out[-1] = sp
            continue
        out.append(sp)
    return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while e > s and text[e - 1] in " ,”\"'’)":
        e -= 1
    while s < e and text[s] in " “\"'(":
        s += 1
    return s, e


def _rstrip(text: str, s: int, e: int) -> int:
    while e > s and text[e - 1] in " ,":
        e -= 1
    return e


def attach_evidence(doc: Doc, attributions: Sequence[Attribution]) -> list[Attribution]:
    """``attributions`` with ``evidence`` filled in (see the module docstring)."""
    text = doc_text(doc)
    spans: dict[str, list[EvidenceSpan]] = {a.id: [] for a in attributions}
    by_id = {a.id: a for a in attributions}
    for k, a in enumerate(attributions):
        if not a.cue:
            continue
        lo, hi = sentence_bounds(doc, a.cue[0].start)
        found = find_evidence(text, lo, hi)
        for i, sp in enumerate(found):
            inside = _within(sp, a.content)
            if sp.kind == "cited" and i and _follows(found[i - 1], sp, text):
                continue  # "... other than X": goes with its none_given phrase
            if sp.kind == "none_given" and not inside and i + 1 < len(found):
                nxt = found[i + 1]
                if (
                    nxt.kind == "cited"
                    and _follows(sp, nxt, text)
                    and _outermost_here(a, by_id, lo, hi)
                ):
                    spans[a.id].append(nxt)
            if sp.kind == "claimed" and inside:
                spans[a.id].append(sp)
            elif sp.kind != "claimed" and not inside and _outermost_here(a, by_id, lo, hi):
                spans[a.id].append(sp)
                if sp.kind == "none_given" and POINTS_BACK.search(sp.text):
                    for b in attributions[:k]:
                        if _same_speaker(a, b) and b.content:
                            spans[b.id].append(sp)
                            spans[b.id].extend(
                                x for x in spans[a.id] if x.kind == "cited" and x not in spans[b.id]
                            )
    # attributions nested in another by the same speaker share its evidence
    for a in attributions:
        parent = by_id.get(a.parent) if a.parent else None
        if parent is not None and _same_speaker(a, parent):
            spans[a.id].extend(x for x in spans[parent.id] if x not in spans[a.id])
    out = []
    for a in attributions:
        mine = sorted(set(spans[a.id]), key=lambda x: (x.start, x.end))
        out.append(replace(a, evidence=Evidence(_status(mine), tuple(mine))))
    return out


def _follows(first: EvidenceSpan, second: EvidenceSpan, text: str) -> bool:
    """``second`` is the "other than X" evidence right after ``first``."""
    return first.kind == "none_given" and not text[first.end : second.start].strip()


def _status(spans: Sequence[EvidenceSpan]) -> EvidenceStatus:
    kinds = {s.kind for s in spans}
    if "cited" in kinds:
        return "cited"
    if "none_given" in kinds:
        return "none_given"
    return "not_stated"


def _within(sp: EvidenceSpan, segments: Sequence[Segment]) -> bool:
    return any(s.start <= sp.start and sp.end <= s.end for s in segments)


def _outermost_here(a: Attribution, by_id: dict[str, Attribution], lo: int, hi: int) -> bool:
    """``a`` is not nested in another attribution whose cue is in the same sentence."""
    parent = by_id.get(a.parent) if a.parent else None
    return parent is None or not parent.cue or not (lo <= parent.cue[0].start < hi)


def _same_speaker(a: Attribution, b: Attribution) -> bool:
    return same_name(a.speaker.name if a.speaker else None, b.speaker.name if b.speaker else None)
