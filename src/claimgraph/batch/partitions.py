"""Deterministic partitions of batch inputs, and reading one partition.

Planning (:func:`plan_partitions`, on the client) only looks at file sizes,
line ends, WARC record offsets and headers, and Parquet metadata; reading
(:func:`read_partition`, on a worker) streams the articles of one partition.
The same inputs and partition size always give the same partitions, in the
same order, with the same ids:

- **JSONL** (``.jsonl``): ranges of ``size`` lines, as byte offsets.
- **WARC** (``.warc``, ``.warc.gz``): ranges of ``size`` records, as byte
  offsets of the records (gzipped WARCs are one gzip member per record); the
  last range reads to the end of the file, so a damaged archive is reported.
- **Parquet** (``.parquet``): runs of whole row groups holding at least
  ``size`` rows (a row group is never split). Rows are JSONL objects: columns
  ``text`` or ``html`` plus the optional metadata columns.
- **Other files** (``.txt``, ``.html``, feeds; files named on the command
  line whatever their suffix): the files of each directory (found by the one
  walker, :func:`claimgraph.read.sources.walk`), and the files named on the
  command line, in chunks of ``size`` files. A file of an unknown format met
  in a directory is not planned but noted as skipped (:func:`plan_inputs`).
- A JSONL, WARC or Parquet file that cannot be split (no lines, no web
  pages, unreadable metadata, an optional dependency missing) is one
  partition of no items, read whole, so its problem is the one
  ``claimgraph analyze`` reports.

A partition id is ``<name>.<first>-<last>.<digest>``, where the digest covers
the kind, the absolute paths, the range and each file's size and
modification time: a changed input gets new ids, so its old shards are not
taken for its new ones.

Reading uses :mod:`claimgraph.read` (the same per-line, per-record and per-row
functions, decoding, limits and ids as ``claimgraph analyze`` and
``claimgraph ingest``); a record that cannot be read becomes an
:class:`~claimgraph.records.InputProblem` with its reason, never an
exception. Each item comes with its position in the partition (``seq``), so
results can be put back in input order.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from claimgraph.errors import InputError, MissingExtraError
from claimgraph.read.articles import default_id
from claimgraph.read.jsonl import read_jsonl_range
from claimgraph.read.parquet import read_parquet, row_groups
from claimgraph.read.sources import (
    format_of,
    no_files,
    read_file,
    skipped_reason,
    walk,
)
from claimgraph.read.warc import read_warc_range, record_offsets
from claimgraph.records import ArticleInput, InputProblem
from claimgraph.settings import Settings

PartitionKind = Literal["jsonl", "warc", "parquet", "files"]
Item = ArticleInput | InputProblem

#: Bytes read at a time when looking for line ends.
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Partition:
    """A slice of the input that one task analyses and one shard holds.

    Attributes:
        id: stable id, also the shard's file name (see the module docstring).
        kind: how the slice is read.
        path: the file (absolute) for JSONL/WARC/Parquet; the directory or
            ``""`` (files named on the command line) for ``files``.
        origin: ``path`` as the user gave it (used in ``origin`` fields).
        start, stop: JSONL/WARC: byte offsets (stop exclusive); Parquet: row
            groups; files: indexes into ``files``.
        first: JSONL: number of the first line (from 1); WARC: number of the
            first record (from 0); Parquet: number of the first row (from 0).
        items: lines, records, rows or files in the slice (for progress).
        files: the files of a ``files`` partition (absolute paths).
        origins: the same files as the user named them.
    """

    id: str
    kind: PartitionKind
    path: str
    origin: str
    start: int
    stop: int
    first: int
    items: int
    files: tuple[str, ...] = ()
    origins: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "path": self.path,
            "origin": self.origin,
            "start": self.start,
            "stop": self.stop,
            "first": self.first,
            "items": self.items,
            "files": list(self.files),
            "origins": list(self.origins),
        }


# --------------------------------------------------------------------------
# planning

#: Formats split into ranges; the others are planned a file at a time.
_SPLIT: frozenset[str] = frozenset({"jsonl", "warc", "parquet"})


def plan_partitions(inputs: Sequence[str], size: int) -> list[Partition]:
    """The partitions of ``inputs`` (files and directories), in input order.

    Raises:
        InputError: ``-`` (standard input cannot be resumed) or ``size`` is
            not positive. An input that does not exist is one of the notes of
            :func:`plan_inputs` (and no partition here).
    """
    return plan_inputs(inputs, size)[0]


def plan_inputs(inputs: Sequence[str], size: int) -> tuple[list[Partition], list[InputProblem]]:
    """The partitions of ``inputs``, and notes on what was found but not
    planned: files of an unknown format met in a directory (``skipped``),
    directories without a file to read and inputs that do not exist, as
    ``claimgraph analyze`` reports them.

    Raises:
        InputError: as :func:`plan_partitions`.
    """
    if size < 1:
        raise InputError("the partition size must be at least 1")
    partitions: list[Partition] = []
    notes: list[InputProblem] = []
    loose: list[tuple[Path, str]] = []
    for raw in inputs:
        if raw == "-":
            raise InputError(
                "batch cannot read standard input (a run must be resumable); "
                "save it to a .jsonl file first"
            )
        path = Path(raw)
        if path.is_dir():
            files: list[tuple[Path, str]] = []
            found = False
            for file in walk(path):
                fmt = format_of(file)
                if fmt is None:
                    notes.append(InputProblem(str(file), skipped_reason(file), skipped=True))
                    continue
                found = True
                if fmt in _SPLIT:
                    partitions.extend(_plan_file(file, str(file), fmt, size))
                else:
                    files.append((file, str(file)))
            if not found:
                notes.append(no_files(raw))
            partitions.extend(_plan_files(files, path.name or "dir", size))
        elif path.is_file():
            fmt = format_of(path)
            if fmt is not None and fmt in _SPLIT:
                partitions.extend(_plan_file(path, raw, fmt, size))
            else:
                loose.append((path, raw))
        else:  # reported, and the other inputs still run
            notes.append(InputProblem(raw, "no such file or directory"))
    partitions.extend(_plan_files(loose, "files", size))
    return partitions, notes


def _plan_file(path: Path, origin: str, fmt: str, size: int) -> Iterator[Partition]:
    if fmt == "jsonl":
        yield from _plan_jsonl(path, origin, size)
    elif fmt == "warc":
        yield from _plan_warc(path, origin, size)
    else:
        yield from _plan_parquet(path, origin, size)


def _fingerprint(path: Path) -> str:
    stat = path.stat()
    return f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"


def _make(
    kind: PartitionKind,
    name: str,
    path: str,
    origin: str,
    start: int,
    stop: int,
    first: int,
    items: int,
    fingerprints: Sequence[str],
    files: tuple[str, ...] = (),
    origins: tuple[str, ...] = (),
) -> Partition:
    key = json.dumps([kind, path, origin, start, stop, first, items, list(fingerprints)])
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)[:48] or "input"
    return Partition(
        id=f"{safe}.{start}-{stop}.{digest}",
        kind=kind,
        path=path,
        origin=origin,
        start=start,
        stop=stop,
        first=first,
        items=items,
        files=files,
        origins=origins,
    )


def _whole(kind: PartitionKind, name: str, path: Path, origin: str) -> Partition:
    """One partition of no items: the file is read whole (it cannot be split)."""
    end = path.stat().st_size
    return _make(kind, name, str(path.resolve()), origin, 0, end, 0, 0, [_fingerprint(path)])


def _plan_jsonl(path: Path, origin: str, size: int) -> Iterator[Partition]:
    """Ranges of ``size`` lines; only line ends are looked at (streamed).

    A file with nothing but blank lines is one partition of no items, which
    is read as one "empty file" problem (as ``claimgraph analyze`` reports it).
    """
    fingerprint = [_fingerprint(path)]
    name = path.name.removesuffix(path.suffix)
    where = str(path.resolve())
    start, first, lines, offset, last = 0, 1, 0, 0, b"\n"
    held: list[Partition] = []  # partitions of blank lines only, so far
    blank = True
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            blank = blank and not chunk.strip()
            pos = chunk.find(b"\n")
            while pos != -1:
                lines += 1
                if lines == size:
                    stop = offset + pos + 1
                    held.append(
                        _make("jsonl", name, where, origin, start, stop, first, size, fingerprint)
                    )
                    start, first, lines = stop, first + lines, 0
                pos = chunk.find(b"\n", pos + 1)
            offset += len(chunk)
            last = chunk[-1:]
            if not blank:
                yield from held
                held = []
    if blank:
        yield _whole("jsonl", name, path, origin)
        return
    yield from held
    if start < offset:  # the rest; a last line without a line end counts too
        lines += 0 if last == b"\n" else 1
        yield _make("jsonl", name, where, origin, start, offset, first, lines, fingerprint)


def _plan_warc(path: Path, origin: str, size: int) -> Iterator[Partition]:
    """Ranges of ``size`` records, by the byte offsets warcio reports; the
    last runs to the end of the file. An archive without a web page (or
    without warcio) is read whole."""
    name = path.name.split(".")[0]
    try:
        with path.open("rb") as handle:
            offsets, pages = record_offsets(handle)
    except MissingExtraError:
        offsets, pages = [], False
    if not pages:
        yield _whole("warc", name, path, origin)
        return
    fingerprint = [_fingerprint(path)]
    where = str(path.resolve())
    end = path.stat().st_size
    for number in range(0, len(offsets), size):
        chunk = offsets[number : number + size]
        stop = offsets[number + size] if number + size < len(offsets) else end
        yield _make("warc", name, where, origin, chunk[0], stop, number, len(chunk), fingerprint)


def _plan_parquet(path: Path, origin: str, size: int) -> Iterator[Partition]:
    """Runs of whole row groups with at least ``size`` rows (the last may have
    fewer). A file without rows or unreadable metadata is read whole."""
    name = path.name.removesuffix(path.suffix)
    try:
        with path.open("rb") as handle:
            groups = row_groups(handle)
    except (InputError, MissingExtraError):
        groups = []
    if not sum(groups):
        yield _whole("parquet", name, path, origin)
        return
    fingerprint = [_fingerprint(path)]
    where = str(path.resolve())
    start, first, rows = 0, 0, 0
    for group, count in enumerate(groups):
        rows += count
        if rows >= size or group == len(groups) - 1:
            yield _make("parquet", name, where, origin, start, group + 1, first, rows, fingerprint)
            start, first, rows = group + 1, first + rows, 0


def _plan_files(files: Sequence[tuple[Path, str]], name: str, size: int) -> Iterator[Partition]:
    """Chunks of ``size`` files; ``files`` holds absolute paths, ``origins`` the names given."""
    for start in range(0, len(files), size):
        chunk = files[start : start + size]
        yield _make(
            "files",
            name,
            "",
            name,
            start,
            start + len(chunk),
            0,
            len(chunk),
            [_fingerprint(path) for path, _ in chunk],
            tuple(str(path.resolve()) for path, _ in chunk),
            tuple(origin for _, origin in chunk),
        )


# --------------------------------------------------------------------------
# reading


def read_partition(partition: Partition, settings: Settings) -> Iterator[Item]:
    """Each article or unreadable record of ``partition``, in input order.

    Blank JSONL lines and WARC records that are not web pages (requests,
    metadata, images, non-2xx responses) yield nothing.
    """
    if partition.kind == "files":
        for name, origin in zip(partition.files, partition.origins, strict=True):
            file = Path(name)
            yield from read_file(file, origin, settings, format_of(file, origin))
        return
    path = Path(partition.path)
    if partition.items == 0:
        yield from read_file(path, partition.origin, settings, partition.kind)
        return
    stem = default_id(partition.origin)
    with path.open("rb") as handle:
        if partition.kind == "jsonl":
            yield from read_jsonl_range(
                handle,
                partition.origin,
                stem,
                partition.start,
                partition.stop,
                partition.first,
                settings.max_bytes,
            )
        elif partition.kind == "warc":
            last = partition.stop >= path.stat().st_size
            count = None if last else partition.items
            yield from read_warc_range(
                handle,
                partition.origin,
                partition.start,
                partition.first,
                count,
                settings.max_bytes,
            )
        else:
            groups = (partition.start, partition.stop)
            yield from read_parquet(
                handle, partition.origin, stem, settings.max_bytes, groups, partition.first
            )
