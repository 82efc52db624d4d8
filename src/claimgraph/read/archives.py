"""Read web archives (WARC) and news feeds (RSS/Atom) as articles.

An input edge like :mod:`claimgraph.read.inputs`, whose helpers it reuses
(decoding, HTML extraction with trafilatura, size limits). Nothing here
raises for a bad input: each article yields an
:class:`~claimgraph.records.ArticleInput`, each unreadable one an
:class:`~claimgraph.records.InputProblem`.

- ``.warc``/``.warc.gz`` (warcio): every HTTP ``response`` record whose
  content type is HTML becomes an article, its ``url`` the record's
  ``WARC-Target-URI``. The size limit applies to each record.
- ``.rss``/``.atom``/``.xml`` feeds (feedparser): every entry with content
  or a summary becomes an article with the entry's link, title, author and
  publication date (``YYYY-MM-DD``); ``site`` is the feed's title. Entry
  HTML is extracted with trafilatura when it holds a whole page, else
  converted to text paragraph by paragraph.

:func:`read_corpus_inputs` reads any mix of these and the formats of
:func:`claimgraph.read.inputs.read_inputs`, from files, directories and ``-``.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Iterator, Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, BinaryIO

from claimgraph.errors import InputError
from claimgraph.extras import require
from claimgraph.read.inputs import (
    SUFFIXES,
    article_from_html,
    article_from_text,
    decode_html,
    read_inputs,
)
from claimgraph.records import ArticleInput, InputProblem
from claimgraph.settings import Settings

Item = ArticleInput | InputProblem

#: Archive and feed suffixes (compared case-insensitively; ``.warc.gz`` by its last two).
ARCHIVE_SUFFIXES = {".warc": "warc", ".warc.gz": "warc", ".rss": "feed", ".atom": "feed"}
_FEED_SNIFF = (b"<rss", b"<feed", b"<rdf:RDF")
_GZIP_MAGIC = b"\x1f\x8b"


def archive_kind(path: Path) -> str | None:
    """``warc``, ``feed`` or ``None`` for a path, by its suffix."""
    name = path.name.lower()
    if name.endswith(".warc.gz"):
        return "warc"
    return ARCHIVE_SUFFIXES.get(path.suffix.lower())


def read_corpus_inputs(
    paths: Sequence[str], settings: Settings, stdin: BinaryIO | None = None
) -> Iterator[Item]:
    """Articles from files, directories (recursively, hidden entries skipped)
    and ``-``, in any format claimgraph reads (text, HTML, JSONL, WARC, feeds).

    ``.xml`` files and standard input are sniffed: a feed if an ``<rss>``,
    ``<feed>`` or ``<rdf:RDF>`` element starts in the first 8 KiB, a WARC if
    they start with ``WARC/`` or gzip magic.
    """
    for raw in paths:
        if raw == "-":
            stream = stdin if stdin is not None else _stdin()
            yield from _read_stdin(stream, settings)
            continue
        path = Path(raw)
        if path.is_dir():
            files = list(_walk(path))
            if not files:
                yield InputProblem(raw, "no files to read in this directory")
            for file in files:
                if file.suffix.lower() == ".xml" and _sniff(_head(file)) is None:
                    continue  # an .xml file in a folder is read only if it is a feed
                yield from _read_path(file, str(file), settings)
        elif path.exists():
            yield from _read_path(path, raw, settings)
        else:
            yield InputProblem(raw, "no such file or directory")


def _stdin() -> BinaryIO:
    import sys

    return sys.stdin.buffer


def _read_path(path: Path, origin: str, settings: Settings) -> Iterator[Item]:
    kind = archive_kind(path)
    if kind is None and path.suffix.lower() == ".xml":
        kind = _sniff(_head(path))
    if kind == "warc":
        yield from read_warc(path, origin, settings)
    elif kind == "feed":
        yield from read_feed(path, origin, settings)
    else:
        yield from read_inputs([str(path)], settings)


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(8192)
    except OSError:
        return b""


def _sniff(head: bytes) -> str | None:
    if head.startswith((b"WARC/", _GZIP_MAGIC)):
        return "warc"
    if any(marker in head for marker in _FEED_SNIFF):
        return "feed"
    return None


def _read_stdin(stream: BinaryIO, settings: Settings) -> Iterator[Item]:
    try:
        data = stream.read()
    except OSError as err:
        yield InputProblem("-", f"cannot read standard input: {err.strerror or err}")
        return
    kind = _sniff(data[:8192])
    if kind == "warc":
        yield from _warc_records(io.BytesIO(data), "-", "stdin", settings)
    elif kind == "feed":
        yield from _feed_entries(data, "-", "stdin", settings)
    else:
        yield from read_inputs(["-"], settings, stdin=io.BytesIO(data))


def _walk(path: Path) -> Iterator[Path]:
    """Files under ``path`` that claimgraph reads, sorted, hidden ones skipped."""
    for root, dirs, files in os.walk(path, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            file = Path(root) / name
            if name.startswith("."):
                continue
            if file.suffix.lower() in SUFFIXES or archive_kind(file) or name.endswith(".xml"):
                yield file


# --------------------------------------------------------------------------
# WARC


def read_warc(path: Path, origin: str, settings: Settings) -> Iterator[Item]:
    """The HTML responses in a ``.warc`` or ``.warc.gz`` file, one article each."""
    try:
        handle = path.open("rb")
    except OSError as err:
        yield InputProblem(origin, f"cannot read: {err.strerror or err}")
        return
    with handle:
        yield from _warc_records(handle, origin, path.name.split(".")[0], settings)


def _warc_records(stream: BinaryIO, origin: str, stem: str, settings: Settings) -> Iterator[Item]:
    warcio = require("warcio.archiveiterator", "corpus")
    found = False
    number = 0
    try:
        for record in warcio.ArchiveIterator(stream):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            number += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{origin}#{number}"
            ctype = (record.http_headers.get_header("Content-Type") or "").lower()
            if "html" not in ctype:
                continue
            found = True
            status = record.http_headers.get_statuscode()
            if status and not str(status).startswith("2"):
                yield InputProblem(where, f"HTTP status {status} for {url}; not an article")
                continue
            data = record.content_stream().read(settings.max_bytes + 1)
            try:
                html = decode_html(data, where, settings.max_bytes)
                yield article_from_html(html, where, f"{stem}:{number}", url=url)
            except InputError as err:
                yield InputProblem(where, str(err))
    except Exception as err:  # warcio raises several kinds for a damaged archive
        yield InputProblem(origin, f"not a readable WARC archive after {number} record(s): {err}")
        return
    if not found:
        yield InputProblem(origin, "no HTML response records in this WARC archive")


# --------------------------------------------------------------------------
# RSS / Atom


def read_feed(path: Path, origin: str, settings: Settings) -> Iterator[Item]:
    """The entries of an RSS or Atom feed file, one article each."""
    try:
        if path.stat().st_size > settings.max_bytes * 10:
            yield InputProblem(origin, f"feed larger than {settings.max_bytes * 10} bytes")
            return
        data = path.read_bytes()
    except OSError as err:
        yield InputProblem(origin, f"cannot read: {err.strerror or err}")
        return
    yield from _feed_entries(data, origin, path.stem, settings)


def _feed_entries(data: bytes, origin: str, stem: str, settings: Settings) -> Iterator[Item]:
    feedparser = require("feedparser", "corpus")
    feed = feedparser.parse(data)
    entries = list(feed.get("entries") or [])
    if not entries:
        reason = feed.get("bozo_exception") if feed.get("bozo") else None
        yield InputProblem(
            origin, f"no feed entries found{f' ({reason})' if reason else ''}; is it RSS or Atom?"
        )
        return
    site = _str(feed.get("feed", {}).get("title"))
    for number, entry in enumerate(entries, start=1):
        where = f"{origin}#{number}"
        try:
            yield _entry_article(entry, where, f"{stem}:{number}", site, settings)
        except InputError as err:
            yield InputProblem(where, str(err))


def _entry_article(
    entry: Any, origin: str, id_: str, site: str | None, settings: Settings
) -> ArticleInput:
    body = None
    for content in entry.get("content") or []:
        if _str(content.get("value")):
            body = str(content["value"])
            break
    body = body or _str(entry.get("summary"))
    if body is None:
        raise InputError("feed entry has no content or summary")
    if len(body.encode("utf-8")) > settings.max_bytes:
        raise InputError(f"feed entry larger than the {settings.max_bytes}-byte limit")
    meta = {
        "url": _str(entry.get("link")),
        "title": _str(entry.get("title")),
        "published": _date(entry.get("published_parsed") or entry.get("updated_parsed")),
        "author": _str(entry.get("author")),
        "site": site,
    }
    if "<" in body and ">" in body:
        if "<body" in body.lower() or "<html" in body.lower():
            try:
                return article_from_html(body, origin, id_, **meta)
            except InputError:
                pass
        return article_from_text(html_fragment_text(body), id_, origin, **meta)
    return article_from_text(body, id_, origin, **meta)


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _date(parsed: object) -> str | None:
    if isinstance(parsed, time.struct_time):
        return time.strftime("%Y-%m-%d", parsed)
    return None


_BLOCKS = frozenset(
    {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section"}
)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_fragment_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed entry's content), one block per line."""
    parser = _TextParser()
    parser.feed(fragment)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n\n".join(line for line in lines if line)
