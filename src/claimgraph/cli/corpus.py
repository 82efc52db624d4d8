"""Corpus commands: ``ingest``, ``recluster``, ``claims``, ``claim``, ``speakers``,
``speaker``, ``article`` and ``export``. They hold no logic: each opens a
:class:`claimgraph.corpus.api.Corpus` and prints what it returns.
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
    from claimgraph.records.corpus import ClaimSummary

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])

EXCERPT = 100


@contextmanager
def _corpus(
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


def _json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def _short(text: str, limit: int = EXCERPT) -> str:
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
    with _corpus(db, write=True, extractor=model) as corpus:
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
        _json(summary.to_dict())
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
    with _corpus(db, write=True, create=False) as corpus:
        summary = corpus.recluster()
    if as_json:
        _json(summary.to_dict())
    else:
        click.echo(summary.line())


def _progress_bar() -> Any:
    from claimgraph.extras import require

    tqdm = require("tqdm", "corpus")
    return tqdm.tqdm(desc="ingest", unit="article", file=sys.stderr, dynamic_ncols=True)


# --------------------------------------------------------------------------
# claims


@click.command()
@DB_OPTION
@click.option("--disputed", is_flag=True, help="Only claims that someone denies.")
@click.option("--speaker", default=None, help="Only claims stated by a speaker matching NAME.")
@click.option("--since", default=None, help="Only claims seen on or after DATE (YYYY-MM-DD).")
@click.option("--search", "q", default=None, help="Only claims whose wording contains TEXT.")
@page_options("claims")
@LISTING_FORMAT_OPTION
def claims(
    db: Path | None,
    disputed: bool,
    speaker: str | None,
    since: str | None,
    q: str | None,
    limit: int,
    offset: int,
    fmt: str,
) -> None:
    """List the claims in the corpus, the most stated first.

    A claim is a cluster of attributions, across articles and outlets, that
    state the same thing. Each line shows the claim's id and wording, how
    many independent reports carry it (wire copies count with their
    original) and who asserts, disputes, observes (reports it hedged or
    relayed) and declines to comment on it.
    """
    with _corpus(db) as corpus:
        page = corpus.claims(
            disputed=True if disputed else None,
            speaker=speaker,
            since=since,
            q=q,
            limit=limit,
            offset=offset,
        )
    if fmt == "json":
        _json(page.to_dict())
        return
    for c in page.items:
        flag = " DISPUTED" if c.disputed else ""
        click.echo(f"#{c.id}{flag}  {_short(c.canonical)}")
        click.echo(f"    {c.reports} report(s), {len(c.outlets)} outlet(s), {_claim_dates(c)}")
        for label, names in (
            ("asserted by", c.asserting),
            ("disputed by", c.disputing),
            ("observed by", c.observing),
            ("declined by", c.declining),
        ):
            if names:
                click.echo(f"    {label}: {', '.join(names)}")
    click.echo(f"{len(page.items)} of {page.total} claim(s)")


@click.command()
@click.argument("claim_id", type=int)
@DB_OPTION
@LISTING_FORMAT_OPTION
def claim(claim_id: int, db: Path | None, fmt: str) -> None:
    """Show one claim's ledger: who asserts it, who disputes it, who only
    reports it (hedged or relayed) and who declines to comment, with their
    quotes, outlets, dates and character offsets."""
    with _corpus(db) as corpus:
        detail = corpus.claim(claim_id)
    if detail is None:
        raise click.ClickException(f"no claim {claim_id}; list them with 'claimgraph claims'")
    if fmt == "json":
        _json(detail.to_dict())
        return
    s = detail.summary
    click.echo(f"Claim #{s.id}: {s.canonical}")
    click.echo(
        f"{s.reports} independent report(s); outlets: {', '.join(s.outlets) or '-'}; "
        f"{_claim_dates(s)}"
    )
    click.echo(
        f"asserting: {len(s.asserting)} · disputing: {len(s.disputing)} · "
        f"observing: {len(s.observing)} · declining: {len(s.declining)}"
    )
    for role, heading in (
        ("asserts", "Asserted by"),
        ("disputes", "Disputed by"),
        ("observes", "Observed (hedged or relayed) by"),
        ("declines", "Declined to comment"),
    ):
        rows = [st for st in detail.statements if st.role == role]
        if not rows:
            continue
        click.echo(f"\n{heading}:")
        for st in rows:
            click.echo(_statement_line(st))
    if detail.evidence:
        click.echo("\nEvidence:")
        for e in detail.evidence:
            where = f" {e.start}–{e.end}" if e.start is not None else ""
            # the span's own kind ("none_given" for "without providing
            # evidence"), else the statement's status; no empty "label:"
            label = (e.kind or e.status).replace("_", " ")
            text = f": {e.text}" if e.text else " (no passage marked)"
            click.echo(f"  article {e.article} v{e.version}{where} {label}{text}")


def _claim_dates(summary: ClaimSummary) -> str:
    """ "published 2026-02-01 … 2026-02-03", or "publication date unknown"."""
    if summary.first_published is None:
        return "publication date unknown"
    return f"published {summary.dates()}"


def _published(date: str | None, published: str | None) -> str:
    """A publication date for people; never the ingest date."""
    return date or published or "date unknown"


def _statement_line(st: Any) -> str:
    who = st.speaker or "(no source)"
    if st.title:
        who += f" ({st.title})"
    if getattr(st, "joint", False):
        who += " [joint]"
    where = ", ".join(x for x in (st.outlet, _published(st.date, st.published)) if x)
    offsets = ""
    if st.content:
        offsets = f" {st.content[0].start}–{st.content[-1].end}"
    copy = "" if st.independent else f", copy of article {st.duplicate_of}"
    how = f" ({st.stance.replace('_', ' ')}" + (f"; link: {st.link})" if st.link else ")")
    relayers = [v.name or v.text or "" for v in st.via]
    if any(relayers):
        who += " via " + " ← ".join(r for r in relayers if r)
    return (
        f"  {who} — {where} [article {st.article} v{st.version}{offsets}{copy}]{how}\n"
        f"    {_short(st.quote) or '(no content)'}"
    )


# --------------------------------------------------------------------------
# speakers


@click.command()
@DB_OPTION
@click.option("--search", "q", default=None, help="Only speakers whose name contains TEXT.")
@click.option(
    "--kind",
    type=click.Choice(["all", "named", "descriptions"]),
    default="all",
    show_default=True,
    help="named: people and bodies; descriptions: kinds of source ('experts', "
    "'a U.S. official'), which are not one person each.",
)
@page_options("speakers")
@LISTING_FORMAT_OPTION
def speakers(db: Path | None, q: str | None, kind: str, limit: int, offset: int, fmt: str) -> None:
    """List the speakers in the corpus, the most quoted first: named speakers,
    then kinds of source (descriptions such as "experts", counted apart).

    Mentions of one person across articles ("Grant Shapps", "Shapps") are
    one speaker; a joint source ("Bernie Sanders and Donald Trump") counts
    for each of its members.
    """
    wanted = {"all": None, "named": False, "descriptions": True}[kind]
    with _corpus(db) as corpus:
        if fmt == "json":
            _json(corpus.speakers(q=q, limit=limit, offset=offset, descriptions=wanted).to_dict())
            return
        sections = [False, True] if wanted is None else [wanted]
        pages = [
            (d, corpus.speakers(q=q, limit=limit, offset=offset, descriptions=d)) for d in sections
        ]
    for description, page in pages:
        if description and len(pages) > 1:
            click.echo("\nKinds of source (descriptions; each counts many sources):")
        for s in page.items:
            extra = ", ".join(x for x in (s.type, s.country, s.affiliation) if x)
            click.echo(
                f"#{s.id}  {s.name} ({extra}) — {s.attributions} attribution(s), "
                f"{s.claims} claim(s)"
            )
        noun = "kind(s) of source" if description else "named speaker(s)"
        click.echo(f"{len(page.items)} of {page.total} {noun}")


@click.command()
@click.argument("name")
@DB_OPTION
@LISTING_FORMAT_OPTION
def speaker(name: str, db: Path | None, fmt: str) -> None:
    """Show one speaker (by id or NAME): titles as of each article, and
    every statement with its claim."""
    with _corpus(db) as corpus:
        detail = corpus.speaker(name)
    if detail is None:
        raise click.ClickException(f"no speaker {name!r}; list them with 'claimgraph speakers'")
    if fmt == "json":
        _json(detail.to_dict())
        return
    s = detail.summary
    click.echo(f"Speaker #{s.id}: {s.name}")
    if s.aliases:
        click.echo(f"also: {', '.join(s.aliases)}")
    if detail.titles:
        click.echo("Titles:")
        for t in detail.titles:
            click.echo(
                f"  {t.date or 'date unknown'} {t.title} "
                f"({t.outlet or '?'}, article {t.article} v{t.version})"
            )
    click.echo("Statements:")
    for st in detail.statements:
        claim_ref = f" [claim {st.claim_id}]" if st.claim_id else ""
        click.echo(f"{_statement_line(st)}{claim_ref}")


# --------------------------------------------------------------------------
# articles


@click.command()
@DB_OPTION
@click.option(
    "--search", "q", default=None, help="Only articles whose title or text contains TEXT."
)
@click.option("--outlet", default=None, help="Only articles from this outlet.")
@page_options("articles")
@LISTING_FORMAT_OPTION
def articles(
    db: Path | None, q: str | None, outlet: str | None, limit: int, offset: int, fmt: str
) -> None:
    """List the stored articles (stories, latest version each), by id: outlet,
    publication date ("date unknown" when it has none), title (else the file
    name) and where each came from (its path, or the input line or record)."""
    with _corpus(db) as corpus:
        page = corpus.articles(q=q, outlet=outlet, limit=limit, offset=offset)
    if fmt == "json":
        _json(page.to_dict())
        return
    for a in page.items:
        copy = f", copy of {a.duplicate_of}" if a.duplicate_of else ""
        click.echo(
            f"#{a.id} v{a.version}  {a.outlet or 'no outlet'}  {_published(a.date, a.published)}  "
            f"{_short(a.name(), 70)} ({a.attributions} attribution(s){copy})"
        )
        click.echo(f"    from {a.origin}" + (f" · {a.url}" if a.url and a.url != a.origin else ""))
    click.echo(f"{len(page.items)} of {page.total} article(s)")


@click.command()
@click.argument("article_id", type=int)
@DB_OPTION
@click.option(
    "--version",
    "version",
    type=click.IntRange(min=1),
    default=None,
    help="Show version N [default: the latest].",
)
@click.option("--diff", is_flag=True, help="Show the attributions this version added and removed.")
@LISTING_FORMAT_OPTION
def article(article_id: int, db: Path | None, version: int | None, diff: bool, fmt: str) -> None:
    """Show a stored article (a story, by id): its versions, duplicates and
    attributions, or with --diff what a version changed."""
    with _corpus(db) as corpus:
        detail = corpus.article(article_id, version)
    if detail is None:
        raise click.ClickException(
            f"no article {article_id}"
            + (f" version {version}" if version else "")
            + "; list them with 'claimgraph articles'"
        )
    if diff:
        if detail.changes is None:
            raise click.ClickException(
                f"article {article_id} version {detail.version} is the first; nothing to diff"
            )
        if fmt == "json":
            _json(detail.changes.to_dict())
            return
        ch = detail.changes
        click.echo(f"Article {article_id}: version {ch.from_version} → {ch.to_version}")
        for sign, rows in (("+", ch.added), ("-", ch.removed)):
            for st in rows:
                click.echo(f"{sign} {st.speaker or '(no source)'}: {_short(st.quote)}")
        if not ch.added and not ch.removed:
            click.echo("no attributions added or removed")
        return
    if fmt == "json":
        _json(detail.to_dict())
        return
    click.echo(f"Article {detail.id} version {detail.version} of {detail.versions}")
    for label, value in (
        ("title", detail.title),
        ("outlet", detail.outlet),
        ("url", detail.url),
        ("published", _published(detail.date, detail.published)),
        ("ingested", detail.ingested),
        ("from", detail.origin),
    ):
        if value:
            click.echo(f"{label}: {value}")
    if detail.duplicate_of:
        click.echo(f"near-duplicate of article {detail.duplicate_of}")
    if detail.duplicates:
        click.echo(f"copied by article(s) {', '.join(map(str, detail.duplicates))}")
    click.echo(f"{len(detail.attributions)} attribution(s):")
    for stored in detail.attributions:
        a = stored.attribution
        who = (a.speaker.name if a.speaker else None) or " … ".join(s.text for s in a.source)
        content = " … ".join(s.text for s in a.content)
        claim_ref = f" [claim {stored.claim_id}]" if stored.claim_id else ""
        click.echo(
            f"  {a.id} {a.stance} {who or '(no source)'}: "
            f"{_short(content) or '(no content)'}{claim_ref}"
        )


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
    with _corpus(db) as corpus:
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
    with _corpus(db) as corpus:
        system = system_attributions(corpus.store)
        problems = identity_problems(stored_entities(corpus.store))
    result = score(spans, system, cast(Half, half))
    if fmt == "json":
        _json({**result.to_dict(), "identity_problems": problems})
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
