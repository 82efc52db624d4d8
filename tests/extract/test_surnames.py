"""claimgraph.extract.surnames: which person a bare surname that two people
of an article bear refers to (no model: the people are written by hand)."""

from __future__ import annotations

import pytest

from claimgraph.extract.surnames import People, bearers, resolve_surname, shared_surnames

#: (full name, gender, offsets of its mentions, offsets where it is named by
#: full name as the source of an attribution); a sentence every 100 characters
Row = tuple[str, str | None, tuple[int, ...], tuple[int, ...]]

BILL: Row = ("Bill Clinton", "m", (10,), ())
HILLARY: Row = ("Hillary Clinton", "f", (40,), ())


def people(*rows: Row) -> People:
    return People(
        longest=tuple(tuple(name.lower().split()) for name, _, _, _ in rows),
        genders=tuple(gender for _, gender, _, _ in rows),
        positions=tuple(offsets for _, _, offsets, _ in rows),
        sources=tuple(said for _, _, _, said in rows),
        sentences=tuple(range(0, 10_000, 100)),
    )


@pytest.mark.parametrize(
    ("rows", "surname", "gender", "pos", "previous", "expected"),
    [
        pytest.param([HILLARY], "clinton", None, 80, None, 0, id="one-bearer"),
        pytest.param([BILL, HILLARY], "clinton", None, 80, None, None, id="two-named-once-each"),
        pytest.param(
            [HILLARY, ("Bill Clinton", "m", (60,), ())],
            "clinton",
            None,
            80,
            None,
            None,
            id="the-last-named-is-no-evidence",
        ),
        pytest.param([BILL, HILLARY], "clinton", "f", 80, None, 1, id="mrs"),
        pytest.param([BILL, HILLARY], "clinton", "m", 80, None, 0, id="mr"),
        pytest.param(
            [BILL, ("Hillary Clinton", "f", (40, 50, 60, 70), ())],
            "clinton",
            None,
            80,
            None,
            1,
            id="named-three-times-as-often",
        ),
        pytest.param(
            [BILL, ("Hillary Clinton", "f", (40, 50), ())],
            "clinton",
            None,
            80,
            None,
            None,
            id="named-twice-as-often-is-not-enough",
        ),
        pytest.param(
            [
                ("Ted Cruz", "m", (0, 5), (5,)),
                ("Heidi Cruz", "f", (120, 130), ()),
                ("Rafael Cruz", None, (125, 135), ()),
            ],
            "cruz",
            None,
            800,
            None,
            0,
            id="first-named-and-the-one-named-source",
        ),
        pytest.param(
            [
                ("Keith Scott", "m", (0, 50), ()),
                ("Rakeyia Scott", "f", (120,), (120,)),
            ],
            "scott",
            None,
            800,
            None,
            None,
            id="the-one-named-source-named-after-another",
        ),
        pytest.param(
            [("Bill Clinton", "m", (10,), (10,)), ("Hillary Clinton", "f", (40,), (40,))],
            "clinton",
            None,
            800,
            None,
            None,
            id="two-named-sources",
        ),
        pytest.param(
            [("Gary Johnson", "m", (10,), ()), ("Jeh Johnson", "m", (520,), (520,))],
            "johnson",
            None,
            650,
            None,
            1,
            id="named-source-in-the-previous-sentence",
        ),
        pytest.param(
            [("Gary Johnson", "m", (10,), ()), ("Jeh Johnson", "m", (520,), (520,))],
            "johnson",
            None,
            750,
            None,
            None,
            id="named-source-two-sentences-before",
        ),
        pytest.param(
            [("Gary Johnson", "m", (10, 600), ()), ("Jeh Johnson", "m", (520,), (520,))],
            "johnson",
            None,
            650,
            None,
            None,
            id="named-source-then-another-bearer",
        ),
        pytest.param(
            [("Hillary Clinton", "f", (10,), ()), ("Bill Clinton", "m", (100,), ())],
            "clinton",
            None,
            50,
            None,
            0,
            id="the-one-named-so-far",
        ),
        pytest.param(
            [BILL, ("Hillary Clinton", "f", (60, 70, 80, 90), ())],
            "clinton",
            None,
            50,
            None,
            None,
            id="signals-disagree",
        ),
        pytest.param(
            [BILL, HILLARY], "clinton", None, 80, (60, 1), 1, id="continues-the-previous-surname"
        ),
        pytest.param(
            [("Bill Clinton", "m", (10, 70), ()), HILLARY],
            "clinton",
            None,
            80,
            (60, 1),
            None,
            id="another-bearer-named-since-the-previous-surname",
        ),
        pytest.param(
            [BILL, HILLARY], "clinton", None, 80, (60, None), None, id="previous-unresolved"
        ),
        pytest.param(
            [
                ("Donald Trump", "m", (10, 20, 30, 40), ()),
                ("Ivanka Trump", "f", (50,), ()),
                ("Melania Trump", "f", (60,), ()),
            ],
            "trump",
            None,
            100,
            None,
            0,
            id="trump-family-donald-dominant",
        ),
        pytest.param(
            [
                ("Donald Trump", "m", (10, 20, 30, 40), ()),
                ("Ivanka Trump", "f", (50,), ()),
                ("Melania Trump", "f", (60,), ()),
            ],
            "trump",
            "f",
            100,
            None,
            None,
            id="ms-trump-with-two-women",
        ),
        pytest.param(
            [("Donald Trump", "m", (10, 20), ()), ("Ivanka Trump", "f", (50,), ())],
            "trump",
            "f",
            100,
            None,
            1,
            id="ms-trump-with-one-woman",
        ),
        pytest.param(
            [("Donald Trump", "m", (10, 20, 30), ()), ("Donald Trump Jr.", "m", (50,), ())],
            "trump",
            "m",
            100,
            None,
            0,
            id="jr-is-another-person",
        ),
        pytest.param([BILL, HILLARY], "clinton", "f", None, None, 1, id="no-position"),
    ],
)
def test_resolve_surname(
    rows: list[Row],
    surname: str,
    gender: str | None,
    pos: int | None,
    previous: tuple[int, int | None] | None,
    expected: int | None,
) -> None:
    assert resolve_surname(surname, gender, people(*rows), pos, previous) == expected


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Bill Clinton", "Hillary Clinton"], {"clinton"}),
        (["Donald Trump", "Donald J. Trump"], set()),
        (["J. Smith", "John Smith"], set()),
        (["Donald Trump", "Donald Trump Jr."], {"trump"}),
        (["Donald Trump", "Ivanka Trump", "Barack Obama"], {"trump"}),
        (["Clinton", "Hillary Clinton"], set()),
    ],
)
def test_shared_surnames(names: list[str], expected: set[str]) -> None:
    assert shared_surnames(tuple(n.lower().split()) for n in names) == expected


def test_bearers_groups_the_clusters_of_one_person() -> None:
    longest = (("donald", "trump"), ("ivanka", "trump"), ("donald", "j.", "trump"), ("trump",))
    assert bearers("trump", longest) == [[0, 2], [1]]
