"""The web pages' part of the `Store` protocol: browsing, facets, entities, places,
watchlists; and the values they exchange (`SearchFilters`, `FoundArticle`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from marsad.model import SearchHit
from marsad.store.highlight import DEFAULT_MARKERS, Markers

WATCHLIST_KINDS = ("search", "entity")
SORTS = ("relevance", "date")


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Facet filters of a search; None means "any". Dates are YYYY-MM-DD, inclusive."""

    site: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    entity: str | None = None
    place: str | None = None

    def is_empty(self) -> bool:
        return all(value in (None, "") for value in self.as_tuple())

    def as_tuple(self) -> tuple[str | None, ...]:
        return (self.site, self.date_from, self.date_to, self.entity, self.place)


@dataclass(frozen=True, slots=True)
class FoundArticle:
    """A search hit with the facts a result list shows beside it."""

    hit: SearchHit
    site: str | None
    source: str | None
    published: str | None
    story: int | None
    duplicate_of: int | None


class WebStore(Protocol):
    """What the web pages ask of a store beyond the core articles: browsing, facets,
    entities, places and watchlists."""

    def browse(
        self,
        query: str,
        filters: SearchFilters,
        *,
        sort: str,
        limit: int,
        offset: int,
        markers: Markers = DEFAULT_MARKERS,
    ) -> tuple[list[FoundArticle], int]: ...

    def matching_ids(
        self,
        query: str,
        filters: SearchFilters,
        *,
        story: int | None = None,
        after: int = 0,
        limit: int = 500,
    ) -> list[int]:
        """One keyset page of the ids matching `query`, `filters` (and `story`), above
        `after`, in id order: what an export walks."""
        ...

    def facet_counts(
        self, query: str, filters: SearchFilters, limit: int
    ) -> dict[str, list[dict[str, Any]]]: ...

    def entity_info(self, entity_id: str) -> dict[str, Any]: ...

    def entity_timeline(self, entity_id: str) -> list[tuple[str, int]]: ...

    def co_entities(self, entity_id: str, limit: int) -> list[dict[str, Any]]: ...

    def entity_articles(
        self, entity_id: str, limit: int, offset: int
    ) -> tuple[list[dict[str, Any]], int]: ...

    def top_entities(self, limit: int) -> list[dict[str, Any]]: ...

    def place_counts(self, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]: ...

    def add_watchlist(self, name: str, kind: str, target: str) -> int: ...

    def watchlists(self) -> list[dict[str, Any]]: ...

    def watchlist(self, watchlist_id: int) -> dict[str, Any]: ...

    def mark_watchlist_seen(self, watchlist_id: int, up_to: int) -> None: ...

    def newest_article_id(self) -> int: ...
