"""Token features of the learned tagger (hand-built parsed Docs, no model)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from claimgraph.extract.lexicon import Lexicon
from claimgraph.learned.features import doc_features, paragraphs, role_tags, sequence_features
from claimgraph.records import Attribution, Segment

VOCAB = spacy.blank("en").vocab
LEXICON = Lexicon(rates={"say": 0.8, "support": 0.2}, reporting=frozenset(), belief=frozenset())

# "Aides said that Clinton supports the plan ."
ROWS = [
    ("Aides", "NOUN", "nsubj", 1, "aide"),
    ("said", "VERB", "ROOT", 1, "say"),
    ("that", "SCONJ", "mark", 4, "that"),
    ("Clinton", "PROPN", "nsubj", 4, "Clinton"),
    ("supports", "VERB", "ccomp", 1, "support"),
    ("the", "DET", "det", 6, "the"),
    ("plan", "NOUN", "dobj", 4, "plan"),
    (".", "PUNCT", "punct", 1, "."),
]


def parsed(rows: list[tuple[str, str, str, int, str]] = ROWS) -> Doc:
    """A one-sentence Doc from (word, pos, dep, head index, lemma) rows."""
    return Doc(
        VOCAB,
        words=[r[0] for r in rows],
        pos=[r[1] for r in rows],
        deps=[r[2] for r in rows],
        heads=[r[3] for r in rows],
        lemmas=[r[4] for r in rows],
        sent_starts=[i == 0 for i in range(len(rows))],
    )


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        pytest.param(
            1, {"argument=ccomp", "ccomp_mark=that", "subject=nsubj:NOUN"}, id="speech-verb"
        ),
        pytest.param(1, {"subject_rate=4:NOUN", "children=ccomp+nsubj"}, id="rate-and-signature"),
        pytest.param(
            4, {"argument=dobj", "subject=nsubj:PROPN", "subject_rate=2:PROPN"}, id="attitude-verb"
        ),
        pytest.param(6, {"verb_anc=dobj|2", "verb_path=dobj"}, id="object-of-a-rare-cue"),
        pytest.param(3, {"verb_anc=nsubj|2"}, id="subject-of-the-embedded-verb"),
        pytest.param(4, {"verb_anc=ccomp|4"}, id="clause-under-the-speech-verb"),
    ],
)
def test_argument_structure_features(index: int, expected: set[str]) -> None:
    features = doc_features(parsed(), ["O"] * len(ROWS), LEXICON)
    assert expected <= set(features[index])


def test_a_root_verb_is_its_own_nearest_verb() -> None:
    features = doc_features(parsed(), ["O"] * len(ROWS), LEXICON)
    assert {"verb_anc=ROOT|4", "verb_path=ROOT"} <= set(features[1])


def test_a_sentence_without_a_verb_has_no_verb_path() -> None:
    doc = Doc(
        VOCAB,
        words=["No", "comment", "."],
        pos=["DET", "NOUN", "PUNCT"],
        deps=["det", "ROOT", "punct"],
        heads=[1, 1, 1],
    )
    features = doc_features(doc, ["O"] * 3, LEXICON)
    assert not any(f.startswith("verb_anc=") for row in features for f in row)


def test_role_tags_mark_each_segment_with_b_then_i() -> None:
    doc = parsed()
    att = Attribution(
        id="a1",
        kind="indirect",
        source=(Segment(0, 5, "Aides"),),
        cue=(Segment(6, 10, "said"),),
        content=(Segment(16, 40, "Clinton supports the plan"),),
    )
    assert role_tags(doc, [att]) == ["B-SRC", "B-CUE", "O", "B-CON", "I-CON", "I-CON", "I-CON", "O"]


def test_paragraphs_split_at_newlines() -> None:
    doc = Doc(VOCAB, words=["A", "b", "\n\n", "C"], spaces=[True, False, False, False])
    assert paragraphs(doc) == [[0, 1], [3]]


def test_sequence_features_list_each_feature_once() -> None:
    # "spoke" has two prepositions: "argument=prep" must not count twice
    rows = [
        ("Clinton", "PROPN", "nsubj", 1, "Clinton"),
        ("spoke", "VERB", "ROOT", 1, "speak"),
        ("of", "ADP", "prep", 1, "of"),
        ("taxes", "NOUN", "pobj", 2, "tax"),
        ("in", "ADP", "prep", 1, "in"),
        ("Ohio", "PROPN", "pobj", 4, "Ohio"),
    ]
    doc = parsed(rows)
    tags = ["O"] * len(rows)
    base = doc_features(doc, tags, LEXICON)
    assert base[1].count("argument=prep") == 2
    feats = sequence_features(doc, list(range(len(rows))), tags, base)
    assert all(len(row) == len(set(row)) for row in feats)
    assert feats[1].count("argument=prep") == 1
