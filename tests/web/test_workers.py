"""``create_app(workers=2)``: analyses in worker processes, each with its own
model; reads answered while they run; a killed worker is a clear 500."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from worker_helpers import deaf_article, sleeping_article

from claimgraph.settings import Settings
from claimgraph.web.security import HEADERS

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]
WIRE = (ROOT / "examples" / "lethal-aid-wire.txt").read_text(encoding="utf-8")
#: An article that keeps a worker busy for seconds (about 36 KB).
LONG = "\n\n".join([WIRE] * 8)
#: Generous: the CI machine has 2 cores, both busy with the two analyses.
READ_SECONDS = 2.0


@pytest.fixture(scope="module")
def served(store_db: str, live_server_for: Any) -> Iterator[tuple[Any, FastAPI]]:
    """A server whose analyses run in 2 worker processes, over the Marovia store."""
    from claimgraph.web.app import create_app

    app = create_app(Settings(extractor="rules", db=store_db), workers=2)
    with live_server_for(app) as server:
        yield server, app


def _wait_until(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("the condition was not reached in time")
        time.sleep(0.02)


def _in_background(url: str, body: object, out: list[httpx.Response]) -> threading.Thread:
    def post() -> None:
        out.append(httpx.post(url + "/api/analyze", json=body, timeout=120))

    thread = threading.Thread(target=post, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize(
    "body",
    [
        {"text": WIRE, "id": "wire", "title": "Lethal aid"},
        {"html": f"<html><body><article><p>{WIRE[:1500]}</p></article></body></html>"},
        [{"text": "Shapps said the talks failed."}, {"text": WIRE[:800]}],
    ],
    ids=["text", "html", "list"],
)
def test_an_analysis_in_a_worker_gives_the_same_bytes_as_in_process(
    served: tuple[Any, FastAPI], store_client: TestClient, body: object
) -> None:
    server, _ = served
    in_worker = httpx.post(server.url + "/api/analyze", json=body, timeout=120)
    in_process = store_client.post("/api/analyze", json=body)
    assert in_worker.status_code == in_process.status_code == 200
    assert in_worker.content == in_process.content


def test_an_error_in_a_worker_is_the_same_answer_as_in_process(
    served: tuple[Any, FastAPI], store_client: TestClient
) -> None:
    server, _ = served
    body = {"html": "<html><body><script>x()</script></body></html>"}
    in_worker = httpx.post(server.url + "/api/analyze", json=body, timeout=120)
    in_process = store_client.post("/api/analyze", json=body)
    assert in_worker.status_code == in_process.status_code == 422
    assert in_worker.json() == in_process.json()


def test_two_analyses_run_at_once_in_two_worker_processes(
    served: tuple[Any, FastAPI],
) -> None:
    pool = served[1].state.analyzer.pool

    async def both() -> list[Any]:
        return await asyncio.gather(*(pool.analyze(sleeping_article, (2.0,)) for _ in range(2)))

    started = time.perf_counter()
    results = asyncio.run(both())
    wall = time.perf_counter() - started
    pids = {articles[0].article.id for articles in results}
    assert len(pids) == 2
    assert f"pid-{os.getpid()}" not in pids
    assert wall < 3.5  # one after the other: at least 4 s


def test_reads_are_answered_quickly_while_two_analyses_run(
    served: tuple[Any, FastAPI],
) -> None:
    server, app = served
    answers: list[httpx.Response] = []
    threads = [_in_background(server.url, {"text": LONG}, answers) for _ in range(2)]
    _wait_until(lambda: app.state.analyzer.pending == 2)
    time.sleep(0.3)  # both are in the workers now
    slowest = 0.0
    for path in ["/api/articles", "/api/claims", "/api/speakers", "/api/claims/1", "/claims"]:
        started = time.perf_counter()
        r = httpx.get(server.url + path, timeout=30)
        slowest = max(slowest, time.perf_counter() - started)
        assert r.status_code == 200, path
    still_running = app.state.analyzer.pending
    for thread in threads:
        thread.join(120)
    assert [r.status_code for r in answers] == [200, 200]
    assert still_running == 2, "the analyses ended before the reads: make LONG longer"
    assert slowest < READ_SECONDS


def test_a_short_analysis_is_answered_while_a_long_one_holds_the_other_worker(
    served: tuple[Any, FastAPI],
) -> None:
    server, app = served
    answers: list[httpx.Response] = []
    thread = _in_background(server.url, {"text": LONG * 2}, answers)
    _wait_until(lambda: app.state.analyzer.pending == 1)
    short = httpx.post(server.url + "/api/analyze", json={"text": WIRE[:800]}, timeout=120)
    long_still_running = not answers
    thread.join(120)
    assert short.status_code == 200
    assert [r.status_code for r in answers] == [200]
    assert long_still_running, "the long analysis ended first: make it longer"


def test_a_killed_worker_is_a_500_with_the_security_headers_and_a_new_worker_takes_over(
    served: tuple[Any, FastAPI],
) -> None:
    server, app = served
    pool = app.state.analyzer.pool
    answers: list[httpx.Response] = []
    thread = _in_background(server.url, {"text": LONG}, answers)
    _wait_until(lambda: app.state.analyzer.pending == 1)
    time.sleep(0.5)
    for pid in pool.pids():
        os.kill(pid, signal.SIGKILL)
    thread.join(120)
    [r] = answers
    assert r.status_code == 500
    assert "worker stopped" in r.json()["error"]["message"]
    for name, value in HEADERS:
        assert r.headers[name.decode()] == value.decode()
    after = httpx.post(server.url + "/api/analyze", json={"text": WIRE}, timeout=120)
    assert after.status_code == 200
    assert after.json()["attributions"]


def test_close_stops_a_worker_that_ignores_sigterm() -> None:
    from claimgraph.web.workers import JOIN_SECONDS, WorkerPool

    pool = WorkerPool(Settings(extractor="rules"), workers=1)

    async def start_a_deaf_analysis() -> asyncio.Future[Any]:
        await pool.start()
        analysis = asyncio.ensure_future(pool.analyze(deaf_article, (60.0,)))
        await asyncio.sleep(1.0)  # the worker has set SIG_IGN and sleeps
        return analysis

    loop = asyncio.new_event_loop()
    try:
        analysis = loop.run_until_complete(start_a_deaf_analysis())
        [pid] = pool.pids()
        started = time.monotonic()
        pool.close()
        assert time.monotonic() - started < 3 * JOIN_SECONDS
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
        analysis.cancel()
        loop.run_until_complete(asyncio.gather(analysis, return_exceptions=True))
    finally:
        loop.close()
