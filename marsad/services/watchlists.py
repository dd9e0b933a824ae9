"""Watchlists: saved searches (a query and facets), with what is new since last seen.

A watchlist remembers the newest article id when it was last marked seen; articles with
a higher id arrived since and are flagged `new`. Ids grow with every stored article,
so "new" means "stored since", whatever date the article itself carries. The same
ids drive alerts (`marsad.services.alerts`): each delivery channel keeps its own
cursor. An older "entity" watchlist is a saved search with only the entity facet.

An event watchlist (`watches = "events"`) keeps the `/events` page's filters (a type
or sub-type, a place, a first day) and counts in event ids instead: events made since
it was last seen are new, and its alerts send each new event once.
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlsplit

from marsad.errors import InputError
from marsad.events.filters import EventFilters, event_filters
from marsad.services.events import list_events
from marsad.services.facets import SearchFilters, SearchRequest, faceted_search
from marsad.services.query import Field, Or, format_query, parse_query
from marsad.services.suggest import resolve_entity, resolve_place
from marsad.store.highlight import DEFAULT_MARKERS, Markers
from marsad.store.protocol import Store
from marsad.store.protocol_alerts import (
    ALERT_ON,
    EMAIL_MODES,
    AlertStore,
    Selection,
)

WATCHLIST_KINDS = ("search", "entity")
QUERY_FIELDS = ("site", "source", "entity", "place", "lang", "from", "to")
MAX_NAME = 200
MAX_TARGET = 500
MAX_FACET = 300
MAX_EMAILS = 10
FACETS = ("site", "source", "entity", "place", "lang", "date_from", "date_to")
# What the API shows: the webhook secret is given once, when made, and on request.
PRIVATE = ("webhook_secret",)


def _clean(value: Any, limit: int, what: str) -> str | None:
    text = " ".join(str(value).split()) if value is not None else ""
    if len(text) > limit:
        raise InputError(f"{what} must have at most {limit} characters")
    return text or None


def _day(value: str | None, what: str) -> str | None:
    if value is None:
        return None
    parts = value.split("-")
    if len(value) != 10 or len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts):
        raise InputError(f"{what} must be a date YYYY-MM-DD, not {value!r}")
    return value


def _webhook_url(value: str | None) -> str | None:
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"the webhook must be an http(s) URL, not {value!r}")
    return value


def _emails(value: str | None) -> str | None:
    if value is None:
        return None
    addresses = [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
    if len(addresses) > MAX_EMAILS:
        raise InputError(f"at most {MAX_EMAILS} e-mail addresses")
    for address in addresses:
        local, at, domain = address.rpartition("@")
        if not (at and local and "." in domain) or any(c.isspace() for c in address):
            raise InputError(f"not an e-mail address: {address!r}")
    return ", ".join(addresses) or None


def clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Validated watchlist fields (only those given); raises `InputError` or `QueryError`."""
    cleaned: dict[str, Any] = {}
    if "name" in fields:
        cleaned["name"] = _clean(fields["name"], MAX_NAME, "the name") or ""
    if "query" in fields:
        query = (fields["query"] or "").strip()
        if len(query) > MAX_TARGET:
            raise InputError(f"the query must have at most {MAX_TARGET} characters")
        if query:
            parse_query(query)  # a malformed query is refused with its Arabic error
        cleaned["query"] = query
    for facet in ("site", "source", "entity", "place", "lang"):
        if facet in fields:
            cleaned[facet] = _clean(fields[facet], MAX_FACET, facet)
    if cleaned.get("source") and '"' in cleaned["source"]:
        raise InputError("the credited source must not hold a double quote")
    for facet in ("date_from", "date_to"):
        if facet in fields:
            cleaned[facet] = _day(_clean(fields[facet], 10, facet), facet)
    if "event_type" in fields:
        wanted = _clean(fields["event_type"], MAX_FACET, "the event type")
        cleaned["event_type"] = event_filters(type=wanted).type
    if "paused" in fields:
        cleaned["paused"] = 1 if fields["paused"] else 0
    if "alert_on" in fields:
        if fields["alert_on"] not in ALERT_ON:
            raise InputError(f"alert_on must be one of {', '.join(ALERT_ON)}")
        cleaned["alert_on"] = fields["alert_on"]
    if "email_mode" in fields:
        if fields["email_mode"] not in EMAIL_MODES:
            raise InputError(f"email_mode must be one of {', '.join(EMAIL_MODES)}")
        cleaned["email_mode"] = fields["email_mode"]
    if "webhook_url" in fields:
        cleaned["webhook_url"] = _webhook_url(_clean(fields["webhook_url"], 2000, "the webhook"))
    if "email_to" in fields:
        cleaned["email_to"] = _emails(_clean(fields["email_to"], 2000, "the e-mail addresses"))
    return cleaned


def _resolve_names(store: Store, fields: dict[str, Any]) -> None:
    """An entity or place typed by name becomes its facet value (an id, a stored name)."""
    if fields.get("entity"):
        fields["entity"] = resolve_entity(store, fields["entity"])
    if fields.get("place"):
        fields["place"] = resolve_place(store, fields["place"])


