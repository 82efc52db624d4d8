"""claimgraph.graph.speaker_names: names cleaned, joint sources split."""

from __future__ import annotations

from typing import Any

import pytest

from claimgraph.graph.speaker_names import clean_name, speaker_members
from speaker_builders import speaker


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Donald Trump", "Donald Trump"),
        ("Obama Says", "Obama"),
        ("the FBI", "FBI"),
        ("\u2015 Jacklyn Ashley", "Jacklyn Ashley"),
        ("de Blasio", "de Blasio"),
        ("her co-", None),
        ("experts", None),
        ("reality TV star-turned-presidential candidate", None),
        ("...", None),
    ],
)
def test_clean_name_keeps_names_and_refuses_descriptions(name: str, expected: str | None) -> None:
    assert clean_name(name) == expected


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"name": "Bernie Sanders and Donald Trump"}, ["Bernie Sanders", "Donald Trump"]),
        (
            {"name": "Charles E. Grassley and Patrick J. Leahy"},
            ["Charles E. Grassley", "Patrick J. Leahy"],
        ),
        (
            {"name": "Will Smith, Robert DeNiro and Patti LaBelle"},
            ["Will Smith", "Robert DeNiro", "Patti LaBelle"],
        ),
        ({"name": "Hillary Clinton and her co-", "type": "anonymous"}, ["Hillary Clinton"]),
        ({"name": "China and Russia", "type": "government"}, ["China", "Russia"]),
        ({"name": "Securities and Exchange Commission", "type": "organization"}, [None]),
        ({"name": "Donald Trump"}, [None]),
        (
            {
                "name": "Donald Trump",
                "mention": "Trump and his aides",
                "plural": True,
                "type": "anonymous",
                "anonymous": True,
            },
            ["Donald Trump"],
        ),
        ({"title": "experts", "mention": "experts"}, [None]),
    ],
)
def test_a_joint_source_credits_each_member(
    fields: dict[str, Any], expected: list[str | None]
) -> None:
    source = speaker(**fields)
    members = speaker_members(source)
    if expected == [None]:
        assert members == (source,)
    else:
        assert [m.name for m in members] == expected
        assert all(m.joint for m in members)
