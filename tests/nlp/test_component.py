"""Tests for claimgraph.nlp.component: paragraph boundaries and the spaCy factories."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from claimgraph.nlp.component import ClaimgraphComponent, split_paragraphs
from claimgraph.records import Attribution, Removed


@pytest.fixture(scope="module")
def vocab() -> Vocab:
    # An English vocab: a bare ``Vocab()`` has no lexical attribute getters,
    # so a "\n" token in it would not be ``is_space``.
    return spacy.blank("en").vocab


def sent_starts(doc: Doc) -> list[str]:
    return [t.text for t in doc if t.is_sent_start and t.i > 0]


@pytest.mark.parametrize(
    ("words", "spaces", "expected"),
    [
        pytest.param(
            ["He", "said", "so", ".", "\n", "She", "agreed", "."],
            [True, True, False, False, False, True, False, False],
            ["She"],
            id="after-newline-token",
        ),
        pytest.param(
            ["“", "We", "will", "win", "\n", "“", "We", "will", "fight", ".", "”"],
            [False, True, True, False, False, False, True, True, False, False, False],
            ["“"],
            id="quote-mark-opens-paragraph",
        ),
        pytest.param(
            ["One", "\n\n", "Two", "\n", "Three"],
            [False, False, False, False, False],
            ["Two", "Three"],
            id="blank-line-and-newline",
        ),
        pytest.param(
            ["One", "two", ".", "Three", "four", "."],
            [True, False, True, True, False, False],
            [],
            id="no-newline-no-boundary",
        ),
        pytest.param(
            ["One", "\n", "\n", "Two"],
            [False, False, False, False],
            ["Two"],
            id="space-token-after-newline-not-a-start",
        ),
    ],
)
def test_split_paragraphs_starts_sentence_after_newline(
    vocab: Vocab, words: list[str], spaces: list[bool], expected: list[str]
) -> None:
    doc = split_paragraphs(Doc(vocab, words=words, spaces=spaces))
    assert sent_starts(doc) == expected


def test_split_paragraphs_leaves_other_tokens_unset(vocab: Vocab) -> None:
    words = ["He", "said", "so", ".", "\n", "She", "agreed", "."]
    doc = split_paragraphs(Doc(vocab, words=words, spaces=[True, True] + [False] * 6))
    assert [t.is_sent_start for t in doc[1:]] == [None, None, None, None, True, None, None]


def test_split_paragraphs_on_tokenizer_output() -> None:
    # The tokenizer makes "\n" a space token, as in the hand-built docs above.
    doc = split_paragraphs(spacy.blank("en")("The talks failed.\nThe minister left."))
    assert sent_starts(doc) == ["The"]


def test_paragraphs_component_registered() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("claimgraph_paragraphs")
    doc = nlp("First paragraph\nSecond paragraph")
    assert sent_starts(doc) == ["Second"]


def test_claimgraph_factory_registers_doc_extensions() -> None:
    for name in ("attributions", "removed"):
        if Doc.has_extension(name):
            Doc.remove_extension(name)
    nlp = spacy.blank("en")
    component = nlp.add_pipe("claimgraph")
    assert isinstance(component, ClaimgraphComponent)
    assert Doc.has_extension("attributions")
    assert Doc.has_extension("removed")


@pytest.mark.parametrize("threshold", [0.1, 0.5])
def test_claimgraph_factory_threshold_config(threshold: float) -> None:
    nlp = spacy.blank("en")
    component = nlp.add_pipe("claimgraph", config={"threshold": threshold})
    assert component.lexicon.threshold == threshold


@pytest.mark.model
def test_load_nlp_pipeline_order(nlp: Language) -> None:
    names = nlp.pipe_names
    assert names[-1] == "claimgraph"
    assert names.index("claimgraph_paragraphs") < names.index("parser")
    assert "senter" not in names


@pytest.mark.model
def test_doc_attributions_is_list_of_attribution(nlp: Language) -> None:
    doc = nlp("Shapps said Beijing is sending aid to Russia.")
    assert isinstance(doc._.attributions, list)
    assert len(doc._.attributions) == 1
    assert all(isinstance(a, Attribution) for a in doc._.attributions)
    assert doc._.removed == ()


@pytest.mark.model
def test_doc_removed_marks_boilerplate(nlp: Language) -> None:
    text = "Updated to add U.S. reaction.\nShapps said Beijing is sending aid to Russia."
    doc = nlp(text)
    assert all(isinstance(r, Removed) for r in doc._.removed)
    assert [text[r.start : r.end] for r in doc._.removed] == ["Updated to add U.S. reaction."]


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "The minister said the talks had failed\n“We will not sign it,” he added.",
            id="no-final-period",
        ),
        pytest.param(
            "“We will not sign it,” he said.\n“The terms are unacceptable to us.”",
            id="quote-paragraphs",
        ),
        pytest.param(
            "“We will not sign it,” he said.\n\nThe talks resume on Monday",
            id="blank-line",
        ),
    ],
)
def test_paragraphs_never_share_a_sentence(nlp: Language, text: str) -> None:
    doc = nlp(text)
    starts = {s.start_char for s in doc.sents}
    for sent in doc.sents:
        assert "\n" not in sent.text.strip()
    offset = 0
    for paragraph in text.split("\n"):
        if paragraph:
            assert offset in starts
        offset += len(paragraph) + 1


@pytest.mark.model
@pytest.mark.parametrize("batch_size", [1, 2, 16])
def test_pipe_gives_each_doc_the_ledger_of_a_single_call(
    any_nlp: Language, batch_size: int
) -> None:
    """With the encoder, ``pipe`` runs the network on a worker thread, several
    docs in flight; every mode's docs come back in order and as ``nlp(text)``."""
    texts = [
        "Shapps said Beijing is sending aid to Russia.",
        "Markets fell on Tuesday.",
        '"We have not seen that to date," Sullivan told reporters.\n\n'
        "The embassy did not respond to a request for comment.",
        "",
        "Officials believe the trade grew by 64%, according to Reuters.",
    ]
    piped = list(any_nlp.pipe(texts, batch_size=batch_size))
    assert [doc.text for doc in piped] == texts
    for doc, text in zip(piped, texts, strict=True):
        single = any_nlp(text)
        assert doc._.attributions == single._.attributions
        assert doc._.removed == single._.removed


@pytest.mark.model
def test_pipe_stops_cleanly_when_the_caller_stops_early(any_nlp: Language) -> None:
    texts = [f"Official {i} said the talks failed." for i in range(10)]
    stream = any_nlp.pipe(texts, batch_size=4)
    first = next(stream)
    stream.close()  # the worker's pending docs are dropped, nothing hangs
    assert first._.attributions == any_nlp(texts[0])._.attributions


def test_claimgraph_factory_resolves_auto_like_the_settings() -> None:
    from claimgraph.settings import default_extractor

    nlp = spacy.blank("en")
    component = nlp.add_pipe("claimgraph", config={"mode": "auto"})
    assert component.mode == default_extractor()


def test_claimgraph_factory_refuses_an_unknown_mode() -> None:
    from claimgraph.errors import ModelError

    with pytest.raises(ModelError, match="choose one of auto, rules"):
        spacy.blank("en").add_pipe("claimgraph", config={"mode": "neural"})
