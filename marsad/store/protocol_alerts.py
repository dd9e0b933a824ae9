"""Saved searches, their alert deliveries and volume counts: their part of the
`Store` protocol, and the values they exchange."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from marsad.events.filters import EventFilters
from marsad.store.protocol_web import SearchFilters
from marsad.text.normalize import fold

ALERT_ON = ("matches", "spikes", "both")
WATCHES = ("articles", "events")  # what a watchlist watches: its ids, seen mark, cursors
EMAIL_MODES = ("immediate", "digest")
CHANNELS = ("webhook", "email")
DELIVERY_KINDS = ("matches", "spike")
DELIVERY_STATES = ("pending", "delivered", "failed")
BUCKETS = {"hour": 13, "day": 10}  # characters of an ISO time that name the bucket


def suggest_key(text: str) -> str:
    """The form names are matched in: folded, and without hamza on the line (صنعاء = صنعا)."""
    return " ".join(fold(text).replace("ء", "").split())


@dataclass(frozen=True, slots=True)
class Selection:
    """Which articles a count or an alert is about: a query with facets, or one story."""

    query: str = ""
    filters: SearchFilters = field(default_factory=SearchFilters)
    source: str | None = None
    lang: str | None = None
    story: int | None = None


@dataclass(frozen=True, slots=True)
class MatchRow:
    """A new match of a saved search, with what folding copies needs."""

    id: int
    title: str
    url: str | None
    site: str | None
    source: str | None
    published: str | None
    story: int | None
    duplicate_of: int | None


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A stored entity or place name: its facet value, label, detail and article count."""

    value: str
    label: str
    detail: str  # an entity's type, a place's country
    articles: int
    words: tuple[str, ...]  # the folded name and its words, matched by prefix


@dataclass(frozen=True, slots=True)
class VolumeRow:
    """One bucket: articles dated in it, and undated ones estimated to fall in it."""

    bucket: str
    published: int
    estimated: int


class AlertStore(Protocol):
    """What the watchlist, alert and volume services need of a store."""

    def saved_search(self, watchlist_id: int) -> dict[str, Any]: ...

    def entity_info(self, entity_id: str) -> dict[str, Any]: ...

    def newest_article_id(self) -> int: ...

    def mark_watchlist_seen(self, watchlist_id: int, up_to: int) -> None: ...

    def saved_searches(self, *, active_only: bool = False) -> list[dict[str, Any]]: ...

    def save_search(self, name: str, fields: dict[str, Any]) -> int: ...

    def update_search(self, watchlist_id: int, fields: dict[str, Any]) -> None: ...

    def delete_search(self, watchlist_id: int) -> None: ...

    def new_matches(self, selection: Selection, after_id: int, limit: int) -> list[MatchRow]: ...

    def matches_by_id(self, ids: Sequence[int]) -> list[MatchRow]: ...

    def copy_counts(self, heads: Sequence[int]) -> dict[int, int]: ...

    def newest_event_id(self) -> int: ...

    def new_event_ids(self, filters: EventFilters, after_id: int, limit: int) -> list[int]: ...

    def channel_cursor(self, watchlist_id: int, channel: str) -> int: ...

    def start_channel(self, watchlist_id: int, channel: str) -> None: ...

    def record_delivery(
        self,
        watchlist_id: int,
        channel: str,
        kind: str,
        article_key: str,
        article_ids: Sequence[int],
        payload: dict[str, Any],
    ) -> dict[str, Any]: ...

    def finish_delivery(self, delivery_id: int, *, ok: bool, error: str | None) -> None: ...

    def open_deliveries(
        self, watchlist_id: int, channel: str, max_attempts: int
    ) -> list[dict[str, Any]]: ...

    def deliveries(self, watchlist_id: int, limit: int) -> list[dict[str, Any]]: ...

    def last_delivery_time(self, watchlist_id: int, channel: str) -> str | None: ...

    def volume(
        self, selection: Selection, bucket: str, start: str, end: str
    ) -> list[VolumeRow]: ...

    def newest_published(self) -> str | None: ...

    def story_volumes(self, start: str, end: str) -> dict[int, dict[str, int]]: ...

    def suggestion_names(self, kind: str) -> list[Suggestion]: ...
