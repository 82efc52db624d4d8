"""The corpus store: articles, their versions, attributions, speakers and claims.

:mod:`claimgraph.corpus.store.base` defines the back-end interface,
:mod:`claimgraph.corpus.store.schema` the versioned SQL schema and its migrations,
and :mod:`claimgraph.corpus.store.sqlite` the SQLite back end (the default). The
Python API most callers want is :class:`claimgraph.corpus.api.Corpus`.
"""

from __future__ import annotations
