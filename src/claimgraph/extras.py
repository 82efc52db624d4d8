"""Optional dependencies: import them with a message that says what to install.

Heavy parts of claimgraph (the corpus store's embeddings, the web app, Dask
batch runs) live behind pip extras. :func:`require` imports a module of one of
them, or raises :class:`~claimgraph.errors.MissingExtraError` naming the extra.
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

from claimgraph.errors import MissingExtraError


def require(module: str, extra: str = "") -> ModuleType:
    """Import ``module`` or tell the user to ``pip install 'claimgraph[extra]'``
    (or, for a base dependency, ``extra`` empty, to reinstall claimgraph)."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        if not extra:
            raise MissingExtraError(
                f"this needs {module!r}, a dependency of claimgraph, which is not installed; "
                "reinstall claimgraph with: python -m pip install --force-reinstall claimgraph"
            ) from exc
        raise MissingExtraError(
            f"this needs the optional dependency {module!r}, which is not installed; "
            f"install it with: python -m pip install 'claimgraph[{extra}]'"
        ) from exc


def installed(*modules: str) -> bool:
    """Whether all ``modules`` can be imported (found without importing them)."""
    try:
        return all(importlib.util.find_spec(m) is not None for m in modules)
    except (ImportError, ValueError):
        return False
