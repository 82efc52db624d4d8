"""The store's SQL schema, versioned with ``PRAGMA user_version``.

Each migration moves the schema from version ``n - 1`` to ``n`` and runs in
one transaction; :func:`migrate` applies the missing ones in order. A store
whose version is newer than :data:`SCHEMA_VERSION` was written by a newer
claimgraph and is refused (never guessed at).

Tables (``docs/corpus.md`` describes every column):

- ``stories``: one row per story (keyed by URL, else outlet + title, else
  the input id); ``articles`` holds its versions.
- ``articles``: one row per version of a story: metadata, text, sha256,
  MinHash signature, and ``duplicate_of`` for a near-duplicate (wire copy)
  of another story's article.
- ``speakers``: canonical speakers across articles; ``speaker_keys`` the
  keys each is found under (``claimgraph.graph.speakers.entity_keys`` and
  the ``candidate_keys`` of the mention that created it).
- ``claims``: clusters of attributions stating the same claim (canonical
  wording, centroid vector); ``claim_members`` their members with stance.
- ``attributions``: every attribution with its full output-contract dict
  (``data``, JSON) and the columns queries filter on.
- ``evidence``: evidence spans of attributions (contract 1.2 ``evidence``).
- ``version_changes`` (schema 2): attributions added or removed by each
  version of a story relative to the one before.
- ``speaker_credits`` (schema 3): whom each attribution is credited to, one
  row per member of its source (two for "Bernie Sanders and Donald
  Trump", ``joint`` 1): ``own_id`` the entity the mention matched,
  ``speaker_id`` the one it counts for (a surname-only entity's full-name
  person once :func:`claimgraph.graph.speakers.link_partial` finds one,
  else ``own_id``). Stores of schema 2 get one row per attribution.
- ``claim_texts`` (schema 4): the sentence embedding of each claim text and
  why it states no claim (``problem``, NULL when it states one), kept so
  that ``claimgraph recluster`` rebuilds the graph without the models.
- ``graph_state`` (schema 4): one row; ``canonical`` is 1 when the claims
  and speakers are the deterministic rebuild of the stored articles
  (:mod:`claimgraph.corpus.recluster`), 0 once an article was added since.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from claimgraph.errors import StoreError

_V1 = """
CREATE TABLE stories (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    url TEXT,
    outlet TEXT,
    created TEXT NOT NULL
);
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    story_id INTEGER NOT NULL REFERENCES stories(id),
    version INTEGER NOT NULL,
    external_id TEXT NOT NULL,
    origin TEXT NOT NULL,
    format TEXT NOT NULL,
    url TEXT,
    outlet TEXT,
    title TEXT,
    author TEXT,
    published TEXT,
    date TEXT,
    text TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    removed TEXT NOT NULL,
    schema_version TEXT,
    ingested TEXT NOT NULL,
    minhash BLOB,
    duplicate_of INTEGER REFERENCES articles(id),
    duplicate_score REAL,
    UNIQUE (story_id, version)
);
CREATE INDEX articles_sha256 ON articles(sha256);
CREATE INDEX articles_duplicate_of ON articles(duplicate_of);
CREATE TABLE speakers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL DEFAULT 'unknown',
    country TEXT,
    affiliation TEXT,
    aliases TEXT NOT NULL DEFAULT '[]',
    titles TEXT NOT NULL DEFAULT '[]',
    named INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE speaker_keys (
    key TEXT NOT NULL,
    speaker_id INTEGER NOT NULL REFERENCES speakers(id),
    PRIMARY KEY (key, speaker_id)
);
CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    canonical TEXT NOT NULL,
    vector BLOB NOT NULL,
    canonical_vector BLOB,
    size INTEGER NOT NULL
);
CREATE TABLE attributions (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    local_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    stance TEXT NOT NULL,
    certainty TEXT NOT NULL,
    confidence REAL,
    speaker_id INTEGER REFERENCES speakers(id),
    speaker_name TEXT,
    speaker_title TEXT,
    source_text TEXT NOT NULL,
    cue_text TEXT NOT NULL,
    content_text TEXT NOT NULL,
    source_start INTEGER,
    source_end INTEGER,
    cue_start INTEGER,
    cue_end INTEGER,
    content_start INTEGER,
    content_end INTEGER,
    diff_key TEXT NOT NULL,
    data TEXT NOT NULL,
    UNIQUE (article_id, local_id)
);
CREATE INDEX attributions_speaker ON attributions(speaker_id);
CREATE TABLE claim_members (
    attribution_id INTEGER PRIMARY KEY REFERENCES attributions(id),
    claim_id INTEGER NOT NULL REFERENCES claims(id),
    stance TEXT NOT NULL,
    score REAL NOT NULL,
    via TEXT NOT NULL
);
CREATE INDEX claim_members_claim ON claim_members(claim_id);
CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    attribution_id INTEGER NOT NULL REFERENCES attributions(id),
    status TEXT NOT NULL,
    kind TEXT,
    span_start INTEGER,
    span_end INTEGER,
    text TEXT
);
CREATE INDEX evidence_attribution ON evidence(attribution_id);
"""

_V2 = """
CREATE TABLE version_changes (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    previous_id INTEGER NOT NULL REFERENCES articles(id),
    change TEXT NOT NULL CHECK (change IN ('added', 'removed')),
    attribution_id INTEGER NOT NULL REFERENCES attributions(id)
);
CREATE INDEX version_changes_article ON version_changes(article_id);
"""

_V3 = """
CREATE TABLE speaker_credits (
    attribution_id INTEGER NOT NULL REFERENCES attributions(id),
    own_id INTEGER NOT NULL REFERENCES speakers(id),
    speaker_id INTEGER NOT NULL REFERENCES speakers(id),
    joint INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (attribution_id, own_id)
);
CREATE INDEX speaker_credits_speaker ON speaker_credits(speaker_id);
CREATE INDEX speaker_credits_own ON speaker_credits(own_id);
INSERT INTO speaker_credits (attribution_id, own_id, speaker_id, joint)
    SELECT id, speaker_id, speaker_id, 0 FROM attributions WHERE speaker_id IS NOT NULL;
