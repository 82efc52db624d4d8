"""Export the claims of a corpus: JSON Lines, CSV, Parquet, ClaimReview.

- ``jsonl``: one claim ledger per line (``Corpus.claim(id).to_dict()``).
- ``csv`` / ``parquet``: one row per statement of a claim (columns in
  :data:`COLUMNS`), for spreadsheets and dataframes.
- ``claimreview``: a JSON array of schema.org ``ClaimReview`` objects
  (JSON-LD), one per claim. claimgraph does not rate whether a claim is
  true, so no numeric rating is given: ``reviewRating`` carries only
  ``alternateName`` ``"Disputed in the corpus"`` (someone in the corpus
  denies it) or ``"No dispute found in the corpus"`` (words that cannot be
  read as a verdict on the claim) and an explanation that says so. ``author`` is
  claimgraph; a fact-checker publishing the reviews should put their own
  organisation and their own verdict in its place.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from claimgraph.corpus.store import queries
from claimgraph.errors import InputError
from claimgraph.extras import require
from claimgraph.records.corpus import ClaimDetail

if TYPE_CHECKING:
    from claimgraph.corpus.api import Corpus

FORMATS = ("jsonl", "csv", "parquet", "claimreview")
#: Columns of the csv and parquet exports, one row per statement.
COLUMNS = (
    "claim_id",
    "canonical",
    "disputed",
    "stance",
    "speaker",
    "speaker_id",
    "title",
    "quote",
    "kind",
    "article",
    "version",
    "attribution_id",
    "content_start",
    "content_end",
    "outlet",
    "url",
    "published",
    "seen",
    "independent",
    "duplicate_of",
    "role",
    "link",
    "date",
    "ingested",
)


def export(corpus: Corpus, fmt: str, out: str | Path | IO[Any]) -> int:
    """Write ``fmt`` to ``out`` (a path, or an open text file; a binary file
    for ``parquet``); return how many records were written."""
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        return _parquet(corpus, out)
    if isinstance(out, str | Path):
        with Path(out).open("w", encoding="utf-8", newline="") as handle:
            return _text(corpus, fmt, handle)
    return _text(corpus, fmt, out)


def _text(corpus: Corpus, fmt: str, handle: IO[Any]) -> int:
    n = 0
    if fmt == "jsonl":
        for claim in corpus.iter_claims():
            handle.write(json.dumps(claim.to_dict(), ensure_ascii=False) + "\n")
            n += 1
    elif fmt == "csv":
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows(corpus):
            writer.writerow(row)
            n += 1
    else:
        types = _speaker_types(corpus)
        reviews = [claim_review(c, types) for c in corpus.iter_claims()]
        handle.write(json.dumps(reviews, ensure_ascii=False, indent=2) + "\n")
        n = len(reviews)
    return n


def rows(corpus: Corpus) -> Iterator[dict[str, Any]]:
    """One flat row per statement of each claim."""
    for claim in corpus.iter_claims():
        for s in claim.statements:
            first = s.content[0] if s.content else None
            last = s.content[-1] if s.content else None
            yield {
                "claim_id": claim.summary.id,
                "canonical": claim.summary.canonical,
                "disputed": claim.summary.disputed,
                "stance": s.stance,
                "speaker": s.speaker,
                "speaker_id": s.speaker_id,
                "title": s.title,
                "quote": s.quote,
                "kind": s.kind,
                "article": s.article,
                "version": s.version,
                "attribution_id": s.attribution_id,
                "content_start": first.start if first else None,
                "content_end": last.end if last else None,
                "outlet": s.outlet,
                "url": s.url,
                "published": s.published,
                "seen": s.seen,
                "independent": s.independent,
                "duplicate_of": s.duplicate_of,
                "role": s.role,
                "link": s.link,
                "date": s.date,
                "ingested": s.ingested,
            }


def _parquet(corpus: Corpus, out: str | Path | IO[Any]) -> int:
    pa = require("pyarrow", "corpus")
    pq = require("pyarrow.parquet", "corpus")
    schema = pa.schema(
        [
            ("claim_id", pa.int64()),
            ("canonical", pa.string()),
            ("disputed", pa.bool_()),
            ("stance", pa.string()),
            ("speaker", pa.string()),
            ("speaker_id", pa.int64()),
            ("title", pa.string()),
            ("quote", pa.string()),
            ("kind", pa.string()),
            ("article", pa.int64()),
            ("version", pa.int64()),
            ("attribution_id", pa.int64()),
            ("content_start", pa.int64()),
            ("content_end", pa.int64()),
            ("outlet", pa.string()),
            ("url", pa.string()),
            ("published", pa.string()),
            ("seen", pa.string()),
            ("independent", pa.bool_()),
            ("duplicate_of", pa.int64()),
            ("role", pa.string()),
            ("link", pa.string()),
            ("date", pa.string()),
            ("ingested", pa.string()),
        ]
    )
    table = pa.Table.from_pylist(list(rows(corpus)), schema=schema)
    target = str(out) if isinstance(out, str | Path) else out
    pq.write_table(table, target)
    return int(table.num_rows)


def _speaker_types(corpus: Corpus) -> dict[int, str]:
    return queries.speaker_types(corpus.store)


#: ``reviewRating.alternateName`` of a claim someone in the corpus denies ...
DISPUTED = "Disputed in the corpus"
#: ... and of one nobody in it denies (not a verdict: the corpus may be small).
NOT_DISPUTED = "No dispute found in the corpus"


def claim_review(
    claim: ClaimDetail, speaker_types: dict[int, str], today: date | None = None
) -> dict[str, Any]:
    """The schema.org ClaimReview (JSON-LD) of one claim (see the module doc)."""
    s = claim.summary
    authors: dict[str, dict[str, Any]] = {}
    for st in claim.statements:
        if st.stance != "asserts" or not st.speaker or st.speaker in authors:
            continue
        kind = speaker_types.get(st.speaker_id or -1, "person" if st.speaker_id else "unknown")
        person: dict[str, Any] = {
            "@type": "Person" if kind == "person" else "Organization",
            "name": st.speaker,
        }
        if st.title and kind == "person":
            person["jobTitle"] = st.title
        authors[st.speaker] = person
    appearances: dict[str, dict[str, Any]] = {}
    for st in claim.statements:
        key = st.url or f"claimgraph:article:{st.article}"
        if key in appearances:
            continue
        # an article without a URL is named by its id in the store, so no
        # appearance is an empty object
        work: dict[str, Any] = {"@type": "NewsArticle", "identifier": key}
        if st.url:
            work["url"] = st.url
        if st.date:  # a publication date, never the ingest date
            work["datePublished"] = st.date
        if st.outlet:
            work["publisher"] = {"@type": "Organization", "name": st.outlet}
        appearances[key] = work
    item: dict[str, Any] = {"@type": "Claim", "appearance": list(appearances.values())}
    if authors:
        item["author"] = list(authors.values())
    if s.first_published:
        item["datePublished"] = s.first_published
    if appearances:
        item["firstAppearance"] = next(iter(appearances.values()))
    label = DISPUTED if s.disputed else NOT_DISPUTED
    explanation = (
        f"{len(s.supporters)} speaker(s) assert this claim and {len(s.disputers)} dispute it, "
        f"in {s.reports} independent report(s). claimgraph records who says what; it does "
        "not rate whether the claim is true."
    )
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": f"claimgraph:claim:{s.id}",
        "claimReviewed": s.canonical,
        "datePublished": (today or date.today()).isoformat(),
        "author": {"@type": "Organization", "name": "claimgraph"},
        "itemReviewed": item,
        "reviewRating": {
            "@type": "Rating",
            "alternateName": label,
            "ratingExplanation": explanation,
        },
    }
