"""Places: a map (Leaflet, tiles only if configured) and the list with counts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from marsad.services.places import list_places
from marsad.store.protocol import Store
from marsad.web.params import MapLimit, Offset
from marsad.web.render import page, store_of

router = APIRouter()


@router.get("/api/places", tags=["places"])
def api_places(
    store: Annotated[Store, Depends(store_of)],
    limit: MapLimit = 200,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Places by the number of articles naming them, with coordinates."""
    return {"ok": True, **list_places(store, limit=limit, offset=offset)}


@router.get("/places", include_in_schema=False)
def places_page(request: Request, store: Annotated[Store, Depends(store_of)]) -> Response:
    return page(request, "places/places.html", {"view": list_places(store, limit=300)})
