"""How the cost of analysing one article grows with its length.

    PYTHONPATH=src python benchmarks/size_scaling.py [--model encoder] [--max-kb 2048]

Builds texts of 1 KB, 2 KB, 4 KB, ... up to ``--max-kb`` from the PolNeAR
dev articles (repeated when they run out), cut at a paragraph break. Each
size runs in a fresh process that loads the pipeline, warms it on a short
text, then analyses the text once (``analyze_articles``, what ``claimgraph
analyze`` does apart from reading and writing) and reports the seconds
taken and the process's peak resident memory (model included). Prints one
line per size and the log-log slope of time against size over the sizes of
``--fit-from-kb`` and up (below that the per-call overhead dominates): 1.0
is linear. Nothing is asserted (docs/benchmarks.md has the figures).
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import time
from pathlib import Path

CHILD = """
import json, resource, sys, time
from claimgraph.nlp.pipeline import analyze_articles, load_nlp
from claimgraph.records import ArticleInput
from claimgraph.settings import Settings
nlp = load_nlp(Settings.from_env(extractor=sys.argv[2], max_bytes=10**8))
text = open(sys.argv[1], encoding="utf-8").read()
list(analyze_articles(nlp, [ArticleInput(id="w", text="She said it rained.", origin="w")]))
start = time.perf_counter()
out = list(analyze_articles(nlp, [ArticleInput(id="t", text=text, origin="t")]))
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak, "attributions": len(out[0].attributions)}))
"""


def corpus_text() -> str:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from claimgraph.eval.shared import shared_path

    root = shared_path("corpora", "polnear", "dev", "text")
    if not root.is_dir():
        raise SystemExit(f"{root} not found: run from the repository beside ../shared")
    return "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(root.glob("*.txt")))


def text_of(size: int, source: str) -> str:
    while len(source) < size:
        source = source + "\n\n" + source
    cut = source.rfind("\n\n", 0, size)
    return source[: cut if cut > size // 2 else size]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="encoder", help="extractor (default: encoder)")
    parser.add_argument("--max-kb", type=int, default=2048)
    parser.add_argument("--fit-from-kb", type=int, default=16)
    parser.add_argument("--out", type=Path, default=Path("/tmp/claimgraph-size-scaling"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    source = corpus_text()
    rows = []
    kb = 1
    while kb <= args.max_kb:
        path = args.out / f"{kb}kb.txt"
        path.write_text(text_of(kb * 1024, source), encoding="utf-8")
        wall = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(path), args.model],
            capture_output=True,
            text=True,
            check=True,
        )
        result = json.loads(done.stdout.strip().splitlines()[-1])
        result["kb"] = kb
        rows.append(result)
        print(
            f"{kb:5d} KB: {result['seconds']:8.2f} s, peak {result['peak_mb']:6.0f} MB, "
            f"{result['attributions']} attributions "
            f"(process {time.perf_counter() - wall:.0f} s)",
            flush=True,
        )
        kb *= 2
    fit = [r for r in rows if r["kb"] >= args.fit_from_kb]
    if len(fit) >= 2:
        xs = [math.log(r["kb"]) for r in fit]
        ys = [math.log(r["seconds"]) for r in fit]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
            (x - mx) ** 2 for x in xs
        )
        print(f"log-log slope of time against size ({args.fit_from_kb} KB and up): {slope:.2f}")


if __name__ == "__main__":
    main()
