"""Tests for the ``claimgraph`` command line (click's CliRunner, plus one run of
the installed console script).

The CLI loads the spaCy model on every ``analyze`` invocation, so the tests
that need it share a few module-scoped invocations and are marked
``@pytest.mark.model``. Options that click validates, and configuration
errors raised before the model is loaded, are tested without it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result

from claimgraph import __version__
from claimgraph.cli.main import main
from contract_fields import (
    ATTRIBUTION_FIELDS,
    KINDS,
    META_FIELDS,
    REMOVED_KINDS,
    SPEAKER_FIELDS,
    TOP_FIELDS,
)

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
WIRE_TXT = EXAMPLES / "lethal-aid-wire.txt"
WIRE_HTML = EXAMPLES / "lethal-aid-wire.html"

STORY = (
    "Germany is sending more air defence systems to Ukraine, "
    "Defence Minister Markus Brandt said on Friday.\n"
    "“We will not leave our partners alone,” Brandt told reporters.\n"
)

ROLES = ("source", "cue", "content")

#: Every command and group, with the arguments that print its help.
HELP_COMMANDS = [
    (),
    ("analyze",),
    ("eval",),
    ("eval", "polnear"),
    ("train",),
    ("certainty",),
    ("eval", "hedging"),
    ("eval", "speakers"),
    ("eval", "stance"),
    ("eval", "cluster"),
    ("cluster",),
    ("ingest",),
    ("recluster",),
    ("claims",),
    ("claim",),
    ("speakers",),
    ("speaker",),
    ("articles",),
    ("article",),
    ("export",),
    ("batch",),
    ("stance",),
    ("serve",),
]


# --------------------------------------------------------------------------
# helpers


def invoke(args: list[str], **kwargs: Any) -> Result:
    return CliRunner().invoke(main, args, **kwargs)


def walk_commands(
    command: click.Command, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    """Every command under ``command`` (itself included), with its argument path."""
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from walk_commands(sub, (*path, name))


def command_at(path: tuple[str, ...]) -> click.Command:
    return dict(walk_commands(main))[path]


def segments(article: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(role, segment) for every segment of every attribution."""
    for attribution in article["attributions"]:
        for role in ROLES:
            for segment in attribution[role]:
                yield role, segment


def assert_valid_article(article: dict[str, Any]) -> None:
    """The contract invariants every article object must satisfy."""
    assert article.keys() >= set(TOP_FIELDS)
    assert re.fullmatch(r"\d+\.\d+", article["schema_version"])
    assert article["meta"].keys() >= META_FIELDS
    assert article["meta"]["format"] in {"text", "html"}
    text = article["text"]
    previous_end = 0
    for removed in article["removed"]:
        assert removed["kind"] in REMOVED_KINDS
        assert previous_end <= removed["start"] < removed["end"] <= len(text)
        previous_end = removed["end"]
    ids = [a["id"] for a in article["attributions"]]
    assert len(ids) == len(set(ids))
    for attribution in article["attributions"]:
        assert attribution.keys() >= ATTRIBUTION_FIELDS
        assert attribution["kind"] in KINDS
        assert attribution["parent"] is None or attribution["parent"] in ids
        assert attribution["cue"] or attribution["content"]
        if attribution["speaker"] is not None:
            assert attribution["speaker"].keys() >= SPEAKER_FIELDS
    for _role, segment in segments(article):
        assert 0 <= segment["start"] < segment["end"] <= len(text)
        assert text[segment["start"] : segment["end"]] == segment["text"]


def overlaps_removed(article: dict[str, Any], segment: dict[str, Any]) -> bool:
    return any(
        segment["start"] < r["end"] and r["start"] < segment["end"] for r in article["removed"]
    )


def problem_lines(stderr: str, origin: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(f"claimgraph: {origin}: ")]


def assert_no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


# --------------------------------------------------------------------------
# help, version and usage errors (no model)


def test_help_list_covers_every_command_and_group() -> None:
    assert sorted(path for path, _ in walk_commands(main)) == sorted(HELP_COMMANDS)


@pytest.mark.parametrize("path", HELP_COMMANDS, ids=lambda p: " ".join(("claimgraph", *p)))
def test_help_exits_zero_and_mentions_every_option(path: tuple[str, ...]) -> None:
    result = invoke([*path, "--help"])

    assert result.exit_code == 0, result.output
    assert result.output.startswith("Usage: ")
    for param in command_at(path).params:
        if isinstance(param, click.Option) and not param.hidden:
            for opt in (*param.opts, *param.secondary_opts):
                assert opt in result.output, f"{opt} missing from help of {path}"


