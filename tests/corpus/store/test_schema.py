"""The store schema: created, upgraded in order, and refused when newer."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from claimgraph.corpus.store.schema import MIGRATIONS, SCHEMA_VERSION, migrate, schema_version
from claimgraph.corpus.store.sqlite import SQLiteStore
from claimgraph.errors import StoreError


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {r[0] for r in rows}


def test_a_new_store_has_the_current_schema_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    store = SQLiteStore(path)
    store.close()
    with sqlite3.connect(path) as conn:
        assert schema_version(conn) == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert {"articles", "attributions", "speakers", "claims", "claim_members", "evidence"} <= (
        tables(path)
    )


def test_an_old_store_is_upgraded_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, MIGRATIONS[:1])
    conn.execute(
        "INSERT INTO stories (key, url, outlet, created) VALUES ('url:x', 'x', 'X', '2026')"
    )
    conn.close()
    assert "version_changes" not in tables(path)
    SQLiteStore(path).close()
    assert "version_changes" in tables(path)
    with sqlite3.connect(path) as conn:
        assert schema_version(conn) == SCHEMA_VERSION
        assert conn.execute("SELECT key FROM stories").fetchall() == [("url:x",)]


def test_a_store_from_a_newer_claimgraph_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match=r"newer than this claimgraph.*upgrade claimgraph"):
        SQLiteStore(path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 100, encoding="utf-8")
    with pytest.raises(StoreError, match="not a claimgraph store"):
        SQLiteStore(path)


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="existing folder"):
        SQLiteStore(tmp_path / "no" / "such" / "store.db")


def test_a_failing_migration_leaves_the_previous_version(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "x.db", isolation_level=None)
    broken = (MIGRATIONS[0], "CREATE TABLE extra (id INTEGER); CREATE TABLE extra (id INTEGER)")
    with pytest.raises(StoreError, match="unchanged at schema 1"):
        migrate(conn, broken)
    assert schema_version(conn) == 1
    assert "extra" not in {
        r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
