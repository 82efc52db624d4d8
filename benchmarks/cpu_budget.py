"""CPU seconds of each part of the default analysis, one thread, same texts.

Answers "where can the time go?" for the throughput target of issue 19 (the
default analysis at ≥ 1.0× the bare parse): on the same texts (PolNeAR dev
by default), in one process, with ONNX Runtime on one thread
(``CLAIMGRAPH_THREADS=1`` is set here):

- **parse**: the bare ``nlp.pipe`` of ``spacy.load(Settings().model)``;
- **tagger, PRECISION**: the encoder tagger's network on those parsed docs
  (``EncoderTagger.probabilities``: windows, word pieces, ONNX Runtime,
  unpacking), for each precision asked for;
- **full, one thread**: ``analyze_articles`` with the default settings
  (parse, rules, tagger, decoding, speakers, ledger) on one ONNX Runtime
  thread, its worker thread included.

Each is CPU time of the whole process (``time.process_time``), after a
warm-up on the first texts. The sum of what the full analysis needs beyond
the parse, divided by the cores, bounds the ratio any scheduling of these
parts can reach on a machine.

Usage::

    python benchmarks/cpu_budget.py                       # PolNeAR dev
    python benchmarks/cpu_budget.py --limit 40 --precision float32 int8
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

WARMUP_TEXTS = 4


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="CPU seconds of the bare parse, the encoder tagger's network and the "
        "full default analysis on the same texts, one ONNX Runtime thread.",
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        help="PolNeAR folder [default: ../shared/corpora/polnear]",
    )
    parser.add_argument("--split", choices=("train", "dev"), default="dev", help="[default: dev]")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument(
        "--precision",
        nargs="+",
        default=["float32", "int8"],
        help="encoder precisions to time [default: float32 int8]",
    )
    parser.add_argument("--json", type=Path, default=None, metavar="PATH", help="also write here")
    return parser.parse_args(argv)


def cpu_seconds(run: Any) -> float:
    start = time.process_time()
    run()
    return time.process_time() - start


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ["CLAIMGRAPH_THREADS"] = "1"  # read when a session is made, below
    import spacy

    from claimgraph.eval.polnear import default_root, load_split
    from claimgraph.extract.lexicon import load_lexicon
    from claimgraph.learned.encoder import EncoderTagger
    from claimgraph.learned.model import packaged_model_dir
    from claimgraph.nlp.pipeline import analyze_articles, load_nlp
    from claimgraph.records import ArticleInput
    from claimgraph.settings import Settings

    settings = Settings.from_env(extractor="encoder")
    gold = load_split(args.data or default_root(), args.split)[: args.limit]
    texts = [g.text for g in gold]
    bare = spacy.load(settings.model)
    list(bare.pipe(texts[:WARMUP_TEXTS]))
    docs: list[Any] = []
    result: dict[str, Any] = {"articles": len(texts), "characters": sum(map(len, texts))}
    result["parse"] = cpu_seconds(lambda: docs.extend(bare.pipe(texts, batch_size=16)))
    for precision in args.precision:
        tagger = EncoderTagger(packaged_model_dir(), load_lexicon(), precision)
        tagger.probabilities(docs[0], [])
        result[f"tagger {precision}"] = cpu_seconds(
            lambda t=tagger: [t.probabilities(d, []) for d in docs]
        )
    nlp = load_nlp(settings)
    articles = [ArticleInput(id=str(i), text=t, origin=str(i)) for i, t in enumerate(texts)]
    list(analyze_articles(nlp, articles[:WARMUP_TEXTS]))
    result[f"full {settings.encoder_precision}, one thread"] = cpu_seconds(
        lambda: list(analyze_articles(nlp, articles))
    )
    for name, value in result.items():
        shown = f"{value:.1f} s CPU" if isinstance(value, float) else value
        print(f"{name:<28} {shown}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
