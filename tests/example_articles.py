"""The example articles the end-to-end tests read, and how they are analysed.

The Moscow Times report lives in ``../shared/examples`` (tests skip when it is
absent); the repository's own example is ``examples/lethal-aid-wire.txt``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from claimgraph.eval.shared import shared_path
from claimgraph.nlp.pipeline import analyze
from claimgraph.records import AnalyzedArticle

ROOT = Path(__file__).resolve().parents[1]
MOSCOW = shared_path("examples", "moscow-times-china-lethal-aid.txt")
WIRE = ROOT / "examples" / "lethal-aid-wire.txt"


def ledger(nlp: Language, path: Path) -> AnalyzedArticle:
    """The analysed article at ``path``, or a skip when it is not there."""
    if not path.is_file():
        pytest.skip(f"{path} is not available")
    return analyze(path.read_text(encoding="utf-8"), nlp, id=path.stem)
