"""claimgraph: who claims what, on what evidence, relayed by whom."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from claimgraph.analysis.stance import stance as stance

#: Public functions imported on first use, so that ``import claimgraph`` loads
#: neither spaCy nor torch: name -> module that defines it.
_LAZY = {
    "stance": "claimgraph.analysis.stance",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'claimgraph' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
