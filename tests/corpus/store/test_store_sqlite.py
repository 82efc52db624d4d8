"""The SQLite back end: one writer in transactions, readers beside it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from claimgraph.corpus.store.sqlite import SQLiteStore
from claimgraph.errors import StoreError


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    return SQLiteStore(tmp_path / "s.db")


def count(store: SQLiteStore) -> int:
    return int(store.query("SELECT COUNT(*) AS n FROM stories")[0]["n"])


def test_a_transaction_that_raises_writes_nothing(store: SQLiteStore) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.add_story("url:a", "a", "A")
        raise RuntimeError("boom")
    assert count(store) == 0
    with store.transaction():
        store.add_story("url:a", "a", "A")
    assert count(store) == 1


def test_writes_outside_a_transaction_are_refused(store: SQLiteStore) -> None:
    with pytest.raises(StoreError, match="outside a transaction"):
        store.add_story("url:a", "a", "A")


def test_a_reader_is_not_blocked_by_a_write_and_sees_committed_rows(
    store: SQLiteStore,
) -> None:
    reader = SQLiteStore(store.path)
    with store.transaction():
        store.add_story("url:a", "a", "A")
        seen_during: list[int] = []
        thread = threading.Thread(target=lambda: seen_during.append(count(reader)))
        thread.start()
        thread.join(timeout=10)
        assert seen_during == [0]
    assert count(reader) == 1


def test_a_second_writer_waits_then_fails_clearly(store: SQLiteStore) -> None:
    other = SQLiteStore(store.path, timeout=0.1)
    with store.transaction():
        store.add_story("url:a", "a", "A")
        with pytest.raises(StoreError, match="busy"), other.transaction():
            pass


def test_readers_cannot_write(store: SQLiteStore) -> None:
    import sqlite3

    with pytest.raises(sqlite3.OperationalError):
        store.query("DELETE FROM stories")
