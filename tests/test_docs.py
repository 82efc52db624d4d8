"""The command line documents itself, and README.md documents the command line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from claimgraph.cli.main import main

README = Path(__file__).resolve().parents[1] / "README.md"


def all_commands(
    command: click.Command, path: tuple[str, ...] = ("claimgraph",)
) -> Iterator[tuple[str, click.Command]]:
    yield " ".join(path), command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from all_commands(sub, (*path, name))


COMMANDS = list(all_commands(main))


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_every_command_has_help_text(name: str, command: click.Command) -> None:
    assert (command.help or "").strip(), f"{name} has no help text"
    assert command.get_short_help_str().strip()


@pytest.mark.parametrize("name", sorted(main.commands))
def test_readme_mentions_every_top_level_command(name: str) -> None:
    if not README.is_file():
        pytest.skip("no README.md")
    assert f"claimgraph {name}" in README.read_text(encoding="utf-8")


def option_cases() -> Iterator[object]:
    for name, command in COMMANDS:
        for param in command.params:
            if not isinstance(param, click.Option) or param.hidden:
                continue
            case_id = f"{name} {param.opts[-1]}"
            yield pytest.param(param, id=case_id)


@pytest.mark.parametrize("option", list(option_cases()))
def test_every_option_has_help_text(option: click.Option) -> None:
    assert (option.help or "").strip()
