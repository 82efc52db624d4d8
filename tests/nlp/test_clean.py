"""Tests for claimgraph.nlp.clean: marking text that is not the story."""

from __future__ import annotations

import itertools

import pytest

from claimgraph.errors import ModelError
from claimgraph.eval.shared import shared_path
from claimgraph.extract.spans import is_removed
from claimgraph.nlp.clean import (
    MAX_BLOCK_LINES,
    find_removed,
    load_patterns,
    parse_patterns,
)
from claimgraph.records import Removed

EXAMPLE = shared_path("examples")
MOSCOW_TIMES = EXAMPLE / "moscow-times-china-lethal-aid.txt"

STORY = (
    "Beijing is sending lethal aid to Russia, British Defense Secretary Grant Shapps said.\n"
    "“We have not seen that to date,” Sullivan said.\n"
)

MT_EXCERPT = (
    "Updated to add U.S. reaction.\n" + STORY + "A Message from The Moscow Times:\n"
    "Dear readers,\n"
    "We are facing unprecedented challenges.\n"
    "Your support, no matter how small, makes a world of difference. "
    "If you can, please support us monthly starting from just $2.\n"
    "Remind me later."
)


def kinds_and_texts(text: str) -> list[tuple[str, str]]:
    return [(r.kind, text[r.start : r.end]) for r in find_removed(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            MT_EXCERPT,
            [
                ("update_note", "Updated to add U.S. reaction."),
                ("appeal", MT_EXCERPT[MT_EXCERPT.index("A Message") :]),
            ],
            id="moscow-times-note-and-appeal",
        ),
        pytest.param(
            "UPDATE: The ministry later denied the report.\n" + STORY,
            [("update_note", "UPDATE: The ministry later denied the report.")],
            id="update-colon",
        ),
        pytest.param(
            STORY + "This story has been updated with comment from the Kremlin.",
            [("update_note", "This story has been updated with comment from the Kremlin.")],
            id="story-updated-bottom",
        ),
        pytest.param(
            STORY + "\nEditor’s note: An earlier version misspelled a name.\n",
            [("update_note", "Editor’s note: An earlier version misspelled a name.")],
            id="editors-note-bottom",
        ),
        pytest.param(
            "By Jane Doe\n" + STORY,
            [("byline", "By Jane Doe")],
            id="byline",
        ),
        pytest.param(
            "Senate passes bill\nBy JANE DOE and JOHN ROE, Associated Press\n\n" + STORY,
            [("byline", "By JANE DOE and JOHN ROE, Associated Press")],
            id="byline-two-authors-agency",
        ),
        pytest.param(
            "Jane Doe | Reuters\n" + STORY,
            [("byline", "Jane Doe | Reuters")],
            id="byline-pipe",
        ),
        pytest.param(
            "By The Associated Press\n" + STORY,
            [("byline", "By The Associated Press")],
            id="byline-agency",
        ),
        pytest.param(
            STORY + "Read more: China and Russia pledge a new era\n" + STORY,
            [("read_more", "Read more: China and Russia pledge a new era")],
            id="read-more-middle",
        ),
        pytest.param(
            STORY + "Read the rest here.",
            [("read_more", "Read the rest here.")],
            id="read-the-rest",
        ),
        pytest.param(
            STORY + "READ MORE\nRelated: Putin visits Beijing\n" + STORY,
            [("read_more", "READ MORE\nRelated: Putin visits Beijing")],
            id="read-more-merged",
        ),
        pytest.param(
            STORY + "Click here to get our app.\n" + STORY,
            [("read_more", "Click here to get our app.")],
            id="click-here",
        ),
        pytest.param(
            STORY + "Subscribe to our newsletter\n",
            [("appeal", "Subscribe to our newsletter")],
            id="newsletter",
        ),
        pytest.param(
            STORY + "Sign up for our free morning briefing.\n" + STORY,
            [("appeal", "Sign up for our free morning briefing.")],
            id="sign-up-middle",
        ),
        pytest.param(
            STORY + "Support us\nIndependent journalism needs you.\nDonate",
            [("appeal", "Support us\nIndependent journalism needs you.\nDonate")],
            id="support-us-block",
        ),
        pytest.param(
            STORY + "Become a member today and read without ads.\n" + STORY,
            [("appeal", "Become a member today and read without ads.")],
            id="become-member",
        ),
    ],
)
def test_marks(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds_and_texts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Republicans said they would support the bill.",
        "He asked voters to subscribe to his vision.",
        "Support for the measure has grown, a poll found.",
        "Supporters donated more than $2 million, the campaign said.",
        "By Monday, the rebels had taken the city.",
        "By Tuesday the talks had collapsed.",
        "A message from the president was read aloud at the ceremony.",
        "Officials said they would read more into the results later.",
        "Related developments were reported in Kyiv, officials said.",
        "The update was published Tuesday, the ministry said.",
        "She said she would sign up for the program.",
        "“Support us,” the protesters chanted outside parliament on Sunday night.",
        "Updated figures showed the economy grew 2% in the first quarter.",
        "Correction officers said they were understaffed.",
    ],
)
def test_story_sentences_not_marked(text: str) -> None:
    # alone, at the top, in the middle and at the bottom of a story
    for variant in (text, f"{text}\n{STORY}", f"{STORY}{text}\n{STORY}", f"{STORY}{text}"):
        assert find_removed(variant) == (), variant


