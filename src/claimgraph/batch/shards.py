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
shards back into the article dicts of the output contract.
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

from claimgraph.extras import require
from claimgraph.records import InputProblem

#: The shard tables, in the order they are written (``articles`` last).
TABLES = ("errors", "speakers", "attributions", "articles")
#: Temporary files end with this; readers ignore them and runs remove them.
TEMP_SUFFIX = ".tmp"

ARTICLE_KEYS = ("id", "text", "removed", "attributions", "meta")
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
    partition: str, items: Iterable[tuple[int, dict[str, Any] | InputProblem]]
) -> ShardRows:
    """The shard rows of ``(seq, article dict or problem)`` pairs, in the order given.

    Article dicts are :meth:`AnalyzedArticle.to_dict` objects; fields this
    version does not know are kept (attributions and speakers whole in their
    ``json`` column, article fields in ``extra_json``).
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


def _flatten_article(rows: ShardRows, partition: str, seq: int, article: dict[str, Any]) -> None:
    meta = article.get("meta") or {}
    extra = {k: v for k, v in article.items() if k not in ARTICLE_KEYS}
    if set(meta) - set(META_KEYS):
        extra["meta"] = meta
    attributions = article.get("attributions") or []
    _append(
        rows.articles,
        partition=partition,
        seq=seq,
        article_id=article["id"],
        text=article["text"],
        removed=article.get("removed") or [],
        n_attributions=len(attributions),
        extra_json=_dumps(extra) if extra else None,
        **{k: meta.get(k) for k in META_KEYS},
    )
    for index, attribution in enumerate(attributions):
        speaker = attribution.get("speaker")
        segments: dict[str, list[Any]] = {}
        for role in ROLES:
            spans = attribution.get(role) or []
            segments[f"{role}_start"] = [s["start"] for s in spans]
            segments[f"{role}_end"] = [s["end"] for s in spans]
            segments[f"{role}_text"] = [s["text"] for s in spans]
        _append(
            rows.attributions,
            partition=partition,
            seq=seq,
            article_id=article["id"],
            index=index,
            id=attribution["id"],
            kind=attribution.get("kind"),
            rule=attribution.get("rule"),
            parent=attribution.get("parent"),
            confidence=attribution.get("confidence"),
            stance=attribution.get("stance"),
            speaker_name=speaker.get("name") if speaker else None,
            json=_dumps(attribution),
            **segments,
        )
        if speaker:
            _append(
                rows.speakers,
                partition=partition,
                seq=seq,
                article_id=article["id"],
                attribution_id=attribution["id"],
                json=_dumps(speaker),
                **{k: _str_or_none(speaker.get(k)) for k in SPEAKER_STRINGS},
                **{k: _bool_or_none(speaker.get(k)) for k in SPEAKER_FLAGS},
            )


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _bool_or_none(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


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


def articles_of_shard(out_dir: Path, partition: str) -> Iterator[dict[str, Any]]:
    """The article dicts of one shard, in input order (as ``AnalyzedArticle.to_dict``)."""
    attributions: dict[int, list[dict[str, Any]]] = {}
    table = read_shard(out_dir, "attributions", partition)
    seqs, raws = table.column("seq").to_pylist(), table.column("json").to_pylist()
    for seq, raw in zip(seqs, raws, strict=True):
        attributions.setdefault(seq, []).append(json.loads(raw))
    for row in read_shard(out_dir, "articles", partition).to_pylist():
        extra = json.loads(row["extra_json"]) if row["extra_json"] else {}
        meta = extra.pop("meta", None) or {k: row[k] for k in META_KEYS}
        yield {
            "id": row["article_id"],
            "text": row["text"],
            "removed": row["removed"],
            "attributions": attributions.get(row["seq"], []),
            "meta": meta,
            **extra,
        }


def iter_analyzed(out_dir: Path | str) -> Iterator[dict[str, Any]]:
    """Every analysed article of a batch output directory, in input order.

    Reads the shards the manifest lists as finished for the latest run's
    partitions (see :func:`claimgraph.batch.manifest.finished_partitions`);
    each dict equals the original ``AnalyzedArticle.to_dict()``. Articles
    stream shard by shard: memory holds one shard at a time.
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
