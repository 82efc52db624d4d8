"""Parquet shards: the output contract flattened into four tables.

One partition gives one shard: a file ``<partition id>.parquet`` in each of
the folders ``articles/``, ``attributions/``, ``speakers/`` and ``errors/``
of the output directory (the schema is in ``docs/batch.md``). Rows are in
input order and hold nothing that depends on when, where or how often they
were computed, so the same partition always gives byte-identical files.

Each file is written under a temporary name unique to the attempt, flushed
to disk and renamed into place (:func:`write_shard`), so a reader never
sees half a file; a shard counts as finished only once the manifest lists
it (:mod:`claimgraph.batch.manifest`). :func:`iter_analyzed` reads finished
shards back into :class:`~claimgraph.records.AnalyzedArticle` records,
through the contract reader (:mod:`claimgraph.records.parse`); dicts exist
here only as the JSON columns.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimgraph.errors import InputError
from claimgraph.extras import require
from claimgraph.records import AnalyzedArticle, Attribution, InputProblem
from claimgraph.records.parse import analyzed_from_dict

#: The shard tables, in the order they are written (``articles`` last).
TABLES = ("errors", "speakers", "attributions", "articles")
#: Temporary files end with this; readers ignore them and runs remove them.
TEMP_SUFFIX = ".tmp"

META_KEYS = ("origin", "format", "url", "title", "published", "author", "site")
ROLES = ("source", "cue", "content")
SPEAKER_STRINGS = (
    "name",
    "mention",
    "title",
    "affiliation",
    "nationality",
    "descriptor",
    "type",
    "country",
    "seniority",
)
SPEAKER_FLAGS = ("anonymous", "plural")


@dataclass(frozen=True, slots=True)
class ShardRows:
    """The rows of one shard, as column lists per table."""

    articles: dict[str, list[Any]]
    attributions: dict[str, list[Any]]
    speakers: dict[str, list[Any]]
    errors: dict[str, list[Any]]

    def table(self, name: str) -> dict[str, list[Any]]:
        columns: dict[str, list[Any]] = getattr(self, name)
        return columns


def schemas() -> dict[str, Any]:
    """The Arrow schema of each shard table (see docs/batch.md)."""
    pa = require("pyarrow", "batch")
    key = [pa.field("partition", pa.string(), False), pa.field("seq", pa.int32(), False)]
    segments = []
    for role in ROLES:
        segments += [
            pa.field(f"{role}_start", pa.list_(pa.int32())),
            pa.field(f"{role}_end", pa.list_(pa.int32())),
            pa.field(f"{role}_text", pa.list_(pa.string())),
        ]
    removed = pa.struct(
        [pa.field("kind", pa.string()), pa.field("start", pa.int32()), pa.field("end", pa.int32())]
    )
    return {
        "articles": pa.schema(
            [
                *key,
                pa.field("article_id", pa.string(), False),
                *(pa.field(k, pa.string()) for k in META_KEYS),
                pa.field("text", pa.string(), False),
                pa.field("removed", pa.list_(removed)),
                pa.field("n_attributions", pa.int32(), False),
                pa.field("extra_json", pa.string()),
            ]
        ),
        "attributions": pa.schema(
            [
                *key,
                pa.field("article_id", pa.string(), False),
                pa.field("index", pa.int32(), False),
                pa.field("id", pa.string(), False),
                pa.field("kind", pa.string()),
                pa.field("rule", pa.string()),
                pa.field("parent", pa.string()),
                pa.field("confidence", pa.float64()),
                pa.field("stance", pa.string()),
                *segments,
                pa.field("speaker_name", pa.string()),
                pa.field("json", pa.string(), False),
            ]
        ),
        "speakers": pa.schema(
            [
                *key,
                pa.field("article_id", pa.string(), False),
                pa.field("attribution_id", pa.string(), False),
                *(pa.field(k, pa.string()) for k in SPEAKER_STRINGS),
                *(pa.field(k, pa.bool_()) for k in SPEAKER_FLAGS),
                pa.field("json", pa.string(), False),
            ]
        ),
        "errors": pa.schema(
            [*key, pa.field("origin", pa.string(), False), pa.field("reason", pa.string(), False)]
        ),
    }


# --------------------------------------------------------------------------
# flattening (pure)


def flatten(
    partition: str, items: Iterable[tuple[int, AnalyzedArticle | InputProblem]]
) -> ShardRows:
    """The shard rows of ``(seq, analysed article or problem)`` pairs, in the order given.

    Attributions and speakers are also kept whole (their contract objects)
    in their ``json`` column. ``extra_json`` is for article fields a record
    does not have; records have none, so this version writes it empty (the
    column stays, and shards that hold it still read).
    """
    names = {table: schema.names for table, schema in schemas().items()}
    rows = ShardRows(
        articles={n: [] for n in names["articles"]},
        attributions={n: [] for n in names["attributions"]},
        speakers={n: [] for n in names["speakers"]},
        errors={n: [] for n in names["errors"]},
    )
    for seq, item in items:
        if isinstance(item, InputProblem):
            origin, reason = item.origin, item.reason
            _append(rows.errors, partition=partition, seq=seq, origin=origin, reason=reason)
        else:
            _flatten_article(rows, partition, seq, item)
    return rows


def _append(columns: dict[str, list[Any]], **values: Any) -> None:
    for name, column in columns.items():
        column.append(values.get(name))


def _flatten_article(rows: ShardRows, partition: str, seq: int, analysed: AnalyzedArticle) -> None:
    article = analysed.article
    _append(
        rows.articles,
        partition=partition,
        seq=seq,
        article_id=article.id,
        text=article.text,
        removed=[r.to_dict() for r in analysed.removed],
        n_attributions=len(analysed.attributions),
        extra_json=None,
        **{k: getattr(article, k) for k in META_KEYS},
    )
    for index, attribution in enumerate(analysed.attributions):
        speaker = attribution.speaker
        segments: dict[str, list[Any]] = {}
        for role in ROLES:
            spans = _role(attribution, role)
            segments[f"{role}_start"] = [s.start for s in spans]
            segments[f"{role}_end"] = [s.end for s in spans]
            segments[f"{role}_text"] = [s.text for s in spans]
        _append(
            rows.attributions,
            partition=partition,
            seq=seq,
            article_id=article.id,
            index=index,
            id=attribution.id,
            kind=attribution.kind,
            rule=attribution.rule,
            parent=attribution.parent,
            confidence=attribution.confidence,
            stance=attribution.stance,
            speaker_name=speaker.name if speaker else None,
            json=_dumps(attribution.to_dict()),
            **segments,
        )
        if speaker:
            _append(
                rows.speakers,
                partition=partition,
                seq=seq,
                article_id=article.id,
                attribution_id=attribution.id,
                json=_dumps(speaker.to_dict()),
                **{k: getattr(speaker, k) for k in SPEAKER_STRINGS},
                **{k: getattr(speaker, k) for k in SPEAKER_FLAGS},
            )


def _role(attribution: Attribution, role: str) -> tuple[Any, ...]:
    spans: tuple[Any, ...] = getattr(attribution, role)
    return spans


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# --------------------------------------------------------------------------
# writing


def shard_path(out_dir: Path, table: str, partition: str) -> Path:
    return out_dir / table / f"{partition}.parquet"


def write_shard(out_dir: Path, partition: str, rows: ShardRows) -> dict[str, str]:
    """Write the four files of a shard atomically; their SHA-256 by table.

    Each file is written to a temporary name unique to this attempt,
    flushed to disk, then renamed over the final name, so two attempts at
    the same partition (a task rescheduled after its worker was lost) can
    only ever leave one complete file.
    """
    pa = require("pyarrow", "batch")
    parquet = require("pyarrow.parquet", "batch")
    tables = schemas()
    digests: dict[str, str] = {}
    attempt = uuid.uuid4().hex
    for name in TABLES:
        final = shard_path(out_dir, name, partition)
        final.parent.mkdir(parents=True, exist_ok=True)
        temp = final.with_name(f".{final.name}.{attempt}{TEMP_SUFFIX}")
        table = pa.Table.from_pydict(rows.table(name), schema=tables[name])
        try:
            parquet.write_table(table, temp, compression="zstd")
            digests[name] = _sync_and_hash(temp)
            os.replace(temp, final)
        finally:
            temp.unlink(missing_ok=True)
        _sync_dir(final.parent)
    return digests


def _sync_and_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb+") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
        os.fsync(handle.fileno())
    return digest.hexdigest()


def _sync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def file_digest(path: Path) -> str:
    """SHA-256 of a file (to check that a finished shard is still intact)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def remove_temporaries(out_dir: Path) -> int:
    """Delete temporary files left by attempts that were killed; how many."""
    removed = 0
    for name in TABLES:
        folder = out_dir / name
        if folder.is_dir():
            for temp in folder.glob(f".*{TEMP_SUFFIX}"):
                temp.unlink(missing_ok=True)
                removed += 1
    return removed


