"""The one subject finder, on parses built by hand."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from claimgraph.extract.syntax import verb_subject


def _doc(words: list[str], heads: list[int], deps: list[str], pos: list[str]) -> Doc:
    return Doc(Vocab(), words=words, heads=heads, deps=deps, pos=pos)


# "Trump defended the plan , saying it works" (saying <advcl- defended)
DEFENDED = _doc(
    ["Trump", "defended", "the", "plan", ",", "saying", "it", "works"],
    [1, 1, 3, 1, 1, 1, 7, 5],
    ["nsubj", "ROOT", "det", "dobj", "punct", "advcl", "nsubj", "ccomp"],
    ["PROPN", "VERB", "DET", "NOUN", "PUNCT", "VERB", "PRON", "VERB"],
)


@pytest.mark.parametrize(
    ("verb", "kwargs", "expected"),
    [
        (1, {"deps": {"nsubj"}, "climb": {"advcl"}}, "Trump"),
        (5, {"deps": {"nsubj"}, "climb": {"advcl"}}, "Trump"),
        (5, {"deps": {"nsubj"}, "climb": {"xcomp"}}, None),
        (5, {"deps": {"nsubj"}, "climb": {"advcl"}, "hops": 1}, None),
        (
            5,
            {"deps": {"nsubj"}, "climb": {"advcl"}, "stop": lambda t: t.text == "defended"},
            None,
        ),
        (5, {"deps": {"nsubj"}, "climb": {"advcl"}, "pos": {"NOUN"}}, None),
        (7, {"deps": {"nsubj"}, "climb": {"ccomp"}}, "it"),
    ],
)
def test_a_verb_takes_its_own_subject_or_climbs_to_the_verb_it_hangs_from(
    verb: int, kwargs: dict[str, object], expected: str | None
) -> None:
    subject = verb_subject(DEFENDED[verb], **kwargs)  # type: ignore[arg-type]
    assert (subject.text if subject is not None else None) == expected
