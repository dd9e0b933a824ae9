"""Events across outlets: the page (map, timeline, filters, reports) and its JSON twins."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from starlette.responses import Response

from marsad.errors import MarsadError
from marsad.events.acled import SUB_TYPES
from marsad.events.filters import EventFilters, event_filters
from marsad.services.events import (
    DISPLAY_NAMES_AR,
    TYPE_NAMES_AR,
    get_event,
    list_events,
)
from marsad.store.protocol import Store
from marsad.web.event_markup import report_passage, timeline_svg
from marsad.web.params import MAX_ID, MAX_LIMIT, Limit, Offset, PageNumber
from marsad.web.render import page, pages, store_of

router = APIRouter()
PAGE = 25  # events per page
MAP_EVENTS = MAX_LIMIT  # events the map asks for: one page of /api/events
MAX_FILTER = 200  # characters of a place or type filter

EventId = Annotated[int, Path(ge=1, le=MAX_ID, description="An event id")]
FromQuery = Annotated[
    str | None, Query(alias="from", max_length=10, description="First day, YYYY-MM-DD")
]
ToQuery = Annotated[
    str | None, Query(alias="to", max_length=10, description="Last day, YYYY-MM-DD")
]
TypeQuery = Annotated[
    str | None, Query(max_length=MAX_FILTER, description="An event type or sub-type")
]
PlaceQuery = Annotated[
    str | None, Query(max_length=MAX_FILTER, description="A place, its area or a country")
]


def _filters(
    date_from: FromQuery = None,
    date_to: ToQuery = None,
    type: TypeQuery = None,
    place: PlaceQuery = None,
) -> EventFilters:
    return event_filters(date_from, date_to, type, place)


Filters = Annotated[EventFilters, Depends(_filters)]


@router.get("/api/events", tags=["events"])
def api_events(
    store: Annotated[Store, Depends(store_of)],
    filters: Filters,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Events (one per incident, however many articles report it), newest day first,
    with their reports, outlets, spread of figures and the per-day timeline."""
    return {"ok": True, **list_events(store, filters, limit=limit, offset=offset)}


@router.get("/api/events/{event_id}", tags=["events"])
def api_event(event_id: EventId, store: Annotated[Store, Depends(store_of)]) -> dict[str, Any]:
    """One event with every report of it."""
    return {"ok": True, "event": get_event(store, event_id)}


def _with_passages(store: Store, events: list[dict[str, Any]]) -> None:
    """Each report of `events` with the passage around its trigger, escaped and marked."""
    texts: dict[int, str] = {}
    for event in events:
        for mention in event["mentions"]:
            article = mention["article"]
            if article not in texts:
                try:
                    texts[article] = store.get(article).text
                except MarsadError:
                    texts[article] = ""
            mention["passage"] = report_passage(texts[article], mention["start"], mention["end"])


@router.get("/events", include_in_schema=False)
def events_page(
    request: Request,
    store: Annotated[Store, Depends(store_of)],
    filters: Filters,
    page_number: PageNumber = 1,
) -> Response:
    offset = (page_number - 1) * PAGE
    found = list_events(store, filters, limit=PAGE, offset=offset)
    _with_passages(store, found["events"])
    chosen = {
        "from": filters.date_from,
        "to": filters.date_to,
        "type": filters.type,
        "place": filters.place,
    }
    context = {
        "found": found,
        "filters": chosen,
        "pages": pages(found["total"], PAGE, offset),
        "timeline": timeline_svg(found["timeline"]),
        "type_names": TYPE_NAMES_AR,
        "sub_type_names": DISPLAY_NAMES_AR,
        "sub_types_of": {
            kind: [sub for sub, owner in SUB_TYPES.items() if owner == kind]
            for kind in TYPE_NAMES_AR
        },
        "map_limit": MAP_EVENTS,
    }
    return page(request, "events/list.html", context)
