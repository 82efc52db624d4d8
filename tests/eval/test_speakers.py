"""claimgraph.eval.speakers: the gold reader, the article halves and B³."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.errors import InputError
from claimgraph.eval.speakers import (
    GoldSpan,
    SystemAttribution,
    halves,
    read_gold,
    score,
)

GOLD = Path(__file__).parents[1] / "data" / "speakers_gold.tsv"


def gold(article: str, start: int, keys: str) -> GoldSpan:
    return GoldSpan(article, start, start + 5, "x", tuple(keys.split("+")))


def system(start: int, *speakers: int) -> SystemAttribution:
    return SystemAttribution(start, start + 5, speakers, tuple(f"#{s}" for s in speakers))


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        # system clusters equal to the gold: perfect
        ({0: 1, 10: 1, 20: 2}, (1.0, 1.0, 0)),
        # two people in one entity: precision falls, one mixed entity
        ({0: 1, 10: 1, 20: 1}, (5 / 9, 1.0, 1)),
        # one person split in two: recall falls
        ({0: 1, 10: 3, 20: 2}, (1.0, 2 / 3, 0)),
    ],
)
def test_b_cubed_and_mixed_entities(
    labels: dict[int, int], expected: tuple[float, float, int]
) -> None:
    spans = [gold("a", 0, "person:x"), gold("a", 10, "person:x"), gold("a", 20, "person:y")]
    found = {"a": [system(start, sid) for start, sid in labels.items()]}
    result = score(spans, found)
    assert (round(result.precision, 4), round(result.recall, 4), len(result.mixed)) == (
        round(expected[0], 4),
        round(expected[1], 4),
        expected[2],
    )


def test_joint_spans_count_when_every_member_is_credited() -> None:
    spans = [gold("a", 0, "person:x+person:y"), gold("a", 10, "person:x+person:y")]
    result = score(spans, {"a": [system(0, 1, 2), system(10, 1)]})
    assert (result.joint_gold, result.joint_credited, result.single) == (2, 1, 0)


def test_unaligned_spans_are_left_out() -> None:
    result = score([gold("a", 0, "person:x"), gold("b", 0, "person:x")], {"a": [system(2, 1)]})
    assert (result.gold_spans, result.aligned, result.single) == (2, 1, 1)


def test_halves_alternate_by_sorted_article_name() -> None:
    assert halves(["c", "a", "b", "a"]) == {"a": "tune", "b": "test", "c": "tune"}


def test_the_shipped_gold_reads_and_splits_into_two_halves() -> None:
    spans = read_gold(GOLD)
    assert len(spans) > 800
    split = halves(s.article for s in spans)
    assert set(split.values()) == {"tune", "test"}
    assert all(k.split(":")[0] in {"person", "org", "gov"} for s in spans for k in s.keys)


def test_a_malformed_gold_line_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "gold.tsv"
    bad.write_text("article\t1\t2\tno keys\n", encoding="utf-8")
    with pytest.raises(InputError):
        read_gold(bad)
