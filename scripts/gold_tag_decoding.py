"""Score the taggers' decoder on PolNeAR's gold tags instead of a tagger's.

The "gold tags" figures of docs/learned-model.md come from here: how well
:mod:`claimgraph.learned.decode` links spans into attributions when every
token carries its gold BIO tag, i.e. what is lost in the linking rather than
in the tagging.

    PYTHONPATH=src python scripts/gold_tag_decoding.py [--data DIR] [--split dev] [--limit N]

Each article is parsed by the pipeline as ``claimgraph eval`` parses it
(``--model rules``, so no tagger is loaded), its gold attributions become BIO
tags per paragraph (:func:`claimgraph.learned.features.role_tags`), the tags
go through the same linking as the CRF's and the encoder's
(:func:`claimgraph.learned.model.attributions_from_tags`, probabilities 1.0),
and the result is scored as by ``claimgraph eval polnear`` (no ECE: every
raw score is 1.0). About a minute for dev on a 2-core machine.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from claimgraph.eval.polnear import default_root, load_split
from claimgraph.eval.scoring import evaluate
from claimgraph.extract.lexicon import load_lexicon
from claimgraph.learned.features import paragraphs, role_tags
from claimgraph.learned.model import attributions_from_tags
from claimgraph.nlp.pipeline import load_nlp
from claimgraph.settings import Settings


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="PolNeAR root [../shared]")
    parser.add_argument("--split", choices=("train", "dev"), default="dev", help="[default: dev]")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    gold = load_split(args.data or default_root(), args.split)[: args.limit]
    settings = Settings(extractor="rules")
    nlp = load_nlp(settings)
    lexicon = load_lexicon(settings.threshold)
    predictions = []
    for g, doc in zip(gold, nlp.pipe((g.text for g in gold), batch_size=16), strict=True):
        tags = role_tags(doc, g.attributions)
        labelled = [
            (indices, [tags[i] for i in indices], [1.0] * len(indices))
            for indices in paragraphs(doc)
        ]
        # no confidence: with gold tags every raw score is 1.0 and an ECE means nothing
        predictions.append(
            [
                replace(a, confidence=None)
                for a in attributions_from_tags(doc, labelled, lexicon, None)
            ]
        )
    report = evaluate(gold, predictions)
    print(f"PolNeAR {args.split}: {len(gold)} articles, gold tags through the decoder")
    print(report.format_table())
    print(f"({time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