def test_appeal_followed_by_long_story_marks_header_only() -> None:
    story_lines = "".join(f"Paragraph {i} of the story, officials said.\n" for i in range(40))
    text = STORY + "Support us\n" + story_lines
    removed = find_removed(text)
    assert [(r.kind, text[r.start : r.end]) for r in removed] == [("appeal", "Support us")]
    assert MAX_BLOCK_LINES < 40


def test_appeal_block_closed_then_story_continues() -> None:
    text = STORY + "A Message from The Moscow Times:\nPlease help us.\nRemind me later.\n" + STORY
    removed = find_removed(text)
    assert len(removed) == 1
    marked = text[removed[0].start : removed[0].end]
    assert marked == "A Message from The Moscow Times:\nPlease help us.\nRemind me later."
    assert text[removed[0].end :].strip() == STORY.strip()


def test_update_note_in_middle_not_marked() -> None:
    middle = "Correction: this is an odd line in the middle."
    text = STORY * 3 + middle + "\n" + STORY * 3
    assert find_removed(text) == ()


def test_byline_only_at_top() -> None:
    text = STORY * 3 + "By Jane Doe\n" + STORY * 3
    assert find_removed(text) == ()


def test_offsets_with_crlf_and_indentation() -> None:
    text = "  Updated to add U.S. reaction.  \r\n" + STORY.replace("\n", "\r\n")
    (r,) = find_removed(text)
    assert (r.kind, r.start, r.end) == ("update_note", 2, 31)
    assert text[r.start : r.end] == "Updated to add U.S. reaction."


def test_spans_sorted_and_disjoint() -> None:
    appeal = MT_EXCERPT[MT_EXCERPT.index("A Message") :]
    text = (
        "By Jane Doe\nUpdated to add U.S. reaction.\n" + STORY + "Read more: x\n" + STORY + appeal
    )
    removed = find_removed(text)
    assert [r.kind for r in removed] == ["byline", "update_note", "read_more", "appeal"]
    for a, b in itertools.pairwise(removed):
        assert a.end <= b.start


@pytest.mark.parametrize(
    ("start", "end", "partial", "expected"),
    [
        (0, 29, False, True),
        (5, 10, False, True),
        (28, 31, False, False),
        (28, 31, True, True),
        (29, 40, True, False),
        (29, 29, False, False),
        (28, 28, False, True),
    ],
)
def test_is_removed(start: int, end: int, partial: bool, expected: bool) -> None:
    removed = (Removed("update_note", 0, 29), Removed("appeal", 100, 200))
    assert is_removed(removed, start, end, partial=partial) is expected


def test_packaged_patterns_load() -> None:
    patterns = load_patterns()
    assert {p.kind for p in patterns} == {"update_note", "appeal", "byline", "read_more"}
    assert load_patterns() is patterns


@pytest.mark.parametrize(
    "source",
    ["appeal\tline", "nope\tline\tx", "appeal\tsomewhere\tx", "appeal\tline\t(unclosed"],
)
def test_bad_pattern_file(source: str) -> None:
    with pytest.raises(ModelError):
        parse_patterns(source)


def test_custom_patterns() -> None:
    patterns = parse_patterns("# comment\n\nread_more\tline\t(?i)more\n")
    assert find_removed("Story.\nMORE\n", patterns) == (Removed("read_more", 7, 11),)


@pytest.mark.skipif(not MOSCOW_TIMES.exists(), reason="shared/examples is absent")
def test_moscow_times_example() -> None:
    text = MOSCOW_TIMES.read_text(encoding="utf-8")
    removed = find_removed(text)
    assert [r.kind for r in removed] == ["update_note", "appeal"]
    note, appeal = removed
    assert text[note.start : note.end] == "Updated to add U.S. reaction."
    assert text[appeal.start :].startswith("A Message from The Moscow Times:")
    assert text[appeal.start : appeal.end].endswith("Remind me later.")
    assert not text[appeal.end :].strip()
    story = text[note.end : appeal.start]
    assert story.strip().startswith("Beijing is sending")
    assert story.strip().endswith("in response to Shapps’ claims on Wednesday.")
