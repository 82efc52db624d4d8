"""Running the pipeline for web requests: bounded concurrency, in threads or processes.

Analysis is CPU-bound. With one worker (``claimgraph serve --workers 1``)
the model is loaded once, in the server process, and each analysis runs in
a thread, one at a time (reads then share the process, and its
interpreter lock, with the analysis). With ``workers`` > 1 the
analyses run in that many processes (:mod:`claimgraph.web.workers`), each
with its own copy of the model, so that they use every core and the event
loop (and every read of the store) never waits behind them.

Either way at most ``workers`` analyses run at once and up to ``queue``
more wait in the server for the first free worker; a request that finds
the queue full is refused at once with :class:`Busy` (the app answers 503
with ``Retry-After``) instead of piling up until the server falls over.
A long analysis occupies one worker; the others keep serving the queue.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from spacy.language import Language
from starlette.concurrency import run_in_threadpool

from claimgraph.errors import ClaimgraphError
from claimgraph.nlp.pipeline import analyze_articles
from claimgraph.records import AnalyzedArticle, ArticleInput
from claimgraph.web.workers import Make, WorkerPool

#: Seconds a refused client is told to wait before retrying.
RETRY_AFTER = 5


class Busy(ClaimgraphError):
    """Every analysis slot and queue place is taken; try again shortly."""

    def __init__(self, retry_after: int = RETRY_AFTER) -> None:
        super().__init__(
            f"the server is busy analysing other articles; retry in {retry_after} seconds"
        )
        self.retry_after = retry_after


class Analyzer:
    """Runs ``analyze_articles`` in threads (``nlp``) or worker processes
    (``pool``), ``slots`` at a time, with up to ``queue`` more waiting.

    Create it inside the running event loop (the app does so at startup).
    """

    def __init__(
        self,
        nlp: Language | None = None,
        *,
        pool: WorkerPool | None = None,
        threads: int = 1,
        queue: int = 64,
        batch_size: int = 16,
    ) -> None:
        if (nlp is None) == (pool is None):
            raise ValueError("give exactly one of nlp and pool")
        if threads < 1 or queue < 0:
            raise ValueError("threads must be at least 1 and queue at least 0")
        self.nlp = nlp
        self.pool = pool
        self.slots = pool.workers if pool is not None else threads
        self.queue = queue
        self.batch_size = batch_size
        self._slots = asyncio.Semaphore(self.slots)
        self._pending = 0

    @property
    def pending(self) -> int:
        """Requests running or waiting now."""
        return self._pending

    def analyze_now(self, articles: Sequence[ArticleInput]) -> list[AnalyzedArticle]:
        """Analyse in the calling thread with ``nlp``: the analysed articles, in order."""
        if self.nlp is None:
            raise ValueError("this analyzer runs its analyses in worker processes")
        return list(analyze_articles(self.nlp, articles, batch_size=self.batch_size))

    async def analyze(self, make: Make, *args: Any) -> list[AnalyzedArticle]:
        """The analysis of the articles ``make(*args)`` builds (HTML extraction
        included), when a slot is free: in a thread or a worker process.

        ``make`` is a module-level function and ``args`` can be pickled, so
        that both can be sent to a worker process.

        Raises:
            Busy: ``slots + queue`` analyses are already running or waiting.
            WorkerFailed: the worker process died during the analysis.
        """
        if self._pending >= self.slots + self.queue:
            raise Busy()
        self._pending += 1
        try:
            async with self._slots:
                if self.pool is not None:
                    return await self.pool.analyze(make, args)
                return await run_in_threadpool(lambda: self.analyze_now(make(*args)))
        finally:
            self._pending -= 1

    def close(self) -> None:
        """Stop the worker processes, if any."""
        if self.pool is not None:
            self.pool.close()
