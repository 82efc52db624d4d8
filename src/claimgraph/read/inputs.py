"""Read articles from files, directories and standard input.

This is claimgraph's input edge: everything here does I/O or decoding, and
nothing here raises for a bad input. :func:`read_inputs` yields an
:class:`~claimgraph.records.ArticleInput` for each article it can read and an
:class:`~claimgraph.records.InputProblem` (origin and a one-line reason) for
each one it cannot, then goes on with the next.

Formats, by suffix:

- ``.txt``/``.text`` (and any other suffix named explicitly): plain text.
- ``.html``/``.htm``: a web page; the article text and metadata are extracted
  with trafilatura.
- ``.jsonl``: one article a line, ``{"text": ...}`` or ``{"html": ...}`` with
  optional ``id``, ``url``, ``title``, ``published``, ``author``, ``site``.
- ``-``: standard input, sniffed: HTML if it looks like HTML, JSONL if its
  first non-empty line is a JSON object, else plain text.

Offsets. For plain text, ``ArticleInput.text`` is the file's text exactly as
given (line endings included: CRLF stays CRLF), except that a leading
byte-order mark is removed, so offsets count from the first character after
the BOM. For HTML, ``text`` is the extracted text and offsets refer to it.

Limits. A file (or standard input) larger than ``settings.max_bytes`` is
refused before it is decoded; for JSONL the limit applies to each line
(article) instead, so that a large batch file can be read.
"""

from __future__ import annotations

import codecs
import io
import json
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO, Literal

import trafilatura

from claimgraph.errors import InputError
from claimgraph.records import ArticleInput, InputProblem
from claimgraph.settings import Settings

Item = ArticleInput | InputProblem
Format = Literal["text", "html", "jsonl"]

#: Suffixes read when recursing into a directory (compared case-insensitively).
SUFFIXES: dict[str, Format] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
}
#: JSONL fields other than ``text``/``html`` that must be strings when given.
META_FIELDS = ("url", "title", "published", "author", "site")

