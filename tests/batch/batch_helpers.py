"""Inputs and helpers shared by the batch tests (small, hand-built articles)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "lethal-aid-wire.txt"

#: Lines that cannot be analysed, with the kind of reason each gets.
BAD_LINES = (
    (b"not json at all", "not valid JSON"),
    (json.dumps({"id": "blank", "text": "   "}).encode(), "empty text"),
    (json.dumps({"html": "<html><body><nav></nav></body></html>"}).encode(), "no article text"),
    (b'{"text": "caf\xe9 au lait"}', "not valid UTF-8"),
    (json.dumps({"id": [1], "text": "He said so."}).encode(), "field 'id'"),
)


def paragraphs() -> list[str]:
    text = EXAMPLE.read_text(encoding="utf-8")
    return [p for p in text.split("\n\n") if len(p) > 80]


def article_text(i: int) -> str:
    paras = paragraphs()
    k = len(paras)
    return f"Story {i}.\n\n{paras[i % k]}\n\n{paras[(7 * i + 3) % k]}"


def write_jsonl(path: Path, n: int, *, bad_every: int = 0) -> Path:
    """``n`` articles as JSONL; with ``bad_every``, a bad line after every that many."""
    with path.open("wb") as handle:
        for i in range(n):
            record = {"id": f"art-{i}", "text": article_text(i), "url": f"https://example.org/{i}"}
            handle.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
            if bad_every and i % bad_every == bad_every - 1:
                bad, _ = BAD_LINES[(i // bad_every) % len(BAD_LINES)]
                handle.write(bad + b"\n")
    return path


def output_files(out: Path) -> dict[str, str]:
    """SHA-256 of every shard file (temporaries and the manifest excluded)."""
    found = {}
    for file in sorted(out.glob("*/*")):
        found[f"{file.parent.name}/{file.name}"] = hashlib.sha256(file.read_bytes()).hexdigest()
    return found


def cli_command(*args: str) -> list[str]:
    """``claimgraph ARGS`` run with this checkout's sources."""
    return [sys.executable, "-c", "from claimgraph.cli.main import main; main()", *args]


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    src = str(ROOT / "src")
    env["PYTHONPATH"] = src + os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else src
    return env


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cli_command(*args),
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
