"""Packaged data files (lexicons, patterns, the learned model) and their reader."""

from __future__ import annotations

from importlib import resources

from claimgraph.errors import ModelError


def read_data(name: str) -> str:
    """The text of the packaged data file ``name`` (UTF-8)."""
    try:
        return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ModelError(
            f"packaged data file {name!r} is missing; reinstall claimgraph (pip install -e .)"
        ) from exc


def data_lines(name: str) -> list[str]:
    """The non-empty lines of ``name`` that are not ``#`` comments."""
    return [
        line for line in read_data(name).splitlines() if line.strip() and not line.startswith("#")
    ]
