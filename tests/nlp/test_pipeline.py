"""Analysing articles: long texts are parsed in pieces with the same result."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from claimgraph.eval.shared import shared_path
from claimgraph.nlp.pipeline import analyze_articles, parse_in_pieces, pieces
from claimgraph.records import ArticleInput


@pytest.mark.parametrize(
    ("text", "size", "expected"),
    [
        ("short text", 50, ["short text"]),
        ("aaaa bbbb\n\ncccc dddd\n\neeee", 14, ["aaaa bbbb", "\n\ncccc dddd", "\n\neeee"]),
        # no paragraph break in the second half: a line break, a full stop, a space
        ("aaaa bbbb\ncccc dddd", 12, ["aaaa bbbb", "\ncccc dddd"]),
        ("Aaa bbbb. Cccc dd", 12, ["Aaa bbbb. ", "Cccc dd"]),
        ("aaaa bbbb cccc", 12, ["aaaa bbbb ", "cccc"]),
        # no break at all: cut at the size
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
    ],
)
def test_pieces_cut_after_the_last_break_and_join_back(
    text: str, size: int, expected: list[str]
) -> None:
    assert pieces(text, size) == expected
    assert "".join(pieces(text, size)) == text


def test_no_piece_is_longer_than_the_size() -> None:
    text = ("word " * 40 + "\n\n") * 300
    parts = pieces(text, 1000)
    assert max(map(len, parts)) <= 1000
    assert "".join(parts) == text


def _articles() -> list[Path]:
    root = shared_path("corpora", "polnear", "dev", "text")
    if not root.is_dir():
        pytest.skip("../shared/corpora is absent")
    return [p for p in sorted(root.glob("*.txt")) if p.stat().st_size > 6000][:4]


@pytest.mark.model
@pytest.mark.corpus
def test_a_text_parsed_in_pieces_gives_nearly_the_same_attributions(nlp: Language) -> None:
    # pieces of 1,500 characters: a cut every few paragraphs (the real size,
    # PIECE_CHARS, cuts only texts longer than 50,000 characters). Only the
    # words beside a cut may parse otherwise (the parser sees no words
    # before the break that starts a piece).
    same = total = 0
    for path in _articles():
        text = path.read_text(encoding="utf-8")
        assert len(pieces(text, 1500)) > 2
        whole = {str(a.to_dict()) for a in nlp(text)._.attributions}
        cut = {str(a.to_dict()) for a in parse_in_pieces(nlp, text, size=1500)._.attributions}
        same += len(whole & cut)
        total += max(len(whole), len(cut))
    assert same / total >= 0.95


@pytest.mark.model
def test_a_long_article_keeps_its_place_among_short_ones(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("claimgraph.nlp.pipeline.PIECE_CHARS", 60)
    long = "Intro.\n\n" + "Mr. Smith said the plan was good.\n\n" * 5
    articles = [
        ArticleInput(id="a", text="She said it rained.", origin="a"),
        ArticleInput(id="b", text=long, origin="b"),
        ArticleInput(id="c", text="He said it was cold.", origin="c"),
    ]
    out = list(analyze_articles(nlp, articles, batch_size=2))
    assert [r.article.id for r in out] == ["a", "b", "c"]
    assert len(out[1].attributions) == 5
    assert all(a.source[0].text == "Mr. Smith" for a in out[1].attributions)
