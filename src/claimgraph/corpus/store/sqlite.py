"""The SQLite back end: one file, WAL journal, foreign keys, one writer.

- **One writer.** A :class:`SQLiteStore` holds a single write connection;
  every write happens in :meth:`SQLiteStore.transaction` (``BEGIN
  IMMEDIATE`` … ``COMMIT``), which takes SQLite's write lock, so writers in
  other processes wait (up to ``timeout`` seconds) instead of interleaving.
  An exception inside the block rolls the transaction back: an article that
  fails to store leaves nothing behind, and nothing else is lost.
- **Readers** open their own short-lived connections (``query_only``), so
  reads never block on a write in progress and see the last committed state
  (WAL mode).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from claimgraph.corpus.store.base import (
    ClaimRow,
    Graph,
    NewArticle,
    NewAttribution,
    Row,
    Signature,
    SpeakerRow,
    StoredArticle,
    StoryVersion,
)
from claimgraph.corpus.store.schema import SCHEMA_VERSION, migrate, schema_version
from claimgraph.errors import StoreError

#: Seconds a connection waits for another writer's lock before giving up.
TIMEOUT = 30.0


def _connect(path: str, timeout: float, *, read_only: bool = False) -> sqlite3.Connection:
    try:
        if read_only:
            conn = _connect_read_only(path, timeout)
        else:
            conn = sqlite3.connect(
                path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the store {path}: {exc}; check the --db path") from exc
    return conn


def _connect_read_only(path: str, timeout: float) -> sqlite3.Connection:
    """A connection that cannot change the file: ``mode=ro``, or, where SQLite
    cannot even create its shared-memory file beside a WAL store (a read-only
    folder or mount), ``immutable=1``."""
    uri = Path(path).resolve().as_uri()
    conn = sqlite3.connect(
        f"{uri}?mode=ro", uri=True, timeout=timeout, isolation_level=None, check_same_thread=False
    )
    try:
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
    except sqlite3.OperationalError:
        conn.close()
        conn = sqlite3.connect(
            f"{uri}?immutable=1", uri=True, isolation_level=None, check_same_thread=False
        )
    return conn


def damaged(path: str, exc: sqlite3.DatabaseError) -> StoreError:
    """The error for a store SQLite reports as damaged or not a database."""
    if "malformed" in str(exc):
        return StoreError(
            f"the store {path} is damaged ({exc}): recover what it holds with "
            f"'sqlite3 {path} .recover | sqlite3 recovered.db' and pass --db recovered.db, "
            "or ingest again into a new store"
        )
    return StoreError(f"{path} is not a claimgraph store ({exc}); pass another file with --db")


def inspect_store(path: str, *, timeout: float = TIMEOUT) -> int:
    """Look at an existing file without changing it and return its store
    schema version (0: an empty SQLite database, a new store).

    Raises:
        StoreError: the file is not a SQLite database, is damaged, holds
            another application's tables, or was written by a newer claimgraph.
    """
    try:
        conn = _connect_read_only(path, timeout)
    except sqlite3.OperationalError as exc:
        raise StoreError(f"cannot open the store {path}: {exc}; check the --db path") from exc
    except sqlite3.DatabaseError as exc:
        raise damaged(path, exc) from exc
    try:
        version = schema_version(conn)
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        check = str(conn.execute("PRAGMA quick_check(1)").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        raise damaged(path, exc) from exc
    finally:
        conn.close()
    if check != "ok":
        raise damaged(path, sqlite3.DatabaseError(f"database disk image is malformed: {check}"))
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} has store schema {version}, newer than this claimgraph knows "
            f"({SCHEMA_VERSION}); upgrade claimgraph (python -m pip install -U claimgraph) "
            "to open it"
        )
    if version == 0 and tables:
        shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
        raise StoreError(
            f"{path} is a SQLite database of another application (tables: {shown}), not a "
            "claimgraph store; it was left untouched: pass another file with --db"
        )
    return version


class SQLiteStore:
    """A claimgraph store in one SQLite file.

    An existing file is inspected without being changed first
    (:func:`inspect_store`): another application's database, a damaged one or
    one from a newer claimgraph is refused untouched. Then, for writing, the
    store is switched to WAL and migrated to the current schema.

    Args:
        create: make a new store when ``path`` does not exist (only commands
            that write, such as ``claimgraph ingest``, do); without it a
            missing file is an error.
        read_only: never write: no WAL switch, no migration, readers open the
            file read-only (so a read-only file or mount can be read); every
            write method raises :class:`~claimgraph.errors.StoreError`.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        timeout: float = TIMEOUT,
        create: bool = True,
        read_only: bool = False,
    ) -> None:
        self.path = str(path)
        self._timeout = timeout
        self.read_only = read_only
        self._lock = threading.RLock()
        if self.path == ":memory:":
            raise StoreError(
                f"cannot create the store {self.path}: give the path of a file in an "
                "existing folder (--db or CLAIMGRAPH_DB)"
            )
        if Path(self.path).exists():
            version = inspect_store(self.path, timeout=timeout)
            if read_only and version < SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path} has store schema {version}, older than this claimgraph's "
                    f"({SCHEMA_VERSION}), and it was opened read-only: run a write command "
                    "(claimgraph ingest) on it once to upgrade it"
                    if version
                    else f"{self.path} holds no claimgraph store yet: ingest articles into it "
                    "with 'claimgraph ingest PATH... --db FILE'"
                )
        elif read_only or not create:
            raise StoreError(
                f"there is no store at {self.path}: create one with "
                f"'claimgraph ingest PATH... --db {self.path}', or check the --db path"
            )
        elif not Path(self.path).parent.is_dir():
            raise StoreError(
                f"cannot create the store {self.path}: give the path of a file in an "
                "existing folder (--db or CLAIMGRAPH_DB)"
            )
        if read_only:
            self._writer: sqlite3.Connection | None = None
            return
        writer = _connect(self.path, timeout)
        try:
            mode = writer.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            writer.close()
            raise damaged(self.path, exc) from exc
        if str(mode).lower() != "wal":
            writer.close()
            raise StoreError(f"{self.path}: cannot switch the store to WAL mode (got {mode})")
        writer.execute("PRAGMA synchronous = NORMAL")
        try:
            migrate(writer, path=self.path)
        except StoreError:
            writer.close()
            raise
        self._writer = writer

    @property
    def _w(self) -> sqlite3.Connection:
        if self._writer is None:
            raise StoreError(
                f"the store {self.path} was opened read-only: writing to it needs a write "
                "command (claimgraph ingest) or 'claimgraph serve --allow-writes'"
            )
        return self._writer

    def close(self) -> None:
        with self._lock:
            if self._writer is not None:
                self._writer.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction; rolled back if the block raises."""
        with self._lock:
            try:
                self._w.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise StoreError(
                    f"the store {self.path} is busy ({exc}); another process is writing "
                    "to it — try again when it has finished"
                ) from exc
            try:
                yield
            except BaseException:
                self._w.execute("ROLLBACK")
                raise
            self._w.execute("COMMIT")

    def data_version(self) -> int:
        """``PRAGMA data_version`` of the write connection."""
        return int(self._w.execute("PRAGMA data_version").fetchone()[0])

    def _write(self, sql: str, params: Sequence[Any] = ()) -> int:
        if not self._w.in_transaction:
            raise StoreError("internal error: a store write outside a transaction")
        cursor = self._w.execute(sql, params)
        return int(cursor.lastrowid or 0)

    def _read_own(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Read on the writer connection (sees this transaction's own writes)."""
        return list(self._w.execute(sql, params).fetchall())

    # ---- writes ----

    def find_story(self, key: str) -> int | None:
        rows = self._read_own("SELECT id FROM stories WHERE key = ?", (key,))
        return int(rows[0][0]) if rows else None

    def add_story(self, key: str, url: str | None, outlet: str | None) -> int:
        return self._write(
            "INSERT INTO stories (key, url, outlet, created) "
            "VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
            (key, url, outlet),
        )

    def story_versions(self, story_id: int) -> list[StoryVersion]:
        rows = self._read_own(
            "SELECT id, version, sha256 FROM articles WHERE story_id = ? ORDER BY version",
            (story_id,),
        )
        return [StoryVersion(int(r[0]), int(r[1]), str(r[2])) for r in rows]

    def add_article(self, article: NewArticle) -> int:
        a = article
        return self._write(
            "INSERT INTO articles (story_id, version, external_id, origin, format, url, outlet, "
            "title, author, published, date, text, sha256, removed, schema_version, ingested, "
            "minhash, duplicate_of, duplicate_score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?, ?, ?)",
            (
                a.story_id,
                a.version,
                a.external_id,
                a.origin,
                a.format,
                a.url,
                a.outlet,
                a.title,
                a.author,
                a.published,
                a.date,
                a.text,
                a.sha256,
                a.removed,
                a.schema_version,
                a.minhash,
                a.duplicate_of,
                a.duplicate_score,
            ),
        )

    def speaker_candidates(self, keys: Sequence[str]) -> list[SpeakerRow]:
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        rows = self._read_own(
            f"SELECT {_SPEAKER_COLUMNS} FROM speakers WHERE id IN "
            f"(SELECT speaker_id FROM speaker_keys WHERE key IN ({marks})) ORDER BY id",
            list(keys),
        )
        return [_speaker_row(r) for r in rows]

    def add_speaker(self, speaker: SpeakerRow, keys: Sequence[str]) -> int:
        speaker_id = self._write(
            "INSERT INTO speakers (name, type, country, affiliation, aliases, titles, named) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            _speaker_values(speaker),
        )
        self._set_keys(speaker_id, keys)
        return speaker_id

    def update_speaker(self, speaker: SpeakerRow, keys: Sequence[str]) -> None:
        self._write(
            "UPDATE speakers SET name = ?, type = ?, country = ?, affiliation = ?, aliases = ?, "
            "titles = ?, named = ? WHERE id = ?",
            (*_speaker_values(speaker), speaker.id),
        )
        self._set_keys(speaker.id, keys)

    def _set_keys(self, speaker_id: int, keys: Sequence[str]) -> None:
        for key in dict.fromkeys(keys):
            self._write(
                "INSERT OR IGNORE INTO speaker_keys (key, speaker_id) VALUES (?, ?)",
                (key, speaker_id),
            )

    def set_speaker(self, attribution_id: int, speaker_id: int) -> None:
        self._write(
            "UPDATE attributions SET speaker_id = ? WHERE id = ?", (speaker_id, attribution_id)
        )

    def add_credit(self, attribution_id: int, own_id: int, joint: bool) -> None:
        self._write(
            "INSERT OR IGNORE INTO speaker_credits (attribution_id, own_id, speaker_id, joint) "
            "VALUES (?, ?, ?, ?)",
            (attribution_id, own_id, own_id, int(joint)),
        )

    def link_credits(self, own_id: int, speaker_id: int | None) -> None:
        self._write(
            "UPDATE speaker_credits SET speaker_id = ? WHERE own_id = ?",
            (own_id if speaker_id is None else speaker_id, own_id),
        )

    def credit_counts(self, speaker_ids: Sequence[int]) -> dict[int, int]:
        if not speaker_ids:
            return {}
        marks = ",".join("?" * len(speaker_ids))
        rows = self._read_own(
            f"SELECT own_id, COUNT(*) FROM speaker_credits WHERE own_id IN ({marks}) "
            "GROUP BY own_id",
            list(speaker_ids),
        )
        return {int(r[0]): int(r[1]) for r in rows}

    def add_claim(self, claim: ClaimRow) -> int:
        return self._write(
            "INSERT INTO claims (canonical, vector, canonical_vector, size) VALUES (?, ?, ?, ?)",
            (claim.canonical, claim.vector, claim.canonical_vector, claim.size),
        )

    def update_claim(self, claim: ClaimRow) -> None:
        self._write(
            "UPDATE claims SET canonical = ?, vector = ?, canonical_vector = ?, size = ? "
            "WHERE id = ?",
            (claim.canonical, claim.vector, claim.canonical_vector, claim.size, claim.id),
        )

    def add_attribution(self, attribution: NewAttribution) -> int:
        a = attribution

        def span(s: tuple[int, int] | None) -> tuple[int | None, int | None]:
            return (s[0], s[1]) if s else (None, None)

        return self._write(
            "INSERT INTO attributions (article_id, local_id, kind, stance, certainty, confidence, "
            "speaker_id, speaker_name, speaker_title, source_text, cue_text, content_text, "
            "source_start, source_end, cue_start, cue_end, content_start, content_end, "
            "diff_key, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                a.article_id,
                a.local_id,
                a.kind,
                a.stance,
                a.certainty,
                a.confidence,
                a.speaker_id,
                a.speaker_name,
                a.speaker_title,
                a.source_text,
                a.cue_text,
                a.content_text,
                *span(a.source_span),
                *span(a.cue_span),
                *span(a.content_span),
                a.diff_key,
                a.data,
            ),
        )

    def add_member(
        self, attribution_id: int, claim_id: int, stance: str, score: float, via: str
    ) -> None:
        self._write(
            "INSERT INTO claim_members (attribution_id, claim_id, stance, score, via) "
            "VALUES (?, ?, ?, ?, ?)",
            (attribution_id, claim_id, stance, score, via),
        )

    def add_evidence(
        self,
        attribution_id: int,
        status: str,
        kind: str | None,
        span: tuple[int, int] | None,
        text: str | None,
    ) -> None:
        start, end = span if span else (None, None)
        self._write(
            "INSERT INTO evidence (attribution_id, status, kind, span_start, span_end, text) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (attribution_id, status, kind, start, end, text),
        )

    def add_version_change(
        self, article_id: int, previous_id: int, change: str, attribution_id: int
    ) -> None:
        self._write(
            "INSERT INTO version_changes (article_id, previous_id, change, attribution_id) "
            "VALUES (?, ?, ?, ?)",
            (article_id, previous_id, change, attribution_id),
        )

    def add_claim_texts(self, texts: Sequence[tuple[str, bytes, str | None]]) -> None:
        if not self._w.in_transaction:
            raise StoreError("internal error: a store write outside a transaction")
        self._w.executemany(
            "INSERT OR IGNORE INTO claim_texts (text, vector, problem) VALUES (?, ?, ?)", texts
        )

    def set_graph_canonical(self, canonical: bool) -> None:
        self._write("UPDATE graph_state SET canonical = ? WHERE id = 1", (int(canonical),))

    def replace_graph(self, graph: Graph) -> None:
        if not self._w.in_transaction:
            raise StoreError("internal error: a store write outside a transaction")
        w = self._w
        for table in ("speaker_credits", "claim_members", "claims", "speaker_keys"):
            w.execute(f"DELETE FROM {table}")
        w.execute("UPDATE attributions SET speaker_id = NULL WHERE speaker_id IS NOT NULL")
        w.execute("DELETE FROM speakers")
        w.executemany(
            "INSERT INTO speakers (id, name, type, country, affiliation, aliases, titles, named) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(s.id, *_speaker_values(s)) for s in graph.speakers],
        )
        w.executemany(
            "INSERT INTO speaker_keys (key, speaker_id) VALUES (?, ?)", graph.speaker_keys
        )
        w.executemany(
            "INSERT INTO speaker_credits (attribution_id, own_id, speaker_id, joint) "
            "VALUES (?, ?, ?, ?)",
            [(a, own, to, int(joint)) for a, own, to, joint in graph.credits],
        )
        w.executemany(
            "UPDATE attributions SET speaker_id = ? WHERE id = ?",
            [(s, a) for a, s in graph.attribution_speakers],
        )
        w.executemany(
            "INSERT INTO claims (id, canonical, vector, canonical_vector, size) "
            "VALUES (?, ?, ?, ?, ?)",
            [(c.id, c.canonical, c.vector, c.canonical_vector, c.size) for c in graph.claims],
        )
        w.executemany(
            "INSERT INTO claim_members (attribution_id, claim_id, stance, score, via) "
            "VALUES (?, ?, ?, ?, ?)",
            graph.members,
        )

    # ---- reads for the graph rebuild ----

    def graph_canonical(self) -> bool:
        rows = self._read_own("SELECT canonical FROM graph_state WHERE id = 1")
        return bool(rows and rows[0][0])

    def stored_articles(self) -> list[StoredArticle]:
        rows = self._read_own(
            "SELECT a.id, s.key, a.version, a.date, a.sha256, a.text FROM articles a "
            "JOIN stories s ON s.id = a.story_id ORDER BY a.id"
        )
        attributions: dict[int, list[tuple[int, str]]] = {int(r[0]): [] for r in rows}
        for r in self._read_own("SELECT article_id, id, data FROM attributions ORDER BY id"):
            attributions[int(r[0])].append((int(r[1]), str(r[2])))
        return [
            StoredArticle(
                int(r[0]),
                str(r[1]),
                int(r[2]),
                r[3],
                str(r[4]),
                str(r[5]),
                tuple(attributions[int(r[0])]),
            )
            for r in rows
        ]

    def claim_texts(self) -> dict[str, tuple[bytes, str | None]]:
        rows = self._read_own("SELECT text, vector, problem FROM claim_texts")
        return {str(r[0]): (bytes(r[1]), r[2]) for r in rows}

    def graph_ids(self) -> tuple[dict[int, int], list[tuple[int, int]]]:
        members = self._read_own("SELECT attribution_id, claim_id FROM claim_members")
        credits = self._read_own(
            "SELECT attribution_id, own_id FROM speaker_credits ORDER BY attribution_id, own_id"
        )
        return (
            {int(a): int(c) for a, c in members},
            [(int(a), int(s)) for a, s in credits],
        )

    # ---- bulk reads for the in-memory indexes ----

    def claim_rows(self) -> list[ClaimRow]:
        rows = self._read_own(
            "SELECT id, canonical, vector, canonical_vector, size FROM claims ORDER BY id"
        )
        return [
            ClaimRow(int(r[0]), str(r[1]), bytes(r[2]), r[3] and bytes(r[3]), int(r[4]))
            for r in rows
        ]

    def signatures(self) -> list[Signature]:
        rows = self._read_own(
            "SELECT id, story_id, outlet, minhash, duplicate_of FROM articles "
            "WHERE minhash IS NOT NULL ORDER BY id"
        )
        return [
            Signature(int(r[0]), int(r[1]), r[2], bytes(r[3]), r[4] and int(r[4])) for r in rows
        ]

    def diff_keys(self, article_id: int) -> list[tuple[int, str]]:
        rows = self._read_own(
            "SELECT id, diff_key FROM attributions WHERE article_id = ? ORDER BY id",
            (article_id,),
        )
        return [(int(r[0]), str(r[1])) for r in rows]

    # ---- queries ----

    @contextmanager
    def _reader(self) -> Iterator[sqlite3.Connection]:
        conn = _connect(self.path, self._timeout, read_only=self.read_only)
        try:
            conn.execute("PRAGMA query_only = ON")
            conn.row_factory = sqlite3.Row
            yield conn
        finally:
            conn.close()

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._reader() as conn:
            try:
                return [dict(r) for r in conn.execute(sql, params).fetchall()]
            except sqlite3.DatabaseError as exc:
                raise _query_error(self.path, exc) from exc

    def iter_query(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        with self._reader() as conn:
            try:
                for r in conn.execute(sql, params):
                    yield dict(r)
            except sqlite3.DatabaseError as exc:
                raise _query_error(self.path, exc) from exc


def _query_error(path: str, exc: sqlite3.DatabaseError) -> Exception:
    """A damaged store becomes one clear :class:`StoreError`; anything else
    (a programming error in a query) stays what it is."""
    if "malformed" in str(exc) or "not a database" in str(exc):
        return damaged(path, exc)
    return exc


_SPEAKER_COLUMNS = "id, name, type, country, affiliation, aliases, titles, named"


def _speaker_row(r: Sequence[Any]) -> SpeakerRow:
    return SpeakerRow(
        id=int(r[0]),
        name=str(r[1]),
        type=str(r[2]),
        country=r[3],
        affiliation=r[4],
        aliases=tuple(json.loads(r[5])),
        titles=tuple(json.loads(r[6])),
        named=bool(r[7]),
    )


def _speaker_values(s: SpeakerRow) -> tuple[object, ...]:
    """A speaker's columns after ``id``, in table order: name, type, country,
    affiliation, aliases, titles (JSON lists), named."""
    return (
        s.name,
        s.type,
        s.country,
        s.affiliation,
        json.dumps(list(s.aliases), ensure_ascii=False),
        json.dumps(list(s.titles), ensure_ascii=False),
        int(s.named),
    )
