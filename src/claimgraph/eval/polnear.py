"""Load the PolNeAR attribution corpus (brat standoff) as gold documents.

PolNeAR v1.0 (Newell, Margolin & Ruths, LREC 2018) lays out each split as
``SPLIT/text/NAME.txt`` and ``SPLIT/attributions/NAME_ANNOTATOR.ann``, with
``metadata.tsv`` at the root listing, per article, its compartment and the
pipe-separated ids of the annotators who annotated it.

How the ``.ann`` files are read:

- ``T`` lines are text-bound spans ``T1<TAB>Label START END[;START END...]<TAB>text``.
  Offsets are code-point offsets into the ``.txt`` decoded as UTF-8 (Python
  ``str`` indices, end exclusive). Every span is checked: the slices joined by a
  single space must equal the annotated text, otherwise :class:`CorpusError`.
  A span whose text contains a line break continues on the following line(s)
  of the ``.ann`` file.
- ``E`` lines are the attribution relations
  ``E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1``. The trigger
  (``Attribution`` or ``Attribution-no-source``) is an anchor span; the roles
  are ``Source``, ``Cue``, ``Content`` and ``Content2`` (a second content
  piece, merged into the content). A role listed several times is merged.
  The role comes from the relation, not from the label of the span it points
  to (a handful of spans are labelled inconsistently).
- A relation without a ``Cue`` uses its anchor span as the cue (the anchor
  equals the cue span in all but 11 of the ~24,800 relations that have both).
  A relation without any content is dropped: the guidelines require "at least
  some content", and such relations are unfinished annotations (mostly an
  anchor alone).
- ``Discard`` spans (text the annotator marked as not part of the article,
  e.g. "Follow X on Twitter") are kept as :attr:`GoldDocument.discarded`.
  ``Discuss`` spans (annotator queries), spans no relation uses, and ``#``
  annotator notes are ignored.

Which annotation is gold: a few articles were annotated by several annotators.
The gold is the annotation of the **first annotator listed for the article in
``metadata.tsv``** (in the data the list is sorted, so this is the smallest
id). If that annotator has no ``.ann`` file, the next listed annotator with a
file is used, and failing that (or when the article is absent from
``metadata.tsv``) the smallest annotator id that has a file. An article with
no ``.ann`` file at all is a :class:`CorpusError`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from claimgraph.errors import CorpusError
from claimgraph.eval.shared import shared_path
from claimgraph.records import Segment

_ROLES = ("source", "cue", "content")

_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")
_OTHER_ID_LINE = re.compile(r"^(?:[RAMN]\d+|#\d*|\*)\t")
_ROLE_NAME = re.compile(r"^(Source|Cue|Content)\d*$")
_ANCHOR_NAMES = frozenset({"Attribution", "Attribution-no-source"})


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One gold attribution relation; each role is a tuple of segments (may be empty)."""

    id: str
    source: tuple[Segment, ...]
    cue: tuple[Segment, ...]
    content: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """One PolNeAR article with the chosen annotator's attributions."""

    name: str
    text: str
    attributions: tuple[GoldAttribution, ...]
    annotator: str
    discarded: tuple[Segment, ...] = ()


@dataclass(frozen=True, slots=True)
class _Span:
    label: str
    offsets: tuple[tuple[int, int], ...]
    text: str


@dataclass(frozen=True, slots=True)
class _Relation:
    id: str
    args: tuple[tuple[str, str], ...]


def default_root() -> Path:
    """Where PolNeAR is expected: ``../shared/corpora/polnear`` next to the checkout.

    Looks relative to the current working directory first, then relative to
    the repository that contains this package file; returns the first that
    exists, else the working-directory candidate (which may not exist).
    """
    return shared_path("corpora", "polnear")


def load_split(root: Path, split: str) -> list[GoldDocument]:
    """Load every article of ``split`` (``train``, ``dev``...) under ``root``, sorted by name."""
    root = Path(root)
    hint = (
        "pass the PolNeAR data folder (the one holding metadata.tsv, train/ and dev/) "
        "with --data, e.g. --data ../shared/corpora/polnear"
    )
    if not root.is_dir():
        raise CorpusError(f"PolNeAR corpus not found at {root}: {hint}")
    text_dir = root / split / "text"
    ann_dir = root / split / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        splits = sorted(
            p.name
            for p in root.iterdir()
            if (p / "text").is_dir() and (p / "attributions").is_dir()
        )
        raise CorpusError(
            f"PolNeAR split {split!r} not found under {root} "
            f"(expected {split}/text and {split}/attributions; available splits: "
            f"{', '.join(splits) or 'none'}): {hint}"
        )
    metadata = _read_metadata(root / "metadata.tsv", split)
    files_by_name = _ann_files(p.name for p in ann_dir.glob("*.ann"))
    documents: list[GoldDocument] = []
    for text_path in sorted(text_dir.glob("*.txt")):
        name = text_path.stem
        annotators = files_by_name.get(name, ())
        if not annotators:
            raise CorpusError(f"PolNeAR article {name} has no .ann file in {ann_dir}")
        annotator = choose_annotator(metadata.get(name, ()), annotators)
        text = _read_text(text_path)
        ann_path = ann_dir / f"{name}_{annotator}.ann"
        spans, relations = _parse_ann(_read_text(ann_path), source=str(ann_path))
        _check_spans(text, spans, source=str(ann_path))
        documents.append(
            GoldDocument(
                name=name,
                text=text,
                attributions=_build_attributions(text, spans, relations, source=str(ann_path)),
                annotator=annotator,
                discarded=_segments(
                    text,
                    (
                        off
                        for span in spans.values()
                        if span.label == "Discard"
                        for off in span.offsets
                    ),
                ),
            )
        )
    return documents