_UTF8_BOM = codecs.BOM_UTF8
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_SNIFF_BYTES = 8192
_BINARY_CONTROL_RATIO = 0.1
# control bytes that are normal in text: \t \n \v \f \r and ESC
_TEXT_CONTROLS = frozenset(b"\t\n\x0b\x0c\r\x1b")
_HTML_START = re.compile(
    rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    rb"<(?:!doctype\s+html|html|head|body|meta|title|article|div|p|section)\b",
    re.IGNORECASE | re.DOTALL,
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
# WHATWG: these labels mean windows-1252 in HTML
_CP1252_LABELS = frozenset(
    {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii"}
)


# --------------------------------------------------------------------------
# reading paths


def read_inputs(
    paths: Sequence[str], settings: Settings, stdin: BinaryIO | None = None
) -> Iterator[ArticleInput | InputProblem]:
    """Yield the articles in ``paths``, or a problem for each one that can't be read.

    Args:
        paths: files, directories (read recursively, in sorted order, files
            with a suffix in :data:`SUFFIXES`, hidden files and folders
            skipped) or ``-`` for standard input.
        settings: ``max_bytes`` is the size limit.
        stdin: where ``-`` reads from (default: ``sys.stdin.buffer``).
    """
    for raw in paths:
        if raw == "-":
            yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer, settings)
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _read_directory(path, raw, settings)
        elif path.exists():
            yield from _read_file(path, raw, settings, SUFFIXES.get(path.suffix.lower()))
        else:
            yield InputProblem(raw, "no such file or directory")


def _read_directory(path: Path, origin: str, settings: Settings) -> Iterator[Item]:
    found = False
    for file in _walk(path):
        found = True
        yield from _read_file(file, str(file), settings, SUFFIXES[file.suffix.lower()])
    if not found:
        wanted = ", ".join(SUFFIXES)
        yield InputProblem(origin, f"no files to read in this directory (looked for {wanted})")


def _walk(path: Path, seen: frozenset[Path] = frozenset()) -> Iterator[Path]:
    """Files under ``path`` with a known suffix, sorted, hidden ones skipped.

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
            yield from _walk(child, seen | {real})
        elif child.is_file() and child.suffix.lower() in SUFFIXES:
            yield child


def _read_file(path: Path, origin: str, settings: Settings, fmt: Format | None) -> Iterator[Item]:
    """Read one file; ``fmt`` is ``None`` for an unknown suffix (then sniffed)."""
    try:
        if fmt == "jsonl":
            with path.open("rb") as handle:
                _check_binary(handle.read(_SNIFF_BYTES))
                handle.seek(0)
                yield from _read_jsonl_lines(handle, origin, path.stem, settings.max_bytes)
            return
        size = path.stat().st_size
        if size > settings.max_bytes:
            raise InputError(_too_large(settings.max_bytes))
        data = path.read_bytes()
    except InputError as err:
        yield InputProblem(origin, str(err))
        return
    except OSError as err:
        yield InputProblem(origin, f"cannot read: {err.strerror or err}")
        return
    yield from _parse_bytes(data, origin, path.stem, settings.max_bytes, fmt)


def _read_stdin(stream: BinaryIO, settings: Settings) -> Iterator[Item]:
    try:
        data = stream.read()
    except OSError as err:
        yield InputProblem("-", f"cannot read standard input: {err.strerror or err}")
        return
    yield from _parse_bytes(data, "-", "stdin", settings.max_bytes, None)


def _parse_bytes(
    data: bytes, origin: str, id_: str, max_bytes: int, fmt: Format | None
) -> Iterator[Item]:
    fmt = fmt or sniff_format(data)
    if fmt == "jsonl":
        try:
            _check_binary(data[:_SNIFF_BYTES])
        except InputError as err:
            yield InputProblem(origin, str(err))
            return
        yield from _read_jsonl_lines(io.BytesIO(data), origin, id_, max_bytes)
        return
    try:
        if fmt == "html":
            yield article_from_html(decode_html(data, origin, max_bytes), origin, id_)
        else:
            yield article_from_text(decode_bytes(data, origin, max_bytes), id_, origin)
    except InputError as err:
        yield InputProblem(origin, str(err))


def sniff_format(data: bytes) -> Format:
    """Guess the format of unlabelled input (standard input, unknown suffix).

    HTML if it starts like an HTML document; JSONL if its first non-empty
    line is a JSON object; else plain text.
    """
    head = data[:_SNIFF_BYTES]
    if head.startswith(_UTF8_BOM):
        head = head[len(_UTF8_BOM) :]
    if _HTML_START.match(head):
        return "html"
    first = next((line for line in data.splitlines() if line.strip()), b"")
    if first.lstrip().startswith((b"{", _UTF8_BOM + b"{")):
        try:
            if isinstance(json.loads(first.removeprefix(_UTF8_BOM)), dict):
                return "jsonl"
        except ValueError:
            pass
    return "text"


# --------------------------------------------------------------------------
# JSONL


def _read_jsonl_lines(lines: BinaryIO, origin: str, stem: str, max_bytes: int) -> Iterator[Item]:
    """One article per non-blank line; a bad line yields a problem and reading goes on.

    Line numbers count from 1 and include blank lines. An input with no
    non-blank line yields one problem, "empty file".
    """
    empty = True
    for number, raw in enumerate(lines, start=1):
        where = f"{origin}:{number}"
        if number == 1:
            raw = raw.removeprefix(_UTF8_BOM)
        if not raw.strip():
            continue
        empty = False
        try:
            if len(raw.rstrip(b"\r\n")) > max_bytes:
                raise InputError(_too_large(max_bytes, "line"))
            line = _decode_utf8(raw, 0)
            yield article_from_json(line, f"{stem}:{number}", where)
        except InputError as err:
            yield InputProblem(where, str(err))
    if empty:
        yield InputProblem(origin, "empty file")


def article_from_json(line: str, default_id: str, origin: str) -> ArticleInput:
    """Build an article from one JSONL line.

    ``text`` wins over ``html`` when both are given. ``id`` may be a string
    or an integer; the other metadata fields must be strings or null.

    Raises:
        InputError: not JSON, not an object, no ``text``/``html``, wrong types.
    """
    try:
        obj: Any = json.loads(line)
    except ValueError as err:
        raise InputError(f"not valid JSON ({err})") from err
    if not isinstance(obj, dict):
        raise InputError(f"expected a JSON object, got {_json_type(obj)}")
    for key in ("text", "html", *META_FIELDS):
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(f"field {key!r} must be a string, not {_json_type(value)}")
    raw_id = obj.get("id")
    if raw_id is None:
        id_ = default_id
    elif isinstance(raw_id, str) and raw_id.strip():
        id_ = raw_id
    elif isinstance(raw_id, int) and not isinstance(raw_id, bool):
        id_ = str(raw_id)
    else:
        raise InputError(
            f"field 'id' must be a non-empty string or an integer, not {_json_type(raw_id)}"
        )
    meta = {key: obj.get(key) for key in META_FIELDS}
    if obj.get("text") is not None:
        return article_from_text(obj["text"], id_, origin, **meta)
    if obj.get("html") is not None:
        return article_from_html(obj["html"], origin, id_, **meta)
    raise InputError("needs a 'text' or an 'html' field")


def _json_type(value: object) -> str:
    names = {
        dict: "an object",
        list: "an array",
        str: "a string",
        bool: "a boolean",
        type(None): "null",
    }
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return names.get(type(value), type(value).__name__)


# --------------------------------------------------------------------------
# decoding


def decode_bytes(data: bytes, origin: str, max_bytes: int) -> str:
    """Decode a plain-text input to ``str``, refusing what is not text.

    The text is kept exactly as given (line endings included), except that a
    leading UTF-8 byte-order mark is removed (offsets then count from the
    character after it). A UTF-16 file with a byte-order mark is decoded as
    UTF-16. ``origin`` is accepted for symmetry with the other readers; the
    error messages don't repeat it (callers pair them with the origin).

    Raises:
        InputError: larger than ``max_bytes``, empty or whitespace only,
            binary, or not valid UTF-8.
    """
    del origin  # messages are paired with the origin by the caller
    _check_size_and_binary(data, max_bytes)
    if data.startswith(_UTF16_BOMS):
        return _nonempty(_decode_strict(data, "utf-16", "UTF-16"))
    if data.startswith(_UTF8_BOM):
        return _nonempty(_decode_utf8(data[len(_UTF8_BOM) :], len(_UTF8_BOM)))
    return _nonempty(_decode_utf8(data, 0))


def decode_html(data: bytes, origin: str, max_bytes: int) -> str:
    """Decode an HTML page, honouring a declared non-UTF-8 charset.

    The charset comes from ``<meta charset>``, ``<meta http-equiv
    content="...; charset=...">`` or an XML declaration in the first 8 KiB.
    Following the HTML standard, ISO-8859-1 and US-ASCII are read as
    windows-1252. With no declaration (or a UTF-8 one) the page must be
    valid UTF-8.

    Raises:
        InputError: as :func:`decode_bytes`, or the declared charset is
            unknown or does not fit the bytes.
    """
    del origin
    _check_size_and_binary(data, max_bytes)
    if data.startswith(_UTF16_BOMS):
        return _nonempty(_decode_strict(data, "utf-16", "UTF-16"))
    if data.startswith(_UTF8_BOM):
        return _nonempty(_decode_utf8(data[len(_UTF8_BOM) :], len(_UTF8_BOM)))
    declared = declared_charset(data)
    if declared is None or _is_utf8(declared):
        return _nonempty(_decode_utf8(data, 0))
    label = declared.lower()
    if label in _CP1252_LABELS:
        try:
            return _nonempty(data.decode("cp1252"))
        except UnicodeDecodeError:
            return _nonempty(data.decode("latin-1"))
    try:
        codecs.lookup(label)
    except LookupError as err:
        raise InputError(
            f"declares charset {declared!r}, which is not a known encoding; "
            "convert it to UTF-8 first (e.g. iconv -f ENCODING -t utf-8)"
        ) from err
    return _nonempty(_decode_strict(data, label, declared))


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 8 KiB, if any."""
    head = data[:_SNIFF_BYTES]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii") if match else None


def _is_utf8(label: str) -> bool:
    try:
        return codecs.lookup(label).name == "utf-8"
    except LookupError:
        return False


def _check_size_and_binary(data: bytes, max_bytes: int) -> None:
    if len(data) > max_bytes:
        raise InputError(_too_large(max_bytes))
    if not data.strip():
        raise InputError("empty file")
    if not data.startswith(_UTF16_BOMS):
        _check_binary(data[:_SNIFF_BYTES])


def _check_binary(head: bytes) -> None:
    """Refuse data whose first bytes hold a NUL or many control characters."""
    controls = sum(1 for b in head if b < 0x20 and b not in _TEXT_CONTROLS)
    if b"\x00" in head or controls > _BINARY_CONTROL_RATIO * len(head):
        raise InputError("looks like a binary file, not text")


def _decode_utf8(data: bytes, offset: int) -> str:
    """Decode UTF-8 strictly; ``offset`` is added to the reported byte position."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        byte = data[err.start]
        raise InputError(
            f"not valid UTF-8 (byte 0x{byte:02x} at offset {err.start + offset}); "
            "convert it to UTF-8 first (e.g. iconv -f cp1252 -t utf-8)"
        ) from err


def _decode_strict(data: bytes, codec: str, label: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        raise InputError(
            f"not valid {label} as declared (byte 0x{data[err.start]:02x} at offset {err.start}); "
            "convert it to UTF-8 first"
        ) from err


def _nonempty(text: str) -> str:
    if not text.strip():
        raise InputError("empty file")
    return text


def _too_large(max_bytes: int, what: str = "") -> str:
    noun = f"{what} " if what else ""
    return (
        f"{noun}larger than the {max_bytes}-byte limit; "
        "raise it with --max-bytes or CLAIMGRAPH_MAX_BYTES"
    )


# --------------------------------------------------------------------------
# building articles


def article_from_text(
    text: str,
    id: str,
    origin: str,
    *,
    url: str | None = None,
    title: str | None = None,
    published: str | None = None,
    author: str | None = None,
    site: str | None = None,
) -> ArticleInput:
    """Wrap plain text as an article (the text is kept exactly as given).

    Raises:
        InputError: the text is empty or whitespace only.
    """
    if not text.strip():
        raise InputError("empty text")
    return ArticleInput(
        id=id,
        text=text,
        origin=origin,
        url=url,
        title=title,
        published=published,
        author=author,
        site=site,
        format="text",
    )


def article_from_html(
    html: str,
    origin: str,
    id: str | None = None,
    *,
    url: str | None = None,
    title: str | None = None,
    published: str | None = None,
    author: str | None = None,
    site: str | None = None,
) -> ArticleInput:
    """Extract the article from an HTML page with trafilatura.

    ``text`` is the extracted main text (paragraphs separated by newlines,
    comments, navigation and footers left out); all offsets refer to it.
    Title, date, author, site name and URL come from the page's metadata;
    values passed in (e.g. from a JSONL line) take precedence. ``id``
    defaults to the stem of ``origin`` (``stdin`` for ``-``).

    Raises:
        InputError: no article text found in the page.
    """
    # Balanced mode (neither favor_precision nor favor_recall): on news pages
    # it keeps every story paragraph and drops navigation, asides, sidebars
    # and donation banners; recall mode let a donation banner through, and
    # precision mode risks dropping paragraphs. Tables are kept (some sites
    # lay out stories in them); comments, images and links are not.
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        include_formatting=False,
        deduplicate=False,
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if not isinstance(text, str) or not text.strip():
        raise InputError("no article text found in HTML")

    def meta(name: str) -> str | None:
        value = getattr(doc, name, None)
        return value if isinstance(value, str) and value.strip() else None

    return ArticleInput(
        id=id if id is not None else _default_id(origin),
        text=text,
        origin=origin,
        url=url or meta("url"),
        title=title or meta("title"),
        published=published or meta("date"),
        author=author or meta("author"),
        site=site or meta("sitename"),
        format="html",
    )


def _default_id(origin: str) -> str:
    return "stdin" if origin in ("", "-") else Path(origin).stem
