"""SQLite tables of live collection: the sources polled and the queue of pages to fetch.

A source row holds what the scheduler needs between runs (its polling interval, last
success, consecutive failures, the server's validators for a conditional GET) and
its health counters. The fetch queue holds every article URL a source announced,
keyed by its canonical form, with a status: `pending` until fetched, `done` once
stored (or found to be a copy), `failed` with the reason and, for a transient
failure, when to try again. Because the queue is written before any page is
fetched, a crawl stopped half-way loses nothing: the next run picks up the pending
and retryable rows.

`SourceTables` is a mixin of `SQLiteStore`; `SourceStore` (in `protocol_sources`) is
the protocol the crawl services ask for. Times are stored as UTC ISO 8601 strings
with microseconds, one fixed width, so they compare correctly as text. The migration
is `020_sources`.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from marsad.errors import InputError, NotFound
from marsad.store.migration import Migration
from marsad.store.protocol_sources import (
    DONE,
    FAILED,
    PENDING,
    SOURCE_KINDS,
    PageOutcome,
    QueueItem,
    SourceHealth,
    SourceRow,
    iso,
)
from marsad.store.transaction import guarded_read, write_transaction
from marsad.urls import canonical_url


def _create_sources(connection: sqlite3.Connection) -> None:
    connection.execute(
        """
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL,
            canonical_url TEXT NOT NULL UNIQUE,
            name TEXT,
            kind TEXT NOT NULL CHECK (kind IN ('feed', 'sitemap', 'page')),
            home_url TEXT,
            category TEXT NOT NULL DEFAULT '[]',
            interval_seconds REAL NOT NULL,
            added_at TEXT NOT NULL,
            last_attempt TEXT,
            last_success TEXT,
            last_error TEXT,
            last_error_at TEXT,
            last_error_message TEXT,
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            last_new_article TEXT,
            articles_per_day REAL,
            retry_not_before TEXT,
            etag TEXT,
            last_modified TEXT,
            articles INTEGER NOT NULL DEFAULT 0,
            errors INTEGER NOT NULL DEFAULT 0
        )
        """
    )
    connection.execute(
        """
        CREATE TABLE fetch_queue (
            url TEXT PRIMARY KEY,
            fetch_url TEXT NOT NULL,
            source_id INTEGER REFERENCES sources(id) ON DELETE CASCADE,
            status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            last_error_message TEXT,
            next_try TEXT,
            discovered_at TEXT NOT NULL,
            article_id INTEGER
        ) WITHOUT ROWID
        """
    )
    connection.execute("CREATE INDEX fetch_queue_due ON fetch_queue(status, next_try)")
    connection.execute("CREATE INDEX fetch_queue_source ON fetch_queue(source_id)")


SOURCE_MIGRATIONS: tuple[Migration, ...] = (Migration("020_sources", _create_sources),)


def _moment(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


_TIME_FIELDS = (
    "last_attempt",
    "last_success",
    "last_error_at",
    "last_new_article",
    "retry_not_before",
)


_SOURCE_COLUMNS = (
    "id, url, name, kind, home_url, category, interval_seconds, added_at, last_attempt, "
    "last_success, last_error, last_error_at, last_error_message, consecutive_failures, "
    "last_new_article, articles_per_day, retry_not_before, etag, last_modified, articles, errors"
)


def _source_from_row(row: tuple[object, ...]) -> SourceRow:
    values = dict(zip([c.strip() for c in _SOURCE_COLUMNS.split(",")], row, strict=True))
    health = SourceHealth(
        interval=timedelta(seconds=float(str(values["interval_seconds"]))),
        added=datetime.fromisoformat(str(values["added_at"])),
        last_error=_text(values["last_error"]),
        consecutive_failures=int(str(values["consecutive_failures"])),
        articles_per_day=(
            None if values["articles_per_day"] is None else float(str(values["articles_per_day"]))
        ),
        last_attempt=_moment(_text(values["last_attempt"])),
        last_success=_moment(_text(values["last_success"])),
        last_error_at=_moment(_text(values["last_error_at"])),
        last_new_article=_moment(_text(values["last_new_article"])),
        retry_not_before=_moment(_text(values["retry_not_before"])),
    )
    return SourceRow(
        id=int(str(values["id"])),
        url=str(values["url"]),
        name=_text(values["name"]),
        kind=str(values["kind"]),
        health=health,
        home_url=_text(values["home_url"]),
        category=tuple(json.loads(str(values["category"]))),
        etag=_text(values["etag"]),
        last_modified=_text(values["last_modified"]),
        articles=int(str(values["articles"])),
        errors=int(str(values["errors"])),
        last_error_message=_text(values["last_error_message"]),
    )


def _text(value: object) -> str | None:
    return None if value is None else str(value)


class SourceTables:
    """The SQL of sources and the fetch queue; mixed into `SQLiteStore`."""

    _db: sqlite3.Connection
    _lock: threading.RLock
    path: str

    @contextmanager
    def _source_write(self) -> Iterator[None]:
        """One write transaction under the store's lock; a database error is a StoreError."""
        with write_transaction(self._db, self._lock, doing="writing sources", where=self.path):
            yield

    def _source_read(
        self, sql: str, parameters: tuple[object, ...] = ()
    ) -> list[tuple[object, ...]]:
        with guarded_read(self._lock, doing="reading sources", where=self.path):
            return list(self._db.execute(sql, parameters).fetchall())

    # -- sources -----------------------------------------------------------------

    def add_source(
        self,
        url: str,
        kind: str,
        health: SourceHealth,
        *,
        name: str | None = None,
        home_url: str | None = None,
        category: tuple[str, ...] = (),
    ) -> tuple[SourceRow, bool]:
        """Register a source; an already registered URL is returned as it is (False)."""
        if kind not in SOURCE_KINDS:
            raise InputError(f"unknown source kind {kind!r}", url)
        key = canonical_url(url)
        if key is None:
            raise InputError("empty source URL")
        with self._source_write():
            existing = self._db.execute(
                "SELECT id FROM sources WHERE canonical_url = ?", (key,)
            ).fetchone()
            if existing is None:
                self._db.execute(
                    "INSERT INTO sources (url, canonical_url, name, kind, home_url, category, "
                    "interval_seconds, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        url,
                        key,
                        name,
                        kind,
                        home_url,
                        json.dumps(list(category), ensure_ascii=False),
                        health.interval.total_seconds(),
                        iso(health.added),
                    ),
                )
        found = self.find_source(url)
        assert found is not None
        return found, existing is None

    def get_source(self, source_id: int) -> SourceRow:
        rows = self._source_read(
            f"SELECT {_SOURCE_COLUMNS} FROM sources WHERE id = ?", (source_id,)
        )
        if not rows:
            raise NotFound(f"no source with id {source_id}")
        return _source_from_row(rows[0])

    def find_source(self, url: str) -> SourceRow | None:
        """The source registered under `url` (compared in canonical form), or None."""
        rows = self._source_read(
            f"SELECT {_SOURCE_COLUMNS} FROM sources WHERE canonical_url = ?", (canonical_url(url),)
        )
        return _source_from_row(rows[0]) if rows else None

    def list_sources(self) -> list[SourceRow]:
        rows = self._source_read(f"SELECT {_SOURCE_COLUMNS} FROM sources ORDER BY id")
        return [_source_from_row(row) for row in rows]

    def delete_source(self, source_id: int) -> None:
        """Forget a source and its queued URLs; stored articles stay."""
        with self._source_write():
            cursor = self._db.execute("DELETE FROM sources WHERE id = ?", (source_id,))
        if cursor.rowcount == 0:
            raise NotFound(f"no source with id {source_id}")

    def save_source_poll(
        self,
        source_id: int,
        health: SourceHealth,
        *,
        etag: str | None,
        last_modified: str | None,
        failed: bool,
        message: str | None = None,
    ) -> None:
        """Record one poll: the new schedule state, validators, and an error if it failed."""
        values: dict[str, object] = {
            "interval_seconds": health.interval.total_seconds(),
            "last_error": health.last_error,
            "consecutive_failures": health.consecutive_failures,
            "articles_per_day": health.articles_per_day,
            "etag": etag,
            "last_modified": last_modified,
            "last_error_message": message if failed else None,
            **{name: iso(getattr(health, name)) for name in _TIME_FIELDS},
        }
        assignments = ", ".join(f"{column} = ?" for column in values)
        bump = ", errors = errors + 1" if failed else ""
        with self._source_write():
            self._db.execute(
                f"UPDATE sources SET {assignments}{bump} WHERE id = ?",
                (*values.values(), source_id),
            )

    def count_source_results(self, source_id: int, *, articles: int, errors: int) -> None:
        """Add to a source's counts of stored articles and failed pages."""
        with self._source_write():
            self._db.execute(
                "UPDATE sources SET articles = articles + ?, errors = errors + ? WHERE id = ?",
                (articles, errors, source_id),
            )

    # -- the fetch queue -----------------------------------------------------------

    def enqueue(self, source_id: int | None, urls: Iterable[str], now: datetime) -> int:
        """Queue the URLs not stored as articles and not queued yet; how many were new."""
        added = 0
        stamp = iso(now)
        with self._source_write():
            for url in urls:
                key = canonical_url(url)
                if key is None:
                    continue
                if self._db.execute(
                    "SELECT 1 FROM articles WHERE canonical_url = ?", (key,)
                ).fetchone():
                    continue
                cursor = self._db.execute(
                    "INSERT OR IGNORE INTO fetch_queue (url, fetch_url, source_id, status, "
                    "discovered_at) VALUES (?, ?, ?, 'pending', ?)",
                    (key, url, source_id, stamp),
                )
                added += cursor.rowcount
        return added

    def due_pages(self, now: datetime, limit: int) -> list[QueueItem]:
        """Pending URLs, then failed ones whose retry time has come, oldest first."""
        rows = self._source_read(
            "SELECT url, fetch_url, source_id, attempts FROM fetch_queue "
            "WHERE status = 'pending' OR (status = 'failed' AND next_try <= ?) "
            "ORDER BY status DESC, discovered_at, url LIMIT ?",
            (iso(now), limit),
        )
        return [
            QueueItem(
                str(row[0]),
                str(row[1]),
                None if row[2] is None else int(str(row[2])),
                int(str(row[3])),
            )
            for row in rows
        ]

    def finish_pages(self, outcomes: Iterable[PageOutcome], now: datetime) -> None:
        """Record what became of fetched URLs, in one transaction."""
        with self._source_write():
            for outcome in outcomes:
                self._db.execute(
                    "UPDATE fetch_queue SET status = ?, attempts = attempts + ?, "
                    "last_error = ?, last_error_message = ?, next_try = ?, article_id = ? "
                    "WHERE url = ?",
                    (
                        outcome.status,
                        1 if outcome.counts_attempt else 0,
                        outcome.error,
                        outcome.message,
                        iso(outcome.next_try),
                        outcome.article_id,
                        outcome.url,
                    ),
                )

    def queue_counts(self) -> dict[str, int]:
        """How many queued URLs are pending, done, failed for good, or waiting to retry."""
        rows = self._source_read(
            "SELECT CASE WHEN status = 'failed' AND next_try IS NOT NULL THEN 'retrying' "
            "ELSE status END, count(*) FROM fetch_queue GROUP BY 1"
        )
        counts = {PENDING: 0, DONE: 0, FAILED: 0, "retrying": 0}
        counts.update({str(row[0]): int(str(row[1])) for row in rows})
        return counts

    def next_page_try(self) -> datetime | None:
        """The earliest retry time of a failed URL, or None when none is waiting."""
        rows = self._source_read(
            "SELECT min(next_try) FROM fetch_queue WHERE status = 'failed' AND next_try IS NOT NULL"
        )
        return _moment(_text(rows[0][0])) if rows else None
