"""Readers for the sentence-pair corpora under ``../shared/corpora/similarity``
(used to fit and measure stance; none of the data ships with claimgraph).

- ``sts201{3,4,5,6}-headlines.tsv`` — ``score<TAB>s1<TAB>s2``, scores 0–5
  (lines without a score are skipped);
- ``msr-para-test.tsv`` — MSRP test, ``Quality<TAB>id<TAB>id<TAB>s1<TAB>s2``;
- ``SICK_test_annotated.txt`` — ``pair_ID<TAB>A<TAB>B<TAB>relatedness<TAB>judgment``
  (CC BY-NC-SA 3.0: evaluation only, nothing trained on it ships).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from claimgraph.errors import CorpusError
from claimgraph.eval.shared import shared_path


@dataclass(frozen=True, slots=True)
class Pair:
    """Two sentences and their gold label (a score, 0/1, or a judgment)."""

    a: str
    b: str
    label: str


def default_root() -> Path:
    """``../shared/corpora/similarity`` (see :func:`~claimgraph.eval.shared.shared_path`)."""
    return shared_path("corpora", "similarity")


def _rows(path: Path) -> list[list[str]]:
    if not path.is_file():
        raise CorpusError(f"{path} is missing; point --data at the similarity corpora folder")
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def read_sts(path: Path) -> list[Pair]:
    """STS pairs with a score (label: the score as written)."""
    return [Pair(r[1], r[2], r[0]) for r in _rows(path) if len(r) >= 3 and r[0].strip()]


def read_msrp(path: Path) -> list[Pair]:
    """MSRP pairs (label "1" paraphrase, "0" not)."""
    return [Pair(r[3], r[4], r[0]) for r in _rows(path)[1:] if len(r) >= 5]


def read_sick(path: Path) -> list[Pair]:
    """SICK pairs (label ENTAILMENT, NEUTRAL or CONTRADICTION)."""
    return [Pair(r[1], r[2], r[4]) for r in _rows(path)[1:] if len(r) >= 5]
