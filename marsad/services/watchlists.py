"""Watchlists: saved searches or entities, with what is new since last marked seen.

A watchlist remembers the newest article id when it was last marked seen; articles with
a higher id arrived since and are flagged `new`. Ids grow with every stored article,
so "new" means "stored since", whatever date the article itself carries.
"""

from __future__ import annotations

from typing import Any

from marsad.errors import InputError
from marsad.services.facets import SearchRequest, faceted_search
from marsad.store.highlight import DEFAULT_MARKERS, Markers
from marsad.store.protocol import Store
from marsad.store.sqlite_web import WATCHLIST_KINDS, SearchFilters, as_web_store

MAX_NAME = 200
MAX_TARGET = 500


def create_watchlist(store: Store, name: str, kind: str, target: str) -> dict[str, Any]:
    """Save a watchlist of `kind` "search" (target: a query) or "entity" (an entity id)."""
    name, target = " ".join(name.split()), target.strip()
    if kind not in WATCHLIST_KINDS:
        raise InputError(f"kind must be one of {', '.join(WATCHLIST_KINDS)}, not {kind!r}")
    if not target or len(target) > MAX_TARGET:
        raise InputError(f"the watched query or entity must have 1 to {MAX_TARGET} characters")
    if len(name) > MAX_NAME:
        raise InputError(f"the name must have at most {MAX_NAME} characters")
    web = as_web_store(store)
    if kind == "entity":
        web.entity_info(target)  # raises NotFound for an unknown entity
    watchlist_id = web.add_watchlist(name or target, kind, target)
    return web.watchlist(watchlist_id)


def list_watchlists(store: Store) -> list[dict[str, Any]]:
    return as_web_store(store).watchlists()


def _request(watchlist: dict[str, Any], limit: int, offset: int) -> SearchRequest:
    if watchlist["kind"] == "entity":
        return SearchRequest(
            filters=SearchFilters(entity=watchlist["target"]),
            sort="date",
            limit=limit,
            offset=offset,
        )
    return SearchRequest(query=watchlist["target"], sort="date", limit=limit, offset=offset)


def watchlist_view(
    store: Store,
    watchlist_id: int,
    *,
    limit: int = 20,
    offset: int = 0,
    markers: Markers = DEFAULT_MARKERS,
) -> dict[str, Any]:
    """`{"watchlist", "matches": [hit + "new"], "total", "new", "newest_id", ...}`.

    Raises `NotFound` for an unknown watchlist. Reading does not mark anything seen:
    call `mark_seen` with `newest_id` once the matches have been shown.
    """
    web = as_web_store(store)
    watchlist = web.watchlist(watchlist_id)
    found = faceted_search(store, _request(watchlist, limit, offset), markers=markers, facets=False)
    seen = int(watchlist["seen_up_to"])
    matches = [{**hit, "new": hit["id"] > seen} for hit in found["hits"]]
    return {
        "watchlist": watchlist,
        "matches": matches,
        "new": sum(1 for match in matches if match["new"]),
        "total": found["total"],
        "limit": limit,
        "offset": offset,
        "newest_id": web.newest_article_id(),
    }


def mark_seen(store: Store, watchlist_id: int, up_to: int) -> None:
    """Flag articles up to id `up_to` as seen for this watchlist."""
    web = as_web_store(store)
    web.watchlist(watchlist_id)
    web.mark_watchlist_seen(watchlist_id, up_to)


def mark_all_seen(store: Store, watchlist_id: int) -> None:
    """Flag every article stored so far as seen for this watchlist (an explicit write)."""
    mark_seen(store, watchlist_id, as_web_store(store).newest_article_id())