def _check_watchable(alerts: AlertStore, fields: dict[str, Any]) -> None:
    """A saved search must say what it watches; a named entity must exist."""
    if watches_events(fields):
        if not any(fields.get(name) for name in ("event_type", "place", "date_from")):
            raise InputError("an event watchlist needs a type, a place or a first day")
        return
    if not fields.get("query") and not any(fields.get(facet) for facet in FACETS):
        raise InputError("a watchlist needs a query or at least one facet")
    if fields.get("entity"):
        alerts.entity_info(fields["entity"])  # raises NotFound for an unknown entity


def public(watchlist: dict[str, Any]) -> dict[str, Any]:
    """A watchlist as shown to any reader: without its webhook secret."""
    shown = {key: value for key, value in watchlist.items() if key not in PRIVATE}
    shown["has_secret"] = bool(watchlist.get("webhook_secret"))
    shown["paused"] = bool(watchlist.get("paused"))
    return shown


def save_search(store: Store, fields: dict[str, Any]) -> dict[str, Any]:
    """Save a watchlist from a query and facets; returns it with its webhook secret."""
    alerts = store
    cleaned = clean_fields(fields)
    cleaned.setdefault("query", "")
    _resolve_names(store, cleaned)
    _check_watchable(alerts, cleaned)
    if cleaned.get("webhook_url"):
        cleaned["webhook_secret"] = secrets.token_hex(32)
    name = cleaned.pop("name", "") or cleaned["query"] or _facet_label(cleaned)
    watchlist_id = alerts.save_search(name, cleaned)
    return alerts.saved_search(watchlist_id)


def watches_events(watchlist: dict[str, Any]) -> bool:
    """Whether a watchlist watches events (else articles)."""
    return watchlist.get("watches") == "events"


def save_event_watchlist(store: Store, fields: dict[str, Any]) -> dict[str, Any]:
    """Save the `/events` filters (`type`, `place`, `from`) as an event watchlist.

    Events made from now on are its new ones; the optional first day narrows by the
    event's date, as the page does. Returns it with its webhook secret, if any.
    """
    filters = event_filters(fields.get("from"), None, fields.get("type"), fields.get("place"))
    given = {key: fields[key] for key in ("name", "webhook_url", "email_to") if fields.get(key)}
    cleaned = clean_fields(given)
    cleaned |= {"query": "", "watches": "events", "event_type": filters.type}
    cleaned |= {"place": filters.place, "date_from": filters.date_from}
    _check_watchable(store, cleaned)
    if cleaned.get("webhook_url"):
        cleaned["webhook_secret"] = secrets.token_hex(32)
    name = cleaned.pop("name", "") or _event_label(filters)
    return store.saved_search(store.save_search(name, cleaned))


def _event_label(filters: EventFilters) -> str:
    parts = [filters.type, filters.place, filters.date_from and f"منذ {filters.date_from}"]
    return "أحداث: " + " · ".join(part for part in parts if part)


def event_filters_of(watchlist: dict[str, Any]) -> EventFilters:
    """The events an event watchlist watches, as the store filters them."""
    return EventFilters(
        date_from=watchlist.get("date_from"),
        type=watchlist.get("event_type"),
        place=watchlist.get("place"),
    )


def _facet_label(fields: dict[str, Any]) -> str:
    return " ".join(f"{facet}:{fields[facet]}" for facet in FACETS if fields.get(facet))


def create_watchlist(store: Store, name: str, kind: str, target: str) -> dict[str, Any]:
    """Save a watchlist of `kind` "search" (target: a query) or "entity" (an entity id)."""
    if kind not in WATCHLIST_KINDS:
        raise InputError(f"kind must be one of {', '.join(WATCHLIST_KINDS)}, not {kind!r}")
    target = target.strip()
    if not target or len(target) > MAX_TARGET:
        raise InputError(f"the watched query or entity must have 1 to {MAX_TARGET} characters")
    facet = "query" if kind == "search" else "entity"
    return public(save_search(store, {"name": name or target, facet: target}))


def update_watchlist(store: Store, watchlist_id: int, fields: dict[str, Any]) -> dict[str, Any]:
    """Change a watchlist's query, facets, delivery or pause; raises `NotFound`."""
    alerts = store
    current = alerts.saved_search(watchlist_id)
    cleaned = clean_fields(fields)
    if "name" in cleaned and not cleaned["name"]:
        del cleaned["name"]
    _resolve_names(store, cleaned)
    merged = {**current, **cleaned}
    _check_watchable(alerts, merged)
    if merged.get("webhook_url") and not current.get("webhook_secret"):
        cleaned["webhook_secret"] = secrets.token_hex(32)
    if cleaned:
        alerts.update_search(watchlist_id, cleaned)
    for channel, field in (("webhook", "webhook_url"), ("email", "email_to")):
        if merged.get(field) and not current.get(field):
            alerts.start_channel(watchlist_id, channel)  # alerts from now on, no backlog
    return alerts.saved_search(watchlist_id)


def new_secret(store: Store, watchlist_id: int) -> str:
    """Replace the webhook secret (when the old one leaked); returns the new one."""
    secret = secrets.token_hex(32)
    store.update_search(watchlist_id, {"webhook_secret": secret})
    return secret


