"""JSONL: one article a line, read whole or by byte range.

``{"text": ...}`` or ``{"html": ...}`` with optional ``id``, ``url``,
``title``, ``published``, ``author``, ``site``. A bad line yields an
:class:`~claimgraph.records.InputProblem` (origin ``<path>:<line>``) and
reading goes on; blank lines yield nothing. The size limit applies to each
line. :func:`read_jsonl` reads a whole stream, :func:`read_jsonl_range` the
lines between two byte offsets (a batch partition); both read every line
with :func:`jsonl_item`, so a line gets the same article or the same reason
whichever command reads it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from claimgraph.errors import InputError
from claimgraph.read.articles import article_from_json
from claimgraph.read.decode import SNIFF_BYTES, UTF8_BOM, check_binary, decode_utf8, too_large
from claimgraph.records import ArticleInput, InputProblem

Item = ArticleInput | InputProblem

#: Bytes read at a time when skipping the rest of an over-long line.
_CHUNK = 1 << 20


def jsonl_item(raw: bytes, number: int, origin: str, stem: str, max_bytes: int) -> Item | None:
    """The article (or problem) of line ``number`` (from 1); ``None`` for a blank line.

    ``raw`` is the line without its line end, cut after ``max_bytes + 1``
    bytes; the id defaults to ``<stem>:<number>``.
    """
    where = f"{origin}:{number}"
    if number == 1:
        raw = raw.removeprefix(UTF8_BOM)
    if not raw.strip():
        return None
    try:
        if len(raw) > max_bytes:
            raise InputError(too_large(max_bytes, "line"))
        return article_from_json(decode_utf8(raw, 0), f"{stem}:{number}", where)
    except InputError as err:
        return InputProblem(where, str(err))


def read_jsonl(stream: BinaryIO, origin: str, stem: str, max_bytes: int) -> Iterator[Item]:
    """Every line of a seekable stream; a stream with no non-blank line is
    one problem, "empty file"; one whose first 8 KiB look binary, one
    problem for the whole input."""
    empty = True
    for item in read_jsonl_range(stream, origin, stem, 0, None, 1, max_bytes):
        empty = False
        yield item
    if empty:
        yield InputProblem(origin, "empty file")


def read_jsonl_range(
    stream: BinaryIO,
    origin: str,
    stem: str,
    start: int,
    stop: int | None,
    first: int,
    max_bytes: int,
) -> Iterator[Item]:
    """The lines from byte ``start`` (the start of line ``first``) to ``stop``
    (exclusive; ``None``: the end).

    The binary check looks at the start of the input: a binary input is one
    problem, given by the range that starts at offset 0 (the others yield
    nothing).
    """
    stream.seek(0)
    try:
        check_binary(stream.read(SNIFF_BYTES))
    except InputError as err:
        if start == 0:
            yield InputProblem(origin, str(err))
        return
    stream.seek(start)
    number = first
    while stop is None or stream.tell() < stop:
        raw, more = _read_line(stream, max_bytes)
        if not more:
            break
        item = jsonl_item(raw, number, origin, stem, max_bytes)
        if item is not None:
            yield item
        number += 1


def _read_line(stream: BinaryIO, max_bytes: int) -> tuple[bytes, bool]:
    """One line without its line end (cut after ``max_bytes + 1`` bytes, the
    rest skipped without being kept), and whether there was one."""
    line = stream.readline(max_bytes + 2)
    if not line:
        return b"", False
    if line.endswith(b"\n") or len(line) <= max_bytes:
        return line.rstrip(b"\r\n"), True
    while True:
        rest = stream.readline(_CHUNK)
        if not rest or rest.endswith(b"\n"):
            return line[: max_bytes + 1], True
