"""Watchlists: saved searches (query and facets), their alerts, new matches flagged.

Reading is open; saving, editing, pausing and deleting need the write token (and,
from a page, the CSRF token). No GET writes: a page view must never wait on the
database's one writer (an ingest can hold it for seconds). Matches stay flagged new
until marked seen, by the page's button or `POST /api/watchlists/{id}/seen`. A
webhook's secret is shown when made and on an explicit, authorised request only.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Query, Request
from pydantic import BaseModel, Field
from starlette.responses import HTMLResponse, RedirectResponse, Response

from marsad.services.events import DISPLAY_NAMES_AR, TYPE_NAMES_AR
from marsad.services.suggest import suggest
from marsad.services.watchlists import (
    create_watchlist,
    delete_watchlist,
    get_watchlist,
    list_watchlists,
    mark_all_seen,
    new_secret,
    public,
    save_event_watchlist,
    save_search,
    update_watchlist,
    watchlist_view,
)
from marsad.store.protocol import Store
from marsad.web.markup import SNIPPET_MARKERS
from marsad.web.params import Limit, Offset, WatchlistId
from marsad.web.render import page, settings_of, store_of, templates
from marsad.web.security import bearer_token, check_csrf, check_token

router = APIRouter()
Kind = Literal["search", "entity"]
AlertOn = Literal["matches", "spikes", "both"]
EmailMode = Literal["immediate", "digest"]
FormText = Annotated[str, Form(max_length=500)]
FormShort = Annotated[str, Form(max_length=300)]
FORM_FIELDS = (
    "name",
    "query",
    "site",
    "source",
    "entity",
    "place",
    "lang",
    "date_from",
    "date_to",
    "alert_on",
    "webhook_url",
    "email_to",
    "email_mode",
)


class WatchlistFields(BaseModel):
    """A saved search's fields; every one optional when editing."""

    name: str | None = Field(None, max_length=200)
    query: str | None = Field(None, max_length=500)
    site: str | None = Field(None, max_length=300)
    source: str | None = Field(None, max_length=300)
    entity: str | None = Field(None, max_length=300, description="an entity id or name")
    place: str | None = Field(None, max_length=300, description="a place name")
    lang: str | None = Field(None, max_length=20)
    date_from: str | None = Field(None, max_length=10, description="YYYY-MM-DD")
    date_to: str | None = Field(None, max_length=10, description="YYYY-MM-DD")
    paused: bool | None = None
    alert_on: AlertOn | None = None
    webhook_url: str | None = Field(None, max_length=2000)
    email_to: str | None = Field(None, max_length=2000)
    email_mode: EmailMode | None = None


class NewWatchlist(WatchlistFields):
    """A new saved search; `kind` and `target` are the older form (a query or entity id)."""

    kind: Kind | None = None
    target: str | None = Field(None, min_length=1, max_length=500)


def _given(fields: WatchlistFields) -> dict[str, Any]:
    return {key: value for key, value in fields.model_dump().items() if value is not None}


@router.get("/api/watchlists", tags=["watchlists"])
def api_watchlists(store: Annotated[Store, Depends(store_of)]) -> dict[str, Any]:
    """Every saved watchlist (without webhook secrets)."""
    return {"ok": True, "watchlists": list_watchlists(store)}


@router.post("/api/watchlists", tags=["watchlists"], status_code=201)
def api_create(
    request: Request, body: NewWatchlist, store: Annotated[Store, Depends(store_of)]
) -> dict[str, Any]:
    """Save a watchlist (needs `Authorization: Bearer <MARSAD_TOKEN>`).

    The answer holds the webhook's `webhook_secret` when a webhook is set: keep it to
    verify `X-Marsad-Signature`.
    """
    check_token(settings_of(request), bearer_token(request))
    if body.target is not None:
        created = create_watchlist(store, body.name or "", body.kind or "search", body.target)
        return {"ok": True, "watchlist": created}
    fields = _given(body)
    fields.pop("kind", None)
    fields.pop("target", None)
    return {"ok": True, "watchlist": save_search(store, fields)}


