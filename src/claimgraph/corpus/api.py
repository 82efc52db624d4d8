"""The corpus: many articles in one store, and the claim graph across them.

:class:`Corpus` is the Python API over a store (SQLite by default). The
command line (``claimgraph ingest``, ``claims``, ``claim``, ``speakers``,
``speaker``, ``article``, ``export``) and the web API call exactly these
methods. Every query returns frozen records with ``to_dict()`` (see
:mod:`claimgraph.records.corpus`); listings return a :class:`Page`.

>>> with Corpus("claimgraph.db") as corpus:               # doctest: +SKIP
...     summary = corpus.ingest(["examples/"])
...     for claim in corpus.claims(disputed=True).items:
...         print(claim.canonical, claim.disputers)
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import chain
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any, BinaryIO

from claimgraph.corpus.store import queries
from claimgraph.corpus.store.base import Store
from claimgraph.errors import ClaimgraphError, InputError
from claimgraph.records import AnalyzedArticle, ArticleInput, InputProblem
from claimgraph.records.corpus import (
    ArticleDetail,
    ArticleSummary,
    ClaimDetail,
    ClaimSummary,
    IngestResult,
    IngestStatus,
    IngestSummary,
    Page,
    SpeakerDetail,
    SpeakerSummary,
    VersionDiff,
)
from claimgraph.settings import Settings

if TYPE_CHECKING:
    from claimgraph.corpus.ingest import Ingester
    from claimgraph.corpus.recluster import ReclusterSummary

__all__ = ["Corpus", "IngestSummary", "Page"]

Progress = Callable[[IngestResult], None]
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: Largest page a listing returns.
MAX_LIMIT = 1000


class Corpus:
    """A corpus store and the queries over it.

    Args:
        path: the SQLite file; default ``settings.db`` (``CLAIMGRAPH_DB``,
            else ``claimgraph.db``).
        settings: model, batch size and size limits for ingesting.
        store: another back end implementing :class:`claimgraph.corpus.store.base.Store`
            (then ``path``, ``create`` and ``read_only`` are ignored).
        create: make a new store when ``path`` does not exist (the default
            for the Python API; the command line creates stores only in
            ``claimgraph ingest`` and ``serve --allow-writes``).
        read_only: open for queries only, changing nothing (works on a
            read-only file or mount); ingesting then raises ``StoreError``.

    Raises:
        StoreError: the file cannot be opened, does not exist (without
            ``create``), is another application's database, is damaged, or
            was written by a newer claimgraph; nothing in it is changed then.
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        settings: Settings | None = None,
        store: Store | None = None,
        create: bool = True,
        read_only: bool = False,
    ) -> None:
        self.settings = settings or Settings.from_env()
        if store is None:
            from claimgraph.corpus.store.sqlite import SQLiteStore

            store = SQLiteStore(
                path if path is not None else self.settings.db, create=create, read_only=read_only
            )
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
        directories, ``-``; every format :func:`claimgraph.read.read_inputs`
        reads)."""
        from claimgraph.read.sources import read_inputs

        items = read_inputs(paths, self.settings, stdin=stdin)
        return self.ingest_articles(items, progress=progress)

    def ingest_articles(
        self,
        articles: Iterable[ArticleInput | InputProblem],
        *,
        progress: Progress | None = None,
    ) -> IngestSummary:
        """Analyse and store articles. An :class:`InputProblem` in the stream
        is counted as failed (as skipped when its ``skipped`` is set);
        articles already stored unchanged are not analysed again."""
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

        def to_analyse() -> Iterator[ArticleInput]:
            for item in articles:
                if isinstance(item, InputProblem):
                    status: IngestStatus = "skipped" if item.skipped else "failed"
                    note(IngestResult(item.origin, status, reason=item.reason))
                    continue
                known = self._known(item)
                if known is not None:
                    note(known)
                    continue
                yield item

        # one analysis stream (the encoder tags a batch while the parser
        # reads the next); each batch of results is stored as it completes
        from claimgraph.nlp.pipeline import analyze_isolated

        size = self.settings.batch_size
        batch: list[AnalyzedArticle] = []
        pending = to_analyse()
        first = next(pending, None)  # the model loads only when an article needs it
        results_of: Iterable[AnalyzedArticle | InputProblem] = (
            ()
            if first is None
            else analyze_isolated(self._load_nlp(), chain([first], pending), size)
        )
        for result in results_of:
            if isinstance(result, InputProblem):
                note(IngestResult(result.origin, "failed", reason=result.reason))
                continue
            batch.append(result)
            if len(batch) >= size:
                self._store_batch(batch, note)
                batch = []
        if batch:
            self._store_batch(batch, note)
        self._settle()
        return _summary(results)

    def ingest_analyzed(
        self,
        articles: Iterable[AnalyzedArticle | Mapping[str, Any]],
        *,
        progress: Progress | None = None,
    ) -> IngestSummary:
        """Store analysed articles without running the NLP: records (what
        ``claimgraph.batch.shards.iter_analyzed`` yields) or output-contract
        dicts (what ``claimgraph analyze --format jsonl`` writes).

        A dict is read with :func:`claimgraph.records.parse.analyzed_from_dict`
        first; one that is malformed fails alone, with the reason. What is
        stored is the record's contract JSON, so output of an older
        claimgraph (schema 1.1) is stored with the 1.2 defaults.

        The claim texts are parsed (the base spaCy model) to tell which state
        a claim (:mod:`claimgraph.graph.proposition`)."""
        with self._writing:
            return self._ingest_analyzed(articles, progress)

    def _ingest_analyzed(
        self, articles: Iterable[AnalyzedArticle | Mapping[str, Any]], progress: Progress | None
    ) -> IngestSummary:
        results: list[IngestResult] = []
        batch: list[AnalyzedArticle] = []
        self._ingester_cache = None

        def note(result: IngestResult) -> None:
            results.append(result)
            if progress is not None:
                progress(result)

        for article in articles:
            if isinstance(article, AnalyzedArticle):
                batch.append(article)
            else:
                read = _from_contract(article)
                if isinstance(read, str):
                    note(IngestResult(_origin(article), "failed", reason=read))
                    continue
                batch.append(read)
            if len(batch) >= self.settings.batch_size:
                self._store_batch(batch, note)
                batch = []
        if batch:
            self._store_batch(batch, note)
        self._settle()
        return _summary(results)

    def _known(self, article: ArticleInput) -> IngestResult | None:
        from claimgraph.corpus.ingest import normalise_url, outlet_of, sha256, story_key

        url = normalise_url(article.url)
        digest = sha256(article.text)
        outlet = outlet_of(article.site, url)
        key = story_key(url, outlet, article.title, article.id, article.origin, digest)
        found = queries.unchanged_version(self.store, key, digest)
        if found is None:
            return None
        return IngestResult(article.origin, "unchanged", found[0], found[1])

    def _load_nlp(self) -> Any:
        if self._nlp is None:
            from claimgraph.nlp.pipeline import load_nlp

            self._nlp = load_nlp(self.settings)
        return self._nlp

    def _store_batch(self, batch: Sequence[AnalyzedArticle], note: Progress) -> None:
        from claimgraph.corpus.ingest import claim_text

        wanted = {
            t
            for article in batch
            for a in article.attributions
            if (t := claim_text(a, article.article.text))
        }
        features = self._text_features(sorted(wanted))
        vectors = {t: v for t, (v, _) in features.items()}
        problems = {t: p for t, (_, p) in features.items()}
        for article in batch:
            try:
                note(self._ingester().ingest(article, vectors, problems))
            except Exception as exc:  # one bad article never stops the others
                reason = str(exc) if isinstance(exc, ClaimgraphError) else f"{exc!r}"
                origin = article.article.origin or article.article.id
                note(IngestResult(origin, "failed", reason=reason))
                self._ingester_cache = None  # its indexes may hold the rolled-back article

    def _text_features(self, texts: Sequence[str]) -> dict[str, tuple[Any, str | None]]:
        """The sentence embedding of each claim text and why it states no
        claim (``None``: it does)."""
        from claimgraph.learned.embeddings import embed

        problems = self._clause_problems(texts)
        return {t: (v, problems[t]) for t, v in zip(texts, embed(texts), strict=True)}

    def recluster(self) -> ReclusterSummary:
        """Rebuild every claim and speaker from the stored articles, in an
        order that depends only on their content, in one transaction
        (:mod:`claimgraph.corpus.recluster`): the same set of articles gives
        the same graph whatever order it was ingested in, concurrently or
        with interruptions. Every ingest ends with it when the graph changed.

        Raises:
            StoreError: the store is read-only, or another writer held it too long.
        """
        with self._writing:
            return self._recluster()

    def _recluster(self) -> ReclusterSummary:
        from claimgraph.corpus.recluster import recluster

        try:
            return recluster(self.store, self._text_features)
        finally:
            self._ingester_cache = None  # its centroids are the old graph's

    def _settle(self) -> None:
        """Rebuild the graph at the end of an ingest run when articles were
        added since the last rebuild (by this run, an interrupted one or
        another process)."""
        if not self.store.graph_canonical():
            self._recluster()

    def _clause_problems(self, texts: Sequence[str]) -> dict[str, str | None]:
        """Why each claim text states no claim (``None``: it does), from a
        parse by the base spaCy model (:mod:`claimgraph.graph.proposition`)."""
        from claimgraph.graph.proposition import clause_problem

        if not texts:
            return {}
        parser = self._load_parser()
        docs = parser.pipe(texts, batch_size=self.settings.batch_size * 4)
        return {t: clause_problem(doc) for t, doc in zip(texts, docs, strict=True)}

    def _load_parser(self) -> Any:
        """The light parsing pipeline (:func:`claimgraph.analysis.text_api.light_nlp`),
        loaded once per process and shared with ``claimgraph.certainty``."""
        from claimgraph.analysis.text_api import light_nlp

        return light_nlp(self.settings.model)

    def _ingester(self) -> Ingester:
        from claimgraph.corpus.ingest import Ingester

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
        q, outlet = check_text(q, "search text"), check_text(outlet, "outlet")
        items, total = queries.articles(self.store, q, outlet, limit, offset)
        return Page(tuple(items), total, limit, offset)

    def article(self, id: int, version: int | None = None) -> ArticleDetail | None:
        """One version of a story (the latest by default), or ``None``.

        Raises:
            InputError: ``id`` or ``version`` is not a whole number from 1 up.
        """
        id = check_id(id, "article id")
        version = None if version is None else check_id(version, "version")
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
            removed=tuple(queries.removed_spans(row)),
            attributions=tuple(queries.article_attributions(self.store, row["id"])),
            changes=changes,
            date=row["date"],
        )

    def diff(self, id: int, a: int, b: int) -> VersionDiff | None:
        """Attributions added and removed from version ``a`` to version ``b``
        of a story, or ``None`` when either version does not exist."""
        id, a, b = check_id(id, "article id"), check_id(a, "version"), check_id(b, "version")
        old = queries.article_row(self.store, id, a)
        new = queries.article_row(self.store, id, b)
        if old is None or new is None:
            return None
        if b == a + 1:
            added_ids, removed_ids = queries.recorded_changes(self.store, new["id"])
        else:
            old_rows = queries.attribution_diff_keys(self.store, old["id"])
            new_rows = queries.attribution_diff_keys(self.store, new["id"])
            old_keys = {key for _, key in old_rows}
            new_keys = {key for _, key in new_rows}
            added_ids = [i for i, key in new_rows if key not in old_keys]
            removed_ids = [i for i, key in old_rows if key not in new_keys]
        added = queries.statements_by_ids(self.store, added_ids)
        removed = queries.statements_by_ids(self.store, removed_ids)
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
        speaker, q = check_text(speaker, "speaker"), check_text(q, "search text")
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
        id = check_id(id, "claim id")
        summary = queries.claim_summaries(self.store, [id]).get(id)
        if summary is None:
            return None
        statements = queries.claim_statements(self.store, id)
        evidence = queries.claim_evidence(self.store, id)
        return ClaimDetail(summary, tuple(statements), tuple(evidence))

    def iter_claims(self) -> Iterator[ClaimDetail]:
        """Every claim's ledger, by id (for exports)."""
        for claim_id in queries.all_claim_ids(self.store):
            detail = self.claim(claim_id)
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
        q = check_text(q, "search text")
        items, total = queries.speakers(self.store, q, limit, offset, descriptions=descriptions)
        return Page(tuple(items), total, limit, offset)

    def speaker(self, id_or_name: int | str) -> SpeakerDetail | None:
        """A speaker by id, or by name (exact, else the most quoted whose name
        or alias contains it), with titles over time and statements."""
        if isinstance(id_or_name, int) or str(id_or_name).isdigit():
            speaker_id: int | None = check_id(id_or_name, "speaker id")
        else:
            name = check_text(str(id_or_name), "speaker name") or ""
            if not name.strip():
                raise InputError("give a speaker id or a name")
            found = queries.speaker_ids_by_name(self.store, name)
            speaker_id = found[0] if found else None
        if speaker_id is None:
            return None
        summary = queries.speaker_by_id(self.store, speaker_id)
        if summary is None:
            return None
        return SpeakerDetail(
            summary,
            tuple(queries.speaker_titles(self.store, speaker_id)),
            tuple(queries.speaker_statements(self.store, speaker_id)),
        )

    # ------------------------------------------------------------------
    # exports

    def export(self, fmt: str, out: str | Path | IO[Any]) -> int:
        """Write every claim in ``fmt`` (``jsonl``, ``csv``, ``parquet``,
        ``claimreview``) to a path or an open file; returns the records written
        (claims, or statement rows for ``csv``/``parquet``)."""
        from claimgraph.corpus.export import export

        return export(self, fmt, out)


