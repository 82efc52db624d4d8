"""Every typed record claimgraph passes between its stages.

- :mod:`claimgraph.records.ledger`: one article's ledger (attributions,
  segments, speakers, removed text, the analysed article);
- :mod:`claimgraph.records.corpus`: what the corpus store returns (claims,
  speakers, stored articles, pages of listings, ingest results).

Both are re-exported here, so ``from claimgraph.records import Attribution``
and ``from claimgraph.records import ClaimDetail`` both work.
"""

from __future__ import annotations

from claimgraph.records.corpus import *  # noqa: F403
from claimgraph.records.corpus import __all__ as _corpus_all
from claimgraph.records.ledger import *  # noqa: F403
from claimgraph.records.ledger import __all__ as _ledger_all

__all__ = [*_ledger_all, *_corpus_all]
