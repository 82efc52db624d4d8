"""Reading files, directories and stdin (claimgraph.read: sources, decode, articles, jsonl)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from claimgraph.errors import InputError
from claimgraph.read.articles import article_from_html, article_from_json, article_from_text
from claimgraph.read.decode import declared_charset, decode_bytes, decode_html
from claimgraph.read.sources import read_inputs, sniff_format
from claimgraph.records import ArticleInput, InputProblem
from claimgraph.settings import Settings

SETTINGS = Settings(max_bytes=100_000)
STORY = "“We have not seen that to date,” Sullivan said.\nShapps said China was sending aid.\n"

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="{charset}">
<title>Senate passes border bill after late-night vote | The Daily Ledger</title>
<meta name="author" content="Jane Doe">
<meta property="og:site_name" content="The Daily Ledger">
<meta property="article:published_time" content="2024-05-15T08:30:00Z">
<link rel="canonical" href="https://example.com/politics/border-bill">
</head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/world">World</a></li><li><a href="/subscribe">Subscribe</a></li></ul></nav></header>
<main><article>
<h1>Senate passes border bill after late-night vote</h1>
<p>The Senate passed a sweeping border security bill late Tuesday, sending the measure to the
House, where its prospects remain uncertain.</p>
<p>“This is a historic day for the country,” Senate Majority Leader Chuck Schumer said on the
floor shortly before the vote.</p>
<p>Republicans said they would support the bill in the House only if it included stricter
asylum rules, according to two aides familiar with the talks.</p>
<p>The White House welcomed the vote. Press secretary Karine Jean-Pierre told reporters that
President Joe Biden would sign the bill “the moment it reaches his desk.” {extra}</p>
</article>
<section id="comments"><h2>Comments</h2>
<div class="comment"><p>Great article, thanks for writing it!</p></div></section>
</main>
<footer><p>© 2024 The Daily Ledger. All rights reserved.</p>
<p><a href="/privacy">Privacy policy</a> | <a href="/terms">Terms of use</a></p></footer>
</body>
</html>
"""


def page(charset: str = "utf-8", extra: str = "") -> str:
    return PAGE.format(charset=charset, extra=extra)


def read(
    paths: list[str], stdin: bytes | None = None, settings: Settings = SETTINGS
) -> list[ArticleInput | InputProblem]:
    stream = io.BytesIO(stdin) if stdin is not None else None
    return list(read_inputs(paths, settings, stdin=stream))


def only_article(items: list[ArticleInput | InputProblem]) -> ArticleInput:
    assert len(items) == 1, items
    assert isinstance(items[0], ArticleInput), items[0]
    return items[0]


def only_problem(items: list[ArticleInput | InputProblem]) -> InputProblem:
    assert len(items) == 1, items
    assert isinstance(items[0], InputProblem), items[0]
    return items[0]


# --- plain text ---------------------------------------------------------------


def test_text_file_kept_exactly(tmp_path: Path) -> None:
    text = "Updated.\r\n\r\n  " + STORY.replace("\n", "\r\n") + "\t\n"
    path = tmp_path / "story.txt"
    path.write_bytes(text.encode("utf-8"))
    article = only_article(read([str(path)]))
    assert article.text == text  # CRLF, indentation and trailing whitespace kept
    assert article.id == "story"
    assert article.origin == str(path)
    assert article.format == "text"


def test_utf8_bom_removed(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + STORY.encode("utf-8"))
    assert only_article(read([str(path)])).text == STORY


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(STORY.encode("utf-16"))
    assert only_article(read([str(path)])).text == STORY


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert only_problem(read([str(path)])).reason == "looks like a binary file, not text"


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n", "\u00a0\u2003\n".encode()])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert only_problem(read([str(path)])) == InputProblem(str(path), "empty file")


