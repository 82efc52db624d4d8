"""Deterministic partitions of batch inputs, and reading one partition.

Planning (:func:`plan_partitions`, on the client) only looks at file sizes,
line ends, WARC record offsets and Parquet metadata; reading
(:func:`read_partition`, on a worker) streams the articles of one partition.
The same inputs and partition size always give the same partitions, in the
same order, with the same ids:

- **JSONL** (``.jsonl``): ranges of ``size`` lines, as byte offsets.
- **WARC** (``.warc``, ``.warc.gz``): ranges of ``size`` records, as byte
  offsets of the records (gzipped WARCs are one gzip member per record).
- **Parquet** (``.parquet``): runs of whole row groups holding at least
  ``size`` rows (a row group is never split). Rows are JSONL objects: columns
  ``text`` or ``html`` plus the optional metadata columns.
- **Other files** (``.txt``, ``.html``, ... and files of unknown type): the
  sorted file list of each directory (hidden entries skipped), and the files
  named on the command line, in chunks of ``size`` files.

A partition id is ``<name>.<first>-<last>.<digest>``, where the digest covers
the kind, the absolute paths, the range and each file's size and
modification time: a changed input gets new ids, so its old shards are not
taken for its new ones.

Reading reuses :mod:`claimgraph.read.inputs` (the same decoding, limits and JSON
rules as ``claimgraph analyze``); a record that cannot be read becomes an
:class:`~claimgraph.records.InputProblem` with its reason, never an
exception. Each item comes with its position in the partition (``seq``), so
results can be put back in input order.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO, Literal

from claimgraph.errors import InputError
from claimgraph.extras import require
from claimgraph.read.inputs import (
    SUFFIXES,
    article_from_html,
    article_from_json,
    decode_bytes,
    decode_html,
    read_inputs,
)
from claimgraph.records import ArticleInput, InputProblem
from claimgraph.settings import Settings

PartitionKind = Literal["jsonl", "warc", "parquet", "files"]
Item = ArticleInput | InputProblem

#: Bytes read at a time when looking for line ends.
_CHUNK = 1 << 20
_UTF8_BOM = b"\xef\xbb\xbf"


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


def plan_partitions(inputs: Sequence[str], size: int) -> list[Partition]:
    """The partitions of ``inputs`` (files and directories), in input order.

    Raises:
        InputError: an input does not exist, ``-`` (standard input cannot be
            resumed) or ``size`` is not positive.
    """
    if size < 1:
        raise InputError("the partition size must be at least 1")
    partitions: list[Partition] = []
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
            for file in _walk(path):
                if _container(file) is None:
                    files.append((file, str(file)))
                else:
                    partitions.extend(_plan_file(file, str(file), size))
            partitions.extend(_plan_files(files, path.name or "dir", size))
        elif path.is_file():
            if _container(path) is None:
                loose.append((path, raw))
            else:
                partitions.extend(_plan_file(path, raw, size))
        else:
            raise InputError(f"{raw}: no such file or directory")
    partitions.extend(_plan_files(loose, "files", size))
    return partitions


def _container(path: Path) -> PartitionKind | None:
    name = path.name.lower()
    if name.endswith((".warc", ".warc.gz")):
        return "warc"
    if name.endswith(".parquet"):
        return "parquet"
    if name.endswith(".jsonl"):
        return "jsonl"
    return None


def _walk(path: Path) -> Iterator[Path]:
    """Files under ``path`` that batch reads, in sorted order, hidden ones skipped."""
    for root, dirs, names in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            file = Path(root) / name
            if name.startswith(".") or not file.is_file():
                continue
            if _container(file) is not None or file.suffix.lower() in SUFFIXES:
                yield file


def _plan_file(path: Path, origin: str, size: int) -> Iterator[Partition]:
    kind = _container(path)
    if kind == "jsonl":
        yield from _plan_jsonl(path, origin, size)
    elif kind == "warc":
        yield from _plan_warc(path, origin, size)
    elif kind == "parquet":
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
        yield _make("jsonl", name, where, origin, 0, offset, 1, 0, fingerprint)
        return
    yield from held
    if start < offset:  # the rest; a last line without a line end counts too
        lines += 0 if last == b"\n" else 1
        yield _make("jsonl", name, where, origin, start, offset, first, lines, fingerprint)


def _record_offsets(path: Path) -> Iterator[int]:
    """Byte offsets of the records of a WARC file, up to the first broken one."""
    archive = require("warcio.archiveiterator", "corpus")
    with path.open("rb") as handle:
        records = archive.ArchiveIterator(handle)
        try:
            for _record in records:
                yield records.get_record_offset()
        except Exception:  # the reader reports what is broken
            return


def _plan_warc(path: Path, origin: str, size: int) -> Iterator[Partition]:
    """Ranges of ``size`` records, by the byte offsets warcio reports."""
    fingerprint = [_fingerprint(path)]
    name = path.name.split(".")[0]
    where = str(path.resolve())
    offsets: list[int] = []
    number = 0
    for offset in _record_offsets(path):
        offsets.append(offset)
        if len(offsets) == size + 1:
            yield _make("warc", name, where, origin, offsets[0], offset, number, size, fingerprint)
            number += size
            offsets = [offset]
    if offsets or number == 0:
        # the rest (or one empty partition for a file without records)
        end = path.stat().st_size
        start = offsets[0] if offsets else 0
        yield _make("warc", name, where, origin, start, end, number, len(offsets), fingerprint)


def _plan_parquet(path: Path, origin: str, size: int) -> Iterator[Partition]:
    """Runs of whole row groups with at least ``size`` rows (the last may have fewer)."""
    parquet = require("pyarrow.parquet", "batch")
    fingerprint = [_fingerprint(path)]
    name = path.name.removesuffix(path.suffix)
    where = str(path.resolve())
    try:
        meta = parquet.ParquetFile(path).metadata
    except Exception as err:
        raise InputError(f"{origin}: not a readable Parquet file ({err})") from err
    start, first, rows = 0, 0, 0
    for group in range(meta.num_row_groups):
        rows += meta.row_group(group).num_rows
        if rows >= size or group == meta.num_row_groups - 1:
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
    metadata, images) yield nothing.
    """
    if partition.kind == "jsonl":
        yield from _read_jsonl(partition, settings.max_bytes)
    elif partition.kind == "warc":
        yield from _read_warc(partition, settings.max_bytes)
    elif partition.kind == "parquet":
        yield from _read_parquet(partition, settings.max_bytes)
    else:
        yield from _read_files(partition, settings)


