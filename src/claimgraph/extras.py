"""Optional dependencies: import them with a message that says what to install.

Heavy parts of claimgraph (the corpus store's embeddings, the web app, Dask
batch runs) live behind pip extras. :func:`require` imports a module of one of
them, or raises :class:`~claimgraph.errors.MissingExtraError` naming the extra.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from claimgraph.errors import MissingExtraError


def require(module: str, extra: str) -> ModuleType:
    """Import ``module`` or tell the user to ``pip install 'claimgraph[extra]'``."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtraError(
            f"this needs the optional dependency {module!r}, which is not installed; "
            f"install it with: python -m pip install 'claimgraph[{extra}]'"
        ) from exc
