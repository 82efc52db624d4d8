"""Tests for claimgraph.output: the output contract and its formats."""

from __future__ import annotations

import json
import re

import pytest

from claimgraph.output import (
    SCHEMA_VERSION,
    article_to_dict,
    brat_conf,
    to_brat,
    to_json,
    to_jsonl,
    to_text,
)
from claimgraph.records import (
    AnalyzedArticle,
    ArticleInput,
    Attribution,
    Removed,
    Segment,
    Speaker,
)
from contract_fields import ATTRIBUTION_FIELDS, KINDS, META_FIELDS, SPEAKER_FIELDS, TOP_FIELDS

TEXT = (
    "Updated to add U.S. reaction.\n"
    "“We have not seen that,” Sullivan said, “to date.”\n"
    "Shapps said U.S. and British intelligence services believe\r\n"
    "lethal aid is flowing from China.\n"
    "Read more: Putin visits Beijing"
)


def seg(text: str, occurrence: int = 0) -> Segment:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(text, start + 1)
    return Segment(start, start + len(text), text)


def make_article() -> AnalyzedArticle:
    direct = Attribution(
        id="a1",
        kind="direct",
        source=(seg("Sullivan"),),
        cue=(seg("said"),),
        content=(seg("We have not seen that,"), seg("to date.")),
        speaker=Speaker(
            mention="Sullivan",
            name="Jake Sullivan",
            title="National Security Adviser",
            affiliation="White House",
            nationality="American",
        ),
        rule="quote-cue-source",
    )
    said = Attribution(
        id="a2",
        kind="indirect",
        source=(seg("Shapps"),),
        cue=(seg("said", 1),),
        content=(
            seg(
                "U.S. and British intelligence services believe\r\nlethal aid is flowing from China"
            ),
        ),
        speaker=Speaker(mention="Shapps", name="Grant Shapps"),
        rule="verb-ccomp",
    )
    belief = Attribution(
        id="a3",
        kind="belief",
        source=(seg("U.S. and British intelligence services"),),
        cue=(seg("believe"),),
        content=(seg("lethal aid is flowing from China"),),
        speaker=Speaker(
            mention="U.S. and British intelligence services", descriptor="intelligence services"
        ),
        parent="a2",
        rule="belief-verb",
    )
    no_source = Attribution(
        id="a4",
        kind="indirect",
        source=(),
        cue=(seg("Read"),),
        content=(seg("Putin visits Beijing"),),
        rule="test",
    )
    article = ArticleInput(
        id="story-1",
        text=TEXT,
        origin="news/story-1.html",
        url="https://example.com/story-1",
        title="Lethal aid",
        published="2024-05-22",
        author="AFP",
        site="The Moscow Times",
        format="html",
    )
    removed = (
        Removed("update_note", 0, 29),
        Removed("read_more", TEXT.index("Read more"), len(TEXT)),
    )
    return AnalyzedArticle(article, removed, (direct, said, belief, no_source))


def test_segments_are_consistent() -> None:
    for x in make_article().attributions:
        for s in (*x.source, *x.cue, *x.content):
            assert TEXT[s.start : s.end] == s.text


def test_json_object_has_every_contract_field() -> None:
    obj = json.loads(to_json([make_article()]))
    assert isinstance(obj, dict)
    assert tuple(obj) == TOP_FIELDS
    assert obj["schema_version"] == SCHEMA_VERSION == "1.3"
    assert isinstance(obj["claimgraph_version"], str) and obj["claimgraph_version"]
    assert obj["id"] == "story-1"
    assert obj["text"] == TEXT
    assert obj["removed"][0] == {"kind": "update_note", "start": 0, "end": 29}
    assert set(obj["meta"]) == META_FIELDS
    assert obj["meta"]["format"] == "html"
    for a in obj["attributions"]:
        assert set(a) == ATTRIBUTION_FIELDS
        assert a["kind"] in KINDS
        for role in ("source", "cue", "content"):
            for s in a[role]:
                assert set(s) == {"start", "end", "text"}
                assert obj["text"][s["start"] : s["end"]] == s["text"]
        if a["speaker"] is not None:
            assert set(a["speaker"]) == SPEAKER_FIELDS
    by_id = {a["id"]: a for a in obj["attributions"]}
    assert by_id["a3"]["parent"] == "a2"
    assert by_id["a4"]["speaker"] is None and by_id["a4"]["source"] == []
    assert len(by_id["a1"]["content"]) == 2


def test_json_round_trip_equals_to_dict() -> None:
    article = make_article()
    assert json.loads(to_json([article])) == article_to_dict(article)
    assert json.loads(to_jsonl(article)) == article_to_dict(article)


@pytest.mark.parametrize("count", [0, 2, 3])
def test_json_several_is_array(count: int) -> None:
    value = json.loads(to_json([make_article()] * count))
    assert isinstance(value, list) and len(value) == count


def test_jsonl_is_one_line_and_keeps_unicode() -> None:
    line = to_jsonl(make_article())
    assert "\n" not in line and "\r" not in line
    assert "“We have not seen that,”" in line  # not \u-escaped


