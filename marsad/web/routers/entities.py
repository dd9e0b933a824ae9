"""Entities: the most named ones, and one entity's mentions over time and company."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from marsad.services.entities import entity_view, top_entities
from marsad.store.protocol import Store
from marsad.web.params import EntityId, Limit, Offset, PageNumber, TopLimit
from marsad.web.render import page, pages, store_of

router = APIRouter()
PAGE = 20


@router.get("/api/entities", tags=["entities"])
def api_entities(
    store: Annotated[Store, Depends(store_of)], limit: TopLimit = 50
) -> dict[str, Any]:
    """The entities named in the most articles."""
    return {"ok": True, "entities": top_entities(store, limit), "limit": limit}


@router.get("/entities", include_in_schema=False)
def entities_page(request: Request, store: Annotated[Store, Depends(store_of)]) -> Response:
    return page(request, "entities/list.html", {"entities": top_entities(store, 200)})


@router.get("/api/entities/{entity_id}", tags=["entities"])
def api_entity(
    entity_id: EntityId,
    store: Annotated[Store, Depends(store_of)],
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """One entity: mentions over time, co-occurring entities, latest articles."""
    return {"ok": True, **entity_view(store, entity_id, limit=limit, offset=offset)}


@router.get("/entities/{entity_id}", include_in_schema=False)
def entity_page(
    request: Request,
    entity_id: EntityId,
    store: Annotated[Store, Depends(store_of)],
    page_number: PageNumber = 1,
) -> Response:
    offset = (page_number - 1) * PAGE
    view = entity_view(store, entity_id, limit=PAGE, offset=offset)
    return page(
        request, "entities/entity.html", {"view": view, "pages": pages(view["total"], PAGE, offset)}
    )
