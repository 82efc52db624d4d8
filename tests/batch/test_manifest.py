"""The manifest: one writer, torn lines ignored, settings never mixed."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.batch.manifest import (
    MANIFEST,
    Manifest,
    check_config,
    finished_partitions,
    finished_shards,
    read_records,
)
from claimgraph.batch.shards import flatten, write_shard
from claimgraph.errors import ClaimgraphError
from claimgraph.records import InputProblem


def make_shard(out: Path, partition: str) -> None:
    write_shard(out, partition, flatten(partition, [(0, InputProblem("x", "empty file"))]))


def test_a_torn_last_line_is_ignored_and_cut_before_the_next_append(tmp_path: Path) -> None:
    with Manifest(tmp_path) as manifest:
        manifest.append({"type": "run", "partitions": ["a", "b"]})
        manifest.append({"type": "shard", "partition": "a"})
    with (tmp_path / MANIFEST).open("ab") as handle:
        handle.write(b'{"type": "shard", "partit')  # killed mid-write
    assert [r["type"] for r in read_records(tmp_path)] == ["run", "shard"]
    with Manifest(tmp_path) as manifest:
        manifest.append({"type": "shard", "partition": "b"})
    assert [r.get("partition") for r in read_records(tmp_path)] == [None, "a", "b"]


def test_a_shard_is_finished_only_when_listed_and_its_files_exist(tmp_path: Path) -> None:
    make_shard(tmp_path, "a")
    make_shard(tmp_path, "b")  # written, but the run was killed before listing it
    with Manifest(tmp_path) as manifest:
        manifest.append({"type": "run", "partitions": ["a", "b", "c"]})
        manifest.append({"type": "shard", "partition": "a"})
        manifest.append({"type": "shard", "partition": "c"})  # listed, files since deleted
    assert list(finished_shards(tmp_path, read_records(tmp_path))) == ["a"]
    assert finished_partitions(tmp_path) == ["a"]


def test_only_one_run_writes_an_output_directory(tmp_path: Path) -> None:
    with Manifest(tmp_path), pytest.raises(ClaimgraphError, match="another 'claimgraph batch'"):
        Manifest(tmp_path)
    Manifest(tmp_path).close()  # free again once the first has closed


@pytest.mark.parametrize(
    ("change", "expected"),
    [({}, None), ({"extractor": "rules"}, "extractor"), ({"partition_size": 7}, "partition_size")],
)
def test_runs_with_other_settings_are_refused(
    tmp_path: Path, change: dict[str, object], expected: str | None
) -> None:
    from claimgraph.batch.manifest import config_digest

    config = {"extractor": "hybrid", "partition_size": 5}
    records = [{"type": "run", "config": config, "config_digest": config_digest(config)}]
    if expected is None:
        check_config(records, {**config, **change}, tmp_path)
    else:
        with pytest.raises(ClaimgraphError, match=expected):
            check_config(records, {**config, **change}, tmp_path)


def test_reading_a_directory_without_a_manifest_says_what_is_wrong(tmp_path: Path) -> None:
    with pytest.raises(ClaimgraphError, match=r"no manifest\.jsonl"):
        finished_partitions(tmp_path)
