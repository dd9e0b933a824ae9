"""Sources: the health of every registered feed, sitemap or site, and adding one.

Adding a source is a write: it needs the write token (and the CSRF token from the
page). Without a `kind` the URL is fetched once to discover its feeds.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Request
from pydantic import BaseModel, Field
from starlette.responses import RedirectResponse, Response

from marsad.store.protocol import Store
from marsad.web.render import features_of, page, settings_of, store_of
from marsad.web.security import bearer_token, check_csrf, check_token

router = APIRouter()
Kind = Literal["feed", "sitemap", "page"]


class NewSource(BaseModel):
    url: str = Field(..., min_length=1, max_length=2000)
    name: str | None = Field(None, max_length=200)
    kind: Kind | None = None


@router.get("/api/sources", tags=["sources"])
def api_sources(request: Request, store: Annotated[Store, Depends(store_of)]) -> dict[str, Any]:
    """Every source with its last success, last error, article and error counts."""
    return {"ok": True, "sources": features_of(request).list_sources(store)}


@router.post("/api/sources", tags=["sources"], status_code=201)
def api_add_source(
    request: Request, body: NewSource, store: Annotated[Store, Depends(store_of)]
) -> dict[str, Any]:
    """Register a source (needs `Authorization: Bearer <MARSAD_TOKEN>`)."""
    check_token(settings_of(request), bearer_token(request))
    return {"ok": True, **features_of(request).add_source(store, body.url, body.name, body.kind)}


@router.get("/sources", include_in_schema=False)
def sources_page(request: Request, store: Annotated[Store, Depends(store_of)]) -> Response:
    features = features_of(request)
    sources = features.list_sources(store) if features.sources is not None else None
    return page(request, "sources/sources.html", {"sources": sources})


@router.post("/sources", include_in_schema=False)
def add_from_form(
    request: Request,
    store: Annotated[Store, Depends(store_of)],
    url: Annotated[str, Form(max_length=2000)],
    name: Annotated[str, Form(max_length=200)] = "",
    kind: Annotated[Kind | Literal[""], Form()] = "",
    token: Annotated[str, Form(max_length=500)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    settings = settings_of(request)
    check_csrf(settings, request, csrf)
    check_token(settings, token)
    features_of(request).add_source(store, url, name, kind or None)
    return RedirectResponse("/sources", status_code=303)
