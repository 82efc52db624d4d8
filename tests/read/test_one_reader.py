"""One reader: the same inputs give the same articles through ``analyze``,
``ingest``, and ``batch`` + ``ingest --from-batch`` (issue 16, point 1)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("warcio")
pytest.importorskip("feedparser")
pytest.importorskip("pyarrow")

from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimgraph.batch.partitions import plan_inputs, read_partition
from claimgraph.cli.main import main
from claimgraph.read.sources import read_inputs
from claimgraph.records import ArticleInput, InputProblem
from claimgraph.settings import Settings

SETTINGS = Settings(max_bytes=100_000)
FEED = Path(__file__).parent.parent / "data" / "feed.rss"
PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>
<body><article><h1>{title}</h1><p>{body}</p><p>Officials said the talks would resume next
week in the capital, according to two people familiar with the plans.</p></article></body></html>"""
BAD_LINE = "not json at all"
#: (origin relative to the directory, reason) of every input that is not read
EXPECTED_PROBLEMS = {
    ("c.jsonl:2", "not valid JSON (Expecting value: line 1 column 1 (char 0))"),
    ("e.rss#3", "feed entry has no content or summary"),
    ("g.pdf", "skipped: not a format claimgraph reads (.pdf)"),
}

Article = tuple[str, str, str, str | None]  # id, origin, text, url


def page(title: str, body: str) -> bytes:
    return PAGE.format(title=title, body=body).encode("utf-8")


