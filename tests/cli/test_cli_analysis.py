"""``claimgraph certainty``: text from arguments or standard input, text and
JSON output, and input errors (click's CliRunner)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner, Result

from claimgraph.cli.main import main


def invoke(args: list[str], stdin: str | bytes | None = None, **env: str) -> Result:
    return CliRunner().invoke(main, args, input=stdin, env=env or None)


@pytest.mark.model
@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        (["Beijing", "is", "thought", "to", "have", "sent", "drones."], None),
        (["Beijing is thought to have sent drones."], None),
        ([], "Beijing is thought to have sent drones."),
        (["-"], "Beijing is thought to have sent drones."),
    ],
)
def test_json_output_from_arguments_or_stdin(args: list[str], stdin: str | None) -> None:
    result = invoke(["certainty", "--format", "json", *args], stdin)

    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["text"] == "Beijing is thought to have sent drones."
    assert data["level"] == "probable"
    assert data["cues"] == [
        {
            "start": 8,
            "end": 21,
            "text": "is thought to",
            "kind": "doxastic",
            "level": "probable",
            "scope": "text",
        }
    ]


@pytest.mark.model
def test_text_output_lists_level_and_cues() -> None:
    result = invoke(["certainty", "--format", "text", "The strike may have killed dozens."])

    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "certainty: possible",
        "  'may have' 11–19  epistemic, possible",
    ]


@pytest.mark.parametrize(
    ("stdin", "env", "message"),
    [
        (b"\xff\xfe not text", {}, "not UTF-8"),
        ("A long text. " * 10, {"CLAIMGRAPH_MAX_BYTES": "20"}, "larger than 20 bytes"),
    ],
)
def test_bad_input_is_one_line_error(stdin: bytes | str, env: dict[str, str], message: str) -> None:
    result = invoke(["certainty", "-"], stdin, **env)

    assert result.exit_code == 1
    assert message in result.output
