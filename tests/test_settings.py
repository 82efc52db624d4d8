"""Tests for claimgraph.settings: defaults, the environment, and ``auto``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from claimgraph import settings as settings_module
from claimgraph.errors import ClaimgraphError
from claimgraph.extras import installed
from claimgraph.settings import ENCODER_MODULES, Settings, default_extractor


@pytest.mark.parametrize(("corpus_extra", "expected"), [(True, "encoder"), (False, "hybrid")])
def test_auto_extractor_is_the_encoder_only_where_its_extra_is_installed(
    monkeypatch: pytest.MonkeyPatch, corpus_extra: bool, expected: str
) -> None:
    monkeypatch.setattr(settings_module, "installed", lambda *modules: corpus_extra)
    assert default_extractor() == expected
    assert Settings().extractor == expected
    assert Settings(extractor="auto").extractor == expected
    assert Settings(extractor="rules").extractor == "rules"


def test_the_default_extractor_follows_what_is_installed() -> None:
    expected = "encoder" if installed(*ENCODER_MODULES) else "hybrid"
    assert Settings().extractor == expected


@pytest.mark.parametrize(("native", "expected"), [(True, "bfloat16"), (False, "float32")])
def test_auto_precision_is_bfloat16_only_on_a_cpu_that_has_it(
    monkeypatch: pytest.MonkeyPatch, native: bool, expected: str
) -> None:
    monkeypatch.setattr(settings_module, "native_bfloat16", lambda: native)
    assert Settings().encoder_precision == expected
    assert Settings(encoder_precision="float32").encoder_precision == "float32"


def test_settings_hold_resolved_values_after_replace() -> None:
    base = Settings(extractor="hybrid", encoder_precision="float32")
    assert replace(base, extractor="auto").extractor in ("encoder", "hybrid")
    assert replace(base, threshold=0.5).encoder_precision == "float32"


def test_environment_sets_extractor_and_precision(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMGRAPH_EXTRACTOR", "rules")
    monkeypatch.setenv("CLAIMGRAPH_ENCODER_PRECISION", "float32")
    found = Settings.from_env()
    assert (found.extractor, found.encoder_precision) == ("rules", "float32")
    assert Settings.from_env(extractor="learned").extractor == "learned"


def test_a_bad_number_in_the_environment_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CLAIMGRAPH_BATCH_SIZE", "many")
    with pytest.raises(ClaimgraphError, match="CLAIMGRAPH_BATCH_SIZE='many'"):
        Settings.from_env()


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ("flags\t\t: fpu avx2 avx512f avx512_bf16 avx512_vnni\n", True),
        ("flags\t\t: fpu avx2 amx_bf16 amx_tile\n", True),
        ("flags\t\t: fpu avx2 avx512f avx512_vnni\n", False),
        (None, False),  # no /proc/cpuinfo: not Linux
    ],
)
def test_native_bfloat16_reads_the_cpu_flags(
    tmp_path: Path, flags: str | None, expected: bool
) -> None:
    cpuinfo = tmp_path / "cpuinfo"
    if flags is not None:
        cpuinfo.write_text(flags)
    assert settings_module.native_bfloat16(cpuinfo) is expected


@pytest.mark.parametrize(
    ("native", "precision", "expected"),
    [
        (True, "auto", "bfloat16"),
        (False, "auto", "float32"),
        (True, "float32", "float32"),
        (False, "bfloat16", "bfloat16"),
    ],
)
def test_resolve_precision_only_changes_auto(
    monkeypatch: pytest.MonkeyPatch, native: bool, precision: str, expected: str
) -> None:
    monkeypatch.setattr(settings_module, "native_bfloat16", lambda: native)
    assert settings_module.resolve_precision(precision) == expected
