"""Load test of the web API: concurrent clients posting 1,000-word articles
while others read the store.

Starts ``claimgraph serve --workers W`` on 127.0.0.1 in a subprocess over
a fresh store seeded with a few analysed articles (or uses ``--url``,
which must be a loopback address), then runs ``--clients`` concurrent
clients (httpx AsyncClient), each posting ``--requests`` articles of
``--words`` words to ``POST /api/analyze`` one after another, and, for as
long as they run, ``--readers`` clients that each read the store
(``/api/articles``, ``/api/claims``, ``/api/speakers`` and single items in
turn) with ``--read-pause`` seconds between reads. It stops sending
analyses at ``--duration`` seconds; ``--clients 0`` reads alone for
``--duration`` seconds (a baseline). It reports every non-200 answer and
transport error, and the latency percentiles of analyses and of reads
separately.

The articles are built from the paragraphs of examples/lethal-aid-wire.txt,
rotated per request so that no two consecutive requests send the same text.

Usage::

    python benchmarks/load.py                          # 50 clients x 4 requests
    python benchmarks/load.py --clients 50 --requests 2 --workers 2 --json out.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "lethal-aid-wire.txt"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
#: What the readers ask for, in turn.
READS = ["/api/articles", "/api/claims", "/api/speakers", "/api/articles/1", "/api/claims/1"]
#: Articles stored before the load, so that the reads find something.
SEED = 4


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--url", default=None, help="A running server on 127.0.0.1 (default: start one)."
    )
    p.add_argument("--clients", type=int, default=50, help="Concurrent clients [50].")
    p.add_argument("--requests", type=int, default=4, help="Requests per client [4].")
    p.add_argument("--words", type=int, default=1000, help="Words per article [1000].")
    p.add_argument("--duration", type=float, default=300.0, help="Stop after this many s [300].")
    p.add_argument("--timeout", type=float, default=180.0, help="Per-request timeout in s [180].")
    p.add_argument("--model", default=None, help="Extractor for the started server [auto].")
    p.add_argument(
        "--workers", type=int, default=None, help="The started server's --workers [its default]."
    )
    p.add_argument("--readers", type=int, default=10, help="Concurrent store readers [10].")
    p.add_argument("--read-pause", type=float, default=0.1, help="s between reads [0.1].")
    p.add_argument("--json", type=Path, default=None, help="Also write the result here.")
    args = p.parse_args(argv)
    if args.clients < 0 or args.requests < 1 or args.words < 1 or args.duration <= 0:
        p.error("--requests, --words and --duration must be positive, --clients at least 0")
    if args.clients == 0 and args.readers == 0:
        p.error("--clients 0 (reads alone, for --duration seconds) needs --readers")
    if args.readers < 0 or args.read_pause < 0 or (args.workers is not None and args.workers < 1):
        p.error("--readers and --read-pause must be at least 0, --workers at least 1")
    if args.url and urlsplit(args.url).hostname not in LOOPBACK:
        p.error("--url must be a loopback address (127.0.0.1): this script loads a local server")
    return args


def articles(words: int, count: int) -> list[str]:
    """``count`` different texts of ``words`` words from the example's paragraphs."""
    paragraphs = [p for p in EXAMPLE.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    out = []
    for k in range(count):
        chosen: list[str] = []
        n = 0
        i = k
        while n < words:
            para = paragraphs[i % len(paragraphs)].split()
            take = para[: words - n]
            chosen.append(" ".join(take))
            n += len(take)
            i += 1
        out.append("\n\n".join(chosen))
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_server(
    model: str | None, workers: int | None, db: Path
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [
        sys.executable,
        "-c",
        "from claimgraph.cli.main import main; main()",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--db",
        str(db),
        "--allow-writes",
    ]
    if model:
        command += ["--model", model]
    if workers:
        command += ["--workers", str(workers)]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode() if proc.stderr else ""
            raise SystemExit(f"the server exited: {err[-2000:]}")
        try:
            if httpx.get(url + "/api/openapi.json", timeout=2).status_code == 200:
                return proc, url
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    proc.terminate()
    raise SystemExit("the server did not start within 120 s")


def seed(url: str, texts: Sequence[str]) -> None:
    """Store ``texts`` through ``POST /api/ingest`` (before the load starts)."""
    body = {"articles": [{"text": t, "id": f"seed-{k}"} for k, t in enumerate(texts)]}
    response = httpx.post(url + "/api/ingest", json=body, timeout=600)
    if response.status_code != 201:
        raise SystemExit(f"seeding the store failed: {response.status_code} {response.text}")


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in [0, 100])."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-q * len(ordered) // 100))))
    return ordered[rank - 1]


def summary(latencies: Sequence[float]) -> dict[str, float]:
    """Nearest-rank p50, p90 and p99, and the maximum, in seconds."""
    if not latencies:
        return {}
    return {
        "p50": round(percentile(latencies, 50), 3),
        "p90": round(percentile(latencies, 90), 3),
        "p99": round(percentile(latencies, 99), 3),
        "max": round(max(latencies), 3),
    }


async def run(url: str, args: argparse.Namespace) -> dict[str, Any]:
    texts = articles(args.words, args.clients * args.requests)
    latencies: list[float] = []
    outcomes: Counter[str] = Counter()
    read_latencies: list[float] = []
    read_outcomes: Counter[str] = Counter()
    deadline = time.monotonic() + args.duration
    connections = args.clients + args.readers
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    done = asyncio.Event()

    async with httpx.AsyncClient(base_url=url, timeout=args.timeout, limits=limits) as client:

        async def one_client(c: int) -> None:
            for r in range(args.requests):
                if time.monotonic() > deadline:
                    outcomes["not sent (duration reached)"] += 1
                    continue
                text = texts[c * args.requests + r]
                start = time.perf_counter()
                try:
                    response = await client.post("/api/analyze", json={"text": text})
                    outcome = str(response.status_code)
                    if response.status_code == 200 and not response.json()["attributions"]:
                        outcome = "200 without attributions"
                except httpx.HTTPError as exc:
                    outcome = type(exc).__name__
                latencies.append(time.perf_counter() - start)
                outcomes[outcome] += 1

        async def one_reader(k: int) -> None:
            n = k
            while not done.is_set():
                start = time.perf_counter()
                try:
                    response = await client.get(READS[n % len(READS)])
                    outcome = str(response.status_code)
                except httpx.HTTPError as exc:
                    outcome = type(exc).__name__
                read_latencies.append(time.perf_counter() - start)
                read_outcomes[outcome] += 1
                n += 1
                await asyncio.sleep(args.read_pause)

        async def analyses() -> None:
            if args.clients:
                await asyncio.gather(*(one_client(c) for c in range(args.clients)))
            else:  # a baseline: reads alone
                await asyncio.sleep(args.duration)
            done.set()

        started = time.perf_counter()
        await asyncio.gather(analyses(), *(one_reader(k) for k in range(args.readers)))
        wall = time.perf_counter() - started
    ok = outcomes.get("200", 0)
    return {
        "workers": args.workers,
        "clients": args.clients,
        "requests_per_client": args.requests,
        "words": args.words,
        "sent": len(latencies),
        "ok": ok,
        "errors": {k: v for k, v in outcomes.items() if k != "200"},
        "wall_s": round(wall, 2),
        "throughput_rps": round(ok / wall, 2) if wall else 0.0,
        "latency_s": summary(latencies),
        "reads": {
            "readers": args.readers,
            "sent": len(read_latencies),
            "ok": read_outcomes.get("200", 0),
            "errors": {k: v for k, v in read_outcomes.items() if k != "200"},
            "latency_s": summary(read_latencies),
        },
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
        "machine": f"nproc {os.cpu_count()}, {platform.platform()}, "
        f"Python {platform.python_version()}",
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    proc = None
    url = args.url
    with tempfile.TemporaryDirectory(prefix="claimgraph-load-") as tmp:
        if url is None:
            proc, url = start_server(args.model, args.workers, Path(tmp) / "load.db")
        try:
            if proc is not None:
                seed(url, articles(args.words, SEED))
            result = asyncio.run(run(url, args))
        finally:
            if proc is not None:
                proc.terminate()
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0 if not result["errors"] and not result["reads"]["errors"] else 1


if __name__ == "__main__":
    sys.exit(main())
