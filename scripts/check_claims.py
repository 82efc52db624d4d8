"""The automatic check of a store's claims: does each claim reported by two
or more independent articles have at least four words and a verb?

Reads a corpus store (``claimgraph ingest --db ...``), takes the claims
with ``reports >= --min-reports``, parses each canonical wording with the
base spaCy model and applies :func:`claimgraph.graph.proposition.claim_check`.
Prints the counts and the share that passes; with ``--list`` also one line
per claim (``PASS``/``FAIL``, reports, members, wording), and with
``--sample N`` a random sample of N of them (``--seed``) for a hand audit.

Usage:
    PYTHONPATH=src python scripts/check_claims.py --db /tmp/feat-claims/dev.db [--list]
    PYTHONPATH=src python scripts/check_claims.py --db DB --sample 50 --seed 17
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence

import spacy

from claimgraph.corpus import Corpus
from claimgraph.graph.proposition import claim_check
from claimgraph.records.corpus import ClaimSummary
from claimgraph.settings import Settings


def reported_claims(corpus: Corpus, min_reports: int) -> list[ClaimSummary]:
    """Every claim of the store with at least ``min_reports`` reports."""
    found: list[ClaimSummary] = []
    offset = 0
    while True:
        page = corpus.claims(limit=1000, offset=offset)
        found += [c for c in page.items if c.reports >= min_reports]
        offset += len(page.items)
        if not page.items or offset >= page.total:
            return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="the corpus store")
    parser.add_argument("--min-reports", type=int, default=2)
    parser.add_argument("--list", action="store_true", help="one line per claim")
    parser.add_argument("--sample", type=int, default=0, help="print a random sample")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    settings = Settings.from_env()
    with Corpus(args.db, settings=settings) as corpus:
        total = corpus.claims(limit=1).total
        claims = reported_claims(corpus, args.min_reports)
    nlp = spacy.load(settings.model, exclude=["ner", "lemmatizer"])
    passed = [claim_check(doc) for doc in nlp.pipe(c.canonical for c in claims)]
    share = sum(passed) / len(passed) if passed else 0.0
    figures = {
        "claims": total,
        "reported_by_at_least": args.min_reports,
        "reported_claims": len(claims),
        "passing": sum(passed),
        "share": round(share, 4),
    }
    if args.json:
        print(json.dumps(figures))
    else:
        print(
            f"{total} claims; {len(claims)} reported by {args.min_reports}+ articles; "
            f"{sum(passed)} pass the check (>= 4 words and a verb): {share:.1%}"
        )
    if args.list:
        for c, ok in zip(claims, passed, strict=True):
            print(f"{'PASS' if ok else 'FAIL'}\t{c.id}\t{c.reports}\t{c.size}\t{c.canonical}")
    if args.sample:
        rng = random.Random(args.seed)
        for c in sorted(rng.sample(claims, min(args.sample, len(claims))), key=lambda c: c.id):
            sides = f"A={len(c.asserting)} D={len(c.disputing)} O={len(c.observing)}"
            print(f"#{c.id}\t{c.reports} reports\t{sides}\t{c.canonical}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
