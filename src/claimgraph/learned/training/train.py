"""Train the learned tagger on PolNeAR train and score it on dev.

This is an edge module (it reads the corpus and writes a model directory);
the CLI's ``claimgraph train`` calls :func:`train_from_polnear`.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from spacy.tokens import Doc, DocBin

from claimgraph.errors import ModelError
from claimgraph.eval.polnear import GoldDocument, load_split
from claimgraph.eval.scoring import EvalReport, is_right, score
from claimgraph.extract.lexicon import load_lexicon
from claimgraph.extract.univocal import HasRoles, project_univocal
from claimgraph.learned.calibration import Calibration, fit_platt
from claimgraph.learned.encoder import EncoderParams, EncoderTagger, read_meta, write_meta
from claimgraph.learned.model import (
    CRF_MODES,
    AttributionTagger,
    Tagger,
    TrainingParams,
    train_tagger,
)
from claimgraph.learned.training.encoder import train_encoder
from claimgraph.nlp.pipeline import load_nlp
from claimgraph.records import Attribution
from claimgraph.settings import Settings

#: Rules seen fewer times than this in the held-out articles get the pooled precision.
MIN_RULE_SAMPLES = 5
#: Share of train held out to fit the confidence calibration.
CALIBRATION_SHARE = 0.1


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
    """Train on ``data``/train, write ``out_dir``, return dev reports per mode.

    Two trainings: one on the first 90% of train, whose predictions on the
    held-out 10% fit the confidence calibration; then the shipped model on
    all of train, saved with that calibration.
    """
    started = time.perf_counter()
    gold, docs, rules = _parsed_train(data, settings, limit, report)
    lexicon = load_lexicon(settings.threshold)

    def examples(ids: range) -> Iterator[tuple[Doc, Sequence[Attribution], Sequence[HasRoles]]]:
        for i in ids:
            yield docs[i], rules[i], gold[i].attributions

    cut = len(gold) - max(1, int(len(gold) * CALIBRATION_SHARE))
    with tempfile.TemporaryDirectory() as tmp:
        fold = train_tagger(examples(range(cut)), Path(tmp), lexicon, params)
        calibration = fit_calibration(
            AttributionTagger(fold, lexicon),
            [(docs[i], rules[i], gold[i].attributions) for i in range(cut, len(gold))],
        )
    report(f"calibration fitted on {len(gold) - cut} held-out train articles")
    train_tagger(
        examples(range(len(gold))),
        out_dir,
        lexicon,
        params,
        meta={"train_split": "polnear/train", "articles": [g.name for g in gold]},
    )
    calibration.save(out_dir)
    report(f"trained in {time.perf_counter() - started:.0f} s; model in {out_dir}")
    reports = score_dev(data, out_dir, settings, CRF_MODES, dev_limit, report)
    return reports


def train_encoder_from_polnear(
    data: Path,
    out_dir: Path,
    settings: Settings,
    params: EncoderParams,
    *,
    refit: bool = False,
    limit: int | None = None,
    dev_limit: int | None = None,
    report: Callable[[str], None] = print,
) -> dict[str, EvalReport]:
    """Fine-tune the encoder tagger on ``data``/train, write ``out_dir``, return
    its dev report.

    A first fine-tuning on the first 90% of train; its predictions on the
    other 10% fit the confidence calibration. With ``refit`` (as the CRF) a
    second fine-tuning, same settings and seed, on all of train gives the
    model written out, with the first one's calibration; without it the first
    model is written out. ``encoder.json`` records both article lists.
    """
    started = time.perf_counter()
    gold, docs, rules = _parsed_train(data, settings, limit, report)
    lexicon = load_lexicon(settings.threshold)
    cut = len(gold) - max(1, int(len(gold) * CALIBRATION_SHARE))
    if cut < 1:
        raise ModelError("the encoder needs at least two train articles (one held out)")

    def fine_tune(end: int, into: Path) -> None:
        """Fine-tune on the first ``end`` train articles, into ``into``."""
        train_encoder(
            ((docs[i], rules[i], gold[i].attributions) for i in range(end)),
            into,
            lexicon,
            params,
            meta={"train_split": "polnear/train", "articles": [g.name for g in gold[:end]]},
            report=report,
        )

    with tempfile.TemporaryDirectory(prefix="claimgraph-encoder-") as scratch:
        first_dir = Path(scratch) if refit else out_dir
        fine_tune(cut, first_dir)
        # float32 whatever the CPU, so that the calibration is the same everywhere
        calibration = fit_calibration(
            EncoderTagger(first_dir, lexicon, "float32"),
            [(docs[i], rules[i], gold[i].attributions) for i in range(cut, len(gold))],
        )
    report(f"calibration fitted on {len(gold) - cut} held-out train articles")
    if refit:
        report(f"fine-tuning again on all {len(gold)} train articles")
        fine_tune(len(gold), out_dir)
    info = read_meta(out_dir)
    info["calibration"] = {"a": calibration.a, "b": calibration.b, "rules": calibration.rules}
    info["calibration_articles"] = [g.name for g in gold[cut:]]
    info["calibration_model_articles"] = cut
    info["refit"] = refit
    write_meta(out_dir, info)
    report(f"trained in {time.perf_counter() - started:.0f} s; model in {out_dir}")
    return score_dev(data, out_dir, settings, ("encoder",), dev_limit, report)


def _parsed_train(
    data: Path, settings: Settings, limit: int | None, report: Callable[[str], None]
) -> tuple[list[GoldDocument], list[Doc], list[list[Attribution]]]:
    """PolNeAR train, parsed, with the rules' attributions of each article."""
    gold = load_split(data, "train")[:limit]
    rules_nlp = load_nlp(replace(settings, extractor="rules"))
    report(f"parsing {len(gold)} PolNeAR train articles")
    parsed = DocBin(store_user_data=False)
    for doc in rules_nlp.pipe((g.text for g in gold), batch_size=settings.batch_size):
        parsed.add(doc)
    docs = list(parsed.get_docs(rules_nlp.vocab))
    rules = [list(rules_nlp.get_pipe("claimgraph")(doc)._.attributions) for doc in docs]
    return gold, docs, rules


