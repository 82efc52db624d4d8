"""Functions sent to the analysis worker processes by tests/web/test_workers.py
(a module of its own, so that a worker imports only this)."""

from __future__ import annotations

import os
import time

from claimgraph.read.articles import article_from_text
from claimgraph.records import ArticleInput


def sleeping_article(seconds: float) -> list[ArticleInput]:
    """After ``seconds`` asleep, one short article whose id names this process."""
    time.sleep(seconds)
    return [article_from_text("Shapps said it.", f"pid-{os.getpid()}", "test")]


def deaf_article(seconds: float) -> list[ArticleInput]:
    """Like :func:`sleeping_article`, in a process that ignores SIGTERM."""
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    return sleeping_article(seconds)
