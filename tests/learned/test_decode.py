"""Linking BIO tags into attributions (no model: hand-built Docs)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from claimgraph.learned.decode import link, spans_from_tags

VOCAB = spacy.blank("en").vocab


def make_doc(
    words: list[str], sent_starts: list[int] | None = None, pos: list[str] | None = None
) -> Doc:
    starts = sent_starts or [0]
    return Doc(
        VOCAB,
        words=words,
        sent_starts=[i in starts for i in range(len(words))],
        pos=pos,
    )


def summary(
    doc: Doc, tags: list[str], paragraph_of: list[int] | None = None
) -> list[tuple[str, str, str]]:
    """(source, cue, content) texts of the attributions linked from ``tags``
    (one paragraph unless ``paragraph_of`` says otherwise)."""
    spans = spans_from_tags(doc, tags, paragraph_of or [0] * len(doc))
    return [
        (
            " ".join(s.text for s in a.source),
            " ".join(s.text for s in a.cue),
            " … ".join(s.text for s in a.content),
        )
        for a in link(doc, spans)
    ]


@pytest.mark.parametrize(
    ("words", "tags", "expected"),
    [
        pytest.param(
            ["Shapps", "said", "China", "helps", "Russia", "."],
            ["B-SRC", "B-CUE", "B-CON", "I-CON", "I-CON", "O"],
            [("Shapps", "said", "China helps Russia")],
            id="simple",
        ),
        pytest.param(
            ["China", "helps", "Russia", ",", "Shapps", "said", "."],
            ["B-CON", "I-CON", "I-CON", "O", "B-SRC", "B-CUE", "O"],
            [("Shapps", "said", "China helps Russia")],
            id="content-first",
        ),
        pytest.param(
            ["He", "said", "no", "and", "she", "said", "yes", "."],
            ["B-SRC", "B-CUE", "B-CON", "O", "B-SRC", "B-CUE", "B-CON", "O"],
            [("He", "said", "no"), ("she", "said", "yes")],
            id="two-cues-nearest-wins",
        ),
        pytest.param(
            ["Shapps", "said", "."],
            ["B-SRC", "B-CUE", "O"],
            [],
            id="cue-without-content-dropped",
        ),
        pytest.param(
            ["China", "helps", "Russia", "."],
            ["B-CON", "I-CON", "I-CON", "O"],
            [],
            id="content-without-cue-dropped",
        ),
    ],
)
def test_link(words: list[str], tags: list[str], expected: list[tuple[str, str, str]]) -> None:
    assert summary(make_doc(words), tags) == expected


def test_b_tag_starts_a_new_span() -> None:
    doc = make_doc(["a", "b", "c"])
    spans = spans_from_tags(doc, ["B-CON", "B-CON", "I-CON"], [0, 0, 0])
    assert [(s.start, s.end) for s in spans] == [(0, 0), (1, 2)]


def test_a_paragraph_break_ends_a_span() -> None:
    doc = make_doc(["a", "b", "c"])
    spans = spans_from_tags(doc, ["B-CON", "I-CON", "I-CON"], [0, 0, 1])
    assert [(s.start, s.end, s.paragraph) for s in spans] == [(0, 1, 0), (2, 2, 1)]


def test_content_in_a_sentence_without_cue_links_to_the_neighbouring_cue() -> None:
    words = ["“", "We", "won", ".", "”", "He", "said", "."]
    doc = make_doc(words, sent_starts=[0, 5])
    tags = ["B-CON", "I-CON", "I-CON", "I-CON", "I-CON", "B-SRC", "B-CUE", "O"]
    assert summary(doc, tags) == [("He", "said", "“ We won . ”")]


def test_a_cue_takes_a_neighbouring_paragraphs_content_only_without_its_own() -> None:
    # paragraph 0: “We won.”  paragraph 1: He said yes.
    words = ["“", "We", "won", ".", "”", "He", "said", "yes", "."]
    doc = make_doc(words, sent_starts=[0, 5])
    paragraph_of = [0] * 5 + [1] * 4
    tags = ["B-CON", "I-CON", "I-CON", "I-CON", "I-CON", "B-SRC", "B-CUE", "B-CON", "O"]
    assert summary(doc, tags, paragraph_of) == [("He", "said", "yes")]
    tags[7] = "O"  # without "yes", the quote is the cue's content
    assert summary(doc, tags, paragraph_of) == [("He", "said", "“ We won . ”")]


def test_a_quotation_over_two_paragraphs_stays_one_content() -> None:
    # paragraph 0: “We won.   paragraph 1: “We will win,” he said.
    words = ["“", "We", "won", ".", "\n\n", "“", "We", "will", "win", ",", "”", "he", "said", "."]
    paragraph_of = [0] * 5 + [1] * 9
    tags = ["B-CON", "I-CON", "I-CON", "O", "O", "B-CON"] + ["I-CON"] * 5
    tags += ["B-SRC", "B-CUE", "O"]
    doc = make_doc(words, sent_starts=[0, 5])
    assert summary(doc, tags, paragraph_of) == [("he", "said", "“ We won … “ We will win , ”")]
    words[0], tags[0], tags[1] = "And", "O", "B-CON"  # no opening quotation mark
    doc = make_doc(words, sent_starts=[0, 5])
    assert summary(doc, tags, paragraph_of) == [("he", "said", "“ We will win , ”")]


@pytest.mark.parametrize(
    ("words", "sent_starts", "tags", "expected"),
    [
        pytest.param(
            ["He", "said", "no", ".", "Taxes", "rose", "."],
            [0, 4],
            ["B-SRC", "B-CUE", "B-CON", "O", "B-CON", "I-CON", "O"],
            [("He", "said", "no")],
            id="a-sentence-break-ends-the-contents",
        ),
        pytest.param(
            ["He", "said", "no", ",", "not", "yet", "."],
            [0],
            ["B-SRC", "B-CUE", "B-CON", "O", "B-CON", "I-CON", "O"],
            [("He", "said", "no … not yet")],
            id="same-sentence-contents-stay",
        ),
        pytest.param(
            ["“", "No", ",", "”", "he", "said", ".", "“", "Never", ".", "”"],
            [0, 7],
            ["B-CON", "I-CON", "I-CON", "I-CON", "B-SRC", "B-CUE", "O"] + ["B-CON"] + ["I-CON"] * 3,
            [("he", "said", "“ No , ” … “ Never . ”")],
            id="one-content-after-a-content-first-report-stays",
        ),
    ],
)
def test_contents_after_a_cue_stop_at_a_sentence_break(
    words: list[str],
    sent_starts: list[int],
    tags: list[str],
    expected: list[tuple[str, str, str]],
) -> None:
    assert summary(make_doc(words, sent_starts=sent_starts), tags) == expected


def test_a_verb_cue_without_a_source_shares_the_source_of_its_sentence() -> None:
    words = ["Clinton", "defended", "the", "plan", ",", "saying", "it", "works", "."]
    pos = ["PROPN", "VERB", "DET", "NOUN", "PUNCT", "VERB", "PRON", "VERB", "PUNCT"]
    tags = ["B-SRC", "B-CUE", "B-CON", "I-CON", "O", "B-CUE", "B-CON", "I-CON", "O"]
    assert summary(make_doc(words, pos=pos), tags) == [
        ("Clinton", "defended", "the plan"),
        ("Clinton", "saying", "it works"),
    ]


def test_a_noun_cue_does_not_borrow_a_source() -> None:
    # "Shapps said X, a claim that comes days after ...": the reporter's remark
    words = ["Shapps", "said", "X", ",", "a", "claim", "that", "comes", "later", "."]
    pos = ["PROPN", "VERB", "PROPN", "PUNCT", "DET", "NOUN", "PRON", "VERB", "ADV", "PUNCT"]
    tags = ["B-SRC", "B-CUE", "B-CON", "O", "B-CUE", "I-CUE", "B-CON", "I-CON", "I-CON", "O"]
    assert summary(make_doc(words, pos=pos), tags) == [
        ("Shapps", "said", "X"),
        ("", "a claim", "that comes later"),
    ]


def test_a_source_in_another_sentence_is_not_shared() -> None:
    words = ["Clinton", "spoke", "here", ".", "Aides", "said", "no", "."]
    tags = ["B-SRC", "B-CUE", "B-CON", "O", "O", "B-CUE", "B-CON", "O"]
    doc = make_doc(words, sent_starts=[0, 4])
    assert summary(doc, tags) == [("Clinton", "spoke", "here"), ("", "said", "no")]


def parsed_doc(rows: list[tuple[str, str, str, int]], tags: list[str] | None = None) -> Doc:
    """A one-sentence Doc from (word, pos, dep, head index) rows (lemma: the
    word in lower case) and, if given, fine-grained tags."""
    return Doc(
        VOCAB,
        words=[w for w, _, _, _ in rows],
        pos=[p for _, p, _, _ in rows],
        deps=[d for _, _, d, _ in rows],
        heads=[h for _, _, _, h in rows],
        lemmas=[w.lower() for w, _, _, _ in rows],
        tags=tags,
        sent_starts=[i == 0 for i in range(len(rows))],
    )


@pytest.mark.parametrize(
    ("rows", "tags", "expected"),
    [
        pytest.param(
            [
                ("He", "PRON", "nsubj", 1),
                ("said", "VERB", "ROOT", 1),
                ("taxes", "NOUN", "nsubj", 3),
                ("rise", "VERB", "ccomp", 1),
                (".", "PUNCT", "punct", 1),
            ],
            ["O", "B-CUE", "B-CON", "I-CON", "O"],
            [("He", "said", "taxes rise")],
            id="untagged-subject-becomes-the-source",
        ),
        pytest.param(
            [
                ("The", "DET", "det", 1),
                ("minister", "NOUN", "nsubj", 2),
                ("said", "VERB", "ROOT", 2),
                ("no", "INTJ", "ccomp", 2),
            ],
            ["O", "O", "B-CUE", "B-CON"],
            [("The minister", "said", "no")],
            id="the-whole-subject-subtree",
        ),
        pytest.param(
            [
                ("China", "PROPN", "nsubj", 1),
                ("appears", "VERB", "ROOT", 1),
                ("to", "PART", "aux", 3),
                ("help", "VERB", "xcomp", 1),
            ],
            ["B-CON", "B-CUE", "B-CON", "I-CON"],
            [("", "appears", "China … to help")],
            id="subject-inside-the-content-is-not-a-source",
        ),
    ],
)
def test_subject_fallback(
    rows: list[tuple[str, str, str, int]], tags: list[str], expected: list[tuple[str, str, str]]
) -> None:
    assert summary(parsed_doc(rows), tags) == expected


def test_a_comma_ends_a_cue() -> None:
    # "said Wednesday, a claim that ...": the tagger ran the cue on past the comma
    words = ["Shapps", "said", "Wednesday", ",", "a", "claim", "that", "came", "."]
    tags = ["B-SRC", "B-CUE", "I-CUE", "I-CUE", "I-CUE", "I-CUE", "B-CON", "I-CON", "O"]
    spans = spans_from_tags(make_doc(words), tags, [0] * len(words))
    assert [(s.role, s.start, s.end) for s in spans] == [
        ("SRC", 0, 0),
        ("CUE", 1, 2),
        ("CUE", 4, 5),
        ("CON", 6, 7),
    ]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(
            [
                ("without", "ADP", "prep", 1, "IN"),
                ("providing", "VERB", "pcomp", 2, "VBG"),
                ("evidence", "NOUN", "dobj", 3, "NN"),
            ],
            [("SRC", 0, 0), ("CUE", 1, 1), ("CUE", 2, 4)],
            id="without-and-a-gerund-is-a-cue-of-its-own",
        ),
        pytest.param(
            [
                ("without", "ADP", "prep", 1, "IN"),
                ("further", "ADJ", "amod", 4, "JJ"),
                ("comment", "NOUN", "pobj", 2, "NN"),
            ],
            [("SRC", 0, 0), ("CUE", 1, 4)],
            id="not-without-a-noun",
        ),
        pytest.param(
            [
                ("after", "ADP", "prep", 1, "IN"),
                ("providing", "VERB", "pcomp", 2, "VBG"),
                ("evidence", "NOUN", "dobj", 3, "NN"),
            ],
            [("SRC", 0, 0), ("CUE", 1, 4)],
            id="only-without",
        ),
    ],
)
def test_a_cue_does_not_run_into_a_clause_of_without(
    rows: list[tuple[str, str, str, int, str]], expected: list[tuple[str, int, int]]
) -> None:
    # "Shapps said without providing evidence of the assertion": the tagger ran
    # the cue on, so the quotation became mixed with "the assertion"
    rows = [("Shapps", "PROPN", "nsubj", 1, "NNP"), ("said", "VERB", "ROOT", 1, "VBD"), *rows]
    doc = parsed_doc([r[:4] for r in rows], [r[4] for r in rows])
    tags = ["B-SRC", "B-CUE", "I-CUE", "I-CUE", "I-CUE"]
    spans = spans_from_tags(doc, tags, [0] * len(doc))
    assert [(s.role, s.start, s.end) for s in spans] == expected


def appositive_doc(noun: str) -> Doc:
    """ "China helps Russia, Shapps said, a NOUN that surprised many." parsed
    as the small English model does: the appositive hangs from "said"."""
    rows = [
        ("China", "PROPN", "nsubj", 1),
        ("helps", "VERB", "ccomp", 5),
        ("Russia", "PROPN", "dobj", 1),
        (",", "PUNCT", "punct", 5),
        ("Shapps", "PROPN", "nsubj", 5),
        ("said", "VERB", "ROOT", 5),
        (",", "PUNCT", "punct", 5),
        ("a", "DET", "det", 8),
        (noun, "NOUN", "npadvmod", 5),
        ("that", "PRON", "nsubj", 10),
        ("surprised", "VERB", "relcl", 8),
        ("many", "PRON", "dobj", 10),
        (".", "PUNCT", "punct", 5),
    ]
    return parsed_doc(rows)


APPOSITIVE_TAGS = [
    "B-CON",
    "I-CON",
    "I-CON",
    "O",
    "B-SRC",
    "B-CUE",
    "O",
    "B-CON",
    "I-CON",
    "I-CON",
    "B-CON",  # the tagger may split the appositive: all of it goes
    "I-CON",
    "O",
]


@pytest.mark.parametrize(
    ("noun", "expected"),
    [
        ("claim", [("Shapps", "said", "China helps Russia")]),
        ("accusation", [("Shapps", "said", "China helps Russia")]),
        # not a statement noun: the tags stand
        ("plan", [("Shapps", "said", "China helps Russia … a plan that surprised many")]),
    ],
)
def test_a_reporters_appositive_after_a_content_first_report_is_no_content(
    noun: str, expected: list[tuple[str, str, str]]
) -> None:
    assert summary(appositive_doc(noun), APPOSITIVE_TAGS) == expected


def test_an_appositive_tagged_only_by_its_determiner_is_no_content() -> None:
    # the tagger gave "a" alone to the content: its noun decides
    tags = APPOSITIVE_TAGS[:8] + ["O"] * 5
    assert summary(appositive_doc("claim"), tags) == [("Shapps", "said", "China helps Russia")]


REPORTED_LAST_MONTH = [
    ("Taxes", "NOUN", "nsubj", 1),
    ("rose", "VERB", "ccomp", 4),
    (",", "PUNCT", "punct", 4),
    ("Reuters", "PROPN", "nsubj", 4),
    ("reported", "VERB", "ROOT", 4),
    ("last", "ADJ", "amod", 6),
    ("month", "NOUN", "npadvmod", 4),
    (".", "PUNCT", "punct", 4),
]


@pytest.mark.parametrize(
    ("tags", "cue"),
    [
        pytest.param(
            ["B-CON", "I-CON", "O", "B-SRC", "B-CUE", "I-CUE", "O", "O"],
            "reported last month",
            id="a-cue-does-not-stop-inside-a-phrase",
        ),
        pytest.param(
            ["B-CON", "I-CON", "O", "B-SRC", "B-CUE", "I-CUE", "B-CON", "O"],
            "reported last",
            id="not-over-a-tagged-word",
        ),
        pytest.param(
            ["B-CON", "I-CON", "O", "B-SRC", "B-CUE", "O", "O", "O"],
            "reported",
            id="a-head-word-is-a-whole-phrase",
        ),
    ],
)
def test_a_cue_ends_at_the_end_of_a_phrase(tags: list[str], cue: str) -> None:
    doc = parsed_doc(REPORTED_LAST_MONTH)
    [found] = link(doc, spans_from_tags(doc, tags, [0] * len(doc)))
    assert found.cue[0].text == cue


def test_the_appositive_rule_needs_the_content_first() -> None:
    # "Shapps said China helps Russia, a claim ...": the content does not end
    # before ", SOURCE CUE", so nothing is cut (the tags decide)
    rows = [
        ("Shapps", "PROPN", "nsubj", 1),
        ("said", "VERB", "ROOT", 1),
        ("China", "PROPN", "nsubj", 3),
        ("helps", "VERB", "ccomp", 1),
        (",", "PUNCT", "punct", 1),
        ("a", "DET", "det", 6),
        ("claim", "NOUN", "npadvmod", 1),
        (".", "PUNCT", "punct", 1),
    ]
    doc = parsed_doc(rows)
    tags = ["B-SRC", "B-CUE", "B-CON", "I-CON", "O", "B-CON", "I-CON", "O"]
    assert summary(doc, tags) == [("Shapps", "said", "China helps … a claim")]


def _tags(spec: str) -> list[str]:
    """Tags from a compact spec: S source, C cue, B content start, I content, O."""
    names = {"S": "B-SRC", "C": "B-CUE", "B": "B-CON", "I": "I-CON", "O": "O"}
    return [names[c] for c in spec]


@pytest.mark.parametrize(
    ("words", "spaces", "tags", "expected"),
    [
        pytest.param(
            ["BERLIN", "—", "Iran", "ships", "engines", ",", "Germany", "said", "."],
            [True, True, True, True, False, True, True, False, False],
            "BIIIIOSCO",
            [("Germany", "said", "Iran ships engines")],
            id="dateline",
        ),
        pytest.param(
            ["KYIV", ",", "Ukraine", "(", "AP", ")", "—", "Iran", "ships", ",", "Kyiv", "said"],
            [False, True, True, False, False, True, True, True, False, True, True, False],
            "BIIIIIIIIOSC",
            [("Kyiv", "said", "Iran ships")],
            id="dateline-with-region-and-agency",
        ),
        pytest.param(
            ["Iran", "—", "not", "Iraq", "—", "ships", "engines", ",", "Germany", "said"],
            [True, True, True, True, True, True, False, True, True, False],
            "BIIIIIIOSC",
            [("Germany", "said", "Iran — not Iraq — ships engines")],
            id="a-dash-in-the-content",
        ),
        pytest.param(
            ["Yes", ".", "BERLIN", "—", "ships", "engines", ",", "Germany", "said"],
            [False, True, True, True, True, False, True, True, False],
            "OOBIIIOSC",
            [("Germany", "said", "BERLIN — ships engines")],
            id="capitals-inside-a-paragraph-are-kept",
        ),
    ],
)
def test_a_dateline_that_opens_a_paragraph_is_no_content(
    words: list[str], spaces: list[bool], tags: str, expected: list[tuple[str, str, str]]
) -> None:
    doc = Doc(VOCAB, words=words, spaces=spaces, sent_starts=[i == 0 for i in range(len(words))])
    assert summary(doc, _tags(tags)) == expected
