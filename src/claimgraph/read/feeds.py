"""News feeds (RSS/Atom, via feedparser): one article an entry.

Every entry with content or a summary becomes an article with the entry's
link, title, author and publication date (``YYYY-MM-DD``); ``site`` is the
feed's title. Entry HTML is extracted with trafilatura when it holds a whole
page, else converted to text paragraph by paragraph. The id is
``<stem>:<n>`` and the origin ``<path>#<n>``, entries counted from 1.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

from claimgraph.errors import InputError
from claimgraph.extras import require
from claimgraph.read.articles import article_from_html, article_from_text
from claimgraph.records import ArticleInput, InputProblem

Item = ArticleInput | InputProblem

#: Elements that start a feed (looked for in the first 8 KiB).
FEED_MARKERS = (b"<rss", b"<feed", b"<rdf:RDF")


def looks_like_feed(head: bytes) -> bool:
    """Whether the first bytes of an input hold an RSS or Atom root element."""
    return any(marker in head for marker in FEED_MARKERS)


def read_feed(data: bytes, origin: str, stem: str, max_bytes: int) -> Iterator[Item]:
    """The entries of a feed; one without entries is one problem."""
    feedparser = require("feedparser", "corpus")
    # A stream, never bytes or a string: feedparser takes those for a file
    # name or a URL to open when they look like one.
    feed = feedparser.parse(io.BytesIO(data))
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
            yield _entry_article(entry, where, f"{stem}:{number}", site, max_bytes)
        except InputError as err:
            yield InputProblem(where, str(err))


def _entry_article(
    entry: Any, origin: str, id_: str, site: str | None, max_bytes: int
) -> ArticleInput:
    body = None
    for content in entry.get("content") or []:
        if _str(content.get("value")):
            body = str(content["value"])
            break
    body = body or _str(entry.get("summary"))
    if body is None:
        raise InputError("feed entry has no content or summary")
    if len(body.encode("utf-8")) > max_bytes:
        raise InputError(f"feed entry larger than the {max_bytes}-byte limit")
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
