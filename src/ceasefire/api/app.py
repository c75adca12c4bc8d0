"""The app factory: the /api routes, the dashboard's files, one error shape, the guard."""

from __future__ import annotations

import importlib
import logging
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, Response
from starlette.staticfiles import StaticFiles

from ceasefire import __version__
from ceasefire.api import routes, uploads
from ceasefire.api.guard import LOOPBACK_HOSTS, Guard
from ceasefire.api.responses import (
    ApiError,
    SafeJSONResponse,
    error,
    from_ceasefire,
)
from ceasefire.api.snapshot import POLL_S, Snapshots
from ceasefire.config import Config
from ceasefire.errors import CeasefireError

log = logging.getLogger("ceasefire.api")

# Uploads are JSON reports; 2 MB holds MAX_REPORTS long articles. Read requests have no
# body, so the limit only ever bites on POST /api/documents.
MAX_BODY = 2 * 1024 * 1024
# The dashboard's client-side routes: each answers with the same page.
PAGES = ("/", "/events", "/agreements", "/agreements/{agreement_id}", "/documents/{doc_id}")


def create_app(db_path: str | Path, *, token: str | None = None, max_body: int = MAX_BODY,
               hosts: Iterable[str] | None = LOOPBACK_HOSTS, static_dir: Path | None = None,
               snapshot_dir: Path | None = None, poll_s: float = POLL_S,
               config: Config | None = None) -> FastAPI:
    """The API over the DuckDB file ``db_path``, which it reads through snapshots.

    ``token`` enables POST /api/documents; ``hosts`` are the Host header names answered
    (None: any); ``static_dir`` holds the dashboard (default: the packaged build).
    """
    snapshots = Snapshots(db_path, snapshot_dir, poll_s=poll_s)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        snapshots.start()
        try:
            yield
        finally:
            snapshots.stop()

    app = FastAPI(title="ceasefire", version=__version__, lifespan=lifespan,
                  docs_url=None, redoc_url=None,  # their pages load scripts from a CDN
                  default_response_class=SafeJSONResponse,
                  description="Events, actors, places, agreements and the sentences behind "
                              "them, read from a ceasefire database. docs/api.md has more.")
    app.state.snapshots = snapshots
    app.state.token = token or None
    app.state.config = config or Config()
    app.state.stats_cache = routes.StatsCache()
    app.include_router(routes.router)
    app.include_router(uploads.router)
    _error_handlers(app)
    _dashboard(app, static_dir or _packaged_dashboard())
    app.add_middleware(Guard, max_body=max_body, hosts=hosts)
    return app


def _error_handlers(app: FastAPI) -> None:
    async def api_error(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return exc.response()

    async def library_error(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, CeasefireError)
        return from_ceasefire(exc)

    async def http_error(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return error(exc.status_code, str(exc.detail),
                     headers=dict(exc.headers) if exc.headers else None)

    async def invalid(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return error(422, "; ".join(_problem(e) for e in exc.errors()))

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(CeasefireError, library_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)


def _problem(err: dict[str, object]) -> str:
    """'query.limit: Input should be less than or equal to 1000' (the value itself is not
    echoed back: it may be long, and it is the client's own)."""
    loc = err.get("loc", ())
    where = ".".join(str(p) for p in loc) if isinstance(loc, list | tuple) else str(loc)
    return f"{where}: {err.get('msg', 'invalid')}"


def _packaged_dashboard() -> Path:
    """``ceasefire.web.static_dir()`` when the web package offers it, else its build folder."""
    try:
        finder = getattr(importlib.import_module("ceasefire.web"), "static_dir", None)
    except ImportError:
        finder = None
    if callable(finder):
        return Path(finder())
    return Path(__file__).resolve().parent.parent / "web" / "static"


def _dashboard(app: FastAPI, static: Path) -> None:
    """The dashboard page on its own routes, its assets from ``static`` at /."""
    index = static / "index.html"

    async def page() -> Response:
        if not index.is_file():
            return error(404, "the dashboard is not built (make install builds it); "
                              "the API is under /api", "E_NO_DASHBOARD")
        return FileResponse(index, media_type="text/html; charset=utf-8",
                            headers={"cache-control": "no-cache"})

    for path in PAGES:
        app.add_api_route(path, page, methods=["GET"], include_in_schema=False)
    if static.is_dir():
        app.mount("/", StaticFiles(directory=static), name="dashboard")
