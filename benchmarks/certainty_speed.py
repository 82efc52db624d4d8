"""Time :func:`claimgraph.analysis.certainty.find_hedges` per sentence of a parsed article.

Usage: ``PYTHONPATH=src python benchmarks/certainty_speed.py [ARTICLE.txt] [REPEATS]``
(default: the seed example in ../shared/examples, else examples/lethal-aid-wire.txt).
The parse is done once and not timed: the pipeline calls find_hedges on docs it
has already parsed.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from claimgraph.analysis.certainty import find_hedges
from claimgraph.analysis.text_api import light_nlp

SEED = Path("../shared/examples/moscow-times-china-lethal-aid.txt")
FALLBACK = Path("examples/lethal-aid-wire.txt")


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else (SEED if SEED.is_file() else FALLBACK)
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    doc = light_nlp()(path.read_text(encoding="utf-8"))
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    find_hedges(doc, 0, 1)  # load the lexicon
    started = time.perf_counter()
    for _ in range(repeats):
        for start, end in sentences:
            find_hedges(doc, start, end)
    elapsed = time.perf_counter() - started
    per_call = elapsed / (repeats * len(sentences)) * 1e6
    print(f"{path.name}: {len(sentences)} sentences x {repeats}: {per_call:.0f} µs per call")


if __name__ == "__main__":
    main()
