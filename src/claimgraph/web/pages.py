"""Server-rendered pages. Routes only: they call the pipeline or the store and
hand plain data to the templates (autoescaped) and to
:mod:`claimgraph.web.render` (which escapes everything it writes)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from claimgraph.web import render
from claimgraph.web.analysis import Analyzer
from claimgraph.web.api import ArticleRequest, to_article

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
    result = (await analyzer.run(lambda: analyzer.analyze_now([to_article(item, max_bytes)])))[0]
    context["result"] = article_context(result)
    return _page(request, "analyze.html", context)


def article_context(result: dict[str, Any]) -> dict[str, Any]:
    """What the article templates need from an output-contract dict."""
    attributions = result.get("attributions") or []
    removed = result.get("removed") or []
    text = str(result.get("text", ""))
    return {
        "data": result,
        "html": render.article_html(text, attributions, removed),
        "views": render.attribution_views(result),
        "removed": [
            {
                "kind": r.get("kind"),
                "label": render.REMOVED_LABELS.get(str(r.get("kind")), str(r.get("kind"))),
                "excerpt": text[r.get("start", 0) : r.get("end", 0)][:120],
            }
            for r in removed
        ],
        "meta": result.get("meta") or {},
    }
