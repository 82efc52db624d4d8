"""Reading WARC archives and RSS/Atom feeds as articles."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

pytest.importorskip("warcio")
pytest.importorskip("feedparser")

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimgraph.errors import MissingExtraError
from claimgraph.read.feeds import html_fragment_text
from claimgraph.read.sources import read_inputs
from claimgraph.read.warc import NO_PAGES
from claimgraph.records import ArticleInput, InputProblem
from claimgraph.settings import Settings

SETTINGS = Settings(max_bytes=100_000)
PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:site_name" content="{site}"></head><body><article><h1>{title}</h1>
<p>{body}</p><p>Officials said the talks would resume next week in the capital, according
to two people familiar with the plans who asked not to be named.</p></article></body></html>"""
FEED = Path(__file__).parent.parent / "data" / "feed.rss"


def write_warc(path: Path, records: list[tuple[str, str, bytes, str]]) -> None:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.suffix == ".gz")
        for url, content_type, body, status in records:
            headers = StatusAndHeaders(
                status, [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers
            )
            writer.write_record(record)


def page(title: str, body: str) -> bytes:
    return PAGE.format(title=title, site="Test Wire", body=body).encode("utf-8")


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_2xx_html_responses_become_articles_with_their_urls(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    write_warc(
        path,
        [
            (
                "https://a.example/one",
                "text/html; charset=utf-8",
                page("Ministers meet", "The minister said the border would stay open."),
                "200 OK",
            ),
            ("https://a.example/logo.png", "image/png", b"\x89PNG....", "200 OK"),
            ("https://a.example/gone", "text/html", b"<html>gone</html>", "404 Not Found"),
            (
                "https://b.example/two",
                "text/html",
                page("Talks stall", "The envoy said talks had stalled over the weekend."),
                "200 OK",
            ),
        ],
    )
    items = list(read_inputs([str(path)], SETTINGS))
    articles = [i for i in items if isinstance(i, ArticleInput)]
    problems = [i for i in items if isinstance(i, InputProblem)]
    assert [a.url for a in articles] == ["https://a.example/one", "https://b.example/two"]
    assert "border would stay open" in articles[0].text
    assert articles[0].format == "html" and articles[0].site == "Test Wire"
    # ids are the URLs; origins number every record of the file from 1
    assert [(a.id, a.origin) for a in articles] == [
        ("https://a.example/one", f"{path}#1"),
        ("https://b.example/two", f"{path}#4"),
    ]
    assert problems == []  # the image and the 404 page are not pages: ignored


def test_a_damaged_warc_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00garbage" * 10)
    items = list(read_inputs([str(path)], SETTINGS))
    assert items and all(isinstance(i, InputProblem) for i in items)


def test_feed_entries_become_articles_with_link_date_and_site() -> None:
    items = list(read_inputs([str(FEED)], SETTINGS))
    articles = [i for i in items if isinstance(i, ArticleInput)]
    problems = [i for i in items if isinstance(i, InputProblem)]
    assert [a.url for a in articles] == [
        "https://harbor.example/world/port-strike",
        "https://harbor.example/world/bridge",
    ]
    first = articles[0]
    assert first.published == "2026-03-05"
    assert first.site == "Harbor Herald: World"
    assert first.title == "Port strike spreads"
    assert "union leader Maja Holm said" in first.text
    assert "<p>" not in first.text
    assert len(problems) == 1 and "no content or summary" in problems[0].reason


def test_a_directory_is_read_with_feeds_and_warcs(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The minister said it would rain.", encoding="utf-8")
    (tmp_path / "world.rss").write_bytes(FEED.read_bytes())
    (tmp_path / ".hidden.txt").write_text("Hidden said nothing.", encoding="utf-8")
    items = list(read_inputs([str(tmp_path)], SETTINGS))
    origins = [i.origin for i in items]
    assert origins[0].endswith("a.txt")
    assert sum(o.startswith(str(tmp_path / "world.rss")) for o in origins) == 3
    assert not any("hidden" in o for o in origins)


def test_standard_input_is_sniffed_for_feeds() -> None:
    items = list(read_inputs(["-"], SETTINGS, stdin=io.BytesIO(FEED.read_bytes())))
    assert sum(isinstance(i, ArticleInput) for i in items) == 2


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("<p>One.</p><p>Two &amp; three.</p>", "One.\n\nTwo & three."),
        ("Line<br>break<script>x()</script>", "Line\n\nbreak"),
        ("plain", "plain"),
    ],
)
def test_html_fragments_become_paragraph_text(fragment: str, expected: str) -> None:
    assert html_fragment_text(fragment) == expected


def read_by_partitions(path: Path, size: int) -> list[ArticleInput | InputProblem]:
    from claimgraph.batch.partitions import plan_partitions, read_partition

    return [i for p in plan_partitions([str(path)], size) for i in read_partition(p, SETTINGS)]


def ok_page(i: int) -> tuple[str, str, bytes, str]:
    body = page(f"Story {i}", f"The minister said story {i} was true.")
    return (f"https://a.example/{i}", "text/html", body, "200 OK")


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        ([ok_page(0), ok_page(1)], ["https://a.example/0", "https://a.example/1"]),
        # no page at all: one problem, the same from both readers
        (
            [("https://a.example/x", "image/png", b"\x89PNG", "200 OK")],
            [f"problem: {NO_PAGES}"],
        ),
        (
            [("https://a.example/r", "text/html", b"<html>moved</html>", "301 Moved")],
            [f"problem: {NO_PAGES}"],
        ),
        ([], [f"problem: {NO_PAGES}"]),
    ],
)
@pytest.mark.parametrize("size", [1, 3])
def test_a_warc_reads_the_same_whole_and_by_partitions(
    tmp_path: Path, records: list[tuple[str, str, bytes, str]], expected: list[str], size: int
) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, records)
    whole = list(read_inputs([str(path)], SETTINGS))
    assert [i.id if isinstance(i, ArticleInput) else f"problem: {i.reason}" for i in whole] == (
        expected
    )
    assert read_by_partitions(path, size) == whole


