"""Ids and search texts are checked once, in the corpus layer, for the
command line, the Python API and the web alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.corpus.api import MAX_ID, Corpus, check_id, check_text
from claimgraph.errors import InputError

BAD_IDS = ["²", "-1", "0", "1e3", "1.5", " 1", "", str(MAX_ID + 1), "9" * 40, "١٢"]


@pytest.mark.parametrize(("value", "expected"), [(1, 1), ("7", 7), (str(MAX_ID), MAX_ID)])
def test_a_whole_number_in_range_is_an_id(value: int | str, expected: int) -> None:
    assert check_id(value) == expected


@pytest.mark.parametrize("value", [*BAD_IDS, 0, -5, MAX_ID + 1, True])
def test_anything_else_is_refused_with_one_clear_message(value: object) -> None:
    with pytest.raises(InputError, match="whole number"):
        check_id(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["\x00", "Trump\x00", "a\x1bb", "\x7f"])
def test_search_texts_with_control_characters_are_refused(text: str) -> None:
    with pytest.raises(InputError, match="control characters"):
        check_text(text, "search text")


@pytest.mark.parametrize("text", ["\udcff", "Shapps\ud800"])
def test_search_texts_that_are_not_valid_unicode_are_refused(text: str) -> None:
    # what a command-line argument of invalid UTF-8 becomes ('claims --search $'\xff'')
    with pytest.raises(InputError, match="not valid Unicode"):
        check_text(text, "search text")


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    return Corpus(tmp_path / "store.db")


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.article("²"),
        lambda c: c.article(1, version=MAX_ID + 1),
        lambda c: c.diff(1, 0, 1),
        lambda c: c.claim(str(10**20)),
        lambda c: c.speaker("99999999999999999999"),
        lambda c: c.speaker("²"),
        lambda c: c.speaker("\x00"),
        lambda c: c.articles(q="\x00"),
        lambda c: c.claims(q="\x00"),
        lambda c: c.claims(speaker="\x00"),
        lambda c: c.speakers(q="\x00"),
        lambda c: c.articles(offset=MAX_ID + 1),
    ],
)
def test_the_corpus_api_refuses_bad_ids_and_texts(corpus: Corpus, call: object) -> None:
    with pytest.raises(InputError):
        call(corpus)  # type: ignore[operator]
