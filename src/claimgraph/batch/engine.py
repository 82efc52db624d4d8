"""Run a batch: plan partitions, analyse each on a worker, record finished shards.

Two engines run the same task function, :func:`process_partition`:

- ``local``: in this process, one partition after another;
- ``dask``: one Dask task per partition, on a ``distributed.LocalCluster``
  (``workers`` processes, one thread each) or on the cluster whose scheduler
  is at ``scheduler``. At most a few tasks per worker thread are in flight,
  so the client's and the scheduler's memory do not grow with the input.

A worker loads the spaCy pipeline once (:func:`worker_nlp`, a per-process
cache keyed by :class:`~claimgraph.settings.Settings`) and keeps it for
every task it runs. Workers write shard files; the client alone writes the
manifest, one line per shard as its task completes. Partitions already
finished in the output directory are skipped, so running the same command
again after a kill finishes the job with exactly the rows of an
uninterrupted run.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from spacy.language import Language

from claimgraph.batch.manifest import (
    Manifest,
    check_config,
    config_digest,
    finished_shards,
    read_records,
)
from claimgraph.batch.partitions import Partition, plan_inputs, read_partition
from claimgraph.batch.shards import flatten, remove_temporaries, write_shard
from claimgraph.extras import require
from claimgraph.read.sources import READER_RULES
from claimgraph.records import AnalyzedArticle, ArticleInput, InputProblem
from claimgraph.settings import Settings

Engine = Literal["local", "dask"]
#: How many (origin, reason) examples of unreadable records a shard keeps.
EXAMPLES = 5
#: Tasks in flight per worker thread on Dask.
IN_FLIGHT_PER_THREAD = 3

# --------------------------------------------------------------------------
# the task (runs on a worker)


@dataclass(frozen=True, slots=True)
class ShardResult:
    """What a finished task reports to the client (and the manifest records)."""

    partition: str
    items: int
    articles: int
    attributions: int
    speakers: int
    errors: int
    files: dict[str, str]
    seconds: float
    worker: str
    nlp_loads: int
    reasons: dict[str, int] = field(default_factory=dict)
    examples: tuple[tuple[str, str], ...] = ()

    def to_record(self) -> dict[str, Any]:
        return {
            "type": "shard",
            "partition": self.partition,
            "items": self.items,
            "articles": self.articles,
            "attributions": self.attributions,
            "speakers": self.speakers,
            "errors": self.errors,
            "files": self.files,
            "seconds": round(self.seconds, 3),
            "worker": self.worker,
            "nlp_loads": self.nlp_loads,
            "reasons": self.reasons,
            "examples": [list(e) for e in self.examples],
        }


@lru_cache(maxsize=2)
def worker_nlp(settings: Settings) -> Language:
    """The pipeline for ``settings``, loaded once per process."""
    from claimgraph.nlp.pipeline import load_nlp

    return load_nlp(settings)


def nlp_loads() -> int:
    """How many times this process has loaded a pipeline for batch tasks."""
    return worker_nlp.cache_info().misses


def process_partition(partition: Partition, out_dir: str, settings: Settings) -> ShardResult:
    """Read, analyse and write one partition's shard; never raises for bad input."""
    started = time.perf_counter()
    nlp = worker_nlp(settings)
    problems: list[tuple[int, InputProblem]] = []
    articles: list[tuple[int, ArticleInput]] = []
    for seq, item in enumerate(read_partition(partition, settings)):
        if isinstance(item, InputProblem):
            problems.append((seq, item))
        else:
            articles.append((seq, item))
    analysed, failed = analyse_safely(nlp, articles, settings.batch_size)
    problems.extend(failed)
    items: list[tuple[int, AnalyzedArticle | InputProblem]] = list(analysed)
    items.extend(problems)
    items.sort(key=lambda pair: pair[0])
    rows = flatten(partition.id, items)
    files = write_shard(Path(out_dir), partition.id, rows)
    problems.sort(key=lambda pair: pair[0])
    return ShardResult(
        partition=partition.id,
        items=partition.items,
        articles=len(analysed),
        attributions=len(rows.attributions["id"]),
        speakers=len(rows.speakers["attribution_id"]),
        errors=len(problems),
        files=files,
        seconds=time.perf_counter() - started,
        worker=f"{socket.gethostname()}:{os.getpid()}",
        nlp_loads=nlp_loads(),
        reasons=dict(sorted(Counter(reason_kind(p.reason) for _, p in problems).items())),
        examples=tuple((p.origin, p.reason) for _, p in problems[:EXAMPLES]),
    )