def test_non_utf8_text(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.txt"
    path.write_bytes("He said “no”.\n".encode("cp1252"))
    reason = only_problem(read([str(path)])).reason
    assert reason == (
        "not valid UTF-8 (byte 0x93 at offset 8); "
        "convert it to UTF-8 first (e.g. iconv -f cp1252 -t utf-8)"
    )


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("word " * 100, encoding="utf-8")
    problem = only_problem(read([str(path)], settings=Settings(max_bytes=100)))
    assert problem.reason == (
        "larger than the 100-byte limit; raise it with --max-bytes or CLAIMGRAPH_MAX_BYTES"
    )


def test_missing_path(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.txt")
    assert read([missing]) == [InputProblem(missing, "no such file or directory")]


def test_good_inputs_after_bad_ones(tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "good.txt").write_text(STORY, encoding="utf-8")
    items = read(
        [str(tmp_path / "missing.txt"), str(tmp_path / "bin.txt"), str(tmp_path / "good.txt")]
    )
    assert [type(x) for x in items] == [InputProblem, InputProblem, ArticleInput]
    assert isinstance(items[2], ArticleInput) and items[2].text == STORY


def test_unknown_suffix_is_sniffed(tmp_path: Path) -> None:
    md = tmp_path / "notes.md"
    md.write_text(STORY, encoding="utf-8")
    web = tmp_path / "saved-page"
    web.write_text(page(), encoding="utf-8")
    text, html = read([str(md), str(web)])
    assert isinstance(text, ArticleInput) and text.format == "text"
    assert isinstance(html, ArticleInput) and html.format == "html"


# --- directories ------------------------------------------------------------------


def test_directory_recursion(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Two. " + STORY, encoding="utf-8")
    (tmp_path / "a" / "one.text").write_text("One. " + STORY, encoding="utf-8")
    (tmp_path / "a" / "z.TXT").write_text("Zed. " + STORY, encoding="utf-8")
    (tmp_path / "a" / "skip.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "a" / ".secret.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / ".hidden" / "x.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "page.html").write_text(page(), encoding="utf-8")
    items = read([str(tmp_path)])
    assert [Path(x.origin).relative_to(tmp_path).as_posix() for x in items] == [
        "a/one.text",
        "a/skip.pdf",
        "a/z.TXT",
        "b/two.txt",
        "page.html",
    ]
    # the .pdf is reported as skipped (one line), not as a failure
    assert items[1] == InputProblem(
        str(tmp_path / "a" / "skip.pdf"),
        "skipped: not a format claimgraph reads (.pdf)",
        skipped=True,
    )
    assert [x.id for x in items if isinstance(x, ArticleInput)] == ["one", "z", "two", "page"]


def test_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "only.pdf").write_bytes(b"%PDF")
    skipped, problem = read([str(tmp_path)])
    assert isinstance(skipped, InputProblem) and skipped.skipped
    assert isinstance(problem, InputProblem) and not problem.skipped
    assert problem.origin == str(tmp_path)
    assert problem.reason.startswith("no files to read in this directory")


# --- HTML --------------------------------------------------------------------


def test_html_file(tmp_path: Path) -> None:
    path = tmp_path / "ledger.html"
    path.write_text(page(), encoding="utf-8")
    article = only_article(read([str(path)]))
    assert article.format == "html"
    assert article.id == "ledger"
    assert article.title == "Senate passes border bill after late-night vote"
    assert article.author == "Jane Doe"
    assert article.published == "2024-05-15"
    assert article.site == "The Daily Ledger"
    assert article.url == "https://example.com/politics/border-bill"
    assert "Chuck Schumer said" in article.text
    assert "“the moment it reaches his desk.”" in article.text
    for boilerplate in ("Home", "Privacy policy", "All rights reserved", "Great article"):
        assert boilerplate not in article.text


def test_html_declared_latin1(tmp_path: Path) -> None:
    path = tmp_path / "latin.htm"
    path.write_bytes(page("iso-8859-1", extra="Señor Muñoz agreed.").encode("latin-1", "replace"))
    article = only_article(read([str(path)]))
    assert "Señor Muñoz agreed." in article.text


def test_html_declared_cp1252_quotes() -> None:
    html = page("windows-1252", extra="He called it “historic.”").encode("cp1252")
    assert declared_charset(html) == "windows-1252"
    assert "He called it “historic.”" in decode_html(html, "x.html", 1_000_000)


def test_html_http_equiv_charset() -> None:
    html = b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
    assert declared_charset(html) == "ISO-8859-1"
    assert declared_charset(b"<html><body>no declaration</body></html>") is None


def test_html_undeclared_non_utf8(tmp_path: Path) -> None:
    path = tmp_path / "bad.html"
    data = page("utf-8", extra="“quoted”").replace('<meta charset="utf-8">', "").encode("cp1252")
    path.write_bytes(data)
    assert only_problem(read([str(path)])).reason.startswith(
        "not valid UTF-8 (byte 0x93 at offset "
    )


def test_html_unknown_charset() -> None:
    with pytest.raises(InputError, match="not a known encoding"):
        decode_html(page("x-klingon").encode(), "x.html", 1_000_000)


def test_html_without_article(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text(
        "<html><head><title>x</title></head><body><nav></nav></body></html>", encoding="utf-8"
    )
    assert only_problem(read([str(path)])).reason == "no article text found in HTML"


def test_article_from_html_overrides() -> None:
    article = article_from_html(
        page(), "feed.jsonl:4", "x1", title="Given title", url="https://e.org/1"
    )
    assert (article.id, article.title, article.url) == ("x1", "Given title", "https://e.org/1")
    assert article.author == "Jane Doe"


# --- JSONL -------------------------------------------------------------------


def test_jsonl_good_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "first", "text": STORY, "title": "T", "published": "2024-05-15"}),
        "not json at all",
        "",
        json.dumps(["an", "array"]),
        json.dumps({"title": "no text"}),
        json.dumps({"text": 42}),
        json.dumps({"text": STORY, "title": ["x"]}),
        json.dumps({"text": "   "}),
        json.dumps({"text": STORY, "url": "https://e.org/a", "author": "A", "site": "S"}),
        json.dumps({"id": 7, "html": page()}),
        json.dumps({"id": True, "text": STORY}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read([str(path)])
    where = str(path)
    assert items[0] == ArticleInput(
        id="first", text=STORY, origin=f"{where}:1", title="T", published="2024-05-15"
    )
    problems = [(x.origin, x.reason) for x in items if isinstance(x, InputProblem)]
    assert problems[0][0] == f"{where}:2" and problems[0][1].startswith("not valid JSON")
    assert problems[1:] == [
        (f"{where}:4", "expected a JSON object, got an array"),
        (f"{where}:5", "needs a 'text' or an 'html' field"),
        (f"{where}:6", "field 'text' must be a string, not a number"),
        (f"{where}:7", "field 'title' must be a string, not an array"),
        (f"{where}:8", "empty text"),
        (f"{where}:11", "field 'id' must be a non-empty string or an integer, not a boolean"),
    ]
    articles = [x for x in items if isinstance(x, ArticleInput)]
    assert [(a.id, a.origin, a.format) for a in articles] == [
        ("first", f"{where}:1", "text"),
        ("batch:9", f"{where}:9", "text"),
        ("7", f"{where}:10", "html"),
    ]
    assert (articles[1].url, articles[1].author, articles[1].site) == ("https://e.org/a", "A", "S")
    assert "Chuck Schumer" in articles[2].text


def test_jsonl_line_limit_and_bad_utf8(tmp_path: Path) -> None:
    path = tmp_path / "b.jsonl"
    long_line = json.dumps({"text": "x" * 500}).encode()
    path.write_bytes(
        long_line + b"\n" + b'{"text": "caf\xe9"}\n' + json.dumps({"text": STORY}).encode()
    )
    items = read([str(path)], settings=Settings(max_bytes=200))
    assert isinstance(items[0], InputProblem) and items[0].reason.startswith(
        "line larger than the 200-byte"
    )
    assert isinstance(items[1], InputProblem) and items[1].reason.startswith(
        "not valid UTF-8 (byte 0xe9"
    )
    assert isinstance(items[2], ArticleInput) and items[2].id == "b:3"


def test_jsonl_empty_and_binary(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    binary = tmp_path / "bin.jsonl"
    binary.write_bytes(b"\x00\x01\x02\x03" * 10)
    assert [x.reason for x in read([str(empty), str(binary)]) if isinstance(x, InputProblem)] == [
        "empty file",
        "looks like a binary file, not text",
    ]


def test_article_from_json_text_wins() -> None:
    article = article_from_json(json.dumps({"text": STORY, "html": "<p>x</p>"}), "d:1", "d.jsonl:1")
    assert (article.text, article.format, article.id) == (STORY, "text", "d:1")


# --- standard input ----------------------------------------------------------------


def test_stdin_text() -> None:
    text = STORY.replace("\n", "\r\n")
    article = only_article(read(["-"], stdin=text.encode()))
    assert (article.id, article.origin, article.text, article.format) == (
        "stdin",
        "-",
        text,
        "text",
    )


def test_stdin_html() -> None:
    article = only_article(read(["-"], stdin=page().encode()))
    assert article.format == "html" and article.id == "stdin"


def test_stdin_jsonl() -> None:
    data = (
        json.dumps({"text": STORY}) + "\n" + "oops\n" + json.dumps({"id": "n", "text": STORY})
    ).encode()
    items = read(["-"], stdin=data)
    assert [(type(x).__name__, x.origin) for x in items] == [
        ("ArticleInput", "-:1"),
        ("InputProblem", "-:2"),
        ("ArticleInput", "-:3"),
    ]
    assert [x.id for x in items if isinstance(x, ArticleInput)] == ["stdin:1", "n"]


def test_stdin_empty() -> None:
    assert only_problem(read(["-"], stdin=b"")) == InputProblem("-", "empty file")


# --- helpers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"<!DOCTYPE html><html></html>", "html"),
        (b"\xef\xbb\xbf  <html lang='en'>", "html"),
        (b"<!-- saved --> <HTML>", "html"),
        (b'{"text": "x"}\n{"text": "y"}', "jsonl"),
        (b'\n\n{"text": "x"}', "jsonl"),
        (b"{not json} he said.", "text"),
        (b"[1, 2]", "text"),
        (b"Plain text with <b>tags</b> inside.", "text"),
    ],
)
def test_sniff_format(data: bytes, expected: str) -> None:
    assert sniff_format(data) == expected


def test_decode_bytes_offset_counts_bom() -> None:
    with pytest.raises(InputError, match=r"byte 0xff at offset 5\)"):
        decode_bytes(b"\xef\xbb\xbfab\xff", "x", 100)


def test_article_from_text_empty() -> None:
    with pytest.raises(InputError, match="empty text"):
        article_from_text(" \n", "x", "x.txt")


def test_directory_symlink_loop(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(STORY, encoding="utf-8")
    try:
        (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    except OSError:
        pytest.skip("cannot create symlinks here")
    items = read([str(tmp_path)])
    assert [x.origin for x in items] == [str(tmp_path / "one.txt")]


EXAMPLE_TEXTS = sorted(
    [
        *(Path(__file__).parents[2] / "examples").glob("*.txt"),
        *(Path(__file__).parents[3] / "shared" / "examples").glob("*.txt"),
    ]
)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "China sends lethal aid to Russia, UK says\n\nBeijing is sending aid.",
            "China sends lethal aid to Russia, UK says",
        ),
        ("Is China arming Russia?\nShapps said it was.", "Is China arming Russia?"),
        ("Updated to add U.S. reaction.\nBeijing is sending aid, Shapps said.", None),
        ("Updated to add U.S. reaction\nBeijing is sending aid, Shapps said.", None),
        ("UPDATE: adds Kremlin comment\nBeijing is sending aid.", None),
        ("Editor's note: this story was corrected\nBeijing is sending aid.", None),
        ("Correction appended\nBeijing is sending aid.", None),
        ("By Lena Hartmann, Baltic Wire\nBeijing is sending aid.", None),
        ("Beijing is sending aid to Russia, Shapps said.\nSullivan disagreed.", None),
        ("Beijing is sending aid to Russia, Shapps said.", None),  # one line: the story
        ("Breaking\nBeijing is sending aid.", None),  # one word
        (" ".join(["word"] * 30) + "\nBeijing is sending aid.", None),  # a paragraph
        (
            "\n\n  Shapps: China arming Russia  \n\nBeijing is sending aid.",
            "Shapps: China arming Russia",
        ),
    ],
)
def test_first_line_is_the_title_when_it_reads_as_one(text: str, title: str | None) -> None:
    from claimgraph.read.articles import title_line

    assert title_line(text) == title


@pytest.mark.parametrize("path", EXAMPLE_TEXTS, ids=lambda p: p.name)
def test_example_texts_whose_first_line_is_a_note_get_no_title(path: Path) -> None:
    # both examples open with an update note ("Updated to add U.S. reaction.")
    # and, in the wire copy, a byline: neither is a headline
    [item] = list(read_inputs([str(path)], SETTINGS))
    assert isinstance(item, ArticleInput)
    assert (item.id, item.title, item.origin) == (path.stem, None, str(path))


def test_a_text_file_with_a_headline_gets_it_as_its_title(tmp_path: Path) -> None:
    path = tmp_path / "lethal-aid.txt"
    path.write_text("UK says China is sending lethal aid to Russia\n\n" + STORY, encoding="utf-8")
    [item] = list(read_inputs([str(path)], SETTINGS))
    assert isinstance(item, ArticleInput)
    assert item.title == "UK says China is sending lethal aid to Russia"
    assert item.text.startswith("UK says")  # the text is kept exactly as given
