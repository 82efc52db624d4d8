"""Where the shared data lives: ``../shared`` beside the checkout.

The corpora (PolNeAR, Szeged, Emergent, the sentence-pair sets) and the
example articles are not shipped in the package; evaluation commands, the
training commands, scripts, benchmarks and tests find them here.
"""

from __future__ import annotations

from pathlib import Path


def shared_path(*parts: str) -> Path:
    """``../shared/<parts>``: looked for beside the working directory first
    (``../shared``, then ``./shared``), then beside each parent folder of this
    package file (so it works from an editable install run anywhere).

    Returns the first candidate that exists, else the working-directory one
    (which may not exist: callers say what to pass instead)."""
    tail = Path("shared", *parts)
    cwd = Path.cwd()
    candidates = [cwd.parent / tail, cwd / tail]
    candidates.extend(parent.parent / tail for parent in Path(__file__).resolve().parents)
    for candidate in candidates:
        if candidate.exists():
            return candidate
    return candidates[0]
