"""Evaluation of cross-article speaker identity against a hand-made gold
(``claimgraph eval speakers``). Evaluation code: only the command line
imports it.

The gold (``tests/data/speakers_gold.tsv``) lists the named source spans of
PolNeAR dev articles with the person or body each refers to, as a stable
key (``person:donald-trump``, ``org:fbi``, ``gov:cn``; a joint source has
its members' keys joined by ``+``). The system side is a store into which
the same articles were ingested: each gold span is aligned to the stored
attribution of its article whose source overlaps it most, and the speakers
that attribution is credited to are the system's answer.

Scores:

- **B³** precision, recall and F1 over the single-speaker gold spans that
  align with an attribution: each span's system cluster (the spans credited
  to the same stored speaker; a span credited to nobody is a cluster of
  its own) against its gold cluster (the spans with the same key).
- **mixed entities**: stored speakers whose aligned spans carry two or more
  different gold ``person:`` keys, i.e. entities that mix two people.
- **joint spans credited**: gold joint spans whose attribution is credited
  to as many stored speakers as the gold has members.

The articles are split in two halves by name (sorted; even positions
``tune``, odd positions ``test``) so that rules are tuned on one half and
reported on the other.
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from claimgraph.corpus.store.base import Store
from claimgraph.errors import InputError
from claimgraph.graph.speaker_records import SpeakerEntity

Half = Literal["tune", "test", "all"]


@dataclass(frozen=True, slots=True)
class GoldSpan:
    """A named source span and the entities it refers to."""

    article: str
    start: int
    end: int
    text: str
    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SystemAttribution:
    """A stored attribution: its source span and the speakers credited."""

    start: int
    end: int
    speakers: tuple[int, ...]
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SpeakerScores:
    """The figures ``claimgraph eval speakers`` reports."""

    half: str
    articles: int
    gold_spans: int
    aligned: int
    single: int
    precision: float
    recall: float
    f1: float
    mixed: tuple[str, ...]
    joint_gold: int
    joint_credited: int

    def to_dict(self) -> dict[str, object]:
        return {
            "half": self.half,
            "articles": self.articles,
            "gold_spans": self.gold_spans,
            "aligned": self.aligned,
            "single_speaker_spans": self.single,
            "b3_precision": round(self.precision, 4),
            "b3_recall": round(self.recall, 4),
            "b3_f1": round(self.f1, 4),
            "mixed_entities": len(self.mixed),
            "mixed": list(self.mixed),
            "joint_gold": self.joint_gold,
            "joint_credited": self.joint_credited,
        }


def read_gold(path: Path) -> list[GoldSpan]:
    """The gold file: ``article<TAB>start<TAB>end<TAB>text<TAB>keys``; ``#`` lines
    are comments."""
    spans: list[GoldSpan] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 5:
            raise InputError(f"{path}:{n}: expected 5 tab-separated cells, got {len(cells)}")
        article, start, end, text, keys = cells
        spans.append(GoldSpan(article, int(start), int(end), text, tuple(keys.split("+"))))
    return spans


def halves(articles: Iterable[str]) -> dict[str, Half]:
    """Each article's half: sorted by name, even positions ``tune``, odd ``test``."""
    return {a: ("tune" if i % 2 == 0 else "test") for i, a in enumerate(sorted(set(articles)))}


def _article_name(origin: str, external_id: str) -> str:
    stem = os.path.splitext(os.path.basename(origin))[0] if origin else ""
    return re.sub(r"[:#]\d+$", "", stem) or external_id


def system_attributions(store: Store) -> dict[str, list[SystemAttribution]]:
    """The stored attributions by article name (the file name without
    extension, as in the gold), with the speakers each is credited to."""
    rows = store.query(
        """SELECT a.origin, a.external_id, t.id, t.source_start, t.source_end,
                  c.speaker_id, s.name
           FROM attributions t JOIN articles a ON a.id = t.article_id
           LEFT JOIN speaker_credits c ON c.attribution_id = t.id
           LEFT JOIN speakers s ON s.id = c.speaker_id
           WHERE t.source_start IS NOT NULL
           ORDER BY t.id, c.speaker_id"""
    )
    found: dict[int, tuple[str, int, int, list[int], list[str]]] = {}
    for r in rows:
        entry = found.setdefault(
            r["id"],
            (
                _article_name(str(r["origin"] or ""), str(r["external_id"] or "")),
                int(r["source_start"]),
                int(r["source_end"]),
                [],
                [],
            ),
        )
        if r["speaker_id"] is not None:
            entry[3].append(int(r["speaker_id"]))
            entry[4].append(str(r["name"]))
    out: dict[str, list[SystemAttribution]] = defaultdict(list)
    for article, start, end, ids, names in found.values():
        out[article].append(SystemAttribution(start, end, tuple(ids), tuple(names)))
    return dict(out)