def choose_annotator(listed: Sequence[str], available: Iterable[str]) -> str:
    """The gold annotator: first listed one that has a file, else the smallest available id."""
    have = sorted(set(available))
    if not have:
        raise ValueError("no annotation file available")
    for annotator in listed:
        if annotator in have:
            return annotator
    return have[0]


def _parse_ann(content: str, source: str = "<ann>") -> tuple[dict[str, _Span], list[_Relation]]:
    """Parse brat standoff text into spans (by id) and relations (in file order)."""
    spans: dict[str, _Span] = {}
    relations: list[_Relation] = []
    last_span: str | None = None
    lines = content.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for number, line in enumerate(lines, start=1):
        t_match = _T_LINE.match(line)
        if t_match:
            span_id, label, offsets_text, span_text = t_match.groups()
            offsets = tuple(
                (int(a), int(b)) for a, b in (part.split() for part in offsets_text.split(";"))
            )
            if any(start > end for start, end in offsets):
                raise CorpusError(f"{source}:{number}: span {span_id} has start > end")
            spans[span_id] = _Span(label, offsets, span_text)
            last_span = span_id
            continue
        e_match = _E_LINE.match(line)
        if e_match:
            rel_id, body = e_match.groups()
            args: list[tuple[str, str]] = []
            for item in body.split():
                role, sep, target = item.partition(":")
                if not sep or not target:
                    raise CorpusError(f"{source}:{number}: malformed relation argument {item!r}")
                args.append((role, target))
            relations.append(_Relation(rel_id, tuple(args)))
            last_span = None
            continue
        if _OTHER_ID_LINE.match(line):
            last_span = None
            continue
        if last_span is None:
            if not line.strip():
                continue
            raise CorpusError(f"{source}:{number}: unreadable line {line[:60]!r}")
        # Continuation of a span text that contains a line break.
        prev = spans[last_span]
        spans[last_span] = _Span(prev.label, prev.offsets, prev.text + "\n" + line)
    return spans, relations


def _check_spans(text: str, spans: Mapping[str, _Span], source: str = "<ann>") -> None:
    """Raise :class:`CorpusError` unless every span's offsets slice out its annotated text."""
    for span_id, span in spans.items():
        if any(end > len(text) for _, end in span.offsets):
            raise CorpusError(f"{source}: span {span_id} ends past the end of the text")
        sliced = " ".join(text[start:end] for start, end in span.offsets)
        if sliced != span.text:
            raise CorpusError(
                f"{source}: span {span_id} offsets give {sliced[:60]!r}, "
                f"annotated text is {span.text[:60]!r}"
            )


def _build_attributions(
    text: str,
    spans: Mapping[str, _Span],
    relations: Sequence[_Relation],
    source: str = "<ann>",
) -> tuple[GoldAttribution, ...]:
    """Turn relations into attributions (see the module docstring for the rules)."""
    result: list[GoldAttribution] = []
    for relation in sorted(relations, key=lambda r: int(r.id[1:])):
        offsets: dict[str, set[tuple[int, int]]] = {role: set() for role in _ROLES}
        anchor: set[tuple[int, int]] = set()
        for role_name, target in relation.args:
            span = spans.get(target)
            if span is None:
                raise CorpusError(f"{source}: relation {relation.id} refers to missing {target}")
            if role_name in _ANCHOR_NAMES:
                anchor.update(span.offsets)
                continue
            role_match = _ROLE_NAME.match(role_name)
            if role_match is None:
                raise CorpusError(f"{source}: relation {relation.id} has unknown role {role_name}")
            offsets[role_match.group(1).lower()].update(span.offsets)
        if not offsets["cue"]:
            offsets["cue"] = anchor
        if not offsets["content"]:
            continue
        segs = {role: _segments(text, offsets[role]) for role in _ROLES}
        result.append(GoldAttribution(relation.id, segs["source"], segs["cue"], segs["content"]))
    return tuple(result)


def _segments(text: str, offsets: Iterable[tuple[int, int]]) -> tuple[Segment, ...]:
    return tuple(_segment(text, start, end) for start, end in sorted(offsets) if end > start)


def _segment(text: str, start: int, end: int) -> Segment:
    return Segment(start, end, text[start:end])


def _ann_files(filenames: Iterable[str]) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for filename in filenames:
        name, sep, annotator = filename.removesuffix(".ann").rpartition("_")
        if sep:
            found.setdefault(name, []).append(annotator)
    return {name: tuple(sorted(ids)) for name, ids in found.items()}


def _read_metadata(path: Path, split: str) -> dict[str, tuple[str, ...]]:
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        if reader.fieldnames is None or not {"filename", "annotators"} <= set(reader.fieldnames):
            raise CorpusError(f"{path}: expected columns 'filename' and 'annotators'")
        return {
            row["filename"]: tuple(a for a in (row["annotators"] or "").split("|") if a)
            for row in reader
            if row.get("compartment", split) == split
        }


def _read_text(path: Path) -> str:
    try:
        # newline="" keeps "\r\n" as two code points, as the offsets count them.
        with path.open(encoding="utf-8", newline="") as handle:
            return handle.read()
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path} is not valid UTF-8: {exc}") from exc
