"""claimgraph: who claims what, on what evidence, relayed by whom."""

from __future__ import annotations

__version__ = "0.1.0"
