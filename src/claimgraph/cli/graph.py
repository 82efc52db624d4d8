"""``claimgraph cluster``: group claims or headlines that state the same claim.

Reads one text per line and prints each line's cluster id before it. The
clustering is :func:`claimgraph.graph.claims.cluster`; this module only reads
and writes.
"""

from __future__ import annotations

import json
from typing import TextIO

import click

from claimgraph.errors import ClaimgraphError


@click.command("cluster")
@click.argument("file", type=click.File("r", encoding="utf-8"), default="-")
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0),
    default=None,
    help="Least average same-claim probability for two groups to merge "
    "[default: the model's threshold, 0.5].",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["tsv", "jsonl"]),
    default="tsv",
    show_default=True,
    help='tsv: \'ID<TAB>text\' a line; jsonl: {"cluster": ID, "text": ...} a line.',
)
def cluster_command(file: TextIO, threshold: float | None, fmt: str) -> None:
    """Cluster the claims or headlines in FILE (one a line; '-' or none for
    standard input) by what they claim, across wording.

    Prints each non-blank line with its cluster id, in input order; ids are
    0, 1, ... in order of first appearance. Needs the 'corpus' extra (the
    MiniLM sentence encoder, offline). See docs/claims.md.
    """
    from claimgraph.graph.claims import cluster

    texts = [line.strip() for line in file if line.strip()]
    try:
        labels = cluster(texts, threshold=threshold)
    except ClaimgraphError as exc:
        raise click.ClickException(str(exc)) from exc
    for label, text in zip(labels, texts, strict=True):
        if fmt == "jsonl":
            click.echo(json.dumps({"cluster": label, "text": text}, ensure_ascii=False))
        else:
            click.echo(f"{label}\t{text}")
