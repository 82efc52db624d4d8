"""Corpus commands that write or export: ``ingest``, ``recluster``, ``export``
and ``eval speakers``, and what every corpus command shares (opening the
store, JSON output, excerpts, paging options). The commands that show what
is stored are in :mod:`claimgraph.cli.corpus_views`. They hold no logic:
each opens a :class:`claimgraph.corpus.api.Corpus` and prints what it
returns.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from claimgraph.cli.common import guard
from claimgraph.cli.options import (
    DB_OPTION,
    JSON_OPTION,
    LISTING_FORMAT_OPTION,
    MODEL_OPTION,
)
from claimgraph.errors import ClaimgraphError
from claimgraph.output import shorten

if TYPE_CHECKING:
    pass

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])

EXCERPT = 100


@contextmanager
def open_corpus(
    db: Path | None, *, write: bool = False, create: bool | None = None, **settings: Any
) -> Iterator[Any]:
    """The corpus at ``db``: created if missing only for ``write`` (ingest;
    not with ``create=False``); read commands open it read-only and never
    create or change it."""
    from claimgraph.corpus.api import Corpus
    from claimgraph.settings import Settings

    values = {k: v for k, v in settings.items() if v is not None}
    if db is not None:
        values["db"] = str(db)
    corpus = guard(
        lambda: Corpus(
            settings=Settings.from_env(**values),
            create=write if create is None else create,
            read_only=not write,
        )
    )
    try:
        yield corpus
    except ClaimgraphError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        corpus.close()


def echo_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def excerpt(text: str, limit: int = EXCERPT) -> str:
    return shorten(text, limit)


# --------------------------------------------------------------------------
# ingest


def page_options(noun: str) -> Callable[[F], F]:
    """``--limit`` and ``--offset`` for a command that lists ``noun``."""

    def decorate(fn: F) -> F:
        fn = click.option(
            "--offset",
            type=click.IntRange(min=0),
            default=0,
            show_default=True,
            help=f"Skip this many {noun} first.",
        )(fn)
        return click.option(
            "--limit",
            type=click.IntRange(1, 1000),
            default=50,
            show_default=True,
            help=f"How many {noun} to show.",
        )(fn)

    return decorate


@click.command()
@click.argument("paths", nargs=-1)
@DB_OPTION
@click.option(
    "--from-batch",
    "from_batch",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="Load the results of a finished 'claimgraph batch --out DIR' run instead of "
    "analysing PATHS.",
)
@MODEL_OPTION
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar on standard error [default: when it is a terminal].",
)
@JSON_OPTION
def ingest(
    paths: tuple[str, ...],
    db: Path | None,
    from_batch: Path | None,
    model: str | None,
    progress: bool | None,
    as_json: bool,
) -> None:
    """Analyse articles and add them to the corpus store.

    PATHS are files (.txt, .html, .jsonl, .warc, .warc.gz, .rss, .atom,
    .xml feeds, .parquet), directories (searched recursively; a file of
    another type is reported as skipped) or - for standard input.
    Re-ingesting an unchanged article adds nothing; the same URL with
    changed text is stored as a new version; a near-duplicate of another
    outlet's article is linked to it. An article that fails is reported with
    the reason and the others are still stored (exit status 1). When
    articles were added, the claims and speakers are then rebuilt in an
    order that does not depend on the order of ingestion (as 'claimgraph
    recluster' does).

    With --from-batch DIR, the analysed articles of a finished 'claimgraph
    batch' run are stored as they are (no PATHS, no analysis).

    \b
    Examples:
      claimgraph ingest --db news.db examples/ feeds/world.rss crawl.warc.gz
      claimgraph ingest --db news.db --from-batch results/
      claimgraph claims --db news.db --disputed
    """
    if bool(paths) == (from_batch is not None):
        raise click.UsageError("give PATHS to analyse, or --from-batch DIR, not both")
    show = sys.stderr.isatty() if progress is None else progress
    with open_corpus(db, write=True, extractor=model) as corpus:
        bar = _progress_bar() if show else None

        def tick(result: Any) -> None:
            if bar is not None:
                bar.set_postfix_str(result.status, refresh=False)
                bar.update(1)

        try:
            if from_batch is not None:
                from claimgraph.batch.shards import iter_analyzed

                summary = corpus.ingest_analyzed(iter_analyzed(from_batch), progress=tick)
            else:
                summary = corpus.ingest(list(paths), stdin=sys.stdin.buffer, progress=tick)
        finally:
            if bar is not None:
                bar.close()
    if as_json:
        echo_json(summary.to_dict())
    else:
        for origin, reason in (*summary.failed, *summary.skipped):
            click.echo(f"claimgraph: {origin}: {reason}", err=True)
        click.echo(summary.line())
    if summary.failed:
        sys.exit(1)


@click.command()
@DB_OPTION
@JSON_OPTION
def recluster(db: Path | None, as_json: bool) -> None:
    """Rebuild the claims and speakers from the stored articles.

    The articles are linked again in an order that depends only on their
    content (publication date, then a hash of the text), in one
    transaction: the same articles give the same claims and speakers
    whatever order they were ingested in, by concurrent processes or with
    interrupted runs, and readers see the old graph until the new one is
    complete. A claim or speaker keeps its id when it keeps most of its
    statements. Every 'claimgraph ingest' that adds articles ends with this.

    \b
    Examples:
      claimgraph recluster --db news.db
    """
    with open_corpus(db, write=True, create=False) as corpus:
        summary = corpus.recluster()
    if as_json:
        echo_json(summary.to_dict())
    else:
        click.echo(summary.line())


def _progress_bar() -> Any:
    from claimgraph.extras import require

    tqdm = require("tqdm", "corpus")
    return tqdm.tqdm(desc="ingest", unit="article", file=sys.stderr, dynamic_ncols=True)


# --------------------------------------------------------------------------
# export


@click.command()
@DB_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "parquet", "claimreview"]),
    required=True,
    help="jsonl: a claim ledger a line; csv/parquet: a statement a row; "
    "claimreview: schema.org ClaimReview JSON-LD.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file [default: standard output; parquet needs --out].",
)
def export(db: Path | None, fmt: str, out: Path | None) -> None:
    """Export every claim of the corpus (docs/corpus.md describes each format)."""
    if fmt == "parquet" and out is None:
        raise click.UsageError("parquet is binary: give a file with --out")
    with open_corpus(db) as corpus:
        n = corpus.export(fmt, out if out is not None else sys.stdout)
    if out is not None:
        click.echo(f"{n} record(s) written to {out}", err=True)


# --------------------------------------------------------------------------
# evaluation of speaker identity

DEFAULT_SPEAKER_GOLD = Path("tests/data/speakers_gold.tsv")


@click.command("speakers")
@DB_OPTION
@click.option(
    "--gold",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=DEFAULT_SPEAKER_GOLD,
    show_default=True,
    help="The speaker gold (article, start, end, text, keys; see docs/corpus.md).",
)
@click.option(
    "--half",
    type=click.Choice(["tune", "test", "all"]),
    default="test",
    show_default=True,
    help="Which half of the gold's articles to score (sorted by name: even "
    "positions tune, odd test).",
)
@LISTING_FORMAT_OPTION
def eval_speakers(db: Path | None, gold: Path, half: str, fmt: str) -> None:
    """Score cross-article speaker identity in a store against a gold file.

    Ingest the gold's articles first (PolNeAR dev), then run this on that
    store. Prints B³ precision, recall and F1 of the speaker clusters over
    single-speaker gold spans, the stored speakers that mix two people, and
    how many joint sources were credited to every member; then, over every
    speaker of the store, the identity problems of
    claimgraph.graph.speakers.identity_problems (a joint name, a verb, a
    lower-case first word, two given names for one surname).

    \b
    Example:
      claimgraph ingest --db dev.db ../shared/corpora/polnear/dev/text/
      claimgraph eval speakers --db dev.db --half test
    """
    from typing import cast

    from claimgraph.eval.speakers import (
        Half,
        read_gold,
        score,
        stored_entities,
        system_attributions,
    )
    from claimgraph.graph.speaker_entities import identity_problems

    spans = guard(lambda: read_gold(gold))
    with open_corpus(db) as corpus:
        system = system_attributions(corpus.store)
        problems = identity_problems(stored_entities(corpus.store))
    result = score(spans, system, cast(Half, half))
    if fmt == "json":
        echo_json({**result.to_dict(), "identity_problems": problems})
        return
    click.echo(
        f"half {result.half}: {result.articles} article(s), {result.gold_spans} gold span(s), "
        f"{result.aligned} aligned with an attribution, {result.single} single-speaker"
    )
    click.echo(
        f"B3 precision {result.precision:.4f}  recall {result.recall:.4f}  F1 {result.f1:.4f}"
    )
    click.echo(f"entities mixing two people: {len(result.mixed)}")
    for line in result.mixed:
        click.echo(f"  {line}")
    click.echo(
        f"joint sources credited to every member: {result.joint_credited} of {result.joint_gold}"
    )
    click.echo(f"identity problems among all stored speakers: {len(problems)}")
    for line in problems:
        click.echo(f"  {line}")
