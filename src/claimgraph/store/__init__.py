"""The corpus store: articles, their versions, attributions, speakers and claims.

:mod:`claimgraph.store.base` defines the back-end interface,
:mod:`claimgraph.store.schema` the versioned SQL schema and its migrations,
and :mod:`claimgraph.store.sqlite` the SQLite back end (the default). The
Python API most callers want is :class:`claimgraph.corpus.Corpus`.
"""

from __future__ import annotations
