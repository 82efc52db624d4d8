"""Tests for claimgraph.extract.lexicon: the packaged cue lexicon (no model)."""

from __future__ import annotations

import pytest

from claimgraph.extract.lexicon import DEFAULT_THRESHOLD, Lexicon, load_lexicon


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


def test_packaged_files_load(lexicon: Lexicon) -> None:
    assert lexicon.threshold == DEFAULT_THRESHOLD
    assert len(lexicon.rates) > 100
    assert {"say", "tell", "warn"} <= lexicon.reporting
    assert {"believe", "think", "hope"} <= lexicon.belief
    assert all(0.0 <= r <= 1.0 for r in lexicon.rates.values())
    # Comment lines in the packaged files never become entries.
    assert not any(w.startswith("#") for w in lexicon.reporting | lexicon.belief)


def test_load_lexicon_is_cached() -> None:
    assert load_lexicon() is load_lexicon()
    assert load_lexicon(0.5) is not load_lexicon()


@pytest.mark.parametrize(
    ("lemma", "expected"),
    [
        pytest.param("say", True, id="say"),
        pytest.param("tell", True, id="tell"),
        pytest.param("warn", True, id="warn"),
        pytest.param("deny", True, id="deny"),
        pytest.param("believe", True, id="belief-verb"),
        pytest.param("the", False, id="the"),
        pytest.param("table", False, id="table"),
        pytest.param("be", False, id="be-rate-below-threshold"),
        pytest.param("have", False, id="have-rate-below-threshold"),
        pytest.param("", False, id="empty"),
    ],
)
def test_is_cue(lexicon: Lexicon, lemma: str, expected: bool) -> None:
    assert lexicon.is_cue(lemma) is expected


@pytest.mark.parametrize("lemma", ["Say", "SAY", "Tell", "BELIEVE", "Defend"])
def test_is_cue_is_case_insensitive(lexicon: Lexicon, lemma: str) -> None:
    assert lexicon.is_cue(lemma)
    assert lexicon.is_cue(lemma) == lexicon.is_cue(lemma.lower())


@pytest.mark.parametrize(
    ("lemma", "expected"),
    [
        pytest.param("believe", True, id="believe"),
        pytest.param("think", True, id="think"),
        pytest.param("hope", True, id="hope"),
        pytest.param("Fear", True, id="fear-capitalised"),
        pytest.param("expect", True, id="expect"),
        pytest.param("say", False, id="say"),
        pytest.param("tell", False, id="tell"),
        pytest.param("table", False, id="table"),
    ],
)
def test_belief_verbs_flagged(lexicon: Lexicon, lemma: str, expected: bool) -> None:
    assert lexicon.is_belief(lemma) is expected


def test_threshold_changes_membership() -> None:
    # "defend" is neither a reporting nor a belief verb; its PolNeAR-train
    # rate lies between the two thresholds below.
    low, high = load_lexicon(0.3), load_lexicon(0.5)
    assert "defend" not in low.reporting | low.belief
    assert 0.3 <= low.rate("defend") < 0.5
    assert low.is_cue("defend")
    assert not high.is_cue("defend")


def test_threshold_does_not_affect_word_lists() -> None:
    strict = load_lexicon(1.01)
    assert strict.is_cue("say")
    assert strict.is_cue("believe")
    assert not strict.is_cue("defend")


def test_low_count_lemmas_are_ignored(lexicon: Lexicon) -> None:
    # "agonize" has rate 1.0 in cue_lexicon.tsv but was seen only once.
    assert "agonize" not in lexicon.rates
    assert not lexicon.is_cue("agonize")


def test_rate(lexicon: Lexicon) -> None:
    assert lexicon.rate("say") >= 0.9
    assert lexicon.rate("SAY") == lexicon.rate("say")
    assert lexicon.rate("table") == 0.0