def _align(span: GoldSpan, candidates: Sequence[SystemAttribution]) -> SystemAttribution | None:
    best: tuple[int, int] | None = None
    found: SystemAttribution | None = None
    for c in candidates:
        overlap = min(span.end, c.end) - max(span.start, c.start)
        if overlap <= 0:
            continue
        rank = (overlap, -abs(c.start - span.start))
        if best is None or rank > best:
            best, found = rank, c
    return found


def score(
    gold: Sequence[GoldSpan],
    system: Mapping[str, Sequence[SystemAttribution]],
    half: Half = "all",
) -> SpeakerScores:
    """B³ of the system's speaker clusters against the gold, on one half."""
    split = halves(g.article for g in gold)
    spans = [g for g in gold if half == "all" or split[g.article] == half]
    items: list[tuple[str, str]] = []  # (gold key, system label)
    mixed_keys: dict[str, set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    aligned = joint_gold = joint_credited = 0
    for n, g in enumerate(spans):
        found = _align(g, system.get(g.article, ()))
        if found is None:
            continue
        aligned += 1
        if len(g.keys) > 1:
            joint_gold += 1
            joint_credited += len(set(found.speakers)) >= len(g.keys)
            continue
        label = f"#{found.speakers[0]}" if len(found.speakers) == 1 else f"none:{n}"
        if len(found.speakers) == 1:
            names[label] = found.names[0]
            if g.keys[0].startswith("person:"):
                mixed_keys[label].add(g.keys[0])
        items.append((g.keys[0], label))
    precision, recall = _b_cubed(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    mixed = tuple(
        f"{label} {names[label]!r}: {', '.join(sorted(keys))}"
        for label, keys in sorted(mixed_keys.items())
        if len(keys) > 1
    )
    return SpeakerScores(
        half=half,
        articles=len({g.article for g in spans}),
        gold_spans=len(spans),
        aligned=aligned,
        single=len(items),
        precision=precision,
        recall=recall,
        f1=f1,
        mixed=mixed,
        joint_gold=joint_gold,
        joint_credited=joint_credited,
    )


def _b_cubed(items: Sequence[tuple[str, str]]) -> tuple[float, float]:
    """B³ precision and recall of (gold key, system label) items."""
    if not items:
        return 0.0, 0.0
    by_gold: dict[str, int] = defaultdict(int)
    by_system: dict[str, int] = defaultdict(int)
    both: dict[tuple[str, str], int] = defaultdict(int)
    for key, label in items:
        by_gold[key] += 1
        by_system[label] += 1
        both[(key, label)] += 1
    precision = sum(both[(k, s)] / by_system[s] for k, s in items) / len(items)
    recall = sum(both[(k, s)] / by_gold[k] for k, s in items) / len(items)
    return precision, recall


def stored_entities(store: Store) -> list[SpeakerEntity]:
    """The speakers of a store credited with at least one attribution."""
    rows = store.query(
        "SELECT id, name, type, country, affiliation, aliases, titles, named FROM speakers s "
        "WHERE EXISTS (SELECT 1 FROM speaker_credits c WHERE c.speaker_id = s.id) ORDER BY id"
    )
    return [
        SpeakerEntity(
            id=int(r["id"]),
            name=str(r["name"]),
            aliases=tuple(json.loads(r["aliases"])),
            type=str(r["type"]),
            country=r["country"],
            affiliation=r["affiliation"],
            titles=tuple(json.loads(r["titles"])),
            named=bool(r["named"]),
        )
        for r in rows
    ]
