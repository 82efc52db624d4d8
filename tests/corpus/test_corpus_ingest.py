"""The pure helpers of the corpus writer: keys, outlets, dates, diff keys."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from claimgraph.corpus.ingest import (
    ClaimIndex,
    diff_key,
    iso_date,
    normalise_url,
    outlet_of,
    span,
    story_key,
)
from claimgraph.graph.claims import ClaimCentroid
from claimgraph.learned.embeddings import DIMENSIONS
from claimgraph.records import Attribution, Segment
from record_builders import record


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://WWW.Example.com/a/b/#top", "https://www.example.com/a/b"),
        ("https://example.com/a?id=3", "https://example.com/a?id=3"),
        ("  ", None),
        (None, None),
    ],
)
def test_urls_are_normalised(url: str | None, expected: str | None) -> None:
    assert normalise_url(url) == expected


@pytest.mark.parametrize(
    ("site", "url", "expected"),
    [
        ("The Daily Ledger", "https://www.example.com/x", "The Daily Ledger"),
        (None, "https://www.example.com/x", "example.com"),
        (None, "https://news.bbc.co.uk/world", "bbc.co.uk"),
        (None, "https://m.nytimes.com/2024/x", "nytimes.com"),
        (None, None, None),
    ],
)
def test_the_outlet_is_the_site_name_else_the_registered_domain(
    site: str | None, url: str | None, expected: str | None
) -> None:
    assert outlet_of(site, url) == expected


@pytest.mark.parametrize(
    ("url", "outlet", "title", "id_", "origin", "expected"),
    [
        ("https://x.example/a", "X", "T", "a", "a.html", "url:https://x.example/a"),
        (None, "X", "Big  News", "a", "a.txt", "title:x|big news"),
        (None, None, "Big News", "report", "news/a/report.txt", "src:news/a/report.txt|report"),
        (None, None, None, "report", "news/b/report.txt", "src:news/b/report.txt|report"),
        (None, None, None, "x7", "batch.jsonl:12", "src:batch.jsonl|x7"),
        (None, None, None, "crawl:3", "crawl.warc#3", "src:crawl.warc|crawl:3"),
        (None, None, None, "stdin", "-", "sha:d1g"),
    ],
)
def test_a_story_is_keyed_by_url_else_outlet_and_title_else_its_source(
    url: str | None, outlet: str | None, title: str | None, id_: str, origin: str, expected: str
) -> None:
    assert story_key(url, outlet, title, id_, origin, "d1g") == expected


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2026-03-02T09:00:00Z", "2026-03-02"),
        ("2026-03-02", "2026-03-02"),
        ("Thu, 05 Mar 2026 08:00:00 GMT", "2026-03-05"),
        ("March 5, 2026", "2026-03-05"),
        ("last Tuesday", None),
        (None, None),
    ],
)
def test_publication_dates_are_read_as_iso_dates(
    published: str | None, expected: str | None
) -> None:
    assert iso_date(published) == expected


def attr(source: str, content: str, name: str | None = None, **extra: Any) -> Attribution:
    return record(
        {
            "source": [{"start": 0, "end": len(source), "text": source}],
            "cue": [{"start": 0, "end": 4, "text": "said"}],
            "content": [{"start": 10, "end": 10 + len(content), "text": content}]
            if content
            else [],
            "speaker": {"name": name, "mention": source},
            **extra,
        }
    )


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        # offsets differ, text the same: the same attribution
        (attr("Rieck", "Shells cross the border."), attr("Rieck", "shells cross the border"), True),
        # the speaker's canonical name wins over the source as written
        (attr("he", "X is true", "Tomas Rieck"), attr("Rieck", "X is true", "Tomas Rieck"), True),
        (attr("Rieck", "X is true"), attr("Petrova", "X is true"), False),
        (attr("Rieck", "X is true"), attr("Rieck", "X is false"), False),
        (
            attr("The Kremlin", "", stance="declines_to_comment"),
            attr("The Kremlin", "", stance="declines_to_comment"),
            True,
        ),
    ],
)
def test_diff_keys_match_attributions_by_text_not_offsets(
    a: Attribution, b: Attribution, same: bool
) -> None:
    assert (diff_key(a) == diff_key(b)) is same


def test_the_span_of_a_role_covers_all_its_segments() -> None:
    assert span([Segment(5, 9, "said"), Segment(20, 30, "it was so.")]) == (5, 30)
    assert span([]) is None


def unit(*values: float) -> np.ndarray:
    v = np.zeros(DIMENSIONS, dtype=np.float32)
    v[: len(values)] = values
    return v / np.linalg.norm(v)


def test_the_claim_index_returns_the_nearest_centroids_first() -> None:
    index = ClaimIndex(
        [
            ClaimCentroid(1, unit(1, 0), "a", 1),
            ClaimCentroid(2, unit(0, 1), "b", 1),
            ClaimCentroid(3, unit(1, 1), "c", 1),
        ]
    )
    assert [c.id for c in index.nearest(unit(1, 0.1), k=2)] == [1, 3]
    index.put(ClaimCentroid(1, unit(-1, 0), "a", 2))  # replaced in place
    assert [c.id for c in index.nearest(unit(1, 0.1))] == [3, 2, 1]
    assert index.get(1).size == 2 and len(index) == 3


def test_the_claim_index_grows_past_its_first_allocation() -> None:
    index = ClaimIndex()
    for i in range(200):  # 200 directions 0.01 radians apart
        index.put(ClaimCentroid(i, unit(np.cos(i / 100), np.sin(i / 100)), str(i), 1))
    assert len(index) == 200
    query = unit(np.cos(1.99), np.sin(1.99))
    assert [c.id for c in index.nearest(query, k=3)] == [199, 198, 197]