@pytest.mark.parametrize("size", [1, 2, 10])
def test_a_warc_damaged_midway_is_reported_by_partitions_too(tmp_path: Path, size: int) -> None:
    from claimgraph.read.warc import record_offsets

    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [ok_page(0), ok_page(1), ok_page(2)])
    with path.open("rb") as handle:
        cut = record_offsets(handle)[0][2]  # the start of record 3
    path.write_bytes(path.read_bytes()[:cut] + b"\x1f\x8b\x08\x00garbage" * 10)
    whole = list(read_inputs([str(path)], SETTINGS))
    assert [type(i).__name__ for i in whole] == ["ArticleInput", "ArticleInput", "InputProblem"]
    problem = whole[-1]
    assert isinstance(problem, InputProblem)
    assert problem.reason.startswith("not a readable WARC archive after 2 record(s)")
    assert read_by_partitions(path, size) == whole


def test_without_the_extra_a_warc_is_a_problem_that_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import claimgraph.read.warc

    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [ok_page(0)])

    def missing(module: str, extra: str) -> None:
        raise MissingExtraError(f"install it with: python -m pip install 'claimgraph[{extra}]'")

    monkeypatch.setattr(claimgraph.read.warc, "require", missing)
    expected = [
        InputProblem(str(path), "install it with: python -m pip install 'claimgraph[corpus]'")
    ]
    assert list(read_inputs([str(path)], SETTINGS)) == expected
    assert read_by_partitions(path, 1) == expected


def test_an_xml_file_that_is_no_feed_is_skipped_in_a_directory(tmp_path: Path) -> None:
    (tmp_path / "sitemap.xml").write_text("<urlset></urlset>", encoding="utf-8")
    (tmp_path / "world.xml").write_bytes(FEED.read_bytes())
    items = list(read_inputs([str(tmp_path)], SETTINGS))
    assert items[0] == InputProblem(
        str(tmp_path / "sitemap.xml"),
        "skipped: an .xml file that is not an RSS or Atom feed",
        skipped=True,
    )
    assert sum(isinstance(i, ArticleInput) for i in items) == 2