#: Largest id a store row can have (SQLite's 64-bit signed integer).
MAX_ID = 2**63 - 1
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def check_id(value: int | str, what: str = "id") -> int:
    """A row id from the caller (CLI argument, URL, Python): a whole number
    written in ASCII digits, from 1 to :data:`MAX_ID`.

    Raises:
        InputError: anything else ("²", "-1", "1e3", 2**64, ...).
    """
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InputError(f"{what} must be a whole number, not {type(value).__name__}")
    text = str(value)
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_ID:
        shown = text if len(text) <= 30 else text[:30] + "…"
        raise InputError(f"{what} {shown!r} is not a whole number from 1 to {MAX_ID}")
    return int(text)


def check_text(value: str | None, what: str) -> str | None:
    """A search text or name from the caller, without control characters
    (a NUL would cut the SQL parameter short and match everything) or lone
    surrogates (an argument of invalid UTF-8).

    Raises:
        InputError: it holds either.
    """
    if value is None:
        return None
    if _CONTROL.search(value):
        raise InputError(f"{what} contains control characters; give plain text")
    if _SURROGATE.search(value):
        # what an argument of invalid UTF-8 becomes; SQLite cannot take it
        raise InputError(f"{what} is not valid Unicode (invalid UTF-8); give plain text")
    return value


