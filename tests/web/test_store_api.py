"""The store routes of the JSON API over a small real store (tests/data/web)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

pytestmark = pytest.mark.model

TOKEN = "test-token-0123456789"
AUTH = {"authorization": f"Bearer {TOKEN}"}


def error_message(r: Any, status: int) -> str:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["error"]["status"] == status
    message: str = body["error"]["message"]
    return message


def test_articles_lists_each_story_once_with_its_versions(store_client: TestClient) -> None:
    body = store_client.get("/api/articles").json()
    assert (body["total"], body["limit"], body["offset"]) == (2, 50, 0)
    herald = next(a for a in body["items"] if a["outlet"] == "Harbor Herald")
    assert (herald["version"], herald["versions"]) == (2, 2)


@pytest.mark.parametrize(
    ("query", "outlets"),
    [
        ("?outlet=Capital Times", ["Capital Times"]),
        ("?q=Petrova", ["Capital Times"]),
        ("?q=nothing-like-this", []),
        ("?limit=1&offset=1", None),
    ],
)
def test_articles_filter_and_paginate(
    store_client: TestClient, query: str, outlets: list[str] | None
) -> None:
    body = store_client.get("/api/articles" + query).json()
    if outlets is None:
        assert (len(body["items"]), body["total"], body["limit"], body["offset"]) == (1, 2, 1, 1)
    else:
        assert [a["outlet"] for a in body["items"]] == outlets


@pytest.mark.parametrize(
    "path",
    [
        "/api/articles?limit=0",
        "/api/articles?limit=201",
        "/api/articles?offset=-1",
        "/api/claims?limit=abc",
        "/api/claims?disputed=maybe",
        "/api/speakers?limit=0",
        "/api/articles/abc",
        "/api/articles/0",
        "/api/articles/1?version=0",
        "/api/claims/99999999999999999999999",
    ],
)
def test_bad_parameters_are_422(store_client: TestClient, path: str) -> None:
    assert error_message(store_client.get(path), 422).startswith("invalid request")


def test_article_has_text_ledger_and_changes(store_client: TestClient) -> None:
    herald = next(
        a
        for a in store_client.get("/api/articles").json()["items"]
        if a["outlet"] == "Harbor Herald"
    )
    latest = store_client.get(f"/api/articles/{herald['id']}").json()
    assert latest["version"] == 2
    assert latest["text"].startswith("Updated to add Marovian reaction.")
    assert latest["changes"]["from_version"] == 1
    for a in latest["attributions"]:
        for s in a["content"]:
            assert latest["text"][s["start"] : s["end"]] == s["text"]
    first = store_client.get(f"/api/articles/{herald['id']}?version=1").json()
    assert first["version"] == 1 and first["changes"] is None
    missing = store_client.get(f"/api/articles/{herald['id']}?version=9")
    assert "version 9" in error_message(missing, 404)


def disputed_claim(client: TestClient) -> dict[str, Any]:
    body = client.get("/api/claims?disputed=true").json()
    assert body["total"] >= 1
    claim: dict[str, Any] = body["items"][0]
    return claim


def test_claims_filter_by_dispute_speaker_date_and_words(store_client: TestClient) -> None:
    claim = disputed_claim(store_client)
    assert "artillery shells" in claim["canonical"]
    assert "Tomas Rieck" in claim["supporters"]
    assert "Anna Petrova" in claim["disputers"]
    ids = {c["id"] for c in store_client.get("/api/claims?disputed=false").json()["items"]}
    assert claim["id"] not in ids
    by_speaker = store_client.get("/api/claims?speaker=Petrova").json()["items"]
    assert claim["id"] in {c["id"] for c in by_speaker}
    assert store_client.get("/api/claims?since=2099-01-01").json()["total"] == 0
    assert store_client.get("/api/claims?q=artillery&limit=1").json()["limit"] == 1


def test_claim_has_its_statements_with_stances(store_client: TestClient) -> None:
    claim = disputed_claim(store_client)
    detail = store_client.get(f"/api/claims/{claim['id']}").json()
    stances = {(s["speaker"], s["stance"]) for s in detail["statements"]}
    assert {("Tomas Rieck", "asserts"), ("Anna Petrova", "denies")} <= stances
    assert "no claim 987654" in error_message(store_client.get("/api/claims/987654"), 404)


def test_speakers_by_list_id_and_name(store_client: TestClient) -> None:
    body = store_client.get("/api/speakers?q=Petrova").json()
    assert [s["name"] for s in body["items"]] == ["Anna Petrova"]
    speaker_id = body["items"][0]["id"]
    by_id = store_client.get(f"/api/speakers/{speaker_id}").json()
    by_name = store_client.get("/api/speakers/Anna Petrova").json()
    assert by_id["id"] == by_name["id"] == speaker_id
    assert any(s["stance"] == "denies" for s in by_id["statements"])
    assert store_client.get("/api/speakers?limit=1").json()["limit"] == 1
    for missing in ("/api/speakers/Nobody%20Atall", "/api/speakers/987654", "/api/speakers/%C2%B2"):
        error_message(store_client.get(missing), 404)


def test_ingest_with_the_token_stores_articles(
    make_app: Callable[..., FastAPI], tmp_path: Path
) -> None:
    with TestClient(make_app(db=str(tmp_path / "new.db"))) as c:
        error_message(c.get("/api/articles"), 503)  # no store yet
        r = c.post(
            "/api/ingest",
            json={"articles": [{"text": "Shapps said China is sending lethal aid.", "id": "s"}]},
            headers=AUTH,
        )
        assert r.status_code == 201
        assert r.json()["ingested"] == 1
        r = c.post(
            "/api/analyze",
            json={"text": "Sullivan said Washington had not seen it.", "store": True},
            headers=AUTH,
        )
        assert r.status_code == 200 and r.json()["attributions"]
        assert c.get("/api/articles").json()["total"] == 2


def test_allow_writes_needs_no_token(make_app: Callable[..., FastAPI], tmp_path: Path) -> None:
    with TestClient(make_app(db=str(tmp_path / "open.db"), allow_writes=True)) as c:
        r = c.post("/api/ingest", json={"articles": [{"text": "Shapps said it was so."}]})
        assert r.status_code == 201


def test_a_missing_store_is_a_clear_503(make_app: Callable[..., FastAPI], tmp_path: Path) -> None:
    with TestClient(make_app(db=str(tmp_path / "absent.db"))) as c:
        for path in ("/api/articles", "/api/claims", "/api/claims/1", "/api/speakers/x"):
            assert "no store at" in error_message(c.get(path), 503)
        assert not (tmp_path / "absent.db").exists()  # reading never creates it


def test_ingest_validates_its_body(store_client: TestClient) -> None:
    for body in ({}, {"articles": []}, {"articles": [{"text": "a", "html": "b"}]}):
        error_message(store_client.post("/api/ingest", json=body, headers=AUTH), 422)


@pytest.mark.parametrize(
    "path",
    [
        "/articles/1?version=9223372036854775808",
        "/api/articles/1?version=9223372036854775808",
        "/api/speakers/%00",
        "/api/articles?q=%00",
        "/api/claims?q=%00",
        "/api/claims/99999999999999999999",
    ],
)
def test_ids_and_texts_the_corpus_refuses_are_400_with_the_security_headers(
    store_client: TestClient, path: str
) -> None:
    r = store_client.get(path)
    assert r.status_code in (400, 422), r.text
    assert "content-security-policy" in r.headers


def test_an_unexpected_error_is_a_500_with_the_security_headers(
    make_app: Callable[..., FastAPI], store_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimgraph.corpus.api import Corpus

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(Corpus, "claims", broken)
    with TestClient(make_app(db=store_db), raise_server_exceptions=False) as client:
        r = client.get("/api/claims")
    assert r.status_code == 500
    assert r.json()["error"]["status"] == 500
    assert "boom" not in r.text
    assert "content-security-policy" in r.headers


def test_reads_are_answered_while_an_ingest_is_in_progress(
    make_app: Callable[..., FastAPI],
    store_db: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import shutil
    import threading

    from claimgraph.corpus.api import Corpus

    storing = threading.Event()
    release = threading.Event()
    real = Corpus.ingest_analyzed

    def slow_ingest(self: Corpus, *args: Any, **kwargs: Any) -> Any:
        storing.set()
        release.wait(timeout=60)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Corpus, "ingest_analyzed", slow_ingest)
    db = shutil.copy(store_db, tmp_path / "store.db")
    app = make_app(db=str(db), allow_writes=True)
    with TestClient(app) as client:
        body = {"articles": [{"text": "The minister said the talks would resume."}]}
        writer = threading.Thread(target=client.post, args=("/api/ingest",), kwargs={"json": body})
        writer.start()
        try:
            assert storing.wait(timeout=60), "the ingest did not start"
            answered: list[int] = []
            reader = threading.Thread(
                target=lambda: answered.append(client.get("/api/claims").status_code)
            )
            reader.start()
            reader.join(timeout=20)
            assert answered == [200], "a read waited behind the ingest"
        finally:
            release.set()
            writer.join(timeout=60)


def test_the_claim_page_and_json_show_each_role_side_by_side(store_client: TestClient) -> None:
    claim = disputed_claim(store_client)
    assert "Tomas Rieck" in claim["asserting"]
    assert "Anna Petrova" in claim["disputing"]
    detail = store_client.get(f"/api/claims/{claim['id']}").json()
    roles = {(s["speaker"], s["role"]) for s in detail["statements"]}
    assert {("Tomas Rieck", "asserts"), ("Anna Petrova", "disputes")} <= roles
    page = store_client.get(f"/claims/{claim['id']}").text
    for heading in ("Asserting (", "Disputing (", "Observing: hedged or relayed (", "Declining"):
        assert heading in page


def test_speakers_are_listed_apart_from_kinds_of_source(store_client: TestClient) -> None:
    everyone = store_client.get("/api/speakers?limit=200").json()["items"]
    named = store_client.get("/api/speakers?kind=named&limit=200").json()["items"]
    kinds = store_client.get("/api/speakers?kind=descriptions&limit=200").json()["items"]
    assert {s["id"] for s in named} | {s["id"] for s in kinds} == {s["id"] for s in everyone}
    assert named and not any(s["description"] for s in named)
    assert all(s["description"] for s in kinds)
    page = store_client.get("/speakers", headers={"accept": "text/html"}).text
    assert "Kinds of source" in page
