"""Options shared by the ``claimgraph`` commands (one definition each, so
that their names, defaults and help agree everywhere)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

MODEL_OPTION = click.option(
    "--model",
    type=click.Choice(["auto", "rules", "learned", "hybrid", "encoder"]),
    default=None,
    help="Extractor: the rules alone, the learned CRF tagger alone, or both (hybrid); "
    "encoder: the rules with the fine-tuned MiniLM tagger in place of the CRF (the most "
    "accurate; runs on ONNX Runtime); auto: encoder where ONNX Runtime is installed "
    "(a dependency), else hybrid [default: auto; env CLAIMGRAPH_EXTRACTOR].",
)
DATA_OPTION = click.option(
    "--data",
    type=click.Path(path_type=Path),
    default=None,
    help="The PolNeAR folder (with train/, dev/, metadata.tsv) "
    "[default: ../shared/corpora/polnear].",
)
MODEL_DIR_OPTION = click.option(
    "--model-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="A model directory written by 'claimgraph train' [default: the packaged model].",
)
DB_OPTION = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The corpus store, a SQLite file [default: claimgraph.db; env CLAIMGRAPH_DB].",
)
LISTING_FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Print a readable listing or JSON.",
)
MAX_BYTES_OPTION = click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=None,
    help="Refuse inputs (a JSONL line, a WARC record, a file) larger than this many bytes: "
    "each is reported as a problem [default: 2000000; env CLAIMGRAPH_MAX_BYTES].",
)
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")


def workers_option(help: str) -> Callable[[Any], Any]:
    """``--workers N`` (at least 1; ``None`` when not given), with ``help``."""
    return click.option("--workers", type=click.IntRange(min=1), default=None, help=help)
