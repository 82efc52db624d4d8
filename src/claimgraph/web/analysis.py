"""Running the pipeline for web requests: one loaded model, bounded concurrency.

Analysis is CPU-bound. The model is loaded once (at startup) and requests
run it in a worker thread, at most ``threads`` at a time; up to ``queue``
more wait their turn. A request that finds the queue full is refused at
once with :class:`Busy` (the app answers 503 with ``Retry-After``) instead
of piling up until the server falls over.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import TypeVar

from spacy.language import Language
from starlette.concurrency import run_in_threadpool

from claimgraph.errors import ClaimgraphError
from claimgraph.nlp.pipeline import analyze_articles
from claimgraph.records import AnalyzedArticle, ArticleInput

T = TypeVar("T")

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
    """Runs ``analyze_articles`` in worker threads, ``threads`` at a time.

    ``run`` takes any callable, so that work done before the analysis (HTML
    extraction) is bounded too. Create it inside the running event loop
    (the app does so at startup).
    """

    def __init__(
        self, nlp: Language, *, threads: int = 1, queue: int = 64, batch_size: int = 16
    ) -> None:
        if threads < 1 or queue < 0:
            raise ValueError("threads must be at least 1 and queue at least 0")
        self.nlp = nlp
        self.threads = threads
        self.queue = queue
        self.batch_size = batch_size
        self._slots = asyncio.Semaphore(threads)
        self._pending = 0

    @property
    def pending(self) -> int:
        """Requests running or waiting now."""
        return self._pending

    async def run(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` in a worker thread when a slot is free.

        Raises:
            Busy: ``threads + queue`` calls are already running or waiting.
        """
        if self._pending >= self.threads + self.queue:
            raise Busy()
        self._pending += 1
        try:
            async with self._slots:
                return await run_in_threadpool(fn)
        finally:
            self._pending -= 1

    def analyze_now(self, articles: Sequence[ArticleInput]) -> list[AnalyzedArticle]:
        """Analyse in the calling thread: the analysed articles, in order."""
        return list(analyze_articles(self.nlp, articles, batch_size=self.batch_size))

    async def analyze(self, articles: Sequence[ArticleInput]) -> list[AnalyzedArticle]:
        """As :meth:`analyze_now`, in a worker thread, bounded as :meth:`run`."""
        return await self.run(lambda: self.analyze_now(articles))
