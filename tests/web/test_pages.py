"""Server-rendered pages through the app (no browser): content, escaping, errors."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi import FastAPI
from fastapi.testclient import TestClient

from claimgraph.cli.main import main
from claimgraph.web.app import templates

pytestmark = pytest.mark.model

HTML = {"accept": "text/html"}


def test_templates_autoescape() -> None:
    assert templates().env.autoescape is True


def test_home_leads_to_the_analyze_page(client: TestClient) -> None:
    r = client.get("/", headers=HTML)
    assert r.status_code == 200
    assert r.url.path == "/analyze"
    assert '<form method="post" action="/analyze"' in r.text
    assert "<script>" not in r.text  # no inline script
    assert '<script src="/static/app.js" defer></script>' in r.text


def test_analyze_page_highlights_the_pasted_text(client: TestClient) -> None:
    text = "Updated to add reaction.\nShapps said China is sending lethal aid."
    r = client.post("/analyze", data={"content": text, "format": "text"})
    assert r.status_code == 200
    source = '<span class="hl r-source sp-0" data-attr="a1" data-roles="a1:source">Shapps</span>'
    assert source in r.text
    assert 'id="a-a1" tabindex="0"' in r.text
    assert 'data-removed="update_note"' in r.text
    assert 'id="ledger-a1"' in r.text


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_analyze_page_escapes_what_was_pasted(client: TestClient, fmt: str) -> None:
    payload = '</textarea><script>alert(1)</script>"><img src=x onerror=alert(1)>'
    content = f"Shapps said {payload} was real."
    if fmt == "html":
        content = f"<html><body><article><p>{content}</p></article></body></html>"
    r = client.post("/analyze", data={"content": content, "format": fmt})
    assert "<script>alert(1)" not in r.text
    assert "<img src=x" not in r.text
    assert "&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in r.text


def test_analyze_page_asks_for_content_when_empty(client: TestClient) -> None:
    r = client.post("/analyze", data={"content": "  ", "format": "text"})
    assert r.status_code == 422
    assert "Paste the text or HTML" in r.text


def test_page_errors_are_html_pages(client: TestClient) -> None:
    r = client.get("/no-such-page", headers=HTML)
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert "Error 404" in r.text


def test_analyze_page_reports_unreadable_html(client: TestClient) -> None:
    r = client.post("/analyze", data={"content": "<html><body></body></html>", "format": "html"})
    assert r.status_code == 422
    assert "no article text found in HTML" in r.text


def test_serve_says_which_extra_to_install_when_uvicorn_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # makes "import uvicorn" fail
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 1
    assert "claimgraph[web]" in result.output


def test_listing_pages_count_and_link_the_next_page(store_client: TestClient) -> None:
    r = store_client.get("/articles?limit=1", headers=HTML)
    assert r.status_code == 200
    assert "1–1 of 2" in r.text
    assert 'href="/articles?limit=1&amp;offset=1" rel="next"' in r.text
    r = store_client.get("/articles?limit=1&offset=1", headers=HTML)
    assert "2–2 of 2" in r.text and 'rel="prev"' in r.text and 'rel="next"' not in r.text


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/claims?disputed=yes", "Anna Petrova"),
        ("/claims?q=artillery&speaker=Rieck&since=2026-01-01", "Tomas Rieck"),
        ("/speakers?q=Petrova", "Anna Petrova"),
        ("/speakers/Anna%20Petrova", "spokeswoman"),
        ("/articles?outlet=Capital%20Times", "Marovia rejects shell accusation"),
    ],
)
def test_store_pages_show_what_the_store_holds(
    store_client: TestClient, path: str, text: str
) -> None:
    r = store_client.get(path, headers=HTML)
    assert r.status_code == 200
    assert text in r.text


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/articles/987654", 404),
        ("/claims/987654", 404),
        ("/speakers/Nobody", 404),
        ("/articles/abc", 422),
        ("/claims?disputed=maybe", 422),
    ],
)
def test_store_page_errors_are_html(store_client: TestClient, path: str, status: int) -> None:
    r = store_client.get(path, headers=HTML)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("text/html")
    assert f"Error {status}" in r.text


RLO = "\u202e"
BIDI_TEXT = (
    f"Minister Anna {RLO}relleK said the strike had {RLO}not{chr(0x202C)} happened, "
    f"officials said.\n\n“It is over,” she told {chr(0x2067)}reporters."
)


def _no_raw_controls(html: str) -> None:
    for ch in (RLO, "\u202c", "\u2067"):
        assert ch not in html


def test_bidi_controls_in_pasted_text_are_shown_not_obeyed(client: TestClient) -> None:
    r = client.post("/analyze", data={"content": BIDI_TEXT, "format": "text"})
    assert r.status_code == 200
    _no_raw_controls(r.text)
    assert "⟨U+202E⟩" in r.text


def test_bidi_controls_in_stored_text_never_reach_a_page_raw(
    make_app: Callable[..., FastAPI], tmp_path: Path
) -> None:
    with TestClient(make_app(db=str(tmp_path / "bidi.db"), allow_writes=True)) as c:
        article = {"text": BIDI_TEXT, "title": f"Strike {RLO}report", "id": "bidi"}
        assert c.post("/api/ingest", json={"articles": [article]}).status_code == 201
        for path in ("/articles", "/claims", "/speakers", "/articles/1"):
            r = c.get(path)
            assert r.status_code == 200, path
            _no_raw_controls(r.text)
        title = r.text.split("<title>", 1)[1].split("</title>", 1)[0]
        assert "Strike ⟨U+202E⟩report" in title


@pytest.fixture(scope="module")
def undated_client(
    make_app: Callable[..., FastAPI], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    """The corpus test story set with Beta Times' article undated."""
    from claimgraph.corpus.api import Corpus
    from corpus_data import story_set

    stories = story_set()
    stories[1]["meta"]["published"] = None
    db = tmp_path_factory.mktemp("undated") / "undated.db"
    with Corpus(db) as corpus:
        corpus.ingest_analyzed(stories)
    with TestClient(make_app(db=str(db))) as c:
        yield c


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("/articles", "<td>date unknown</td>"),
        ("/articles", '<span class="origin">from beta.txt</span>'),
        ("/articles/2", "date unknown ·"),
        ("/articles/2", "<h1>https://beta.example/b</h1>"),  # no title: named by its URL
        ("/claims", "<td>2026-02-01 (3 statements undated)</td>"),
        ("/claims/1", "published 2026-02-01 (3 statements undated)"),
        ("/claims/1", "Beta Times · date unknown"),
    ],
)
def test_pages_say_date_unknown_not_the_ingest_day(
    undated_client: TestClient, path: str, shown: str
) -> None:
    r = undated_client.get(path, headers=HTML)
    assert r.status_code == 200
    assert shown in r.text
    today = date.today().isoformat()
    # the ingest day is shown only where it is labelled as such
    assert today not in r.text.replace(f"ingested {today}", "")


@pytest.mark.parametrize(("cited", "heading"), [(True, True), (False, False)])
def test_claim_page_evidence_has_no_empty_lines_or_headings(
    make_app: Callable[..., FastAPI], tmp_path: Path, cited: bool, heading: bool
) -> None:
    from corpus_data import store_with_legacy_evidence

    db = store_with_legacy_evidence(tmp_path / "legacy.db", cited=cited)
    with TestClient(make_app(db=db)) as c:
        r = c.get("/claims/1", headers=HTML)
    assert r.status_code == 200
    assert "not stated" not in r.text
    assert ('id="evidence-h"' in r.text) is heading
    if heading:
        assert "<li>cited (no passage marked) (article 1 v1)</li>" in r.text


def test_analyze_form_folds_away_after_a_run(client: TestClient) -> None:
    empty = client.get("/analyze", headers=HTML).text
    assert '<details class="analyze-box" open>' in empty
    r = client.post("/analyze", data={"content": "Shapps said China sends aid.", "format": "text"})
    assert r.status_code == 200
    assert '<details class="analyze-box">' in r.text  # closed: one line above the result
    assert "<summary>Analyze another article</summary>" in r.text
    assert ">Shapps said China sends aid.</textarea>" in r.text  # still there to edit
