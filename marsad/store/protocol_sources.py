"""Sources and the fetch queue: their part of the `Store` protocol and their values.

Times are kept as UTC ISO 8601 strings with microseconds (`iso`), one fixed width,
so they compare correctly as text in any backend.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

SOURCE_KINDS = ("feed", "sitemap", "page")
PENDING = "pending"
DONE = "done"
FAILED = "failed"


def iso(moment: datetime | None) -> str | None:
    """A moment as stored: UTC, microseconds always written, so text order is time order."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise ValueError("times given to the store must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True, slots=True)
class SourceHealth:
    """The scheduling state of a source, field for field `ingest.schedule.SourceState`.

    The store keeps its own record so it need not import the network layer; the crawl
    service converts between the two by field name.
    """

    interval: timedelta
    added: datetime
    last_attempt: datetime | None = None
    last_success: datetime | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None
    consecutive_failures: int = 0
    last_new_article: datetime | None = None
    articles_per_day: float | None = None
    retry_not_before: datetime | None = None


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One registered source with its health and the validators of its last copy."""

    id: int
    url: str
    name: str | None
    kind: str
    health: SourceHealth
    home_url: str | None = None
    category: tuple[str, ...] = ()
    etag: str | None = None
    last_modified: str | None = None
    articles: int = 0
    errors: int = 0
    last_error_message: str | None = None


@dataclass(frozen=True, slots=True)
class QueueItem:
    """An article URL waiting to be fetched (or fetched again after a failure)."""

    url: str  # canonical: the queue's key
    fetch_url: str  # as the source announced it: what is requested
    source_id: int | None
    attempts: int


@dataclass(frozen=True, slots=True)
class PageOutcome:
    """What became of one queued URL: `done` (stored or a copy) or `failed`.

    A failed URL with `next_try` is tried again from then on; without it, never.
    """

    url: str
    status: str
    source_id: int | None = None
    article_id: int | None = None
    error: str | None = None
    message: str | None = None
    next_try: datetime | None = None
    counts_attempt: bool = True


class SourceStore(Protocol):
    """What the source and crawl services need of a store."""

    def add_source(
        self,
        url: str,
        kind: str,
        health: SourceHealth,
        *,
        name: str | None = None,
        home_url: str | None = None,
        category: tuple[str, ...] = (),
    ) -> tuple[SourceRow, bool]: ...

    def get_source(self, source_id: int) -> SourceRow: ...

    def find_source(self, url: str) -> SourceRow | None: ...

    def list_sources(self) -> list[SourceRow]: ...

    def delete_source(self, source_id: int) -> None: ...

    def save_source_poll(
        self,
        source_id: int,
        health: SourceHealth,
        *,
        etag: str | None,
        last_modified: str | None,
        failed: bool,
        message: str | None = None,
    ) -> None: ...

    def count_source_results(self, source_id: int, *, articles: int, errors: int) -> None: ...

    def enqueue(self, source_id: int | None, urls: Iterable[str], now: datetime) -> int: ...

    def due_pages(self, now: datetime, limit: int) -> list[QueueItem]: ...

    def finish_pages(self, outcomes: Iterable[PageOutcome], now: datetime) -> None: ...

    def queue_counts(self) -> dict[str, int]: ...

    def next_page_try(self) -> datetime | None: ...
