"""The store's read queries, as functions from a :class:`Store` to records.

The SQL is plain (joins, ``EXISTS``, ``LIKE``, ``LIMIT``/``OFFSET``, ``?``
placeholders) so that another back end can run it with at most a
placeholder change; aggregation over claim members happens in Python.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from claimgraph.corpus.store.base import Row, Store
from claimgraph.errors import InputError, StoreError
from claimgraph.graph.roles import role_of
from claimgraph.graph.speaker_entities import is_description
from claimgraph.records.corpus import (
    ArticleSummary,
    ClaimEvidence,
    ClaimSummary,
    SpeakerSummary,
    Statement,
    StoredAttribution,
    TitleSeen,
)
from claimgraph.records.ledger import Attribution, Removed
from claimgraph.records.parse import attribution_from_dict, removed_from_dict

#: The day an article version was stored (``YYYY-MM-DD``).
INGESTED = "substr(a.ingested, 1, 10)"
#: ``seen``: the article's publication date, else the day it was ingested
#: (contract 1.x; a date shown to people is ``a.date`` or "date unknown").
SEEN = f"COALESCE(a.date, {INGESTED})"

STATEMENT_SQL = f"""
SELECT t.id AS attribution_id, t.local_id, t.kind, t.stance, t.certainty,
       COALESCE(cr.speaker_id, t.speaker_id) AS speaker_id,
       CASE WHEN cr.joint = 1 THEN COALESCE(t.speaker_name, t.source_text)
            ELSE COALESCE(s.name, t.speaker_name, t.source_text) END AS speaker,
       COALESCE(cr.joint, 0) AS joint, t.speaker_title AS title,
       t.content_text AS quote, t.cue_text AS cue, t.source_text AS source, t.data,
       a.story_id AS article, a.version, a.outlet, a.url, a.published, {SEEN} AS seen,
       a.date, {INGESTED} AS ingested_day,
       m.claim_id, d.story_id AS duplicate_of, a.duplicate_of AS duplicate_article,
       m.via AS link, c.canonical
