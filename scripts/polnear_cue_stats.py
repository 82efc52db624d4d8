"""Count PolNeAR gold cues behind two of the decoder's rules (docs/learned-model.md).

    PYTHONPATH=src python scripts/polnear_cue_stats.py [--data DIR] [--split train]

- the share of gold cues whose text holds a comma (why a comma ends a
  tagged cue);
- the gold cues with "without" followed by a word in "-ing", and how many
  of them start with "without" (why "without" and a gerund start a cue of
  their own).

Reads the annotations only (no parsing): a few seconds.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from pathlib import Path

from claimgraph.eval.polnear import default_root, load_split

WITHOUT_ING = re.compile(r"\bwithout\s+\w+ing\b", re.IGNORECASE)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="PolNeAR root [../shared]")
    parser.add_argument("--split", choices=("train", "dev"), default="train")
    args = parser.parse_args(argv)

    docs = load_split(args.data or default_root(), args.split)
    cues = [
        " ".join(doc.text[s.start : s.end] for s in a.cue)
        for doc in docs
        for a in doc.attributions
        if a.cue
    ]
    comma = sum("," in c for c in cues)
    without = [c for c in cues if WITHOUT_ING.search(c)]
    starting = [c for c in without if c.lower().startswith("without")]
    print(f"PolNeAR {args.split}: {len(docs)} articles, {len(cues)} gold cues")
    print(f"cues holding a comma: {comma} ({comma / len(cues):.1%})")
    n_without, n_start = len(without), len(starting)
    print(f'cues with "without" + a word in -ing: {n_without}, starting with it: {n_start}')
    for c in without:
        print(f"  {c!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
