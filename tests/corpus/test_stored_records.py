"""The corpus takes and returns records: analysed articles in, stored
attributions out, with the JSON the API has always served."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

pytest.importorskip("onnxruntime")
pytest.importorskip("datasketch")

from claimgraph.corpus.api import Corpus
from claimgraph.errors import StoreError
from claimgraph.output import article_to_dict
from claimgraph.records import AnalyzedArticle, Certainty, Removed, StoredAttribution
from claimgraph.records.parse import analyzed_from_dict
from corpus_data import story_set

pytestmark = pytest.mark.model


def records() -> list[AnalyzedArticle]:
    """The story set as records (each attribution with a certainty, as the
    pipeline gives), the first with a removed span."""
    articles = [
        replace(a, attributions=tuple(replace(x, certainty=Certainty("unknown"))
                                      for x in a.attributions))
        for a in (analyzed_from_dict(d) for d in story_set())
    ]  # fmt: skip
    first = articles[0]
    text = first.article.text
    return [
        AnalyzedArticle(first.article, (Removed("byline", 0, len(text.split()[0])),),
                        first.attributions),
        *articles[1:],
    ]  # fmt: skip


def test_an_article_stored_from_records_reads_back_as_records_with_the_same_json(
    tmp_path: Path,
) -> None:
    articles = records()
    with Corpus(tmp_path / "c.db") as corpus:
        summary = corpus.ingest_analyzed(articles)
        assert summary.ingested == 3 and not summary.failed
        for result, article in zip(summary.results, articles, strict=True):
            assert result.article is not None
            detail = corpus.article(result.article)
            assert detail is not None
            assert detail.removed == article.removed
            assert [s.attribution for s in detail.attributions] == list(article.attributions)
            assert all(isinstance(s, StoredAttribution) for s in detail.attributions)
            # the JSON: the contract attribution as ingested, ids added after it
            contract = article_to_dict(article)
            as_json = detail.to_dict()
            assert as_json["removed"] == contract["removed"]
            for stored, given in zip(
                as_json["attributions"], contract["attributions"], strict=True
            ):
                ids = {k: stored[k] for k in ("attribution_id", "speaker_id", "claim_id")}
                assert list(stored) == [*given, "attribution_id", "speaker_id", "claim_id"]
                assert stored == {**given, **ids}
            json.dumps(as_json)


def test_records_and_their_dicts_are_stored_alike(tmp_path: Path) -> None:
    with Corpus(tmp_path / "a.db") as by_record, Corpus(tmp_path / "b.db") as by_dict:
        by_record.ingest_analyzed(records())
        by_dict.ingest_analyzed([article_to_dict(a) for a in records()])
        claims = [c.to_dict() for c in by_record.claims().items]
        assert claims == [c.to_dict() for c in by_dict.claims().items]
        assert by_record.speakers().to_dict() == by_dict.speakers().to_dict()


def test_a_malformed_stored_attribution_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    with Corpus(path) as corpus:
        corpus.ingest_analyzed(records()[:1])
    with sqlite3.connect(path) as conn:
        conn.execute("""UPDATE attributions SET data = '{"id": "a1", "kind": 3}'""")
    with Corpus(path) as corpus, pytest.raises(StoreError, match="kind"):
        corpus.article(1)
