"""The role of a claim's member: asserts, disputes, observes or declines."""

from __future__ import annotations

from typing import Any

import pytest

from claimgraph.graph.roles import member_role, role_of
from claimgraph.records import Attribution, Certainty, Segment, Speaker


@pytest.mark.parametrize(
    ("stance", "options", "expected"),
    [
        ("asserts", {}, "asserts"),
        ("asserts", {"certainty": "probable"}, "asserts"),
        ("asserts", {"certainty": "possible"}, "observes"),
        ("asserts", {"relays": True}, "observes"),
        ("asserts", {"link": "relays"}, "observes"),
        ("asserts", {"opposite": True}, "disputes"),
        # polarity counts only for a member matched by its wording
        ("asserts", {"opposite": True, "link": "restates"}, "asserts"),
        ("denies", {}, "disputes"),
        ("denies", {"opposite": True}, "disputes"),
        ("questions", {}, "disputes"),
        ("questions", {"question": True}, "observes"),
        ("declines_to_comment", {}, "declines"),
    ],
)
def test_member_role(stance: str, options: dict[str, Any], expected: str) -> None:
    assert member_role(stance, **options) == expected


def stored(content: str, **fields: Any) -> dict[str, Any]:
    return {"content": [{"start": 0, "end": len(content), "text": content}], **fields}


def record(fields: dict[str, Any]) -> Attribution:
    """A stored attribution record from the few fields a case sets."""
    speaker = fields.get("speaker")
    certainty = fields.get("certainty")
    return Attribution(
        id="a1",
        kind="indirect",
        source=(),
        cue=tuple(Segment(0, len(c["text"]), c["text"]) for c in fields.get("cue", [])),
        content=tuple(Segment(**c) for c in fields.get("content", [])),
        speaker=Speaker(mention=speaker.get("name") or "they", **speaker) if speaker else None,
        rule=fields.get("rule", ""),
        stance=fields.get("stance", "asserts"),
        certainty=Certainty(certainty["level"]) if certainty else None,
    )


@pytest.mark.parametrize(
    ("attribution", "outlet", "expected"),
    [
        (stored("Iran is shipping drone engines to Russia"), None, "asserts"),
        (stored("Iran is not shipping drone engines to Russia"), None, "disputes"),
        # polarity is the first sentence's
        (stored("Iran is shipping drone engines. We are not fooled."), None, "asserts"),
        (
            {
                "content": [
                    {"start": 0, "end": 26, "text": "“Iran is shipping engines,”"},
                    {"start": 36, "end": 55, "text": "“Nobody denies it.”"},
                ]
            },
            None,
            "asserts",
        ),
        (stored("Iran may be shipping engines", certainty={"level": "possible"}), None, "observes"),
        (stored("Iran is shipping engines", speaker={"type": "media"}), None, "observes"),
        (stored("Iran is shipping engines", rule="according-to"), None, "observes"),
        (
            stored("Iran is shipping engines", speaker={"name": "Evening Courier"}),
            "The Evening Courier",
            "observes",
        ),
        (stored("Is Iran shipping engines to Russia?", stance="questions"), None, "observes"),
        # asking is not doubting
        (
            stored("whether Iran is shipping engines", stance="questions", cue=[{"text": "asked"}]),
            None,
            "observes",
        ),
        (
            stored("Iran is shipping engines", stance="questions", cue=[{"text": "questioned"}]),
            None,
            "disputes",
        ),
        (stored("", stance="declines_to_comment"), None, "declines"),
    ],
)
def test_role_of_a_stored_attribution(
    attribution: dict[str, Any], outlet: str | None, expected: str
) -> None:
    canonical = "Iran is shipping drone engines to Russia"
    assert role_of(record(attribution), "content", canonical, outlet) == expected
