"""What every command shares: a claimgraph error as one line on standard
error with exit status 1, and the settings from the environment with the
command's options over them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from claimgraph.errors import ClaimgraphError
from claimgraph.settings import Settings

T = TypeVar("T")


def guard(fn: Callable[[], T]) -> T:
    """Run ``fn``; turn a claimgraph error into one line on stderr and exit status 1."""
    try:
        return fn()
    except ClaimgraphError as exc:
        raise click.ClickException(str(exc)) from exc


def settings_from(**overrides: object) -> Settings:
    """``Settings.from_env`` with the options given (paths as strings); an
    invalid value is one line and exit status 1."""
    values = {k: str(v) if isinstance(v, Path) else v for k, v in overrides.items()}
    return guard(lambda: Settings.from_env(**values))
