"""Shards: analysed articles flattened and read back unchanged."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from batch_helpers import article_text
from spacy.language import Language

from claimgraph.batch.shards import (
    TABLES,
    articles_of_shard,
    flatten,
    read_shard,
    remove_temporaries,
    shard_names,
    write_shard,
)
from claimgraph.errors import InputError
from claimgraph.nlp.pipeline import analyze_articles
from claimgraph.records import (
    AnalyzedArticle,
    ArticleInput,
    Attribution,
    Certainty,
    InputProblem,
    Segment,
    Speaker,
)
from claimgraph.records.parse import analyzed_from_dict


def contract_1_2(analysed: AnalyzedArticle) -> AnalyzedArticle:
    """``analysed`` with the schema 1.2 fields set, one attribution declining to comment."""
    article = copy.deepcopy(analysed.to_dict())
    for i, attribution in enumerate(article["attributions"]):
        attribution["stance"] = "declines_to_comment" if i == 0 else "asserts"
        if i == 0:
            attribution["content"] = []
        attribution["certainty"] = {"level": "probable", "cues": []}
        attribution["evidence"] = {"status": "not_stated", "spans": []}
        attribution["via"] = []
        attribution["disputed_by"] = []
        attribution["disputes"] = []
        if attribution["speaker"] is not None:
            attribution["speaker"].update(
                type="person", country="DE", anonymous=False, plural=False, seniority=None
            )
    return analyzed_from_dict(article)


@pytest.fixture(scope="module")
def analysed(nlp: Language) -> list[AnalyzedArticle]:
    inputs = [ArticleInput(id=f"a{i}", text=article_text(i), origin=f"t{i}") for i in range(4)]
    inputs.append(ArticleInput(id="none", text="Nothing is attributed here.", origin="t"))
    return list(analyze_articles(nlp, inputs))


@pytest.mark.model
@pytest.mark.parametrize("version", ["pipeline", "1.2"])
def test_shards_read_back_as_the_original_articles(
    tmp_path: Path, analysed: list[AnalyzedArticle], version: str
) -> None:
    articles = analysed if version == "pipeline" else [contract_1_2(a) for a in analysed]
    assert sum(len(a.attributions) for a in articles) > 5
    problem = InputProblem("in.jsonl:3", "not valid JSON")
    items: list[tuple[int, AnalyzedArticle | InputProblem]] = list(enumerate(articles))
    items.insert(2, (99, problem))
    write_shard(tmp_path, "p1", flatten("p1", items))
    assert list(articles_of_shard(tmp_path, "p1")) == articles
    errors = read_shard(tmp_path, "errors", "p1").to_pylist()
    assert errors == [
        {"partition": "p1", "seq": 99, "origin": "in.jsonl:3", "reason": problem.reason}
    ]


@pytest.mark.model
def test_typed_columns_hold_the_stable_fields(
    tmp_path: Path, analysed: list[AnalyzedArticle]
) -> None:
    record = contract_1_2(analysed[0])
    write_shard(tmp_path, "p", flatten("p", [(0, record)]))
    article = record.to_dict()
    rows = read_shard(tmp_path, "attributions", "p").to_pylist()
    first, second = article["attributions"][:2]
    assert [r["id"] for r in rows] == [a["id"] for a in article["attributions"]]
    assert rows[0]["stance"] == "declines_to_comment"
    assert rows[0]["content_text"] == []
    assert rows[1]["cue_text"] == [s["text"] for s in second["cue"]]
    assert rows[1]["content_start"] == [s["start"] for s in second["content"]]
    assert rows[1]["confidence"] == second["confidence"]
    speakers = read_shard(tmp_path, "speakers", "p").to_pylist()
    named = [a for a in article["attributions"] if a["speaker"]]
    assert [s["attribution_id"] for s in speakers] == [a["id"] for a in named]
    assert {s["country"] for s in speakers} == {"DE"}
    assert {s["anonymous"] for s in speakers} == {False}
    assert first["id"] == rows[0]["id"]


@pytest.mark.model
def test_the_same_rows_give_byte_identical_files(
    tmp_path: Path, analysed: list[AnalyzedArticle]
) -> None:
    items: list[tuple[int, AnalyzedArticle | InputProblem]] = list(enumerate(analysed))
    first = write_shard(tmp_path / "one", "p", flatten("p", items))
    second = write_shard(tmp_path / "two", "p", flatten("p", items))
    assert first == second
    assert set(first) == set(TABLES)


def test_writing_leaves_no_temporary_and_leftovers_are_removed(tmp_path: Path) -> None:
    write_shard(tmp_path, "p", flatten("p", [(0, InputProblem("x", "empty file"))]))
    assert sorted(f.name for f in tmp_path.glob("*/.*")) == []
    leftover = tmp_path / "articles" / ".q.parquet.0123abcd.tmp"
    leftover.write_bytes(b"half a file")
    assert shard_names(tmp_path, "articles") == ["p"]
    assert remove_temporaries(tmp_path) == 1
    assert not leftover.exists()


HAND_BUILT = AnalyzedArticle(
    ArticleInput(id="h", text="Anna said so.", origin="h.txt", url="https://h.example/1"),
    removed=(),
    attributions=(
        Attribution(
            "a1",
            "indirect",
            (Segment(0, 4, "Anna"),),
            (Segment(5, 9, "said"),),
            (Segment(10, 12, "so"),),
            speaker=Speaker(mention="Anna", name="Anna"),
            certainty=Certainty("certain"),
        ),
    ),
)


def test_shards_of_an_older_version_with_extra_fields_still_read(tmp_path: Path) -> None:
    rows = flatten("p", [(0, HAND_BUILT)])
    meta = {**HAND_BUILT.to_dict()["meta"], "a_newer_meta_field": 1}
    rows.articles["extra_json"][0] = json.dumps({"meta": meta, "new_top_level_field": True})
    write_shard(tmp_path, "p", rows)
    assert list(articles_of_shard(tmp_path, "p")) == [HAND_BUILT]


def test_a_malformed_shard_row_is_refused_naming_the_shard(tmp_path: Path) -> None:
    rows = flatten("p", [(0, HAND_BUILT)])
    broken = HAND_BUILT.attributions[0].to_dict() | {"kind": "rumour"}
    rows.attributions["json"][0] = json.dumps(broken)
    write_shard(tmp_path, "p", rows)
    with pytest.raises(InputError, match=r"shard p row 0\.attributions\[0\]\.kind"):
        list(articles_of_shard(tmp_path, "p"))
