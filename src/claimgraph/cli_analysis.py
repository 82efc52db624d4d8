"""The ``claimgraph stance`` command: a thin shell over
:func:`claimgraph.analysis.stance.stance`."""

from __future__ import annotations

import json
import sys

import click

from claimgraph.errors import ClaimgraphError


@click.command("stance")
@click.argument("claim")
@click.argument("text", required=False, default="-")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Print a short summary, or the stance as JSON (docs/analysis.md).",
)
def stance_command(claim: str, text: str, fmt: str) -> None:
    """Does TEXT support, refute, merely report (observe), or ignore CLAIM?

    TEXT is a headline, a sentence or a whole article; give - or nothing to
    read it from standard input. The answer is one of supports, refutes,
    observes or unrelated, with its probability and the sentences of TEXT
    that decided it.

    \b
    Examples:
      claimgraph stance "China is sending lethal aid to Russia" \\
          "China denied that it is sending lethal aid to Russia."
      claimgraph stance --format json "Iran ships drone engines to Russia" - < article.txt
    """
    from claimgraph.analysis.stance import stance

    if text == "-":
        text = sys.stdin.read()
    try:
        result = stance(claim, text)
    except ClaimgraphError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        click.echo(json.dumps({"claim": claim, **result.to_dict()}, ensure_ascii=False, indent=2))
        return
    click.echo(f"{result.label} {result.score:.2f}")
    click.echo("  " + "  ".join(f"{label} {p:.2f}" for label, p in result.scores))
    for segment, reason in zip(result.evidence, result.reasons, strict=True):
        click.echo(f"  [{segment.start}:{segment.end}] {segment.text}")
        click.echo(f"      ({reason})")
