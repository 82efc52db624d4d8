"""Speaker identity through the real pipeline and store: a story set of three
hand-written articles (Donald, Ivanka and Melania Trump; Hillary and Bill
Clinton; joint statements; surname-only references), ingested in two
orders, and the identity check over PolNeAR dev articles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("onnxruntime")
pytest.importorskip("datasketch")

from claimgraph.corpus import Corpus
from claimgraph.eval.polnear import default_root
from claimgraph.eval.speakers import stored_entities
from claimgraph.graph.speakers import SpeakerFacts, identity_problems, speaker_key

pytestmark = pytest.mark.model

STORY = Path(__file__).parents[1] / "data" / "speakers_story"


def speakers_of(corpus: Corpus) -> dict[str, set[tuple[str, str, bool]]]:
    """Each named speaker's statements (outlet-free: article text, source, joint)."""
    out: dict[str, set[tuple[str, str, bool]]] = {}
    for s in corpus.speakers(limit=500).items:
        detail = corpus.speaker(s.id)
        assert detail is not None
        out[s.name] = {(st.quote, st.source, st.joint) for st in detail.statements}
    return out


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Corpus, Corpus]]:
    folder = tmp_path_factory.mktemp("speakers")
    files = sorted(str(p) for p in STORY.glob("*.txt"))
    with Corpus(folder / "forward.db") as forward, Corpus(folder / "backward.db") as backward:
        assert not forward.ingest(files).failed
        for f in reversed(files):
            assert not backward.ingest([f]).failed
        yield forward, backward


def test_each_person_is_one_entity_and_only_one_person(stores: tuple[Corpus, Corpus]) -> None:
    corpus, _ = stores
    named = {s.name for s in corpus.speakers(limit=500, descriptions=False).items}
    for person in ("Donald Trump", "Ivanka Trump", "Melania Trump", "Hillary Clinton"):
        assert person in named
    assert "Bill Clinton" in named
    keys = [speaker_key(SpeakerFacts(name=n, type="person")) for n in named]
    assert len(keys) == len(set(keys))
    assert identity_problems(stored_entities(corpus.store)) == []
    assert not any(" and " in n for n in named)


def test_surname_and_honorific_mentions_join_the_full_name_of_their_article(
    stores: tuple[Corpus, Corpus],
) -> None:
    corpus, _ = stores
    trump = corpus.speaker("Donald Trump")
    hillary = corpus.speaker("Hillary Clinton")
    bill = corpus.speaker("Bill Clinton")
    assert trump is not None and hillary is not None and bill is not None
    assert {"Trump", "Mr. Trump"} <= {st.source for st in trump.statements}
    assert {"Mrs. Clinton", "Clinton"} <= {st.source for st in hillary.statements}
    assert {st.source for st in bill.statements} == {"Former President Bill Clinton"}


def test_a_joint_statement_is_on_each_members_page_marked_joint(
    stores: tuple[Corpus, Corpus],
) -> None:
    corpus, _ = stores
    for name in ("Bernie Sanders", "Donald Trump"):
        detail = corpus.speaker(name)
        assert detail is not None
        joint = [st for st in detail.statements if st.source == "Bernie Sanders and Donald Trump"]
        assert len(joint) == 1 and joint[0].joint


def test_descriptions_are_listed_apart_from_named_speakers(stores: tuple[Corpus, Corpus]) -> None:
    corpus, _ = stores
    kinds = corpus.speakers(limit=500, descriptions=True).items
    assert {s.name.lower() for s in kinds} >= {"experts", "administration officials"}
    assert all(s.description for s in kinds)
    named = corpus.speakers(limit=500, descriptions=False).items
    assert not any(s.description for s in named)


def test_another_ingest_order_gives_the_same_speakers(stores: tuple[Corpus, Corpus]) -> None:
    forward, backward = stores
    assert speakers_of(forward) == speakers_of(backward)


#: Two Clintons named once each, then "Clinton": nobody in particular in this
#: article (the story set's Clintons article has Hillary Clinton's "Clinton").
SHARED_SURNAME = (
    "Bill Clinton spoke in Ohio on Monday. Hillary Clinton spoke in Iowa on Tuesday. "
    "Clinton said the economy was strong.\n"
)


def test_a_surname_two_people_of_the_article_bear_joins_neither(tmp_path: Path) -> None:
    article = tmp_path / "two-clintons.txt"
    article.write_text(SHARED_SURNAME, encoding="utf-8")
    files = [*sorted(str(p) for p in STORY.glob("*.txt")), str(article)]
    with Corpus(tmp_path / "shared.db") as corpus:
        assert not corpus.ingest(files).failed
        for name in ("Hillary Clinton", "Bill Clinton"):
            detail = corpus.speaker(name)
            assert detail is not None
            said = {st.quote for st in detail.statements}
            assert not any("economy was strong" in q for q in said), name
        named = {s.name for s in corpus.speakers(limit=500).items}
        assert "Clinton" not in named
        assert identity_problems(stored_entities(corpus.store)) == []


# --------------------------------------------------------------------------
# PolNeAR dev articles

#: Every seventh dev article (12 of 84): enough Trumps, Clintons and Obamas
#: to check, fast enough for the suite. The full check is
#: ``claimgraph eval speakers`` on a store of all 84 (docs/corpus.md).
STEP = 7


@pytest.mark.corpus
def test_no_stored_speaker_mixes_two_people_on_polnear_dev(tmp_path: Path) -> None:
    texts = default_root() / "dev" / "text"
    if not texts.is_dir():
        pytest.skip(f"PolNeAR dev not found at {texts}")
    files = sorted(str(p) for p in texts.glob("*.txt"))[::STEP]
    with Corpus(tmp_path / "dev.db") as corpus:
        assert not corpus.ingest(files).failed
        entities = stored_entities(corpus.store)
        assert identity_problems(entities) == []
        keys = [
            speaker_key(SpeakerFacts(name=e.name, type=e.type))
            for e in entities
            if e.type == "person"
        ]
        for person in ("donald trump", "hillary clinton"):
            assert keys.count(person) == 1, person