def _read_jsonl(partition: Partition, max_bytes: int) -> Iterator[Item]:
    stem = Path(partition.path).stem
    if partition.items == 0:
        yield InputProblem(partition.origin, "empty file")
        return
    with open(partition.path, "rb") as handle:
        handle.seek(partition.start)
        number = partition.first
        while handle.tell() < partition.stop:
            where = f"{partition.origin}:{number}"
            raw, whole = _read_line(handle, max_bytes)
            if number == 1:
                raw = raw.removeprefix(_UTF8_BOM)
            if raw.strip():
                try:
                    if not whole:
                        raise InputError(_too_large(max_bytes))
                    line = decode_bytes(raw, where, max_bytes)
                    yield article_from_json(line, f"{stem}:{number}", where)
                except InputError as err:
                    yield InputProblem(where, str(err))
            number += 1


def _read_line(handle: BinaryIO, max_bytes: int) -> tuple[bytes, bool]:
    """One line without its line end, and whether it fits in ``max_bytes``.

    A longer line is skipped to its end without being kept in memory.
    """
    line = handle.readline(max_bytes + 2)
    if line.endswith(b"\n") or len(line) <= max_bytes:
        stripped = line.rstrip(b"\r\n")
        return stripped, len(stripped) <= max_bytes
    while True:
        rest = handle.readline(_CHUNK)
        if not rest or rest.endswith(b"\n"):
            return line[:max_bytes], False


def _too_large(max_bytes: int, what: str = "line") -> str:
    return (
        f"{what} larger than the {max_bytes}-byte limit; "
        "raise it with --max-bytes or CLAIMGRAPH_MAX_BYTES"
    )


def _read_warc(partition: Partition, max_bytes: int) -> Iterator[Item]:
    archive = require("warcio.archiveiterator", "corpus")
    if partition.items == 0:
        yield InputProblem(partition.origin, "no WARC records found (empty or broken archive)")
        return
    with open(partition.path, "rb") as handle:
        handle.seek(partition.start)
        records = archive.ArchiveIterator(handle)
        seen = 0
        try:
            for record in records:
                page = _warc_page(record, max_bytes)
                # warcio knows a record's offset only once it has been read
                where = f"{partition.origin}@{records.get_record_offset()}"
                if page is not None:
                    yield _warc_article(*page, where, max_bytes)
                seen += 1
                if seen >= partition.items:
                    return
        except Exception as err:  # warcio raises plain exceptions
            where = f"{partition.origin}@{partition.start}"
            yield InputProblem(where, f"broken WARC archive after {seen} record(s): {err}")


def _warc_page(record: Any, max_bytes: int) -> tuple[bytes, str | None, str | None] | None:
    """(body, URL, record id) of a ``response``/``resource`` record holding HTML,
    else None; the body is cut after ``max_bytes + 1`` bytes."""
    if record.rec_type not in ("response", "resource"):
        return None
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    content_type = (headers.get_header("Content-Type") if headers else None) or ""
    if "html" not in content_type.lower():
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    record_id = record.rec_headers.get_header("WARC-Record-ID")
    body: bytes = record.content_stream().read(max_bytes + 1)
    return body, url, record_id.strip("<>") if record_id else None


def _warc_article(
    body: bytes, url: str | None, record_id: str | None, where: str, max_bytes: int
) -> Item:
    try:
        html = decode_html(body, where, max_bytes)
        return article_from_html(html, where, record_id or where, url=url)
    except InputError as err:
        return InputProblem(where, str(err))
    except Exception as err:  # a broken page must not stop the job
        return InputProblem(where, f"cannot read this web page: {err}")


def _read_parquet(partition: Partition, max_bytes: int) -> Iterator[Item]:
    parquet = require("pyarrow.parquet", "batch")
    stem = Path(partition.path).stem
    reader = parquet.ParquetFile(partition.path)
    number = partition.first
    for group in range(partition.start, partition.stop):
        for row in reader.read_row_group(group).to_pylist():
            number += 1
            where = f"{partition.origin}:{number}"
            try:
                line = json.dumps(row, ensure_ascii=False, default=str)
                if len(line.encode("utf-8")) > max_bytes:
                    raise InputError(_too_large(max_bytes, "row"))
                yield article_from_json(line, f"{stem}:{number}", where)
            except InputError as err:
                yield InputProblem(where, str(err))


def _read_files(partition: Partition, settings: Settings) -> Iterator[Item]:
    for path, origin in zip(partition.files, partition.origins, strict=True):
        for item in read_inputs([path], settings):
            yield replace(item, origin=origin)
