"""Command line for claim analysis: ``claimgraph certainty``,
``claimgraph stance`` and ``claimgraph eval hedging``. No logic of its own:
it reads the input and calls :mod:`claimgraph.analysis`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TypeVar

import click

from claimgraph.cli.common import guard
from claimgraph.cli.options import JSON_OPTION
from claimgraph.errors import ClaimgraphError, InputError

T = TypeVar("T")


def _read_text(words: tuple[str, ...], max_bytes: int) -> str:
    """The words joined by spaces, or standard input when there are none or just ``-``."""
    if words and words != ("-",):
        text = " ".join(words)
    else:
        raw = sys.stdin.buffer.read(max_bytes + 1)
        if len(raw) > max_bytes:
            raise InputError(f"standard input is larger than {max_bytes} bytes; pass less text")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"standard input is not UTF-8 ({exc}); convert it first") from exc
    return check_text(text, max_bytes)


def check_text(text: str, max_bytes: int, what: str = "the text") -> str:
    """``text`` when it is real text: not binary (NUL bytes, undecodable
    bytes), not empty, not over ``max_bytes``; else an :class:`InputError`."""
    if "\x00" in text or any("\udc80" <= ch <= "\udcff" for ch in text):
        raise InputError(f"{what} looks binary (NUL or non-UTF-8 bytes); pass plain UTF-8 text")
    if not any(ch.isalnum() for ch in text):
        raise InputError(f"{what} is empty: pass some words (arguments or standard input)")
    if len(text.encode("utf-8")) > max_bytes:
        raise InputError(f"{what} is larger than {max_bytes} bytes; pass less text")
    return text


@click.command("certainty")
@click.argument("words", metavar="[TEXT]... | -", nargs=-1)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default=None,
    help="Output format [default: text on a terminal, json otherwise].",
)
def certainty_command(words: tuple[str, ...], fmt: str | None) -> None:
    """How certain a text presents its claim, and the hedge cues that say so.

    The level is certain, probable, possible, or unknown (no words). TEXT is
    the words on the command line (joined by spaces), or standard input when
    there are none or just -. JSON output is {"text", "level", "cues": [{"start",
    "end", "text", "kind", "level"}]} (docs/analysis.md).

    \b
    Examples:
      claimgraph certainty "Beijing is thought to have provided drones."
      echo "The strike may have killed dozens." | claimgraph certainty --format json
    """
    from claimgraph.analysis.text_api import certainty
    from claimgraph.settings import Settings

    settings = guard(Settings.from_env)
    text = guard(lambda: _read_text(words, settings.max_bytes))
    result = guard(lambda: certainty(text))
    fmt = fmt or ("text" if sys.stdout.isatty() else "json")
    if fmt == "json":
        click.echo(json.dumps({"text": text, **result.to_dict()}, ensure_ascii=False, indent=2))
        return
    click.echo(f"certainty: {result.level}")
    for cue in result.cues:
        click.echo(f"  {cue.text!r} {cue.start}–{cue.end}  {cue.kind}, {cue.level}")


@click.command("hedging")
@click.option(
    "--data",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The Szeged uncertainty corpus file [default: ../shared/corpora/hedging/wiki.xml].",
)
@click.option(
    "--split",
    type=click.Choice(["dev", "test", "all"]),
    default="test",
    show_default=True,
    help="dev = first half of the documents (the lexicon was tuned on it), "
    "test = second half (held out), all = both.",
)
@click.option(
    "--exclude-kind",
    "exclude",
    multiple=True,
    help="Also score without predicted cues of this kind (repeatable, cumulative: "
    "--exclude-kind weasel --exclude-kind future gives all, -weasel, -weasel-future).",
)
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="Only the first N sentences."
)
@JSON_OPTION
def eval_hedging(
    data: Path | None, split: str, exclude: tuple[str, ...], limit: int | None, as_json: bool
) -> None:
    """Score the certainty detector on the Szeged uncertainty corpus (Wikipedia
    by default; --data ../shared/corpora/hedging/factbank-news-dev.xml for news):
    uncertain-sentence P/R/F1 and cue P/R/F1, exact and overlapping
    (definitions in docs/analysis.md). Futures ("will be") and narrative
    "would" are certain, as in the corpus (CoNLL-2010 convention)."""
    from claimgraph.analysis.text_api import light_nlp
    from claimgraph.eval.hedging import predict, score_hedging
    from claimgraph.eval.szeged import default_path, load_sentences

    gold = guard(lambda: load_sentences(data or default_path(), split))[:limit]
    nlp = guard(light_nlp)
    predictions = predict(nlp, gold)
    variants = [frozenset[str]()]
    for kind in exclude:
        variants.append(variants[-1] | {kind})
    reports = [(v, score_hedging(gold, predictions, v)) for v in variants]
    if as_json:
        click.echo(
            json.dumps(
                {
                    "split": split,
                    "reports": [{"excluded": sorted(v), **r.to_dict()} for v, r in reports],
                }
            )
        )
        return
    name = (data or default_path()).name
    for n, (excluded, report) in enumerate(reports):
        without = f", without {', '.join(sorted(excluded))}" if excluded else ", all cue kinds"
        click.echo(("\n" if n else "") + f"Szeged uncertainty ({name}) {split}{without}")
        click.echo(report.format_table())


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
    from claimgraph import stance
    from claimgraph.settings import Settings

    try:
        limit = Settings.from_env().max_bytes
        claim = check_text(claim, limit, "the claim")
        text = _read_text(() if text == "-" else (text,), limit)
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
