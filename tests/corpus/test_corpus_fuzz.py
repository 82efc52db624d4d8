"""Property tests (hypothesis, bounded): every parameter of the corpus API —
ids, versions, names, search texts, dates, limits and offsets, as the CLI,
the web and Python callers pass them — gives an answer or one
:class:`~claimgraph.errors.InputError`, never another exception."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("hypothesis")

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from claimgraph.corpus.api import Corpus
from claimgraph.errors import InputError

FUZZ = settings(
    max_examples=80,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

#: Any text: control characters, lone surrogates (what a CLI argument of
#: invalid UTF-8 becomes), digits of other scripts, very long numbers.
TEXTS = (
    st.text(st.characters(codec=None), max_size=30)
    | st.text(st.characters(codec="utf-8"), max_size=30)
    | st.integers().map(str)
    | st.sampled_from(["²", "١٢", "1e3", "-1", "0", " 1", "%", "_", "\\", "\x00", "\udcff"])
)
IDS = st.integers(min_value=-(2**70), max_value=2**70) | TEXTS
NUMBERS = st.integers(min_value=-(2**70), max_value=2**70)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
    with Corpus(path) as created:
        yield created


def answers_or_refuses(call: Callable[[], Any]) -> None:
    try:
        call()
    except InputError as err:
        assert str(err) and "\n" not in str(err)


@FUZZ
@given(claim=IDS, speaker=TEXTS, article=IDS, version=st.none() | IDS)
@example(claim="²", speaker="\udcff", article="99999999999999999999", version=2**63)
def test_ids_and_names_are_answered_or_refused(
    corpus: Corpus, claim: Any, speaker: str, article: Any, version: Any
) -> None:
    answers_or_refuses(lambda: corpus.claim(claim))
    answers_or_refuses(lambda: corpus.speaker(speaker))
    answers_or_refuses(lambda: corpus.article(article, version))
    answers_or_refuses(lambda: corpus.diff(article, 1, version if version is not None else 2))


@FUZZ
@given(
    q=st.none() | TEXTS,
    name=st.none() | TEXTS,
    since=st.none() | TEXTS,
    disputed=st.none() | st.booleans(),
    limit=NUMBERS,
    offset=NUMBERS,
)
@example(q="\udcff", name=None, since=None, disputed=None, limit=10**30, offset=0)
@example(q=None, name=None, since="2024-13-45", disputed=None, limit=10**30, offset=-1)
def test_listing_parameters_are_answered_or_refused(
    corpus: Corpus,
    q: str | None,
    name: str | None,
    since: str | None,
    disputed: bool | None,
    limit: int,
    offset: int,
) -> None:
    answers_or_refuses(
        lambda: corpus.claims(
            disputed=disputed, speaker=name, since=since, q=q, limit=limit, offset=offset
        )
    )
    answers_or_refuses(lambda: corpus.speakers(q=q, limit=limit, offset=offset))
    answers_or_refuses(lambda: corpus.articles(q=q, outlet=name, limit=limit, offset=offset))


def test_the_fuzzed_store_is_still_empty_and_sound(corpus: Corpus) -> None:
    assert corpus.claims().total == 0 and corpus.articles().total == 0
    assert Path(corpus.path).is_file()
