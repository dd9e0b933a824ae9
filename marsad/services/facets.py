"""Faceted search: the search page, the latest-articles list and `/api/search`.

One function answers all three: a query (possibly empty) narrowed by outlet, date
range, entity and place, sorted by relevance or date, one page of hits with the
total and the most frequent outlets, entities and places among the matches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from marsad.errors import InputError
from marsad.services.outlets import outlet_name
from marsad.services.query import parse_query
from marsad.services.search import MAX_LIMIT
from marsad.store.highlight import DEFAULT_MARKERS, Markers
from marsad.store.protocol import Store
from marsad.store.protocol_web import SORTS, FoundArticle, SearchFilters

FACET_SIZE = 10
_DAY_LENGTH = len("YYYY-MM-DD")

__all__ = ["SearchFilters", "SearchRequest", "faceted_search", "hit_fields"]


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """What a user asked for: the words, the facet filters, the order and the page."""

    query: str = ""
    filters: SearchFilters = field(default_factory=SearchFilters)
    sort: str = "relevance"
    limit: int = 20
    offset: int = 0

    def validate(self) -> None:
        """Raise `InputError` for a request no page could answer (`QueryError` for
        a malformed query)."""
        parse_query(self.query)
        if not 1 <= self.limit <= MAX_LIMIT:
            raise InputError(f"limit must be between 1 and {MAX_LIMIT}, not {self.limit}")
        if self.offset < 0:
            raise InputError(f"offset must not be negative, not {self.offset}")
        if self.sort not in SORTS:
            raise InputError(f"sort must be one of {', '.join(SORTS)}, not {self.sort!r}")
        for name, value in (("from", self.filters.date_from), ("to", self.filters.date_to)):
            if value and not _is_day(value):
                raise InputError(f"{name} must be a date YYYY-MM-DD, not {value!r}")


def _is_day(value: str) -> bool:
    parts = value.split("-")
    return (
        len(value) == _DAY_LENGTH
        and len(parts) == 3
        and all(part.isascii() and part.isdigit() for part in parts)
    )


def hit_fields(found: FoundArticle) -> dict[str, Any]:
    """One hit, JSON-ready: the CLI's search fields plus outlet, date and story."""
    hit = found.hit
    return {
        "id": hit.id,
        "external_id": hit.external_id,
        "url": hit.url,
        "title": hit.title,
        "snippet": hit.snippet,
        "score": hit.score,
        "site": found.site,
        "source": found.source,
        "published": found.published,
        "story": found.story,
        "duplicate_of": found.duplicate_of,
    }


def faceted_search(
    store: Store,
    request: SearchRequest,
    *,
    markers: Markers = DEFAULT_MARKERS,
    facets: bool = True,
) -> dict[str, Any]:
    """`{"query", "filters", "sort", "hits", "total", "limit", "offset", "facets"}`.

    An empty query with no filter lists every article, newest first. Snippets carry
    `markers` around matched words; the web passes markers that cannot occur in text.
    """
    request.validate()
    found, total = store.browse(
        request.query,
        request.filters,
        sort=request.sort,
        limit=request.limit,
        offset=request.offset,
        markers=markers,
    )
    counted = store.facet_counts(request.query, request.filters, FACET_SIZE) if facets else {}
    for outlet in counted.get("site", []):
        outlet["label"] = outlet_name(outlet["value"])  # «الشرق الأوسط», not aawsat
    filters = request.filters
    return {
        "query": request.query,
        "filters": {
            "site": filters.site,
            "from": filters.date_from,
            "to": filters.date_to,
            "entity": filters.entity,
            "place": filters.place,
        },
        "sort": request.sort,
        "hits": [hit_fields(item) for item in found],
        "total": total,
        "limit": request.limit,
        "offset": request.offset,
        "facets": counted,
    }
