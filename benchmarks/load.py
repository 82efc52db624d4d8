"""Load test of the web API: concurrent clients posting 1,000-word articles.

Starts ``claimgraph serve`` on 127.0.0.1 in a subprocess (or uses
``--url``, which must be a loopback address), then runs ``--clients``
concurrent clients (httpx AsyncClient), each posting ``--requests``
articles of ``--words`` words to ``POST /api/analyze`` one after another.
It stops early at ``--duration`` seconds. It reports every non-200 answer
and transport error, and the latency percentiles of the whole run.

The articles are built from the paragraphs of examples/lethal-aid-wire.txt,
rotated per request so that no two consecutive requests send the same text.

Usage::

    python benchmarks/load.py                          # 50 clients x 4 requests
    python benchmarks/load.py --clients 50 --requests 2 --json out.json
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
    p.add_argument("--model", default=None, help="Extractor for the started server [hybrid].")
    p.add_argument("--json", type=Path, default=None, help="Also write the result here.")
    args = p.parse_args(argv)
    if args.clients < 1 or args.requests < 1 or args.words < 1 or args.duration <= 0:
        p.error("--clients, --requests, --words and --duration must be positive")
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


def start_server(model: str | None) -> tuple[subprocess.Popen[bytes], str]:
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
    ]
    if model:
        command += ["--model", model]
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


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in [0, 100])."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-q * len(ordered) // 100))))
    return ordered[rank - 1]


async def run(url: str, args: argparse.Namespace) -> dict[str, Any]:
    texts = articles(args.words, args.clients * args.requests)
    latencies: list[float] = []
    outcomes: Counter[str] = Counter()
    deadline = time.monotonic() + args.duration
    limits = httpx.Limits(max_connections=args.clients, max_keepalive_connections=args.clients)

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

        started = time.perf_counter()
        await asyncio.gather(*(one_client(c) for c in range(args.clients)))
        wall = time.perf_counter() - started
    ok = outcomes.get("200", 0)
    return {
        "clients": args.clients,
        "requests_per_client": args.requests,
        "words": args.words,
        "sent": len(latencies),
        "ok": ok,
        "errors": {k: v for k, v in outcomes.items() if k != "200"},
        "wall_s": round(wall, 2),
        "throughput_rps": round(ok / wall, 2) if wall else 0.0,
        "latency_s": {
            "p50": round(percentile(latencies, 50), 3),
            "p90": round(percentile(latencies, 90), 3),
            "p99": round(percentile(latencies, 99), 3),
            "max": round(max(latencies), 3),
        }
        if latencies
        else {},
        "machine": f"nproc {os.cpu_count()}, {platform.platform()}, "
        f"Python {platform.python_version()}",
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    proc = None
    url = args.url
    if url is None:
        proc, url = start_server(args.model)
    try:
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
    return 0 if not result["errors"] else 1


if __name__ == "__main__":
    sys.exit(main())
