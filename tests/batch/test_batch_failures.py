"""Every input of ``claimgraph batch`` is tried; each failure is one line
naming it; the exit status says whether anything failed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from batch_helpers import write_jsonl
from click.testing import CliRunner

from claimgraph.cli.main import main

pytestmark = pytest.mark.model
pytest.importorskip("pyarrow")

OPTIONS = ("--model", "rules", "--no-progress", "--partition-size", "5")


def _batch(tmp_path: Path, *inputs: str) -> tuple[int, str, dict[str, object]]:
    out = tmp_path / "out"
    summary = tmp_path / "summary.json"
    result = CliRunner().invoke(
        main, ["batch", *inputs, "--out", str(out), "--summary-json", str(summary), *OPTIONS]
    )
    data = json.loads(summary.read_text()) if summary.is_file() else {}
    return result.exit_code, result.output, data


def test_a_missing_input_is_reported_and_the_others_still_run(tmp_path: Path) -> None:
    good = write_jsonl(tmp_path / "good.jsonl", 3)
    missing = tmp_path / "missing.jsonl"
    code, output, summary = _batch(tmp_path, str(good), str(missing))
    assert code == 1
    assert f"{missing}: no such file or directory" in output
    assert summary["articles"] == 3
    assert summary["unreadable"] == [[str(missing), "no such file or directory"]]
    assert "Traceback" not in output


def test_a_run_that_analyses_nothing_fails(tmp_path: Path) -> None:
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    code, output, summary = _batch(tmp_path, str(fake))
    assert code == 1
    assert summary["articles"] == 0
    assert "Traceback" not in output


def test_a_clean_run_exits_0_and_bad_records_make_it_exit_1(tmp_path: Path) -> None:
    clean = write_jsonl(tmp_path / "clean.jsonl", 4)
    assert _batch(tmp_path / "a", str(clean))[0] == 0
    dirty = write_jsonl(tmp_path / "dirty.jsonl", 4, bad_every=2)
    code, _, summary = _batch(tmp_path / "b", str(dirty))
    assert code == 1
    assert summary["errors"] == 2
