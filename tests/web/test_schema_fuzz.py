"""Schemathesis over the OpenAPI schema against a live server: no 5xx.

Every operation gets a bounded number of generated requests (with the write
token, so that the write routes are exercised too) against a copy of the
test store.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.model

EXAMPLES = 15
TOKEN = "test-token-0123456789"


def test_no_operation_answers_a_server_error(
    make_app: Any, live_server_for: Any, store_db: str, tmp_path: Path
) -> None:
    schemathesis = pytest.importorskip("schemathesis")
    from hypothesis import HealthCheck, given, settings

    db = tmp_path / "fuzz.db"
    shutil.copy(store_db, db)
    failures: list[str] = []
    seen: list[str] = []
    with live_server_for(make_app(db=str(db))) as server:
        schema = schemathesis.openapi.from_url(server.url + "/api/openapi.json")
        for result in schema.get_all_operations():
            operation = result.ok()
            seen.append(operation.label)

            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(operation.as_strategy())
            def call(case: Any) -> None:
                response = case.call(
                    base_url=server.url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120
                )
                if response.status_code >= 500:
                    failures.append(
                        f"{case.method} {case.formatted_path} query={case.query} "
                        f"body={case.body!r:.200} -> {response.status_code} {response.text[:200]}"
                    )

            call()
    assert len(seen) == 8, seen
    assert failures == []
