from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from claimgraph.cli.main import main

HEADLINES = (
    "China is sending lethal aid to Russia\n"
    "\n"
    "The central bank cut interest rates\n"
    "Beijing preparing to supply weapons to Moscow\n"
)


@pytest.mark.model
@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        (
            "tsv",
            "0\tChina is sending lethal aid to Russia\n"
            "1\tThe central bank cut interest rates\n"
            "0\tBeijing preparing to supply weapons to Moscow\n",
        ),
        (
            "jsonl",
            "".join(
                json.dumps({"cluster": c, "text": t}) + "\n"
                for c, t in [
                    (0, "China is sending lethal aid to Russia"),
                    (1, "The central bank cut interest rates"),
                    (0, "Beijing preparing to supply weapons to Moscow"),
                ]
            ),
        ),
    ],
)
def test_cluster_command_prints_a_cluster_id_per_line(fmt: str, expected: str) -> None:
    pytest.importorskip("onnxruntime")
    result = CliRunner().invoke(main, ["cluster", "--format", fmt], input=HEADLINES)
    assert result.exit_code == 0, result.output
    assert result.output == expected


def test_cluster_command_rejects_a_threshold_outside_0_1() -> None:
    result = CliRunner().invoke(main, ["cluster", "--threshold", "2"], input="a\n")
    assert result.exit_code == 2
    assert "--threshold" in result.output
