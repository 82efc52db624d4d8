"""The corpus: many articles in one store, and the claim graph across them.

:class:`Corpus` is the Python API over a store (SQLite by default). The
command line (``claimgraph ingest``, ``claims``, ``claim``, ``speakers``,
``speaker``, ``article``, ``export``) and the web API call exactly these
methods. Every query returns frozen records with ``to_dict()`` (see
:mod:`claimgraph.corpus_records`); listings return a :class:`Page`.

>>> with Corpus("claimgraph.db") as corpus:               # doctest: +SKIP
...     summary = corpus.ingest(["examples/"])
...     for claim in corpus.claims(disputed=True).items:
...         print(claim.canonical, claim.disputers)
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any, BinaryIO

from claimgraph.corpus_records import (
    ArticleDetail,
    ArticleSummary,
    ClaimDetail,
    ClaimSummary,
    IngestResult,
    IngestSummary,
    Page,
    SpeakerDetail,
    SpeakerSummary,
    Statement,
    VersionDiff,
)
from claimgraph.errors import ClaimgraphError, InputError
from claimgraph.records import ArticleInput, InputProblem
from claimgraph.settings import Settings
from claimgraph.store import queries
from claimgraph.store.base import Store

if TYPE_CHECKING:
    from claimgraph.corpus_ingest import Ingester

__all__ = ["Corpus", "IngestSummary", "Page"]

Progress = Callable[[IngestResult], None]
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: Largest page a listing returns.
MAX_LIMIT = 1000


class Corpus:
    """A corpus store and the queries over it.

    Args:
        path: the SQLite file (created if missing); default ``settings.db``
            (``CLAIMGRAPH_DB``, else ``claimgraph.db``).
        settings: model, batch size and size limits for ingesting.
        store: another back end implementing :class:`claimgraph.store.base.Store`
            (then ``path`` is ignored).

    Raises:
        StoreError: the file cannot be opened, is not a claimgraph store, or
            was written by a newer claimgraph.
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        settings: Settings | None = None,
        store: Store | None = None,
    ) -> None:
        self.settings = settings or Settings.from_env()
        if store is None:
            from claimgraph.store.sqlite import SQLiteStore

            store = SQLiteStore(path if path is not None else self.settings.db)
        self.store: Store = store
        self._nlp: Any = None
        # one ingest at a time per Corpus (the web app may call from threads)
        self._writing = threading.Lock()
        self._ingester_cache: Ingester | None = None

    @property
    def path(self) -> str:
        return self.store.path

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # ------------------------------------------------------------------
    # ingesting

    def ingest(
        self,
        paths: Sequence[str],
        *,
        stdin: BinaryIO | None = None,
        progress: Progress | None = None,
    ) -> IngestSummary:
        """Read, analyse and store the articles in ``paths`` (files,
        directories, ``-``; text, HTML, JSONL, WARC, RSS/Atom)."""
        from claimgraph.ingest_archive import read_corpus_inputs

        items = read_corpus_inputs(paths, self.settings, stdin=stdin)
        return self.ingest_articles(items, progress=progress)

    def ingest_articles(
        self,
        articles: Iterable[ArticleInput | InputProblem],
        *,
        progress: Progress | None = None,
    ) -> IngestSummary:
        """Analyse and store articles. An :class:`InputProblem` in the stream
        is counted as failed; articles already stored unchanged are not
        analysed again."""
        with self._writing:
            return self._ingest_articles(articles, progress)

    def _ingest_articles(
        self, articles: Iterable[ArticleInput | InputProblem], progress: Progress | None
    ) -> IngestSummary:
        results: list[IngestResult] = []
        self._ingester_cache = None  # reload the indexes: others may have written

        def note(result: IngestResult) -> None:
            results.append(result)
            if progress is not None:
                progress(result)

        batch: list[ArticleInput] = []
        for item in articles:
            if isinstance(item, InputProblem):
                note(IngestResult(item.origin, "failed", reason=item.reason))
                continue
            known = self._known(item)
            if known is not None:
                note(known)
                continue
            batch.append(item)
            if len(batch) >= self.settings.batch_size:
                self._ingest_batch(batch, note)
                batch = []
        if batch:
            self._ingest_batch(batch, note)
        return _summary(results)

    def ingest_analyzed(
        self,
        articles: Iterable[Mapping[str, Any]],
        *,
        progress: Progress | None = None,
    ) -> IngestSummary:
        """Store analysed articles given as output-contract dicts (what
        ``claimgraph analyze --format jsonl`` writes) without running the NLP."""
        with self._writing:
            return self._ingest_analyzed(articles, progress)

    def _ingest_analyzed(
        self, articles: Iterable[Mapping[str, Any]], progress: Progress | None
    ) -> IngestSummary:
        results: list[IngestResult] = []
        batch: list[Mapping[str, Any]] = []
        self._ingester_cache = None

        def note(result: IngestResult) -> None:
            results.append(result)
            if progress is not None:
                progress(result)

        for article in articles:
            problem = _contract_problem(article)
            if problem:
                note(IngestResult(_origin(article), "failed", reason=problem))
                continue
            batch.append(article)
            if len(batch) >= self.settings.batch_size:
                self._store_batch(batch, note)
                batch = []
        if batch:
            self._store_batch(batch, note)
        return _summary(results)

    def ingest_batch(
        self, out_dir: str | Path, *, progress: Progress | None = None
    ) -> IngestSummary:
        """Store the results of a finished ``claimgraph batch --out DIR`` run
        (:func:`claimgraph.batch.shards.iter_analyzed`) without re-analysing.

        Raises:
            ClaimgraphError: ``out_dir`` is not a batch output directory.
        """
        from claimgraph.batch.shards import iter_analyzed

        return self.ingest_analyzed(iter_analyzed(out_dir), progress=progress)

    def _known(self, article: ArticleInput) -> IngestResult | None:
        from claimgraph.corpus_ingest import normalise_url, outlet_of, sha256, story_key

        url = normalise_url(article.url)
        digest = sha256(article.text)
        outlet = outlet_of(article.site, url)
        key = story_key(url, outlet, article.title, article.id, article.origin, digest)
        rows = self.store.query(
            "SELECT s.id, a.version FROM stories s JOIN articles a ON a.story_id = s.id "
            "WHERE s.key = ? AND a.sha256 = ?",
            (key, digest),
        )
        if not rows:
            return None
        return IngestResult(article.origin, "unchanged", rows[0]["id"], rows[0]["version"])

    def _load_nlp(self) -> Any:
        if self._nlp is None:
            from claimgraph.pipeline import load_nlp

            self._nlp = load_nlp(self.settings)
        return self._nlp

    def _ingest_batch(self, batch: list[ArticleInput], note: Progress) -> None:
        from claimgraph.output import article_to_dict
        from claimgraph.pipeline import analyze_articles

        nlp = self._load_nlp()
        try:
            analysed = [
                article_to_dict(a)
                for a in analyze_articles(nlp, batch, batch_size=self.settings.batch_size)
            ]
        except Exception:  # isolate the article that broke the batch
            analysed = []
            for article in batch:
                try:
                    analysed += [article_to_dict(a) for a in analyze_articles(nlp, [article])]
                except Exception as exc:
                    note(IngestResult(article.origin, "failed", reason=f"analysis failed: {exc}"))
        self._store_batch(analysed, note)

    def _store_batch(self, batch: Sequence[Mapping[str, Any]], note: Progress) -> None:
        from claimgraph.corpus_ingest import claim_text
        from claimgraph.embeddings import embed

        wanted: set[str] = set()
        readable: list[Mapping[str, Any]] = []
        for article in batch:
            try:
                text = str(article.get("text") or "")
                wanted.update(
                    t for a in article.get("attributions") or [] if (t := claim_text(a, text))
                )
                readable.append(article)
            except Exception as exc:  # a malformed attribution fails its article only
                note(IngestResult(_origin(article), "failed", reason=f"malformed: {exc!r}"))
        texts = sorted(wanted)
        vectors = dict(zip(texts, embed(texts), strict=True))
        for article in readable:
            try:
                note(self._ingester().ingest(article, vectors))
            except Exception as exc:  # one bad article never stops the others
                reason = str(exc) if isinstance(exc, ClaimgraphError) else f"{exc!r}"
                note(IngestResult(_origin(article), "failed", reason=reason))
                self._ingester_cache = None  # its indexes may hold the rolled-back article

    def _ingester(self) -> Ingester:
        from claimgraph.corpus_ingest import Ingester

        if self._ingester_cache is None:
            self._ingester_cache = Ingester(self.store)
        return self._ingester_cache

    # ------------------------------------------------------------------
    # articles

    def articles(
        self,
        q: str | None = None,
        outlet: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page[ArticleSummary]:
        """Stories (latest version each) whose title or text contains ``q``,
        from ``outlet``, by id."""
        limit, offset = _page(limit, offset)
        items, total = queries.articles(self.store, q, outlet, limit, offset)
        return Page(tuple(items), total, limit, offset)

    def article(self, id: int, version: int | None = None) -> ArticleDetail | None:
        """One version of a story (the latest by default), or ``None``."""
        row = queries.article_row(self.store, id, version)
        if row is None:
            return None
        changes = self.diff(id, row["version"] - 1, row["version"]) if row["version"] > 1 else None
        return ArticleDetail(
            id=row["story_id"],
            version=row["version"],
            versions=row["versions"],
            url=row["url"],
            outlet=row["outlet"],
            title=row["title"],
            author=row["author"],
            published=row["published"],
            origin=row["origin"],
            sha256=row["sha256"],
            ingested=row["ingested"],
            duplicate_of=row["duplicate_story"],
            duplicate_score=row["duplicate_score"],
            duplicates=tuple(queries.duplicates_of(self.store, id)),
            text=row["text"],
            removed=tuple(json.loads(row["removed"])),
            attributions=tuple(queries.article_attributions(self.store, row["id"])),
            changes=changes,
        )

    def diff(self, id: int, a: int, b: int) -> VersionDiff | None:
        """Attributions added and removed from version ``a`` to version ``b``
        of a story, or ``None`` when either version does not exist."""
        old = queries.article_row(self.store, id, a)
        new = queries.article_row(self.store, id, b)
        if old is None or new is None:
            return None
        if b == a + 1:
            added_ids, removed_ids = queries.recorded_changes(self.store, new["id"])
            added = _by_ids(self.store, added_ids)
            removed = _by_ids(self.store, removed_ids)
        else:
            old_rows = self.store.query(
                "SELECT id, diff_key FROM attributions WHERE article_id = ?", (old["id"],)
            )
            new_rows = self.store.query(
                "SELECT id, diff_key FROM attributions WHERE article_id = ?", (new["id"],)
            )
            old_keys = {r["diff_key"] for r in old_rows}
            new_keys = {r["diff_key"] for r in new_rows}
            added = _by_ids(
                self.store, [r["id"] for r in new_rows if r["diff_key"] not in old_keys]
            )
            removed = _by_ids(
                self.store, [r["id"] for r in old_rows if r["diff_key"] not in new_keys]
            )
        return VersionDiff(id, a, b, tuple(added), tuple(removed))

    # ------------------------------------------------------------------
    # claims

    def claims(
        self,
        disputed: bool | None = None,
        speaker: str | None = None,
        since: str | None = None,
        q: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page[ClaimSummary]:
        """Claims, largest first. ``disputed``: only claims someone denies
        (``False``: only undisputed ones); ``speaker``: a speaker whose name
        or alias contains this made a statement of it; ``since``: seen on or
        after this ``YYYY-MM-DD`` date; ``q``: the wording contains this."""
        limit, offset = _page(limit, offset)
        if since is not None and not _ISO_DATE.match(since):
            raise InputError(f"since={since!r} is not a date; give it as YYYY-MM-DD")
        ids, total = queries.claim_ids(
            self.store,
            disputed=disputed,
            speaker=speaker,
            since=since,
            q=q,
            limit=limit,
            offset=offset,
        )
        summaries = queries.claim_summaries(self.store, ids)
        return Page(tuple(summaries[i] for i in ids), total, limit, offset)

    def claim(self, id: int) -> ClaimDetail | None:
        """A claim's ledger: who asserts and who disputes it, with quotes,
        outlets, dates and offsets; or ``None``."""
        summary = queries.claim_summaries(self.store, [id]).get(id)
        if summary is None:
            return None
        statements = queries.statements(self.store, "m.claim_id = ?", (id,))
        evidence = queries.claim_evidence(self.store, id)
        return ClaimDetail(summary, tuple(statements), tuple(evidence))

    def iter_claims(self) -> Iterator[ClaimDetail]:
        """Every claim's ledger, by id (for exports)."""
        for row in self.store.iter_query("SELECT id FROM claims ORDER BY id"):
            detail = self.claim(row["id"])
            if detail is not None:
                yield detail

    # ------------------------------------------------------------------
    # speakers

    def speakers(
        self,
        q: str | None = None,
        limit: int = 50,
        offset: int = 0,
        *,
        descriptions: bool | None = None,
    ) -> Page[SpeakerSummary]:
        """Canonical speakers whose name or an alias contains ``q``, most quoted
        first. ``descriptions``: ``False`` for named speakers only, ``True`` for
        kinds of source only ("experts", "a U.S. official"; each counts
        statements by such sources, not by one person), ``None`` for both."""
        limit, offset = _page(limit, offset)
        items, total = queries.speakers(self.store, q, limit, offset, descriptions=descriptions)
        return Page(tuple(items), total, limit, offset)

    def speaker(self, id_or_name: int | str) -> SpeakerDetail | None:
        """A speaker by id, or by name (exact, else the most quoted whose name
        or alias contains it), with titles over time and statements."""
        if isinstance(id_or_name, int) or str(id_or_name).isdigit():
            speaker_id: int | None = int(id_or_name)
        else:
            found = queries.speaker_ids_by_name(self.store, str(id_or_name))
            speaker_id = found[0] if found else None
        if speaker_id is None:
            return None
        summary = queries.speaker_by_id(self.store, speaker_id)
        if summary is None:
            return None
        return SpeakerDetail(
            summary,
            tuple(queries.speaker_titles(self.store, speaker_id)),
            tuple(queries.statements(self.store, queries.CREDITED, (speaker_id,))),
        )

    # ------------------------------------------------------------------
    # exports

    def export(self, fmt: str, out: str | Path | IO[Any]) -> int:
        """Write every claim in ``fmt`` (``jsonl``, ``csv``, ``parquet``,
        ``claimreview``) to a path or an open file; returns the records written
        (claims, or statement rows for ``csv``/``parquet``)."""
        from claimgraph.corpus_export import export

        return export(self, fmt, out)


def _by_ids(store: Store, ids: Sequence[int]) -> list[Statement]:
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    return queries.statements(store, f"t.id IN ({marks})", list(ids))


def _page(limit: int, offset: int) -> tuple[int, int]:
    if limit < 1 or offset < 0:
        raise InputError("limit must be at least 1 and offset at least 0")
    return min(limit, MAX_LIMIT), offset


def _origin(article: Mapping[str, Any]) -> str:
    meta = article.get("meta") if isinstance(article, Mapping) else None
    origin = meta.get("origin") if isinstance(meta, Mapping) else None
    return str(origin or (article.get("id") if isinstance(article, Mapping) else "") or "?")


def _contract_problem(article: object) -> str | None:
    """Why ``article`` is not an analysed article in the output-contract shape."""
    if not isinstance(article, Mapping):
        return "not a JSON object"
    if not isinstance(article.get("text"), str) or not article["text"].strip():
        return "no 'text'"
    if not isinstance(article.get("attributions", []), list):
        return "'attributions' is not a list"
    major = str(article.get("schema_version") or "1").split(".")[0]
    if major != "1":
        return f"schema_version {article['schema_version']} is not 1.x; upgrade claimgraph"
    return None


def _summary(results: Sequence[IngestResult]) -> IngestSummary:
    def count(status: str) -> int:
        return sum(1 for r in results if r.status == status)

    return IngestSummary(
        ingested=count("ingested"),
        unchanged=count("unchanged"),
        updated=count("updated"),
        duplicates=count("duplicate"),
        failed=tuple((r.origin, r.reason or "") for r in results if r.status == "failed"),
        results=tuple(results),
    )
