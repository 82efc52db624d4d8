"""Point 7 of issue 17: empty, binary or non-UTF-8 input to ``stance``,
``certainty`` and ``cluster`` gives one clear line and a non-zero exit,
never a traceback and never a label."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from claimgraph.cli.main import main

AID = "China is sending lethal aid to Russia"


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["stance", AID, "-"], b"", "text is empty"),
        (["stance", AID, "-"], b"   \n\t", "text is empty"),
        (["stance", AID, "-"], b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not UTF-8"),
        (["stance", AID, "-"], b"plain words\x00more words", "looks binary"),
        (["stance", AID, "..."], None, "text is empty"),
        (["stance", "", "China sends aid."], None, "claim is empty"),
        (["stance", "\x00\x01", "China sends aid."], None, "claim looks binary"),
        (["certainty", "-"], b"", "text is empty"),
        (["certainty", "-"], b"\xff\xfe\x00\x00", "not UTF-8"),
        (["cluster", "-"], b"", "nothing to cluster"),
        (["cluster", "-"], b"\n \n", "nothing to cluster"),
        (["cluster", "-"], b"one headline\n\xff\xfe bad\n", "not UTF-8"),
        (["cluster", "-"], b"head\x00line\n", "looks binary"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(
    args: list[str], stdin: bytes | None, message: str
) -> None:
    result = CliRunner().invoke(main, args, input=stdin)

    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert "unrelated" not in result.output
    assert len(result.output.strip().splitlines()) == 1
