"""The pages in a real browser: Debian's headless Chromium driven by Playwright.

Skipped when /usr/bin/chromium is absent. Each test writes a screenshot to
docs/screenshots/ (named in README.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
MOSCOW = ROOT.parent / "shared" / "examples" / "moscow-times-china-lethal-aid.txt"
WIRE = ROOT / "examples" / "lethal-aid-wire.txt"

#: (article, sources that must be highlighted, a line of its appeal)
EXAMPLES = [
    pytest.param(
        MOSCOW,
        [
            "British Defense Secretary Grant Shapps",
            "White House National Security Adviser Jake Sullivan",
            "Sullivan",
        ],
        "Dear readers,",
        id="moscow-times",
    ),
    pytest.param(
        WIRE,
        ["German Foreign Minister Anna Keller", "State Department spokeswoman Claire Dunmore"],
        "Support independent journalism.",
        id="wire",
    ),
]


def shoot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def analyze(page: Any, base: str, content: str, fmt: str = "text") -> None:
    page.goto(base + "/analyze")
    page.fill("#content", content)
    page.check(f"input[name=format][value={fmt}]")
    page.click("#analyze-button")
    page.wait_for_selector("#article-text")


@pytest.mark.parametrize(("path", "sources", "appeal"), EXAMPLES)
def test_pasted_article_is_highlighted_and_its_appeal_is_not(
    page: Any, live_server: Any, path: Path, sources: list[str], appeal: str
) -> None:
    if not path.is_file():
        pytest.skip(f"{path} is not available")
    analyze(page, live_server.url, path.read_text(encoding="utf-8"))
    highlighted_sources = page.locator("#article-text .hl.r-source").all_inner_texts()
    joined = " ".join(highlighted_sources)
    for source in sources:
        assert source in joined, (source, highlighted_sources)
    assert page.locator("#article-text .hl.r-cue").count() > 0
    assert page.locator("#article-text .hl.r-content").count() > 0

    # the appeal is marked as removed, never highlighted, and hidden until asked for
    appeal_span = page.locator("#article-text .removed[data-removed=appeal]", has_text=appeal)
    assert appeal_span.count() == 1
    assert not appeal_span.is_visible()
    assert page.locator("#article-text .hl", has_text=appeal).count() == 0
    assert page.locator("#article-text .removed .hl").count() == 0
    if path == WIRE:
        shoot(page, "analyze.png")
    page.check("#show-removed")
    assert appeal_span.is_visible()
    assert "removed: appeal" in appeal_span.inner_text()
    if path == WIRE:
        shoot(page, "analyze-removed.png")
    page.uncheck("#show-removed")
    assert not appeal_span.is_visible()
    assert page.dialogs == []


def test_keyboard_reaches_every_attribution_and_focus_shows_its_details(
    page: Any, live_server: Any
) -> None:
    analyze(page, live_server.url, WIRE.read_text(encoding="utf-8"))
    expected = page.locator("#article-text .attr-anchor").evaluate_all(
        "els => els.map(e => e.dataset.attr)"
    )
    ledger = page.locator(".ledger .entry").evaluate_all("els => els.map(e => e.dataset.attr)")
    assert expected and sorted(expected) == sorted(ledger)

    reached: list[str] = []
    page.focus("#analyze-button")
    for _ in range(len(expected) * 3 + 40):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " return e && e.classList.contains('attr-anchor') ? e.dataset.attr : null; }"
        )
        if focused:
            reached.append(focused)
        if len(set(reached)) == len(expected):
            break
    assert sorted(set(reached)) == sorted(expected)
    assert reached == expected[: len(reached)]  # in text order

    keller = page.locator("#article-text .attr-anchor").filter(
        has=page.locator(".tip", has_text="Anna Keller")
    )
    first = keller.first
    first.focus()
    tip = first.locator(".tip")
    assert tip.is_visible()
    details = tip.inner_text()
    for field in ("speaker", "Anna Keller", "Foreign Minister", "stance", "asserts", "cue"):
        assert field in details
    outline = first.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline != "none"  # a visible focus ring
    shoot(page, "analyze-focus.png")
    page.keyboard.press("Tab")
    assert not tip.is_visible()


HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg/onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "</textarea><script>alert(1)</script>",
    "javascript:alert(1)",
    "<a href=javascript:alert(1)>link</a>",
    "{{ 7*7 }}",
]


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_hostile_article_is_shown_as_text(page: Any, live_server: Any, fmt: str) -> None:
    lines = [f"Shapps said {p} was real." for p in HOSTILE]
    text = "\n".join(lines)
    if fmt == "html":
        import html as html_lib

        body = "".join(f"<p>{html_lib.escape(line)}</p>" for line in lines)
        content = f"<html><head><title>{html_lib.escape(HOSTILE[0])}</title></head><body><article>{body}</article></body></html>"  # noqa: E501
    else:
        content = text
    analyze(page, live_server.url, content, fmt)
    page.wait_for_timeout(300)
    assert page.dialogs == []
    assert page.locator("img, svg, iframe, #main a[href^=javascript]").count() == 0
    assert page.locator("script").count() == 1  # /static/app.js only
    shown = page.locator("#article-text").inner_text()
    for payload in HOSTILE:
        assert payload in shown
    # the textarea gets the pasted content back as its value, unchanged
    assert page.input_value("#content") == content
    if fmt == "text":
        shoot(page, "xss.png")
