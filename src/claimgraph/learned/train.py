"""Train the learned tagger on PolNeAR train and score it on dev.

This is an edge module (it reads the corpus and writes a model directory);
the CLI's ``claimgraph train`` calls :func:`train_from_polnear`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from spacy.tokens import Doc

from claimgraph.evaluate import EvalReport, HasRoles
from claimgraph.extract.lexicon import load_lexicon
from claimgraph.learned.model import MODES, TrainingParams, train_tagger
from claimgraph.pipeline import load_nlp, score
from claimgraph.polnear import load_split
from claimgraph.records import Attribution
from claimgraph.settings import Settings


def train_from_polnear(
    data: Path,
    out_dir: Path,
    settings: Settings,
    params: TrainingParams,
    *,
    limit: int | None = None,
    dev_limit: int | None = None,
    report: Callable[[str], None] = print,
) -> dict[str, EvalReport]:
    """Train on ``data``/train, write ``out_dir``, return dev reports per mode."""
    started = time.perf_counter()
    gold = load_split(data, "train")[:limit]
    rules_nlp = load_nlp(replace(settings, extractor="rules"))
    report(f"parsing {len(gold)} PolNeAR train articles")

    def examples() -> Iterator[tuple[Doc, Sequence[Attribution], Sequence[HasRoles]]]:
        texts = (g.text for g in gold)
        for g, doc in zip(gold, rules_nlp.pipe(texts, batch_size=settings.batch_size), strict=True):
            yield doc, doc._.attributions, g.attributions

    train_tagger(
        examples(),
        out_dir,
        load_lexicon(settings.threshold),
        params,
        meta={"train_split": "polnear/train", "articles": [g.name for g in gold]},
    )
    report(f"trained in {time.perf_counter() - started:.0f} s; model in {out_dir}")
    dev = load_split(data, "dev")[:dev_limit]
    reports: dict[str, EvalReport] = {}
    for mode in MODES:
        reports[mode] = score(dev, replace(settings, extractor=mode, model_dir=str(out_dir)))
        linked = reports[mode].linked["content+source"]
        report(f"dev {mode:8s} linked content+source F1 {linked.f1:.4f}")
    return reports
