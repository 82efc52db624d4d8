"""Writing analysed articles into the store: versions, near-duplicates,
speakers, claims, evidence and version diffs.

The input is an :class:`~claimgraph.records.AnalyzedArticle` record (the
pipeline's, or one read back from the output contract by
:mod:`claimgraph.records.parse`); the contract's JSON of each attribution is
what the store keeps. Everything written for one article happens in one store
transaction; the in-memory indexes (claim centroids, MinHash LSH) are only
updated after it commits, so a failure leaves both the store and the
indexes as they were; they are reloaded inside the transaction when another
writer committed since they were loaded, so no update of theirs is lost.

Cross-article matching is :mod:`claimgraph.graph`'s, run by
:class:`claimgraph.corpus.linking.GraphLinker`: which stored speaker a
mention is (:func:`claimgraph.graph.speakers.match_stored_speaker`,
candidates looked up by :func:`~claimgraph.graph.speakers.candidate_keys` in
the store's key index) and which claim an attribution joins
(:func:`claimgraph.graph.claims.assign_claim` over the nearest centroids of
a :class:`ClaimIndex`). This module stores the article and feeds the linker;
the deterministic rebuild that ends each run is
:mod:`claimgraph.corpus.recluster`.

The helpers at the top are pure functions over plain data.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit, urlunsplit

from claimgraph.corpus.linking import (
    CANDIDATES,
    ClaimIndex,
    GraphLinker,
    Vector,
    centroid_from,
    claim_row,
    entity_from,
    speaker_row,
    vector_bytes,
    vector_from,
)
from claimgraph.corpus.store.base import NewArticle, NewAttribution, Store
from claimgraph.graph import claims as graph_claims
from claimgraph.graph.claims import ClaimCentroid
from claimgraph.graph.neardup import DuplicateIndex, signature, story_text
from claimgraph.output import SCHEMA_VERSION
from claimgraph.records import AnalyzedArticle, Attribution, Segment
from claimgraph.records.corpus import IngestResult, IngestStatus

__all__ = [
    "CANDIDATES",
    "ClaimIndex",
    "Ingester",
    "centroid_from",
    "claim_row",
    "entity_from",
    "speaker_row",
    "vector_from",
]

#: Joins the segments of a discontinuous span in stored texts.
JOINER = " … "
#: Second-level labels under which a registered domain has three labels (bbc.co.uk).
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "ne", "or", "go"})
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_LINE_SUFFIX = re.compile(r"(?::\d+|#\d+)$")


# --------------------------------------------------------------------------
# pure helpers


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalise_url(url: str | None) -> str | None:
    """The URL without fragment, with a lower-case host and no trailing slash."""
    if not url or not url.strip():
        return None
    parts = urlsplit(url.strip())
    if not parts.netloc:
        return url.strip()
    path = parts.path.rstrip("/") or ""
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def outlet_of(site: str | None, url: str | None) -> str | None:
    """The outlet: the site name from metadata, else the URL's registered domain
    (``www.example.co.uk/x`` → ``example.co.uk``)."""
    if site and site.strip():
        return site.strip()
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    labels = [label for label in host.split(".") if label]
    if len(labels) < 2:
        return host or None
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def story_key(
    url: str | None,
    outlet: str | None,
    title: str | None,
    article_id: str,
    origin: str,
    digest: str,
) -> str:
    """What identifies a story across its versions: its URL; else outlet and
    title; else the file it came from and its id (``news/a/report.txt``, or
    ``batch.jsonl`` and the line's id); else (standard input, nothing known)
    the text itself, so that only the same text counts as the same story."""
    if url:
        return f"url:{url}"
    if outlet and title:
        return f"title:{outlet.lower()}|{' '.join(title.lower().split())}"
    source = _LINE_SUFFIX.sub("", origin)
    if source and source not in ("-", "<string>"):
        return f"src:{source}|{article_id}"
    return f"sha:{digest}"


def iso_date(published: str | None) -> str | None:
    """``YYYY-MM-DD`` for an ISO or RFC 2822 date, else ``None``."""
    if not published:
        return None
    value = published.strip()
    if _DATE.match(value):
        return value[:10]
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in ("%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%d %b %Y"):
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def joined(segments: Sequence[Segment]) -> str:
    return JOINER.join(s.text for s in segments)


def span(segments: Sequence[Segment]) -> tuple[int, int] | None:
    """The extent (first start, last end) of a role's segments."""
    if not segments:
        return None
    return min(s.start for s in segments), max(s.end for s in segments)


def normalised(text: str) -> str:
    """Lower-case, accents, quotes and punctuation removed, spaces collapsed."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w\s]", " ", folded.lower()).split())


def diff_key(attribution: Attribution) -> str:
    """What makes two versions' attributions "the same": normalised speaker
    (canonical name, else source text) and content (for a declined comment,
    which has no content: the stance and cue)."""
    speaker = attribution.speaker
    who = (speaker.name if speaker else None) or joined(attribution.source)
    content = joined(attribution.content)
    what = content or f"{attribution.stance} {joined(attribution.cue)}"
    return f"{normalised(who)}|{normalised(what)}"


def claim_text(attribution: Attribution, article_text: str) -> str:
    """The text clustered into claims (:func:`claimgraph.graph.claims.claim_text`)."""
    return graph_claims.claim_text(attribution, article_text)


def removed_spans(article: AnalyzedArticle) -> list[tuple[int, int]]:
    return [(r.start, r.end) for r in article.removed]


# --------------------------------------------------------------------------
# the writer


@dataclass(frozen=True, slots=True)
class _Pending:
    """In-memory index updates to apply once the article's transaction commits."""

    signature: tuple[int, int, bytes, int | None] | None
    centroids: tuple[ClaimCentroid, ...]


class Ingester:
    """Writes analysed articles into a store, one transaction each.

    Holds the in-memory claim and near-duplicate indexes, loaded from the
    store inside the first article's transaction and again whenever another
    writer (another process, or a rebuild) committed in between, so that no
    update of theirs is lost.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.claims = ClaimIndex()
        self.duplicates = DuplicateIndex()
        self._version: int | None = None

    def _load(self) -> None:
        """(Re)load the indexes when another writer committed since they
        were loaded (called inside the write transaction)."""
        version = self.store.data_version()
        if version != self._version:
            self.claims = ClaimIndex([centroid_from(r) for r in self.store.claim_rows()])
            self.duplicates = DuplicateIndex()
            for s in self.store.signatures():
                self.duplicates.add(s.article_id, s.story_id, s.minhash, s.duplicate_of)
            self._version = version

    def ingest(
        self,
        analyzed: AnalyzedArticle,
        vectors: Mapping[str, Vector],
        problems: Mapping[str, str | None] | None = None,
    ) -> IngestResult:
        """Store one analysed article. ``vectors`` maps each attribution's
        :func:`claim_text` to its sentence embedding, ``problems`` to why it
        states no claim (:func:`claimgraph.graph.proposition.clause_problem`;
        a text missing from it states one).

        Raises whatever the store raises; the article is then rolled back.
        """
        article = analyzed.article
        origin = article.origin or article.id
        text = article.text
        url = normalise_url(article.url)
        outlet = outlet_of(article.site, url)
        digest = sha256(text)
        key = story_key(url, outlet, article.title, article.id, origin, digest)
        sig = signature(story_text(text, removed_spans(analyzed)))
        with self.store.transaction():
            self._load()
            story_id = self.store.find_story(key)
            versions = self.store.story_versions(story_id) if story_id is not None else []
            for v in versions:
                if v.sha256 == digest:
                    return IngestResult(origin, "unchanged", story_id, v.version)
            match = self.duplicates.find(sig, story_id)
            if story_id is None:
                story_id = self.store.add_story(key, url, outlet)
            version = versions[-1].version + 1 if versions else 1
            article_id = self.store.add_article(
                NewArticle(
                    story_id=story_id,
                    version=version,
                    external_id=article.id,
                    origin=origin,
                    format=article.format,
                    url=url,
                    outlet=outlet,
                    title=article.title,
                    author=article.author,
                    published=article.published,
                    date=iso_date(article.published),
                    text=text,
                    sha256=digest,
                    removed=json.dumps([r.to_dict() for r in analyzed.removed]),
                    schema_version=SCHEMA_VERSION,
                    minhash=sig,
                    duplicate_of=match.article_id if match else None,
                    duplicate_score=match.score if match else None,
                )
            )
            centroids = self._attributions(article_id, analyzed, vectors, problems or {})
            self.store.set_graph_canonical(False)
            if versions:
                self._diff(article_id, versions[-1].article_id)
        original = match.article_id if match else None
        self._apply(_Pending((article_id, story_id, sig, original), centroids))
        status: IngestStatus
        if versions:
            status = "updated"
        elif match:
            status = "duplicate"
        else:
            status = "ingested"
        original_story = self.duplicates.story_of(match.article_id) if match else None
        return IngestResult(origin, status, story_id, version, original_story)

    def _apply(self, pending: _Pending) -> None:
        if pending.signature is not None:
            self.duplicates.add(*pending.signature)
        for c in pending.centroids:
            self.claims.put(c)

    # ---- attributions ----

    def _attributions(
        self,
        article_id: int,
        analyzed: AnalyzedArticle,
        vectors: Mapping[str, Vector],
        problems: Mapping[str, str | None],
    ) -> tuple[ClaimCentroid, ...]:
        items = analyzed.attributions
        row_ids = {a.id: self._attribution(article_id, a) for a in items}
        text = analyzed.article.text
        texts = {t for a in items if (t := claim_text(a, text)) and t in vectors}
        self.store.add_claim_texts(
            [(t, vector_bytes(vectors[t]), problems.get(t)) for t in sorted(texts)]
        )
        linker = GraphLinker(self.store, self.claims)
        centroids, _ = linker.link(items, text, row_ids, vectors, problems)
        return centroids

    def _attribution(self, article_id: int, a: Attribution) -> int:
        row_id = self.store.add_attribution(
            NewAttribution(
                article_id=article_id,
                local_id=a.id,
                kind=a.kind,
                stance=a.stance,
                certainty=a.certainty.level if a.certainty else "unknown",
                confidence=a.confidence,
                speaker_id=None,
                speaker_name=a.speaker.name if a.speaker else None,
                speaker_title=a.speaker.title if a.speaker else None,
                source_text=joined(a.source),
                cue_text=joined(a.cue),
                content_text=joined(a.content),
                source_span=span(a.source),
                cue_span=span(a.cue),
                content_span=span(a.content),
                diff_key=diff_key(a),
                data=json.dumps(a.to_dict(), ensure_ascii=False),
            )
        )
        evidence = a.evidence
        # "not stated" with nothing to show is the absence of evidence, not a row
        if evidence is not None and (evidence.status != "not_stated" or evidence.spans):
            for s in evidence.spans:
                self.store.add_evidence(row_id, evidence.status, s.kind, (s.start, s.end), s.text)
            if not evidence.spans:
                self.store.add_evidence(row_id, evidence.status, None, None, None)
        return row_id

    def _diff(self, article_id: int, previous_id: int) -> None:
        old = self.store.diff_keys(previous_id)
        new = self.store.diff_keys(article_id)
        old_keys = {k for _, k in old}
        new_keys = {k for _, k in new}
        for row_id, k in new:
            if k not in old_keys:
                self.store.add_version_change(article_id, previous_id, "added", row_id)
        for row_id, k in old:
            if k not in new_keys:
                self.store.add_version_change(article_id, previous_id, "removed", row_id)
