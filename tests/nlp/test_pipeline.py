"""Analysing articles: long texts are parsed in pieces with the same result."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

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


class _EmptyLedger:
    """A component that sets an empty ledger and raises on a text containing
    ``bad`` (as a broken article would); like spaCy's trained components,
    its ``pipe`` takes a whole batch before it answers any of it."""

    def __init__(self, bad: str) -> None:
        self.bad = bad

    def __call__(self, doc: Doc) -> Doc:
        if self.bad in doc.text:
            raise ValueError("cannot analyse this one")
        doc._.removed = ()
        doc._.attributions = []
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        docs = iter(stream)
        while batch := list(islice(docs, batch_size)):
            yield from [self(doc) for doc in batch]


def _failing_nlp(bad: str) -> Language:
    """A blank pipeline with an :class:`_EmptyLedger` failing on ``bad``."""
    nlp = spacy.blank("en")
    for extension in ("attributions", "removed"):  # as the claimgraph component does
        if not Doc.has_extension(extension):
            Doc.set_extension(extension, default=None)
    name = f"empty_ledger_failing_on_{bad.lower()}"
    if name not in Language.factories:

        def make(nlp: Language, name: str, bad: str = bad) -> _EmptyLedger:
            return _EmptyLedger(bad)

        Language.factory(name, func=make)
    nlp.add_pipe(name)
    return nlp


@pytest.mark.parametrize(
    ("texts", "batch_size", "failed"),
    [
        (["ok"] * 5, 2, []),
        (["ok", "BOOM", "ok"], 2, [1]),
        # the broken article far into the stream: the ones before it and after
        # it, in flight or not, are analysed
        (["ok"] * 9 + ["BOOM"] + ["ok"] * 9, 4, [9]),
        (["BOOM", "ok", "BOOM", "ok", "ok", "BOOM"], 2, [0, 2, 5]),
        (["BOOM"] * 3, 16, [0, 1, 2]),
    ],
)
def test_a_broken_article_fails_alone_and_the_stream_goes_on(
    texts: list[str], batch_size: int, failed: list[int]
) -> None:
    from claimgraph.nlp.pipeline import analyze_isolated
    from claimgraph.records import InputProblem

    nlp = _failing_nlp("BOOM")
    articles = [ArticleInput(id=str(i), text=t, origin=f"a{i}") for i, t in enumerate(texts)]
    results = list(analyze_isolated(nlp, articles, batch_size))
    assert len(results) == len(texts)
    problems = [i for i, r in enumerate(results) if isinstance(r, InputProblem)]
    assert problems == failed
    for i, result in enumerate(results):
        if isinstance(result, InputProblem):
            assert result.origin == f"a{i}"
            assert result.reason == "analysis failed: ValueError: cannot analyse this one"
        else:
            assert result.article.id == str(i)


def test_analysis_is_lazy_and_streams_in_input_order() -> None:
    nlp = _failing_nlp("NEVER")
    taken: list[int] = []

    def articles() -> Iterator[ArticleInput]:
        for i in range(100):
            taken.append(i)
            yield ArticleInput(id=str(i), text=f"text {i}", origin=str(i))

    results = analyze_articles(nlp, articles(), batch_size=4)
    first = [next(results).article.id for _ in range(3)]
    assert first == ["0", "1", "2"]
    assert len(taken) < 20  # not the whole input before the first results
    assert [r.article.id for r in results] == [str(i) for i in range(3, 100)]


def test_the_articles_between_long_ones_go_through_one_parse_stream(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # one nlp.pipe over many batches, so that the encoder's worker thread
    # tags a batch while the parser reads the next; a long article (parsed in
    # pieces) ends a stream and the next short one starts another
    monkeypatch.setattr("claimgraph.nlp.pipeline.PIECE_CHARS", 60)
    nlp = _failing_nlp("NEVER")
    streams: list[int] = []
    pipe = nlp.pipe

    def counted(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("as_tuples"):  # spaCy then calls itself for the texts
            streams.append(1)
        return pipe(*args, **kwargs)

    monkeypatch.setattr(nlp, "pipe", counted)
    texts = ["short"] * 40 + ["a long one " * 10] + ["short"] * 10
    articles = [ArticleInput(id=str(i), text=t, origin=str(i)) for i, t in enumerate(texts)]
    out = list(analyze_articles(nlp, articles, batch_size=4))
    assert [r.article.id for r in out] == [str(i) for i in range(51)]
    assert len(streams) == 2


def test_an_error_of_the_input_itself_is_raised_not_blamed_on_an_article() -> None:
    from claimgraph.nlp.pipeline import analyze_isolated

    def articles() -> Iterator[ArticleInput]:
        for i in range(3):
            yield ArticleInput(id=str(i), text="ok", origin=str(i))
        raise OSError("the store went away")

    # batches of 16: the three articles are in flight when the input fails
    with pytest.raises(OSError, match="the store went away"):
        list(analyze_isolated(_failing_nlp("NEVER"), articles(), 16))
