"""Where a mode's attributions miss on PolNeAR (docs/benchmarks.md, "Accuracy on PolNeAR dev").

    PYTHONPATH=src python scripts/dev_errors.py [--model hybrid] [--data DIR] [--split dev]

Runs the pipeline as ``claimgraph eval polnear`` does (predictions made
univocal) and prints two counts:

- **content boundaries**: the gold contents that some predicted content
  overlaps but none matches exactly, sorted into the first that applies:
  *split* (two or more predictions overlap it), *shared* (its one
  overlapping prediction also overlaps another gold content: neighbouring
  attributions run together), *shorter* (it has fewer characters than the
  prediction), *longer*;
- **cue recall by train cue rate**: the gold cues, bucketed by the PolNeAR
  train cue rate of the lemma of their root token (the packaged cue lexicon;
  a lemma not in it has rate 0), and how many of them a predicted cue
  overlaps.

The hybrid takes about a minute and a half on dev on a 2-core machine, the
encoder about as long again.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from claimgraph.eval.polnear import default_root, load_split
from claimgraph.extract.lexicon import load_lexicon
from claimgraph.extract.univocal import project_univocal, role_chars
from claimgraph.nlp.pipeline import load_nlp
from claimgraph.settings import Settings

#: Upper bounds of the cue-rate buckets (the last is everything from 0.6 up).
RATE_BUCKETS = ((0.1, "< 0.1"), (0.3, "0.1-0.3"), (0.6, "0.3-0.6"), (1.01, ">= 0.6"))


def _distinct(spans: Sequence[frozenset[int]]) -> list[frozenset[int]]:
    return list(dict.fromkeys(s for s in spans if s))


def content_misses(gold: Sequence[frozenset[int]], pred: Sequence[frozenset[int]]) -> Counter[str]:
    """Classify the gold contents that a prediction overlaps but none matches exactly."""
    out: Counter[str] = Counter()
    for g in gold:
        overlapping = [p for p in pred if p & g]
        if not overlapping or g in overlapping:
            continue
        if len(overlapping) > 1:
            out["split"] += 1
        elif any(other != g and other & overlapping[0] for other in gold):
            out["shared"] += 1
        elif len(g) < len(overlapping[0]):
            out["shorter"] += 1
        else:
            out["longer"] += 1
    return out


def _bucket(rate: float) -> str:
    return next(name for bound, name in RATE_BUCKETS if rate < bound)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="hybrid", help="[default: hybrid]")
    parser.add_argument("--data", type=Path, default=None, help="PolNeAR root [../shared]")
    parser.add_argument("--split", choices=("train", "dev"), default="dev", help="[default: dev]")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    gold_docs = load_split(args.data or default_root(), args.split)[: args.limit]
    settings = Settings.from_env(extractor=args.model)
    nlp = load_nlp(settings)
    lexicon = load_lexicon(settings.threshold)
    misses: Counter[str] = Counter()
    cues: Counter[str] = Counter()
    found: Counter[str] = Counter()
    texts = (g.text for g in gold_docs)
    for g, doc in zip(gold_docs, nlp.pipe(texts, batch_size=settings.batch_size), strict=True):
        pred = project_univocal(doc._.attributions)
        misses += content_misses(
            _distinct([role_chars(a.content) for a in g.attributions]),
            _distinct([role_chars(a.content) for a in pred]),
        )
        pred_cues = [role_chars(a.cue) for a in pred]
        for gc in _distinct([role_chars(a.cue) for a in g.attributions]):
            span = doc.char_span(min(gc), max(gc) + 1, alignment_mode="expand")
            bucket = _bucket(lexicon.rate(span.root.lemma_) if span is not None else 0.0)
            cues[bucket] += 1
            found[bucket] += any(p & gc for p in pred_cues)
    print(f"PolNeAR {args.split}: {len(gold_docs)} articles, model {settings.extractor}")
    total = sum(misses.values())
    print(f"gold contents overlapped but not matched exactly: {total}")
    for kind in ("shared", "shorter", "longer", "split"):
        print(f"  {kind:8} {misses[kind]:5}")
    print("gold cues by the train cue rate of their lemma: found / all")
    for _, name in RATE_BUCKETS:
        n = cues[name]
        share = found[name] / n if n else 0.0
        print(f"  {name:8} {found[name]:5} / {n:5}  ({share:.0%})")
    print(f"({time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
