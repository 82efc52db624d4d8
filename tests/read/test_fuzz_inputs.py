"""Property tests (hypothesis, a bounded number of examples): every JSONL
line and every feed, HTML or WARC input either yields articles or one clear
problem per input, never a traceback (issue 18, "done when")."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

pytest.importorskip("hypothesis")

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from claimgraph.read.sources import read_bytes
from claimgraph.records import ArticleInput, InputProblem
from claimgraph.settings import Settings

SETTINGS = Settings(max_bytes=50_000)
#: Examples per property: enough to find the crash classes of issue 18
#: (deep nesting, surrogates, wrong types, truncation) and fast in CI.
EXAMPLES = 60
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

FIELDS = ["text", "html", "id", "url", "title", "published", "author", "site"]
#: JSON values of every type, nested a little.
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
RECORDS = st.dictionaries(st.sampled_from(FIELDS), JSON_VALUES | st.text(max_size=200))


def _line(record: dict[str, Any], surrogate: bool, depth: int) -> bytes:
    line = json.dumps(record)
    if surrogate and '"' in line:  # a lone surrogate escape, as a hostile file holds it
        line = line.replace('"', '"\\ud800', 1)
    if depth:
        line = line[:-1] + (', "e": ' + "[" * depth + "]" * depth + "}" if record else "")
    return line.encode()


def check(items: list[ArticleInput | InputProblem]) -> None:
    """Articles with text that can be encoded, or problems of one line."""
    assert items, "an input yields at least one article or one problem"
    for item in items:
        if isinstance(item, ArticleInput):
            assert item.text.strip()
            item.text.encode("utf-8")  # no lone surrogate reaches the pipeline
            for value in (item.id, item.title, item.url, item.published):
                if value is not None:
                    value.encode("utf-8")
        else:
            assert isinstance(item, InputProblem)
            assert item.reason and "\n" not in item.reason
            assert "Traceback" not in item.reason


def read(data: bytes, name: str, fmt: Any) -> list[ArticleInput | InputProblem]:
    return list(read_bytes(data, name, SETTINGS, fmt))


@FUZZ
@given(
    records=st.lists(
        st.tuples(RECORDS, st.booleans(), st.sampled_from([0, 0, 0, 5, 50_000])),
        min_size=1,
        max_size=4,
    ),
    junk=st.lists(st.binary(max_size=60), max_size=2),
)
def test_every_jsonl_line_is_an_article_or_one_problem(
    records: list[tuple[dict[str, Any], bool, int]], junk: list[bytes]
) -> None:
    lines = [_line(r, s, d) for r, s, d in records] + [j.replace(b"\n", b" ") for j in junk]
    items = read(b"\n".join(lines) + b"\n", "fuzz.jsonl", "jsonl")
    check(items)
    # one item per non-blank line, unless the input is refused whole (binary)
    non_blank = [line for line in lines if line.strip()]
    assert len(items) in (len(non_blank), 1)


FEED = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
    b"<item><title>Talks</title><link>https://example.org/a</link>"
    b"<description>The minister said the talks would resume.</description></item>"
    b"</channel></rss>"
)
PAGE = (
    b"<html><head><title>Talks</title></head><body><article><p>"
    + b"The minister said the talks would resume on Monday. " * 8
    + b"</p></article></body></html>"
)


def _mutations(base: bytes) -> st.SearchStrategy[bytes]:
    """``base`` cut, spliced with random bytes, or random bytes alone."""
    cut = st.integers(0, len(base)).map(lambda n: base[:n])
    spliced = st.tuples(st.integers(0, len(base)), st.binary(max_size=40)).map(
        lambda t: base[: t[0]] + t[1] + base[t[0] :]
    )
    return cut | spliced | st.binary(max_size=200) | st.just(b"/etc/passwd")


@FUZZ
@given(data=_mutations(FEED))
def test_every_feed_input_is_articles_or_a_problem(data: bytes) -> None:
    pytest.importorskip("feedparser")
    check(read(data, "fuzz.rss", "feed"))


@FUZZ
@given(data=_mutations(PAGE))
def test_every_html_input_is_an_article_or_a_problem(data: bytes) -> None:
    items = read(data, "fuzz.html", "html")
    check(items)
    assert len(items) == 1


def _warc(body: bytes) -> bytes:
    try:
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter
    except ImportError:  # the corpus extra is not installed
        return b""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        "https://example.org/a", "response", payload=io.BytesIO(body), http_headers=headers
    )
    writer.write_record(record)
    return buf.getvalue()


WARC = _warc(PAGE)


@pytest.mark.skipif(not WARC, reason="needs warcio (the corpus extra)")
@FUZZ
@given(archive=_mutations(WARC))
# found by this test: warcio's message quoted the bad bytes, line break included
@example(archive=WARC[:907] + b"\x00" + WARC[907:])
def test_every_warc_input_is_articles_or_problems(archive: bytes) -> None:
    check(read(archive, "fuzz.warc", "warc"))
