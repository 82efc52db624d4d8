"""The corpus store as the web app sees it: opened lazily, one call at a time.

The app reads the same store as the CLI (``claimgraph.corpus.Corpus`` over
the SQLite file ``--db``/``CLAIMGRAPH_DB``). :class:`Store` opens it on
first use, runs each call in a worker thread (SQLite is blocking I/O) under
a lock, and turns "store missing or unusable" into a 503 with the reason.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from typing import Any

from fastapi import HTTPException
from starlette.concurrency import run_in_threadpool

from claimgraph.errors import ClaimgraphError, StoreError

UNAVAILABLE = (
    "the corpus store is not available: {reason}. Ingest articles with the CLI, or start "
    "the server with --db pointing at a claimgraph store"
)


class Store:
    """Lazy access to the corpus at ``path``."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._corpus: Any = None
        self._lock = threading.Lock()

    def _open(self) -> Any:
        if self._corpus is None:
            try:
                module = importlib.import_module("claimgraph.corpus")
            except ImportError as exc:
                raise HTTPException(
                    503, UNAVAILABLE.format(reason="this build has no corpus store")
                ) from exc
            try:
                self._corpus = module.Corpus(self.path)
            except ClaimgraphError as exc:
                raise HTTPException(503, UNAVAILABLE.format(reason=str(exc))) from exc
        return self._corpus

    def require(self) -> None:
        """Raise the 503 now if the store cannot be opened."""
        with self._lock:
            self._open()

    def _locked(self, fn: Callable[[Any], Any]) -> Any:
        with self._lock:
            corpus = self._open()
            try:
                return fn(corpus)
            except (KeyError, LookupError):
                return None
            except StoreError as exc:
                raise HTTPException(503, str(exc)) from exc

    async def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """``corpus.method(*args, **kwargs)`` in a worker thread; ``None`` if not found."""
        return await run_in_threadpool(
            self._locked, lambda corpus: getattr(corpus, method)(*args, **kwargs)
        )

    async def save(self, *, results: list[dict[str, Any]]) -> dict[str, Any]:
        """Store analysed articles (output-contract dicts); what the store reports."""

        def ingest(corpus: Any) -> dict[str, Any]:
            report = corpus.ingest_articles(results)
            to_dict = getattr(report, "to_dict", None)
            return dict(to_dict()) if callable(to_dict) else {"stored": len(results)}

        outcome: dict[str, Any] = await run_in_threadpool(self._locked, ingest)
        return outcome

    def close(self) -> None:
        with self._lock:
            close = getattr(self._corpus, "close", None)
            if callable(close):
                close()
            self._corpus = None


def page_dict(page: Any) -> dict[str, Any]:
    """A store ``Page`` as ``{"items": [...], "total", "limit", "offset"}``."""
    return {
        "items": [item.to_dict() for item in page.items],
        "total": page.total,
        "limit": page.limit,
        "offset": page.offset,
    }
