"""``claimgraph serve``: the web app (API and pages) under uvicorn.

Holds no logic: it builds :func:`claimgraph.web.app.create_app` and runs it.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import click

from claimgraph.cli.options import (
    DB_OPTION,
    MODEL_OPTION,
    workers_option,
)
from claimgraph.errors import ClaimgraphError
from claimgraph.extras import require
from claimgraph.settings import Settings

LOOPBACK = ("127.0.0.1", "::1", "localhost")


#: Seconds ``serve`` waits for requests in flight when told to stop.
SHUTDOWN_SECONDS = 3


@click.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port."
)
@click.option(
    "--allow-writes",
    is_flag=True,
    help="Let anyone store articles (POST /api/ingest, store=true); without it, writes "
    "need 'Authorization: Bearer $CLAIMGRAPH_TOKEN'.",
)
@MODEL_OPTION
@click.option(
    "--queue",
    type=click.IntRange(min=0),
    default=64,
    show_default=True,
    help="Analyses that may wait for a free worker; more get 503 with Retry-After.",
)
@workers_option(
    "Analyses run at once, each in its own process with its own copy of the model "
    "[default: the number of cores]; 1 analyses in the server process, one at a time."
)
def serve(
    db: Path | None,
    host: str,
    port: int,
    allow_writes: bool,
    model: str | None,
    queue: int,
    workers: int | None,
) -> None:
    """Serve the web pages and the JSON API.

    Pages: /analyze (paste an article, see its attributions in place),
    /articles, /claims, /speakers. API: /api/... described by the OpenAPI
    schema at /api/openapi.json. Needs the web extra:
    pip install 'claimgraph[web]'.

    \b
    Examples:
      claimgraph serve
      claimgraph serve --db news.db --port 8080 --workers 4
      CLAIMGRAPH_TOKEN=secret claimgraph serve --host 0.0.0.0
    """
    try:
        require("fastapi", "web")
        uvicorn = require("uvicorn", "web")
        from claimgraph.web.app import create_app
        from claimgraph.web.workers import cores

        settings = Settings.from_env(db=str(db) if db else None, extractor=model)
    except ClaimgraphError as exc:
        raise click.ClickException(str(exc)) from exc
    if host not in LOOPBACK and allow_writes:
        click.echo(
            f"claimgraph: warning: --allow-writes on {host} lets anyone who can reach it "
            "write to the store; prefer CLAIMGRAPH_TOKEN",
            err=True,
        )
    app = create_app(settings, allow_writes=allow_writes, queue=queue, workers=workers or cores())
    # SIGTERM or SIGINT: stop accepting, give requests in flight a few
    # seconds, stop the worker processes and close the store (the app's
    # shutdown), then exit even if an analysis is still running in a worker
    # thread (it would hold the process for as long as the analysis takes).
    uvicorn.run(
        app, host=host, port=port, log_level="info", timeout_graceful_shutdown=SHUTDOWN_SECONDS
    )
    main_thread = threading.main_thread()
    if any(t.is_alive() and not t.daemon and t is not main_thread for t in threading.enumerate()):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
