"""Planning partitions and reading them back: every record exactly once, in order."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from claimgraph.batch.partitions import Partition, plan_inputs, plan_partitions, read_partition
from claimgraph.errors import InputError
from claimgraph.read.sources import read_inputs
from claimgraph.records import ArticleInput, InputProblem
from claimgraph.settings import Settings

SETTINGS = Settings(max_bytes=400)


def summary(item: ArticleInput | InputProblem) -> tuple[str, ...]:
    if isinstance(item, InputProblem):
        return ("problem", item.origin, item.reason)
    return ("article", item.id, item.origin, item.text, item.url or "")


def read_all(partitions: list[Partition], settings: Settings = SETTINGS) -> list[tuple[str, ...]]:
    return [summary(item) for p in partitions for item in read_partition(p, settings)]


def jsonl_line(i: int) -> bytes:
    return json.dumps({"text": f"Officials said item {i} arrived.", "url": f"u{i}"}).encode()


JSONL_CASES = [
    ("plain", b"".join(jsonl_line(i) + b"\n" for i in range(7))),
    ("no final line end", b"\n".join(jsonl_line(i) for i in range(5))),
    ("crlf", b"".join(jsonl_line(i) + b"\r\n" for i in range(4))),
    ("bom and blanks", b"\xef\xbb\xbf" + jsonl_line(0) + b"\n\n\n" + jsonl_line(1) + b"\n\n"),
    (
        "bad lines",
        jsonl_line(0)
        + b"\nnot json\n"
        + b'{"text": "caf\xe9"}\n'
        + json.dumps({"text": "x" * 500}).encode()
        + b"\n"
        + b'{"html": "<html><body></body></html>"}\n'
        + jsonl_line(1)
        + b"\n",
    ),
    ("only blank lines", b"\n \n\n"),
    ("empty", b""),
]


@pytest.mark.parametrize(("name", "data"), JSONL_CASES, ids=[c[0] for c in JSONL_CASES])
@pytest.mark.parametrize("size", [1, 2, 3, 100])
def test_jsonl_partitions_read_like_the_whole_file(
    tmp_path: Path, name: str, data: bytes, size: int
) -> None:
    path = tmp_path / "news.jsonl"
    path.write_bytes(data)
    expected = [summary(item) for item in read_inputs([str(path)], SETTINGS)]
    partitions = plan_partitions([str(path)], size)
    assert read_all(partitions) == expected
    assert all(p.items <= size for p in partitions)


@pytest.mark.parametrize(("lines", "size", "expected_items"), [(7, 3, [3, 3, 1]), (6, 3, [3, 3])])
def test_jsonl_partitions_hold_size_lines(
    tmp_path: Path, lines: int, size: int, expected_items: list[int]
) -> None:
    path = tmp_path / "news.jsonl"
    path.write_bytes(b"".join(jsonl_line(i) + b"\n" for i in range(lines)))
    assert [p.items for p in plan_partitions([str(path)], size)] == expected_items


def test_a_huge_line_is_refused_and_the_next_one_is_read(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_bytes(json.dumps({"text": "y" * 5000}).encode() + b"\n" + jsonl_line(1) + b"\n")
    items = read_all(plan_partitions([str(path)], 10))
    assert items[0][0] == "problem" and "larger than the 400-byte limit" in items[0][2]
    assert items[1][:2] == ("article", "news:2")


def test_partition_ids_are_stable_and_change_with_the_input(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_bytes(b"".join(jsonl_line(i) + b"\n" for i in range(4)))
    first = [p.id for p in plan_partitions([str(path)], 2)]
    assert [p.id for p in plan_partitions([str(path)], 2)] == first
    assert len(set(first)) == 2
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert not set(first) & {p.id for p in plan_partitions([str(path)], 2)}


def test_directories_are_read_in_sorted_order_with_containers_split(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_text("The minister said it was over.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Officials said it was early.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Never read.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("Not an article file.", encoding="utf-8")
    (tmp_path / "sub" / "c.txt").write_text("", encoding="utf-8")
    (tmp_path / "x.jsonl").write_bytes(jsonl_line(0) + b"\n" + jsonl_line(1) + b"\n")
    partitions = plan_partitions([str(tmp_path)], 2)
    assert [(p.kind, p.items) for p in partitions] == [("jsonl", 2), ("files", 2), ("files", 1)]
    items = read_all(partitions)
    assert [i[1] for i in items] == ["x:1", "x:2", "a", "b", f"{tmp_path}/sub/c.txt"]
    assert items[-1] == ("problem", f"{tmp_path}/sub/c.txt", "empty file")


def test_standard_input_is_refused_and_a_missing_path_is_a_note(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="standard input"):
        plan_partitions(["-"], 10)
    missing = str(tmp_path / "missing.jsonl")
    partitions, notes = plan_inputs([missing], 10)
    assert partitions == []
    assert [(n.origin, n.reason, n.skipped) for n in notes] == [
        (missing, "no such file or directory", False)
    ]


def write_warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "test"}))
        pages = [
            ("text/html; charset=utf-8", f"<html><body><p>Officials said page {i} was first "
             "published on Monday, and the minister told reporters it was true.</p>"
             "</body></html>".encode())
            for i in range(5)
        ]  # fmt: skip
        pages.insert(2, ("image/png", b"\x89PNG\r\n\x1a\n"))
        pages.insert(4, ("text/html", b"<html><body></body></html>"))
        for i, (kind, body) in enumerate(pages):
            headers = StatusAndHeaders(
                "200 OK",
                [("Content-Type", kind), ("Content-Length", str(len(body)))],
                protocol="HTTP/1.1",
            )
            writer.write_record(
                writer.create_warc_record(
                    f"https://example.org/{i}",
                    "response",
                    payload=io.BytesIO(body),
                    http_headers=headers,
                )
            )


@pytest.mark.parametrize("size", [1, 2, 3, 50])
def test_warc_partitions_split_by_records_and_read_every_page_once(
    tmp_path: Path, size: int
) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path)
    partitions = plan_partitions([str(path)], size)
    assert sum(p.items for p in partitions) == 8  # warcinfo + 7 responses
    items = read_all(partitions)
    kinds = [(kind, origin_or_id) for kind, origin_or_id, *_ in items]
    assert [k for k, _ in kinds] == ["article"] * 3 + ["problem"] + ["article"] * 2
    urls = [i[4] for i in items if i[0] == "article"]
    assert urls == [f"https://example.org/{i}" for i in (0, 1, 3, 5, 6)]
    assert items[3][2] == "no article text found in HTML"


@pytest.mark.parametrize(("size", "expected_rows"), [(1, [3, 3, 3, 1]), (4, [6, 4]), (99, [10])])
def test_parquet_partitions_are_whole_row_groups(
    tmp_path: Path, size: int, expected_rows: list[int]
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = {"id": [f"r{i}" for i in range(10)], "text": [f"He said {i}." for i in range(10)]}
    rows["text"][4] = ""
    path = tmp_path / "news.parquet"
    pq.write_table(pa.table(rows), path, row_group_size=3)
    partitions = plan_partitions([str(path)], size)
    assert [p.items for p in partitions] == expected_rows
    items = read_all(partitions)
    assert [i[1] for i in items if i[0] == "article"] == [f"r{i}" for i in range(10) if i != 4]
    assert items[4] == ("problem", f"{path}:5", "empty text")