def delete_watchlist(store: Store, watchlist_id: int) -> None:
    store.delete_search(watchlist_id)


def get_watchlist(store: Store, watchlist_id: int) -> dict[str, Any]:
    """One watchlist with every field, its secret included (for its owner's eyes)."""
    return store.saved_search(watchlist_id)


def list_watchlists(store: Store) -> list[dict[str, Any]]:
    return [public(found) for found in store.saved_searches()]


def search_text(watchlist: dict[str, Any]) -> str:
    """The watchlist's query with its credited-source and language facets as field filters.

    The web search has no facet for these two, so they travel in the query language
    (`source:"…" lang:ar`), which the search and the alerts read the same way.
    """
    facets = {name: watchlist.get(name) for name in ("source", "lang")}
    return query_with_facets(watchlist.get("query") or "", facets)


def query_with_facets(query: str, facets: dict[str, str | None]) -> str:
    """One query text holding a search's facets as field filters (`site:… place:…`).

    For a link that carries only a query, such as the search page's Atom feed: the
    feed then follows the same narrowed search the page shows.
    """
    fields = [
        format_query(Field(name, value))
        for name, value in facets.items()
        if name in QUERY_FIELDS and value
    ]
    query = query.strip()
    if query and fields and isinstance(parse_query(query), Or):
        query = f"({query})"  # `a OR b site:x` would read as `a OR (b site:x)`
    return " ".join(part for part in (query, *fields) if part)


def selection_of(watchlist: dict[str, Any]) -> Selection:
    """The articles a watchlist watches, as the store selects them."""
    filters = SearchFilters(
        site=watchlist.get("site"),
        date_from=watchlist.get("date_from"),
        date_to=watchlist.get("date_to"),
        entity=watchlist.get("entity"),
        place=watchlist.get("place"),
    )
    return Selection(query=search_text(watchlist), filters=filters)


def _request(watchlist: dict[str, Any], limit: int, offset: int) -> SearchRequest:
    selection = selection_of(watchlist)
    return SearchRequest(
        query=selection.query,
        filters=selection.filters,
        sort="date",
        limit=limit,
        offset=offset,
    )


def fold_page_copies(hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A page of hits with copies of one wire story folded under the first of them shown.

    Each kept hit gets `copies`: the folded hits (id, site, url), so a list or feed
    shows one item "and N copies" instead of the same story N times.
    """
    kept: dict[int, dict[str, Any]] = {}
    shown: list[dict[str, Any]] = []
    for hit in hits:
        head = hit.get("duplicate_of") or hit["id"]
        if head in kept:
            kept[head]["copies"].append(
                {"id": hit["id"], "site": hit.get("site"), "url": hit.get("url")}
            )
            continue
        item = {**hit, "copies": []}
        kept[head] = item
        shown.append(item)
    return shown


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
    call `mark_seen` with `newest_id` once the matches have been shown. Copies of one
    wire story on the page are folded into one match (`copies`).
    """
    alerts = store
    watchlist = alerts.saved_search(watchlist_id)
    if watches_events(watchlist):
        return event_watchlist_view(store, watchlist, limit=limit, offset=offset)
    found = faceted_search(store, _request(watchlist, limit, offset), markers=markers, facets=False)
    seen = int(watchlist["seen_up_to"])
    matches = [{**hit, "new": hit["id"] > seen} for hit in fold_page_copies(found["hits"])]
    return {
        "watchlist": public(watchlist),
        "matches": matches,
        "new": sum(1 for match in matches if match["new"]),
        "total": found["total"],
        "limit": limit,
        "offset": offset,
        "newest_id": alerts.newest_article_id(),
        "deliveries": alerts.deliveries(watchlist_id, 20),
    }


def event_watchlist_view(
    store: Store, watchlist: dict[str, Any], *, limit: int, offset: int
) -> dict[str, Any]:
    """An event watchlist's page: its events newest day first, those made since seen new."""
    found = list_events(store, event_filters_of(watchlist), limit=limit, offset=offset)
    seen = int(watchlist["seen_up_to"])
    events = [{**event, "new": event["id"] > seen} for event in found["events"]]
    return {
        "watchlist": public(watchlist),
        "events": events,
        "matches": [],
        "new": sum(1 for event in events if event["new"]),
        "total": found["total"],
        "limit": limit,
        "offset": offset,
        "newest_id": store.newest_event_id(),
        "deliveries": store.deliveries(watchlist["id"], 20),
    }


def mark_seen(store: Store, watchlist_id: int, up_to: int) -> None:
    """Flag articles up to id `up_to` as seen for this watchlist."""
    alerts = store
    alerts.saved_search(watchlist_id)
    alerts.mark_watchlist_seen(watchlist_id, up_to)


def mark_all_seen(store: Store, watchlist_id: int) -> None:
    """Flag every article (or event) stored so far as seen for this watchlist."""
    watchlist = store.saved_search(watchlist_id)
    newest = store.newest_event_id() if watches_events(watchlist) else store.newest_article_id()
    mark_seen(store, watchlist_id, newest)