@router.get("/api/watchlists/{watchlist_id}", tags=["watchlists"])
def api_watchlist(
    watchlist_id: WatchlistId,
    store: Annotated[Store, Depends(store_of)],
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """A watchlist's matches, newest first, each flagged `new` if stored since marked seen."""
    return {"ok": True, **watchlist_view(store, watchlist_id, limit=limit, offset=offset)}


@router.patch("/api/watchlists/{watchlist_id}", tags=["watchlists"])
def api_update(
    request: Request,
    watchlist_id: WatchlistId,
    body: WatchlistFields,
    store: Annotated[Store, Depends(store_of)],
) -> dict[str, Any]:
    """Change a watchlist's query, facets, delivery, or pause it (`paused: true`)."""
    check_token(settings_of(request), bearer_token(request))
    return {"ok": True, "watchlist": public(update_watchlist(store, watchlist_id, _given(body)))}


@router.delete("/api/watchlists/{watchlist_id}", tags=["watchlists"])
def api_delete(
    request: Request, watchlist_id: WatchlistId, store: Annotated[Store, Depends(store_of)]
) -> dict[str, Any]:
    """Delete a watchlist and its delivery records."""
    check_token(settings_of(request), bearer_token(request))
    delete_watchlist(store, watchlist_id)
    return {"ok": True}


@router.post("/api/watchlists/{watchlist_id}/secret", tags=["watchlists"])
def api_secret(
    request: Request, watchlist_id: WatchlistId, store: Annotated[Store, Depends(store_of)]
) -> dict[str, Any]:
    """A new webhook secret (the old one stops verifying)."""
    check_token(settings_of(request), bearer_token(request))
    return {"ok": True, "webhook_secret": new_secret(store, watchlist_id)}


@router.post("/api/watchlists/{watchlist_id}/seen", tags=["watchlists"])
def api_seen(
    request: Request, watchlist_id: WatchlistId, store: Annotated[Store, Depends(store_of)]
) -> dict[str, Any]:
    """Mark every current match seen (needs the write token)."""
    check_token(settings_of(request), bearer_token(request))
    mark_all_seen(store, watchlist_id)
    return {"ok": True}


@router.get("/api/suggest", tags=["watchlists"])
def api_suggest(
    store: Annotated[Store, Depends(store_of)],
    kind: Literal["entity", "place"],
    q: Annotated[str, Query(max_length=100)] = "",
    limit: Annotated[int, Query(ge=1, le=20)] = 10,
) -> dict[str, Any]:
    """Stored entity or place names beginning with `q` (Arabic spelling variants folded)."""
    return {"ok": True, "suggestions": suggest(store, kind, q, limit)}


@router.get("/watchlists/suggest", include_in_schema=False)
def suggest_options(
    request: Request,
    store: Annotated[Store, Depends(store_of)],
    kind: Literal["entity", "place"],
    entity: Annotated[str, Query(max_length=100)] = "",
    place: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    """`<option>`s for a picker's datalist, as the typed field sends itself."""
    found = suggest(store, kind, entity if kind == "entity" else place, 10)
    html = templates.env.get_template("watchlists/_options.html").render(suggestions=found)
    return HTMLResponse(html)


@router.get("/watchlists", include_in_schema=False)
def watchlists_page(request: Request, store: Annotated[Store, Depends(store_of)]) -> Response:
    return page(request, "watchlists/list.html", {"watchlists": list_watchlists(store)})


def _authorised(request: Request, token: str, csrf: str) -> None:
    settings = settings_of(request)
    check_csrf(settings, request, csrf)
    check_token(settings, token)


async def _form_fields(request: Request) -> dict[str, Any]:
    """The watchlist fields a form sent (empty ones clear a facet)."""
    form = await request.form()
    fields: dict[str, Any] = {}
    for name in FORM_FIELDS:
        value = form.get(name)
        if isinstance(value, str):
            fields[name] = value[:2000]
    return fields


@router.post("/watchlists", include_in_schema=False)
async def create_from_form(
    request: Request,
    store: Annotated[Store, Depends(store_of)],
    token: FormText = "",
    csrf: FormShort = "",
    kind: Annotated[Kind | None, Form()] = None,
    target: FormText = "",
) -> Response:
    """Save a watchlist from the list page or, in one click, from a search page."""
    _authorised(request, token, csrf)
    fields = await _form_fields(request)
    if target:
        created = create_watchlist(store, fields.get("name", ""), kind or "search", target)
    else:
        created = save_search(store, {k: v for k, v in fields.items() if v})
    return RedirectResponse(f"/watchlists/{created['id']}", status_code=303)


@router.post("/watchlists/events", include_in_schema=False)
def create_from_events(
    request: Request,
    store: Annotated[Store, Depends(store_of)],
    token: FormText = "",
    csrf: FormShort = "",
    type: FormShort = "",
    place: FormShort = "",
    date_from: Annotated[str, Form(alias="from", max_length=10)] = "",
    name: FormShort = "",
) -> Response:
    """Save the `/events` page's filters as an event watchlist, in one click."""
    _authorised(request, token, csrf)
    fields = {"type": type, "place": place, "from": date_from, "name": name}
    created = save_event_watchlist(store, fields)
    return RedirectResponse(f"/watchlists/{created['id']}", status_code=303)


@router.get("/watchlists/{watchlist_id}", include_in_schema=False)
def watchlist_page(
    request: Request, watchlist_id: WatchlistId, store: Annotated[Store, Depends(store_of)]
) -> Response:
    view = watchlist_view(store, watchlist_id, limit=50, markers=SNIPPET_MARKERS)
    names = TYPE_NAMES_AR | DISPLAY_NAMES_AR
    return page(request, "watchlists/watchlist.html", {"view": view, "event_names": names})


@router.get("/watchlists/{watchlist_id}/edit", include_in_schema=False)
def edit_page(
    request: Request, watchlist_id: WatchlistId, store: Annotated[Store, Depends(store_of)]
) -> Response:
    watchlist = public(get_watchlist(store, watchlist_id))
    return page(request, "watchlists/edit.html", {"w": watchlist})


@router.post("/watchlists/{watchlist_id}/edit", include_in_schema=False)
async def edit_from_form(
    request: Request,
    watchlist_id: WatchlistId,
    store: Annotated[Store, Depends(store_of)],
    token: FormText = "",
    csrf: FormShort = "",
) -> Response:
    _authorised(request, token, csrf)
    update_watchlist(store, watchlist_id, await _form_fields(request))
    return RedirectResponse(f"/watchlists/{watchlist_id}", status_code=303)


@router.post("/watchlists/{watchlist_id}/pause", include_in_schema=False)
def pause_from_form(
    request: Request,
    watchlist_id: WatchlistId,
    store: Annotated[Store, Depends(store_of)],
    paused: Annotated[bool, Form()],
    token: FormText = "",
    csrf: FormShort = "",
) -> Response:
    _authorised(request, token, csrf)
    update_watchlist(store, watchlist_id, {"paused": paused})
    return RedirectResponse(f"/watchlists/{watchlist_id}", status_code=303)


@router.post("/watchlists/{watchlist_id}/delete", include_in_schema=False)
def delete_from_form(
    request: Request,
    watchlist_id: WatchlistId,
    store: Annotated[Store, Depends(store_of)],
    token: FormText = "",
    csrf: FormShort = "",
) -> Response:
    _authorised(request, token, csrf)
    delete_watchlist(store, watchlist_id)
    return RedirectResponse("/watchlists", status_code=303)


@router.post("/watchlists/{watchlist_id}/secret", include_in_schema=False)
def secret_from_form(
    request: Request,
    watchlist_id: WatchlistId,
    store: Annotated[Store, Depends(store_of)],
    renew: Annotated[bool, Form()] = False,
    token: FormText = "",
    csrf: FormShort = "",
) -> Response:
    """Show the webhook secret (or a new one) to whoever holds the write token."""
    _authorised(request, token, csrf)
    secret = (
        new_secret(store, watchlist_id)
        if renew
        else get_watchlist(store, watchlist_id)["webhook_secret"]
    )
    watchlist = public(get_watchlist(store, watchlist_id))
    return page(request, "watchlists/edit.html", {"w": watchlist, "secret": secret or ""})


@router.post("/watchlists/{watchlist_id}/seen", include_in_schema=False)
def seen_from_form(
    request: Request,
    watchlist_id: WatchlistId,
    store: Annotated[Store, Depends(store_of)],
    token: FormText = "",
    csrf: FormShort = "",
) -> Response:
    _authorised(request, token, csrf)
    mark_all_seen(store, watchlist_id)
    return RedirectResponse(f"/watchlists/{watchlist_id}", status_code=303)
