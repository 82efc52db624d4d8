"""Which claim each attribution of one article belongs to (issue 17, point 1)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from claimgraph.graph.article_claims import ClaimPlan, plan_article
from claimgraph.graph.claims import claim_text
from claimgraph.records import Attribution
from record_builders import record

TEXT = (
    "Beijing is sending arms to Russia, Grant Shapps said. "
    "“Today I can reveal that we have proof of shipments,” Shapps told a conference. "
    "He added that intelligence services believe “arms are flowing to Russia.” "
    "Shapps said it was a significant development without providing evidence of the assertion. "
    "But the U.S. later questioned Shapps’ assertion. "
    "“We have not seen that,” Sullivan said. "
    "Others welcomed Shapps’ claims. "
    "There was no immediate comment from the embassy in response to Shapps’ claims. "
    "Officials cited intelligence showing shipments."
)


def seg(text: str, after: int = 0) -> dict[str, Any]:
    start = TEXT.index(text, after)
    return {"start": start, "end": start + len(text), "text": text}


def att(
    id_: str,
    source: str,
    cue: str,
    content: str,
    *,
    name: str | None = None,
    after: str = "",
    **fields: Any,
) -> Attribution:
    at = TEXT.index(after) if after else 0
    return record(
        {
            "id": id_,
            "source": [seg(source, at)] if source else [],
            "cue": [seg(cue, at)],
            "content": [seg(content, at)] if content else [],
            "speaker": {"name": name} if name else None,
            **fields,
        }
    )


SHAPPS = "Grant Shapps"
ARTICLE = [
    att("a1", "Grant Shapps", "said", "Beijing is sending arms to Russia", name=SHAPPS),
    att("a2", "I", "can reveal", "that we have proof of shipments", name=SHAPPS),
    att(
        "a3", "Shapps", "told", "“Today I can reveal that we have proof of shipments,”", name=SHAPPS
    ),
    att(
        "a4",
        "He",
        "added",
        "that intelligence services believe “arms are flowing to Russia.”",
        name=SHAPPS,
    ),
    att("a5", "intelligence services", "believe", "“arms are flowing to Russia.”"),
    att(
        "a6",
        "Shapps",
        "said",
        "it was a significant development",
        name=SHAPPS,
        after="Shapps said it",
    ),
    att(
        "a7",
        "Shapps",
        "without providing evidence of",
        "the assertion",
        name=SHAPPS,
        after="Shapps said it",
    ),
    att(
        "a8",
        "the U.S.",
        "later questioned",
        "Shapps’ assertion",
        name="U.S.",
        stance="questions",
        disputes=["a1", "a2"],
    ),
    att(
        "a9",
        "Sullivan",
        "said",
        "“We have not seen that,”",
        name="Jake Sullivan",
        stance="denies",
        disputes=["a2"],
    ),
    att("a10", "Others", "welcomed", "Shapps’ claims", after="Others"),
    att(
        "a11",
        "the embassy",
        "no immediate comment from",
        "",
        name="embassy",
        stance="declines_to_comment",
    ),
    att("a12", "", "showing", "shipments", after="intelligence showing"),
]
PROBLEMS = {"it was a significant development": "pronoun-subject", "shipments": "too-short"}


def plans(score: float, article: list[dict[str, Any]] | None = None) -> dict[str, ClaimPlan]:
    items = ARTICLE if article is None else article
    texts = {claim_text(a, TEXT) for a in items}
    vectors = {t: np.zeros(4, dtype=np.float32) for t in texts if t}
    found = plan_article(items, TEXT, PROBLEMS, vectors, same_claim=lambda *_: score)
    return {p.local_id: p for p in found}


@pytest.mark.parametrize(
    ("local", "action", "joins", "link_or_reason"),
    [
        ("a1", "own", None, None),
        # one speaker's two statements, disputed by the same denial
        ("a2", "join", "a1", "same-assertion"),
        # the same speaker's own statement, quoted around it
        ("a3", "join", "a1", "restates"),
        # another speaker's statement, relayed
        ("a4", "join", "a5", "relays"),
        ("a5", "own", None, None),
        # "it was ..." points back at the speaker's previous claim
        ("a6", "join", "a5", "points-back"),
        # the reporter's remark states no claim
        ("a7", "none", None, "evaluation"),
        # denials that point back join the claim they dispute
        ("a8", "join", "a1", "disputes"),
        ("a9", "join", "a1", "disputes"),
        # "Shapps’ claims" without a dispute link: the claim it names
        ("a10", "join", "a1", "points-back"),
        # a declined comment joins the claim it names
        ("a11", "join", "a1", "declines"),
        # nobody says it
        ("a12", "none", None, "no-speaker"),
    ],
)
def test_each_attribution_finds_its_claim(
    local: str, action: str, joins: str | None, link_or_reason: str | None
) -> None:
    plan = plans(0.3)[local]
    assert (plan.action, plan.joins) == (action, joins)
    if action == "join":
        assert plan.link == link_or_reason
    if action == "none":
        assert plan.reason == link_or_reason
    if action == "own":
        assert plan.text


def test_statements_disputed_together_stay_apart_when_unlike() -> None:
    found = plans(0.1)
    assert found["a2"].action == "own"
    assert (found["a3"].joins, found["a3"].link) == ("a2", "restates")
    assert (found["a9"].joins, found["a9"].link) == ("a2", "disputes")
    assert found["a8"].joins == "a1"


def test_a_declined_comment_naming_nothing_joins_the_first_claim() -> None:
    article = [a for a in ARTICLE if a.id != "a1"]
    # the named speaker's first claim is now a2 ("I can reveal ...")
    assert plans(0.3, article)["a11"].joins == "a2"
    nameless = [a for a in article if a.id not in ("a2", "a3", "a4", "a6")]
    assert plans(0.3, nameless)["a11"].joins == "a5"


def test_a_denial_whose_target_states_no_claim_keeps_its_own() -> None:
    denial = att(
        "b2",
        "Sullivan",
        "said",
        "“We have not seen that,”",
        name="Jake Sullivan",
        stance="denies",
        disputes=["b1"],
    )
    target = att("b1", "", "showing", "shipments", after="intelligence showing")
    found = plans(0.3, [target, denial])
    assert found["b1"].action == "none"
    assert (found["b2"].action, found["b2"].text) == ("own", "We have not seen that")
