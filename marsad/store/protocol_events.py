"""The events' part of a store: events across articles, their filters and timeline."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from marsad.events.filters import EventFilters
from marsad.events.summary import Event


@runtime_checkable
class EventStore(Protocol):
    """A store that keeps event mentions and groups them (`sqlite_events.EventTables`)."""

    def events(self, filters: EventFilters, limit: int, offset: int = 0) -> list[Event]: ...

    def event(self, event_id: int) -> Event: ...

    def count_events(self, filters: EventFilters) -> int: ...

    def events_per_day(self, filters: EventFilters) -> list[tuple[str, int]]: ...

    def event_ids_of_article(self, article_id: int) -> list[int]: ...
