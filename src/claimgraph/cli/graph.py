"""``claimgraph cluster``: group claims or headlines that state the same claim.

Reads one text per line and prints each line's cluster id before it. The
clustering is :func:`claimgraph.graph.claims.cluster`; this module only reads
and writes.
"""

from __future__ import annotations

import json
from typing import BinaryIO

import click

from claimgraph.errors import ClaimgraphError, InputError


@click.command("cluster")
@click.argument("file", type=click.File("rb"), default="-")
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0),
    default=None,
    help="Least average same-claim probability for two groups to merge "
    "[default: the shipped one, chosen by cross-validation: data/claim_cluster.json].",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["tsv", "jsonl"]),
    default="tsv",
    show_default=True,
    help='tsv: \'ID<TAB>text\' a line; jsonl: {"cluster": ID, "text": ...} a line.',
)
def cluster_command(file: BinaryIO, threshold: float | None, fmt: str) -> None:
    """Cluster the claims or headlines in FILE (one a line; '-' or none for
    standard input) by what they claim, across wording.

    Prints each non-blank line with its cluster id, in input order; ids are
    0, 1, ... in order of first appearance. Embeds with the MiniLM sentence
    encoder (shipped, offline, on ONNX Runtime). See docs/claims.md.
    """
    from claimgraph.graph.claims import cluster

    raw = file.read()
    try:
        if b"\x00" in raw:
            raise InputError("the input looks binary (NUL bytes); give one text per line")
        try:
            decoded = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"the input is not UTF-8 ({exc}); convert it first") from exc
        texts = [line.strip() for line in decoded.splitlines() if line.strip()]
        if not texts:
            raise InputError("there is nothing to cluster: give one claim or headline per line")
        labels = cluster(texts, threshold=threshold)
    except ClaimgraphError as exc:
        raise click.ClickException(str(exc)) from exc
    for label, text in zip(labels, texts, strict=True):
        if fmt == "jsonl":
            click.echo(json.dumps({"cluster": label, "text": text}, ensure_ascii=False))
        else:
            click.echo(f"{label}\t{text}")
