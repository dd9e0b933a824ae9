"""Search: Arabic-aware full text with outlet, date, entity and place facets."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from marsad.services.export_formats import FORMATS, MEDIA_TYPES, encode
from marsad.services.export_full import ExportSelection, full_rows
from marsad.services.facets import SearchFilters, SearchRequest, faceted_search
from marsad.services.query import Field, QueryError, format_query, parse_query
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
StoryId = Annotated[int | None, Query(ge=1, le=2**63 - 1)]


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


_BAD_QUERY: dict[int | str, dict[str, Any]] = {
    400: {"description": "A malformed query: Arabic message and position"}
}


@router.get("/api/search", tags=["search"], response_model=None, responses=_BAD_QUERY)
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
) -> dict[str, Any] | JSONResponse:
    """Hits best first (or newest first), snippets with matches in `[`…`]`, facet counts.

    `q` is in the query language (`OR`, `-word`, `"phrase"`, parentheses, `site:`,
    `source:`, `entity:`, `place:`, `lang:`, `from:`, `to:`); a malformed one is
    answered 400 with an Arabic message and its position. An empty `q` with filters
    lists the filtered articles newest first.
    """
    request = _request(q, site, date_from, date_to, entity, place, sort, limit, offset)
    try:
        return {"ok": True, **faceted_search(store, request)}
    except QueryError as error:
        return query_error_response(error)


def with_fields(query: str, **fields: str | None) -> str:
    """`query` narrowed by field filters (`source:"…"`), written in the query language."""
    added = [format_query(Field(name, value)) for name, value in fields.items() if value]
    if not added:
        return query
    return " ".join([f"({query})" if query.strip() else "", *added]).strip()


def query_error_response(error: QueryError) -> JSONResponse:
    """A malformed query is the client's mistake: 400, with where it goes wrong."""
    body = {"ok": False, "error": error.message, "code": error.code, "position": error.position}
    return JSONResponse(body, status_code=400)


ExportFormat = Literal["jsonl", "csv", "parquet", "geojson"]
_EXTENSIONS = {"jsonl": "jsonl", "csv": "csv", "parquet": "parquet", "geojson": "geojson"}
assert set(_EXTENSIONS) == set(FORMATS)


@router.get("/api/export", tags=["search"], response_model=None, responses=_BAD_QUERY)
def api_export(
    store: Annotated[Store, Depends(store_of)],
    export_format: Annotated[ExportFormat, Query(alias="format")] = "jsonl",
    q: Text = None,
    site: Text = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    entity: Text = None,
    place: Text = None,
    story: StoryId = None,
    source: Text = None,
    lang: Text = None,
) -> Response:
    """Every matching article with every field, streamed (no row cap).

    JSON Lines, CSV (UTF-8 with a byte order mark, for spreadsheets), Parquet, or
    GeoJSON of the places the articles name. The query and facets are those of
    `/api/search`; `story` keeps one story's articles; `source` and `lang` (a
    watchlist's credited-source and language facets) add `source:` and `lang:`
    filters. No `q`, facet or story: the whole archive.
    """
    q = with_fields(q or "", source=source, lang=lang)
    request = _request(q, site, date_from, date_to, entity, place, "date", 1, 0)
    try:
        parse_query(request.query)
    except QueryError as error:
        return query_error_response(error)
    selection = ExportSelection(query=request.query, filters=request.filters, story=story)
    return StreamingResponse(
        encode(export_format, full_rows(store, selection)),
        media_type=MEDIA_TYPES[export_format],
        headers={
            "Content-Disposition": (
                f'attachment; filename="marsad-export.{_EXTENSIONS[export_format]}"'
            )
        },
    )


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
    query_error: QueryError | None = None
    try:
        found = faceted_search(store, search, markers=SNIPPET_MARKERS) if asked else None
    except QueryError as error:
        found, query_error = None, error
    context = {
        "found": found,
        "query_error": query_error,
        "q": search.query,
        "filters": search.filters,
        "sort": sort,
        "pages": pages(found["total"], PAGE, offset) if found else None,
    }
    return page(request, "search/search.html", context, status=400 if query_error else 200)