def analyse_safely(
    nlp: Language, articles: Sequence[tuple[int, ArticleInput]], batch_size: int
) -> tuple[list[tuple[int, AnalyzedArticle]], list[tuple[int, InputProblem]]]:
    """:func:`claimgraph.nlp.pipeline.analyze_isolated` over ``(seq, article)``
    pairs: the analysed articles and the problems, each with its ``seq``."""
    from claimgraph.nlp.pipeline import analyze_isolated

    done: list[tuple[int, AnalyzedArticle]] = []
    failed: list[tuple[int, InputProblem]] = []
    results = analyze_isolated(nlp, [a for _, a in articles], batch_size)
    for (seq, _), result in zip(articles, results, strict=True):
        if isinstance(result, InputProblem):
            failed.append((seq, result))
        else:
            done.append((seq, result))
    return done, failed


def reason_kind(reason: str) -> str:
    """A reason without its particulars ("not valid UTF-8 (byte 0xff ...)" →
    "not valid UTF-8"), to count failures by kind."""
    return re.split(r"[(;:]", reason, maxsplit=1)[0].strip() or reason


# --------------------------------------------------------------------------
# the run (client side)


@dataclass(frozen=True, slots=True)
class PartitionFailure:
    """A task that raised (e.g. its worker was lost too often); it is done again
    by the next run."""

    partition: str
    reason: str


@dataclass(frozen=True, slots=True)
class Summary:
    """The outcome of a run over all its partitions (earlier runs' shards included)."""

    partitions: int
    skipped: int
    finished: int
    failed: tuple[PartitionFailure, ...]
    articles: int
    attributions: int
    errors: int
    reasons: dict[str, int]
    examples: tuple[tuple[str, str], ...]
    run_items: int
    run_articles: int
    seconds: float
    engine: str
    workers: int
    dashboard: str | None = None
    #: inputs that could not be read at all (missing files, empty folders)
    unreadable: tuple[tuple[str, str], ...] = ()

    @property
    def complete(self) -> bool:
        return self.finished == self.partitions

    @property
    def articles_per_second(self) -> float:
        return self.run_articles / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "partitions": self.partitions,
            "skipped": self.skipped,
            "finished": self.finished,
            "failed": [[f.partition, f.reason] for f in self.failed],
            "articles": self.articles,
            "attributions": self.attributions,
            "errors": self.errors,
            "reasons": self.reasons,
            "run_items": self.run_items,
            "run_articles": self.run_articles,
            "seconds": round(self.seconds, 3),
            "articles_per_second": round(self.articles_per_second, 3),
            "engine": self.engine,
            "workers": self.workers,
            "unreadable": [[origin, reason] for origin, reason in self.unreadable],
        }

    @property
    def ok(self) -> bool:
        """Nothing failed: every partition finished, every input was read
        and every record analysed (the CLI exits 1 otherwise)."""
        return self.complete and not self.unreadable and self.errors == 0


@dataclass(frozen=True, slots=True)
class Hooks:
    """Callbacks for the edge that runs the batch (the CLI, a benchmark)."""

    planned: Callable[[int, int], None] = lambda partitions, items: None
    shard: Callable[[ShardResult], None] = lambda result: None
    message: Callable[[str], None] = lambda text: None


def run_config(settings: Settings, partition_size: int) -> dict[str, Any]:
    """Everything that determines the rows of a shard."""
    from claimgraph.output import SCHEMA_VERSION, claimgraph_version

    config: dict[str, Any] = {
        "claimgraph_version": claimgraph_version(),
        "schema_version": SCHEMA_VERSION,
        "shard_format": 1,
        "model": settings.model,
        "extractor": settings.extractor,
        "model_dir": settings.model_dir,
        "threshold": settings.threshold,
        "max_bytes": settings.max_bytes,
        "partition_size": partition_size,
        "reader_rules": READER_RULES,
    }
    if settings.extractor == "encoder":  # another precision can give other tags
        config["encoder_precision"] = settings.encoder_precision
    return config


