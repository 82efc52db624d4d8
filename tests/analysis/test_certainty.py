"""claimgraph.analysis.certainty: hedge cues and certainty levels on short news
sentences (hand-written), the combination rule, the lexicon file, and the
public ``claimgraph.certainty`` API."""

from __future__ import annotations

import subprocess
import sys

import pytest
from spacy.language import Language

import claimgraph
from claimgraph.analysis.certainty import (
    Certainty,
    HedgeCue,
    certainty_level,
    certainty_of,
    find_hedges,
    load_hedge_lexicon,
    parse_hedge_lexicon,
)
from claimgraph.data import data_lines
from claimgraph.errors import ModelError
from claimgraph.eval.shared import shared_path

SHARED = shared_path()
SEED = SHARED / "examples" / "moscow-times-china-lethal-aid.txt"

# (text, expected level, expected cue texts in order)
LEVELS = [
    # reporter's framing: belief and hearsay
    (
        "Beijing is thought to have already provided drone technology, according to that report.",
        "probable",
        ["is thought to"],
    ),
    ("Chinese-supplied goods are believed to be helping Moscow.", "probable", ["are believed to"]),
    ("U.S. and British intelligence services believe the aid is flowing.", "probable", ["believe"]),
    ("Officials suspect that the drones were made in Iran.", "probable", ["suspect"]),
    ("I think it is a significant development.", "probable", ["think"]),
    ("The minister reportedly resigned on Friday.", "probable", ["reportedly"]),
    ("The general is said to have left the country.", "probable", ["is said to"]),
    ("The suspect allegedly fired twice at the guards.", "possible", ["allegedly"]),
    ("Police arrested the alleged gunman on Monday.", "possible", ["alleged"]),
    # epistemic modals, adverbs, adjectives
    ("The strike may have killed dozens of civilians.", "possible", ["may have"]),
    ("The talks might resume next week.", "possible", ["might"]),
    ("The sanctions could hurt Russia's economy.", "possible", ["could"]),
    ("Russia probably fired the missile.", "probable", ["probably"]),
    ("The vote is likely to be delayed.", "probable", ["likely"]),
    ("Perhaps the ceasefire will hold.", "possible", ["Perhaps", "will"]),
    ("It is possible that the plant was hit.", "possible", ["It is possible that"]),
    ("The cause was almost certainly a gas leak.", "probable", ["almost certainly"]),
    ("The drones appear to be Iranian.", "probable", ["appear to"]),
    ("The president seems tired of the war.", "probable", ["seems"]),
    ("The data suggests that prices are rising.", "probable", ["suggests"]),
    # future and conditionals: plain futures and narrative "would" are cues of
    # kind future but certain (Szeged/CoNLL-2010 convention, issue 17)
    ("The ministry will be closed on Monday.", "certain", ["will be"]),
    ("The minister is set to announce new sanctions.", "certain", ["is set to"]),
    ("He said the army would withdraw.", "certain", ["would"]),
    ("The company should report higher profits.", "probable", ["should"]),
    ("The board will keep seeking offers until a bid is made.", "possible", ["will", "until"]),
    ("The notes are due until 2004.", "certain", []),
    ("If the talks fail, fighting resumes.", "possible", ["If"]),
    ("Aid flows unless Congress objects.", "possible", ["unless"]),
    ("Nobody knows whether the deal holds.", "possible", ["whether"]),
    # nouns of belief and accusation: some only with a that-clause
    ("Shares fell on fears that the talks had failed.", "probable", ["fears"]),
    ("He rejected the view that sanctions work.", "probable", ["view"]),
    ("She faces charges that she hid the funds.", "possible", ["charges"]),
    ("He denied accusations that he hid the funds.", "possible", ["accusations"]),
    # unattributed claims: a weasel cue, certain as in the corpus convention
    ("Some say the deal is already dead.", "certain", ["say"]),
    ("Many argue the deal may be dead.", "possible", ["argue", "may be"]),
    # not knowing
    ("It is unclear who fired first.", "possible", ["unclear"]),
    ("There is no evidence of a leak.", "possible", ["no evidence"]),
    ("Reuters could not verify the report.", "possible", ["not verify"]),
    ("I'm not sure about the numbers.", "possible", ["not sure"]),
    ("Moscow cannot rule out further strikes.", "possible", ["not rule out"]),
    # boosters and denials: certain, with the cue reported
    ("We can confirm that two ships were hit.", "certain", ["confirm"]),
    ("The attack was definitely planned.", "certain", ["definitely"]),
    ("There is no doubt that Russia attacked.", "certain", ["There is no doubt"]),
    ("I am certain that he lied.", "certain", ["certain"]),
    ("I don't believe that China sent weapons.", "certain", ["don't believe"]),
    # a hedge outweighs a booster
    ("Clearly the strike may have missed.", "possible", ["Clearly", "may have"]),
    # plain assertions: no cue
    ("Germany sent two air defence systems to Ukraine.", "certain", []),
    # false-hit traps: the same words not used as cues
    ("On May 20, the talks resumed in Geneva.", "certain", []),
    ("In May the talks resumed.", "certain", []),
    ("The will of the people was ignored.", "certain", []),
    ("Russia's military might was on display.", "certain", []),
    ("He bought a can of beer.", "certain", []),
    ("Officials could not be reached for comment.", "certain", []),
    ("The army acted as if nothing had happened.", "certain", []),
    ("The council considered the proposal.", "certain", []),
    ("He appeared in court on Monday.", "certain", []),
    ("He suggested a meeting on Friday.", "certain", []),
    ("It was a certain kind of victory.", "certain", []),
    ("The results were as expected.", "certain", []),
    ("The army made sure the road was open.", "certain", []),
    ("They are going to the store.", "certain", []),
    ("The navy delayed the advance for as long as possible.", "certain", []),
    ("She believes in God.", "certain", []),
    ("Fears about the economy hit the shares.", "certain", []),
    ("She faces two charges of fraud.", "certain", []),
    ("The fact that he left surprised nobody.", "certain", []),
    ("It was the most direct accusation Berlin has made.", "certain", []),
    ("He shared his views on the war.", "certain", []),
    # no words: no claim
    ("", "unknown", []),
    ("  42 %  ", "unknown", []),
]

