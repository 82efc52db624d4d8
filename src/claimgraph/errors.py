"""The claimgraph exception hierarchy.

Every error claimgraph raises on purpose derives from :class:`ClaimgraphError`
and carries a message that tells the user what to do about it.

- :class:`InputError` — an article could not be read (binary, undecodable,
  empty, too large, malformed JSONL).
- :class:`ModelError` — the spaCy model or a data file is missing.
- :class:`CorpusError` — an evaluation corpus is missing or malformed.
- :class:`StoreError` — the corpus store (SQLite) cannot be opened, is from a
  newer claimgraph, or a write was refused; nothing stored is lost.
- :class:`MissingExtraError` — an optional part (corpus, web, batch) is used
  without its dependencies installed; the message names the pip extra.
"""

from __future__ import annotations


class ClaimgraphError(Exception):
    """Base class for all claimgraph errors."""


class InputError(ClaimgraphError):
    """An input article could not be read; the message says why and what to do."""


class ModelError(ClaimgraphError):
    """A model or packaged data file could not be loaded."""


class CorpusError(ClaimgraphError):
    """An evaluation corpus is missing or malformed."""


class StoreError(ClaimgraphError):
    """The corpus store cannot be opened or written; what is stored is kept."""


class MissingExtraError(ClaimgraphError):
    """An optional dependency is missing; install the extra the message names."""