# --------------------------------------------------------------------------
# reading back


def read_shard(out_dir: Path, table: str, partition: str) -> Any:
    """One shard file as a ``pyarrow.Table``."""
    parquet = require("pyarrow.parquet", "batch")
    return parquet.read_table(shard_path(out_dir, table, partition), schema=schemas()[table])


def articles_of_shard(out_dir: Path, partition: str) -> Iterator[AnalyzedArticle]:
    """The analysed articles of one shard, in input order.

    Each row is read as a contract object (the attributions from their
    ``json`` column; ``meta`` from ``extra_json`` where an older version
    kept it there) by :func:`claimgraph.records.parse.analyzed_from_dict`.

    Raises:
        InputError: a row does not read as contract 1.x (the message names
            the shard, the row and the field).
    """
    attributions: dict[int, list[object]] = {}
    table = read_shard(out_dir, "attributions", partition)
    seqs, raws = table.column("seq").to_pylist(), table.column("json").to_pylist()
    for seq, raw in zip(seqs, raws, strict=True):
        attributions.setdefault(seq, []).append(json.loads(raw))
    for row in read_shard(out_dir, "articles", partition).to_pylist():
        extra = json.loads(row["extra_json"]) if row["extra_json"] else {}
        contract = {
            "id": row["article_id"],
            "text": row["text"],
            "removed": row["removed"],
            "attributions": attributions.get(row["seq"], []),
            "meta": extra["meta"] if "meta" in extra else {k: row[k] for k in META_KEYS},
        }
        where = f"shard {partition} row {row['seq']}"
        try:
            yield analyzed_from_dict(contract, where)
        except InputError as exc:
            raise InputError(f"{exc} (in {out_dir})") from exc


def iter_analyzed(out_dir: Path | str) -> Iterator[AnalyzedArticle]:
    """Every analysed article of a batch output directory, in input order.

    Reads the shards the manifest lists as finished for the latest run's
    partitions (see :func:`claimgraph.batch.manifest.finished_partitions`);
    each record equals the one the batch analysed (its ``to_dict()`` is
    what ``claimgraph analyze`` prints without the two version fields).
    Articles stream shard by shard: memory holds one shard at a time.
    """
    from claimgraph.batch.manifest import finished_partitions

    out = Path(out_dir)
    for partition in finished_partitions(out):
        yield from articles_of_shard(out, partition)


def shard_names(out_dir: Path, table: str) -> Sequence[str]:
    """The partition ids with a file in ``table`` (temporaries excluded), sorted."""
    folder = out_dir / table
    if not folder.is_dir():
        return []
    return sorted(p.name.removesuffix(".parquet") for p in folder.glob("[!.]*.parquet"))
