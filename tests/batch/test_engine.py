"""The local engine and a real Dask LocalCluster give byte-identical shards."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from batch_helpers import BAD_LINES, output_files, write_jsonl

from claimgraph.batch.engine import Summary, reason_kind, run_batch
from claimgraph.batch.manifest import read_records
from claimgraph.batch.shards import iter_analyzed
from claimgraph.nlp.pipeline import analyze_articles, load_nlp
from claimgraph.read.sources import read_inputs
from claimgraph.records import ArticleInput
from claimgraph.settings import Settings

pytestmark = pytest.mark.model

SETTINGS = Settings(extractor="rules")
ARTICLES = 240
BAD_EVERY = 40


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("inputs")
    write_jsonl(folder / "news.jsonl", ARTICLES, bad_every=BAD_EVERY)
    (folder / "pages").mkdir()
    for i in range(3):
        (folder / "pages" / f"page{i}.txt").write_text(f"Page {i}. He said so.", encoding="utf-8")
    (folder / "pages" / "empty.txt").write_text("", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def local_run(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Summary]:
    out = tmp_path_factory.mktemp("local")
    summary = run_batch([str(inputs)], out, SETTINGS, engine="local", partition_size=25)
    return out, summary


def test_local_run_analyses_every_article_and_reports_bad_records(
    local_run: tuple[Path, Summary],
) -> None:
    _, summary = local_run
    bad = ARTICLES // BAD_EVERY
    assert summary.complete and not summary.failed
    assert summary.articles == ARTICLES + 3
    assert summary.errors == bad + 1
    expected = {reason_kind(r) for _, r in BAD_LINES[:bad]} | {"empty file"}
    assert {k.split(" ")[0] for k in summary.reasons} == {k.split(" ")[0] for k in expected}


def test_dask_cluster_of_two_workers_gives_identical_output(
    inputs: Path, local_run: tuple[Path, Summary], tmp_path: Path
) -> None:
    local_out, local_summary = local_run
    summary = run_batch(
        [str(inputs)], tmp_path, SETTINGS, engine="dask", workers=2, partition_size=25
    )
    assert summary.complete and not summary.failed
    assert output_files(tmp_path) == output_files(local_out)
    assert (summary.articles, summary.attributions, summary.errors) == (
        local_summary.articles,
        local_summary.attributions,
        local_summary.errors,
    )
    shards = [r for r in read_records(tmp_path) if r["type"] == "shard"]
    # the pipeline is loaded once per worker process, not once per task
    assert {r["nlp_loads"] for r in shards} == {1}
    assert len(shards) > len({r["worker"] for r in shards})


def test_a_second_run_skips_finished_shards(local_run: tuple[Path, Summary], inputs: Path) -> None:
    out, first = local_run
    before = {f: f.stat().st_mtime_ns for f in out.glob("*/*.parquet")}
    again = run_batch([str(inputs)], out, SETTINGS, engine="local", partition_size=25)
    assert again.skipped == again.partitions == first.partitions
    assert again.run_articles == 0
    assert {f: f.stat().st_mtime_ns for f in out.glob("*/*.parquet")} == before


def analyse_directly(inputs: Path) -> Iterator[dict[str, object]]:
    nlp = load_nlp(SETTINGS)
    articles = [
        a
        for a in read_inputs([str(inputs / "news.jsonl")], SETTINGS)
        if isinstance(a, ArticleInput)
    ]
    for result in analyze_articles(nlp, articles):
        yield result.to_dict()


def test_shards_read_back_as_claimgraph_analyze_output(
    local_run: tuple[Path, Summary], inputs: Path
) -> None:
    out, _ = local_run
    from_shards = [a.to_dict() for a in iter_analyzed(out) if a.article.format == "text"]
    direct = list(analyse_directly(inputs))
    assert from_shards[: len(direct)] == direct
    assert json.dumps(from_shards[: len(direct)]) == json.dumps(direct)
