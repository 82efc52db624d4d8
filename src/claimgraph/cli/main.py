"""The ``claimgraph`` command line. It holds no analysis logic: it reads
inputs (:mod:`claimgraph.read`), runs the pipeline
(:mod:`claimgraph.nlp.pipeline`), and writes a format (:mod:`claimgraph.output`).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO, TypeVar

import click

from claimgraph import __version__
from claimgraph.cli.common import guard, settings_from
from claimgraph.cli.options import (
    DATA_OPTION,
    JSON_OPTION,
    MAX_BYTES_OPTION,
    MODEL_DIR_OPTION,
    MODEL_OPTION,
)
from claimgraph.errors import ClaimgraphError
from claimgraph.records import AnalyzedArticle, ArticleInput, InputProblem

FORMATS = ("text", "json", "jsonl", "brat")
T = TypeVar("T")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimgraph")
def main() -> None:
    """claimgraph: who claims what, on what evidence, relayed by whom.

    Turns news articles into a ledger of attributions (source, cue, content)
    with character offsets into the text as given.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format [default: text on a terminal, json otherwise].",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write one file per article into this directory (required for brat "
    "with several articles) instead of standard output.",
)
@MAX_BYTES_OPTION
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0),
    default=None,
    help="Minimum cue rate for a verb to count as a cue [default: 0.25].",
)
@click.option("--color/--no-color", default=None, help="Colour the text ledger.")
@MODEL_OPTION
@MODEL_DIR_OPTION
def analyze(
    paths: tuple[str, ...],
    fmt: str | None,
    out_dir: Path | None,
    max_bytes: int | None,
    threshold: float | None,
    color: bool | None,
    model: str | None,
    model_dir: Path | None,
) -> None:
    """Extract the attribution ledger of each article.

    PATHS are files (.txt, .html, .htm, .jsonl, .warc, .warc.gz, .rss,
    .atom, .xml feeds, .parquet), directories (searched recursively; a file
    of another type is reported as skipped) or - for standard input. An
    input that cannot be read is reported on standard error with the
    reason; the others are still analysed, and the exit status is 1.

    \b
    Examples:
      claimgraph analyze examples/lethal-aid-wire.txt
      claimgraph analyze --format jsonl articles/ > ledger.jsonl
      curl -s URL | claimgraph analyze --format json -
    """
    from claimgraph.nlp.pipeline import analyze_articles, load_nlp
    from claimgraph.read.sources import read_inputs

    settings = settings_from(
        max_bytes=max_bytes, threshold=threshold, extractor=model, model_dir=model_dir
    )
    stdout = sys.stdout
    fmt = fmt or ("text" if stdout.isatty() else "json")
    use_color = stdout.isatty() if color is None else color
    problems: list[InputProblem] = []

    def readable() -> Iterator[ArticleInput]:
        for item in read_inputs(paths, settings, stdin=sys.stdin.buffer):
            if isinstance(item, InputProblem):
                if not item.skipped:
                    problems.append(item)
                click.echo(f"claimgraph: {item.origin}: {item.reason}", err=True)
            else:
                yield item

    nlp = guard(lambda: load_nlp(settings))
    results = analyze_articles(nlp, readable(), batch_size=settings.batch_size)
    written = guard(lambda: _write(results, fmt, out_dir, stdout, use_color))
    if problems:
        click.echo(
            f"claimgraph: {len(problems)} input(s) could not be read; {written} analysed",
            err=True,
        )
        sys.exit(1)


