"""Bytes to text: size limits, binary checks and strict decoding.

Every reader of :mod:`claimgraph.read` decodes through these functions, so
the same bytes get the same text (or the same reason) whichever command
reads them. Nothing here does I/O; a bad input raises
:class:`~claimgraph.errors.InputError` with a one-line reason (callers pair
it with the input's origin).
"""

from __future__ import annotations

import codecs
import re

from claimgraph.errors import InputError

#: How much of an input is looked at to sniff its format or charset.
SNIFF_BYTES = 8192
UTF8_BOM = codecs.BOM_UTF8
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

_BINARY_CONTROL_RATIO = 0.1
# control bytes that are normal in text: \t \n \v \f \r and ESC
_TEXT_CONTROLS = frozenset(b"\t\n\x0b\x0c\r\x1b")
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
# WHATWG: these labels mean windows-1252 in HTML
_CP1252_LABELS = frozenset(
    {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii"}
)


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
    if data.startswith(UTF16_BOMS):
        return _nonempty(_decode_strict(data, "utf-16", "UTF-16"))
    if data.startswith(UTF8_BOM):
        return _nonempty(decode_utf8(data[len(UTF8_BOM) :], len(UTF8_BOM)))
    return _nonempty(decode_utf8(data, 0))


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
    if data.startswith(UTF16_BOMS):
        return _nonempty(_decode_strict(data, "utf-16", "UTF-16"))
    if data.startswith(UTF8_BOM):
        return _nonempty(decode_utf8(data[len(UTF8_BOM) :], len(UTF8_BOM)))
    declared = declared_charset(data)
    if declared is None or _is_utf8(declared):
        return _nonempty(decode_utf8(data, 0))
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
    head = data[:SNIFF_BYTES]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii") if match else None


def check_binary(head: bytes) -> None:
    """Refuse data whose first bytes hold a NUL or many control characters.

    Raises:
        InputError: "looks like a binary file, not text".
    """
    controls = sum(1 for b in head if b < 0x20 and b not in _TEXT_CONTROLS)
    if b"\x00" in head or controls > _BINARY_CONTROL_RATIO * len(head):
        raise InputError("looks like a binary file, not text")


def decode_utf8(data: bytes, offset: int) -> str:
    """Decode UTF-8 strictly; ``offset`` is added to the reported byte position.

    Raises:
        InputError: not valid UTF-8 (the byte and its offset are named).
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        byte = data[err.start]
        raise InputError(
            f"not valid UTF-8 (byte 0x{byte:02x} at offset {err.start + offset}); "
            "convert it to UTF-8 first (e.g. iconv -f cp1252 -t utf-8)"
        ) from err


def too_large(max_bytes: int, what: str = "") -> str:
    """The reason given for an input (``what``: "line", "row", ...) over the limit."""
    noun = f"{what} " if what else ""
    return (
        f"{noun}larger than the {max_bytes}-byte limit; "
        "raise it with --max-bytes or CLAIMGRAPH_MAX_BYTES"
    )


def _is_utf8(label: str) -> bool:
    try:
        return codecs.lookup(label).name == "utf-8"
    except LookupError:
        return False


def _check_size_and_binary(data: bytes, max_bytes: int) -> None:
    if len(data) > max_bytes:
        raise InputError(too_large(max_bytes))
    if not data.strip():
        raise InputError("empty file")
    if not data.startswith(UTF16_BOMS):
        check_binary(data[:SNIFF_BYTES])


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