def write_warc(path: Path) -> None:
    """A 200 HTML response, a 404 response, an image, and a text/plain
    resource record without a URL."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.suffix == ".gz")
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        responses = [
            ("https://wire.example/ok", "200 OK", "text/html; charset=utf-8",
             page("Ports close", "The harbour master said all ports would close on Monday.")),
            ("https://wire.example/gone", "404 Not Found", "text/html",
             page("Not found", "The page you asked for is gone, the server said.")),
            ("https://wire.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n"),
        ]  # fmt: skip
        for url, status, kind, body in responses:
            headers = StatusAndHeaders(status, [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(body), http_headers=headers
                )
            )
        note = b"The minister said on Tuesday that the bridge tolls would be cut by half."
        writer.write_record(
            writer.create_warc_record(
                None,
                "resource",
                payload=io.BytesIO(note),
                warc_content_type="text/plain",
            )
        )


def build(root: Path) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    (root / "a.txt").write_text("The mayor said the river had risen overnight.", encoding="utf-8")
    (root / "b.html").write_bytes(page("Rates held", "The governor said rates would stay put."))
    lines = [
        json.dumps({"text": "The coach said the team was ready.", "url": "https://j.example/1"}),
        BAD_LINE,
        json.dumps({"id": "c-three", "text": "A spokesman said the plant was safe."}),
    ]
    (root / "c.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    write_warc(root / "d.warc.gz")
    (root / "e.rss").write_bytes(FEED.read_bytes())
    table = pa.table(
        {
            "id": ["row-1", "row-2"],
            "text": ["The senator said the vote was close.", "Police said two men were held."],
        }
    )
    pq.write_table(table, root / "f.parquet", row_group_size=1)
    (root / "g.pdf").write_bytes(b"%PDF-1.4 not an article")
    (root / ".hidden.txt").write_text("The spy said nothing at all.", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("mixed"))


def relative(origin: str, root: Path) -> str:
    return origin.removeprefix(f"{root}/")


def read_directly(root: Path) -> tuple[list[Article], set[tuple[str, str]]]:
    articles: list[Article] = []
    problems: set[tuple[str, str]] = set()
    for item in read_inputs([str(root)], SETTINGS):
        if isinstance(item, InputProblem):
            problems.add((relative(item.origin, root), item.reason))
        else:
            articles.append((item.id, relative(item.origin, root), item.text, item.url))
    return articles, problems


def from_contract(objects: list[dict[str, Any]], root: Path) -> list[Article]:
    return [
        (o["id"], relative(o["meta"]["origin"], root), o["text"], o["meta"]["url"]) for o in objects
    ]


def test_the_reader_applies_one_set_of_rules(mixed: Path) -> None:
    articles, problems = read_directly(mixed)
    assert problems == EXPECTED_PROBLEMS
    ids = [a[0] for a in articles]
    assert ids == [
        "a",
        "b",
        "c:1",
        "c-three",
        "https://wire.example/ok",  # a URL when there is one ...
        f"{mixed}/d.warc.gz#5",  # ... else path + record number (the warcinfo is #1)
        "e:1",
        "e:2",
        "row-1",
        "row-2",
    ]
    origins = [a[1] for a in articles]
    assert origins[4:6] == ["d.warc.gz#2", "d.warc.gz#5"]
    assert "bridge tolls" in articles[5][2]
    assert not any("gone" in a[2] or "spy" in a[2] for a in articles)


@pytest.mark.parametrize("size", [1, 2, 50])
def test_batch_partitions_read_what_the_reader_reads(mixed: Path, size: int) -> None:
    partitions, notes = plan_inputs([str(mixed)], size)
    items = [item for p in partitions for item in read_partition(p, SETTINGS)]
    expected, problems = read_directly(mixed)
    got = [
        (i.id, relative(i.origin, mixed), i.text, i.url)
        for i in items
        if isinstance(i, ArticleInput)
    ]
    assert sorted(got, key=str) == sorted(expected, key=str)
    got_problems = {
        (relative(p.origin, mixed), p.reason)
        for p in [*items, *notes]
        if isinstance(p, InputProblem)
    }
    assert got_problems == problems
    assert [n.skipped for n in notes] == [True]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def stored(db: Path, root: Path) -> list[tuple[str, str, str | None]]:
    from claimgraph.corpus.api import Corpus

    found = []
    with Corpus(db) as corpus:
        for summary in corpus.articles(limit=1000).items:
            detail = corpus.article(summary.id)
            assert detail is not None
            found.append((relative(detail.origin, root), detail.text, detail.url))
    return sorted(found, key=str)


@pytest.mark.model
def test_analyze_ingest_and_batch_give_the_same_articles(mixed: Path, tmp_path: Path) -> None:
    pytest.importorskip("onnxruntime")
    pytest.importorskip("datasketch")
    expected, _ = read_directly(mixed)

    code, out, err = run("analyze", "--format", "jsonl", "--model", "rules", str(mixed))
    assert code == 1  # the bad JSONL line and the empty feed entry; the .pdf is no failure
    analyzed = from_contract([json.loads(line) for line in out.splitlines()], mixed)
    assert analyzed == expected
    for origin, reason in EXPECTED_PROBLEMS:
        assert f"claimgraph: {mixed}/{origin}: {reason}\n" in err
    assert "2 input(s) could not be read; 10 analysed" in err

    results = tmp_path / "results"
    code, out, err = run(
        "batch", str(mixed), "--out", str(results), "--model", "rules", "--partition-size", "2"
    )
    assert code == 1, out + err  # as analyze: the bad JSONL line and the empty feed entry
    assert "2 record(s) not analysed" in err
    assert f"{mixed}/g.pdf: skipped: not a format claimgraph reads (.pdf)" in err
    from claimgraph.batch.shards import iter_analyzed

    batched = from_contract([a.to_dict() for a in iter_analyzed(results)], mixed)
    assert sorted(batched, key=str) == sorted(expected, key=str)

    direct, from_batch = tmp_path / "direct.db", tmp_path / "batch.db"
    code, out, err = run("ingest", "--db", str(direct), "--model", "rules", str(mixed))
    assert code == 1
    assert "10 ingested" in out and "2 failed, 1 skipped" in out
    assert f"claimgraph: {mixed}/c.jsonl:2: {sorted(EXPECTED_PROBLEMS)[0][1]}" in err
    code, out, err = run("ingest", "--db", str(from_batch), "--from-batch", str(results))
    assert code == 0 and "10 ingested" in out, out + err
    want = sorted(((o, t, u) for _, o, t, u in expected), key=str)
    assert stored(direct, mixed) == want
    assert stored(from_batch, mixed) == want


@pytest.mark.model
def test_one_warc_gives_the_same_articles_through_analyze_and_batch(
    tmp_path: Path,
) -> None:
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc)
    code, out, _ = run("analyze", "--format", "jsonl", "--model", "rules", str(warc))
    assert code == 0
    analyzed = from_contract([json.loads(line) for line in out.splitlines()], tmp_path)
    assert [a[0] for a in analyzed] == ["https://wire.example/ok", f"{warc}#5"]
    results = tmp_path / "results"
    code, out, err = run(
        "batch", str(warc), "--out", str(results), "--model", "rules", "--partition-size", "1"
    )
    assert code == 0, out + err
    from claimgraph.batch.shards import iter_analyzed

    assert from_contract([a.to_dict() for a in iter_analyzed(results)], tmp_path) == analyzed
