"""Parquet files (via pyarrow): one article a row.

Rows are read like JSONL lines: columns ``text`` or ``html`` plus the
optional ``id``, ``url``, ``title``, ``published``, ``author``, ``site``
(other columns are ignored); the id defaults to ``<stem>:<row>`` and the
origin is ``<path>:<row>``, rows counted from 1. The size limit applies to
each row. :func:`read_parquet` reads the row groups of a whole file or of a
batch partition, with the same rules.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from claimgraph.errors import InputError
from claimgraph.extras import require
from claimgraph.read.articles import article_from_json
from claimgraph.read.decode import too_large
from claimgraph.records import ArticleInput, InputProblem

Item = ArticleInput | InputProblem


def row_groups(stream: BinaryIO) -> list[int]:
    """The number of rows of each row group (for planning batch partitions).

    Raises:
        InputError: not a readable Parquet file.
        MissingExtraError: pyarrow is not installed.
    """
    parquet = require("pyarrow.parquet", "batch")
    try:
        meta = parquet.ParquetFile(stream).metadata
    except Exception as err:
        raise InputError(f"not a readable Parquet file ({err})") from err
    return [meta.row_group(group).num_rows for group in range(meta.num_row_groups)]


def read_parquet(
    stream: BinaryIO,
    origin: str,
    stem: str,
    max_bytes: int,
    groups: tuple[int, int] | None = None,
    first: int = 0,
) -> Iterator[Item]:
    """The rows of row groups ``groups`` (start, stop; ``None``: all of them,
    and a file without rows is one problem), the first being row ``first + 1``."""
    parquet = require("pyarrow.parquet", "batch")
    try:
        reader = parquet.ParquetFile(stream)
    except Exception as err:
        yield InputProblem(origin, f"not a readable Parquet file ({err})")
        return
    start, stop = groups if groups is not None else (0, reader.metadata.num_row_groups)
    number = first
    for group in range(start, stop):
        for row in reader.read_row_group(group).to_pylist():
            number += 1
            yield _row_item(row, number, origin, stem, max_bytes)
    if groups is None and number == first:
        yield InputProblem(origin, "empty file")


def _row_item(row: dict[str, object], number: int, origin: str, stem: str, max_bytes: int) -> Item:
    where = f"{origin}:{number}"
    try:
        line = json.dumps(row, ensure_ascii=False, default=str)
        if len(line.encode("utf-8")) > max_bytes:
            raise InputError(too_large(max_bytes, "row"))
        return article_from_json(line, f"{stem}:{number}", where)
    except InputError as err:
        return InputProblem(where, str(err))
