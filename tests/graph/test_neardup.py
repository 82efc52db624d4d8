"""Near-duplicate detection with MinHash over word shingles."""

from __future__ import annotations

import pytest

pytest.importorskip("datasketch")

from claimgraph.graph.neardup import DuplicateIndex, shingles, signature, similarity, story_text

BODY = (
    "Marovia is supplying artillery ammunition to the rebels in Zelaria, Deputy Prime "
    "Minister Tomas Rieck said on Monday. We have seen the trucks, and we have counted the "
    "crates, Rieck told a news conference. Analysts said the accusation could strain talks on "
    "a new border treaty, which have stalled since the autumn."
)
OTHER = (
    "The city council approved a new budget for parks on Tuesday after a long debate about "
    "playgrounds, benches and the cost of mowing the grass along the river in the summer."
)


@pytest.mark.parametrize(
    ("text", "removed", "expected"),
    [
        ("By X\nBody.", [(0, 4)], "\nBody."),
        ("Body. Read more: Y", [(6, 18)], "Body.  "),
        ("Body.", [], "Body."),
    ],
)
def test_story_text_cuts_the_removed_spans(
    text: str, removed: list[tuple[int, int]], expected: str
) -> None:
    assert story_text(text, removed) == expected


def test_shingles_are_lower_cased_word_windows() -> None:
    assert shingles("A b C d E f", size=5) == {"a b c d e", "b c d e f"}
    assert shingles("Too short", size=5) == {"too", "short"}


def test_a_copy_with_another_byline_is_a_near_duplicate() -> None:
    a = signature("By Pia Lund, Northern Ledger " + BODY)
    b = signature("By Pia Lund | Coastal Post " + BODY + " Support us.")
    assert similarity(a, b) > 0.8
    assert similarity(a, signature(OTHER)) < 0.2


def test_the_index_links_a_copy_to_its_original_in_another_story() -> None:
    index = DuplicateIndex()
    index.add(1, story_id=10, sig=signature(BODY), duplicate_of=None)
    index.add(2, story_id=20, sig=signature(OTHER), duplicate_of=None)
    match = index.find(signature(BODY + " Updated."), story_id=30)
    assert match is not None and match.article_id == 1
    assert index.find(signature(BODY), story_id=10) is None  # a version of the same story
    assert index.find(signature("Something else entirely, said nobody."), story_id=None) is None


def test_a_copy_of_a_copy_links_to_the_original() -> None:
    index = DuplicateIndex()
    index.add(1, story_id=10, sig=signature(BODY), duplicate_of=None)
    index.add(2, story_id=20, sig=signature(BODY + " Copy."), duplicate_of=1)
    index._entries.pop(1)  # only the copy is a candidate now
    index._lsh.remove("1")
    match = index.find(signature(BODY + " Copy."), story_id=30)
    assert match is not None and match.article_id == 1
