"""The corpus: many analysed articles in a store, and the claim graph over
them.

- :mod:`claimgraph.corpus.api`: :class:`~claimgraph.corpus.api.Corpus`, the
  Python API (ingest, query, export) that the CLI and the web call;
- :mod:`claimgraph.corpus.ingest`: analysed articles into the store;
- :mod:`claimgraph.corpus.linking`: an article's attributions linked to
  speakers and claims (shared by the ingest and the rebuild);
- :mod:`claimgraph.corpus.recluster`: the deterministic rebuild of the
  claims and speakers (``claimgraph recluster``);
- :mod:`claimgraph.corpus.export`: claims out as JSONL, CSV, Parquet, ClaimReview;
- :mod:`claimgraph.corpus.store`: the back-end protocol and its SQLite
  implementation; all SQL lives there.

``Corpus`` is exported lazily, so importing this package (or the store)
loads neither numpy nor the pipeline.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Corpus"]


def __getattr__(name: str) -> Any:
    if name == "Corpus":
        from claimgraph.corpus.api import Corpus

        return Corpus
    raise AttributeError(f"module 'claimgraph.corpus' has no attribute {name!r}")
