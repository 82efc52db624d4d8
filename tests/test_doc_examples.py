"""Every example in the README and docs/ is run and compared, so that none
can drift from what the code does:

- a ```text block that starts with ``$ claimgraph ...`` runs that command;
  the output must begin with the block's lines up to a line ``…`` (or be
  exactly them when there is none); a ``…`` inside a line stands for any
  text there (a time, a rate); a last line ``[exit status N]`` is the exit
  status the command must end with (0 otherwise); ``/tmp/claimgraph-docs``
  in a command is a fresh temporary folder;
- a ```python block written as a doctest (``>>>`` lines) runs as one, from
  the repository root, with ``...`` standing for any text.

An example that reads ``../shared/...`` (a corpus or an example article
that is not part of the repository) is skipped where that folder is absent,
like the other tests that need it.
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
#: Stands for a fresh temporary folder in a command example.
DOCS_TMP = "/tmp/claimgraph-docs"
_EXIT = re.compile(r"\[exit status (\d+)\]")
_SHARED = re.compile(r"\.\./shared/[\w./-]+")


def _skip_without_shared(body: str) -> None:
    for path in _SHARED.findall(body):
        if not (ROOT / path).exists():
            pytest.skip(f"{path} is not available")


def _line_matches(expected: str, actual: str) -> bool:
    """``actual`` is ``expected``, where a ``…`` in ``expected`` stands for
    any text."""
    if "…" not in expected:
        return actual == expected
    pattern = ".*".join(re.escape(part) for part in expected.split("…"))
    return re.fullmatch(pattern, actual) is not None


DOCTESTS = _blocks("python", lambda body: body.lstrip().startswith(">>>"))


def test_the_docs_have_examples_to_run() -> None:
    assert COMMANDS
    assert DOCTESTS


@pytest.mark.parametrize(("where", "body"), COMMANDS, ids=[w for w, _ in COMMANDS])
def test_a_command_example_prints_what_the_docs_show(
    where: str, body: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _skip_without_shared(body)
    monkeypatch.chdir(ROOT)
    command, *expected = body.rstrip("\n").split("\n")
    status = 0
    if expected and (m := _EXIT.fullmatch(expected[-1])):
        status, expected = int(m.group(1)), expected[:-1]
    command = command.replace(DOCS_TMP, str(tmp_path))
    result = CliRunner().invoke(main, shlex.split(command.removeprefix("$ claimgraph ")))
    assert result.exit_code == status, result.output
    actual = result.output.rstrip("\n").split("\n")
    if "…" in expected:
        expected = expected[: expected.index("…")]
        actual = actual[: len(expected)]
    assert len(actual) == len(expected) and all(
        _line_matches(e, a) for e, a in zip(expected, actual, strict=True)
    ), f"{where}: the output differs from the docs\n" + "\n".join(actual)


@pytest.mark.parametrize(("where", "body"), DOCTESTS, ids=[w for w, _ in DOCTESTS])
def test_a_python_example_runs_as_the_docs_show(
    where: str, body: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _skip_without_shared(body)
    monkeypatch.chdir(ROOT)
    parser = doctest.DocTestParser()
    test = parser.get_doctest(body, {}, where, where, 0)
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    runner = doctest.DocTestRunner(optionflags=flags)
    out: list[str] = []
    runner.run(test, out=out.append)
    assert runner.failures == 0, "".join(out)