def _write(
    results: Iterator[AnalyzedArticle],
    fmt: str,
    out_dir: Path | None,
    stdout: TextIO,
    color: bool,
) -> int:
    """Write results as they come (json to stdout is written at the end)."""
    from claimgraph import output

    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        if fmt == "brat":
            (out_dir / "annotation.conf").write_text(output.brat_conf(), encoding="utf-8")
    n = 0
    collected: list[AnalyzedArticle] = []
    stems: set[str] = set()
    for result in results:
        n += 1
        if out_dir is not None:
            _write_file(out_dir, _unique(_safe_name(result.article.id), stems), result, fmt)
        elif fmt == "json":
            collected.append(result)
        elif fmt == "jsonl":
            stdout.write(output.to_jsonl(result) + "\n")
        elif fmt == "text":
            stdout.write(output.to_text(result, color=color) + "\n\n")
        else:
            if n > 1:
                raise ClaimgraphError(
                    "brat output of several articles needs --out DIR (one .ann file each)"
                )
            stdout.write(output.to_brat(result))
        stdout.flush()
    if fmt == "json" and out_dir is None:
        stdout.write(output.to_json(collected) + "\n")
    return n


def _write_file(out_dir: Path, stem: str, result: AnalyzedArticle, fmt: str) -> None:
    from claimgraph import output

    if fmt == "brat":
        (out_dir / f"{stem}.txt").write_text(result.article.text, encoding="utf-8")
        (out_dir / f"{stem}.ann").write_text(output.to_brat(result), encoding="utf-8")
    elif fmt == "text":
        (out_dir / f"{stem}.txt").write_text(output.to_text(result) + "\n", encoding="utf-8")
    elif fmt == "jsonl":
        (out_dir / f"{stem}.jsonl").write_text(output.to_jsonl(result) + "\n", encoding="utf-8")
    else:
        (out_dir / f"{stem}.json").write_text(output.to_json([result]) + "\n", encoding="utf-8")


def _unique(stem: str, used: set[str]) -> str:
    """``stem``, or ``stem-2``, ``stem-3``… if an earlier article of this run took it."""
    candidate, k = stem, 1
    while candidate in used:
        k += 1
        candidate = f"{stem}-{k}"
    used.add(candidate)
    return candidate


def _safe_name(article_id: str) -> str:
    """A file name for an article id: path separators and odd characters replaced."""
    name = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in article_id)
    return name.lstrip(".") or "article"


@main.group("eval")
def eval_group() -> None:
    """Measure extraction accuracy on an annotated corpus."""


@eval_group.command("polnear")
@DATA_OPTION
@click.option(
    "--split",
    type=click.Choice(["train", "dev"]),
    default="dev",
    show_default=True,
    help="Which split to score (tune on train, report on dev).",
)
@JSON_OPTION
@click.option(
    "--no-project",
    is_flag=True,
    help="Score nested attributions too instead of projecting onto PolNeAR's "
    "univocal (outermost-only) convention.",
)
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="Only the first N articles."
)
@click.option(
    "--threshold", type=click.FloatRange(0.0, 1.0), default=None, help="Cue-rate threshold."
)
@MODEL_OPTION
@MODEL_DIR_OPTION
def eval_polnear(
    data: Path | None,
    split: str,
    as_json: bool,
    no_project: bool,
    limit: int | None,
    threshold: float | None,
    model: str | None,
    model_dir: Path | None,
) -> None:
    """Score the extractor on PolNeAR: per-role exact and overlap P/R/F1 and
    linked attribution F1 (definitions in docs/evaluation.md)."""
    from claimgraph.eval.polnear import default_root, load_split
    from claimgraph.eval.scoring import score

    settings = settings_from(threshold=threshold, extractor=model, model_dir=model_dir)
    gold = guard(lambda: load_split(data or default_root(), split))[:limit]
    report = guard(lambda: score(gold, settings, project=not no_project))
    if as_json:
        click.echo(json.dumps({"split": split, **report.to_dict()}, indent=2))
    else:
        model = settings.extractor
        if model == "encoder":
            model += f" ({settings.encoder_precision})"
        click.echo(f"PolNeAR {split}: {report.n_documents} articles, model {model}")
        click.echo(report.format_table())


