"""Web archives (WARC, ``.warc``/``.warc.gz``, via warcio): one article a page.

A record is a page when it is a ``response`` with a 2xx HTTP status and a
text content type, or a ``resource`` with a text content type (HTML:
``text/html``, ``application/xhtml+xml``; plain text: ``text/plain``); every
other record (requests, metadata, redirects, errors, images) is ignored.
A page's ``url`` is its ``WARC-Target-URI``; its id is that URL, else
``<path>#<n>``, where ``n`` numbers every record of the file from 1 (the
origin of a page is always ``<path>#<n>``). The size limit applies to each
record: one that declares more (its ``Content-Length``) is refused unread,
and one that the archive ends before (truncated) is a problem, never a
shorter page.

:func:`page_item` reads one record; :func:`read_warc` (a whole archive) and
:func:`read_warc_range` (the records from a byte offset: a batch partition)
both read every record with it, so a page gets the same article whichever
command reads it. Nothing here raises for a bad input.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO, Literal

from claimgraph.errors import InputError
from claimgraph.extras import require
from claimgraph.read.articles import article_from_html, article_from_text
from claimgraph.read.decode import decode_bytes, decode_html
from claimgraph.records import ArticleInput, InputProblem

Item = ArticleInput | InputProblem

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TEXT_TYPES = frozenset({"text/plain"})
#: Bytes a record may hold beyond the size limit (its HTTP headers).
HEADERS_ALLOWANCE = 64 * 1024
#: The problem of an archive without a single page.
NO_PAGES = (
    "no web pages in this WARC archive (looked for 2xx text/HTML responses and text/HTML resources)"
)


def page_kind(record: Any) -> Literal["html", "text"] | None:
    """``html`` or ``text`` for a record that is a page, else ``None`` (headers only)."""
    if record.rec_type == "response":
        headers = record.http_headers
        if headers is None or not str(headers.get_statuscode() or "").startswith("2"):
            return None
    elif record.rec_type == "resource":
        headers = record.rec_headers
    else:
        return None
    content_type = (headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if content_type in _HTML_TYPES:
        return "html"
    if content_type in _TEXT_TYPES:
        return "text"
    return None


def page_item(record: Any, number: int, origin: str, max_bytes: int) -> Item | None:
    """The article (or problem) of record ``number`` (from 1), ``None`` if it is no page."""
    kind = page_kind(record)
    if kind is None:
        return None
    where = f"{origin}#{number}"
    url = record.rec_headers.get_header("WARC-Target-URI") or None
    id_ = url or f"{'stdin' if origin == '-' else origin}#{number}"
    try:
        declared = int(record.length or 0)
        if declared > max_bytes + HEADERS_ALLOWANCE:
            raise InputError(
                f"the record declares {declared} bytes, more than the limit of {max_bytes} "
                "(--max-bytes / CLAIMGRAPH_MAX_BYTES)"
            )
        body: bytes = record.content_stream().read(max_bytes + 1)
        missing = int(getattr(record.raw_stream, "limit", 0) or 0)
        if len(body) <= max_bytes and missing > 0:
            raise InputError(
                f"truncated: the record declares {declared} bytes but the archive ends "
                f"{missing} bytes short of them"
            )
        if kind == "html":
            return article_from_html(decode_html(body, where, max_bytes), where, id_, url=url)
        return article_from_text(decode_bytes(body, where, max_bytes), id_, where, url=url)
    except InputError as err:
        return InputProblem(where, str(err))
    except Exception as err:  # a broken page must not stop the others
        return InputProblem(where, f"cannot read this web page: {err}")


def read_warc(stream: BinaryIO, origin: str, max_bytes: int) -> Iterator[Item]:
    """Every page of a whole archive; an archive without one (and not
    damaged, which is its own problem) is one problem."""
    found = False
    for item in read_warc_range(stream, origin, 0, 0, None, max_bytes):
        found = True
        yield item
    if not found:
        yield InputProblem(origin, NO_PAGES)


def read_warc_range(
    stream: BinaryIO, origin: str, start: int, first: int, count: int | None, max_bytes: int
) -> Iterator[Item]:
    """The pages of ``count`` records (``None``: all, to the end) from byte
    ``start``, where record ``first + 1`` begins; a damaged archive ends with
    one problem saying after which record it broke."""
    warcio = require("warcio.archiveiterator", "corpus")
    number = first
    try:
        stream.seek(start)
        for record in warcio.ArchiveIterator(stream):
            number += 1
            item = page_item(record, number, origin, max_bytes)
            if item is not None:
                yield item
            if count is not None and number - first >= count:
                return
    except Exception as err:  # warcio raises several kinds for a damaged archive
        # warcio's message quotes the bad bytes ("first line: \x00\r\n"):
        # shown on one line, control characters as spaces
        detail = " ".join("".join(c if c.isprintable() else " " for c in str(err)).split())
        yield InputProblem(
            origin, f"not a readable WARC archive after {number} record(s): {detail}"
        )


def record_offsets(stream: BinaryIO) -> tuple[list[int], bool]:
    """The byte offset of each record up to the first damaged one, and
    whether any of them is a page (for planning batch partitions)."""
    warcio = require("warcio.archiveiterator", "corpus")
    offsets: list[int] = []
    pages = False
    records = warcio.ArchiveIterator(stream)
    try:
        for record in records:
            pages = pages or page_kind(record) is not None
            offsets.append(records.get_record_offset())
    except Exception:  # the reader reports what is damaged
        pass
    return offsets, pages
