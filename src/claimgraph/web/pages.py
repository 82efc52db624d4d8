"""Server-rendered pages. Routes only: they call the pipeline or the store and
hand records to the templates (autoescaped) and to
:mod:`claimgraph.web.render` (which escapes everything it writes)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, HTTPException, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from claimgraph.corpus.api import Corpus
from claimgraph.records import (
    AnalyzedArticle,
    ArticleDetail,
    ClaimSummary,
    Page,
    SpeakerDetail,
)
from claimgraph.web import render
from claimgraph.web.analysis import Analyzer
from claimgraph.web.api import MAX_PAGE_SIZE, PAGE_SIZE, ArticleRequest, to_articles
from claimgraph.web.store import Store

router = APIRouter(include_in_schema=False)


def _page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context, status_code=status)


@router.get("/")
async def home() -> Response:
    return RedirectResponse("/analyze", status_code=303)


@router.get("/analyze")
async def analyze_form(request: Request) -> Response:
    return _page(request, "analyze.html", {"content": "", "format": "text", "result": None})


@router.post("/analyze")
async def analyze_page(
    request: Request,
    content: Annotated[str, Form()] = "",
    format: Annotated[Literal["text", "html"], Form()] = "text",
) -> Response:
    """Analyse the pasted text or HTML and show it highlighted beside its ledger."""
    context: dict[str, Any] = {"content": content, "format": format, "result": None}
    if not content.strip():
        context["problem"] = "Paste the text or HTML of an article first."
        return _page(request, "analyze.html", context, status=422)
    item = ArticleRequest(text=content) if format == "text" else ArticleRequest(html=content)
    analyzer: Analyzer = request.app.state.analyzer
    max_bytes = request.app.state.settings.max_bytes
    result = (await analyzer.analyze(to_articles, [item], max_bytes))[0]
    context["result"] = analyzed_view(result)
    return _page(request, "analyze.html", context)


# --------------------------------------------------------------------------
# the store

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
Words = Annotated[str, Query(max_length=500)]
Id = Annotated[int, Path(ge=1, le=2**62)]
#: Most claims whose disputers the speaker page looks up.
SPEAKER_CLAIMS = 50


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _pager(path: str, params: dict[str, Any], page: Page[Any]) -> dict[str, Any]:
    """Links to the previous and next pages of a listing (``None`` at the ends)."""
    from urllib.parse import urlencode

    def link(offset: int) -> str:
        kept = {k: v for k, v in params.items() if v not in (None, "")}
        return f"{path}?{urlencode({**kept, 'limit': page.limit, 'offset': offset})}"

    start = page.offset
    return {
        "total": page.total,
        "first": start + 1 if page.items else 0,
        "last": start + len(page.items),
        "prev": link(max(0, start - page.limit)) if start > 0 else None,
        "next": link(start + page.limit) if start + page.limit < page.total else None,
    }


@router.get("/articles")
async def articles_page(
    request: Request,
    q: Words = "",
    outlet: Words = "",
    limit: Limit = PAGE_SIZE,
    offset: Offset = 0,
) -> Response:
    page = await _store(request).read(
        lambda c: c.articles(q=q or None, outlet=outlet or None, limit=limit, offset=offset)
    )
    params = {"q": q, "outlet": outlet}
    context = {"page": page, "params": params, "paging": _pager("/articles", params, page)}
    return _page(request, "articles.html", {**context, "nav": "articles"})


@router.get("/articles/{article_id}")
async def article_page(
    request: Request, article_id: Id, version: Annotated[int | None, Query(ge=1)] = None
) -> Response:
    record = await _store(request).read(lambda c: c.article(article_id, version))
    if record is None:
        raise HTTPException(
            404, f"no article {article_id}" + (f" version {version}" if version else "")
        )
    previous = None
    if record.version > 1:
        before = await _store(request).read(lambda c: c.article(article_id, record.version - 1))
        previous = before.text if before is not None else None
    context = {
        "record": record,
        "result": stored_view(record),
        "text_diff": render.text_diff(previous, record.text) if previous is not None else None,
        "nav": "articles",
    }
    return _page(request, "article.html", context)


@router.get("/claims")
async def claims_page(
    request: Request,
    q: Words = "",
    speaker: Words = "",
    since: Annotated[str, Query(max_length=40)] = "",
    disputed: Annotated[Literal["", "yes", "no"], Query()] = "",
    limit: Limit = PAGE_SIZE,
    offset: Offset = 0,
) -> Response:
    flag = {"yes": True, "no": False}.get(disputed)
    page = await _store(request).read(
        lambda c: c.claims(
            disputed=flag,
            speaker=speaker or None,
            since=since or None,
            q=q or None,
            limit=limit,
            offset=offset,
        )
    )
    params = {"q": q, "speaker": speaker, "since": since, "disputed": disputed}
    context = {"page": page, "params": params, "paging": _pager("/claims", params, page)}
    return _page(request, "claims.html", {**context, "nav": "claims"})


@router.get("/claims/{claim_id}")
async def claim_page(request: Request, claim_id: Id) -> Response:
    record = await _store(request).read(lambda c: c.claim(claim_id))
    if record is None:
        raise HTTPException(404, f"no claim {claim_id}")
    by_role: dict[str, list[Any]] = {}
    for statement in record.statements:
        by_role.setdefault(statement.role or "", []).append(statement)
    # by publication date; statements in undated articles last
    timeline = sorted(
        record.statements, key=lambda s: (s.date is None, s.date or "", s.article, s.local_id)
    )
    context = {
        "claim": record.summary,
        "supporters": by_role.get("asserts", []),
        "disputers": by_role.get("disputes", []),
        "observers": by_role.get("observes", []),
        "decliners": by_role.get("declines", []),
        "timeline": timeline,
        "evidence": record.evidence,
        "nav": "claims",
    }
    return _page(request, "claim.html", context)


@router.get("/speakers")
async def speakers_page(
    request: Request, q: Words = "", limit: Limit = PAGE_SIZE, offset: Offset = 0
) -> Response:
    # named speakers, paged; kinds of source ("experts") listed apart
    page = await _store(request).read(
        lambda c: c.speakers(q=q or None, limit=limit, offset=offset, descriptions=False)
    )
    kinds = await _store(request).read(
        lambda c: c.speakers(q=q or None, limit=limit, offset=offset, descriptions=True)
    )
    params = {"q": q}
    paging = _pager("/speakers", params, page if page.total >= kinds.total else kinds)
    context = {"page": page, "kinds": kinds, "params": params, "paging": paging}
    return _page(request, "speakers.html", {**context, "nav": "speakers"})


@router.get("/speakers/{speaker}")
async def speaker_page(
    request: Request, speaker: Annotated[str, Path(min_length=1, max_length=500)]
) -> Response:
    if speaker.isdigit() and (not speaker.isascii() or int(speaker) > 2**62):
        raise HTTPException(404, f"no speaker {speaker!r}")

    def gather(c: Corpus) -> tuple[SpeakerDetail | None, dict[int, ClaimSummary]]:
        record = c.speaker(speaker)
        if record is None:
            return None, {}
        ids = list(dict.fromkeys(s.claim_id for s in record.statements if s.claim_id))
        found = {i: c.claim(i) for i in ids[:SPEAKER_CLAIMS]}
        return record, {i: d.summary for i, d in found.items() if d is not None}

    record, claims = await _store(request).read(gather)
    if record is None:
        raise HTTPException(404, f"no speaker {speaker!r}")
    context = {"speaker": record.summary, "record": record, "claims": claims, "nav": "speakers"}
    return _page(request, "speaker.html", context)


def analyzed_view(result: AnalyzedArticle) -> render.ArticleView:
    """What the article templates show of a freshly analysed article."""
    return render.article_view(
        result.article.text, result.attributions, result.removed, title=result.article.title
    )


def stored_view(record: ArticleDetail) -> render.ArticleView:
    """What the article templates show of a stored article version: the
    ledger links each attribution to its claim and its speaker's page."""
    attributions = [s.attribution for s in record.attributions]
    colours = render.speaker_colours(attributions)
    views = [
        render.attribution_view(
            s.attribution,
            number,
            claim_id=s.claim_id,
            speaker_id=s.speaker_id,
            colour=colours[s.attribution.id],
        )
        for number, s in enumerate(record.attributions, start=1)
    ]
    return render.article_view(
        record.text, attributions, record.removed, title=record.title, views=views
    )
