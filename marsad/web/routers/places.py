"""Places: a map (Leaflet, tiles only if configured) and the list with counts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from marsad.services.places import list_places
from marsad.store.protocol import Store
from marsad.web.params import MapLimit, Offset, PageNumber
from marsad.web.render import page, pages, store_of

router = APIRouter()
PLACES_PAGE = 100  # rows of the table per page: the full list runs to thousands


@router.get("/api/places", tags=["places"])
def api_places(
    store: Annotated[Store, Depends(store_of)],
    limit: MapLimit = 200,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Places by the number of articles naming them, with coordinates."""
    return {"ok": True, **list_places(store, limit=limit, offset=offset)}


@router.get("/places", include_in_schema=False)
def places_page(
    request: Request,
    store: Annotated[Store, Depends(store_of)],
    page_number: PageNumber = 1,
) -> Response:
    """The map of every place and the table of them, one page of `PLACES_PAGE` at a time."""
    offset = (page_number - 1) * PLACES_PAGE
    view = list_places(store, limit=PLACES_PAGE, offset=offset)
    context = {"view": view, "pages": pages(view["total"], PLACES_PAGE, offset)}
    return page(request, "places/places.html", context)
