"""Where articles come from: paths, directories, standard input; one walker
and format detection for every command.

This is claimgraph's input edge: ``claimgraph analyze``, ``claimgraph
ingest`` (:meth:`claimgraph.Corpus.ingest`) and the planning of
``claimgraph batch`` all find and recognise their inputs here, so they read
the same articles from the same inputs. Nothing here raises for a bad input:
:func:`read_inputs` yields an :class:`~claimgraph.records.ArticleInput` for
each article it can read and an :class:`~claimgraph.records.InputProblem`
(origin and a one-line reason) for each one it cannot, then goes on.

Formats (:data:`SUFFIXES`, compared case-insensitively):

- ``.txt``/``.text``: plain text (one article, id: the file's stem);
- ``.html``/``.htm``: a web page, extracted with trafilatura;
- ``.jsonl``: one article a line (:mod:`claimgraph.read.jsonl`);
- ``.warc``/``.warc.gz``: web archives (:mod:`claimgraph.read.warc`);
- ``.rss``/``.atom``, and ``.xml`` files that hold a feed: news feeds
  (:mod:`claimgraph.read.feeds`);
- ``.parquet``: one article a row (:mod:`claimgraph.read.parquet`).

WARC, feeds and Parquet need optional extras; without them the file is a
problem whose reason says what to install.

Directories are walked by :func:`walk`: sorted by name, hidden entries
skipped, symbolic links followed (a folder already being walked is not
entered again). A file met in a directory whose format claimgraph does not
read is reported as an :class:`InputProblem` with ``skipped=True`` (not a
failure). A file named explicitly with an unknown suffix, and standard input
(``-``), are sniffed: WARC, Parquet, HTML, feed, JSONL, else plain text.

Limits. A plain-text or HTML file larger than ``settings.max_bytes`` is
refused before it is decoded (a feed: ten times that); for JSONL, WARC and
Parquet the limit applies to each line, record or row.
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, Literal

from claimgraph.errors import InputError, MissingExtraError
from claimgraph.read.articles import article_from_html, article_from_text, default_id, title_line
from claimgraph.read.decode import SNIFF_BYTES, UTF8_BOM, decode_bytes, decode_html, too_large
from claimgraph.read.feeds import looks_like_feed, read_feed
from claimgraph.read.jsonl import read_jsonl
from claimgraph.read.parquet import read_parquet
from claimgraph.read.warc import read_warc
from claimgraph.records import ArticleInput, InputProblem
from claimgraph.settings import Settings

Item = ArticleInput | InputProblem
Format = Literal["text", "html", "jsonl", "warc", "feed", "parquet"]

#: Suffixes read when recursing into a directory (``.warc.gz`` by its last
#: two; ``.xml`` files are read when they hold a feed).
SUFFIXES: dict[str, Format] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".warc": "warc",
    ".warc.gz": "warc",
    ".rss": "feed",
    ".atom": "feed",
    ".parquet": "parquet",
}
#: The version of these reading rules: raised when the same input would be
#: read as other articles (ids, origins, which records), so that a batch run
#: is not resumed over shards read by other rules (2: the one reader).
READER_RULES = 2
#: Formats read as a stream (the size limit applies to each record).
STREAMED: frozenset[Format] = frozenset({"jsonl", "warc", "parquet"})
#: A feed may be this many times ``settings.max_bytes``.
FEED_FACTOR = 10

_GZIP_MAGIC = b"\x1f\x8b"
_PARQUET_MAGIC = b"PAR1"
_HTML_START = re.compile(
    rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    rb"<(?:!doctype\s+html|html|head|body|meta|title|article|div|p|section)\b",
    re.IGNORECASE | re.DOTALL,
)


# --------------------------------------------------------------------------
# finding inputs


def walk(path: Path, seen: frozenset[Path] = frozenset()) -> Iterator[Path]:
    """Every file under ``path``, sorted by name, hidden entries skipped.

    Symbolic links are followed, but a folder already being walked (a link
    loop) is not entered again. Unreadable folders are skipped.
    """
    real = path.resolve()
    if real in seen:
        return
    try:
        children = sorted(path.iterdir(), key=lambda p: p.name)
    except OSError:
        return
    for child in children:
        if child.name.startswith("."):
            continue
        if child.is_dir():
            yield from walk(child, seen | {real})
        elif child.is_file():
            yield child


def format_of(path: Path, name: str | None = None) -> Format | None:
    """The format of a file by the suffix of ``name`` (default: its own name),
    an ``.xml`` file's by its first bytes; ``None`` when not known."""
    lower = (name or path.name).lower()
    if lower.endswith(".warc.gz"):
        return "warc"
    suffix = Path(lower).suffix
    if suffix == ".xml":
        return "feed" if looks_like_feed(_head(path)) else None
    return SUFFIXES.get(suffix)


def skipped_reason(path: Path, name: str | None = None) -> str:
    """Why a file met in a directory is not read."""
    suffix = Path((name or path.name).lower()).suffix
    if suffix == ".xml":
        return "skipped: an .xml file that is not an RSS or Atom feed"
    return f"skipped: not a format claimgraph reads ({suffix or 'no suffix'})"


def no_files(origin: str) -> InputProblem:
    """The problem of a directory without a file claimgraph reads."""
    wanted = ", ".join([*SUFFIXES, ".xml"])
    return InputProblem(origin, f"no files to read in this directory (looked for {wanted})")


