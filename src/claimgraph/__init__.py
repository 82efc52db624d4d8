"""claimgraph: who claims what, on what evidence, relayed by whom."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["Corpus", "cluster"]


def __getattr__(name: str) -> Any:
    """Lazy exports: ``claimgraph.cluster`` and ``claimgraph.Corpus`` without
    importing numpy, torch or the store when claimgraph itself is imported."""
    if name == "Corpus":
        from claimgraph.corpus import Corpus

        return Corpus
    if name == "cluster":
        from claimgraph.graph.claims import cluster

        return cluster
    raise AttributeError(f"module 'claimgraph' has no attribute {name!r}")
