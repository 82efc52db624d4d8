"""The JSON API (``/api/...``). Routes only: parsing, limits, status codes.

``POST /api/analyze`` runs the pipeline (:mod:`claimgraph.web.analysis`)
and returns the output contract; the other routes read the corpus store
(:mod:`claimgraph.web.store`). Every error is ``{"error": {"status",
"message"}}`` (see :mod:`claimgraph.web.app`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, HTTPException, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from claimgraph.output import article_to_dict
from claimgraph.read.articles import article_from_html, article_from_text
from claimgraph.records import ArticleInput
from claimgraph.web.analysis import Analyzer
from claimgraph.web.security import WRITE_REFUSED, write_allowed
from claimgraph.web.store import Store

router = APIRouter(prefix="/api", tags=["api"])

#: Most articles one request may carry.
MAX_BATCH = 32
#: Default and largest page size of the list routes.
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {"status": {"type": "integer"}, "message": {"type": "string"}},
            "required": ["status", "message"],
        }
    },
    "required": ["error"],
}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ERROR_SCHEMA}}}


COMMON_ERRORS: dict[int | str, dict[str, Any]] = {
    400: _error("Malformed request (e.g. the body is not JSON)"),
    413: _error("Request larger than the server's limit"),
    422: _error("Invalid parameters or an input that cannot be analysed"),
}


def _valid_unicode(value: str | None) -> str | None:
    """Refuse strings that cannot be written as UTF-8 (lone surrogates)."""
    if value is not None:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValueError("contains invalid Unicode (a lone surrogate)") from exc
    return value


class ArticleRequest(BaseModel):
    """One article: ``text`` (plain text) or ``html`` (a web page), not both."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, description="Plain text; offsets refer to it as given.")
    html: str | None = Field(
        default=None, description="An HTML page; the article text is extracted."
    )
    id: str | None = Field(
        default=None, min_length=1, max_length=200, description="The article's id."
    )
    url: str | None = Field(default=None, max_length=2000)
    title: str | None = Field(default=None, max_length=2000)
    published: str | None = Field(default=None, max_length=100, description="Publication date.")

    _unicode = field_validator("text", "html", "id", "url", "title", "published")(_valid_unicode)

    @model_validator(mode="after")
    def _one_input(self) -> ArticleRequest:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of 'text' and 'html'")
        return self


class AnalyzeRequest(ArticleRequest):
    """An article to analyse; ``store`` also stores the result (needs write access)."""

    store: bool = Field(default=False, description="Also store the analysis (needs write access).")


class IngestRequest(BaseModel):
    """Articles to analyse and store in the corpus."""

    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleRequest] = Field(min_length=1, max_length=MAX_BATCH)


def to_article(item: ArticleRequest, max_bytes: int, number: int = 1) -> ArticleInput:
    """The :class:`ArticleInput` a request item describes (HTML is extracted here).

    Raises:
        HTTPException: 413 when the text is over ``max_bytes``.
        InputError: empty text, or no article text in the HTML.
    """
    raw = item.text if item.text is not None else item.html or ""
    if len(raw.encode("utf-8")) > max_bytes:
        raise HTTPException(413, f"article {number} is larger than the {max_bytes}-byte limit")
    meta = {"url": item.url, "title": item.title, "published": item.published}
    if item.text is not None:
        return article_from_text(item.text, item.id or f"text-{number}", "api", **meta)
    return article_from_html(item.html or "", "api", item.id or f"html-{number}", **meta)


def to_articles(items: Sequence[ArticleRequest], max_bytes: int) -> list[ArticleInput]:
    """:func:`to_article` of each item, numbered from 1 (run where the analysis runs)."""
    return [to_article(item, max_bytes, n) for n, item in enumerate(items, 1)]


def _check_write(request: Request) -> None:
    settings = request.app.state.settings
    allowed = write_allowed(
        request.headers, allow_writes=request.app.state.allow_writes, token=settings.token
    )
    if not allowed:
        raise HTTPException(403, WRITE_REFUSED)


def _analyzer(request: Request) -> Analyzer:
    analyzer: Analyzer = request.app.state.analyzer
    return analyzer


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


@router.post(
    "/analyze",
    summary="Analyse one article (or a list) and return the output contract",
    responses={
        **COMMON_ERRORS,
        403: _error("'store' asked for without write access"),
        503: _error("The server is busy (see Retry-After) or the store is unavailable"),
    },
)
async def analyze(
    request: Request,
    body: Annotated[
        AnalyzeRequest | list[AnalyzeRequest],
        Body(
            description=f"One article, or a list of at most {MAX_BATCH}; the answer has the "
            "same shape: one output-contract object, or a list of them."
        ),
    ],
) -> Any:
    """The attribution ledger of the article (docs/output-contract.md).

    Nothing is stored unless ``store`` is true, which needs write access.
    """
    items = body if isinstance(body, list) else [body]
    if len(items) > MAX_BATCH:
        raise HTTPException(422, f"at most {MAX_BATCH} articles per request")
    if any(item.store for item in items):
        _check_write(request)
    max_bytes = request.app.state.settings.max_bytes
    results = await _analyzer(request).analyze(to_articles, items, max_bytes)
    stored = [r for r, item in zip(results, items, strict=True) if item.store]
    if stored:
        await _store(request).save(stored)
    objects = [article_to_dict(r) for r in results]
    return objects if isinstance(body, list) else objects[0]


