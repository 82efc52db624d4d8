"""claimgraph.graph.speaker_keys: a speaker's normalised key."""

from __future__ import annotations

from typing import Any

import pytest

from claimgraph.graph.speaker_keys import speaker_key
from speaker_builders import speaker


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"name": "Grant Shapps"}, "grant shapps"),
        ({"name": "British Defense Secretary Grant Shapps"}, "grant shapps"),
        ({"name": "Shapps's"}, "shapps"),
        ({"name": "Mr. Shapps"}, "shapps"),
        ({"name": "Secretary of State Antony Blinken"}, "antony blinken"),
        ({"name": "Volodymyr Zelenskyy"}, "volodymyr zelenskyy"),
        ({"name": "José Álvarez"}, "jose alvarez"),
        ({"name": "the White House"}, "org:white house"),
        ({"name": "White House"}, "org:white house"),
        ({"name": "Berlin"}, "gov:DE"),
        ({"name": "Germany", "nationality": "Germany"}, "gov:DE"),
        (
            {
                "affiliation": "government",
                "nationality": "German",
                "mention": "the German government",
            },
            "gov:DE",
        ),
        ({"name": "Reuters"}, "org:reuters"),
        ({"name": "AP"}, "org:associated press"),
        (
            {
                "title": "official",
                "nationality": "U.S.",
                "mention": "a U.S. official",
                "descriptor": "U.S. official",
            },
            "anon:official|US",
        ),
        (
            {
                "title": "official",
                "nationality": "Ukrainian",
                "mention": "A senior Ukrainian official who spoke on condition of anonymity",
                "descriptor": "senior Ukrainian official who spoke on condition of anonymity",
            },
            "anon:senior official|UA",
        ),
    ],
)
def test_speaker_key_normalises_names_bodies_and_anonymous_sources(
    fields: dict[str, Any], expected: str
) -> None:
    assert speaker_key(speaker(**fields)) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Donald J. Trump", "donald trump"),
        ("Mrs. Clinton", "clinton"),
        ("Obama Says", "obama"),
        ("Martin Luther King Jr.", "martin luther king jr"),
        ("Donald Trump Jr.", "donald trump jr"),
        ("Donald Trump Jr. Says", "donald trump jr"),
        ("George H.W. Bush", "george hw bush"),
        ("George W. Bush", "george bush"),
        ("Osama bin Laden", "osama bin laden"),
        ("Bin Laden", "bin laden"),
        ("Mayor Bill de Blasio", "bill de blasio"),
    ],
)
def test_person_keys_fold_initials_honorifics_and_verbs_and_keep_suffixes(
    name: str, expected: str
) -> None:
    assert speaker_key(speaker(name=name, type="person")) == expected


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["the FBI", "F.B.I.", "Federal Bureau of Investigation"], "org:fbi"),
        (["the Clinton campaign", "Clinton campaign"], "org:clinton campaign"),
    ],
)
def test_bodies_fold_their_forms(names: list[str], expected: str) -> None:
    assert {speaker_key(speaker(name=n)) for n in names} == {expected}
    assert speaker_key(speaker(name="Clinton", type="person")) != expected
