"""The one input layer: every command reads its articles through here.

- :mod:`~claimgraph.read.sources`: paths, directories (the one walker),
  standard input, format detection; :func:`read_inputs` reads them all;
- :mod:`~claimgraph.read.decode`: bytes to text, size limits, binary checks;
- :mod:`~claimgraph.read.articles`: articles from text, HTML and JSON objects;
- :mod:`~claimgraph.read.jsonl`, :mod:`~claimgraph.read.warc`,
  :mod:`~claimgraph.read.feeds`, :mod:`~claimgraph.read.parquet`: the
  formats that hold many articles, read whole or (JSONL, WARC, Parquet) by
  the ranges of a batch partition, with the same per-record functions.

This package imports nothing from the stages after it (nlp, extract,
learned, analysis, graph, corpus, batch, web, cli, eval).
"""

from __future__ import annotations

from claimgraph.read.articles import article_from_html, article_from_json, article_from_text
from claimgraph.read.sources import SUFFIXES, Format, format_of, read_inputs, sniff_format, walk

__all__ = [
    "SUFFIXES",
    "Format",
    "article_from_html",
    "article_from_json",
    "article_from_text",
    "format_of",
    "read_inputs",
    "sniff_format",
    "walk",
]