@pytest.mark.parametrize("path", HELP_COMMANDS, ids=lambda p: " ".join(("claimgraph", *p)))
def test_short_help_flag_works_like_long_one(path: tuple[str, ...]) -> None:
    assert invoke([*path, "-h"]).output == invoke([*path, "--help"]).output


def test_group_help_lists_its_commands() -> None:
    result = invoke(["--help"])

    assert "analyze" in result.output
    assert "eval" in result.output
    assert "polnear" in invoke(["eval", "--help"]).output


def test_version_prints_program_name_and_version() -> None:
    result = invoke(["--version"])

    assert result.exit_code == 0
    assert result.output.strip() == f"claimgraph, version {__version__}"


def test_analyze_without_paths_is_a_usage_error() -> None:
    result = invoke(["analyze"])

    assert result.exit_code == 2
    assert "PATHS" in result.stderr


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (["--format", "xml"], "--format"),
        (["--threshold", "2"], "--threshold"),
        (["--max-bytes", "0"], "--max-bytes"),
    ],
    ids=["format", "threshold", "max-bytes"],
)
def test_invalid_option_value_is_a_usage_error(args: list[str], mentions: str) -> None:
    result = invoke(["analyze", *args, str(WIRE_TXT)])

    assert result.exit_code == 2
    assert mentions in result.stderr
    assert result.stdout == ""


def test_invalid_max_bytes_env_is_a_clear_error_without_traceback() -> None:
    result = invoke(["analyze", str(WIRE_TXT)], env={"CLAIMGRAPH_MAX_BYTES": "abc"})

    assert result.exit_code != 0
    assert_no_traceback(result)
    assert "CLAIMGRAPH_MAX_BYTES" in result.stderr
    assert "'abc'" in result.stderr
    assert result.stdout == ""


def test_eval_polnear_with_missing_data_folder_names_the_data_option(tmp_path: Path) -> None:
    missing = tmp_path / "nonexistent"

    result = invoke(["eval", "polnear", "--data", str(missing)])

    assert result.exit_code != 0
    assert_no_traceback(result)
    assert "--data" in result.stderr
    assert str(missing) in result.stderr
    assert result.stdout == ""


