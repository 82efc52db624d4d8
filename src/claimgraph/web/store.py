"""The corpus store as the web app sees it: opened lazily, read concurrently.

The app reads the same store as the CLI (:class:`claimgraph.corpus.api.Corpus`
over the SQLite file ``--db``/``CLAIMGRAPH_DB``). :class:`Store` opens it
on first use and runs each call in a worker thread (SQLite is blocking I/O).
Reads never wait behind an ingest (each has its own connection, and the
corpus lets one ingest write at a time); "store unusable" becomes a 503 with
the reason, an id or text the corpus refuses a 400.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from fastapi import HTTPException
from starlette.concurrency import run_in_threadpool

from claimgraph.corpus.api import Corpus
from claimgraph.errors import InputError, StoreError
from claimgraph.records import AnalyzedArticle
from claimgraph.settings import Settings

T = TypeVar("T")

UNAVAILABLE = (
    "the corpus store is not available: {reason}. Start the server with --db pointing at "
    "a claimgraph store (made by 'claimgraph ingest')"
)


class Store:
    """Lazy access to the corpus at ``path``."""

    def __init__(self, path: str, settings: Settings, *, writable: bool = True) -> None:
        self.path = path
        self.settings = settings
        self.writable = writable
        self._corpus: Corpus | None = None
        self._lock = threading.Lock()

    def _open(self, *, create: bool) -> Corpus:
        if self._corpus is None:
            if not create and not Path(self.path).is_file():
                raise HTTPException(
                    503, UNAVAILABLE.format(reason=f"there is no store at {self.path!r} yet")
                )
            try:
                self._corpus = Corpus(
                    self.path, settings=self.settings, create=create, read_only=not self.writable
                )
            except StoreError as exc:
                raise HTTPException(503, UNAVAILABLE.format(reason=str(exc))) from exc
        return self._corpus

    def _locked(self, fn: Callable[[Corpus], T], create: bool) -> T:
        # The lock guards opening only: reads use their own connections and
        # never wait behind an ingest, which the corpus serialises itself.
        with self._lock:
            corpus = self._open(create=create)
        try:
            return fn(corpus)
        except StoreError as exc:
            raise HTTPException(503, str(exc)) from exc
        except InputError as exc:  # an id or search text the corpus refuses
            raise HTTPException(400, str(exc)) from exc

    async def read(self, fn: Callable[[Corpus], T]) -> T:
        """``fn(corpus)`` in a worker thread (503 when there is no usable store)."""
        return await run_in_threadpool(self._locked, fn, False)

    async def save(self, results: Sequence[AnalyzedArticle]) -> dict[str, Any]:
        """Store analysed articles, creating the store if needed; the store's
        summary of what it did with each (its JSON)."""

        def ingest(corpus: Corpus) -> dict[str, Any]:
            return corpus.ingest_analyzed(results).to_dict()

        return await run_in_threadpool(self._locked, ingest, True)

    def close(self) -> None:
        with self._lock:
            if self._corpus is not None:
                self._corpus.close()
            self._corpus = None