def score_dev(
    data: Path,
    model_dir: Path,
    settings: Settings,
    modes: Sequence[str],
    dev_limit: int | None,
    report: Callable[[str], None],
) -> dict[str, EvalReport]:
    """Score each mode on PolNeAR dev with the model in ``model_dir``."""
    dev = load_split(data, "dev")[:dev_limit]
    reports: dict[str, EvalReport] = {}
    for mode in modes:
        reports[mode] = score(dev, replace(settings, extractor=mode, model_dir=str(model_dir)))
        linked = reports[mode].linked["content+source"]
        ece = reports[mode].ece
        ece_text = f", ECE {ece:.4f}" if ece is not None else ""
        report(f"dev {mode:8s} linked content+source F1 {linked.f1:.4f}{ece_text}")
    return reports


def fit_calibration(
    tagger: Tagger,
    held_out: Sequence[tuple[Doc, Sequence[Attribution], Sequence[HasRoles]]],
) -> Calibration:
    """Platt parameters for the tagger's raw scores and each rule's precision,
    measured on articles the tagger was not trained on."""
    scores: list[float] = []
    labels: list[bool] = []
    by_rule: dict[str, list[bool]] = {}
    for doc, rules, gold in held_out:
        for found in tagger.predict(doc, rules, calibrated=False):
            scores.append(found.confidence if found.confidence is not None else 0.0)
            labels.append(is_right(found, gold))
        for r in project_univocal(rules):
            by_rule.setdefault(r.rule, []).append(is_right(r, gold))
    a, b = fit_platt(scores, labels)
    pooled = [x for xs in by_rule.values() for x in xs]
    overall = sum(pooled) / len(pooled) if pooled else 0.5
    precision = {
        rule: round(sum(xs) / len(xs), 4) if len(xs) >= MIN_RULE_SAMPLES else round(overall, 4)
        for rule, xs in sorted(by_rule.items())
    }
    return Calibration(a=a, b=b, rules=precision)
