"""What the store refuses, and what it leaves untouched when it does."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.cli.main import main
from claimgraph.corpus.store.schema import SCHEMA_VERSION
from claimgraph.corpus.store.sqlite import SQLiteStore
from claimgraph.errors import StoreError


def _foreign_db(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.execute("INSERT INTO invoices (total) VALUES (12.5)")
    conn.commit()
    conn.close()


def _newer_store(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE stories (id INTEGER PRIMARY KEY)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()


def _store_with_a_row(path: Path) -> None:
    store = SQLiteStore(path)
    with store.transaction():
        store.add_story("key", "https://example.org/a", "example.org")
    store.close()


def _journal_mode(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_foreign_db, "another application"),
        (_newer_store, "newer than this claimgraph"),
    ],
    ids=["foreign", "newer"],
)
@pytest.mark.parametrize("read_only", [False, True])
def test_a_database_that_is_not_ours_is_refused_untouched(
    tmp_path: Path, make: object, message: str, read_only: bool
) -> None:
    path = tmp_path / "other.db"
    make(path)  # type: ignore[operator]
    before = path.read_bytes()
    with pytest.raises(StoreError, match=message):
        SQLiteStore(path, read_only=read_only)
    assert path.read_bytes() == before
    assert _journal_mode(path) == "delete"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


def test_a_missing_store_is_created_only_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with pytest.raises(StoreError, match="no store at"):
        SQLiteStore(path, create=False)
    with pytest.raises(StoreError, match="no store at"):
        SQLiteStore(path, read_only=True)
    assert not path.exists()
    SQLiteStore(path, create=True).close()
    assert path.is_file()


def test_a_read_only_store_answers_queries_and_refuses_writes_without_changing_the_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "store.db"
    _store_with_a_row(path)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    before = path.read_bytes()
    store = SQLiteStore(path, read_only=True)
    assert store.query("SELECT url FROM stories") == [{"url": "https://example.org/a"}]
    with pytest.raises(StoreError, match="read-only"), store.transaction():
        pass
    store.close()
    assert path.read_bytes() == before


def test_a_damaged_store_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    _store_with_a_row(path)
    data = bytearray(path.read_bytes())
    page = 4096
    data[page : 3 * page] = b"\x17" * (2 * page)  # garble the table pages
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="is damaged"):
        store = SQLiteStore(path, read_only=True)
        store.query("SELECT * FROM stories")


@pytest.mark.parametrize(
    "command",
    [["articles"], ["claims"], ["speakers"], ["article", "1"], ["claim", "1"]],
    ids=lambda c: c[0],
)
def test_read_commands_neither_create_nor_change_a_store(
    tmp_path: Path, command: list[str]
) -> None:
    missing = tmp_path / "missing.db"
    result = CliRunner().invoke(main, [*command, "--db", str(missing)])
    assert result.exit_code != 0
    assert "no store at" in result.output
    assert not missing.exists()
    foreign = tmp_path / "invoices.db"
    _foreign_db(foreign)
    before = foreign.read_bytes()
    result = CliRunner().invoke(main, [*command, "--db", str(foreign)])
    assert result.exit_code != 0
    assert "another application" in result.output
    assert "Traceback" not in result.output
    assert foreign.read_bytes() == before