def test_text_ledger() -> None:
    text = to_text(make_article())
    assert "story-1" in text and "Lethal aid" in text
    assert "Jake Sullivan" in text and "National Security Adviser" in text
    assert 'as "Sullivan"' in text
    assert "'said'" in text
    assert "direct" in text and "belief" in text
    assert "inside:  a2" in text
    assert "Marked as not story:" in text
    assert "update_note 0–29 'Updated to add U.S. reaction.'" in text
    assert "\x1b[" not in text


def test_text_ledger_color_and_shortening() -> None:
    article = make_article()
    long_content = Segment(0, len(TEXT), TEXT)
    x = Attribution("b1", "indirect", (), (seg("said"),), (long_content,))
    colored = to_text(AnalyzedArticle(article.article, (), (x,)), color=True)
    assert "\x1b[" in colored
    assert "…" in colored
    assert "Marked as not story" not in colored


def parse_ann(ann: str) -> tuple[dict[str, tuple[str, list[tuple[int, int]], str]], list[str]]:
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events: list[str] = []
    for line in ann.splitlines():
        ident, rest = line.split("\t", 1)
        if ident.startswith("T"):
            head, text = rest.split("\t", 1)
            label, offsets = head.split(" ", 1)
            frags = [(int(s), int(e)) for s, e in (f.split(" ") for f in offsets.split(";"))]
            spans[ident] = (label, frags, text)
        else:
            assert re.fullmatch(r"E\d+", ident), line
            events.append(rest)
    return spans, events


def test_brat_parses_back() -> None:
    article = make_article()
    ann = to_brat(article)
    assert ann.endswith("\n")
    spans, events = parse_ann(ann)
    for label, frags, text in spans.values():
        assert label in {
            "Source",
            "Cue",
            "Content",
            "Attribution",
            "Attribution-no-source",
            "Discard",
        }
        assert " ".join(TEXT[s:e] for s, e in frags) == text
        assert all("\n" not in TEXT[s:e] and "\r" not in TEXT[s:e] for s, e in frags)
    assert len(events) == 4
    for event in events:
        trigger, *args = event.split(" ")
        label, tid = trigger.split(":")
        assert spans[tid][0] == label
        roles = {}
        for arg in args:
            role, ref = arg.split(":")
            assert spans[ref][0] == role
            roles[role] = ref
        assert list(roles) == [r for r in ("Content", "Cue", "Source") if r in roles]
        assert spans[tid][1] == spans[roles["Cue"]][1]  # trigger on the cue span
        assert ("Source" in roles) == (label == "Attribution")
    assert [s for s in spans.values() if s[0] == "Discard"] == [
        ("Discard", [(0, 29)], "Updated to add U.S. reaction."),
        ("Discard", [(TEXT.index("Read more"), len(TEXT))], "Read more: Putin visits Beijing"),
    ]


def test_brat_splits_segments_at_line_breaks() -> None:
    spans, _ = parse_ann(to_brat(make_article(), discard=False))
    crossing = [
        s for s in spans.values() if s[0] == "Content" and len(s[1]) == 2 and "believe" in s[2]
    ]
    assert len(crossing) == 1
    (_, _, text) = crossing[0]
    assert text == "U.S. and British intelligence services believe lethal aid is flowing from China"
    assert not [s for s in spans.values() if s[0] == "Discard"]


def test_brat_discontinuous_content() -> None:
    spans, _ = parse_ann(to_brat(make_article()))
    label, frags, text = spans["T3"]
    assert label == "Content"
    assert len(frags) == 2
    assert text == "We have not seen that, to date."


def test_brat_conf_declares_labels() -> None:
    conf = brat_conf()
    sections = re.findall(r"^\[(\w+)\]$", conf, flags=re.MULTILINE)
    assert sections == ["entities", "relations", "events", "attributes"]
    for label in ("Source", "Cue", "Content", "Discard"):
        assert re.search(rf"^{label}$", conf, flags=re.MULTILINE)
    assert re.search(r"^Attribution\t", conf, flags=re.MULTILINE)
    assert re.search(r"^Attribution-no-source\t", conf, flags=re.MULTILINE)


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short enough", 20, "short enough"),
        (
            "to fill critical gaps in Russia's defense production cycle",
            50,
            "to fill critical gaps in Russia's defense…",
        ),
        ("gaps in Russia's defense production cycle", 30, "gaps in Russia's defense…"),
        ("a word, then another", 10, "a word…"),  # no dangling comma
        ("https://example.com/a/very/long/path/without/spaces", 20, "https://example.com…"),
        ("line\nbreaks  and   spaces", 40, "line breaks and spaces"),
    ],
)
def test_shortening_cuts_at_a_word_boundary(text: str, limit: int, expected: str) -> None:
    from claimgraph.output import shorten

    assert shorten(text, limit) == expected
    assert len(shorten(text, limit)) <= limit


def test_text_ledger_never_cuts_a_quote_mid_word() -> None:
    quote = (
        "to fill critical gaps in the Russian defense production cycle, according to that "
        "report, which officials described as the most ambitious defense expansion since "
        "the Soviet era"
    )
    x = Attribution("b1", "indirect", (), (seg("said"),), (Segment(0, len(quote), quote),))
    content = next(
        ln
        for ln in to_text(AnalyzedArticle(make_article().article, (), (x,))).splitlines()
        if "content:" in ln
    )
    shown = content.split("'")[1]
    assert shown.endswith("…")
    assert quote.startswith(shown[:-1]) and quote[len(shown) - 1] == " "
