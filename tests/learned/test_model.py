"""Combining rule and learned attributions, and loading models."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from claimgraph.errors import ModelError
from claimgraph.extract.lexicon import load_lexicon
from claimgraph.learned.model import AttributionTagger, attributions_from_tags, combine
from claimgraph.records import Attribution, Removed, Segment


def att(
    id: str,
    cue: tuple[int, int],
    content: tuple[int, int],
    parent: str | None = None,
    rule: str = "verb",
) -> Attribution:
    return Attribution(
        id=id,
        kind="indirect",
        source=(),
        cue=(Segment(cue[0], cue[1], "x" * (cue[1] - cue[0])),),
        content=(Segment(content[0], content[1], "x" * (content[1] - content[0])),),
        parent=parent,
        rule=rule,
    )


RULES = [
    att("a1", (0, 4), (5, 20)),  # content the tagger did not find: dropped in hybrid
    att("a2", (30, 34), (35, 58)),  # same cue as a learned one: the tagger's wins
    att("a3", (40, 44), (45, 55), parent="a2"),  # nested in a learned content: kept
    att("a4", (80, 92), (93, 99), rule="relay"),  # structural rule: preferred
]
LEARNED = [
    att("a1", (31, 34), (35, 58), rule="learned"),
    att("a2", (80, 84), (85, 99), rule="learned"),
]


@pytest.mark.parametrize(
    ("mode", "expected_cues"),
    [
        pytest.param("rules", [(0, 4), (30, 34), (40, 44), (80, 92)], id="rules-untouched"),
        pytest.param("learned", [(31, 34), (80, 84)], id="learned-only"),
        pytest.param("hybrid", [(31, 34), (40, 44), (80, 92)], id="hybrid"),
    ],
)
def test_combine(mode: str, expected_cues: list[tuple[int, int]]) -> None:
    out = combine(mode, RULES, LEARNED)  # type: ignore[arg-type]
    assert [(a.cue[0].start, a.cue[0].end) for a in out] == expected_cues
    if mode != "rules":
        assert [a.id for a in out] == [f"a{k + 1}" for k in range(len(out))]


def test_combine_recomputes_parents() -> None:
    out = combine("hybrid", RULES, LEARNED)
    assert [(a.id, a.parent) for a in out] == [("a1", None), ("a2", "a1"), ("a3", None)]


def test_missing_model_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="claimgraph train"):
        AttributionTagger(tmp_path, load_lexicon())


def _tagged_doc() -> tuple[Doc, list[str]]:
    # "“We will win,” Brandt said.\n\nRead more: EU ministers split"
    words = ["“", "We", "will", "win", ",", "”", "Brandt", "said", ".", "\n\n"]
    words += ["Read", "more", ":", "EU", "ministers", "split"]
    spaces = [False, True, True, False, False, True, True, False, False, False]
    spaces += [True, False, True, True, True, False]
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=spaces)
    for tok in doc:
        tok.is_sent_start = tok.i in (0, 10)
    # the tagger missed the quotation, so the cue has no content of its own
    tags = ["O", "O", "O", "O", "O", "O", "B-SRC", "B-CUE", "O", "O"]
    tags += ["O", "O", "O", "B-CON", "I-CON", "I-CON"]
    return doc, tags


@pytest.mark.parametrize(
    ("removed", "expected_contents"),
    [
        # the stray content in the "Read more" line joins the story's cue ...
        ((), [["EU ministers split"]]),
        # ... unless that line is marked as not the story
        ((Removed("read_more", 29, 58),), []),
    ],
)
def test_tags_in_removed_text_take_no_role(
    removed: tuple[Removed, ...], expected_contents: list[list[str]]
) -> None:
    doc, tags = _tagged_doc()
    paragraphs = [list(range(9)), list(range(10, 16))]  # "\n\n" is in none
    labelled = [(p, [tags[i] for i in p], [1.0] * len(p)) for p in paragraphs]
    found = attributions_from_tags(doc, labelled, load_lexicon(), None, removed=removed)
    assert [[s.text for s in a.content] for a in found] == expected_contents
    assert [[s.text for s in a.source] for a in found] == [["Brandt"]] * len(expected_contents)