@main.command()
@DATA_OPTION
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Directory to write the model to (crf.model, calibration.json, meta.json; "
    "with --encoder: encoder.safetensors, encoder.json).",
)
@click.option(
    "--encoder",
    is_flag=True,
    help="Fine-tune the MiniLM encoder tagger (for --model encoder) instead of the CRF; "
    "needs claimgraph[train] (torch); about 50 minutes a fine-tuning (6 epochs) on two CPU cores.",
)
@click.option(
    "--epochs",
    type=click.FloatRange(min=0.0, min_open=True),
    default=6.0,
    show_default=True,
    help="Encoder: passes over the training windows.",
)
@click.option(
    "--frozen-layers",
    type=click.IntRange(0, 6),
    default=0,
    show_default=True,
    help="Encoder: lower transformer layers kept as pretrained (0 fine-tunes all six).",
)
@click.option(
    "--refit/--no-refit",
    default=False,
    show_default=True,
    help="Encoder: after the calibration is fitted on the held-out tenth of train, "
    "fine-tune again on all of train and write that model (twice the time; the "
    "packaged model is not refitted, see docs/learned-model.md).",
)
@click.option(
    "--iterations",
    type=click.IntRange(min=1),
    default=100,
    show_default=True,
    help="L-BFGS iterations.",
)
@click.option("--c1", type=float, default=3.0, show_default=True, help="L1 regularisation.")
@click.option("--c2", type=float, default=0.01, show_default=True, help="L2 regularisation.")
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="Only the first N train articles."
)
@click.option(
    "--dev-limit", type=click.IntRange(min=1), default=None, help="Only the first N dev articles."
)
def train(
    data: Path | None,
    out_dir: Path,
    iterations: int,
    c1: float,
    c2: float,
    encoder: bool,
    epochs: float,
    frozen_layers: int,
    refit: bool,
    limit: int | None,
    dev_limit: int | None,
) -> None:
    """Train the learned tagger on PolNeAR train and print its dev scores.

    The CRF (default) or, with --encoder, the fine-tuned MiniLM tagger. Both
    are seeded: the same data and options give the same model on the same
    machine. The packaged models were made with the defaults
    (docs/learned-model.md).
    """
    from claimgraph.eval.polnear import default_root
    from claimgraph.learned.encoder import EncoderParams
    from claimgraph.learned.model import TrainingParams
    from claimgraph.learned.training.train import train_encoder_from_polnear, train_from_polnear

    if encoder:
        guard(
            lambda: train_encoder_from_polnear(
                data or default_root(),
                out_dir,
                settings_from(),
                EncoderParams(epochs=epochs, frozen_layers=frozen_layers),
                refit=refit,
                limit=limit,
                dev_limit=dev_limit,
                report=click.echo,
            )
        )
        return
    params = TrainingParams(iterations=iterations, c1=c1, c2=c2)
    guard(
        lambda: train_from_polnear(
            data or default_root(),
            out_dir,
            settings_from(),
            params,
            limit=limit,
            dev_limit=dev_limit,
            report=click.echo,
        )
    )


from claimgraph.cli.analysis import (  # noqa: E402
    certainty_command,
    eval_hedging,
    stance_command,
)
from claimgraph.cli.batch import batch  # noqa: E402
from claimgraph.cli.eval_claims import eval_cluster, eval_stance  # noqa: E402
from claimgraph.cli.graph import cluster_command  # noqa: E402

main.add_command(certainty_command)
eval_group.add_command(eval_hedging)
eval_group.add_command(eval_stance)
eval_group.add_command(eval_cluster)
main.add_command(cluster_command)
main.add_command(batch)
main.add_command(stance_command)

from claimgraph.cli.corpus import eval_speakers, export, ingest, recluster  # noqa: E402
from claimgraph.cli.corpus_views import (  # noqa: E402
    article,
    articles,
    claim,
    claims,
    speaker,
    speakers,
)

main.add_command(ingest)
main.add_command(recluster)
main.add_command(claims)
main.add_command(claim)
main.add_command(speakers)
main.add_command(speaker)
main.add_command(articles)
main.add_command(article)
main.add_command(export)
eval_group.add_command(eval_speakers)

from claimgraph.cli.web import serve  # noqa: E402

main.add_command(serve)
