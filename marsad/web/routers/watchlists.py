"""Watchlists: saved searches or entities, new matches flagged, each with a feed.

Reading is open; saving needs the write token (and, from the page, the CSRF token).
No GET writes: a page view must never wait on the database's one writer (an ingest
can hold it for seconds). Matches stay flagged new until marked seen, by the page's
button or `POST /api/watchlists/{id}/seen`, so the next visit flags only what
arrived since.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Request
from pydantic import BaseModel, Field
from starlette.responses import RedirectResponse, Response

from marsad.services.watchlists import (
    create_watchlist,
    list_watchlists,
    mark_all_seen,
    watchlist_view,
)
from marsad.store.protocol import Store
from marsad.web.markup import SNIPPET_MARKERS
from marsad.web.params import Limit, Offset, WatchlistId
from marsad.web.render import page, settings_of, store_of
from marsad.web.security import bearer_token, check_csrf, check_token

router = APIRouter()
Kind = Literal["search", "entity"]


class NewWatchlist(BaseModel):
    name: str = Field("", max_length=200)
    kind: Kind = "search"
    target: str = Field(..., min_length=1, max_length=500)


@router.get("/api/watchlists", tags=["watchlists"])
def api_watchlists(store: Annotated[Store, Depends(store_of)]) -> dict[str, Any]:
    """Every saved watchlist."""
    return {"ok": True, "watchlists": list_watchlists(store)}


@router.post("/api/watchlists", tags=["watchlists"], status_code=201)
def api_create(
    request: Request, body: NewWatchlist, store: Annotated[Store, Depends(store_of)]
) -> dict[str, Any]:
    """Save a watchlist (needs `Authorization: Bearer <MARSAD_TOKEN>`)."""
    check_token(settings_of(request), bearer_token(request))
    return {"ok": True, "watchlist": create_watchlist(store, body.name, body.kind, body.target)}


@router.get("/api/watchlists/{watchlist_id}", tags=["watchlists"])
def api_watchlist(
    watchlist_id: WatchlistId,
    store: Annotated[Store, Depends(store_of)],
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """A watchlist's matches, newest first, each flagged `new` if stored since marked seen."""
    return {"ok": True, **watchlist_view(store, watchlist_id, limit=limit, offset=offset)}


@router.post("/api/watchlists/{watchlist_id}/seen", tags=["watchlists"])
def api_seen(
    request: Request, watchlist_id: WatchlistId, store: Annotated[Store, Depends(store_of)]
) -> dict[str, Any]:
    """Mark every current match seen (needs the write token)."""
    check_token(settings_of(request), bearer_token(request))
    mark_all_seen(store, watchlist_id)
    return {"ok": True}


@router.get("/watchlists", include_in_schema=False)
def watchlists_page(request: Request, store: Annotated[Store, Depends(store_of)]) -> Response:
    return page(request, "watchlists/list.html", {"watchlists": list_watchlists(store)})


@router.post("/watchlists", include_in_schema=False)
def create_from_form(
    request: Request,
    store: Annotated[Store, Depends(store_of)],
    target: Annotated[str, Form(max_length=500)],
    name: Annotated[str, Form(max_length=200)] = "",
    kind: Annotated[Kind, Form()] = "search",
    token: Annotated[str, Form(max_length=500)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    settings = settings_of(request)
    check_csrf(settings, request, csrf)
    check_token(settings, token)
    created = create_watchlist(store, name, kind, target)
    return RedirectResponse(f"/watchlists/{created['id']}", status_code=303)


@router.get("/watchlists/{watchlist_id}", include_in_schema=False)
def watchlist_page(
    request: Request, watchlist_id: WatchlistId, store: Annotated[Store, Depends(store_of)]
) -> Response:
    view = watchlist_view(store, watchlist_id, limit=50, markers=SNIPPET_MARKERS)
    return page(request, "watchlists/watchlist.html", {"view": view})


@router.post("/watchlists/{watchlist_id}/seen", include_in_schema=False)
def seen_from_form(
    request: Request,
    watchlist_id: WatchlistId,
    store: Annotated[Store, Depends(store_of)],
    token: Annotated[str, Form(max_length=500)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    settings = settings_of(request)
    check_csrf(settings, request, csrf)
    check_token(settings, token)
    mark_all_seen(store, watchlist_id)
    return RedirectResponse(f"/watchlists/{watchlist_id}", status_code=303)
