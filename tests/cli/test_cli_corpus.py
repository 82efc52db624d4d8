"""The corpus commands: ingest, recluster, claims, claim, speakers, speaker,
articles, article and export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("onnxruntime")
pytest.importorskip("datasketch")

from claimgraph.cli.main import main
from claimgraph.corpus.api import Corpus
from corpus_data import CORPUS_DIR, store_with_legacy_evidence, story_set

pytestmark = pytest.mark.model

COMMANDS = [
    "ingest",
    "recluster",
    "claims",
    "claim",
    "speakers",
    "speaker",
    "articles",
    "article",
    "export",
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("cli") / "cli.db"
    with Corpus(path) as corpus:
        corpus.ingest_analyzed(story_set())
        updated = story_set()[0]
        updated["text"] += " Updated."
        corpus.ingest_analyzed([updated])
    return str(path)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_corpus_command_has_help(command: str) -> None:
    code, out = run(command, "--help")
    assert code == 0 and "--db" in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["claims"], "3 of 3 claim(s)"),
        (["claims", "--disputed"], "disputed by: Wang Lei"),
        (["claims", "--speaker", "Mary"], "taxes would rise"),
        (["claims", "--since", "2026-02-04"], "2 of 2 claim(s)"),
        (["claims", "--search", "lethal"], "China is sending lethal aid to Russia"),
        (["claim", "1"], "Disputed by:\n  Wang Lei (spokesman) — Beta Times, 2026-02-03"),
        # Shapps is quoted in both versions of one story: counted once
        (["speakers"], "Grant Shapps (person) — 2 attribution(s), 1 claim(s)"),
        (["speaker", "Shapps"], "Titles:\n  2026-02-01 Defence Secretary (Alpha News"),
        (["articles", "--outlet", "Alpha News"], "#1 v2  Alpha News"),
        (["article", "2"], "a3 declines_to_comment the Kremlin: (no content)"),
        (["article", "1", "--version", "1"], "Article 1 version 1 of 2"),
        (["article", "1", "--diff"], "no attributions added or removed"),
    ],
)
def test_corpus_queries_print_readable_listings(db: str, args: list[str], expected: str) -> None:
    code, out = run(*args, "--db", db)
    assert code == 0, out
    assert expected in out


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (["claims"], "items"),
        (["claim", "1"], "statements"),
        (["speakers"], "items"),
        (["speaker", "1"], "titles"),
        (["articles"], "items"),
        (["article", "1"], "attributions"),
        (["article", "1", "--diff"], "added"),
    ],
)
def test_corpus_queries_print_json(db: str, args: list[str], key: str) -> None:
    code, out = run(*args, "--db", db, "--format", "json")
    assert code == 0, out
    assert key in json.loads(out)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["claim", "99"], "no claim 99"),
        (["speaker", "Nobody Here"], "no speaker 'Nobody Here'"),
        (["article", "99"], "no article 99"),
        (["article", "2", "--diff"], "is the first; nothing to diff"),
        (["export", "--format", "parquet"], "give a file with --out"),
    ],
)
def test_missing_things_are_clear_errors(db: str, args: list[str], message: str) -> None:
    code, out = run(*args, "--db", db)
    assert code != 0
    assert message in out


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "claimreview"])
def test_export_writes_to_stdout_or_a_file(db: str, fmt: str, tmp_path: Path) -> None:
    code, out = run("export", "--db", db, "--format", fmt)
    assert code == 0 and out.strip()
    target = tmp_path / f"out.{fmt}"
    code, _ = run("export", "--db", db, "--format", fmt, "--out", str(target))
    assert code == 0 and target.read_text(encoding="utf-8") == out


def test_a_newer_store_is_refused_with_advice(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "newer.db"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 999")
    code, out = run("claims", "--db", str(path))
    assert code == 1 and "upgrade claimgraph" in out


def test_ingest_reports_the_summary_and_failures(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 au lait, the minister said.")
    db = str(tmp_path / "news.db")
    code, out = run(
        "ingest", "--db", db, "--model", "rules", str(CORPUS_DIR / "update.jsonl"), str(bad)
    )
    assert code == 1
    assert "1 ingested, 0 unchanged, 0 updated, 0 duplicates, 1 failed" in out
    assert "bad.txt" in out
    code, out = run(
        "ingest", "--db", db, "--model", "rules", "--json", str(CORPUS_DIR / "update.jsonl")
    )
    assert code == 0 and json.loads(out)["unchanged"] == 1


def test_ingest_shows_a_progress_bar_on_request(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "ingest",
            "--db",
            str(tmp_path / "p.db"),
            "--model",
            "rules",
            "--progress",
            str(CORPUS_DIR / "update.jsonl"),
        ],
    )
    assert result.exit_code == 0
    assert "ingest: 1article" in result.stderr.replace(" article", "article")
    assert "1 ingested" in result.stdout


def test_ingest_loads_a_batch_run_without_analysing(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    out = tmp_path / "results"
    code, output = run(
        "batch", str(CORPUS_DIR / "outlets.jsonl"), "--out", str(out), "--model", "rules"
    )
    assert code == 0, output
    db = str(tmp_path / "b.db")
    code, output = run("ingest", "--db", db, "--from-batch", str(out))
    assert code == 0, output
    assert "2 ingested, 0 unchanged, 0 updated, 1 duplicates, 0 failed" in output
    code, output = run("ingest", "--db", db, "--from-batch", str(out))
    assert "0 ingested, 3 unchanged" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "not both"),
        (["--from-batch", "."], "not both"),  # with PATHS below
    ],
)
def test_ingest_needs_paths_or_a_batch_run(args: list[str], message: str, tmp_path: Path) -> None:
    extra = [str(CORPUS_DIR)] if args else []
    code, out = run("ingest", "--db", str(tmp_path / "x.db"), *args, *extra)
    assert code == 2 and message in out


def test_ingest_from_a_folder_that_is_no_batch_run_is_a_clear_error(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    code, out = run("ingest", "--db", str(tmp_path / "x.db"), "--from-batch", str(tmp_path))
    assert code == 1 and "is this a 'claimgraph batch' --out?" in out


def test_articles_name_a_text_file_by_its_file_and_say_where_each_came_from(
    tmp_path: Path,
) -> None:
    # a .txt input: no title (its first line was an update note), outlet, URL
    # or date; the listing names it by its file, never '#1 v1 ? ?'
    stories = story_set()[:1]
    meta = stories[0]["meta"]
    meta.update(origin="stories/alpha.txt", title=None, site=None, url=None, published=None)
    db = str(tmp_path / "txt.db")
    with Corpus(db) as corpus:
        corpus.ingest_analyzed(stories)
    code, out = run("articles", "--db", db)
    assert code == 0, out
    assert "#1 v1  no outlet  date unknown  alpha.txt (1 attribution(s))" in out
    assert "    from stories/alpha.txt\n" in out
    assert "?" not in out


@pytest.mark.parametrize(
    ("cited", "evidence"),
    [
        (True, "\nEvidence:\n  article 1 v1 cited (no passage marked)\n"),
        (False, None),  # nothing to show: no heading
    ],
)
def test_claim_evidence_has_no_empty_lines_or_headings(
    tmp_path: Path, cited: bool, evidence: str | None
) -> None:
    db = store_with_legacy_evidence(tmp_path / "legacy.db", cited=cited)
    code, out = run("claim", "1", "--db", db)
    assert code == 0, out
    assert "not stated" not in out
    assert not [line for line in out.splitlines() if line.rstrip().endswith(":") and "  " in line]
    if evidence:
        assert evidence in out
    else:
        assert "Evidence" not in out


def test_recluster_rebuilds_the_graph_and_creates_no_store(db: str, tmp_path: Path) -> None:
    assert run("recluster", "--db", db) == (
        0,
        "rebuilt the claim graph of 4 articles: 3 claims, 5 speakers\n",
    )
    code, out = run("recluster", "--db", db, "--json")
    assert code == 0 and json.loads(out) == {"articles": 4, "claims": 3, "speakers": 5}
    missing = tmp_path / "missing.db"
    code, out = run("recluster", "--db", str(missing))
    assert code == 1 and "there is no store" in out and not missing.exists()
