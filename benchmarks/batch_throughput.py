"""Throughput and memory of ``claimgraph batch``: local, Dask 1 worker, Dask 2 workers.

The input is the PolNeAR train+dev texts, replicated in order to N articles
(ids ``<name>#<copy>``) in a JSONL file in a temporary folder. Each
configuration runs :func:`claimgraph.batch.engine.run_batch` into a fresh
output folder, as ``claimgraph batch`` does:

- **local**: the local engine (this process);
- **dask-1**, **dask-2**: a ``LocalCluster`` of 1 or 2 worker processes,
  one thread each.

Reported per configuration: wall time and articles/s including start-up
(cluster start, imports, model load in each worker), and the **steady** rate:
articles finished after the first shard divided by the time from the first
shard to the last. The scaling ratio is dask-2 / dask-1 steady rate.

Memory: a sampler reads the resident set size (psutil) of the worker
processes every 0.2 s (for ``local``, this process); the peak per worker is
reported. ``--memory-articles M`` adds two dask-2 runs at M and 10×M
articles to compare the peak per worker at 1× and 10× input.

Usage::

    python benchmarks/batch_throughput.py --articles 2000 --memory-articles 500
    python benchmarks/batch_throughput.py --articles 10000 --runs dask-1,dask-2

Run it on a quiet machine: other processes on the same cores depress the
rates and, above all, the scaling ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import psutil

from claimgraph.batch.engine import Hooks, ShardResult, run_batch
from claimgraph.eval.polnear import default_root
from claimgraph.output import claimgraph_version
from claimgraph.settings import Settings

RUNS = {"local": ("local", 1), "dask-1": ("dask", 1), "dask-2": ("dask", 2)}


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="PolNeAR folder")
    parser.add_argument("--articles", type=int, default=2000, help="articles per run [2000]")
    parser.add_argument(
        "--runs", default="local,dask-1,dask-2", help="comma-separated: local, dask-1, dask-2"
    )
    parser.add_argument(
        "--memory-articles",
        type=int,
        default=0,
        help="also run dask-2 at this many articles and at 10x as many [0: skip]",
    )
    parser.add_argument("--partition-size", type=int, default=100, help="[100]")
    parser.add_argument(
        "--model",
        choices=("rules", "learned", "hybrid", "encoder"),
        default=None,
        help="extractor [default: auto, as claimgraph batch]",
    )
    parser.add_argument("--json", type=Path, default=None, help="also write results here")
    return parser.parse_args(argv)


def polnear_texts(root: Path) -> list[tuple[str, str]]:
    texts = []
    for split in ("train", "dev"):
        for path in sorted((root / split / "text").glob("*.txt")):
            texts.append((path.stem, path.read_text(encoding="utf-8")))
    if not texts:
        sys.exit(f"no PolNeAR texts under {root}")
    return texts


def write_input(path: Path, texts: list[tuple[str, str]], n: int) -> int:
    chars = 0
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            name, text = texts[i % len(texts)]
            chars += len(text)
            handle.write(json.dumps({"id": f"{name}#{i // len(texts)}", "text": text}) + "\n")
    return chars


class RssSampler:
    """Peak RSS per process: this one and all its descendants."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.peak: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            for proc in [me, *me.children(recursive=True)]:
                try:
                    rss = proc.memory_info().rss
                except psutil.Error:
                    continue
                self.peak[proc.pid] = max(self.peak.get(proc.pid, 0), rss)
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def run_one(
    label: str, inputs: Path, work: Path, settings: Settings, size: int, articles: int
) -> dict[str, Any]:
    engine, workers = RUNS[label]
    out = work / f"out-{label}-{articles}"
    finished: list[tuple[float, ShardResult]] = []
    hooks = Hooks(shard=lambda r: finished.append((time.perf_counter(), r)))
    started = time.perf_counter()
    with RssSampler() as sampler:
        summary = run_batch(
            [str(inputs)],
            out,
            settings,
            engine="dask" if engine == "dask" else "local",
            workers=workers,
            partition_size=size,
            hooks=hooks,
        )
    wall = time.perf_counter() - started
    worker_pids = {int(r.worker.rsplit(":", 1)[1]) for _, r in finished}
    peaks = {pid: sampler.peak.get(pid, 0) for pid in worker_pids}
    first = finished[0][0]
    after_first = sum(r.articles for t, r in finished[1:])
    steady_time = finished[-1][0] - first
    result = {
        "run": label,
        "articles": summary.articles,
        "errors": summary.errors,
        "attributions": summary.attributions,
        "partitions": summary.partitions,
        "wall_s": round(wall, 2),
        "wall_articles_per_s": round(summary.articles / wall, 3),
        "steady_articles_per_s": round(after_first / steady_time, 3) if steady_time else None,
        "workers": len(worker_pids),
        "peak_rss_mib_per_worker": sorted(round(v / 2**20, 1) for v in peaks.values()),
    }
    print(json.dumps(result), flush=True)
    return result


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    settings = Settings.from_env(extractor=args.model)
    texts = polnear_texts(args.data or default_root())
    results: dict[str, Any] = {
        "machine": {
            "nproc": os.cpu_count(),
            "load_avg_at_start": os.getloadavg(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "claimgraph": claimgraph_version(),
        },
        "extractor": settings.extractor,
        "encoder_precision": settings.encoder_precision
        if settings.extractor == "encoder"
        else None,
        "partition_size": args.partition_size,
        "source_texts": len(texts),
        "runs": [],
        "memory": [],
    }
    print(json.dumps(results["machine"]), flush=True)
    with tempfile.TemporaryDirectory(prefix="claimgraph-batch-bench-") as tmp:
        work = Path(tmp)
        if args.runs:
            inputs = work / f"polnear-{args.articles}.jsonl"
            results["chars"] = write_input(inputs, texts, args.articles)
            for label in args.runs.split(","):
                results["runs"].append(
                    run_one(label, inputs, work, settings, args.partition_size, args.articles)
                )
        if args.memory_articles:
            for n in (args.memory_articles, 10 * args.memory_articles):
                inputs = work / f"polnear-{n}.jsonl"
                write_input(inputs, texts, n)
                results["memory"].append(
                    run_one("dask-2", inputs, work, settings, args.partition_size, n)
                )
    rates = {r["run"]: r["steady_articles_per_s"] for r in results["runs"]}
    if rates.get("dask-1") and rates.get("dask-2"):
        results["scaling_1_to_2_steady"] = round(rates["dask-2"] / rates["dask-1"], 3)
        print(f"scaling dask-1 -> dask-2 (steady): {results['scaling_1_to_2_steady']}x")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
