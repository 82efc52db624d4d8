"""The JSON API against the app (httpx through Starlette's TestClient / ASGI)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from claimgraph.output import SCHEMA_VERSION
from claimgraph.settings import Settings
from claimgraph.web.security import CSP

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]
WIRE = (ROOT / "examples" / "lethal-aid-wire.txt").read_text(encoding="utf-8")
WIRE_HTML = (ROOT / "examples" / "lethal-aid-wire.html").read_text(encoding="utf-8")
TOKEN = "test-token-0123456789"


def error_of(response: httpx.Response) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["status"] == response.status_code
    assert body["error"]["message"].strip()
    error: dict[str, Any] = body["error"]
    return error


# --------------------------------------------------------------------------
# POST /api/analyze


def test_analyze_text_returns_the_output_contract(client: TestClient) -> None:
    r = client.post(
        "/api/analyze", json={"text": WIRE, "id": "wire", "url": "https://x.test/a", "title": "T"}
    )
    assert r.status_code == 200
    body = r.json()
    assert body["schema_version"] == SCHEMA_VERSION
    assert (body["id"], body["text"]) == ("wire", WIRE)
    assert body["meta"]["url"] == "https://x.test/a"
    assert body["meta"]["title"] == "T"
    assert any(a["speaker"] and a["speaker"]["name"] == "Anna Keller" for a in body["attributions"])
    for a in body["attributions"]:
        for role in ("source", "cue", "content"):
            for s in a[role]:
                assert WIRE[s["start"] : s["end"]] == s["text"]


def test_analyze_html_extracts_the_article_text(client: TestClient) -> None:
    r = client.post("/api/analyze", json={"html": WIRE_HTML})
    assert r.status_code == 200
    body = r.json()
    assert body["meta"]["format"] == "html"
    assert "Caspian" in body["text"]
    assert "<p>" not in body["text"]
    assert body["attributions"]


def test_analyze_a_list_returns_a_list_in_order(client: TestClient) -> None:
    texts = ["Shapps said China sends aid.", "Sullivan said Washington had not seen it."]
    r = client.post("/api/analyze", json=[{"text": t} for t in texts])
    assert r.status_code == 200
    assert [a["text"] for a in r.json()] == texts


def test_analyze_stores_nothing_by_default(client: TestClient) -> None:
    r = client.post("/api/analyze", json={"text": "Shapps said China sends aid."})
    assert r.status_code == 200  # no write access needed when not storing


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        (b"{not json", 400, "not valid JSON"),
        (b"{}", 422, "exactly one of 'text' and 'html'"),
        (b'{"text": "a", "html": "<p>a</p>"}', 422, "exactly one of 'text' and 'html'"),
        (b'{"text": "   \\n "}', 422, "empty text"),
        (b'{"text": 5}', 422, "text"),
        (b'{"text": "Hi.", "colour": "red"}', 422, "colour"),
        (b'{"text": "bad \\ud800 surrogate"}', 422, "lone surrogate"),
        (b'{"html": "<html><body><script>var x;</script></body></html>"}', 422, "no article text"),
        (b'{"text": "Hi.", "id": ""}', 422, "id"),
        (b"[" + b'{"text": "a"},' * 40 + b'{"text": "a"}]', 422, "at most 32"),
    ],
    ids=[
        "not-json",
        "neither",
        "both",
        "blank",
        "wrong-type",
        "unknown-field",
        "surrogate",
        "no-article-in-html",
        "empty-id",
        "too-many",
    ],
)
def test_analyze_refuses_bad_requests_with_a_json_error(
    client: TestClient, body: bytes, status: int, message: str
) -> None:
    r = client.post("/api/analyze", content=body, headers={"content-type": "application/json"})
    assert r.status_code == status
    assert message in error_of(r)["message"]


def test_wrong_method_is_405_with_allow(client: TestClient) -> None:
    r = client.get("/api/analyze")
    assert r.status_code == 405
    assert "POST" in r.headers["allow"]
    error_of(r)


def test_unknown_route_is_a_json_404(client: TestClient) -> None:
    r = client.get("/api/nothing-here")
    assert r.status_code == 404
    assert "openapi" in error_of(r)["message"]


# --------------------------------------------------------------------------
# limits


@pytest.fixture(scope="module")
def small(make_app: Callable[..., FastAPI]) -> Iterator[TestClient]:
    """An app with a 2,000-byte request limit."""
    with TestClient(make_app(Settings(extractor="rules", max_bytes=2000))) as c:
        yield c


def test_a_body_over_the_limit_is_413(small: TestClient) -> None:
    r = small.post("/api/analyze", json={"text": "word " * 1000})
    assert r.status_code == 413
    assert "2000-byte limit" in error_of(r)["message"]


def test_a_chunked_body_over_the_limit_is_413(small: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(100):
            yield b"word " * 10
        yield b'"}'

    r = small.post("/api/analyze", content=chunks(), headers={"content-type": "application/json"})
    assert "content-length" not in r.request.headers
    assert r.status_code == 413
    error_of(r)


def test_a_body_under_the_limit_is_analysed(small: TestClient) -> None:
    assert small.post("/api/analyze", json={"text": "Shapps said it."}).status_code == 200


def test_a_full_queue_answers_503_with_retry_after(make_app: Callable[..., FastAPI]) -> None:
    """One analysis at a time and no queue: of two simultaneous requests, one
    is analysed and the other is refused at once, not left to pile up."""
    app = make_app(queue=0)

    async def both() -> list[httpx.Response]:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
                posts = [c.post("/api/analyze", json={"text": WIRE}) for _ in range(2)]
                return list(await asyncio.gather(*posts))

    responses = asyncio.run(both())
    assert sorted(r.status_code for r in responses) == [200, 503]
    refused = next(r for r in responses if r.status_code == 503)
    assert int(refused.headers["retry-after"]) > 0
    assert "busy" in error_of(refused)["message"]


# --------------------------------------------------------------------------
# writes


@pytest.mark.parametrize(
    "headers",
    [{}, {"authorization": "Bearer wrong"}, {"authorization": TOKEN}, {"authorization": "Bearer "}],
    ids=["none", "wrong-token", "no-scheme", "empty"],
)
def test_writes_need_the_token(client: TestClient, headers: dict[str, str]) -> None:
    r = client.post(
        "/api/analyze", json={"text": "Shapps said it.", "store": True}, headers=headers
    )
    assert r.status_code == 403
    assert "--allow-writes" in error_of(r)["message"]
    r = client.post(
        "/api/ingest", json={"articles": [{"text": "Shapps said it."}]}, headers=headers
    )
    assert r.status_code == 403


# --------------------------------------------------------------------------
# headers and schema


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/analyze"),
        ("GET", "/static/app.js"),
        ("GET", "/api/openapi.json"),
        ("GET", "/api/nothing-here"),
        ("POST", "/api/analyze"),
    ],
)
def test_every_response_carries_the_security_headers(
    client: TestClient, method: str, path: str
) -> None:
    r = client.request(method, path, json={"text": "Shapps said it."})
    assert r.headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "frame-ancestors 'none'" in CSP
    assert "unsafe-inline" not in CSP
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"


def test_the_openapi_schema_lists_every_route(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    assert set(paths) == {
        "/api/analyze",
        "/api/ingest",
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/claims",
        "/api/claims/{claim_id}",
        "/api/speakers",
        "/api/speakers/{speaker}",
    }