def run_batch(
    inputs: Sequence[str],
    out_dir: Path,
    settings: Settings,
    *,
    engine: Engine = "local",
    scheduler: str | None = None,
    workers: int | None = None,
    partition_size: int = 200,
    hooks: Hooks | None = None,
) -> Summary:
    """Analyse ``inputs`` into shards under ``out_dir``, skipping finished ones."""
    hooks = hooks or Hooks()
    started = time.perf_counter()
    plan, notes = plan_inputs(inputs, partition_size)
    for note in notes:  # files skipped (unknown format), empty directories
        hooks.message(f"{note.origin}: {note.reason}")
    config = run_config(settings, partition_size)
    out = out_dir.resolve()
    with Manifest(out) as manifest:
        records = read_records(out)
        check_config(records, config, out)
        done = finished_shards(out, records)
        remove_temporaries(out)
        todo = [p for p in plan if p.id not in done]
        n_workers = 1 if engine == "local" else workers or os.cpu_count() or 1
        run_id = uuid.uuid4().hex[:12]
        manifest.append(
            {
                "type": "run",
                "run": run_id,
                "config": config,
                "config_digest": config_digest(config),
                "inputs": list(inputs),
                "engine": engine if scheduler is None else f"dask {scheduler}",
                "workers": n_workers,
                "partitions": [p.id for p in plan],
                "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            }
        )
        hooks.planned(len(todo), sum(p.items for p in todo))
        failures: list[PartitionFailure] = []
        run_items = run_articles = 0
        dashboard: list[str] = []
        outcomes: Iterable[ShardResult | PartitionFailure]
        if engine == "local" or not todo:
            outcomes = _run_local(todo, out, settings)
        else:
            outcomes = _run_dask(todo, out, settings, scheduler, workers, hooks, dashboard)
        for outcome in outcomes:
            if isinstance(outcome, PartitionFailure):
                failures.append(outcome)
                continue
            manifest.append(outcome.to_record())
            done[outcome.partition] = outcome.to_record()
            run_items += outcome.items
            run_articles += outcome.articles
            hooks.shard(outcome)
        remove_temporaries(out)
        summary = _summarise(
            plan, done, len(plan) - len(todo), failures, run_items, run_articles, started
        )
        summary = _with(summary, engine, n_workers, dashboard[0] if dashboard else None)
        unreadable = tuple((n.origin, n.reason) for n in notes if not n.skipped)
        summary = replace(summary, unreadable=unreadable)
        manifest.append({"type": "end", "run": run_id, "summary": summary.to_dict()})
    return summary


def _with(summary: Summary, engine: str, workers: int, dashboard: str | None) -> Summary:
    from dataclasses import replace

    return replace(summary, engine=engine, workers=workers, dashboard=dashboard)


def _summarise(
    plan: Sequence[Partition],
    done: dict[str, dict[str, Any]],
    skipped: int,
    failures: Sequence[PartitionFailure],
    run_items: int,
    run_articles: int,
    started: float,
) -> Summary:
    reasons: Counter[str] = Counter()
    examples: list[tuple[str, str]] = []
    articles = attributions = errors = finished = 0
    for partition in plan:
        record = done.get(partition.id)
        if record is None:
            continue
        finished += 1
        articles += int(record["articles"])
        attributions += int(record["attributions"])
        errors += int(record["errors"])
        reasons.update(record.get("reasons", {}))
        examples.extend((str(o), str(r)) for o, r in record.get("examples", []))
    return Summary(
        partitions=len(plan),
        skipped=skipped,
        finished=finished,
        failed=tuple(failures),
        articles=articles,
        attributions=attributions,
        errors=errors,
        reasons=dict(reasons.most_common()),
        examples=tuple(examples[:EXAMPLES]),
        run_items=run_items,
        run_articles=run_articles,
        seconds=time.perf_counter() - started,
        engine="",
        workers=0,
    )


def _run_local(
    todo: Iterable[Partition], out: Path, settings: Settings
) -> Iterator[ShardResult | PartitionFailure]:
    for partition in todo:
        try:
            yield process_partition(partition, str(out), settings)
        except Exception as exc:
            yield PartitionFailure(partition.id, f"{type(exc).__name__}: {exc}")


def _run_dask(
    todo: Sequence[Partition],
    out: Path,
    settings: Settings,
    scheduler: str | None,
    workers: int | None,
    hooks: Hooks,
    dashboard: list[str],
) -> Iterator[ShardResult | PartitionFailure]:
    distributed = require("distributed", "batch")
    cluster = None
    if scheduler is None:
        cluster = distributed.LocalCluster(
            n_workers=workers or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        )
        client = distributed.Client(cluster)
    else:
        client = distributed.Client(scheduler)
    try:
        link = client.dashboard_link
        dashboard.append(link)
        hooks.message(f"Dask dashboard: {link}")
        threads = sum(client.nthreads().values()) or 1
        yield from _submit_windowed(client, distributed, todo, str(out), settings, threads)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _submit_windowed(
    client: Any,
    distributed: Any,
    todo: Sequence[Partition],
    out: str,
    settings: Settings,
    threads: int,
) -> Iterator[ShardResult | PartitionFailure]:
    """Keep at most ``IN_FLIGHT_PER_THREAD`` tasks per thread submitted; yield as
    they complete."""
    pending = iter(todo)
    owner: dict[str, str] = {}

    def submit() -> Any:
        partition = next(pending, None)
        if partition is None:
            return None
        future = client.submit(
            process_partition,
            partition,
            out,
            settings,
            key=f"claimgraph-shard-{partition.id}-{uuid.uuid4().hex[:8]}",
            retries=0,
        )
        owner[future.key] = partition.id
        return future

    first = [f for f in (submit() for _ in range(IN_FLIGHT_PER_THREAD * threads)) if f]
    completed = distributed.as_completed(first)
    for future in completed:
        partition = owner.pop(future.key)
        try:
            yield future.result()
        except Exception as exc:
            yield PartitionFailure(partition, f"{type(exc).__name__}: {exc}")
        finally:
            future.release()
        following = submit()
        if following is not None:
            completed.add(following)
