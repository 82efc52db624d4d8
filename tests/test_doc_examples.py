"""Every example in the README and docs/ is run and compared, so that none
can drift from what the code does:

- a ```text block that starts with ``$ claimgraph ...`` runs that command;
  the output must begin with the block's lines up to a line ``…`` (or be
  exactly them when there is none);
- a ```python block written as a doctest (``>>>`` lines) runs as one, from
  the repository root, with ``...`` standing for any text.
"""

from __future__ import annotations

import doctest
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.cli.main import main

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)


def _blocks(kind: str, predicate: object) -> list[tuple[str, str]]:
    found = []
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        for m in _BLOCK.finditer(text):
            if m.group(1) == kind and predicate(m.group(2)):  # type: ignore[operator]
                line = text[: m.start()].count("\n") + 1
                found.append((f"{path.relative_to(ROOT)}:{line}", m.group(2)))
    return found


COMMANDS = _blocks("text", lambda body: body.startswith("$ claimgraph "))
DOCTESTS = _blocks("python", lambda body: body.lstrip().startswith(">>>"))


def test_the_docs_have_examples_to_run() -> None:
    assert COMMANDS
    assert DOCTESTS


@pytest.mark.parametrize(("where", "body"), COMMANDS, ids=[w for w, _ in COMMANDS])
def test_a_command_example_prints_what_the_docs_show(
    where: str, body: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    command, *expected = body.rstrip("\n").split("\n")
    result = CliRunner().invoke(main, shlex.split(command.removeprefix("$ claimgraph ")))
    assert result.exit_code == 0, result.output
    actual = result.output.rstrip("\n").split("\n")
    if "…" in expected:
        shown = expected[: expected.index("…")]
        assert actual[: len(shown)] == shown, f"{where}: the output differs from the docs"
    else:
        assert actual == expected, f"{where}: the output differs from the docs"


@pytest.mark.parametrize(("where", "body"), DOCTESTS, ids=[w for w, _ in DOCTESTS])
def test_a_python_example_runs_as_the_docs_show(
    where: str, body: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    parser = doctest.DocTestParser()
    test = parser.get_doctest(body, {}, where, where, 0)
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    runner = doctest.DocTestRunner(optionflags=flags)
    out: list[str] = []
    runner.run(test, out=out.append)
    assert runner.failures == 0, "".join(out)
