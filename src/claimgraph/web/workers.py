"""Analysis in worker processes: one loaded model per process, one analysis each.

:class:`WorkerPool` wraps a :class:`concurrent.futures.ProcessPoolExecutor`
(``spawn`` context: no fork of a threaded server) whose initializer loads
the pipeline once per process with the server's :class:`Settings`, at a
lower priority than the server and with the cores shared out among the
workers' numerical thread pools. The event loop awaits each analysis as a
future, so it stays free for reads.

A worker that dies (killed, out of memory) breaks the executor: the
analyses running at that moment fail with :class:`WorkerFailed` (the app
answers 500) and the pool is replaced by a fresh one, whose processes load
the model again on their first analysis.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from spacy.language import Language

from claimgraph.errors import ClaimgraphError
from claimgraph.records import AnalyzedArticle, ArticleInput
from claimgraph.settings import Settings

#: Builds the articles of a request inside the worker (HTML extraction is
#: work too); a module-level function, so that it can be sent to a process.
Make = Callable[..., Sequence[ArticleInput]]

#: Seconds a worker process is given to exit after ``terminate``.
JOIN_SECONDS = 2.0
#: How much lower the workers' scheduling priority is than the server's
#: (``nice``): when the cores are busy, the server process (reads, request
#: parsing, writing the answers) runs first and the analyses wait.
NICENESS = 5

_nlp: Language | None = None
_batch_size = 16


class WorkerFailed(ClaimgraphError):
    """An analysis worker process stopped before it finished."""

    def __init__(self) -> None:
        super().__init__(
            "the analysis worker stopped before it finished (killed, or out of memory); "
            "a new worker has been started"
        )


#: Environment variables that size the thread pools of numerical libraries
#: (ONNX Runtime's sessions through ``CLAIMGRAPH_THREADS``, torch, numpy's
#: BLAS), read when they are first used.
THREAD_VARIABLES = (
    "CLAIMGRAPH_THREADS",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
)


def _load(settings: Settings, threads: int) -> None:
    """The initializer of each worker process: lower its priority, give its
    numerical libraries ``threads`` threads (unless the environment sets
    them), load the pipeline once."""
    global _nlp, _batch_size
    if hasattr(os, "nice"):
        os.nice(NICENESS)
    for name in THREAD_VARIABLES:
        os.environ.setdefault(name, str(threads))
    from claimgraph.nlp.pipeline import load_nlp

    _nlp = load_nlp(settings)
    _batch_size = settings.batch_size
    torch = sys.modules.get("torch")  # imported by the model, if it uses torch
    if torch is not None:
        torch.set_num_threads(int(os.environ["OMP_NUM_THREADS"]))


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _ready() -> int:
    """A first task: answers (with the process id) once the model is loaded."""
    return os.getpid()


def _analyze(make: Make, args: tuple[Any, ...]) -> list[AnalyzedArticle]:
    from claimgraph.nlp.pipeline import analyze_articles

    if _nlp is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("the worker's pipeline is not loaded")
    return list(analyze_articles(_nlp, make(*args), batch_size=_batch_size))


class WorkerPool:
    """``workers`` processes, each with the pipeline of ``settings`` loaded."""

    def __init__(self, settings: Settings, workers: int) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.settings = settings
        self.workers = workers
        self._pool = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_load,
            # the cores shared out, so that N workers do not each start a
            # thread per core
            initargs=(self.settings, max(1, cores() // self.workers)),
        )

    async def start(self) -> None:
        """Start every worker and wait until they answer (their model loaded).

        Raises:
            ClaimgraphError: a worker could not load the model.
        """
        try:
            await asyncio.gather(*(self._submit(_ready) for _ in range(self.workers)))
        except BrokenProcessPool as exc:
            raise ClaimgraphError(
                "the analysis workers could not load the model (see the log above)"
            ) from exc

    def _submit(self, fn: Callable[..., Any], *args: Any) -> asyncio.Future[Any]:
        try:
            future: Future[Any] = self._pool.submit(fn, *args)
        except BrokenProcessPool:  # a worker died while idle: nothing of ours was lost
            self._replace(self._pool)
            future = self._pool.submit(fn, *args)
        return asyncio.wrap_future(future)

    async def analyze(self, make: Make, args: tuple[Any, ...]) -> list[AnalyzedArticle]:
        """``analyze_articles`` over ``make(*args)`` in a worker process.

        Raises:
            WorkerFailed: the worker died during the analysis.
        """
        pool = self._pool
        try:
            result: list[AnalyzedArticle] = await self._submit(_analyze, make, args)
        except BrokenProcessPool as exc:
            self._replace(pool)
            raise WorkerFailed() from exc
        return result

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        if self._pool is broken:  # the first of the failed analyses replaces it
            self._pool = self._new()
            broken.shutdown(wait=False, cancel_futures=True)

    def pids(self) -> list[int]:
        """The process ids of the workers started so far."""
        processes = getattr(self._pool, "_processes", None) or {}
        return list(processes)

    def close(self) -> None:
        """Stop the workers now, analyses in progress included."""
        pool = self._pool
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(JOIN_SECONDS)
            if process.is_alive():  # deaf to SIGTERM: stopped without asking
                process.kill()
                process.join(JOIN_SECONDS)
