"""Near-duplicate articles (wire copies) with MinHash over word shingles.

The signature of an article is a datasketch MinHash (128 permutations) of
its lower-cased word 5-shingles, computed on the story text only: spans the
extractor marked as not story (bylines, update notes, appeals, "read more"
links) are cut out first, so two outlets' copies of one wire story match
even though their bylines and donation appeals differ. Candidates come from
a MinHashLSH index (rebuilt in memory from the stored signatures) and are
confirmed with the estimated Jaccard similarity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from claimgraph.extras import require

#: Permutations per MinHash signature.
NUM_PERM = 128
#: datasketch's permutation scheme (fixed: signatures of different schemes
#: cannot be compared); its hash values are uint32.
SCHEME = "affine32"
#: Words per shingle.
SHINGLE = 5
#: Estimated Jaccard similarity of shingle sets at or above which two
#: articles are near-duplicates.
THRESHOLD = 0.7

_WORD = re.compile(r"\w+", re.UNICODE)


def story_text(text: str, removed: Iterable[tuple[int, int]]) -> str:
    """``text`` with the removed spans (``(start, end)``) cut out."""
    parts: list[str] = []
    at = 0
    for start, end in sorted(removed):
        if start > at:
            parts.append(text[at:start])
        at = max(at, end)
    parts.append(text[at:])
    return " ".join(parts)


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """The set of lower-cased ``size``-word shingles of ``text`` (the words
    themselves when the text is shorter than ``size`` words)."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < size:
        return set(words)
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def _minhash(hashvalues: npt.NDArray[np.uint32] | None = None) -> Any:
    datasketch = require("datasketch", "corpus")
    return datasketch.MinHash(num_perm=NUM_PERM, hashvalues=hashvalues, scheme=SCHEME)


def signature(text: str) -> bytes:
    """The MinHash signature of ``text`` as bytes (to store)."""
    m = _minhash()
    m.update_batch([s.encode("utf-8") for s in shingles(text)])
    return np.asarray(m.hashvalues, dtype=np.uint32).tobytes()


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    va = np.frombuffer(a, dtype=np.uint32)
    vb = np.frombuffer(b, dtype=np.uint32)
    return float(np.mean(va == vb))


@dataclass(frozen=True, slots=True)
class Match:
    """A stored article that a new one is a near-duplicate of."""

    article_id: int
    score: float


class DuplicateIndex:
    """An in-memory LSH index over stored signatures (rebuilt at each open).

    Each entry remembers its story, so that versions of the same story are
    never reported as duplicates of each other, and the article it is itself
    a duplicate of, so that a copy of a copy links to the original.
    """

    def __init__(self, threshold: float = THRESHOLD) -> None:
        datasketch = require("datasketch", "corpus")
        self.threshold = threshold
        self._lsh = datasketch.MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._entries: dict[int, tuple[int, bytes, int | None]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, article_id: int, story_id: int, sig: bytes, duplicate_of: int | None) -> None:
        hashvalues = np.frombuffer(sig, dtype=np.uint32)
        self._lsh.insert(str(article_id), _minhash(hashvalues))
        self._entries[article_id] = (story_id, sig, duplicate_of)

    def story_of(self, article_id: int) -> int:
        """The story of an indexed article."""
        return self._entries[article_id][0]

    def find(self, sig: bytes, story_id: int | None) -> Match | None:
        """The original this signature near-duplicates (not from ``story_id``),
        or ``None``. The best-scoring candidate wins, the earliest on ties;
        when it is itself a copy, its original is returned."""
        hashvalues = np.frombuffer(sig, dtype=np.uint32)
        best: Match | None = None
        for key in self._lsh.query(_minhash(hashvalues)):
            article_id = int(key)
            other_story, other_sig, original = self._entries[article_id]
            if other_story == story_id:
                continue
            score = similarity(sig, other_sig)
            if score < self.threshold:
                continue
            root = original if original is not None else article_id
            if best is None or (score, -root) > (best.score, -best.article_id):
                best = Match(root, score)
        return best