FROM attributions t
JOIN articles a ON a.id = t.article_id
LEFT JOIN articles d ON d.id = a.duplicate_of
LEFT JOIN speaker_credits cr ON cr.attribution_id = t.id AND cr.own_id = t.speaker_id
LEFT JOIN speakers s ON s.id = COALESCE(cr.speaker_id, t.speaker_id)
LEFT JOIN claim_members m ON m.attribution_id = t.id
LEFT JOIN claims c ON c.id = m.claim_id
"""
#: Attributions credited to the speaker ``?`` (joint ones included).
#: A claim's size: its members, counted (never a counter kept by hand).
CLAIM_SIZE = "(SELECT COUNT(*) FROM claim_members n WHERE n.claim_id = c.id)"
CREDITED = "t.id IN (SELECT c.attribution_id FROM speaker_credits c WHERE c.speaker_id = ?)"
#: A stored speaker that is a kind of source, not one named person or body:
#: :func:`claimgraph.graph.speaker_entities.is_description` in SQL.
DESCRIPTION_SQL = (
    "(s.type = 'anonymous' OR s.named = 0 OR substr(s.name, 1, 1) = lower(substr(s.name, 1, 1)))"
)


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _stored(data: str, attribution_id: int) -> Attribution:
    """The contract attribution stored as ``data`` (an attribution row's JSON).

    Raises:
        StoreError: it does not read as contract 1.x.
    """
    try:
        return attribution_from_dict(json.loads(data), f"attribution {attribution_id}")
    except InputError as exc:
        raise StoreError(f"the store holds a malformed attribution: {exc}") from exc


def statement(row: Row) -> Statement:
    data = _stored(row["data"], row["attribution_id"])
    return Statement(
        attribution_id=row["attribution_id"],
        local_id=row["local_id"],
        article=row["article"],
        version=row["version"],
        kind=row["kind"],
        stance=row["stance"],
        speaker_id=row["speaker_id"],
        speaker=row["speaker"] or None,
        title=row["title"],
        quote=row["quote"],
        cue=row["cue"],
        source=row["source"],
        content=data.content,
        outlet=row["outlet"],
        url=row["url"],
        published=row["published"],
        seen=row["seen"],
        claim_id=row["claim_id"],
        duplicate_of=row["duplicate_of"],
        independent=row["duplicate_article"] is None,
        certainty=row["certainty"],
        via=data.via,
        role=role_of(data, row["link"], row["canonical"] or "", row["outlet"])
        if row["link"]
        else None,
        link=row["link"],
        joint=bool(row["joint"]),
        date=row["date"],
        ingested=row["ingested_day"],
        negated=data.negated,
    )


def _statements(store: Store, where: str, params: Sequence[Any]) -> list[Statement]:
    rows = store.query(f"{STATEMENT_SQL} WHERE {where} ORDER BY seen, a.id, t.id", params)
    return [statement(r) for r in rows]


def claim_statements(store: Store, claim_id: int) -> list[Statement]:
    """The statements of one claim, in the order they were seen."""
    return _statements(store, "m.claim_id = ?", (claim_id,))


def speaker_statements(store: Store, speaker_id: int) -> list[Statement]:
    """The statements credited to one speaker (joint ones included), in the
    order they were seen."""
    return _statements(store, CREDITED, (speaker_id,))


def statements_by_ids(store: Store, attribution_ids: Sequence[int]) -> list[Statement]:
    """The statements of these attribution rows (none for no ids)."""
    if not attribution_ids:
        return []
    marks = ",".join("?" * len(attribution_ids))
    return _statements(store, f"t.id IN ({marks})", list(attribution_ids))


def all_claim_ids(store: Store) -> Iterator[int]:
    """Every claim id, ascending, streamed."""
    for row in store.iter_query("SELECT id FROM claims ORDER BY id"):
        yield int(row["id"])


def unchanged_version(store: Store, key: str, sha256: str) -> tuple[int, int] | None:
    """``(story id, version)`` of the stored version of story ``key`` with
    this text digest, if there is one."""
    rows = store.query(
        "SELECT s.id, a.version FROM stories s JOIN articles a ON a.story_id = s.id "
        "WHERE s.key = ? AND a.sha256 = ?",
        (key, sha256),
    )
    return (int(rows[0]["id"]), int(rows[0]["version"])) if rows else None


def attribution_diff_keys(store: Store, article_id: int) -> list[tuple[int, str]]:
    """``(attribution id, diff key)`` of each attribution of an article version."""
    rows = store.query("SELECT id, diff_key FROM attributions WHERE article_id = ?", (article_id,))
    return [(int(r["id"]), str(r["diff_key"])) for r in rows]


def speaker_types(store: Store) -> dict[int, str]:
    """Each speaker's type (person, government, ...), by speaker id."""
    return {int(r["id"]): str(r["type"]) for r in store.query("SELECT id, type FROM speakers")}


# --------------------------------------------------------------------------
# claims


def claim_ids(
    store: Store,
    *,
    disputed: bool | None,
    speaker: str | None,
    since: str | None,
    q: str | None,
    limit: int,
    offset: int,
) -> tuple[list[int], int]:
    """Claim ids matching the filters (most reported first), and the total."""
    clauses: list[str] = []
    params: list[Any] = []
    member = (
        "SELECT 1 FROM claim_members m JOIN attributions t ON t.id = m.attribution_id "
        "JOIN articles a ON a.id = t.article_id "
        "LEFT JOIN speaker_credits cr ON cr.attribution_id = t.id "
        "LEFT JOIN speakers s ON s.id = COALESCE(cr.speaker_id, t.speaker_id) "
        "WHERE m.claim_id = c.id"
    )
    if disputed is not None:
        clauses.append(f"{'' if disputed else 'NOT '}EXISTS ({member} AND m.stance = 'denies')")
    if speaker:
        clauses.append(
            f"EXISTS ({member} AND (lower(s.name) LIKE lower(?) ESCAPE '\\' "
            "OR lower(s.aliases) LIKE lower(?) ESCAPE '\\' "
            "OR lower(t.speaker_name) LIKE lower(?) ESCAPE '\\'))"
        )
        params += [_like(speaker)] * 3
    if since:
        clauses.append(f"EXISTS ({member} AND {SEEN} >= ?)")
        params.append(since)
    if q:
        clauses.append(
            f"(lower(c.canonical) LIKE lower(?) ESCAPE '\\' "
            f"OR EXISTS ({member} AND lower(t.content_text) LIKE lower(?) ESCAPE '\\'))"
        )
        params += [_like(q)] * 2
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    total = store.query(f"SELECT COUNT(*) AS n FROM claims c {where}", params)[0]["n"]
    rows = store.query(
        f"SELECT c.id FROM claims c {where} ORDER BY {CLAIM_SIZE} DESC, c.id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return [r["id"] for r in rows], int(total)


def claim_summaries(store: Store, ids: Sequence[int]) -> dict[int, ClaimSummary]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    claims = store.query(f"SELECT id, canonical FROM claims WHERE id IN ({marks})", list(ids))
    members = store.query(
        f"""SELECT m.claim_id, m.stance, m.via AS link, t.id AS attribution_id, t.data,
               COALESCE(s.name, t.speaker_name, t.source_text) AS speaker,
               a.outlet, a.duplicate_of, COALESCE(d.story_id, a.story_id) AS root, {SEEN} AS seen,
               a.date
            FROM claim_members m JOIN attributions t ON t.id = m.attribution_id
            JOIN articles a ON a.id = t.article_id
            LEFT JOIN articles d ON d.id = a.duplicate_of
            LEFT JOIN speakers s ON s.id = t.speaker_id
            WHERE m.claim_id IN ({marks}) ORDER BY seen, a.id, t.id""",
        list(ids),
    )
    by_claim: dict[int, list[Row]] = defaultdict(list)
    for m in members:
        by_claim[m["claim_id"]].append(m)
    return {c["id"]: summarise(c, by_claim[c["id"]]) for c in claims}


def summarise(claim: Row, members: Sequence[Row]) -> ClaimSummary:
    def speakers(stance: str) -> tuple[str, ...]:
        names = (m["speaker"] for m in members if m["stance"] == stance and m["speaker"])
        return tuple(dict.fromkeys(names))

    roles = [
        role_of(_stored(m["data"], m["attribution_id"]), m["link"], claim["canonical"], m["outlet"])
        for m in members
    ]

    def in_role(role: str) -> tuple[str, ...]:
        names = (m["speaker"] for m, r in zip(members, roles, strict=True) if r == role)
        return tuple(dict.fromkeys(n for n in names if n))

    asserting, disputing = in_role("asserts"), in_role("disputes")
    taking_sides = set(asserting) | set(disputing)

    seen = [m["seen"] for m in members if m["seen"]]
    dated = [m["date"] for m in members if m["date"]]
    outlets = tuple(dict.fromkeys(m["outlet"] for m in members if m["outlet"]))
    independent = tuple(
        dict.fromkeys(m["outlet"] for m in members if m["outlet"] and m["duplicate_of"] is None)
    )
    disputers = speakers("denies")
    return ClaimSummary(
        id=claim["id"],
        canonical=claim["canonical"],
        size=len(members),
        supporters=speakers("asserts"),
        disputers=disputers,
        questioners=speakers("questions"),
        asserting=asserting,
        disputing=disputing,
        observing=tuple(n for n in in_role("observes") if n not in taking_sides),
        declining=in_role("declines"),
        disputed=any(m["stance"] == "denies" for m in members),
        reports=len({m["root"] for m in members}),
        outlets=outlets,
        independent_outlets=independent,
        first_seen=min(seen) if seen else None,
        last_seen=max(seen) if seen else None,
        first_published=min(dated) if dated else None,
        last_published=max(dated) if dated else None,
        undated=len(members) - len(dated),
    )


def claim_evidence(store: Store, claim_id: int) -> list[ClaimEvidence]:
    """The evidence of a claim's statements, each span once, in store order.

    A "not stated" row with no span (stores written before such rows were
    left out) is the absence of evidence and is not returned."""
    rows = store.query(
        """SELECT e.attribution_id, a.story_id AS article, a.version, e.status, e.kind,
                  e.span_start, e.span_end, e.text
           FROM evidence e JOIN claim_members m ON m.attribution_id = e.attribution_id
           JOIN attributions t ON t.id = e.attribution_id JOIN articles a ON a.id = t.article_id
           WHERE m.claim_id = ?
             AND NOT (e.status = 'not_stated' AND e.span_start IS NULL
                      AND COALESCE(e.text, '') = '')
           ORDER BY e.id""",
        (claim_id,),
    )
    # several statements of one claim often share their evidence (a quote and
    # the report around it): each span is listed once, for its first statement
    seen: set[tuple[Any, ...]] = set()
    found: list[ClaimEvidence] = []
    for r in rows:
        key = (r["article"], r["version"], r["span_start"], r["span_end"], r["kind"], r["status"])
        if key in seen:
            continue
        seen.add(key)
        found.append(
            ClaimEvidence(
                r["attribution_id"],
                r["article"],
                r["version"],
                r["status"],
                r["kind"],
                r["span_start"],
                r["span_end"],
                r["text"],
            )
        )
    return found


# --------------------------------------------------------------------------
# speakers

#: A credit counts once per story: not again for a near-duplicate (wire copy)
#: of another story, nor for an earlier version of an updated story.
_COUNTED = """
    JOIN attributions ct ON ct.id = c.attribution_id
    JOIN articles ca ON ca.id = ct.article_id
    WHERE c.speaker_id = s.id AND ca.duplicate_of IS NULL
      AND ca.version = (SELECT MAX(v.version) FROM articles v WHERE v.story_id = ca.story_id)"""

_SPEAKER_SQL = f"""
SELECT s.id, s.name, s.type, s.country, s.affiliation, s.aliases, s.titles, s.named,
       (SELECT COUNT(*) FROM speaker_credits c {_COUNTED}) AS attributions,
       (SELECT COUNT(DISTINCT m.claim_id) FROM speaker_credits c
        JOIN claim_members m ON m.attribution_id = c.attribution_id
        WHERE c.speaker_id = s.id) AS claims
FROM speakers s
"""
#: Speakers credited with at least one attribution (a surname-only speaker
#: linked to a full name is credited with none and not listed).
_CREDITED_SPEAKER = "EXISTS (SELECT 1 FROM speaker_credits c WHERE c.speaker_id = s.id)"


def speaker_summary(row: Row) -> SpeakerSummary:
    return SpeakerSummary(
        id=row["id"],
        name=row["name"],
        type=row["type"],
        country=row["country"],
        affiliation=row["affiliation"],
        aliases=tuple(json.loads(row["aliases"])),
        titles=tuple(json.loads(row["titles"])),
        attributions=row["attributions"],
        claims=row["claims"],
        description=is_description(row["name"], row["type"], bool(row["named"])),
    )


def speakers(
    store: Store, q: str | None, limit: int, offset: int, *, descriptions: bool | None = None
) -> tuple[list[SpeakerSummary], int]:
    """Speakers credited with attributions, most quoted first; ``descriptions``
    True: only kinds of source ("experts"), False: only named speakers."""
    clauses, params = [_CREDITED_SPEAKER], []
    if q:
        clauses.append(
            "(lower(s.name) LIKE lower(?) ESCAPE '\\' "
            "OR lower(s.aliases) LIKE lower(?) ESCAPE '\\')"
        )
        params = [_like(q)] * 2
    if descriptions is not None:
        clauses.append(DESCRIPTION_SQL if descriptions else f"NOT {DESCRIPTION_SQL}")
    where = f"WHERE {' AND '.join(clauses)}"
    total = store.query(f"SELECT COUNT(*) AS n FROM speakers s {where}", params)[0]["n"]
    rows = store.query(
        f"{_SPEAKER_SQL} {where} ORDER BY attributions DESC, s.id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return [speaker_summary(r) for r in rows], int(total)


def speaker_by_id(store: Store, speaker_id: int) -> SpeakerSummary | None:
    rows = store.query(f"{_SPEAKER_SQL} WHERE s.id = ?", (speaker_id,))
    return speaker_summary(rows[0]) if rows else None


def speaker_ids_by_name(store: Store, name: str) -> list[int]:
    """Speakers named exactly ``name`` (case-insensitive), else those whose name
    or aliases contain it, most quoted first."""
    exact = store.query(
        f"SELECT id FROM speakers s WHERE lower(name) = lower(?) AND {_CREDITED_SPEAKER} "
        "ORDER BY id",
        (name.strip(),),
    )
    if exact:
        return [r["id"] for r in exact]
    rows = store.query(
        f"{_SPEAKER_SQL} WHERE (lower(s.name) LIKE lower(?) ESCAPE '\\' "
        "OR lower(s.aliases) LIKE lower(?) ESCAPE '\\') "
        f"AND {_CREDITED_SPEAKER} ORDER BY attributions DESC, s.id",
        [_like(name.strip())] * 2,
    )
    return [r["id"] for r in rows]


def speaker_titles(store: Store, speaker_id: int) -> list[TitleSeen]:
    rows = store.query(
        f"""SELECT DISTINCT t.speaker_title AS title, a.story_id AS article, a.version,
                   a.outlet, {SEEN} AS seen, a.date
            FROM attributions t JOIN articles a ON a.id = t.article_id
            WHERE t.id IN (SELECT c.attribution_id FROM speaker_credits c
                           WHERE c.speaker_id = ? AND c.joint = 0)
              AND t.speaker_title IS NOT NULL
            ORDER BY seen, a.id""",
        (speaker_id,),
    )
    return [
        TitleSeen(r["title"], r["article"], r["version"], r["outlet"], r["seen"], r["date"])
        for r in rows
    ]


# --------------------------------------------------------------------------
# articles

_LATEST = "a.version = (SELECT MAX(b.version) FROM articles b WHERE b.story_id = a.story_id)"


def articles(
    store: Store, q: str | None, outlet: str | None, limit: int, offset: int
) -> tuple[list[ArticleSummary], int]:
    clauses = [_LATEST]
    params: list[Any] = []
    if q:
        clauses.append(
            "(lower(a.title) LIKE lower(?) ESCAPE '\\' OR lower(a.text) LIKE lower(?) ESCAPE '\\')"
        )
        params += [_like(q)] * 2
    if outlet:
        clauses.append("lower(a.outlet) = lower(?)")
        params.append(outlet)
    where = " AND ".join(clauses)
    total = store.query(f"SELECT COUNT(*) AS n FROM articles a WHERE {where}", params)[0]["n"]
    rows = store.query(
        f"""SELECT a.story_id AS id, a.version, a.url, a.outlet, a.title, a.published,
                   a.date, a.ingested, a.origin, d.story_id AS duplicate_of,
                   (SELECT COUNT(*) FROM attributions t WHERE t.article_id = a.id) AS attributions
            FROM articles a LEFT JOIN articles d ON d.id = a.duplicate_of
            WHERE {where} ORDER BY a.story_id LIMIT ? OFFSET ?""",
        [*params, limit, offset],
    )
    items = [
        ArticleSummary(
            id=r["id"],
            version=r["version"],
            versions=r["version"],
            url=r["url"],
            outlet=r["outlet"],
            title=r["title"],
            published=r["published"],
            duplicate_of=r["duplicate_of"],
            attributions=r["attributions"],
            date=r["date"],
            ingested=r["ingested"],
            origin=r["origin"],
        )
        for r in rows
    ]
    return items, int(total)


def article_row(store: Store, story_id: int, version: int | None) -> Row | None:
    """One version (the latest when ``version`` is None) of a story."""
    sql = """SELECT a.*, d.story_id AS duplicate_story,
                    (SELECT MAX(b.version) FROM articles b WHERE b.story_id = a.story_id)
                    AS versions
             FROM articles a LEFT JOIN articles d ON d.id = a.duplicate_of
             WHERE a.story_id = ?"""
    if version is None:
        rows = store.query(f"{sql} ORDER BY a.version DESC LIMIT 1", (story_id,))
    else:
        rows = store.query(f"{sql} AND a.version = ?", (story_id, version))
    return rows[0] if rows else None


def duplicates_of(store: Store, story_id: int) -> list[int]:
    """Stories with an article that is a near-duplicate of one of this story's."""
    rows = store.query(
        """SELECT DISTINCT c.story_id FROM articles c JOIN articles o ON o.id = c.duplicate_of
           WHERE o.story_id = ? ORDER BY c.story_id""",
        (story_id,),
    )
    return [r["story_id"] for r in rows]


def article_attributions(store: Store, article_id: int) -> list[StoredAttribution]:
    """The ledger of one article version, in the order it was stored.

    Raises:
        StoreError: an attribution stored by an older claimgraph does not
            read as contract 1.x (the message says which field).
    """
    rows = store.query(
        """SELECT t.id, t.speaker_id, t.data, m.claim_id FROM attributions t
           LEFT JOIN claim_members m ON m.attribution_id = t.id
           WHERE t.article_id = ? ORDER BY t.id""",
        (article_id,),
    )
    return [
        StoredAttribution(
            attribution=_stored(r["data"], r["id"]),
            attribution_id=r["id"],
            speaker_id=r["speaker_id"],
            claim_id=r["claim_id"],
        )
        for r in rows
    ]


def removed_spans(row: Row) -> list[Removed]:
    """The removed spans of an article version row (its ``removed`` JSON).

    Raises:
        StoreError: they do not read as contract 1.x.
    """
    try:
        values = json.loads(row["removed"])
        if not isinstance(values, list):
            raise InputError(f"expected an array, got {type(values).__name__}")
        return [removed_from_dict(v, f"removed[{i}]") for i, v in enumerate(values)]
    except InputError as exc:
        raise StoreError(f"the store holds a malformed removed span: {exc}") from exc


def recorded_changes(store: Store, article_id: int) -> tuple[list[int], list[int]]:
    """Attribution ids recorded as added and removed when this version was stored."""
    rows = store.query(
        "SELECT change, attribution_id FROM version_changes WHERE article_id = ? ORDER BY id",
        (article_id,),
    )
    added = [r["attribution_id"] for r in rows if r["change"] == "added"]
    removed = [r["attribution_id"] for r in rows if r["change"] == "removed"]
    return added, removed
