"""``claimgraph batch``: analyse large inputs into Parquet shards, locally or on Dask.

The command holds no logic: it parses options, shows progress and prints
the summary of :func:`claimgraph.batch.engine.run_batch`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from claimgraph.cli.common import settings_from
from claimgraph.cli.options import (
    MAX_BYTES_OPTION,
    MODEL_OPTION,
    workers_option,
)
from claimgraph.errors import ClaimgraphError


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Output directory: Parquet shards (articles/, attributions/, speakers/, "
    "errors/) and manifest.jsonl. Re-running into it resumes.",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default=None,
    help="local: this process, one partition after another; dask: Dask distributed "
    "[default: local, or dask when --scheduler is given].",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDR",
    help="Run on an existing Dask cluster, e.g. tcp://HOST:8786 (implies --engine dask).",
)
@workers_option(
    "Worker processes of the local Dask cluster (one thread each) [default: the number of CPUs]."
)
@click.option(
    "--partition-size",
    type=click.IntRange(min=1),
    default=200,
    show_default=True,
    help="Lines (JSONL), records (WARC), rows (Parquet, rounded up to whole row "
    "groups) or files per partition; one shard per partition.",
)
@MODEL_OPTION
@MAX_BYTES_OPTION
@click.option(
    "--summary-json",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the final summary to this file as JSON.",
)
@click.option(
    "--progress/--no-progress", default=True, help="Show a progress bar on standard error."
)
def batch(
    inputs: tuple[str, ...],
    out_dir: Path,
    engine: str | None,
    scheduler: str | None,
    workers: int | None,
    partition_size: int,
    model: str | None,
    max_bytes: int | None,
    summary_json: Path | None,
    progress: bool,
) -> None:
    """Analyse many articles into Parquet shards, resumably, locally or on Dask.

    INPUTS are JSONL files (split by lines), WARC files (.warc, .warc.gz,
    split by records; HTML responses are analysed), Parquet files (split by
    row groups; columns as JSONL fields) and directories (their files, sorted;
    .txt and .html files in chunks). Each partition becomes one shard, written
    atomically and listed in OUT/manifest.jsonl when complete. Running the
    same command again skips finished shards and redoes the rest: after a
    kill, the output is exactly that of an uninterrupted run.

    Records that cannot be read or analysed go to the errors shard with the
    reason, and an input that does not exist is reported on standard error;
    neither stops the job. The exit status is 1 if anything failed (a
    partition could not be finished: run again to retry it; an input could
    not be read; a record was not analysed), else 0.

    \b
    Examples:
      claimgraph batch crawl.jsonl --out results/
      claimgraph batch crawl.jsonl --out results/ --engine dask --workers 2
      claimgraph batch s3-mount/news/ --out results/ --scheduler tcp://HOST:8786
    """
    from claimgraph.batch.engine import Hooks, ShardResult, run_batch

    resolved = "dask" if scheduler is not None else (engine or "local")
    if scheduler is not None and engine == "local":
        raise click.UsageError("--scheduler needs --engine dask (or no --engine)")
    settings = settings_from(extractor=model, max_bytes=max_bytes)
    bar: dict[str, Any] = {}

    def planned(partitions: int, items: int) -> None:
        click.echo(
            f"claimgraph batch: {partitions} partition(s) to do, {items} record(s); "
            f"engine {resolved}",
            err=True,
        )
        if progress:
            bar["bar"] = click.progressbar(
                length=items, label="analysing", file=sys.stderr, show_pos=True
            ).__enter__()

    def shard(result: ShardResult) -> None:
        if "bar" in bar:
            bar["bar"].update(result.items)

    def message(text: str) -> None:
        click.echo(f"claimgraph batch: {text}", err=True)

    try:
        summary = run_batch(
            inputs,
            out_dir,
            settings,
            engine="dask" if resolved == "dask" else "local",
            scheduler=scheduler,
            workers=workers,
            partition_size=partition_size,
            hooks=Hooks(planned=planned, shard=shard, message=message),
        )
    except ClaimgraphError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        if "bar" in bar:
            bar["bar"].__exit__(None, None, None)
    click.echo(
        f"claimgraph batch: {summary.finished}/{summary.partitions} shard(s) finished "
        f"({summary.skipped} from earlier runs); {summary.articles} article(s), "
        f"{summary.attributions} attribution(s), {summary.errors} record(s) not analysed",
        err=True,
    )
    click.echo(
        f"claimgraph batch: this run: {summary.run_articles} article(s) in "
        f"{summary.seconds:.1f} s, {summary.articles_per_second:.2f} articles/s "
        f"({summary.engine}, {summary.workers} worker(s))",
        err=True,
    )
    for reason, count in summary.reasons.items():
        click.echo(f"claimgraph batch: not analysed: {count} × {reason}", err=True)
    for origin, reason in summary.examples:
        click.echo(f"claimgraph batch:   e.g. {origin}: {reason}", err=True)
    for failure in summary.failed:
        click.echo(
            f"claimgraph batch: partition {failure.partition} failed: {failure.reason}", err=True
        )
    if summary_json is not None:
        summary_json.write_text(json.dumps(summary.to_dict(), indent=2) + "\n", encoding="utf-8")
    if not summary.complete:
        click.echo("claimgraph batch: run the same command again to finish", err=True)
    if not summary.ok:
        sys.exit(1)
