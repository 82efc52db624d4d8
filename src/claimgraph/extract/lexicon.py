"""The cue lexicon: which words introduce attributions, kept as data files.

Three packaged files under ``claimgraph/data``:

- ``reporting_verbs.txt`` — hand-made core list (said, told, warned, ...):
  always cues.
- ``belief_verbs.txt`` — verbs of belief, intention and perception (believe,
  think, want, fear, ...): cues whose attributions are of kind ``belief``.
- ``cue_lexicon.tsv`` — rates measured on PolNeAR *train* by
  ``scripts/build_lexicon.py``: for each verb lemma, how often an occurrence
  outside quotation marks heads an annotated cue. A lemma is a cue when its
  rate reaches :attr:`Lexicon.threshold`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from claimgraph.data import data_lines

DEFAULT_THRESHOLD = 0.25
MIN_COUNT = 3


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Cue words and how likely each is to introduce an attribution."""

    rates: dict[str, float]
    reporting: frozenset[str]
    belief: frozenset[str]
    threshold: float = DEFAULT_THRESHOLD

    def is_cue(self, lemma: str) -> bool:
        lemma = lemma.lower()
        if lemma in self.reporting or lemma in self.belief:
            return True
        return self.rates.get(lemma, 0.0) >= self.threshold

    def rate(self, lemma: str) -> float:
        lemma = lemma.lower()
        if lemma in self.reporting:
            return max(self.rates.get(lemma, 0.0), 0.9)
        return self.rates.get(lemma, 0.0)

    def is_belief(self, lemma: str) -> bool:
        return lemma.lower() in self.belief


def _read_words(name: str) -> frozenset[str]:
    return frozenset(line.strip().lower() for line in data_lines(name))


def _read_rates(name: str) -> dict[str, float]:
    rates: dict[str, float] = {}
    for row in csv.DictReader(data_lines(name), delimiter="\t"):
        if int(row["count"]) >= MIN_COUNT:
            rates[row["lemma"]] = float(row["rate"])
    return rates


@lru_cache(maxsize=4)
def load_lexicon(threshold: float = DEFAULT_THRESHOLD) -> Lexicon:
    """Load the packaged lexicon (cached: the files never change at run time)."""
    return Lexicon(
        rates=_read_rates("cue_lexicon.tsv"),
        reporting=_read_words("reporting_verbs.txt"),
        belief=_read_words("belief_verbs.txt"),
        threshold=threshold,
    )