KINDS = [
    ("Beijing is thought to have provided drones.", [("is thought to", "doxastic")]),
    ("The minister reportedly resigned.", [("reportedly", "reported")]),
    ("The strike may have killed dozens.", [("may have", "epistemic")]),
    ("If the talks fail, fighting resumes.", [("If", "condition")]),
    ("Nobody knows whether the deal holds.", [("whether", "investigation")]),
    ("The ministry will be closed.", [("will be", "future")]),
    ("Some say the deal is dead.", [("say", "weasel")]),
    ("It is unclear who fired first.", [("unclear", "negated_certainty")]),
    ("The attack was definitely planned.", [("definitely", "booster")]),
    ("I don't believe that China sent weapons.", [("don't believe", "denial")]),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "level", "cue_texts"), LEVELS, ids=[t[:40] for t, _, _ in LEVELS])
def test_certainty_of_news_sentences(text: str, level: str, cue_texts: list[str]) -> None:
    result = claimgraph.certainty(text)

    assert [c.text for c in result.cues] == cue_texts
    assert result.level == level


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), KINDS, ids=[k[0][1] for _, k in KINDS])
def test_cue_kinds(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(c.text, c.kind) for c in claimgraph.certainty(text).cues] == expected


WITH_CUES = [t for t, _, c in LEVELS if c]


@pytest.mark.parametrize("text", WITH_CUES, ids=[t[:40] for t in WITH_CUES])
@pytest.mark.model
def test_cue_offsets_slice_the_text(text: str) -> None:
    for cue in claimgraph.certainty(text).cues:
        assert text[cue.start : cue.end] == cue.text


@pytest.fixture(scope="module")
def light() -> Language:
    from claimgraph.analysis.text_api import light_nlp

    return light_nlp()


@pytest.mark.model
def test_cues_are_anchored_in_one_range_only(light: Language) -> None:
    text = "Beijing is thought to have already provided drones, according to that report."
    doc = light(text)
    split = text.index("to have")  # the content starts inside the cue "is thought to"

    frame = find_hedges(doc, 0, split)
    content = find_hedges(doc, split, len(text))

    assert [c.text for c in frame] == ["is thought to"]
    assert content == ()


@pytest.mark.model
@pytest.mark.parametrize(
    ("start_word", "end_word", "expected"),
    [
        ("Officials", "weapons", ["believe", "may have"]),
        ("Officials", "that", ["believe"]),
        ("that", "weapons", ["may have"]),
        ("weapons", "weapons", []),
    ],
)
def test_find_hedges_keeps_to_the_range(
    light: Language, start_word: str, end_word: str, expected: list[str]
) -> None:
    text = "Officials believe that Iran may have sent weapons."
    doc = light(text)
    start, end = text.index(start_word), text.index(end_word)

    assert [c.text for c in find_hedges(doc, start, end)] == expected


