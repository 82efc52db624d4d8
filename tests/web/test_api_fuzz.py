"""Property tests (hypothesis, bounded) over the JSON API's parameters: any
path id, query text, date, limit or offset — raw bytes of invalid UTF-8
included — is answered below 500, as JSON, with the security headers.

Unlike tests/web/test_schema_fuzz.py (schemathesis, the OpenAPI schema's
types, a live server and the spaCy model), this sends what the schema does
not describe and needs no model: the read routes never analyse.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

pytest.importorskip("hypothesis")

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from claimgraph.corpus.api import Corpus
from claimgraph.settings import Settings
from claimgraph.web.app import create_app

FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TEXTS = (
    st.text(st.characters(codec=None), max_size=20)
    | st.integers(min_value=-(2**80), max_value=2**80).map(str)
    | st.sampled_from(["²", "1e3", "%00", "..", "/", "?", "#", "\udcff", "\x00", "１"])
)
ROUTES = [
    "/api/claims/{}",
    "/api/articles/{}",
    "/api/speakers/{}",
    "/api/claims?q={}",
    "/api/claims?since={}",
    "/api/claims?disputed={}",
    "/api/claims?speaker={}",
    "/api/claims?limit={}",
    "/api/articles?offset={}",
    "/api/articles?outlet={}",
    "/api/articles/1?version={}",
    "/api/speakers?q={}",
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("api-fuzz") / "fuzz.db"
    Corpus(db).close()
    # the read routes never analyse: a stand-in for the pipeline
    app = create_app(Settings(extractor="rules", db=str(db)), nlp=object())  # type: ignore[arg-type]
    with TestClient(app) as c:
        yield c


def encoded(value: str) -> str:
    """``value`` percent-encoded; a lone surrogate becomes the bytes of
    invalid UTF-8 it stands for (what a hostile client can send)."""
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


@FUZZ
@given(route=st.sampled_from(ROUTES), value=TEXTS)
@example(route="/api/articles/1?version={}", value="9223372036854775808")
@example(route="/api/speakers/{}", value="\udcff")
def test_any_parameter_is_answered_below_500_as_json_with_the_headers(
    client: TestClient, route: str, value: str
) -> None:
    url = route.format(encoded(value))
    r = client.get(url)
    assert r.status_code < 500, (url, r.status_code, r.text[:200])
    assert "content-security-policy" in r.headers, url
    body = r.json()
    if r.status_code >= 400:
        assert set(body) == {"error"} and body["error"]["message"], url


def test_the_fuzzed_store_is_unchanged(client: TestClient) -> None:
    assert client.get("/api/claims").json()["total"] == 0
    assert Path(client.app.state.store.path).is_file()  # type: ignore[attr-defined]
