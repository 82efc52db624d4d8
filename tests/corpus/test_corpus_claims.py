"""The claim graph of real and written news, ingested with the default model
(issue 17): who asserts, disputes, observes and declines each claim, and
which attributions state no claim.

- The Moscow Times report (``../shared/examples``, skipped when absent),
  ingested alone into a new store.
- A story set written for these tests (``tests/data/claims/story_set.jsonl``):
  one claim told by four outlets in different words (one asserts, one
  hedges, one relays an anonymous official, one denies) and an unrelated
  story.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("onnxruntime")
pytest.importorskip("datasketch")

from claimgraph.corpus import Corpus
from claimgraph.settings import Settings
from example_articles import MOSCOW, WIRE

pytestmark = pytest.mark.model

STORY_SET = Path(__file__).parents[1] / "data" / "claims" / "story_set.jsonl"


def the_claim(corpus: Corpus, words: str) -> Any:
    found = corpus.claims(q=words).items
    assert len(found) == 1, [c.canonical for c in found]
    detail = corpus.claim(found[0].id)
    assert detail is not None
    return detail


# --------------------------------------------------------------------------
# The Moscow Times report, alone


@pytest.fixture(scope="module")
def moscow(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    if not MOSCOW.is_file():
        pytest.skip(f"{MOSCOW} is not available")
    path = tmp_path_factory.mktemp("moscow") / "mt.db"
    with Corpus(path, settings=Settings.from_env()) as corpus:
        summary = corpus.ingest([str(MOSCOW)])
        assert summary.ingested == 1
        yield corpus


def test_the_lethal_aid_claim_lists_each_side(moscow: Corpus) -> None:
    s = the_claim(moscow, "lethal aid").summary
    assert {"Grant Shapps", "U.S. and British intelligence services"} <= set(s.asserting)
    assert {"Jake Sullivan", "U.S."} <= set(s.disputing)
    assert any("embassy" in name for name in s.declining)
    # Reuters relays it; it neither asserts nor disputes
    assert "Reuters" in s.observing
    assert not set(s.asserting) & set(s.disputing)


def test_the_intelligence_services_assert_it_via_reuters(moscow: Corpus) -> None:
    detail = the_claim(moscow, "lethal aid")
    (services,) = [
        st for st in detail.statements if st.speaker == "U.S. and British intelligence services"
    ]
    assert services.role == "asserts"
    assert [v.name for v in services.via][:1] == ["Reuters"]


def test_sullivan_and_the_us_dispute_it_by_pointing_back(moscow: Corpus) -> None:
    detail = the_claim(moscow, "lethal aid")
    disputing = {(st.speaker, st.quote) for st in detail.statements if st.role == "disputes"}
    quotes = {q for _, q in disputing}
    assert "Shapps’ assertion" in quotes
    assert any(q.startswith("“We have not seen that to date.") for q in quotes)
    assert all(st.link == "disputes" for st in detail.statements if st.role == "disputes")


@pytest.mark.parametrize(
    "fragment",
    [
        "the assertion",  # "without providing evidence of the assertion"
        "Russia’s war effort",  # "China backing Russia's war effort"
        "Russia’s full-scale invasion of Ukraine",  # "has not condemned"
        "itself as a neutral party",  # "positioning itself as a neutral party"
        "the direct supply of",  # "showing the direct supply of ..."
        "a faster timeline",  # "than we believed": "we" is nobody
        "which",  # "which was largely dismissed by Kyiv"
    ],
)
def test_fragments_state_no_claim(moscow: Corpus, fragment: str) -> None:
    claims = moscow.claims(limit=100).items
    assert not [c.canonical for c in claims if c.canonical.startswith(fragment)]
    (article,) = moscow.articles().items
    detail = moscow.article(article.id)
    assert detail is not None
    texts = [
        (" ".join(s.text for s in a.attribution.content), a.claim_id) for a in detail.attributions
    ]
    matching = [claim for text, claim in texts if text.strip("“”").startswith(fragment)]
    assert matching and all(claim is None for claim in matching)


def test_what_beijing_has_not_condemned_is_stored_as_not_asserted(moscow: Corpus) -> None:
    detail = moscow.speaker("Beijing")
    assert detail is not None
    (condemned,) = [st for st in detail.statements if st.cue == "has not condemned"]
    assert condemned.negated is True
    assert condemned.claim_id is None
    assert condemned.to_dict()["negated"] is True
    # the statements Beijing (China's embassy) did make are not negated
    assert not any(st.negated for st in detail.statements if st.cue != "has not condemned")


# --------------------------------------------------------------------------
# One claim told by four outlets, and an unrelated story


@pytest.fixture(scope="module")
def stories(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    path = tmp_path_factory.mktemp("stories") / "stories.db"
    with Corpus(path, settings=Settings.from_env()) as corpus:
        summary = corpus.ingest([str(STORY_SET)])
        assert summary.ingested == 5 and not summary.failed
        yield corpus


def test_four_outlets_tell_one_claim_each_with_its_stance(stories: Corpus) -> None:
    detail = the_claim(stories, "drone engines")
    s = detail.summary
    assert set(s.outlets) == {
        "Harbor Gazette",
        "Daily Meridian",
        "Evening Courier",
        "Northern Star",
    }
    assert set(s.asserting) == {"Karl Ostrow", "senior Western intelligence official"}
    assert set(s.observing) == {"Lena Varga", "Evening Courier"}
    assert set(s.disputing) == {"Iran"}
    roles = {(st.outlet, st.role) for st in detail.statements}
    assert roles >= {
        ("Harbor Gazette", "asserts"),
        ("Daily Meridian", "observes"),
        ("Evening Courier", "observes"),
        ("Evening Courier", "asserts"),
        ("Northern Star", "disputes"),
    }


def test_the_unrelated_story_stays_apart(stories: Corpus) -> None:
    strike = the_claim(stories, "strike")
    assert strike.summary.outlets == ("Valley Times",)
    engines = the_claim(stories, "drone engines")
    assert "Valley Times" not in engines.summary.outlets


def test_the_claim_json_lists_each_role(stories: Corpus) -> None:
    data = the_claim(stories, "drone engines").to_dict()
    for key in ("asserting", "disputing", "observing", "declining"):
        assert isinstance(data[key], list)
    assert {st["role"] for st in data["statements"]} == {"asserts", "observes", "disputes"}
    assert all(st["link"] == "content" for st in data["statements"])


def test_the_csv_export_has_each_statement_role(stories: Corpus, tmp_path: Path) -> None:
    import csv

    stories.export("csv", tmp_path / "claims.csv")
    with (tmp_path / "claims.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    engines = the_claim(stories, "drone engines").summary.id
    roles = {(r["outlet"], r["role"], r["link"]) for r in rows if r["claim_id"] == str(engines)}
    assert ("Daily Meridian", "observes", "content") in roles
    assert ("Northern Star", "disputes", "content") in roles


# --------------------------------------------------------------------------
# The repository's wire example


@pytest.fixture(scope="module")
def wire(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    path = tmp_path_factory.mktemp("wire") / "wire.db"
    with Corpus(path, settings=Settings.from_env()) as corpus:
        assert corpus.ingest([str(WIRE)]).ingested == 1
        yield corpus


def test_the_wire_story_claim_is_denied_by_tehran_and_unanswered_by_moscow(wire: Corpus) -> None:
    s = the_claim(wire, "navigation modules").summary
    # Germany, Berlin and the German government are one entity (issue 20)
    assert {"Germany", "German government"} & set(s.asserting)
    assert "Reza Tavakoli" in s.disputing
    assert {"Kremlin", "Defense Ministry"} <= set(s.declining)


def test_a_question_asked_observes_the_claim(wire: Corpus) -> None:
    s = the_claim(wire, "could confirm the German findings").summary
    assert s.observing == ("Claire Dunmore",)
    assert s.disputing == ()


def test_the_claim_command_shows_the_relay_chain(moscow: Corpus) -> None:
    from click.testing import CliRunner

    from claimgraph.cli.main import main

    detail = the_claim(moscow, "lethal aid")
    result = CliRunner().invoke(main, ["claim", str(detail.summary.id), "--db", moscow.path])
    assert result.exit_code == 0, result.output
    assert "U.S. and British intelligence services via Reuters" in result.output


def test_a_claims_evidence_lists_each_span_once_with_its_own_kind(moscow: Corpus) -> None:
    detail = the_claim(moscow, "lethal aid")
    spans = [(e.article, e.version, e.start, e.end) for e in detail.evidence]
    assert spans and len(spans) == len(set(spans))
    kinds = {e.text: e.kind for e in detail.evidence if e.text}
    without = [k for text, k in kinds.items() if text.startswith("without providing evidence")]
    assert without == ["none_given"]
