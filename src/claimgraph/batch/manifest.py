"""The manifest of a batch output directory: ``manifest.jsonl``.

One JSON object a line, appended and flushed to disk (``fsync``) one at a
time by the one process that runs the job (the client), which holds an
exclusive lock on the file while it runs:

- ``{"type": "run", ...}`` when a run starts: its configuration (what
  determines the rows: claimgraph and schema version, model, extractor,
  threshold, limits, partition size), its inputs and its partition ids in
  input order;
- ``{"type": "shard", "partition": ID, ...}`` when a shard's files are all
  in place: row counts, each file's SHA-256, the seconds it took and the
  worker that made it;
- ``{"type": "end", ...}`` when a run ends: its summary.

A shard is finished when a ``shard`` line names it and its files exist. A
line cut short by a kill is ignored (and cut off before the next append), so
a shard whose line was not complete is simply done again.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from claimgraph.batch.shards import TABLES, shard_path
from claimgraph.errors import ClaimgraphError

MANIFEST = "manifest.jsonl"


def config_digest(config: Mapping[str, Any]) -> str:
    return hashlib.sha256(json.dumps(config, sort_keys=True).encode("utf-8")).hexdigest()[:16]


def read_records(out_dir: Path) -> list[dict[str, Any]]:
    """The complete lines of the manifest (none if there is no manifest)."""
    path = out_dir / MANIFEST
    if not path.is_file():
        return []
    records = []
    for line in path.read_bytes().split(b"\n"):
        try:
            record = json.loads(line)
        except ValueError:
            continue  # a line cut short by a kill (or the empty tail)
        if isinstance(record, dict):
            records.append(record)
    return records


def finished_shards(out_dir: Path, records: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Shard records by partition id, for shards whose files all exist."""
    done: dict[str, dict[str, Any]] = {}
    for record in records:
        if record.get("type") != "shard":
            continue
        partition = str(record["partition"])
        if all(shard_path(out_dir, table, partition).is_file() for table in TABLES):
            done[partition] = record
    return done


def finished_partitions(out_dir: Path) -> list[str]:
    """The latest run's partitions that are finished, in input order."""
    records = read_records(out_dir)
    runs = [r for r in records if r.get("type") == "run"]
    if not runs:
        raise ClaimgraphError(f"{out_dir}: no {MANIFEST} here; is this a 'claimgraph batch' --out?")
    done = finished_shards(out_dir, records)
    return [p for p in runs[-1]["partitions"] if p in done]


class Manifest:
    """The manifest, opened for appending by the run that holds its lock."""

    def __init__(self, out_dir: Path) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        self.path = out_dir / MANIFEST
        self._handle: IO[bytes] = self.path.open("ab+")
        try:
            fcntl.flock(self._handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            self._handle.close()
            raise ClaimgraphError(
                f"another 'claimgraph batch' is writing to {out_dir}; wait for it to end "
                "or use another --out"
            ) from exc
        self._cut_torn_line()

    def _cut_torn_line(self) -> None:
        """Cut off a last line that a kill left without its line end."""
        handle = self._handle
        size = handle.seek(0, os.SEEK_END)
        if size == 0:
            return
        handle.seek(max(0, size - (1 << 20)))
        tail = handle.read()
        if tail.endswith(b"\n"):
            return
        cut = tail.rfind(b"\n")
        keep = size - len(tail) + cut + 1 if cut >= 0 else 0
        handle.truncate(keep)
        os.fsync(handle.fileno())

    def append(self, record: Mapping[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
        self._handle.seek(0, os.SEEK_END)
        self._handle.write(line.encode("utf-8"))
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> Manifest:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def check_config(records: Sequence[dict[str, Any]], config: Mapping[str, Any], out: Path) -> None:
    """Refuse to mix runs whose rows would differ in one output directory."""
    digest = config_digest(config)
    for record in records:
        if record.get("type") == "run" and record.get("config_digest") != digest:
            theirs = record.get("config", {})
            changed = sorted(k for k in {*theirs, *config} if theirs.get(k) != config.get(k))
            raise ClaimgraphError(
                f"{out} holds shards made with other settings ({', '.join(changed)} differ); "
                "re-run with the same settings to resume, or use another --out"
            )


def iter_shard_records(records: Sequence[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    return (r for r in records if r.get("type") == "shard")