def sniff_format(data: bytes) -> Format:
    """Guess the format of unlabelled input (standard input, unknown suffix).

    WARC if it starts like a WARC record (or gzip data), Parquet by its magic
    bytes, HTML if it starts like an HTML document, a feed if an RSS or Atom
    root element is in its first 8 KiB, JSONL if its first non-empty line is
    a JSON object; else plain text.
    """
    head = data[:SNIFF_BYTES]
    if head.startswith((b"WARC/", _GZIP_MAGIC)):
        return "warc"
    if head.startswith(_PARQUET_MAGIC):
        return "parquet"
    if head.startswith(UTF8_BOM):
        head = head[len(UTF8_BOM) :]
    if _HTML_START.match(head):
        return "html"
    if looks_like_feed(head):
        return "feed"
    first = next((line for line in data.splitlines() if line.strip()), b"")
    if first.lstrip().startswith((b"{", UTF8_BOM + b"{")):
        try:
            if isinstance(json.loads(first.removeprefix(UTF8_BOM)), dict):
                return "jsonl"
        except ValueError:
            pass
    return "text"


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(SNIFF_BYTES)
    except OSError:
        return b""


# --------------------------------------------------------------------------
# reading


def read_inputs(
    paths: Sequence[str], settings: Settings, stdin: BinaryIO | None = None
) -> Iterator[Item]:
    """Yield the articles in ``paths``, or a problem for each one that can't be read.

    Args:
        paths: files, directories (walked with :func:`walk`; files of an
            unknown format yield a ``skipped`` problem) or ``-`` for
            standard input.
        settings: ``max_bytes`` is the size limit.
        stdin: where ``-`` reads from (default: ``sys.stdin.buffer``).
    """
    for raw in paths:
        if raw == "-":
            yield from read_stdin(stdin if stdin is not None else sys.stdin.buffer, settings)
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _read_directory(path, raw, settings)
        elif path.exists():
            yield from read_file(path, raw, settings, format_of(path))
        else:
            yield InputProblem(raw, "no such file or directory")


def _read_directory(path: Path, origin: str, settings: Settings) -> Iterator[Item]:
    found = False
    for file in walk(path):
        fmt = format_of(file)
        if fmt is None:
            yield InputProblem(str(file), skipped_reason(file), skipped=True)
            continue
        found = True
        yield from read_file(file, str(file), settings, fmt)
    if not found:
        yield no_files(origin)


def read_file(path: Path, origin: str, settings: Settings, fmt: Format | None) -> Iterator[Item]:
    """Read one file as ``fmt`` (``None``: sniffed); ``origin`` names it in
    origins and gives the default id (its stem)."""
    stem = default_id(origin)
    try:
        if fmt in STREAMED:
            with path.open("rb") as handle:
                yield from _read_stream(handle, origin, stem, settings.max_bytes, fmt)
            return
        limit = settings.max_bytes * (FEED_FACTOR if fmt == "feed" else 1)
        if path.stat().st_size > limit:
            raise InputError(too_large(limit, "feed" if fmt == "feed" else ""))
        data = path.read_bytes()
    except (InputError, MissingExtraError) as err:
        yield InputProblem(origin, str(err))
        return
    except OSError as err:
        yield InputProblem(origin, f"cannot read: {err.strerror or err}")
        return
    yield from read_bytes(data, origin, settings, fmt)


def read_stdin(stream: BinaryIO, settings: Settings) -> Iterator[Item]:
    """Standard input, sniffed (:func:`sniff_format`)."""
    try:
        data = stream.read()
    except OSError as err:
        yield InputProblem("-", f"cannot read standard input: {err.strerror or err}")
        return
    yield from read_bytes(data, "-", settings, None)


def read_bytes(data: bytes, origin: str, settings: Settings, fmt: Format | None) -> Iterator[Item]:
    """The articles in ``data`` read as ``fmt`` (``None``: sniffed)."""
    fmt = fmt or sniff_format(data)
    stem = default_id(origin)
    try:
        if fmt in STREAMED:
            yield from _read_stream(io.BytesIO(data), origin, stem, settings.max_bytes, fmt)
        elif fmt == "feed":
            if len(data) > settings.max_bytes * FEED_FACTOR:
                raise InputError(too_large(settings.max_bytes * FEED_FACTOR, "feed"))
            yield from read_feed(data, origin, stem, settings.max_bytes)
        elif fmt == "html":
            yield article_from_html(decode_html(data, origin, settings.max_bytes), origin, stem)
        else:
            # a whole file of plain text: its first line is its title when
            # it reads as one (the text itself is kept exactly as given)
            text = decode_bytes(data, origin, settings.max_bytes)
            yield article_from_text(text, stem, origin, title=title_line(text))
    except (InputError, MissingExtraError) as err:
        yield InputProblem(origin, str(err))


def _read_stream(
    stream: BinaryIO, origin: str, stem: str, max_bytes: int, fmt: Format | None
) -> Iterator[Item]:
    if fmt == "jsonl":
        yield from read_jsonl(stream, origin, stem, max_bytes)
    elif fmt == "warc":
        yield from read_warc(stream, origin, max_bytes)
    else:
        yield from read_parquet(stream, origin, stem, max_bytes)
