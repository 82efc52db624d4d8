"""Writing analysed articles into the store: versions, near-duplicates,
speakers, claims, evidence and version diffs.

The input is an :class:`~claimgraph.records.AnalyzedArticle` record (the
pipeline's, or one read back from the output contract by
:mod:`claimgraph.records.parse`); the contract's JSON of each attribution is
what the store keeps. Everything written for one article happens in one store
transaction; the in-memory indexes (claim centroids, MinHash LSH) are only
updated after it commits, so a failure leaves both the store and the
indexes as they were.

Cross-article matching is :mod:`claimgraph.graph`'s: which stored speaker
a mention is (:func:`claimgraph.graph.speakers.match_speaker`, candidates
looked up by :func:`~claimgraph.graph.speakers.candidate_keys` in the
store's key index) and which claim an attribution joins
(:func:`claimgraph.graph.claims.assign_claim` over the nearest centroids of
a :class:`ClaimIndex`). This module only feeds it and stores the result.

The helpers at the top are pure functions over plain data.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import numpy as np
import numpy.typing as npt

from claimgraph.corpus.store.base import ClaimRow, NewArticle, NewAttribution, SpeakerRow, Store
from claimgraph.graph import claims as graph_claims
from claimgraph.graph import speakers as graph_speakers
from claimgraph.graph.article_claims import plan_article
from claimgraph.graph.claims import ClaimCentroid
from claimgraph.graph.neardup import DuplicateIndex, signature, story_text
from claimgraph.graph.speakers import ArticleContext, SpeakerEntity, SpeakerFacts
from claimgraph.learned.embeddings import DIMENSIONS
from claimgraph.output import SCHEMA_VERSION
from claimgraph.records import AnalyzedArticle, Attribution, Segment
from claimgraph.records.corpus import IngestResult, IngestStatus

Vector = npt.NDArray[np.float32]
#: Candidate centroids scored in full for each new attribution.
CANDIDATES = 20

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


def _vector_bytes(vec: npt.NDArray[Any]) -> bytes:
    return np.asarray(vec, dtype=np.float32).tobytes()


def vector_from(raw: bytes) -> Vector:
    return np.frombuffer(raw, dtype=np.float32).copy()


def centroid_from(row: ClaimRow) -> ClaimCentroid:
    return ClaimCentroid(
        id=row.id,
        vector=vector_from(row.vector),
        canonical=row.canonical,
        size=row.size,
        canonical_vector=vector_from(row.canonical_vector) if row.canonical_vector else None,
    )


def claim_row(c: ClaimCentroid) -> ClaimRow:
    canonical = c.canonical_vector
    return ClaimRow(
        c.id,
        c.canonical,
        _vector_bytes(c.vector),
        _vector_bytes(canonical) if canonical is not None else None,
        c.size,
    )


def entity_from(row: SpeakerRow) -> SpeakerEntity:
    return SpeakerEntity(
        id=row.id,
        name=row.name,
        aliases=row.aliases,
        type=row.type,
        country=row.country,
        affiliation=row.affiliation,
        titles=row.titles,
        named=row.named,
    )


def speaker_row(e: SpeakerEntity) -> SpeakerRow:
    return SpeakerRow(e.id, e.name, e.type, e.country, e.affiliation, e.aliases, e.titles, e.named)


class ClaimIndex:
    """The claim centroids in memory, so clustering is incremental: a new
    attribution is scored against the nearest centroids (brute-force numpy
    dot products over a matrix updated in place, fine for about 10^5
    claims), never against every stored attribution. Swap this class for an
    approximate-nearest-neighbour index to go further."""

    def __init__(self, centroids: Sequence[ClaimCentroid] = ()) -> None:
        self._ids: list[int] = []
        self._row: dict[int, int] = {}
        self._by_id: dict[int, ClaimCentroid] = {}
        self._matrix: Vector = np.zeros((max(len(centroids), 64), DIMENSIONS), dtype=np.float32)
        for c in centroids:
            self.put(c)

    def __len__(self) -> int:
        return len(self._ids)

    def get(self, claim_id: int) -> ClaimCentroid:
        return self._by_id[claim_id]

    def put(self, c: ClaimCentroid) -> None:
        """Add a centroid, or replace the one with its id."""
        row = self._row.get(c.id)
        if row is None:
            row = len(self._ids)
            if row == len(self._matrix):
                grown = np.zeros((2 * row, DIMENSIONS), dtype=np.float32)
                grown[:row] = self._matrix
                self._matrix = grown
            self._ids.append(c.id)
            self._row[c.id] = row
        self._matrix[row] = np.asarray(c.vector, dtype=np.float32)
        self._by_id[c.id] = c

    def nearest(self, vec: Vector, k: int = CANDIDATES) -> list[ClaimCentroid]:
        """The ``k`` centroids nearest ``vec`` (cosine), nearest first (ties:
        the older claim first)."""
        n = len(self._ids)
        if n == 0:
            return []
        scores = self._matrix[:n] @ np.asarray(vec, dtype=np.float32)
        if n > k:
            top = np.argpartition(-scores, k - 1)[:k]
            order = top[np.lexsort((top, -scores[top]))]
        else:
            order = np.lexsort((np.arange(n), -scores))
        return [self._by_id[self._ids[int(i)]] for i in order]


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
    store when created (use one per ingest run).
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.claims = ClaimIndex([centroid_from(r) for r in store.claim_rows()])
        self.duplicates = DuplicateIndex()
        for s in store.signatures():
            self.duplicates.add(s.article_id, s.story_id, s.minhash, s.duplicate_of)

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
        context = ArticleContext.from_attributions(items)
        speakers: dict[SpeakerFacts, int | None] = {}
        row_ids: dict[str, int] = {}
        surnames: set[str] = set()
        for a in items:
            speaker = SpeakerFacts.of(a.speaker) if a.speaker else None
            members = graph_speakers.speaker_members(speaker) if speaker else ()
            credited: list[int] = []
            for member in members:
                found = self._speaker(member, context, speakers)
                if found is not None and found not in credited:
                    credited.append(found)
                surnames.update(
                    k.removeprefix("surname:")
                    for k in graph_speakers.candidate_keys(member, context=context)
                    if k.startswith("surname:")
                )
            row_id = self._attribution(article_id, a, credited[0] if credited else None)
            row_ids[a.id] = row_id
            joint = len(members) > 1 or any(m.joint for m in members)
            for speaker_id in credited:
                self.store.add_credit(row_id, speaker_id, joint)
        self._link_surnames(sorted(surnames))
        staged: dict[int, ClaimCentroid] = {}
        claim_of: dict[str, int] = {}
        plans = plan_article(items, analyzed.article.text, problems, vectors)
        stances = {a.id: a.stance for a in items}
        # statements with a claim of their own first (matched across
        # articles), then those that join another's claim within the article
        for plan in plans:
            if plan.action == "own" and plan.text in vectors:
                claim_of[plan.local_id] = self._claim(
                    row_ids[plan.local_id],
                    plan.text,
                    vectors[plan.text],
                    stances[plan.local_id],
                    staged,
                )
        for plan in plans:
            if plan.action == "join" and plan.joins in claim_of:
                self.store.add_member(
                    row_ids[plan.local_id],
                    claim_of[plan.joins],
                    stances[plan.local_id],
                    1.0,
                    plan.link,
                )
        return tuple(staged.values())

    def _attribution(self, article_id: int, a: Attribution, speaker_id: int | None) -> int:
        row_id = self.store.add_attribution(
            NewAttribution(
                article_id=article_id,
                local_id=a.id,
                kind=a.kind,
                stance=a.stance,
                certainty=a.certainty.level if a.certainty else "unknown",
                confidence=a.confidence,
                speaker_id=speaker_id,
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

    def _speaker(
        self,
        speaker: SpeakerFacts,
        context: ArticleContext,
        seen: dict[SpeakerFacts, int | None],
    ) -> int | None:
        """The stored speaker this mention is: matched, or created; ``None`` for
        a mention that names nobody matchable ("the official" unresolved)."""
        if speaker in seen:
            return seen[speaker]
        keys = graph_speakers.candidate_keys(speaker, context=context)
        found: int | None = None
        if keys:
            candidates = [entity_from(r) for r in self.store.speaker_candidates(keys)]
            found = graph_speakers.match_stored_speaker(speaker, candidates, context=context)
            if found is not None:
                entity = next(c for c in candidates if c.id == found)
                merged = graph_speakers.merged_entity(entity, speaker, context=context)
                if merged != entity:
                    self.store.update_speaker(
                        speaker_row(merged), graph_speakers.entity_keys(merged)
                    )
            else:
                entity = graph_speakers.entity_from_speaker(0, speaker, context=context)
                # indexed under its own keys and the keys this mention was
                # looked up by, so that the same mention finds it again
                found = self.store.add_speaker(
                    speaker_row(entity), (*graph_speakers.entity_keys(entity), *keys)
                )
        seen[speaker] = found
        return found

    def _link_surnames(self, surnames: Sequence[str]) -> None:
        """Credit each surname-only speaker with these surnames to the person
        :func:`~claimgraph.graph.speakers.link_partial` finds (recomputed from
        the stored entities, so the result does not depend on article order)."""
        for surname in surnames:
            entities = [
                entity_from(r) for r in self.store.speaker_candidates([f"surname:{surname}"])
            ]
            counts = self.store.credit_counts([e.id for e in entities])
            for e in entities:
                if graph_speakers.is_partial(e):
                    target = graph_speakers.link_partial(e, entities, counts)
                    self.store.link_credits(e.id, target)

    def _claim(
        self,
        attribution_id: int,
        text: str,
        vec: Vector,
        stance: str,
        staged: dict[int, ClaimCentroid],
    ) -> int:
        nearest = [staged.get(c.id, c) for c in self.claims.nearest(vec)]
        known = {c.id for c in nearest}
        candidates = nearest + [c for i, c in staged.items() if i not in known]
        found, score = graph_claims.assign_claim(text, vec, candidates)
        if found is None:
            new = graph_claims.new_centroid(0, text, vec)
            claim_id = self.store.add_claim(claim_row(new))
            staged[claim_id] = replace(new, id=claim_id)
            self.store.add_member(attribution_id, claim_id, stance, 1.0, "content")
            return claim_id
        current = staged.get(found) or self.claims.get(found)
        updated = graph_claims.updated_centroid(current, text, vec)
        self.store.update_claim(claim_row(updated))
        staged[found] = updated
        self.store.add_member(attribution_id, found, stance, score, "content")
        return found

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
