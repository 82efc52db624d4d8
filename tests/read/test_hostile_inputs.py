"""Hostile inputs are one problem line each, never a traceback, and never
read as something else."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from claimgraph.read.sources import read_inputs
from claimgraph.records import ArticleInput, InputProblem
from claimgraph.settings import Settings

SETTINGS = Settings()


def _items(*paths: Path) -> list[ArticleInput | InputProblem]:
    return list(read_inputs([str(p) for p in paths], SETTINGS))


def test_a_deeply_nested_jsonl_line_is_one_problem_and_the_good_lines_are_read(
    tmp_path: Path,
) -> None:
    deep = '{"text": "x", "e": ' + "[" * 100_000 + "]" * 100_000 + "}"
    path = tmp_path / "deep.jsonl"
    good = json.dumps({"text": "The minister said it was so."})
    path.write_text(f"{good}\n{deep}\n{good}\n", encoding="utf-8")
    items = _items(path)
    assert [type(i).__name__ for i in items] == ["ArticleInput", "InputProblem", "ArticleInput"]
    assert isinstance(items[1], InputProblem) and "nested too deeply" in items[1].reason


@pytest.mark.parametrize("field", ["text", "title", "id"])
def test_a_lone_surrogate_is_one_problem_naming_the_field(tmp_path: Path, field: str) -> None:
    record = {"text": "The minister said it was so.", field: "\\ud800 said he."}
    path = tmp_path / "surrogate.jsonl"
    path.write_text(json.dumps(record).replace("\\\\ud800", "\\ud800") + "\n", encoding="utf-8")
    (item,) = _items(path)
    assert isinstance(item, InputProblem)
    assert f"field {field!r} is not valid Unicode" in item.reason


def test_a_feed_whose_content_is_a_path_is_not_opened(tmp_path: Path) -> None:
    real = Path(__file__).parents[1] / "data" / "feed.rss"
    assert real.is_file()
    trap = tmp_path / "trap.rss"
    trap.write_bytes(str(real).encode())
    items = _items(trap)
    assert not [i for i in items if isinstance(i, ArticleInput)]
    assert [i for i in items if isinstance(i, InputProblem)]


def _warc(body: bytes, *, declared: int | None = None) -> bytes:
    warcio = pytest.importorskip("warcio.warcwriter")
    from warcio.statusandheaders import StatusAndHeaders

    buf = io.BytesIO()
    writer = warcio.WARCWriter(buf, gzip=False)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        "https://example.org/a", "response", payload=io.BytesIO(body), http_headers=headers
    )
    writer.write_record(record)
    data = buf.getvalue()
    if declared is not None:  # what a hostile archive says, not what it holds
        head, rest = data.split(b"\r\n\r\n", 1)
        lines = [
            f"Content-Length: {declared}".encode() if line.startswith(b"Content-Length:") else line
            for line in head.split(b"\r\n")
        ]
        data = b"\r\n".join(lines) + b"\r\n\r\n" + rest
    return data


PAGE = (
    b"<html><body><p>" + b"The minister said the talks would resume. " * 30 + b"</p></body></html>"
)


def test_a_truncated_warc_record_is_a_problem_not_a_shorter_page(tmp_path: Path) -> None:
    data = _warc(PAGE)
    path = tmp_path / "cut.warc"
    path.write_bytes(data[: len(data) - 600])
    items = _items(path)
    assert not [i for i in items if isinstance(i, ArticleInput)]
    assert any("truncated" in i.reason for i in items if isinstance(i, InputProblem))


def test_a_warc_record_declaring_a_huge_length_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.warc"
    path.write_bytes(_warc(PAGE, declared=10**12))
    items = _items(path)
    assert not [i for i in items if isinstance(i, ArticleInput)]
    assert any("declares" in i.reason for i in items if isinstance(i, InputProblem))
