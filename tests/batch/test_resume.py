"""Kill real processes mid-run, run again: exactly the output of an uninterrupted run.

Each test starts ``claimgraph batch`` as a subprocess, kills a process with
SIGKILL once the first shard is in the manifest (the client, or one Dask
worker), lets or makes the job finish, and compares every shard file, byte
for byte, with an uninterrupted run of the same command.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
from batch_helpers import cli_command, cli_env, output_files, run_cli, write_jsonl

from claimgraph.batch.engine import run_batch
from claimgraph.batch.manifest import MANIFEST
from claimgraph.settings import Settings

pytestmark = pytest.mark.model

ARTICLES = 40
PARTITION_SIZE = 2
PARTITIONS = ARTICLES // PARTITION_SIZE + 1  # the bad lines make one more
OPTIONS = ("--model", "rules", "--partition-size", str(PARTITION_SIZE), "--no-progress")
TIMEOUT = 150


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("in") / "news.jsonl", ARTICLES, bad_every=20)


@pytest.fixture(scope="module")
def reference(news: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("reference")
    settings = Settings.from_env(extractor="rules")
    summary = run_batch([str(news)], out, settings, partition_size=PARTITION_SIZE)
    assert summary.complete and summary.partitions == PARTITIONS
    return output_files(out)


def shard_records(out: Path) -> list[dict[str, object]]:
    path = out / MANIFEST
    if not path.exists():
        return []
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if record.get("type") == "shard":
            records.append(record)
    return records


def start(news: Path, out: Path, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        cli_command("batch", str(news), "--out", str(out), *OPTIONS, *extra),
        env=cli_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, to clean up after it
    )


def wait_for_shards(
    out: Path, process: subprocess.Popen[bytes], n: int = 1
) -> list[dict[str, object]]:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        records = shard_records(out)
        if len(records) >= n:
            return records
        if process.poll() is not None:
            pytest.fail(f"batch ended (status {process.returncode}) before its first shard")
        time.sleep(0.02)
    pytest.fail("no shard within the time limit")


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill whatever is left of a run's process group (e.g. orphaned Dask workers)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def assert_exactly_once(out: Path, reference: dict[str, str]) -> None:
    assert output_files(out) == reference
    counts = Counter(str(r["partition"]) for r in shard_records(out))
    assert len(counts) == PARTITIONS
    assert set(counts.values()) == {1}, "a shard was recorded twice"
    assert not list(out.glob("*/.*")), "temporary files were left behind"


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_killed_client_then_rerun_gives_the_uninterrupted_output(
    news: Path, reference: dict[str, str], tmp_path: Path, engine: str
) -> None:
    extra = ("--engine", "dask", "--workers", "2") if engine == "dask" else ()
    process = start(news, tmp_path, *extra)
    try:
        wait_for_shards(tmp_path, process)
        os.kill(process.pid, signal.SIGKILL)  # the client only
        process.wait(timeout=30)
        assert len(shard_records(tmp_path)) < PARTITIONS, "the run ended before the kill"
        rerun = run_cli("batch", str(news), "--out", str(tmp_path), *OPTIONS, *extra,
                        timeout=TIMEOUT)  # fmt: skip
        # the input has bad records on purpose, so the finished run exits 1
        assert rerun.returncode == 1, rerun.stderr
        assert "run the same command again" not in rerun.stderr
        assert "failed:" not in rerun.stderr
    finally:
        kill_group(process)
    assert_exactly_once(tmp_path, reference)


def test_killed_dask_worker_is_replaced_and_the_output_is_complete(
    news: Path, reference: dict[str, str], tmp_path: Path
) -> None:
    psutil = pytest.importorskip("psutil")
    process = start(news, tmp_path, "--engine", "dask", "--workers", "2")
    try:
        first = wait_for_shards(tmp_path, process)[0]
        victim = int(str(first["worker"]).rsplit(":", 1)[1])
        client = psutil.Process(process.pid)
        assert victim in {p.pid for p in client.children(recursive=True)}, "not a worker"
        os.kill(victim, signal.SIGKILL)
        done_at_kill = len(shard_records(tmp_path))
        # the input has bad records on purpose, so the finished run exits 1;
        # that every shard is there once is checked below
        assert process.wait(timeout=TIMEOUT) == 1
    finally:
        kill_group(process)
    assert done_at_kill < PARTITIONS, "the run ended before the kill"
    assert not psutil.pid_exists(victim)
    assert_exactly_once(tmp_path, reference)