def _page(limit: int, offset: int) -> tuple[int, int]:
    if limit < 1 or not 0 <= offset <= MAX_ID:
        raise InputError(f"limit must be at least 1 and offset from 0 to {MAX_ID}")
    return min(limit, MAX_LIMIT), offset


def _origin(article: Mapping[str, Any]) -> str:
    meta = article.get("meta") if isinstance(article, Mapping) else None
    origin = meta.get("origin") if isinstance(meta, Mapping) else None
    return str(origin or (article.get("id") if isinstance(article, Mapping) else "") or "?")


def _from_contract(article: object) -> AnalyzedArticle | str:
    """The record of an output-contract object, or why it is not one."""
    from claimgraph.records.parse import analyzed_from_dict

    if not isinstance(article, Mapping):
        return "not a JSON object"
    try:
        read = analyzed_from_dict(article)
    except InputError as exc:
        return str(exc)
    return read if read.article.text.strip() else "no 'text'"


def _summary(results: Sequence[IngestResult]) -> IngestSummary:
    def count(status: str) -> int:
        return sum(1 for r in results if r.status == status)

    return IngestSummary(
        ingested=count("ingested"),
        unchanged=count("unchanged"),
        updated=count("updated"),
        duplicates=count("duplicate"),
        failed=tuple((r.origin, r.reason or "") for r in results if r.status == "failed"),
        skipped=tuple((r.origin, r.reason or "") for r in results if r.status == "skipped"),
        results=tuple(results),
    )
