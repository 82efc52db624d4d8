"""Tests for claimgraph.settings: defaults, the environment, and ``auto``."""

from __future__ import annotations

from dataclasses import replace

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


def test_native_bfloat16_reads_the_cpu_flags(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    cpuinfo = tmp_path / "cpuinfo"
    monkeypatch.setattr(settings_module, "CPUINFO", cpuinfo)
    cpuinfo.write_text("flags\t\t: fpu avx2 avx512f avx512_bf16 avx512_vnni\n")
    assert settings_module.native_bfloat16()
    cpuinfo.write_text("flags\t\t: fpu avx2 avx512f avx512_vnni\n")
    assert not settings_module.native_bfloat16()
    cpuinfo.unlink()
    assert not settings_module.native_bfloat16()
