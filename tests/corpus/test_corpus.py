"""The corpus API: ingesting, versions, duplicates, claims, speakers, exports.

The first half stores hand-built analysed articles (``corpus_data``; needs
only the sentence encoder); the second ingests the story set in
``tests/data/corpus`` with the spaCy pipeline, once per module.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("onnxruntime")
pytest.importorskip("datasketch")

from claimgraph.corpus.api import Corpus
from claimgraph.errors import InputError
from claimgraph.records.corpus import IngestResult
from claimgraph.settings import Settings
from corpus_data import CORPUS_DIR, EXAMPLES, article, attribution, story_set

pytestmark = pytest.mark.model


def consistent(path: str) -> None:
    """The store passes SQLite's integrity and foreign-key checks and has no
    attribution, member or evidence row without its parent."""
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        orphans = conn.execute(
            "SELECT COUNT(*) FROM attributions t LEFT JOIN articles a ON a.id = t.article_id "
            "WHERE a.id IS NULL"
        ).fetchone()[0]
        assert orphans == 0


def counts(path: str) -> dict[str, int]:
    tables = ("stories", "articles", "attributions", "speakers", "claims", "claim_members")
    with sqlite3.connect(path) as conn:
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}


# --------------------------------------------------------------------------
# analysed articles (no spaCy)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    path = tmp_path_factory.mktemp("small") / "small.db"
    with Corpus(path) as corpus:
        summary = corpus.ingest_analyzed(story_set())
        assert summary.ingested == 3 and not summary.failed
        yield corpus


def claim_with(corpus: Corpus, words: str) -> Any:
    found = corpus.claims(q=words).items
    assert len(found) == 1, [c.canonical for c in found]
    detail = corpus.claim(found[0].id)
    assert detail is not None
    return detail


def test_the_same_claim_in_other_words_and_its_denial_form_one_disputed_claim(
    small: Corpus,
) -> None:
    detail = claim_with(small, "lethal aid")
    s = detail.summary
    quotes = {st.quote for st in detail.statements}
    assert "Beijing is preparing to supply weapons to Moscow" in quotes
    assert s.supporters == ("Grant Shapps",)
    assert s.disputers == ("Wang Lei",)
    assert s.disputed
    assert s.reports == 2
    assert s.outlets == ("Alpha News", "Beta Times")
    assert (s.first_seen, s.last_seen) == ("2026-02-01", "2026-02-03")


def test_a_declined_comment_is_stored_states_no_claim_and_joins_the_story_claim(
    small: Corpus,
) -> None:
    # it makes no claim of its own: it is a member of the article's claim
    # (the one it declines to comment on), with the role "declines"
    kremlin = small.speaker("Kremlin")
    assert kremlin is not None
    lethal = claim_with(small, "lethal aid").summary
    assert [(st.stance, st.quote, st.claim_id, st.role, st.link) for st in kremlin.statements] == [
        ("declines_to_comment", "", lethal.id, "declines", "declines")
    ]
    assert lethal.declining == ("Kremlin",)
    assert small.claims(q="declined").total == 0


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, 3),
        ({"disputed": True}, 1),
        ({"disputed": False}, 2),
        ({"speaker": "shapps"}, 1),
        ({"speaker": "Smith"}, 2),
        ({"speaker": "nobody"}, 0),
        ({"since": "2026-02-04"}, 2),
        ({"q": "TAXES"}, 1),
        ({"q": "100%"}, 0),
        ({"limit": 1}, 3),
    ],
)
def test_claim_filters(small: Corpus, query: dict[str, Any], expected: int) -> None:
    page = small.claims(**query)
    assert page.total == expected
    assert len(page.items) == min(expected, query.get("limit", 50))


def test_one_speaker_under_several_names_and_two_smiths(small: Corpus) -> None:
    shapps = small.speaker("Grant Shapps")
    assert shapps is not None
    assert shapps.summary.attributions == 2
    assert [t.title for t in shapps.titles] == ["Defence Secretary"]
    smiths = small.speakers(q="smith")
    assert sorted(s.name for s in smiths.items) == ["John Smith", "Mary Smith"]
    assert small.speaker("nobody at all") is None


def test_evidence_is_attached_to_the_claim(small: Corpus) -> None:
    detail = claim_with(small, "lethal aid")
    assert [(e.status, e.article) for e in detail.evidence] == [("cited", 1)]


def test_reingesting_adds_nothing(small: Corpus) -> None:
    before = counts(small.path)
    summary = small.ingest_analyzed(story_set())
    assert (summary.ingested, summary.unchanged) == (0, 3)
    assert counts(small.path) == before


def test_records_are_json_friendly(small: Corpus) -> None:
    for value in (
        small.claims(),
        small.speakers(),
        small.articles(),
        small.claim(1),
        small.speaker(1),
        small.article(1),
    ):
        assert value is not None
        json.dumps(value.to_dict())


def test_bad_paging_is_an_input_error(small: Corpus) -> None:
    with pytest.raises(InputError):
        small.claims(limit=0)


def test_a_denial_that_disputes_another_attribution_joins_its_claim(tmp_path: Path) -> None:
    text = "Mayor Ana Ruiz said the bridge was safe. Engineer Tom Berg rejected the claim."
    art = article(
        "bridge",
        text,
        [
            attribution(
                text, "a1", "Mayor Ana Ruiz", "said", "the bridge was safe", name="Ana Ruiz"
            ),
            attribution(
                text,
                "a2",
                "Engineer Tom Berg",
                "rejected",
                "the claim",
                name="Tom Berg",
                stance="denies",
                disputes=["a1"],
            ),
        ],
        url="https://bridge.example/1",
    )
    with Corpus(tmp_path / "c.db") as corpus:
        corpus.ingest_analyzed([art])
        (claim,) = corpus.claims().items
        assert claim.supporters == ("Ana Ruiz",) and claim.disputers == ("Tom Berg",)


def test_a_failure_mid_batch_keeps_the_others_and_the_store_consistent(tmp_path: Path) -> None:
    good = story_set()
    broken = copy.deepcopy(good[1])
    broken["meta"]["url"] = "https://broken.example/x"
    broken["attributions"][1]["content"] = [{"text": "no offsets"}]  # fails after writes began
    malformed = copy.deepcopy(good[1])
    malformed["meta"]["origin"] = "malformed.txt"
    malformed["attributions"][0]["content"] = [{"start": "x"}]  # fails before any write
    batch: list[Any] = [good[0], broken, "not an object", malformed, good[2]]
    with Corpus(tmp_path / "c.db") as corpus:
        summary = corpus.ingest_analyzed(batch)
        assert summary.ingested == 2
        failed = dict(summary.failed)
        assert set(failed) == {"beta.txt", "?", "malformed.txt"}
        assert "not a JSON object" in failed["?"]
        assert "start" in failed["beta.txt"]
        assert {a.url for a in corpus.articles().items} == {
            "https://alpha.example/a",
            "https://gamma.example/c",
        }
        consistent(corpus.path)
        # the failed article can be stored once fixed
        assert corpus.ingest_analyzed([good[1]]).ingested == 1
        consistent(corpus.path)


def test_a_reader_sees_each_article_once_it_is_committed(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    seen: list[int] = []
    with Corpus(path) as writer, Corpus(path) as reader:

        def progress(result: IngestResult) -> None:
            seen.append(reader.articles().total)

        writer.ingest_analyzed(story_set(), progress=progress)
    assert seen == [1, 2, 3]


# --------------------------------------------------------------------------
# the story set, through the NLP pipeline


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Corpus, Any]]:
    folder = tmp_path_factory.mktemp("stories")
    bad = folder / "broken.txt"
    bad.write_bytes(b"caf\xe9 au lait, the minister said.")
    with Corpus(folder / "news.db", settings=Settings(extractor="rules")) as corpus:
        summary = corpus.ingest([str(EXAMPLES), str(CORPUS_DIR), str(bad)])
        yield corpus, summary


def story(corpus: Corpus, outlet: str) -> int:
    (item,) = corpus.articles(outlet=outlet).items
    return item.id


def test_the_summary_counts_each_outcome(ingested: tuple[Corpus, Any]) -> None:
    corpus, summary = ingested
    copies = {r.article: r.duplicate_of for r in summary.results if r.status == "duplicate"}
    assert copies == {
        story(corpus, "Coastal Post"): story(corpus, "Northern Ledger"),
        next(a.id for a in corpus.articles().items if a.outlet is None): story(
            corpus, "Baltic Wire"
        ),
    }
    # examples/: the .html and the .txt are one story (the .txt a copy);
    # tests/data/corpus: three outlets, one wire copy, one update
    assert (summary.ingested, summary.updated, summary.duplicates) == (4, 1, 2)
    assert len(summary.failed) == 1
    origin, reason = summary.failed[0]
    assert origin.endswith("broken.txt") and "not valid UTF-8" in reason


def test_reingesting_the_story_set_is_idempotent(ingested: tuple[Corpus, Any]) -> None:
    corpus, _ = ingested
    before = counts(corpus.path)
    again = corpus.ingest([str(EXAMPLES), str(CORPUS_DIR)])
    assert (again.unchanged, again.ingested, again.updated, again.duplicates) == (7, 0, 0, 0)
    assert counts(corpus.path) == before
    consistent(corpus.path)


def test_the_update_is_a_new_version_that_adds_the_us_reaction(
    ingested: tuple[Corpus, Any],
) -> None:
    corpus, _ = ingested
    herald = story(corpus, "Harbor Herald")
    latest = corpus.article(herald)
    first = corpus.article(herald, version=1)
    assert latest is not None and first is not None
    assert (latest.version, latest.versions, first.version) == (2, 2, 1)
    assert "Dalton" in latest.text and "Dalton" not in first.text
    assert latest.changes is not None
    added = {st.speaker for st in latest.changes.added}
    assert {"Mark Dalton", "Ilya Brandt"} <= added
    assert latest.changes.removed == ()
    assert corpus.diff(herald, 1, 2) == latest.changes
    assert corpus.article(herald, version=3) is None


def test_the_wire_copy_is_linked_and_not_counted_as_independent(
    ingested: tuple[Corpus, Any],
) -> None:
    corpus, _ = ingested
    ledger, coastal = story(corpus, "Northern Ledger"), story(corpus, "Coastal Post")
    copy_ = corpus.article(coastal)
    original = corpus.article(ledger)
    assert copy_ is not None and original is not None
    assert copy_.duplicate_of == ledger and copy_.duplicate_score is not None
    assert original.duplicates == (coastal,)
    detail = claim_with(corpus, "artillery")
    s = detail.summary
    assert set(s.outlets) == {"Harbor Herald", "Northern Ledger", "Coastal Post", "Capital Times"}
    assert "Coastal Post" not in s.independent_outlets
    assert s.reports == 3  # Herald (2 versions), Ledger (+ its copy), Capital Times


def test_the_example_article_in_two_formats_is_one_story_and_a_copy(
    ingested: tuple[Corpus, Any],
) -> None:
    corpus, _ = ingested
    wire = story(corpus, "Baltic Wire")
    (copy_,) = [a for a in corpus.articles(q="Caspian").items if a.id != wire]
    assert copy_.duplicate_of == wire and copy_.outlet is None
    detail = claim_with(corpus, "drone engines and navigation modules")
    assert detail.summary.reports == 1
    assert detail.summary.independent_outlets == ("Baltic Wire",)
    keller = corpus.speaker("Anna Keller")
    assert keller is not None
    assert {st.article for st in keller.statements} == {wire, copy_.id}


def test_one_claim_told_by_three_outlets_in_other_words(ingested: tuple[Corpus, Any]) -> None:
    corpus, _ = ingested
    detail = claim_with(corpus, "artillery")
    quotes = {(st.outlet, st.quote) for st in detail.statements if st.independent}
    assert (
        "Northern Ledger",
        "Marovia is supplying artillery ammunition to the rebels in Zelaria",
    ) in quotes
    assert {o for o, _ in quotes} == {"Harbor Herald", "Northern Ledger", "Capital Times"}
    for st in detail.statements:  # offsets point into the stored version's text
        version = corpus.article(st.article, version=st.version)
        assert version is not None
        for seg in st.content:
            assert version.text[seg.start : seg.end] == seg.text


def test_the_disputing_outlet_and_the_update_dispute_the_claim(
    ingested: tuple[Corpus, Any],
) -> None:
    corpus, _ = ingested
    detail = claim_with(corpus, "artillery")
    assert {"Petrova", "Ilya Brandt"} <= set(detail.summary.disputers)
    assert "Tomas Rieck" in detail.summary.supporters
    assert detail.summary.disputed


def test_one_speaker_across_outlets_with_the_title_of_each_article(
    ingested: tuple[Corpus, Any],
) -> None:
    corpus, _ = ingested
    rieck = corpus.speaker("Rieck")
    assert rieck is not None and rieck.summary.name == "Tomas Rieck"
    by_outlet = {(t.outlet, t.title) for t in rieck.titles}
    assert ("Harbor Herald", "Defence Minister") in by_outlet
    assert ("Northern Ledger", "Deputy Prime Minister") in by_outlet
    assert {st.outlet for st in rieck.statements} >= {"Harbor Herald", "Northern Ledger"}


# --------------------------------------------------------------------------
# exports


def test_jsonl_export_has_one_ledger_per_claim(ingested: tuple[Corpus, Any]) -> None:
    corpus, _ = ingested
    out = io.StringIO()
    n = corpus.export("jsonl", out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert n == len(lines) == corpus.claims().total
    assert {"id", "canonical", "statements", "supporters", "disputers"} <= set(lines[0])


def test_csv_and_parquet_exports_hold_the_same_rows(
    ingested: tuple[Corpus, Any], tmp_path: Path
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    corpus, _ = ingested
    corpus.export("csv", tmp_path / "claims.csv")
    with (tmp_path / "claims.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    n = corpus.export("parquet", tmp_path / "claims.parquet")
    table = pq.read_table(tmp_path / "claims.parquet")
    assert n == table.num_rows == len(rows) > 0
    assert table.column_names == list(rows[0])
    assert table.column("quote").to_pylist() == [r["quote"] for r in rows]
    assert table.schema.field("content_start").type == "int64"


def test_claimreview_export_is_schema_org_json_ld(ingested: tuple[Corpus, Any]) -> None:
    corpus, _ = ingested
    out = io.StringIO()
    corpus.export("claimreview", out)
    reviews = json.loads(out.getvalue())
    assert len(reviews) == corpus.claims().total
    for review in reviews:
        assert review["@context"] == "https://schema.org"
        assert review["@type"] == "ClaimReview"
        assert {"claimReviewed", "datePublished", "author", "itemReviewed", "reviewRating"} <= set(
            review
        )
        assert review["itemReviewed"]["@type"] == "Claim"
        assert review["reviewRating"]["alternateName"] in (
            "Disputed in the corpus",
            "No dispute found in the corpus",
        )
        # every appearance names its article, even one without a URL
        assert all(a.get("identifier") for a in review["itemReviewed"]["appearance"])
        assert "ratingValue" not in review["reviewRating"]  # claimgraph rates no truth
    artillery = next(r for r in reviews if "artillery" in r["claimReviewed"])
    urls = {a["url"] for a in artillery["itemReviewed"]["appearance"]}
    assert "https://northernledger.example/news/2026/03/02/rieck-marovia-ammunition" in urls
    authors = {(a["@type"], a["name"]) for a in artillery["itemReviewed"]["author"]}
    assert ("Person", "Tomas Rieck") in authors


def test_an_unknown_export_format_is_an_input_error(ingested: tuple[Corpus, Any]) -> None:
    corpus, _ = ingested
    with pytest.raises(InputError, match="unknown export format"):
        corpus.export("xml", io.StringIO())


def test_since_must_be_an_iso_date(small: Corpus) -> None:
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        small.claims(since="last week")


def test_importing_claimgraph_loads_no_store_and_exports_corpus_lazily() -> None:
    import subprocess
    import sys

    code = (
        "import sys, claimgraph; "
        "assert 'claimgraph.corpus.api' not in sys.modules and 'numpy' not in sys.modules; "
        "from claimgraph.corpus.api import Corpus; assert claimgraph.Corpus is Corpus"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_statements_carry_certainty_and_relay(tmp_path: Path) -> None:
    text = "The minister was quoted by Reuters as saying taxes might rise."
    a = attribution(text, "a1", "The minister", "saying", "taxes might rise", name=None)
    a["certainty"] = {"level": "possible", "cues": []}
    a["via"] = [
        {
            "name": "Reuters",
            "type": "media",
            "relation": "quoted_by",
            "start": 27,
            "end": 34,
            "text": "Reuters",
            "refers_to": None,
        }
    ]
    with Corpus(tmp_path / "c.db") as corpus:
        corpus.ingest_analyzed([article("t", text, [a], url="https://t.example/1")])
        (claim,) = corpus.claims().items
        detail = corpus.claim(claim.id)
        assert detail is not None
        (st,) = detail.statements
        assert st.certainty == "possible"
        assert [v.name for v in st.via] == ["Reuters"]
