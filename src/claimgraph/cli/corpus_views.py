"""Corpus commands that show what is stored: ``claims``, ``claim``,
``speakers``, ``speaker``, ``articles`` and ``article``. They hold no logic:
each opens a :class:`claimgraph.corpus.api.Corpus` read-only and prints what
it returns.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from claimgraph.cli.corpus import echo_json, excerpt, open_corpus, page_options
from claimgraph.cli.options import DB_OPTION, LISTING_FORMAT_OPTION

if TYPE_CHECKING:
    from claimgraph.records.corpus import ClaimSummary

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
    with open_corpus(db) as corpus:
        page = corpus.claims(
            disputed=True if disputed else None,
            speaker=speaker,
            since=since,
            q=q,
            limit=limit,
            offset=offset,
        )
    if fmt == "json":
        echo_json(page.to_dict())
        return
    for c in page.items:
        flag = " DISPUTED" if c.disputed else ""
        click.echo(f"#{c.id}{flag}  {excerpt(c.canonical)}")
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
    with open_corpus(db) as corpus:
        detail = corpus.claim(claim_id)
    if detail is None:
        raise click.ClickException(f"no claim {claim_id}; list them with 'claimgraph claims'")
    if fmt == "json":
        echo_json(detail.to_dict())
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
    stance = st.stance.replace("_", " ") + (", cue negated" if st.negated else "")
    how = f" ({stance}" + (f"; link: {st.link})" if st.link else ")")
    relayers = [v.name or v.text or "" for v in st.via]
    if any(relayers):
        who += " via " + " ← ".join(r for r in relayers if r)
    return (
        f"  {who} — {where} [article {st.article} v{st.version}{offsets}{copy}]{how}\n"
        f"    {excerpt(st.quote) or '(no content)'}"
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
    with open_corpus(db) as corpus:
        if fmt == "json":
            page = corpus.speakers(q=q, limit=limit, offset=offset, descriptions=wanted)
            echo_json(page.to_dict())
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
    with open_corpus(db) as corpus:
        detail = corpus.speaker(name)
    if detail is None:
        raise click.ClickException(f"no speaker {name!r}; list them with 'claimgraph speakers'")
    if fmt == "json":
        echo_json(detail.to_dict())
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
    with open_corpus(db) as corpus:
        page = corpus.articles(q=q, outlet=outlet, limit=limit, offset=offset)
    if fmt == "json":
        echo_json(page.to_dict())
        return
    for a in page.items:
        copy = f", copy of {a.duplicate_of}" if a.duplicate_of else ""
        click.echo(
            f"#{a.id} v{a.version}  {a.outlet or 'no outlet'}  {_published(a.date, a.published)}  "
            f"{excerpt(a.name(), 70)} ({a.attributions} attribution(s){copy})"
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
    with open_corpus(db) as corpus:
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
            echo_json(detail.changes.to_dict())
            return
        ch = detail.changes
        click.echo(f"Article {article_id}: version {ch.from_version} → {ch.to_version}")
        for sign, rows in (("+", ch.added), ("-", ch.removed)):
            for st in rows:
                click.echo(f"{sign} {st.speaker or '(no source)'}: {excerpt(st.quote)}")
        if not ch.added and not ch.removed:
            click.echo("no attributions added or removed")
        return
    if fmt == "json":
        echo_json(detail.to_dict())
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
            f"{excerpt(content) or '(no content)'}{claim_ref}"
        )