@router.post(
    "/ingest",
    summary="Analyse articles and store them in the corpus",
    status_code=201,
    responses={
        **COMMON_ERRORS,
        403: _error("No write access"),
        503: _error("The server is busy (see Retry-After) or the store is unavailable"),
    },
)
async def ingest(request: Request, body: IngestRequest) -> dict[str, Any]:
    """Analyse each article and store it; returns what the store did with each."""
    _check_write(request)
    store = _store(request)
    max_bytes = request.app.state.settings.max_bytes
    results = await _analyzer(request).analyze(to_articles, body.articles, max_bytes)
    return await store.save(results)


Limit = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]
Text = Annotated[str | None, Query(max_length=500)]
Id = Annotated[int, Path(ge=1, le=2**62)]
STORE_ERRORS = {**COMMON_ERRORS, 503: _error("The store is unavailable")}
NOT_FOUND = {**STORE_ERRORS, 404: _error("No such item")}


@router.get("/articles", summary="Stored articles (stories), by id", responses=STORE_ERRORS)
async def articles(
    request: Request,
    q: Annotated[str | None, Query(max_length=500, description="Words in title or text.")] = None,
    outlet: Text = None,
    limit: Limit = PAGE_SIZE,
    offset: Offset = 0,
) -> dict[str, Any]:
    """A page of stored stories: ``{"items", "total", "limit", "offset"}``."""
    page = await _store(request).read(
        lambda c: c.articles(q=q or None, outlet=outlet or None, limit=limit, offset=offset)
    )
    return page.to_dict()


@router.get("/articles/{article_id}", summary="One stored article", responses=NOT_FOUND)
async def article(
    request: Request,
    article_id: Id,
    version: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
) -> dict[str, Any]:
    """A version of the story (the latest unless ``version`` is given), with
    its text, ledger, and the changes from the version before."""
    record = await _store(request).read(lambda c: c.article(article_id, version))
    where = f" version {version}" if version else ""
    return _found(record, f"no article {article_id}{where}")


@router.get("/claims", summary="Claims across the corpus", responses=STORE_ERRORS)
async def claims(
    request: Request,
    disputed: Annotated[bool | None, Query(description="Only disputed (or undisputed).")] = None,
    speaker: Annotated[str | None, Query(max_length=500, description="Part of a name.")] = None,
    since: Annotated[str | None, Query(max_length=40, description="YYYY-MM-DD.")] = None,
    q: Annotated[str | None, Query(max_length=500, description="Words of the claim.")] = None,
    limit: Limit = PAGE_SIZE,
    offset: Offset = 0,
) -> dict[str, Any]:
    """A page of claims, largest first, filtered by dispute, speaker, date and words."""
    page = await _store(request).read(
        lambda c: c.claims(
            disputed=disputed,
            speaker=speaker or None,
            since=since or None,
            q=q or None,
            limit=limit,
            offset=offset,
        )
    )
    return page.to_dict()


@router.get("/claims/{claim_id}", summary="One claim", responses=NOT_FOUND)
async def claim(request: Request, claim_id: Id) -> dict[str, Any]:
    """The claim with every statement of it (supporters and disputers) and evidence."""
    return _found(await _store(request).read(lambda c: c.claim(claim_id)), f"no claim {claim_id}")


@router.get("/speakers", summary="Speakers across the corpus", responses=STORE_ERRORS)
async def speakers(
    request: Request,
    q: Annotated[str | None, Query(max_length=500, description="Part of a name.")] = None,
    limit: Limit = PAGE_SIZE,
    offset: Offset = 0,
    kind: Annotated[
        Literal["all", "named", "descriptions"],
        Query(description="named: people and bodies; descriptions: kinds of source."),
    ] = "all",
) -> dict[str, Any]:
    """A page of speakers, most quoted first; each has ``description``: true
    for a kind of source ("experts"), which is not one person."""
    wanted = {"all": None, "named": False, "descriptions": True}[kind]
    page = await _store(request).read(
        lambda c: c.speakers(q=q or None, limit=limit, offset=offset, descriptions=wanted)
    )
    return page.to_dict()


@router.get("/speakers/{speaker}", summary="One speaker", responses=NOT_FOUND)
async def speaker(
    request: Request,
    speaker: Annotated[str, Path(min_length=1, max_length=500, description="Id or name.")],
) -> dict[str, Any]:
    """The speaker (by id or name), with titles over time and statements."""
    if speaker.isdigit() and (not speaker.isascii() or int(speaker) > 2**62):
        raise HTTPException(404, f"no speaker {speaker!r}")
    record = await _store(request).read(lambda c: c.speaker(speaker))
    return _found(record, f"no speaker {speaker!r}")


def _found(record: Any, message: str) -> dict[str, Any]:
    if record is None:
        raise HTTPException(404, message)
    result: dict[str, Any] = record.to_dict()
    return result