"""

_V4 = """
CREATE TABLE claim_texts (
    text TEXT PRIMARY KEY,
    vector BLOB NOT NULL,
    problem TEXT
);
CREATE TABLE graph_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    canonical INTEGER NOT NULL
);
INSERT INTO graph_state (id, canonical) VALUES (1, 0);
"""

#: Migrations in order: ``MIGRATIONS[n - 1]`` takes the schema from ``n - 1`` to ``n``.
MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3, _V4)
#: The schema version this claimgraph writes.
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    """The schema version recorded in the database (0 for a new, empty one)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(
    conn: sqlite3.Connection,
    migrations: Sequence[str] = MIGRATIONS,
    *,
    path: str = "the store",
) -> int:
    """Bring the database up to ``len(migrations)``; return the version it had.

    Each step runs in its own transaction together with the ``user_version``
    bump, so an interrupted upgrade leaves the last complete version.

    Raises:
        StoreError: the database is newer than this claimgraph, or is not a
            SQLite database.
    """
    target = len(migrations)
    try:
        found = schema_version(conn)
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"{path} is not a claimgraph store ({exc}); pass another file with --db"
        ) from exc
    if found > target:
        raise StoreError(
            f"{path} has store schema {found}, newer than this claimgraph knows ({target}); "
            "upgrade claimgraph (python -m pip install -U claimgraph) to open it"
        )
    for version in range(found + 1, target + 1):
        statements = [s for s in migrations[version - 1].split(";") if s.strip()]
        try:
            conn.execute("BEGIN IMMEDIATE")
            for statement in statements:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version:d}")
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            conn.execute("ROLLBACK")
            raise StoreError(
                f"could not upgrade {path} to store schema {version}: {exc}; "
                "the store is unchanged at schema "
                f"{version - 1}"
            ) from exc
    return found