@pytest.mark.model
@pytest.mark.corpus
@pytest.mark.parametrize(
    ("model", "env", "header"),
    [
        ("rules", {}, "model rules"),
        ("encoder", {"CLAIMGRAPH_ENCODER_PRECISION": "float32"}, "model encoder (float32)"),
    ],
)
def test_eval_polnear_names_the_model_it_scored(
    model: str, env: dict[str, str], header: str
) -> None:
    from claimgraph.eval.polnear import default_root

    if not (default_root() / "dev").is_dir():
        pytest.skip("PolNeAR is not available")
    if model == "encoder":
        pytest.importorskip("onnxruntime", reason="ONNX Runtime is not installed")
    result = invoke(["eval", "polnear", "--limit", "2", "--model", model], env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"PolNeAR dev: 2 articles, {header}"
    assert "attribution (content+source)" in result.stdout


# --------------------------------------------------------------------------
# analyze: the example article as JSON (one model load, several tests)


@pytest.fixture(scope="module")
def wire_json() -> dict[str, Any]:
    result = invoke(["analyze", "--format", "json", str(WIRE_TXT)])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    value = json.loads(result.stdout)
    assert isinstance(value, dict), "one article gives one JSON object"
    return value


@pytest.mark.model
def test_json_output_satisfies_the_contract(wire_json: dict[str, Any]) -> None:
    assert_valid_article(wire_json)
    assert wire_json["id"] == "lethal-aid-wire"
    assert wire_json["claimgraph_version"] == __version__
    assert wire_json["meta"] == {
        "origin": str(WIRE_TXT),
        "format": "text",
        "url": None,
        "title": None,
        "published": None,
        "author": None,
        "site": None,
    }


@pytest.mark.model
def test_json_text_is_the_file_text_exactly(wire_json: dict[str, Any]) -> None:
    assert wire_json["text"] == WIRE_TXT.read_text(encoding="utf-8")


@pytest.mark.model
def test_json_finds_attributions_in_the_example(wire_json: dict[str, Any]) -> None:
    assert wire_json["attributions"]
    assert any(a["kind"] == "direct" for a in wire_json["attributions"])


@pytest.mark.model
def test_json_marks_every_kind_of_non_story_text_in_the_example(
    wire_json: dict[str, Any],
) -> None:
    assert {r["kind"] for r in wire_json["removed"]} == REMOVED_KINDS


@pytest.mark.model
def test_no_cue_or_content_lies_in_removed_text(wire_json: dict[str, Any]) -> None:
    for role, segment in segments(wire_json):
        if role in ("cue", "content"):
            assert not overlaps_removed(wire_json, segment), (role, segment)


# --------------------------------------------------------------------------
# analyze: JSON Lines with a text and an HTML file


@pytest.fixture(scope="module")
def wire_jsonl() -> list[dict[str, Any]]:
    result = invoke(["analyze", "--format", "jsonl", str(WIRE_TXT), str(WIRE_HTML)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    return [json.loads(line) for line in lines]


@pytest.mark.model
def test_jsonl_writes_one_valid_object_per_input_in_order(
    wire_jsonl: list[dict[str, Any]],
) -> None:
    for article in wire_jsonl:
        assert_valid_article(article)
    assert [a["meta"]["origin"] for a in wire_jsonl] == [str(WIRE_TXT), str(WIRE_HTML)]
    assert [a["meta"]["format"] for a in wire_jsonl] == ["text", "html"]


@pytest.mark.model
def test_html_input_fills_page_metadata(wire_jsonl: list[dict[str, Any]]) -> None:
    meta = wire_jsonl[1]["meta"]

    assert meta["title"] and "drone engines" in meta["title"]
    assert meta["author"] == "Lena Hartmann"
    assert meta["site"] == "Baltic Wire"
    assert meta["published"] == "2024-10-17"


@pytest.mark.model
def test_html_offsets_refer_to_the_extracted_text(wire_jsonl: list[dict[str, Any]]) -> None:
    page = wire_jsonl[1]
    text = page["text"]

    assert "<p>" not in text
    assert "Anna Keller told reporters" in text
    assert "Remind me later" not in text, "the footer appeal is not article text"
    assert page["attributions"]
    for _role, segment in segments(page):
        assert text[segment["start"] : segment["end"]] == segment["text"]
    for removed in page["removed"]:
        assert removed["end"] <= len(text)


# --------------------------------------------------------------------------
# analyze: brat, stdin, bad inputs


@pytest.mark.model
def test_brat_out_dir_writes_ann_txt_and_conf(tmp_path: Path) -> None:
    out = tmp_path / "brat"

    result = invoke(["analyze", "--format", "brat", "--out", str(out), str(WIRE_TXT)])

    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert sorted(p.name for p in out.iterdir()) == [
        "annotation.conf",
        "lethal-aid-wire.ann",
        "lethal-aid-wire.txt",
    ]
    text = (out / "lethal-aid-wire.txt").read_text(encoding="utf-8")
    assert text == WIRE_TXT.read_text(encoding="utf-8")
    ann = (out / "lethal-aid-wire.ann").read_text(encoding="utf-8").splitlines()
    labels = set()
    for line in ann:
        if not line.startswith("T"):
            continue
        _id, label_offsets, span_text = line.split("\t")
        label, offsets = label_offsets.split(" ", 1)
        labels.add(label)
        pieces = [text[int(s) : int(e)] for s, e in (o.split() for o in offsets.split(";"))]
        assert " ".join(pieces) == span_text
    assert {"Cue", "Content", "Source", "Discard"} <= labels
    assert any(line.startswith("E") for line in ann)
    assert "Attribution" in (out / "annotation.conf").read_text(encoding="utf-8")


@pytest.mark.model
@pytest.mark.model
def test_out_dir_loses_no_article_when_ids_repeat(tmp_path: Path) -> None:
    out = tmp_path / "out"

    result = invoke(
        ["analyze", "--format", "json", "--out", str(out), str(WIRE_TXT), str(WIRE_HTML)]
    )

    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in out.glob("*.json"))
    assert written == ["lethal-aid-wire-2.json", "lethal-aid-wire.json"]


@pytest.mark.model
def test_stdin_dash_is_read_as_an_article() -> None:
    result = invoke(["analyze", "--format", "json", "-"], input=STORY.encode("utf-8"))

    assert result.exit_code == 0, result.output
    article = json.loads(result.stdout)
    assert_valid_article(article)
    assert article["id"] == "stdin"
    assert article["meta"]["origin"] == "-"
    assert article["text"] == STORY
    assert article["attributions"]


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, dict[str, Path]]:
    """One invocation over good files and every kind of unreadable input."""
    folder = tmp_path_factory.mktemp("inputs")
    files = {
        "good": WIRE_TXT,
        "missing": folder / "missing.txt",
        "empty": folder / "empty.txt",
        "binary": folder / "binary.txt",
        "latin1": folder / "latin1.txt",
        "good2": folder / "good2.txt",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(bytes(range(256)) * 4)
    files["latin1"].write_bytes("Le ministre a déclaré que Paris était prêt.\n".encode("cp1252"))
    files["good2"].write_text(STORY, encoding="utf-8")
    result = invoke(["analyze", "--format", "json", *map(str, files.values())])
    return result, files


BAD_REASONS = {
    "missing": "no such file or directory",
    "empty": "empty file",
    "binary": "binary",
    "latin1": "not valid UTF-8",
}


@pytest.mark.model
def test_unreadable_inputs_exit_one(bad_inputs: tuple[Result, dict[str, Path]]) -> None:
    result, _files = bad_inputs

    assert result.exit_code == 1
    assert_no_traceback(result)


@pytest.mark.model
@pytest.mark.parametrize("name", sorted(BAD_REASONS))
def test_each_unreadable_input_gets_one_stderr_line_with_its_reason(
    bad_inputs: tuple[Result, dict[str, Path]], name: str
) -> None:
    result, files = bad_inputs

    lines = problem_lines(result.stderr, str(files[name]))

    assert len(lines) == 1, result.stderr
    assert BAD_REASONS[name] in lines[0]


@pytest.mark.model
def test_good_inputs_are_still_analysed_next_to_bad_ones(
    bad_inputs: tuple[Result, dict[str, Path]],
) -> None:
    result, files = bad_inputs

    articles = json.loads(result.stdout)

    assert [a["meta"]["origin"] for a in articles] == [str(files["good"]), str(files["good2"])]
    for article in articles:
        assert_valid_article(article)
    for name in ("good", "good2"):
        assert not problem_lines(result.stderr, str(files[name]))
    assert "4 input(s) could not be read; 2 analysed" in result.stderr


@pytest.mark.model
def test_max_bytes_refuses_a_larger_file() -> None:
    result = invoke(["analyze", "--format", "json", "--max-bytes", "10", str(WIRE_TXT)])

    assert result.exit_code == 1
    assert_no_traceback(result)
    (line,) = problem_lines(result.stderr, str(WIRE_TXT))
    assert "larger than the 10-byte limit" in line
    assert "--max-bytes" in line
    assert json.loads(result.stdout) == [], "no article: an empty JSON array"


# --------------------------------------------------------------------------
# the installed console script


@pytest.mark.model
def test_installed_console_script_prints_the_text_ledger() -> None:
    exe = shutil.which("claimgraph")
    if exe is None:
        pytest.skip("the claimgraph console script is not installed on PATH")

    done = subprocess.run(
        [exe, "analyze", "--format", "text", str(WIRE_TXT)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.startswith("== lethal-aid-wire ==\n")
    assert re.search(r"^\d+ attributions?$", done.stdout, re.MULTILINE)
    assert "Marked as not story:" in done.stdout
    assert "update_note 0–41 'Updated to add Iranian and U.S. reaction.'" in done.stdout
    assert "\x1b[" not in done.stdout, "no colour when stdout is not a terminal"


@pytest.mark.model
def test_model_option_selects_the_extractor() -> None:
    rules = invoke(["analyze", "--format", "json", "--model", "rules", str(WIRE_TXT)])
    hybrid = invoke(["analyze", "--format", "json", "--model", "hybrid", str(WIRE_TXT)])
    assert rules.exit_code == 0 and hybrid.exit_code == 0, rules.output + hybrid.output
    rule_names = {a["rule"] for a in json.loads(rules.stdout)["attributions"]}
    hybrid_names = {a["rule"] for a in json.loads(hybrid.stdout)["attributions"]}
    assert "learned" not in rule_names
    assert "learned" in hybrid_names


def test_unknown_model_dir_is_a_clear_error(tmp_path: Path) -> None:
    result = invoke(["analyze", "--model", "learned", "--model-dir", str(tmp_path), str(WIRE_TXT)])
    assert result.exit_code != 0
    assert "claimgraph train" in result.output
    assert "Traceback" not in result.output


def test_unknown_extractor_in_the_environment_is_a_clear_error() -> None:
    result = invoke(["analyze", str(WIRE_TXT)], env={"CLAIMGRAPH_EXTRACTOR": "bogus"})
    assert result.exit_code != 0
    assert "unknown model 'bogus'" in result.output
    assert "Traceback" not in result.output
