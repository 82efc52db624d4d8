"""The Szeged corpus reader and the hedging scorer on hand-built data, plus a
smoke run of ``claimgraph eval hedging`` on a slice of the real corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.analysis.certainty import HedgeCue
from claimgraph.cli.main import main
from claimgraph.errors import CorpusError
from claimgraph.eval.hedging import score_hedging
from claimgraph.eval.szeged import GoldCue, GoldSentence, default_path, load_sentences

XML = """<?xml version="1.0" encoding="UTF-8"?>
<Annotation><DocumentSet>
<Document type="Wikipedia_text_weasel"><DocID type="WIKIPEDIA_ARTICLE_ID">A_1</DocID>
<DocumentPart type="Title"><Sentence id="S1.1">A</Sentence></DocumentPart>
<DocumentPart type="Text"><Sentence id="S1.2">It \
<ccue type="speculation_modal_probable_">may</ccue> rain, he is \
<ccue type="speculation_hypo_doxastic _">thought</ccue> to say.</Sentence></DocumentPart>
</Document>
<Document type="Wikipedia_text_weasel"><DocID type="WIKIPEDIA_ARTICLE_ID">B_2</DocID>
<DocumentPart type="Text"><Sentence id="S1.1">It rained.</Sentence></DocumentPart>
</Document>
</DocumentSet></Annotation>
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "wiki.xml"
    path.write_text(XML, encoding="utf-8")
    return path


def test_reader_keeps_text_and_cue_offsets(corpus: Path) -> None:
    sentences = load_sentences(corpus)

    assert [(s.document, s.id, s.uncertain) for s in sentences] == [
        ("A_1", "S1.1", False),
        ("A_1", "S1.2", True),
        ("B_2", "S1.1", False),
    ]
    rich = sentences[1]
    assert rich.text == "It may rain, he is thought to say."
    assert [(c.text, c.type) for c in rich.cues] == [
        ("may", "modal_probable"),
        ("thought", "hypo_doxastic"),
    ]
    assert all(rich.text[c.start : c.end] == c.text for c in rich.cues)


@pytest.mark.parametrize(("split", "documents"), [("dev", ["A_1"]), ("test", ["B_2"])])
def test_split_halves_the_documents_in_file_order(
    corpus: Path, split: str, documents: list[str]
) -> None:
    assert sorted({s.document for s in load_sentences(corpus, split)}) == documents


def test_missing_corpus_says_to_pass_data(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="--data"):
        load_sentences(tmp_path / "nope.xml")


def test_malformed_corpus_is_a_corpus_error(tmp_path: Path) -> None:
    path = tmp_path / "wiki.xml"
    path.write_text("<Annotation><Sentence>", encoding="utf-8")
    with pytest.raises(CorpusError, match="XML"):
        load_sentences(path)


GOLD = [
    GoldSentence("d", "1", "It is thought to rain.", (GoldCue(6, 13, "thought", "hypo_doxastic"),)),
    GoldSentence("d", "2", "It may rain.", (GoldCue(3, 6, "may", "modal_probable"),)),
    GoldSentence("d", "3", "It rained.", ()),
    GoldSentence("d", "4", "Some say it rained.", ()),
]
PRED = [
    (HedgeCue(3, 16, "is thought to", "doxastic", "probable"),),
    (HedgeCue(3, 6, "may", "epistemic", "possible"),),
    (HedgeCue(3, 9, "rained", "booster", "certain"),),  # boosters are not uncertainty cues
    (HedgeCue(5, 8, "say", "weasel", "probable"),),
]


@pytest.mark.parametrize(
    ("exclude", "sentence", "exact", "overlap"),
    [
        (frozenset(), (2, 3, 2), (1, 3, 2), (2, 3, 2)),
        (frozenset({"weasel"}), (2, 2, 2), (1, 2, 2), (2, 2, 2)),
    ],
)
def test_scores_sentences_and_cues(
    exclude: frozenset[str],
    sentence: tuple[int, int, int],
    exact: tuple[int, int, int],
    overlap: tuple[int, int, int],
) -> None:
    report = score_hedging(GOLD, PRED, exclude)

    assert (report.sentence.tp, report.sentence.n_pred, report.sentence.n_gold) == sentence
    assert (report.cue_exact.tp, report.cue_exact.n_pred, report.cue_exact.n_gold) == exact
    assert (report.cue_overlap.tp, report.cue_overlap.n_pred, report.cue_overlap.n_gold) == overlap
    assert report.recall_by_type["hypo_doxastic"].recall == 1.0


def test_scorer_refuses_mismatched_lengths() -> None:
    with pytest.raises(ValueError, match="4 gold"):
        score_hedging(GOLD, PRED[:2])


@pytest.mark.corpus
@pytest.mark.model
def test_eval_hedging_runs_on_a_slice_of_the_corpus() -> None:
    if not default_path().is_file():
        pytest.skip(f"Szeged uncertainty corpus not found at {default_path()}")
    result = CliRunner().invoke(
        main,
        [
            "eval",
            "hedging",
            "--split",
            "dev",
            "--limit",
            "300",
            "--exclude-kind",
            "weasel",
            "--json",
        ],
    )

    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    full, without = data["reports"]
    assert full["n_sentences"] == 300 and without["excluded"] == ["weasel"]
    assert full["n_uncertain"] > 10
    assert full["sentence"]["recall"] > 0.7
    assert full["sentence"]["precision"] > 0.4
