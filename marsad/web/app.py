"""`create_app`: the FastAPI application over one database.

One store is opened per application and shared by its worker threads (the SQLite
backend gives each thread its own read connection and serialises writes behind a
lock); it is closed when the server shuts down. Routers are thin: each page and its JSON
twin call the same service function.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp

from marsad.run.runtime import open_database
from marsad.web import arabic, errors
from marsad.web.features import Features
from marsad.web.render import STATIC, templates
from marsad.web.routers import (
    articles,
    docs,
    entities,
    events,
    feeds,
    home,
    outlets,
    places,
    search,
    sources,
    stories,
    volume,
    watchlists,
)
from marsad.web.security import SecurityHeaders
from marsad.web.settings import WebSettings

API_DESCRIPTION = (
    "Marsad's JSON API. Every page of the web interface has a twin here that answers "
    'from the same service call. Errors are `{"ok": false, "error": ..., "code": ...}`.'
)


class MarsadApp(FastAPI):
    """FastAPI with the security headers outside everything, error handling included.

    Middleware added with `add_middleware` sits inside Starlette's outermost error
    layer, so the 500 that layer answers would go out without the CSP.
    """

    def build_middleware_stack(self) -> ASGIApp:
        settings: WebSettings = self.state.settings
        return SecurityHeaders(super().build_middleware_stack(), settings=settings)


def create_app(db: str | None = None, *, settings: WebSettings | None = None) -> FastAPI:
    """The web application over the database `db` (a path or `sqlite:///path`; default
    `$MARSAD_DB`, else the per-user data file)."""
    settings = settings or WebSettings.from_env()
    store = open_database(db)

    @asynccontextmanager
    async def lifespan(running: FastAPI) -> AsyncIterator[None]:
        # A server runs this once; test clients may run it again and again, so a store
        # closed by an earlier shutdown is opened afresh.
        if running.state.store is None:
            running.state.store = open_database(db)
        try:
            yield
        finally:
            running.state.store.close()
            running.state.store = None

    app = MarsadApp(
        title="Marsad",
        description=API_DESCRIPTION,
        version="0.1.0",
        docs_url=None,  # the stock page loads scripts from a CDN; see routers/docs.py
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.settings = settings
    app.state.features = Features.detect()
    errors.install(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (home, articles, stories, search, entities, places, sources, watchlists):
        app.include_router(module.router)
    app.include_router(events.router)
    app.include_router(outlets.router)
    app.include_router(volume.router)
    volume.install(templates.env)
    arabic.install(templates.env)
    app.include_router(feeds.router)
    app.include_router(docs.router)
    return app