@pytest.mark.model
def test_certainty_of_a_range_uses_the_default_and_unknown(light: Language) -> None:
    doc = light("Iran sent weapons. . .")

    assert certainty_of(doc, 0, 18) == Certainty("certain", ())
    assert certainty_of(doc, 0, 18, default="unknown").level == "unknown"
    assert certainty_of(doc, 18, len(doc.text)).level == "unknown"


@pytest.mark.model
def test_reporter_and_speaker_scope_of_an_attribution(nlp: Language) -> None:
    text = (
        "U.S. and British intelligence services believe lethal aid may be flowing from China, "
        "officials said."
    )
    doc = nlp(text)
    attribution = next(a for a in doc._.attributions if a.cue[0].text == "believe")
    content = attribution.content[0]
    sentence = next(iter(doc.sents))

    speaker = find_hedges(doc, content.start, content.end)
    reporter = find_hedges(doc, sentence.start_char, content.start) + find_hedges(
        doc, content.end, sentence.end_char
    )

    assert [c.text for c in speaker] == ["may be"]
    assert [c.text for c in reporter] == ["believe"]


def cue(level: str, kind: str = "epistemic") -> HedgeCue:
    return HedgeCue(0, 1, "x", kind, level)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("levels", "default", "expected"),
    [
        ([], "certain", "certain"),
        ([], "unknown", "unknown"),
        (["certain"], "unknown", "certain"),
        (["probable"], "certain", "probable"),
        (["probable", "certain"], "certain", "probable"),
        (["possible", "probable"], "certain", "possible"),
        (["certain", "possible"], "certain", "possible"),
    ],
)
def test_combination_rule(levels: list[str], default: str, expected: str) -> None:
    assert certainty_level([cue(level) for level in levels], default) == expected  # type: ignore[arg-type]


def test_certainty_to_dict() -> None:
    one = HedgeCue(8, 21, "is thought to", "doxastic", "probable")

    assert Certainty("probable", (one,)).to_dict() == {
        "level": "probable",
        "cues": [
            {
                "start": 8,
                "end": 21,
                "text": "is thought to",
                "kind": "doxastic",
                "level": "probable",
                "scope": "text",
            }
        ],
    }


HEADER = "cue\tpos\tframe\tkind\tlevel\tnegated"


@pytest.mark.parametrize(
    "row",
    [
        "may\tANY\tmodal\tepistemic\tmaybe\tkeep",
        "may\tANY\tmodal\tguess\tpossible\tkeep",
        "may\tANY\tnoframe\tepistemic\tpossible\tkeep",
        "may\tADVERB\tmodal\tepistemic\tpossible\tkeep",
        "may\tANY\tmodal\tepistemic\tpossible\tignore",
    ],
)
def test_malformed_lexicon_rows_are_model_errors(row: str) -> None:
    with pytest.raises(ModelError, match=r"hedges\.tsv"):
        parse_hedge_lexicon([HEADER, row])


def test_lexicon_phrases_are_tried_longest_first() -> None:
    lexicon = parse_hedge_lexicon(
        [
            HEADER,
            "no doubt\t-\t-\tbooster\tcertain\t-",
            "no doubt at all\t-\t-\tbooster\tcertain\t-",
        ]
    )

    assert [e.words for e in lexicon.phrases["no"]] == [
        ("no", "doubt", "at", "all"),
        ("no", "doubt"),
    ]


def test_packaged_lexicon_loads_and_has_no_duplicate_rows() -> None:
    lexicon = load_hedge_lexicon()
    rows = data_lines("hedges.tsv")[1:]

    assert len(rows) == len(set(rows))
    assert {"may", "believe", "think", "will", "would", "if", "reportedly"} <= set(lexicon.words)
    assert "as" in lexicon.phrases  # the "as if" trap


def test_package_import_does_not_load_spacy() -> None:
    code = (
        "import sys, claimgraph; assert callable(claimgraph.certainty); "
        "print('spacy' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout

    assert out.strip() == "False"


@pytest.mark.model
def test_seed_article_phrases() -> None:
    if not SEED.is_file():
        pytest.skip(f"seed example not found at {SEED}")
    text = SEED.read_text(encoding="utf-8")

    cues = {(c.text, c.kind) for c in claimgraph.certainty(text).cues}

    assert {
        ("is thought to", "doxastic"),
        ("are believed to", "doxastic"),
        ("believe", "doxastic"),
        ("think", "doxastic"),
        ("will be", "future"),
    } <= cues
