"""The pure helpers of the corpus writer: keys, outlets, dates, diff keys."""

from __future__ import annotations

from typing import Any

import pytest

from claimgraph.corpus_ingest import (
    diff_key,
    iso_date,
    normalise_url,
    outlet_of,
    span,
    story_key,
)


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
    ("url", "outlet", "title", "id_", "expected"),
    [
        ("https://x.example/a", "X", "T", "a", "url:https://x.example/a"),
        (None, "X", "Big  News", "a", "title:x|big news"),
        (None, None, "Big News", "a", "id:a"),
    ],
)
def test_a_story_is_keyed_by_url_else_outlet_and_title_else_id(
    url: str | None, outlet: str | None, title: str | None, id_: str, expected: str
) -> None:
    assert story_key(url, outlet, title, id_) == expected


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


def attr(source: str, content: str, name: str | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "source": [{"start": 0, "end": len(source), "text": source}],
        "cue": [{"start": 0, "end": 4, "text": "said"}],
        "content": [{"start": 10, "end": 10 + len(content), "text": content}] if content else [],
        "speaker": {"name": name, "mention": source},
        **extra,
    }


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
    a: dict[str, Any], b: dict[str, Any], same: bool
) -> None:
    assert (diff_key(a) == diff_key(b)) is same


def test_the_span_of_a_role_covers_all_its_segments() -> None:
    assert span([{"start": 5, "end": 9}, {"start": 20, "end": 30}]) == (5, 30)
    assert span([]) is None
