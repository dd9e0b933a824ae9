"""Search: Arabic-aware full text with outlet, date, entity and place facets."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from marsad.services.facets import SearchFilters, SearchRequest, faceted_search
from marsad.store.protocol import Store
from marsad.web.markup import SNIPPET_MARKERS
from marsad.web.params import Limit, Offset, PageNumber
from marsad.web.render import page, pages, store_of

router = APIRouter()
PAGE = 20
Sort = Literal["relevance", "date"]
Text = Annotated[str | None, Query(max_length=500)]
_ISO_DAY = r"^(\d{4}-\d{2}-\d{2})?$"
DateFrom = Annotated[str | None, Query(alias="from", pattern=_ISO_DAY)]
DateTo = Annotated[str | None, Query(alias="to", pattern=_ISO_DAY)]
Day = Annotated[str | None, Query(pattern=r"^(\d{4}-\d{2}-\d{2})?$")]


def _request(
    q: str | None,
    site: str | None,
    date_from: str | None,
    date_to: str | None,
    entity: str | None,
    place: str | None,
    sort: Sort,
    limit: int,
    offset: int,
) -> SearchRequest:
    filters = SearchFilters(
        site=site or None,
        date_from=date_from or None,
        date_to=date_to or None,
        entity=entity or None,
        place=place or None,
    )
    return SearchRequest(query=q or "", filters=filters, sort=sort, limit=limit, offset=offset)


@router.get("/api/search", tags=["search"])
def api_search(
    store: Annotated[Store, Depends(store_of)],
    q: Text = None,
    site: Text = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    entity: Text = None,
    place: Text = None,
    sort: Sort = "relevance",
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Hits best first (or newest first), snippets with matches in `[`…`]`, facet counts.

    An empty `q` with filters lists the filtered articles newest first.
    """
    request = _request(q, site, date_from, date_to, entity, place, sort, limit, offset)
    return {"ok": True, **faceted_search(store, request)}


@router.get("/search", include_in_schema=False)
def search_page(
    request: Request,
    store: Annotated[Store, Depends(store_of)],
    q: Text = None,
    site: Text = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    entity: Text = None,
    place: Text = None,
    sort: Sort = "relevance",
    page_number: PageNumber = 1,
) -> Response:
    offset = (page_number - 1) * PAGE
    search = _request(q, site, date_from, date_to, entity, place, sort, PAGE, offset)
    asked = bool(search.query.strip()) or not search.filters.is_empty()
    found = faceted_search(store, search, markers=SNIPPET_MARKERS) if asked else None
    context = {
        "found": found,
        "q": search.query,
        "filters": search.filters,
        "sort": sort,
        "pages": pages(found["total"], PAGE, offset) if found else None,
    }
    return page(request, "search/search.html", context)
