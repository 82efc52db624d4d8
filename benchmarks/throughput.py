"""Throughput of the full claimgraph analysis against a bare spaCy parse.

Measures, in one run and on the same texts (the PolNeAR dev articles by
default):

- **full**: ``load_nlp()`` + ``analyze_articles`` — everything ``claimgraph
  analyze`` does apart from reading files and writing output;
- **bare**: ``nlp.pipe`` with ``spacy.load(Settings().model)`` and its default
  components, at the same batch size.

Both pipelines are warmed up first; then the two are timed in interleaved
rounds (bare, full, full, bare, bare, full, ... so neither always goes first)
and the median time of each is reported. Absolute rates depend on the
machine and its load; the **ratio** full/bare is what to compare across
machines and commits.

Usage::

    python benchmarks/throughput.py                      # PolNeAR dev, 3 rounds
    python benchmarks/throughput.py --limit 20 --repeat 5 --json result.json
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from claimgraph.errors import ClaimgraphError
from claimgraph.eval.polnear import default_root, load_split
from claimgraph.learned.model import MODES
from claimgraph.nlp.pipeline import analyze_articles, load_nlp
from claimgraph.output import claimgraph_version
from claimgraph.records import ArticleInput
from claimgraph.settings import Settings

#: Texts used to warm each pipeline up before timing.
WARMUP_TEXTS = 8


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Articles per second of the full claimgraph analysis and of a bare "
        "spaCy parse with the same model, measured in the same run.",
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        help="PolNeAR folder (with train/, dev/, metadata.tsv) "
        "[default: ../shared/corpora/polnear]",
    )
    parser.add_argument("--split", choices=("train", "dev"), default="dev", help="[default: dev]")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument(
        "--model",
        choices=MODES,
        default=None,
        help="extractor of the full analysis [default: auto, as claimgraph analyze: encoder where "
        "ONNX Runtime is installed, else hybrid]",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="timed rounds of each pipeline [default: 3]"
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        default=None,
        help="texts per nlp.pipe batch, both pipelines [default: Settings().batch_size]",
    )
    parser.add_argument(
        "--json", type=Path, default=None, metavar="PATH", help="also write the result here"
    )
    args = parser.parse_args(argv)
    for name in ("limit", "repeat", "batch_size"):
        value = getattr(args, name)
        if value is not None and value < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    return args


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    usable: int | None
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        usable = os.cpu_count()
    return {
        "nproc": usable,
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor() or None,
        "python": platform.python_version(),
        "spacy": metadata.version("spacy"),
        "claimgraph": claimgraph_version(),
    }


def timed(fn: Callable[[], int]) -> tuple[float, int]:
    """Run ``fn`` once (after a garbage collection); return seconds and its count."""
    gc.collect()
    start = time.perf_counter()
    count = fn()
    return time.perf_counter() - start, count


def run_bare(nlp: Language, texts: Sequence[str], batch_size: int) -> int:
    n = 0
    for _doc in nlp.pipe(texts, batch_size=batch_size):
        n += 1
    return n


def run_full(nlp: Language, articles: Sequence[ArticleInput], batch_size: int) -> int:
    n = 0
    for _result in analyze_articles(nlp, articles, batch_size=batch_size):
        n += 1
    return n


def benchmark(args: argparse.Namespace) -> dict[str, Any]:
    settings = Settings.from_env(extractor=args.model)
    batch_size = args.batch_size or settings.batch_size
    root = args.data or default_root()
    gold = load_split(root, args.split)[: args.limit]
    if not gold:
        raise ClaimgraphError(f"no articles in the {args.split} split under {root}")
    texts = [g.text for g in gold]
    articles = [ArticleInput(id=g.name, text=g.text, origin=g.name) for g in gold]
    n_articles = len(texts)
    n_chars = sum(len(t) for t in texts)

    load_start = time.perf_counter()
    full_nlp = load_nlp(settings)
    full_load = time.perf_counter() - load_start
    load_start = time.perf_counter()
    bare_nlp = spacy.load(settings.model)
    bare_load = time.perf_counter() - load_start
    bare_nlp.max_length = max(bare_nlp.max_length, full_nlp.max_length)

    def bare() -> int:
        return run_bare(bare_nlp, texts, batch_size)

    def full() -> int:
        return run_full(full_nlp, articles, batch_size)

    # warm-up: first calls pay for lazy initialisation (lexicon, vectors, caches)
    run_bare(bare_nlp, texts[:WARMUP_TEXTS], batch_size)
    run_full(full_nlp, articles[:WARMUP_TEXTS], batch_size)

    times: dict[str, list[float]] = {"bare": [], "full": []}
    for round_ in range(args.repeat):
        order = (("bare", bare), ("full", full))
        for name, fn in order if round_ % 2 == 0 else reversed(order):
            seconds, count = timed(fn)
            if count != n_articles:
                raise RuntimeError(f"{name} pass analysed {count} of {n_articles} articles")
            times[name].append(seconds)

    median = {name: statistics.median(values) for name, values in times.items()}
    rates = {name: n_articles / seconds for name, seconds in median.items()}
    per_round = [b / f for b, f in zip(times["bare"], times["full"], strict=True)]
    return {
        "data": str(root),
        "split": args.split,
        "articles": n_articles,
        "chars": n_chars,
        "batch_size": batch_size,
        "repeat": args.repeat,
        "model": settings.model,
        "extractor": settings.extractor,
        "encoder_precision": settings.encoder_precision
        if settings.extractor == "encoder"
        else None,
        "model_version": bare_nlp.meta.get("version"),
        "bare_components": list(bare_nlp.pipe_names),
        "full_components": list(full_nlp.pipe_names),
        "load_seconds": {"bare": bare_load, "full": full_load},
        "seconds": times,
        "median_seconds": median,
        "articles_per_second": rates,
        "chars_per_second": {name: n_chars / seconds for name, seconds in median.items()},
        "ratio_full_over_bare": rates["full"] / rates["bare"],
        "ratio_per_round": per_round,
        "machine": machine(),
    }


def report(result: dict[str, Any]) -> str:
    m = result["machine"]
    rates = result["articles_per_second"]
    chars = result["chars_per_second"]
    median = result["median_seconds"]
    ratio = result["ratio_full_over_bare"]
    rounds = ", ".join(f"{r:.3f}" for r in result["ratio_per_round"])
    lines = [
        f"claimgraph throughput: PolNeAR {result['split']}, {result['articles']} articles, "
        f"{result['chars']:,} chars, batch size {result['batch_size']}, "
        f"median of {result['repeat']} interleaved rounds",
        f"model:   {result['model']} {result['model_version']}; extractor {result['extractor']}"
        + (f" ({result['encoder_precision']})" if result.get("encoder_precision") else ""),
        f"  bare:  {', '.join(result['bare_components'])}",
        f"  full:  {', '.join(result['full_components'])}",
        f"bare parse:    {rates['bare']:8.2f} articles/s  {chars['bare']:>10,.0f} chars/s  "
        f"({median['bare']:.2f} s)",
        f"full analysis: {rates['full']:8.2f} articles/s  {chars['full']:>10,.0f} chars/s  "
        f"({median['full']:.2f} s)",
        f"ratio full/bare (rate): {ratio:.3f}  "
        f"(full analysis takes {1 / ratio:.2f}x the bare parse time; per round: {rounds})",
        f"load time:     bare {result['load_seconds']['bare']:.2f} s, "
        f"full {result['load_seconds']['full']:.2f} s",
        f"machine: nproc {m['nproc']}, {m['platform']}, Python {m['python']}, "
        f"spaCy {m['spacy']}, claimgraph {m['claimgraph']}",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        result = benchmark(args)
    except ClaimgraphError as err:
        print(f"throughput: {err}", file=sys.stderr)
        return 2
    print(report(result))
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
