"""The pages in a real browser: Debian's headless Chromium driven by Playwright.

Skipped when /usr/bin/chromium is absent. Each test writes a screenshot to
docs/screenshots/ (named in README.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from claimgraph.eval.shared import shared_path

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
MOSCOW = shared_path("examples", "moscow-times-china-lethal-aid.txt")
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


def shoot(page: Any, name: str, *, full_page: bool = True) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=full_page)


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
        shoot(page, "analyze-full.png")
    page.check("#show-removed")
    assert appeal_span.is_visible()
    assert "removed: appeal" in appeal_span.inner_text()
    if path == WIRE:
        shoot(page, "analyze-removed.png")
    page.uncheck("#show-removed")
    assert not appeal_span.is_visible()
    assert page.dialogs == []


#: Share of the article's characters on a coloured background, at most: the
#: sources and cues, not the contents (all of it was green before).
MAX_SHADED = 0.25


def test_analyze_result_is_scannable_one_colour_per_speaker(page: Any, live_server: Any) -> None:
    """After a run the form folds to one line; each speaker has one colour,
    different speakers differ; sources and cues are shaded, contents only
    underlined, and the ledger shows contents lighter than who said them.
    The first screen is saved as docs/screenshots/analyze.png."""
    analyze(page, live_server.url, WIRE.read_text(encoding="utf-8"))
    summary = page.locator(".analyze-box > summary")
    assert summary.is_visible() and summary.bounding_box()["height"] < 60
    assert not page.locator("#content").is_visible()

    pieces = page.locator("#article-text .hl").evaluate_all(
        """els => els.map(e => ({
            source: (e.dataset.roles.split(' ').find(r => r.endsWith(':source')) || '')
                .split(':')[0],
            roles: e.className,
            bg: getComputedStyle(e).backgroundColor, chars: e.textContent.length}))"""
    )
    who = dict(
        page.locator(".ledger .entry").evaluate_all(
            "els => els.map(e => [e.dataset.attr, e.querySelector('.who').textContent])"
        )
    )
    by_speaker: dict[str, set[str]] = {}
    for p in pieces:
        if p["source"] in who:
            by_speaker.setdefault(who[p["source"]], set()).add(p["bg"])
    assert len(by_speaker) >= 4
    assert all(len(colours) == 1 for colours in by_speaker.values()), by_speaker
    distinct = {c for colours in by_speaker.values() for c in colours}
    assert len(distinct) == min(len(by_speaker), 8), by_speaker

    plain = "rgba(0, 0, 0, 0)"
    contents = [p for p in pieces if p["roles"].split()[1:2] == ["r-content"]]
    assert contents and all(p["bg"] == plain for p in contents)
    total = len(page.locator("#article-text").inner_text())
    shaded = sum(p["chars"] for p in pieces if p["bg"] != plain)
    assert shaded / total < MAX_SHADED, shaded / total

    def luminance(selector: str) -> float:
        rgb = page.locator(selector).first.evaluate("e => getComputedStyle(e).color")
        r, g, b = (int(x) for x in rgb[rgb.index("(") + 1 : -1].split(",")[:3])
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    assert luminance(".ledger .content-text") > luminance(".ledger .cue-text")
    assert luminance(".ledger .content-text") > luminance(".ledger .who")
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, "analyze.png", full_page=False)

    summary.click()  # the form opens again
    assert page.locator("#content").is_visible()


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


# --------------------------------------------------------------------------
# the store pages (tests/data/web/marovia.jsonl)


def test_open_the_claim_and_see_supporters_and_disputers(page: Any, store_server: Any) -> None:
    page.goto(store_server.url + "/claims?disputed=yes")
    shoot(page, "claims.png")
    page.click("#claims a[href^='/claims/']")
    page.wait_for_selector(".sides")
    supporters = page.locator(".supporters").inner_text()
    disputers = page.locator(".disputers").inner_text()
    assert "Tomas Rieck" in supporters and "Marovia is sending artillery shells" in supporters
    assert "Anna Petrova" in disputers and "denies" in disputers
    assert "Anna Petrova" not in supporters
    assert "Capital Times" in disputers and "2026-03-04" in disputers
    assert page.locator(".timeline li").count() >= 2
    shoot(page, "claim.png")

    # "the accusation" the Foreign Ministry rejected is the story's claim
    assert "Foreign Ministry" in disputers and "Foreign Ministry" not in supporters

    # "in context" leads to the sentence in its article, highlighted and focusable
    petrova = page.locator(".disputers li.statement", has_text="Anna Petrova").first
    petrova.locator("a.in-context").click()
    page.wait_for_selector("#article-text")
    anchor_id = page.evaluate("() => decodeURIComponent(location.hash.slice(1))")
    target = page.locator(f"[id='{anchor_id}']")
    assert target.get_attribute("tabindex") == "0"
    target.focus()
    assert "Anna Petrova" in target.locator(".tip").inner_text()
    shoot(page, "article.png")


def test_article_versions_and_diff(page: Any, store_server: Any) -> None:
    page.goto(store_server.url + "/articles")
    shoot(page, "articles.png")
    page.click("#articles a:has-text('Marovia sending artillery shells')")
    assert "Version 2 of 2" in page.locator(".versions").inner_text()
    page.click("summary:has-text('Text changes')")
    assert "Updated to add Marovian reaction." in page.locator(".diff ins").all_inner_texts()[0]
    page.click(".versions a:has-text('v1')")
    assert "Version 1 of 2" in page.locator(".versions").inner_text()
    assert page.locator(".changes").count() == 0


def test_speaker_page_shows_titles_claims_and_disputers(page: Any, store_server: Any) -> None:
    page.goto(store_server.url + "/speakers?q=Rieck")
    page.click("#speakers a:has-text('Tomas Rieck')")
    assert "Defence Minister" in page.locator("#titles-h + .timeline").inner_text()
    rows = page.locator("#statements tbody tr")
    assert rows.count() >= 2
    assert "Anna Petrova" in page.locator("#statements").inner_text()  # who disputes him
    shoot(page, "speaker.png")


HOSTILE_TITLE = '"><img src=x onerror=alert(1)><script>alert(2)</script>'


def test_hostile_stored_article_is_text_on_every_page(
    page: Any, make_app: Any, live_server_for: Any, tmp_path: Path
) -> None:
    """Title, outlet, URL and text (so quotes, claims and the diff too) carry
    markup; every page shows it as text: no dialog, no injected element."""
    import httpx

    payload = '<script>alert(3)</script>"><img src=x onerror=alert(4)>'
    text = f"Marovia is sending {payload} shells to Zelaria, Defence Minister Tomas Rieck said."
    article = {
        "text": text,
        "title": HOSTILE_TITLE,
        "url": "javascript:alert(5)",
        "published": "<b>2026</b>",
        "id": "hostile",
    }
    app = make_app(db=str(tmp_path / "hostile.db"), allow_writes=True)
    with live_server_for(app) as server:
        r = httpx.post(server.url + "/api/ingest", json={"articles": [article]}, timeout=120)
        assert r.status_code == 201 and r.json()["ingested"] == 1, r.text
        article["text"] = text + f"\nRieck added that {payload} was real."
        r = httpx.post(server.url + "/api/ingest", json={"articles": [article]}, timeout=120)
        assert r.json()["updated"] == 1, r.text
        claim_id = httpx.get(server.url + "/api/claims").json()["items"][0]["id"]
        for path in (
            "/articles",
            "/articles/1",
            "/articles/1?version=1",
            "/claims",
            f"/claims/{claim_id}",
            "/speakers",
            "/speakers/Tomas%20Rieck",
        ):
            page.goto(server.url + path)
            if path == "/articles/1":
                page.click("summary:has-text('Text changes')")
            page.wait_for_timeout(100)
            assert page.dialogs == [], path
            assert page.locator("img, svg, iframe, b").count() == 0, path
            assert page.locator("script").count() == 1, path
            assert page.locator("a[href^=javascript]").count() == 0, path
            if path != "/speakers":  # the only page that shows no article text
                body = page.locator("main").inner_text()
                assert "<script>alert(" in body or HOSTILE_TITLE in body, path
