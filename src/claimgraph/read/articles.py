"""Build articles from text, HTML pages and JSON objects.

The last step of every reader: decoded text (or a JSON line) in, an
:class:`~claimgraph.records.ArticleInput` out, or an
:class:`~claimgraph.errors.InputError` with a one-line reason.

Offsets. For plain text, ``ArticleInput.text`` is the text exactly as given
(line endings included). For HTML, ``text`` is the text trafilatura extracts
and offsets refer to it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import trafilatura

from claimgraph.errors import InputError
from claimgraph.records import ArticleInput

_SURROGATE = re.compile("[\ud800-\udfff]")
#: JSON fields other than ``text``/``html`` that must be strings when given.
META_FIELDS = ("url", "title", "published", "author", "site")


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


#: A first line that is a note about the story, not its headline: an update
#: or editor's note ("Updated to add U.S. reaction."), a correction, a
#: byline ("By Lena Hartmann, Baltic Wire").
_NOTE_LINE = re.compile(
    r"(?:updated?\b|update:|editor['’]?s\s+note|correction\b|clarification\b"
    r"|this\s+(?:story|article|post|report)\s+(?:has\s+been|was|is)\b|by\s+\w)",
    re.IGNORECASE,
)
#: The longest first line taken for a headline, in characters and words.
TITLE_MAX_CHARS, TITLE_MAX_WORDS = 160, 25


def title_line(text: str) -> str | None:
    """The first line of a plain-text article when it reads as its headline:
    short (2 to 25 words, at most 160 characters), not ending like a
    sentence or clause (``.``, ``,``, ``;``, ``:``), not an update or
    editor's note, a correction or a byline, and followed by more text.
    ``None`` otherwise (the article then has no title).

    >>> title_line("China sends lethal aid to Russia, UK says\n\nBeijing is ...")
    'China sends lethal aid to Russia, UK says'
    >>> title_line("Updated to add U.S. reaction.\nBeijing is sending ...") is None
    True
    """
    lines = [line.strip() for line in text.splitlines()]
    body = [line for line in lines if line]
    if len(body) < 2:
        return None
    first = body[0]
    words = first.split()
    if not 2 <= len(words) <= TITLE_MAX_WORDS or len(first) > TITLE_MAX_CHARS:
        return None
    if first[-1] in ".,;:" and not first.endswith("..."):
        return None
    if _NOTE_LINE.match(first):
        return None
    return first


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
        id=id if id is not None else default_id(origin),
        text=text,
        origin=origin,
        url=url or meta("url"),
        title=title or meta("title"),
        published=published or meta("date"),
        author=author or meta("author"),
        site=site or meta("sitename"),
        format="html",
    )


def article_from_json(line: str, default_id: str, origin: str) -> ArticleInput:
    """Build an article from one JSON object (a JSONL line, a Parquet row).

    ``text`` wins over ``html`` when both are given. ``id`` may be a string
    or an integer; the other metadata fields must be strings or null.

    Raises:
        InputError: not JSON, not an object, no ``text``/``html``, wrong types.
    """
    try:
        obj: Any = json.loads(line)
    except ValueError as err:
        raise InputError(f"not valid JSON ({err})") from err
    except RecursionError as err:
        raise InputError("not readable JSON: nested too deeply") from err
    if not isinstance(obj, dict):
        raise InputError(f"expected a JSON object, got {_json_type(obj)}")
    for key in ("text", "html", *META_FIELDS):
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(f"field {key!r} must be a string, not {_json_type(value)}")
    for key in ("text", "html", "id", *META_FIELDS):
        value = obj.get(key)
        if isinstance(value, str) and (bad := _SURROGATE.search(value)):
            raise InputError(
                f"field {key!r} is not valid Unicode: a lone surrogate "
                f"(\\u{ord(bad.group()):04x}) at character {bad.start()}"
            )
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


def default_id(origin: str) -> str:
    """The id of a whole-file article: the file's stem (``stdin`` for ``-``)."""
    return "stdin" if origin in ("", "-") else Path(origin).stem


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
