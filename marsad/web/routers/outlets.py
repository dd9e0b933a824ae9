"""Outlets: one outlet's page (Arabic name, volume, newest articles, copy links)
and the curated table of outlets; each with its JSON twin."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from starlette.responses import Response

from marsad.services.outlets import outlet_view, shipped_outlets
from marsad.store.protocol import Store
from marsad.web.render import page, store_of

router = APIRouter()
Site = Annotated[str, Path(min_length=1, max_length=300)]


def _table() -> list[dict[str, Any]]:
    return [
        {
            "domain": outlet.domain,
            "name": outlet.name,
            "name_en": outlet.name_en,
            "kind": outlet.kind,
            "kind_label": outlet.kind_label,
        }
        for outlet in shipped_outlets().outlets
    ]


@router.get("/api/outlets", tags=["outlets"])
def api_outlets() -> dict[str, Any]:
    """The curated outlets and agencies: domain, Arabic and English names, kind."""
    return {"ok": True, "outlets": _table()}


@router.get("/api/outlets/{site}", tags=["outlets"])
def api_outlet(store: Annotated[Store, Depends(store_of)], site: Site) -> dict[str, Any]:
    """One outlet: names, article count, newest articles, whom it copies, who copies it."""
    return {"ok": True, **outlet_view(store, site)}


@router.get("/outlets", include_in_schema=False)
def outlets_page(request: Request) -> Response:
    return page(request, "outlets/list.html", {"outlets": _table()})


@router.get("/outlets/{site}", include_in_schema=False)
def outlet_page(
    request: Request, store: Annotated[Store, Depends(store_of)], site: Site
) -> Response:
    return page(request, "outlets/outlet.html", {"view": outlet_view(store, site)})
