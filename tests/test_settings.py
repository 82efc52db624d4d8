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


def test_auto_precision_is_int8() -> None:
    assert Settings().encoder_precision == "int8"
    assert Settings(encoder_precision="auto").encoder_precision == "int8"
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
    ("precision", "expected"), [("auto", "int8"), ("int8", "int8"), ("float32", "float32")]
)
def test_resolve_precision_only_changes_auto(precision: str, expected: str) -> None:
    assert settings_module.resolve_precision(precision) == expected
