"""Highlighting from offsets: pieces, escaping, and the views of 1.1/1.2 attributions."""

from __future__ import annotations

from dataclasses import replace
from html.parser import HTMLParser
from typing import Any

import pytest

pytest.importorskip("markupsafe")

from claimgraph.errors import InputError
from claimgraph.records import (
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
from claimgraph.records.parse import analyzed_from_dict, attribution_from_dict
from claimgraph.web.render import (
    Piece,
    article_html,
    attribution_view,
    pieces,
)


def seg(text: str, part: str, nth: int = 0) -> Segment:
    """The segment of ``text`` covering the ``nth`` occurrence of ``part``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return Segment(start, start + len(part), part)


def attr(aid: str, text: str, **roles: list[str] | str) -> Attribution:
    out: dict[str, list[Segment]] = {"source": [], "cue": [], "content": []}
    for role, parts in roles.items():
        for part in [parts] if isinstance(parts, str) else parts:
            out[role].append(seg(text, part))
    return Attribution(
        aid, "indirect", tuple(out["source"]), tuple(out["cue"]), tuple(out["content"])
    )


def content(aid: str, *spans: Segment) -> Attribution:
    return Attribution(aid, "indirect", (), (), spans)


def marked(ps: list[Piece]) -> list[tuple[str, tuple[str, ...]]]:
    """(piece text, "id:role" marks) of the pieces that carry marks."""
    return [(p.text, tuple(f"{m.attribution}:{m.role}" for m in p.marks)) for p in ps if p.marks]


SIMPLE = "Shapps said China sends aid."
NESTED = "He said officials believe the aid flows."
SPLIT = "“We have not seen that,” Sullivan said, “to date.”"
DECLINES = "The embassy declined to comment."


@pytest.mark.parametrize(
    ("text", "attributions", "expected"),
    [
        (
            SIMPLE,
            [attr("a1", SIMPLE, source="Shapps", cue="said", content="China sends aid")],
            [
                ("Shapps", ("a1:source",)),
                ("said", ("a1:cue",)),
                ("China sends aid", ("a1:content",)),
            ],
        ),
        (
            # nested: a2's source, cue and content all lie inside a1's content
            NESTED,
            [
                attr(
                    "a1", NESTED, source="He", cue="said", content="officials believe the aid flows"
                ),
                attr("a2", NESTED, source="officials", cue="believe", content="the aid flows"),
            ],
            [
                ("He", ("a1:source",)),
                ("said", ("a1:cue",)),
                ("officials", ("a1:content", "a2:source")),
                (" ", ("a1:content",)),
                ("believe", ("a1:content", "a2:cue")),
                (" ", ("a1:content",)),
                ("the aid flows", ("a1:content", "a2:content")),
            ],
        ),
        (
            # discontinuous content around the cue
            SPLIT,
            [
                attr(
                    "a1",
                    SPLIT,
                    source="Sullivan",
                    cue="said",
                    content=["“We have not seen that,”", "“to date.”"],
                )
            ],
            [
                ("“We have not seen that,”", ("a1:content",)),
                ("Sullivan", ("a1:source",)),
                ("said", ("a1:cue",)),
                ("“to date.”", ("a1:content",)),
            ],
        ),
        (
            # overlapping without nesting: each piece knows both
            "abcdef",
            [content("x", Segment(0, 4, "abcd")), content("y", Segment(2, 6, "cdef"))],
            [("ab", ("x:content",)), ("cd", ("x:content", "y:content")), ("ef", ("y:content",))],
        ),
        (
            # a refusal to comment has no content: source and cue alone are marked
            DECLINES,
            [
                replace(
                    attr("a1", DECLINES, source="The embassy", cue="declined to comment"),
                    stance="declines_to_comment",
                )
            ],
            [("The embassy", ("a1:source",)), ("declined to comment", ("a1:cue",))],
        ),
        (
            # offsets outside the text, reversed or empty are ignored (offsets
            # of the wrong type never get here: see the test after this one)
            "short",
            [
                Attribution(
                    "a1",
                    "indirect",
                    (Segment(3, 99, "rt"), Segment(4, 2, "")),
                    (Segment(2, 2, ""),),
                    (Segment(99, 120, "x"),),
                )
            ],
            [],
        ),
    ],
    ids=["simple", "nested", "discontinuous", "overlapping", "no-content", "bad-offsets"],
)
def test_pieces_mark_each_role_of_each_attribution(
    text: str, attributions: list[Attribution], expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    ps = pieces(text, attributions, [])
    assert "".join(p.text for p in ps) == text
    assert all(text[p.start : p.end] == p.text for p in ps)
    assert marked(ps) == expected


@pytest.mark.parametrize(
    "attribution",
    [
        {"cue": [{"start": "0", "end": 2, "text": "sh"}]},
        {"cue": [{"start": True, "end": 2, "text": "sh"}]},
        {"content": "not a list"},
        {"speaker": "not an object"},
        {"source": "nor a list"},
    ],
)
def test_offsets_and_fields_of_the_wrong_type_are_refused_before_rendering(
    attribution: dict[str, Any],
) -> None:
    article = {
        "id": "x",
        "text": "short",
        "attributions": [{"id": "a1", "kind": "indirect", "source": [], "cue": [],
                          "content": [], **attribution}],
    }  # fmt: skip
    with pytest.raises(InputError):
        analyzed_from_dict(article)


def test_each_attribution_is_anchored_before_its_first_segment() -> None:
    ps = pieces(
        SPLIT,
        [attr("a1", SPLIT, source="Sullivan", cue="said", content=["“We have not seen that,”"])],
        [],
    )
    assert [(p.text, p.anchors) for p in ps if p.anchors] == [("“We have not seen that,”", ("a1",))]


def test_removed_spans_are_pieces_of_their_own_kind() -> None:
    text = "Story.\nA Message from us:\nDonate."
    start = text.index("A Message")
    ps = pieces(text, [], [Removed("appeal", start, len(text))])
    removed = [p for p in ps if p.removed]
    assert [(p.text, p.removed, p.removed_start) for p in removed] == [
        ("A Message from us:\nDonate.", "appeal", True)
    ]


class Visible(HTMLParser):
    """Collects the article text of :func:`article_html` output (markers, tips
    and removed labels left out) and every tag and attribute name seen."""

    SKIP = frozenset({"attr-anchor", "removed-label"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.stack: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)
        classes = set((dict(attrs).get("class") or "").split())
        skipping = bool(self.stack and self.stack[-1]) or bool(classes & self.SKIP)
        self.stack.append(skipping)

    def handle_endtag(self, tag: str) -> None:
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self.text.append(data)


HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</span><iframe src=javascript:alert(1)></iframe>",
    "&lt;b&gt; & &amp; &#60;script&#62;",
    "{{ 7*7 }} {% raw %}",
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_article_html_shows_hostile_text_as_text(payload: str) -> None:
    text = f"{payload} Shapps said {payload} is here.\nA Message: {payload}"
    a = replace(
        attr("a1", text, source="Shapps", cue="said", content=f"{payload} is here"),
        speaker=Speaker(name=payload, title=payload, mention="Shapps"),
        via=(Via(name=payload, type="media", relation="quoted_by", start=0, end=0, text=payload),),
    )
    removed = [Removed("appeal", text.index("A Message"), len(text))]
    html = str(article_html(text, [a], removed))
    parser = Visible()
    parser.feed(html)
    parser.close()
    assert "".join(parser.text) == text
    assert parser.tags == {"span"}
    assert parser.attributes <= {
        "class", "id", "tabindex", "data-attr", "data-roles", "aria-describedby",
        "aria-label", "aria-hidden", "role", "data-removed",
    }  # fmt: skip


def test_attribution_view_of_schema_1_1_shows_the_defaults() -> None:
    # 1.1 output is read into a record by the contract reader; the fields
    # 1.2 added take the record's defaults (evidence: not stated)
    v = attribution_view(
        attribution_from_dict({
            "id": "a3",
            "kind": "direct",
            "source": [{"start": 0, "end": 3, "text": "she"}],
            "cue": [{"start": 4, "end": 8, "text": "said"}],
            "content": [],
            "speaker": {"name": "Anna Keller", "title": "Foreign Minister", "nationality": "German",
                        "mention": "she"},
            "confidence": 0.9,
        }),
        1,
    )  # fmt: skip
    assert (v.who, v.about, v.mention, v.stance_label) == (
        "Anna Keller",
        "Foreign Minister, German",
        "she",
        "asserts",
    )
    assert (v.certainty, v.via, v.disputed_by) == (None, (), ())
    assert v.evidence_label == "evidence not stated"


def test_attribution_view_shows_schema_1_2_fields() -> None:
    v = attribution_view(
        Attribution(
            id="a1",
            kind="indirect",
            source=(),
            cue=(),
            content=(),
            stance="declines_to_comment",
            certainty=Certainty("probable", (HedgeCue(0, 7, "believe", "doxastic", "probable"),)),
            evidence=Evidence(
                "none_given", (EvidenceSpan(0, 26, "without providing evidence", "none_given"),)
            ),
            via=(Via("Reuters", "media", "quoted_by", 0, 7, "Reuters"),),
            disputed_by=("a5",),
            speaker=Speaker(
                mention="Shapps",
                name="Grant Shapps",
                country="GB",
                type="person",
                anonymous=False,
                title="Defense Secretary",
            ),
        ),
        2,
    )
    assert v.stance_label == "declines to comment"
    assert (v.certainty, v.certainty_cues) == ("probable", ("believe",))
    assert v.evidence_label == "no evidence given"
    assert v.via_label == "quoted by Reuters (media)"
    assert (v.about, v.speaker_type, v.disputed_by) == ("Defense Secretary, GB", "person", ("a5",))


@pytest.mark.parametrize(
    ("speaker", "source", "who"),
    [
        (Speaker(mention="he", name="Grant Shapps"), "he", "Grant Shapps"),
        (None, "officials", "officials"),
        (Speaker(mention="he"), "he", "he"),
        (Speaker(mention=" ", name=""), "", "(no source)"),
        (None, "", "(no source)"),
    ],
)
def test_who_falls_back_from_name_to_mention_to_source(
    speaker: Speaker | None, source: str, who: str
) -> None:
    segments = (Segment(0, len(source), source),) if source else ()
    a = Attribution("a1", "indirect", segments, (), (), speaker=speaker)
    assert attribution_view(a, 1).who == who


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.test/a?b=1", "https://example.test/a?b=1"),
        (" http://example.test ", "http://example.test"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//evil.test", None),
        ("", None),
        (None, None),
    ],
)
def test_only_http_urls_are_linked(url: str | None, expected: str | None) -> None:
    from claimgraph.web.render import http_url

    assert http_url(url) == expected


def test_text_diff_marks_added_and_removed_words() -> None:
    from claimgraph.web.render import text_diff

    parts = text_diff("Rieck said it.\nMore.", "Updated.\nRieck said that.\nMore.")
    assert parts is not None
    assert "".join(p.text for p in parts if p.op != "added") == "Rieck said it.\nMore."
    assert (
        "".join(p.text for p in parts if p.op != "removed") == "Updated.\nRieck said that.\nMore."
    )
    assert [p.text for p in parts if p.op == "removed"] == ["it."]


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ("“Today I can reveal that we have proof,”", "Today I can reveal that we have proof"),
        ('"We have not seen that to date."', "We have not seen that to date."),
        ("China is sending lethal aid", "China is sending lethal aid"),
        ("“", "“"),
    ],
)
def test_a_quote_shown_in_q_loses_its_own_quotation_marks(quote: str, expected: str) -> None:
    from claimgraph.web.render import unquoted

    assert unquoted(quote) == expected


COLOURED = "Shapps said China sends aid. Sullivan said he had not seen it. Shapps added more."


def test_each_speaker_has_one_colour_and_a_nested_source_its_own() -> None:
    from claimgraph.web.render import speaker_colours

    attributions = [
        attr("a1", COLOURED, source="Shapps", cue="said", content="China sends aid"),
        replace(
            attr("a2", COLOURED, source="Sullivan", content="he had not seen it"),
            cue=(seg(COLOURED, "said", 1),),
        ),
        replace(
            attr("a3", COLOURED, cue="added", content="more"),
            source=(seg(COLOURED, "Shapps", 1),),
        ),
    ]
    assert speaker_colours(attributions) == {"a1": 0, "a2": 1, "a3": 0}
    html = str(article_html(COLOURED, attributions, []))
    assert 'class="hl r-source sp-0" data-attr="a1"' in html
    assert 'class="hl r-source sp-1" data-attr="a2"' in html
    assert 'class="hl r-source sp-0" data-attr="a3"' in html
    # a source inside another speaker's content shows its own speaker's colour
    nested = [
        attr("a1", NESTED, source="He", cue="said", content="officials believe the aid flows"),
        attr("a2", NESTED, source="officials", cue="believe", content="the aid flows"),
    ]
    assert 'class="hl r-source r-content sp-1" data-attr="a1 a2"' in str(
        article_html(NESTED, nested, [])
    )


def test_line_breaks_after_a_removed_span_hide_with_it() -> None:
    text = "Updated to add reaction.\n\nShapps said China sends aid."
    html = str(article_html(text, [], [Removed("update_note", 0, text.index("\n"))]))
    assert '<span class="removed removed-gap" data-gap="update_note">\n\n</span>Shapps' in html
    parser = Visible()
    parser.feed(html)
    assert "".join(parser.text) == text  # every character is still there


def test_a_negated_cue_is_shown_next_to_the_stance() -> None:
    text = "She did not mention the hacking."
    plain = attr("a1", text, source="She", cue="did not mention", content="the hacking")
    negated = replace(plain, negated=True)
    assert attribution_view(plain, 1).stance_label == "asserts"
    assert attribution_view(negated, 1).stance_label == "asserts (cue negated)"
