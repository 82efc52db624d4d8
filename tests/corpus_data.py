"""Hand-built analysed articles in the output-contract shape (schema 1.2
fields included), for corpus tests that need no NLP model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

CORPUS_DIR = Path(__file__).parent / "data" / "corpus"
#: The repository's example article (as .txt and .html).
EXAMPLES = Path(__file__).parents[1] / "examples"


def segment(text: str, part: str, after: int = 0) -> dict[str, Any]:
    start = text.index(part, after)
    return {"start": start, "end": start + len(part), "text": part}


def attribution(
    text: str,
    id: str,
    source: str,
    cue: str,
    content: str | None,
    *,
    name: str | None = None,
    title: str | None = None,
    stance: str | None = None,
    disputes: list[str] | None = None,
    evidence: dict[str, Any] | None = None,
    type: str = "person",
) -> dict[str, Any]:
    """An attribution dict whose spans are the first occurrences of the strings."""
    a: dict[str, Any] = {
        "id": id,
        "kind": "indirect",
        "source": [segment(text, source)],
        "cue": [segment(text, cue)],
        "content": [segment(text, content)] if content else [],
        "speaker": {
            "name": name,
            "title": title,
            "affiliation": None,
            "nationality": None,
            "mention": source,
            "descriptor": source,
            "type": type,
        },
        "parent": None,
        "rule": "verb",
        "confidence": 0.7,
    }
    if stance is not None:
        a["stance"] = stance
    if disputes is not None:
        a["disputes"] = disputes
    if evidence is not None:
        a["evidence"] = evidence
    return a


def article(
    id: str,
    text: str,
    attributions: list[dict[str, Any]],
    *,
    url: str | None = None,
    site: str | None = None,
    published: str | None = None,
    title: str | None = None,
) -> dict[str, Any]:
    return {
        "schema_version": "1.2",
        "claimgraph_version": "test",
        "id": id,
        "text": text,
        "removed": [],
        "attributions": attributions,
        "meta": {
            "origin": f"{id}.txt",
            "format": "text",
            "url": url,
            "title": title,
            "published": published,
            "author": None,
            "site": site,
        },
    }


ALPHA = "Defence Secretary Grant Shapps said China is sending lethal aid to Russia."
BETA = (
    "Beijing is preparing to supply weapons to Moscow, Shapps told reporters. "
    "Chinese Foreign Ministry spokesman Wang Lei denied that China is sending lethal aid "
    "to Russia. The Kremlin declined to comment."
)
GAMMA = "Economist John Smith said inflation would fall. Senator Mary Smith said taxes would rise."


def story_set() -> list[dict[str, Any]]:
    """Three outlets: one asserts, one repeats with another wording and
    carries a denial, a third mentions two different Smiths."""
    return [
        article(
            "alpha",
            ALPHA,
            [
                attribution(
                    ALPHA,
                    "a1",
                    "Defence Secretary Grant Shapps",
                    "said",
                    "China is sending lethal aid to Russia",
                    name="Grant Shapps",
                    title="Defence Secretary",
                    evidence={
                        "status": "cited",
                        "spans": [],
                    },
                )
            ],
            url="https://alpha.example/a",
            site="Alpha News",
            published="2026-02-01",
        ),
        article(
            "beta",
            BETA,
            [
                attribution(
                    BETA,
                    "a1",
                    "Shapps",
                    "told",
                    "Beijing is preparing to supply weapons to Moscow",
                    name="Grant Shapps",
                ),
                attribution(
                    BETA,
                    "a2",
                    "Chinese Foreign Ministry spokesman Wang Lei",
                    "denied",
                    "China is sending lethal aid to Russia",
                    name="Wang Lei",
                    title="spokesman",
                    stance="denies",
                ),
                attribution(
                    BETA,
                    "a3",
                    "The Kremlin",
                    "declined to comment",
                    None,
                    name="the Kremlin",
                    stance="declines_to_comment",
                    type="government",
                ),
            ],
            url="https://beta.example/b",
            site="Beta Times",
            published="2026-02-03",
        ),
        article(
            "gamma",
            GAMMA,
            [
                attribution(
                    GAMMA,
                    "a1",
                    "Economist John Smith",
                    "said",
                    "inflation would fall",
                    name="John Smith",
                    title="Economist",
                ),
                attribution(
                    GAMMA,
                    "a2",
                    "Senator Mary Smith",
                    "said",
                    "taxes would rise",
                    name="Mary Smith",
                    title="Senator",
                ),
            ],
            url="https://gamma.example/c",
            site="Gamma Post",
            published="2026-02-05",
        ),
    ]


def store_with_legacy_evidence(path: Path, *, cited: bool) -> str:
    """A store of :func:`story_set` with a "not stated" evidence row without
    a span on Wang Lei's denial, as stores written before such rows were left
    out hold; Shapps' statement cites evidence (no span) when ``cited``."""
    import sqlite3

    from claimgraph.corpus.api import Corpus

    stories = story_set()
    if not cited:
        del stories[0]["attributions"][0]["evidence"]
    with Corpus(path) as corpus:
        corpus.ingest_analyzed(stories)
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO evidence (attribution_id, status) SELECT id, 'not_stated' "
            "FROM attributions WHERE speaker_name = 'Wang Lei'"
        )
    return str(path)
