"""The FastAPI application: :func:`create_app` wires the API, pages and guards.

- The spaCy pipeline is loaded once at startup: in the server process,
  analyses running in a thread (``workers=1``), or once in each of
  ``workers`` processes; bounded either way (:mod:`claimgraph.web.analysis`),
  a full queue answers 503 with ``Retry-After``.
- Every response carries a Content-Security-Policy and related headers;
  request bodies over ``Settings.max_bytes`` get 413
  (:mod:`claimgraph.web.security`).
- Errors under ``/api`` are JSON ``{"error": {"status", "message"}}``; page
  errors are an HTML page with the same message.
- Writes to the store need ``allow_writes`` or the bearer token
  ``Settings.token``.

Run it with ``claimgraph serve``; in tests, ``create_app(settings, nlp=...)``
with a loaded pipeline avoids loading the model again.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from spacy.language import Language
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from claimgraph.errors import ClaimgraphError, InputError, StoreError
from claimgraph.output import claimgraph_version
from claimgraph.settings import Settings
from claimgraph.web import api, pages, render
from claimgraph.web.analysis import Analyzer, Busy
from claimgraph.web.security import HEADERS, BodyLimit, SecurityHeaders
from claimgraph.web.store import Store
from claimgraph.web.workers import WorkerPool

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
#: How much of a validation error's detail goes into the message.
MAX_MESSAGE = 500


def _finalize(value: object) -> object:
    """Every ``{{ value }}`` of a template: user text has its bidirectional
    and invisible controls made visible (:func:`render.visible`) before it
    is escaped; markup built by :mod:`claimgraph.web.render` already has."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return render.visible(value)
    return value


def templates() -> Jinja2Templates:
    """The page templates, with autoescaping on for every template."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, finalize=_finalize)
    env.filters["http_url"] = render.http_url
    env.filters["unquoted"] = render.unquoted
    return Jinja2Templates(env=env)


def create_app(
    settings: Settings | None = None,
    *,
    db: str | None = None,
    allow_writes: bool = False,
    nlp: Language | None = None,
    threads: int = 1,
    queue: int = 64,
    workers: int = 1,
) -> FastAPI:
    """The claimgraph web app.

    Args:
        settings: model, limits (``max_bytes``), store path (``db``) and
            write token (``token``); default ``Settings.from_env()``.
        db: the store's path, overriding ``settings.db``.
        allow_writes: accept writes (``POST /api/ingest``, ``store``)
            from anyone; otherwise only with the bearer token.
        nlp: an already loaded pipeline (``claimgraph.nlp.pipeline.load_nlp``)
            for ``workers=1``; loaded from ``settings`` at startup when ``None``.
        threads: analyses run at the same time in threads (``workers=1``).
        queue: further analyses that may wait; beyond that, 503.
        workers: with more than 1, analyses run in that many processes, each
            loading the pipeline of ``settings`` once at startup (``nlp`` is
            then not used). The processes are spawned, so a script that
            starts the app this way needs the ``if __name__ == "__main__":``
            guard (multiprocessing's rule).
    """
    if workers < 1:
        raise ValueError("workers must be at least 1")
    settings = settings or Settings.from_env()
    # without any way to write, the store is opened read-only (a read-only
    # file or mount can then be served) and never created or changed
    store = Store(db or settings.db, settings, writable=allow_writes or bool(settings.token))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if workers > 1:
            pool = WorkerPool(settings, workers)
            analyzer = Analyzer(pool=pool, queue=queue, batch_size=settings.batch_size)
            try:
                await pool.start()
            except BaseException:
                pool.close()
                raise
        else:
            model = nlp if nlp is not None else await run_in_threadpool(_load, settings)
            analyzer = Analyzer(model, threads=threads, queue=queue, batch_size=settings.batch_size)
        app.state.analyzer = analyzer
        try:
            yield
        finally:
            analyzer.close()
            store.close()

    app = FastAPI(
        title="claimgraph",
        version=claimgraph_version(),
        description="Who claims what, on what evidence, relayed by whom, and who disputes it. "
        "Errors are JSON objects {error: {status, message}}.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.allow_writes = allow_writes
    app.state.store = store
    app.state.templates = templates()
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _install_error_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_bytes)
    app.add_middleware(SecurityHeaders)
    return app


def _load(settings: Settings) -> Language:
    from claimgraph.nlp.pipeline import load_nlp

    return load_nlp(settings)


# --------------------------------------------------------------------------
# errors


def error_response(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> Response:
    """JSON under ``/api`` (and for non-page clients), an HTML page otherwise."""
    if request.url.path.startswith("/api") or not _wants_html(request):
        return JSONResponse(
            {"error": {"status": status, "message": message}}, status_code=status, headers=headers
        )
    page: Jinja2Templates = request.app.state.templates
    return page.TemplateResponse(
        request,
        "error.html",
        {"status": status, "message": message},
        status_code=status,
        headers=headers,
    )


def _wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "") or request.method == "POST"


DEFAULT_MESSAGES = {
    404: "no such page or API route (the API is described at /api/openapi.json)",
    405: "this method is not allowed here (see the Allow header)",
}


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        default = DEFAULT_MESSAGES.get(exc.status_code)
        if default and message in ("Not Found", "Method Not Allowed"):
            message = default
        return error_response(request, exc.status_code, message, dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = list(exc.errors())
        if any(e.get("type") == "json_invalid" for e in errors):
            return error_response(request, 400, "the request body is not valid JSON")
        return error_response(request, 422, validation_message(errors))

    @app.exception_handler(Busy)
    async def busy(request: Request, exc: Busy) -> Response:
        return error_response(request, 503, str(exc), {"Retry-After": str(exc.retry_after)})

    @app.exception_handler(InputError)
    async def bad_input(request: Request, exc: InputError) -> Response:
        return error_response(request, 422, f"cannot analyse this input: {exc}")

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        return error_response(request, 503, str(exc))

    @app.exception_handler(ClaimgraphError)
    async def claimgraph_error(request: Request, exc: ClaimgraphError) -> Response:
        return error_response(request, 500, str(exc))

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        # Starlette answers unexpected errors outside every middleware, so
        # this response carries the security headers itself.
        headers = {k.decode(): v.decode() for k, v in HEADERS}
        message = f"internal error ({type(exc).__name__}); the server log has the details"
        return error_response(request, 500, message, headers)


def validation_message(errors: list[Any]) -> str:
    """One line naming each invalid field and why (never echoing the input)."""
    # A body that may be one object or a list fails both ways; report the
    # failure of the alternative that fits what was sent (the object one).
    single = [e for e in errors if not any(str(p).startswith("list[") for p in e.get("loc", ()))]
    parts = []
    for e in single or errors:
        loc = ".".join(str(p) for p in e.get("loc", ()) if p != "body" and not _is_tag(p)) or "body"
        msg = str(e.get("msg", "invalid")).removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}")
    message = "invalid request: " + "; ".join(parts)
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"


def _is_tag(part: object) -> bool:
    """Pydantic's names for union members and validators in an error location."""
    return isinstance(part, str) and ("[" in part or "(" in part)
