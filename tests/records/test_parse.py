"""The contract reader: records round-trip through their JSON, malformed input is refused."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from spacy.language import Language

from claimgraph.errors import InputError
from claimgraph.output import article_to_dict
from claimgraph.records import (
    AnalyzedArticle,
    ArticleInput,
    Attribution,
    Certainty,
    Evidence,
    EvidenceSpan,
    HedgeCue,
    Removed,
    Segment,
    Speaker,
    Via,
)
from claimgraph.records.parse import (
    analyzed_from_dict,
    attribution_from_dict,
    removed_from_dict,
    segment_from_dict,
    speaker_from_dict,
    via_from_dict,
)
from example_articles import WIRE, ledger

TEXT = (
    "Updated to add reaction.\n"
    "Reuters reported last month that, as quoted by Reuters, British Defence Secretary "
    "Grant Shapps said intelligence services believe “lethal aid” may be flowing, "
    "citing serial numbers. Beijing denied it without providing evidence. "
    "The embassy declined to comment."
)


def seg(part: str, after: int = 0) -> Segment:
    start = TEXT.index(part, after)
    return Segment(start, start + len(part), part)


def span(part: str) -> tuple[int, int, str]:
    s = seg(part)
    return s.start, s.end, s.text


SHAPPS = Speaker(
    mention="British Defence Secretary Grant Shapps",
    name="Grant Shapps",
    title="Defence Secretary",
    affiliation=None,
    nationality="British",
    descriptor="British Defence Secretary Grant Shapps",
    type="person",
    country="GB",
    countries=("GB",),
    seniority=None,
)
OUTER = Attribution(
    id="a1",
    kind="indirect",
    source=(seg("British Defence Secretary Grant Shapps"),),
    cue=(seg("said"),),
    content=(seg("intelligence services believe “lethal aid” may be flowing"),),
    speaker=SHAPPS,
    rule="verb",
    confidence=0.91,
    certainty=Certainty(
        "possible",
        (
            HedgeCue(*span("may"), kind="epistemic", level="possible", scope="speaker"),
            HedgeCue(*span("believe"), kind="doxastic", level="probable", scope="reporter"),
        ),
    ),
    evidence=Evidence("cited", (EvidenceSpan(*span("citing serial numbers"), kind="cited"),)),
    via=(
        Via(
            name="Reuters",
            type="media",
            relation="quoted_by",
            start=seg("as quoted by Reuters").start,
            end=seg("as quoted by Reuters").end,
            text="as quoted by Reuters",
            refers_to=seg("Reuters reported last month"),
        ),
    ),
    disputed_by=("a3",),
)
NESTED = Attribution(
    id="a2",
    kind="mixed",
    source=(seg("intelligence services"),),
    cue=(seg("believe"),),
    content=(seg("“lethal aid” may be flowing"),),
    speaker=Speaker(mention="intelligence services", type="anonymous", anonymous=True, plural=True),
    parent="a1",
    rule="verb",
    certainty=Certainty("probable"),
    via=(
        Via(
            name="Grant Shapps",
            type="person",
            relation="relayed_by",
            start=seg("Grant Shapps").start,
            end=seg("Grant Shapps").end,
            text="Grant Shapps",
        ),
    ),
)
DENIAL = Attribution(
    id="a3",
    kind="indirect",
    source=(seg("Beijing"),),
    cue=(seg("denied"),),
    content=(seg("it"),),
    speaker=Speaker(mention="Beijing", name="Beijing", type="government", country="CN"),
    rule="verb",
    stance="denies",
    certainty=Certainty("certain"),
    evidence=Evidence(
        "none_given", (EvidenceSpan(*span("without providing evidence"), kind="none_given"),)
    ),
    disputes=("a1",),
)
DECLINED = Attribution(
    id="a4",
    kind="indirect",
    source=(seg("The embassy"),),
    cue=(seg("declined to comment"),),
    content=(),
    speaker=Speaker(mention="The embassy", type="government"),
    rule="declines-to-comment",
    stance="declines_to_comment",
    certainty=Certainty("unknown"),
)
NO_SOURCE = Attribution(
    id="a5",
    kind="indirect",
    source=(),
    cue=(seg("reported"),),
    content=(seg("that"),),
    certainty=Certainty("certain"),
)
DISCONTINUOUS = Attribution(
    id="a6",
    kind="direct",
    source=(seg("Shapps"),),
    cue=(seg("said"),),
    content=(seg("Updated"), seg("reaction")),
    rule="learned",
    confidence=1.0,
    certainty=Certainty("certain"),
)
NEGATED = Attribution(
    id="a7",
    kind="indirect",
    source=(seg("Shapps"),),
    cue=(seg("said"),),
    content=(seg("reaction"),),
    certainty=Certainty("certain"),
    negated=True,
)

ARTICLES = [
    AnalyzedArticle(
        ArticleInput(id="plain", text=TEXT, origin="news/plain.txt"),
        removed=(Removed("update_note", 0, len("Updated to add reaction.")),),
        attributions=(OUTER, NESTED, DENIAL, DECLINED, NO_SOURCE, DISCONTINUOUS),
    ),
    AnalyzedArticle(
        ArticleInput(
            id="page",
            text="Nothing is attributed here.",
            origin="feed.jsonl:3",
            url="https://example.org/a",
            title="A title",
            published="2026-02-01",
            author="Jane Doe",
            site="Example",
            format="html",
        ),
        removed=(),
    ),
]


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.article.id)
def test_an_article_reads_back_as_the_record_it_was_written_from(
    article: AnalyzedArticle,
) -> None:
    assert analyzed_from_dict(article.to_dict()) == article
    # through JSON text, as a consumer of --format jsonl reads it
    assert analyzed_from_dict(json.loads(json.dumps(article_to_dict(article)))) == article


@pytest.mark.parametrize(
    "attribution",
    [OUTER, NESTED, DENIAL, DECLINED, NO_SOURCE, DISCONTINUOUS, NEGATED],
    ids=lambda a: a.id,
)
def test_an_attribution_reads_back_as_its_record(attribution: Attribution) -> None:
    assert attribution_from_dict(attribution.to_dict()) == attribution


@pytest.mark.parametrize(
    ("read", "record"),
    [
        (segment_from_dict, seg("Beijing")),
        (removed_from_dict, Removed("byline", 3, 9)),
        (speaker_from_dict, SHAPPS),
        (via_from_dict, OUTER.via[0]),
    ],
    ids=["segment", "removed", "speaker", "via"],
)
def test_each_part_reads_back_as_its_record(read: Any, record: Any) -> None:
    assert read(record.to_dict()) == record


def test_an_attribution_without_certainty_is_written_and_read_as_unknown() -> None:
    bare = Attribution("a1", "indirect", (), (seg("said"),), ())
    assert attribution_from_dict(bare.to_dict()).certainty == Certainty("unknown")


def test_schema_1_1_output_reads_with_the_record_defaults() -> None:
    old: dict[str, Any] = {
        "schema_version": "1.1",
        "claimgraph_version": "0.0.9",
        "id": "old",
        "text": "She said so.",
        "removed": [],
        "attributions": [
            {
                "id": "a1",
                "kind": "indirect",
                "source": [{"start": 0, "end": 3, "text": "She"}],
                "cue": [{"start": 4, "end": 8, "text": "said"}],
                "content": [{"start": 9, "end": 11, "text": "so"}],
                "speaker": {
                    "name": None,
                    "title": None,
                    "affiliation": None,
                    "nationality": None,
                    "mention": "She",
                    "descriptor": None,
                },
                "parent": None,
                "rule": "verb",
                "confidence": 0.5,
                "a_field_of_a_newer_version": [1, 2],
            }
        ],
        "meta": {"origin": "old.txt", "format": "text", "url": None, "title": None,
                 "published": None, "author": None, "site": None, "newer": "ignored"},
    }  # fmt: skip
    article = analyzed_from_dict(old)
    (a,) = article.attributions
    assert (a.stance, a.certainty, a.evidence, a.via, a.disputes) == (
        "asserts",
        None,
        Evidence(),
        (),
        (),
    )
    assert a.speaker == Speaker(mention="She")
    assert article.article == ArticleInput(id="old", text="She said so.", origin="old.txt")


def contract() -> dict[str, Any]:
    return ARTICLES[0].to_dict()


def broken(path: str, value: object) -> dict[str, Any]:
    """The contract object with the field at ``path`` (dot-separated;
    numbers index arrays) set to ``value``, or removed for ``...``."""
    d = copy.deepcopy(contract())
    *parents, last = path.split(".")
    target: Any = d
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    if value is ...:
        del target[last]
    elif last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value
    return d


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("not an object", "expected a JSON object, got a string"),
        (broken("text", ...), "'text' is missing"),
        (broken("id", 7), "article.id: expected a string, got a number"),
        (broken("schema_version", "2.0"), "schema_version 2.0 is not 1.x"),
        (broken("attributions", {}), "attributions: expected an array, got an object"),
        (broken("attributions.0", "a1"), "attributions[0]: expected a JSON object"),
        (broken("attributions.0.kind", "rumour"), "attributions[0].kind: 'rumour' is not one of"),
        (broken("attributions.1.content", ...), "attributions[1]: 'content' is missing"),
        (broken("attributions.1.content.0.start", "0"), "content[0].start: expected an integer"),
        (broken("attributions.1.content.0.end", True), "content[0].end: expected an integer"),
        (broken("attributions.1.cue.0.start", 10_000), "are not a span"),
        (broken("attributions.1.cue.0.start", -1), "are not a span"),
        (broken("attributions.0.speaker", "Shapps"), "speaker: expected a JSON object"),
        (broken("attributions.0.speaker.mention", ...), "speaker: 'mention' is missing"),
        (broken("attributions.0.speaker.type", "alien"), "speaker.type: 'alien' is not one of"),
        (broken("attributions.0.speaker.anonymous", "no"), "anonymous: expected true or false"),
        (broken("attributions.0.speaker.countries", "GB"), "countries: expected an array"),
        (broken("attributions.0.confidence", "high"), "confidence: expected a number or null"),
        (broken("attributions.2.stance", "shrugs"), "stance: 'shrugs' is not one of"),
        (broken("attributions.0.certainty.level", None), "certainty.level: null is not one of"),
        (broken("attributions.0.certainty.cues.0.start", ...), "cues[0]: 'start' is missing"),
        (broken("attributions.0.evidence.status", "proven"), "evidence.status: 'proven'"),
        (broken("attributions.0.via.0.relation", "leaked"), "via[0].relation: 'leaked'"),
        (broken("attributions.0.via.0.refers_to", []), "refers_to: expected a JSON object"),
        (broken("attributions.0.disputed_by", [3]), "disputed_by[0]: expected a string"),
        (broken("attributions.0.negated", "yes"), "negated: expected true or false"),
        (broken("removed.0.kind", "ad"), "removed[0].kind: 'ad' is not one of"),
        (broken("meta", []), "meta: expected a JSON object, got an array"),
        (broken("meta.format", "pdf"), "meta.format: 'pdf' is not one of"),
        (broken("meta.url", 5), "meta.url: expected a string or null"),
    ],
)
def test_a_malformed_value_is_refused_naming_the_field(value: object, message: str) -> None:
    with pytest.raises(InputError) as raised:
        analyzed_from_dict(value)
    assert message in str(raised.value)


@pytest.mark.model
def test_the_pipeline_output_of_the_example_reads_back_unchanged(nlp: Language) -> None:
    article = ledger(nlp, WIRE)
    assert len(article.attributions) > 5
    assert analyzed_from_dict(json.loads(json.dumps(article_to_dict(article)))) == article
