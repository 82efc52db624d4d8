"""Speaker type, country, anonymity, number and seniority."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from claimgraph.extract.speaker_profile import load_speaker_types
from claimgraph.records import Attribution, SpeakerType

SPEAKER_TYPES = {"person", "organization", "government", "media", "document", "anonymous"}


def test_packaged_speaker_types_are_known_types() -> None:
    types = load_speaker_types()
    for kind, country in [*types.names.values(), *types.heads.values()]:
        assert kind in SPEAKER_TYPES
        assert country is None or (len(country) == 2 and country.isupper())
    assert "senior" in types.seniority


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "mention", "expected"),
    [
        (
            "British Defense Secretary Grant Shapps said talks failed.",
            "British Defense Secretary Grant Shapps",
            ("person", "GB", False, False, None),
        ),
        (
            "White House National Security Adviser Jake Sullivan said talks failed.",
            "White House National Security Adviser Jake Sullivan",
            ("person", "US", False, False, None),
        ),
        (
            "Senior anonymous U.S. officials said talks failed.",
            "Senior anonymous U.S. officials",
            ("anonymous", "US", True, True, "senior"),
        ),
        (
            "A source familiar with the matter said talks failed.",
            "A source familiar with the matter",
            ("anonymous", None, True, False, None),
        ),
        ("Reuters reported that talks failed.", "Reuters", ("media", None, False, False, None)),
        (
            "The White House said talks failed.",
            "The White House",
            ("government", "US", False, False, None),
        ),
        ("Beijing said talks failed.", "Beijing", ("government", "CN", False, False, None)),
        ("The Kremlin said talks failed.", "The Kremlin", ("government", "RU", False, False, None)),
        (
            "A report by the agency said talks failed.",
            "A report by the agency",
            ("document", None, False, False, None),
        ),
    ],
)
def test_speaker_profile(
    attributions: Callable[[str], list[Attribution]],
    text: str,
    mention: str,
    expected: tuple[SpeakerType, str | None, bool, bool, str | None],
) -> None:
    speaker = next(
        a.speaker for a in attributions(text) if a.speaker and a.speaker.mention == mention
    )
    assert speaker is not None
    got = (speaker.type, speaker.country, speaker.anonymous, speaker.plural, speaker.seniority)
    assert got == expected


@pytest.mark.model
def test_a_group_of_two_nations_lists_both_countries(
    attributions: Callable[[str], list[Attribution]],
) -> None:
    text = "U.S. and British intelligence services believe the talks failed."
    (a,) = attributions(text)
    assert a.speaker is not None
    assert a.speaker.countries == ("US", "GB") and a.speaker.country is None
    assert a.speaker.type == "government" and a.speaker.plural
