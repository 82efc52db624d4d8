"""Hand-built gold/prediction tables for claimgraph.eval.scoring (no model, no corpus)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest

from claimgraph.eval.polnear import GoldAttribution, GoldDocument
from claimgraph.eval.scoring import PRF, EvalReport, evaluate, max_matching
from claimgraph.extract.univocal import project_univocal
from claimgraph.records import Attribution, Segment

Spec = str | tuple[str, int]
Counts = tuple[int, int, int]


def segs(text: str, *needles: Spec) -> tuple[Segment, ...]:
    """Segments for the given substrings; ``(needle, n)`` takes the n-th occurrence."""
    out = []
    for needle in needles:
        word, nth = (needle, 0) if isinstance(needle, str) else needle
        start = -1
        for _ in range(nth + 1):
            start = text.index(word, start + 1)
        out.append(Segment(start, start + len(word), word))
    return tuple(out)


def gold_att(
    text: str,
    aid: str,
    source: Sequence[Spec] = (),
    cue: Sequence[Spec] = (),
    content: Sequence[Spec] = (),
) -> GoldAttribution:
    return GoldAttribution(aid, segs(text, *source), segs(text, *cue), segs(text, *content))


def pred_att(
    text: str,
    aid: str,
    source: Sequence[Spec] = (),
    cue: Sequence[Spec] = (),
    content: Sequence[Spec] = (),
    parent: str | None = None,
) -> Attribution:
    return Attribution(
        aid,
        "indirect",
        segs(text, *source),
        segs(text, *cue),
        segs(text, *content),
        parent=parent,
    )


def doc(text: str, *atts: GoldAttribution) -> GoldDocument:
    return GoldDocument("doc", text, tuple(atts), "a1")


def counts(prf: PRF) -> Counts:
    return (prf.tp, prf.n_pred, prf.n_gold)


T1 = "Lowell said that pickles are bad. Mary disagreed."
T2 = '"We will win," Lowell said. "No doubt about it."'
T3 = "Newsweek announced new rates and said it will add a plan."

# (gold document, predictions, expected {(role, match): (tp, n_pred, n_gold)})
ROLE_CASES = [
    pytest.param(
        doc(T1, gold_att(T1, "E1", ["Lowell"], ["said"], ["that pickles are bad"])),
        [pred_att(T1, "p", ["Lowell"], ["said"], ["that pickles are bad"])],
        {("content", "exact"): (1, 1, 1), ("content", "overlap"): (1, 1, 1)},
        id="identical",
    ),
    pytest.param(
        doc(T1, gold_att(T1, "E1", ["Lowell"], ["said"], ["that pickles are bad"])),
        [pred_att(T1, "p", ["Lowell"], ["said"], ["pickles are bad."])],
        {("content", "exact"): (0, 1, 1), ("content", "overlap"): (1, 1, 1)},
        id="boundary-differs-overlap-only",
    ),
    pytest.param(
        doc(T1, gold_att(T1, "E1", ["Lowell"], ["said"], ["that pickles are bad"])),
        [pred_att(T1, "p", ["Lowell "], [" said "], [" that pickles are bad"])],
        {
            ("source", "exact"): (1, 1, 1),
            ("cue", "exact"): (1, 1, 1),
            ("content", "exact"): (1, 1, 1),
        },
        id="whitespace-at-ends-ignored",
    ),
    pytest.param(
        doc(T1, gold_att(T1, "E1", ["Lowell"], ["said"], ["that pickles are bad"])),
        [
            pred_att(T1, "p1", ["Lowell"], ["said"], ["that pickles"]),
            pred_att(T1, "p2", ["Mary"], ["disagreed"], ["are bad"]),
        ],
        {
            ("content", "exact"): (0, 2, 1),
            ("content", "overlap"): (1, 2, 1),
            ("source", "exact"): (1, 2, 1),
            ("cue", "overlap"): (1, 2, 1),
        },
        id="two-predictions-one-gold-count-once",
    ),
    pytest.param(
        doc(T1, gold_att(T1, "E1", ["Lowell"], ["said"], ["that pickles are bad"])),
        [],
        {("content", "overlap"): (0, 0, 1), ("source", "exact"): (0, 0, 1)},
        id="no-prediction",
    ),
    pytest.param(
        doc(
            T2, gold_att(T2, "E1", ["Lowell"], ["said"], ['"We will win,"', '"No doubt about it."'])
        ),
        [pred_att(T2, "p", ["Lowell"], ["said"], ['"We will win,"', '"No doubt about it."'])],
        {("content", "exact"): (1, 1, 1)},
        id="discontinuous-identical",
    ),
    pytest.param(
        doc(
            T2, gold_att(T2, "E1", ["Lowell"], ["said"], ['"We will win,"', '"No doubt about it."'])
        ),
        [pred_att(T2, "p", ["Lowell"], ["said"], ['"We will win,"'])],
        {("content", "exact"): (0, 1, 1), ("content", "overlap"): (1, 1, 1)},
        id="discontinuous-half",
    ),
    pytest.param(
        doc(
            T2, gold_att(T2, "E1", ["Lowell"], ["said"], ['"We will win,"', '"No doubt about it."'])
        ),
        [pred_att(T2, "p", [], [], [T2])],
        {
            ("content", "exact"): (0, 1, 1),
            ("content", "overlap"): (1, 1, 1),
            ("source", "overlap"): (0, 0, 1),
        },
        id="discontinuous-vs-covering-span",
    ),
    pytest.param(
        doc(
            T3,
            gold_att(T3, "E1", ["Newsweek"], ["announced"], ["new rates"]),
            gold_att(T3, "E2", ["Newsweek"], ["said"], ["it will add a plan"]),
        ),
        [
            pred_att(T3, "p1", ["Newsweek"], ["announced"], ["new rates"]),
            pred_att(T3, "p2", ["Newsweek"], ["said"], ["it will add a plan"]),
        ],
        {("source", "exact"): (1, 1, 1), ("cue", "exact"): (2, 2, 2)},
        id="shared-source-counted-as-one-span",
    ),
]


@pytest.mark.parametrize(("gold", "predicted", "expected"), ROLE_CASES)
def test_role_scores(
    gold: GoldDocument,
    predicted: list[Attribution],
    expected: dict[tuple[str, str], Counts],
) -> None:
    report = evaluate([gold], [predicted])
    for (role, match), want in expected.items():
        assert counts(report.roles[role][match]) == want, (role, match)


# (gold document, predictions, expected {criterion: (tp, n_pred, n_gold)})
LINK_CASES = [
    pytest.param(
        doc(T1, gold_att(T1, "E1", ["Lowell"], ["said"], ["that pickles are bad"])),
        [pred_att(T1, "p", ["Lowell"], ["said"], ["pickles"])],
        {"content": (1, 1, 1), "content+source": (1, 1, 1), "content+source+cue": (1, 1, 1)},
        id="all-overlap",
    ),
    pytest.param(
        doc(T1, gold_att(T1, "E1", ["Lowell"], ["said"], ["that pickles are bad"])),
        [pred_att(T1, "p", ["Mary"], ["said"], ["pickles"])],
        {"content": (1, 1, 1), "content+source": (0, 1, 1), "content+source+cue": (0, 1, 1)},
        id="wrong-source",
    ),
    pytest.param(
        doc(T1, gold_att(T1, "E1", ["Lowell"], ["said"], ["that pickles are bad"])),
        [pred_att(T1, "p", [], ["said"], ["pickles"])],
        {"content": (1, 1, 1), "content+source": (0, 1, 1)},
        id="missing-source-vs-gold-source",
    ),
    pytest.param(
        doc(T1, gold_att(T1, "E1", [], ["said"], ["that pickles are bad"])),
        [pred_att(T1, "p", [], ["said"], ["pickles"])],
        {"content": (1, 1, 1), "content+source": (1, 1, 1), "content+source+cue": (1, 1, 1)},
        id="both-without-source-agree",
    ),
    pytest.param(
        doc(T1, gold_att(T1, "E1", ["Lowell"], ["said"], ["that pickles are bad"])),
        [pred_att(T1, "p", ["Lowell"], ["disagreed"], ["pickles"])],
        {"content": (1, 1, 1), "content+source": (1, 1, 1), "content+source+cue": (0, 1, 1)},
        id="wrong-cue",
    ),
    pytest.param(
        doc(T1, gold_att(T1, "E1", ["Lowell"], ["said"], ["that pickles are bad"])),
        [pred_att(T1, "p", ["Lowell"], ["said"], ["Mary"])],
        {"content": (0, 1, 1), "content+source": (0, 1, 1)},
        id="content-miss-source-hit",
    ),
    pytest.param(
        doc(T1, gold_att(T1, "E1", ["Lowell"], ["said"], ["that pickles are bad"])),
        [
            pred_att(T1, "p1", ["Lowell"], ["said"], ["that pickles"]),
            pred_att(T1, "p2", ["Lowell"], ["disagreed"], ["are bad"]),
        ],
        {"content": (1, 2, 1), "content+source": (1, 2, 1)},
        id="one-to-one",
    ),
    pytest.param(
        doc(
            T3,
            gold_att(T3, "E1", ["Newsweek"], ["announced"], ["new rates"]),
            gold_att(T3, "E2", ["Newsweek"], ["said"], ["it will add a plan"]),
        ),
        [pred_att(T3, "p", ["Newsweek"], ["announced"], ["new rates and said it will"])],
        {"content": (1, 1, 2), "content+source+cue": (1, 1, 2)},
        id="one-prediction-spanning-two-gold",
    ),
]


@pytest.mark.parametrize(("gold", "predicted", "expected"), LINK_CASES)
def test_linked_scores(
    gold: GoldDocument,
    predicted: list[Attribution],
    expected: dict[str, Counts],
) -> None:
    report = evaluate([gold], [predicted])
    for name, want in expected.items():
        assert counts(report.linked[name]) == want, name


def test_one_to_one_uses_maximum_matching() -> None:
    # gold g0 = "alpha beta" overlaps p0 = "beta" and p1 = "alpha";
    # gold g1 = "beta gamma" overlaps p0 only. Greedy g0->p0 would give 1.
    text = "alpha beta gamma"
    gold = doc(
        text,
        gold_att(text, "E1", content=["alpha beta"]),
        gold_att(text, "E2", content=["beta gamma"]),
    )
    pred = [pred_att(text, "p0", content=["beta"]), pred_att(text, "p1", content=["alpha"])]
    report = evaluate([gold], [pred], project=False)
    assert counts(report.roles["content"]["overlap"]) == (2, 2, 2)
    assert counts(report.linked["content"]) == (2, 2, 2)


@pytest.mark.parametrize(
    ("adjacency", "n_right", "expected"),
    [
        ([[0, 1], [0]], 2, 2),
        ([[0], [0], [0]], 1, 1),
        ([[0, 1, 2], [0], [1]], 3, 3),
        ([[], [1]], 2, 1),
        ([], 0, 0),
    ],
)
def test_max_matching(adjacency: list[list[int]], n_right: int, expected: int) -> None:
    assert max_matching(adjacency, n_right) == expected


def test_counts_are_summed_over_documents() -> None:
    gold = [
        doc(T1, gold_att(T1, "E1", ["Lowell"], ["said"], ["that pickles are bad"])),
        doc(T2, gold_att(T2, "E1", ["Lowell"], ["said"], ['"We will win,"'])),
    ]
    pred = [
        [pred_att(T1, "p", ["Lowell"], ["said"], ["that pickles are bad"])],
        [pred_att(T2, "p", ["Lowell"], ["said"], ['"No doubt about it."'])],
    ]
    report = evaluate(gold, pred)
    assert report.n_documents == 2
    content = report.linked["content"]
    assert counts(content) == (1, 2, 2)
    assert content.precision == 0.5
    assert content.recall == 0.5
    assert content.f1 == 0.5


def test_prediction_list_length_must_match() -> None:
    with pytest.raises(ValueError, match="1 gold documents but 0 prediction lists"):
        evaluate([doc(T1)], [])


# ---------------------------------------------------------------- projection

NEST = "Shapps added that U.S. and British intelligence services believe Russia did it."
OUTER = {
    "source": ["Shapps"],
    "cue": ["added"],
    "content": ["that U.S. and British intelligence services believe Russia did it"],
}
INNER = {
    "source": ["U.S. and British intelligence services"],
    "cue": ["believe"],
    "content": ["Russia did it"],
}


def _roles(
    spec: Mapping[str, Sequence[Spec]],
) -> tuple[Sequence[Spec], Sequence[Spec], Sequence[Spec]]:
    return spec["source"], spec["cue"], spec["content"]


def _chars_in_two_attributions(atts: Sequence[Attribution]) -> set[int]:
    owner: dict[int, tuple[int, str]] = {}
    twice: set[int] = set()
    for i, a in enumerate(atts):
        for role in ("source", "cue", "content"):
            for seg in getattr(a, role):
                for pos in range(seg.start, seg.end):
                    prev = owner.get(pos)
                    shared_source = prev and prev[1] == role == "source" and prev[0] != i
                    if prev is not None and not shared_source:
                        twice.add(pos)
                    owner[pos] = (i, role)
    return twice


FRONTED = "Russia did it, U.S. intelligence services believe, Shapps added."
FRONTED_OUTER = {
    "source": ["Shapps"],
    "cue": ["added"],
    "content": ["Russia did it, U.S. intelligence services believe"],
}
FRONTED_INNER = {
    "source": ["U.S. intelligence services"],
    "cue": ["believe"],
    "content": ["Russia did it"],
}


@pytest.mark.parametrize("parent", ["outer", None], ids=["parent-flag", "cue-in-content"])
@pytest.mark.parametrize(
    ("text", "outer_spec", "inner_spec"),
    [(NEST, OUTER, INNER), (FRONTED, FRONTED_OUTER, FRONTED_INNER)],
    ids=["that-clause", "fronted-content"],
)
def test_projection_keeps_outermost(
    text: str,
    outer_spec: Mapping[str, Sequence[Spec]],
    inner_spec: Mapping[str, Sequence[Spec]],
    parent: str | None,
) -> None:
    outer = pred_att(text, "outer", *_roles(outer_spec))
    inner = pred_att(text, "inner", *_roles(inner_spec), parent=parent)
    assert _chars_in_two_attributions([outer, inner])
    assert project_univocal([inner, outer]) == [outer]
    assert project_univocal([outer, inner]) == [outer]


@pytest.mark.parametrize(("parent", "kept"), [("outer", ["outer"]), (None, ["outer", "inner"])])
def test_projection_parent_flag_alone_drops_nested(parent: str | None, kept: list[str]) -> None:
    # The outer content stops before the inner cue, so only the flag says "nested".
    outer = pred_att(NEST, "outer", ["Shapps"], ["added"], ["that U.S. and British"])
    inner = pred_att(NEST, "inner", *_roles(INNER), parent=parent)
    assert [a.id for a in project_univocal([outer, inner])] == kept


def test_projection_changes_scores_against_outermost_gold() -> None:
    gold = doc(NEST, gold_att(NEST, "E1", *_roles(OUTER)))
    pred = [
        pred_att(NEST, "outer", *_roles(OUTER)),
        pred_att(NEST, "inner", *_roles(INNER), parent="outer"),
    ]
    projected = evaluate([gold], [pred])
    raw = evaluate([gold], [pred], project=False)
    assert counts(projected.linked["content+source+cue"]) == (1, 1, 1)
    assert counts(projected.roles["source"]["exact"]) == (1, 1, 1)
    assert counts(raw.linked["content+source+cue"]) == (1, 2, 1)
    assert counts(raw.roles["source"]["exact"]) == (1, 2, 1)


def test_projection_trims_overlapping_siblings() -> None:
    text = "Ann said the tax rises. The tax rises hurt, Bob said."
    a = pred_att(text, "a", ["Ann"], ["said"], ["the tax rises. The tax"])
    b = pred_att(text, "b", ["Bob"], [("said", 1)], [("The tax rises hurt", 0)])
    projected = project_univocal([b, a])
    assert [x.id for x in projected] == ["b", "a"]
    assert projected[1] == a  # earlier in the document: keeps its characters
    (piece,) = projected[0].content
    assert piece.text == "rises hurt"
    assert text[piece.start : piece.end] == piece.text
    assert not _chars_in_two_attributions(projected)


def test_projection_drops_attribution_whose_content_is_claimed() -> None:
    text = "Ann said pickles are bad, as Bob agreed."
    a = pred_att(text, "a", ["Ann"], ["said"], ["pickles are bad"])
    b = pred_att(text, "b", ["Bob"], ["agreed"], ["pickles"])
    assert project_univocal([a, b]) == [a]


def test_projection_keeps_shared_source() -> None:
    a = pred_att(T3, "a", ["Newsweek"], ["announced"], ["new rates"])
    b = pred_att(T3, "b", ["Newsweek"], ["said"], ["it will add a plan"])
    assert project_univocal([a, b]) == [a, b]


def test_projection_cue_wins_over_content_and_source() -> None:
    text = "Ann said pickles are bad."
    # A content that swallows its own cue and a source that overlaps the cue.
    a = pred_att(text, "a", ["Ann said"], ["said"], ["said pickles are bad"])
    (projected,) = project_univocal([a])
    assert [s.text for s in projected.cue] == ["said"]
    assert [s.text for s in projected.source] == ["Ann"]
    assert [s.text for s in projected.content] == ["pickles are bad"]
    assert not _chars_in_two_attributions([projected])


def test_projection_mutual_nesting_keeps_larger_content() -> None:
    # Each cue lies in the other's content; the larger content is the outer one,
    # even though the smaller attribution comes first in the document.
    text = "Bob thinks Ann said so, as Ann said Bob thinks."
    small = pred_att(text, "small", ["Bob"], ["thinks"], ["Ann said"])
    big = pred_att(text, "big", [("Ann", 1)], ["said"], ["Bob thinks Ann"])
    assert [x.id for x in project_univocal([small, big])] == ["big"]
    assert [x.id for x in project_univocal([big, small])] == ["big"]


# ---------------------------------------------------------------- report


def test_prf_undefined_is_zero() -> None:
    empty = PRF(0, 0, 0)
    assert (empty.precision, empty.recall, empty.f1) == (0.0, 0.0, 0.0)
    assert PRF(0, 3, 0).f1 == 0.0
    assert PRF(1, 3, 2) + PRF(1, 1, 1) == PRF(2, 4, 3)


def test_report_to_dict_and_table() -> None:
    gold = doc(T1, gold_att(T1, "E1", ["Lowell"], ["said"], ["that pickles are bad"]))
    pred = [
        pred_att(T1, "p1", ["Lowell"], ["said"], ["that pickles"]),
        pred_att(T1, "p2", ["Mary"], ["disagreed"], ["are bad"]),
        pred_att(T1, "p3", [], ["disagreed"], ["Mary"]),
    ]
    report = evaluate([gold], [pred], project=False)
    assert isinstance(report, EvalReport)
    data = report.to_dict()
    assert data["n_documents"] == 1
    assert data["linked"]["content"] == {
        "precision": 0.3333,
        "recall": 1.0,
        "f1": 0.5,
        "tp": 1,
        "n_pred": 3,
        "n_gold": 1,
    }
    assert set(data["roles"]) == {"source", "cue", "content"}
    assert set(data["roles"]["cue"]) == {"exact", "overlap"}
    table = report.format_table()
    assert "over 1 documents" in table
    assert "attribution (content)             0.3333  1.0000  0.5000       1       3       1" in (
        table
    )
