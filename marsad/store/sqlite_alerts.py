"""SQLite tables of saved searches, their alert deliveries and volume counts (a mixin).

* Migration `031_watchlist_queries` turns a watchlist into a saved search: a query
  and facets (site, credited source, entity, place, language, date range), paused or
  not, what it alerts on (new matches, spikes, or both) and where (a webhook with its
  own HMAC secret, e-mail immediately or as a daily digest). An older watchlist keeps
  what it watched: a search's target becomes its query, an entity's its entity facet.
* Migration `032_deliveries` records every delivery: one row per (watchlist,
  channel, article set), unique, so a retried run finds the row it wrote and never
  sends the same set twice. A channel's cursor is the highest article id of its
  recorded deliveries: new matches are those above it.
* Migration `033_event_watchlists` lets a watchlist watch events instead of
  articles (`watches = 'events'`, with `event_type`, `place` and `date_from` as the
  `/events` filters). Its seen mark and delivery cursors are then event ids: an
  event already delivered that gains reports keeps its id and is not sent again.
* Volume counts are `GROUP BY` over `articles.published` (the hour or the day as
  written), with an undated article counted at its estimated event time
  (`article_event_times`) in a separate column, so a chart says which is which.

`AlertTables` is the mixin; `AlertStore` (in `protocol_alerts`) the protocol the
alert and volume services ask for.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from marsad.errors import InputError, NotFound
from marsad.events.filters import EventFilters
from marsad.store.migration import Migration, statements
from marsad.store.protocol_alerts import (
    BUCKETS,
    MatchRow,
    Selection,
    Suggestion,
    VolumeRow,
    suggest_key,
)
from marsad.store.sqlite_events import _where as event_where
from marsad.store.sqlite_query import field_condition
from marsad.store.transaction import guarded_read, write_transaction

# The web search's FROM for a full-text query, and the same selection as an id set.
_JOINED_MATCH = (
    "FROM article_search s JOIN articles a ON a.id = s.rowid WHERE article_search MATCH ?"
)
# `+a.id`: the id set is checked, not walked, so SQLite reads the range (a time
# window by the published index, ids above a cursor) first.
_MATCHED_IDS = (
    "FROM articles a WHERE +a.id IN (SELECT rowid FROM article_search WHERE article_search MATCH ?)"
)
START_KEY = "start:"  # the key of a channel's start mark
_AFTER = "~"  # sorts after every character of an ISO time: `end + _AFTER` bounds a prefix
_ARTICLES = ("وال", "بال", "فال", "كال", "ال")  # folded forms
SUGGEST_REFRESH_SECONDS = 10.0  # a name list is brought up to date at most this often
SAVED_COLUMNS = (
    "id, name, kind, target, created_at, seen_up_to, visited_at, query, site, source, "
    "entity, place, lang, date_from, date_to, paused, alert_on, webhook_url, "
    "webhook_secret, email_to, email_mode, delivered_from, updated_at, watches, event_type"
)
_SAVED_KEYS = tuple(column.strip() for column in SAVED_COLUMNS.split(","))
EDITABLE = (
    "name",
    "query",
    "site",
    "source",
    "entity",
    "place",
    "lang",
    "date_from",
    "date_to",
    "paused",
    "alert_on",
    "webhook_url",
    "webhook_secret",
    "email_to",
    "email_mode",
    "watches",
    "event_type",
)
_DELIVERY_COLUMNS = (
    "id, watchlist, channel, kind, article_key, article_ids, up_to, payload, status, "
    "attempts, last_error, created_at, delivered_at"
)
_DELIVERY_KEYS = tuple(column.strip() for column in _DELIVERY_COLUMNS.split(","))

ALERT_MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "031_watchlist_queries",
        statements(
            "ALTER TABLE watchlists ADD COLUMN query TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE watchlists ADD COLUMN site TEXT",
            "ALTER TABLE watchlists ADD COLUMN source TEXT",
            "ALTER TABLE watchlists ADD COLUMN entity TEXT",
            "ALTER TABLE watchlists ADD COLUMN place TEXT",
            "ALTER TABLE watchlists ADD COLUMN lang TEXT",
            "ALTER TABLE watchlists ADD COLUMN date_from TEXT",
            "ALTER TABLE watchlists ADD COLUMN date_to TEXT",
            "ALTER TABLE watchlists ADD COLUMN paused INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE watchlists ADD COLUMN alert_on TEXT NOT NULL DEFAULT 'matches'",
            "ALTER TABLE watchlists ADD COLUMN webhook_url TEXT",
            "ALTER TABLE watchlists ADD COLUMN webhook_secret TEXT",
            "ALTER TABLE watchlists ADD COLUMN email_to TEXT",
            "ALTER TABLE watchlists ADD COLUMN email_mode TEXT NOT NULL DEFAULT 'immediate'",
            "ALTER TABLE watchlists ADD COLUMN delivered_from INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE watchlists ADD COLUMN updated_at TEXT",
            "UPDATE watchlists SET query = target WHERE kind = 'search'",
            "UPDATE watchlists SET entity = target WHERE kind = 'entity'",
            "UPDATE watchlists SET delivered_from = seen_up_to",
            # Place pages, place volume and place suggestions read by name.
            "CREATE INDEX IF NOT EXISTS places_name ON places(name, article_id)",
        ),
    ),
    Migration(
        "032_deliveries",
        statements(
            """
            CREATE TABLE deliveries (
                id INTEGER PRIMARY KEY,
                watchlist INTEGER NOT NULL REFERENCES watchlists(id) ON DELETE CASCADE,
                channel TEXT NOT NULL CHECK (channel IN ('webhook', 'email')),
                kind TEXT NOT NULL CHECK (kind IN ('matches', 'spike')),
                article_key TEXT NOT NULL,
                article_ids TEXT NOT NULL DEFAULT '[]',
                up_to INTEGER NOT NULL DEFAULT 0,
                payload TEXT NOT NULL DEFAULT '{}',
                status TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'delivered', 'failed')),
                attempts INTEGER NOT NULL DEFAULT 0,
                last_error TEXT,
                created_at TEXT NOT NULL,
                delivered_at TEXT,
                UNIQUE (watchlist, channel, article_key)
            )
            """,
            "CREATE INDEX deliveries_status ON deliveries(watchlist, channel, status)",
        ),
    ),
    Migration(
        "033_event_watchlists",
        statements(
            "ALTER TABLE watchlists ADD COLUMN watches TEXT NOT NULL DEFAULT 'articles'",
            "ALTER TABLE watchlists ADD COLUMN event_type TEXT",
        ),
    ),
)
# The newest id of what a watchlist watches: its seen mark and cursors start there.
_NEWEST = {
    "articles": "SELECT coalesce(max(id), 0) FROM articles",
    "events": "SELECT coalesce(max(id), 0) FROM events",
}


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class AlertTables:
    """Saved searches, deliveries and volume counts, mixed into `SQLiteStore`."""

    _db: sqlite3.Connection
    _lock: threading.RLock
    path: str

    def _alert_rows(self, sql: str, parameters: Sequence[Any] = ()) -> list[Any]:
        with guarded_read(self._lock, doing="reading the watchlists", where=self.path):
            return self._db.execute(sql, parameters).fetchall()

    def _alert_write(self, doing: str, sql: str, parameters: Sequence[Any]) -> int:
        with write_transaction(self._db, self._lock, doing=doing, where=self.path):
            cursor = self._db.execute(sql, parameters)
        return int(cursor.lastrowid or 0) if sql.lstrip().upper().startswith("INSERT") else 0

    # -- saved searches ------------------------------------------------------------

    def saved_search(self, watchlist_id: int) -> dict[str, Any]:
        """One watchlist with every field; raises `NotFound`."""
        rows = self._alert_rows(
            f"SELECT {SAVED_COLUMNS} FROM watchlists WHERE id = ?", [watchlist_id]
        )
        if not rows:
            raise NotFound(f"no watchlist with id {watchlist_id}")
        return dict(zip(_SAVED_KEYS, rows[0], strict=True))

    def saved_searches(self, *, active_only: bool = False) -> list[dict[str, Any]]:
        where = "WHERE paused = 0 " if active_only else ""
        rows = self._alert_rows(f"SELECT {SAVED_COLUMNS} FROM watchlists {where}ORDER BY id")
        return [dict(zip(_SAVED_KEYS, row, strict=True)) for row in rows]

    def save_search(self, name: str, fields: dict[str, Any]) -> int:
        """A new saved search; everything stored now counts as seen and delivered."""
        unknown = set(fields) - set(EDITABLE)
        if unknown:
            raise InputError(f"unknown watchlist fields: {', '.join(sorted(unknown))}")
        columns = [column for column in fields if column != "name"]
        values = [fields[column] for column in columns]
        names = ", ".join(["name", "kind", "target", "created_at", *columns])
        marks = ", ".join("?" * (4 + len(columns)))
        with write_transaction(self._db, self._lock, doing="saving the watchlist", where=self.path):
            cursor = self._db.execute(
                f"INSERT INTO watchlists ({names}) VALUES ({marks})",
                [name, "search", fields.get("query", ""), now_iso(), *values],
            )
            watchlist_id = int(cursor.lastrowid or 0)
            newest = _NEWEST[fields.get("watches") or "articles"]
            self._db.execute(
                f"UPDATE watchlists SET seen_up_to = ({newest}), delivered_from = ({newest}) "
                "WHERE id = ?",
                [watchlist_id],
            )
        return watchlist_id

    def update_search(self, watchlist_id: int, fields: dict[str, Any]) -> None:
        """Change the given fields; raises `NotFound` for an unknown watchlist."""
        unknown = set(fields) - set(EDITABLE)
        if unknown:
            raise InputError(f"unknown watchlist fields: {', '.join(sorted(unknown))}")
        self.saved_search(watchlist_id)
        assignments = ", ".join(f"{column} = ?" for column in fields)
        extra = ", target = ?" if "query" in fields else ""
        values = [*fields.values(), *([fields["query"]] if "query" in fields else [])]
        self._alert_write(
            "updating the watchlist",
            f"UPDATE watchlists SET {assignments}{extra}, updated_at = ? WHERE id = ?",
            [*values, now_iso(), watchlist_id],
        )

    def delete_search(self, watchlist_id: int) -> None:
        """Delete a watchlist and its delivery records; raises `NotFound`."""
        self.saved_search(watchlist_id)
        with write_transaction(
            self._db, self._lock, doing="deleting the watchlist", where=self.path
        ):
            self._db.execute("DELETE FROM deliveries WHERE watchlist = ?", [watchlist_id])
            self._db.execute("DELETE FROM watchlists WHERE id = ?", [watchlist_id])

    # -- matching ------------------------------------------------------------------

    def _selected(self, selection: Selection) -> tuple[str, list[Any], bool]:
        """FROM/WHERE over `a` for a selection (the web search's own matching, extended).

        Counts and alerts always narrow it further by a range of `articles` (a time
        window, ids above a cursor), so the full-text matches are taken as a set of
        ids from the index alone and the range is read first: joining every match to
        its row cost 70 ms for a word in 17k of 100k articles, the id set 1 ms.
        """
        matching = getattr(self, "_matching")  # noqa: B009 - the web mixin's, same store
        source, parameters, possible = matching(selection.query, selection.filters)
        if not possible:
            return "", [], False
        if source.startswith(_JOINED_MATCH):
            source = _MATCHED_IDS + source[len(_JOINED_MATCH) :]
        extra, extra_parameters = _extra_sql(selection)
        return f"{source}{extra}", [*parameters, *extra_parameters], True

    def new_matches(self, selection: Selection, after_id: int, limit: int) -> list[MatchRow]:
        """Matches stored after article `after_id`, oldest first, at most `limit`."""
        source, parameters, possible = self._selected(selection)
        if not possible:
            return []
        rows = self._alert_rows(
            "SELECT a.id, a.title, a.url, a.site, a.source, a.published, a.story, "
            f"a.duplicate_of {source} AND a.id > ? ORDER BY a.id LIMIT ?",
            [*parameters, after_id, limit],
        )
        return [MatchRow(*row) for row in rows]

    def matches_by_id(self, ids: Sequence[int]) -> list[MatchRow]:
        if not ids:
            return []
        rows = self._alert_rows(
            "SELECT id, title, url, site, source, published, story, duplicate_of "
            f"FROM articles WHERE id IN ({', '.join('?' * len(ids))}) ORDER BY id",
            list(ids),
        )
        return [MatchRow(*row) for row in rows]

    def copy_counts(self, heads: Sequence[int]) -> dict[int, int]:
        """How many stored articles copy each head (its copy group, the head excluded)."""
        if not heads:
            return {}
        rows = self._alert_rows(
            "SELECT duplicate_of, count(*) FROM articles "
            f"WHERE duplicate_of IN ({', '.join('?' * len(heads))}) GROUP BY duplicate_of",
            list(heads),
        )
        return {int(row[0]): int(row[1]) for row in rows}

    def newest_event_id(self) -> int:
        """The highest event id: an event watchlist's "seen up to" mark."""
        return int(self._alert_rows(_NEWEST["events"])[0][0])

    def new_event_ids(self, filters: EventFilters, after_id: int, limit: int) -> list[int]:
        """Events matching `filters` made after event `after_id`, oldest first."""
        where, values = event_where(filters)
        joiner = " AND" if where else " WHERE"
        rows = self._alert_rows(
            f"SELECT e.id FROM events AS e{where}{joiner} e.id > ? ORDER BY e.id LIMIT ?",
            [*values, after_id, limit],
        )
        return [int(row[0]) for row in rows]

    # -- deliveries ----------------------------------------------------------------

    def channel_cursor(self, watchlist_id: int, channel: str) -> int:
        """The highest article id this channel has a recorded delivery for."""
        rows = self._alert_rows(
            "SELECT max(coalesce((SELECT max(up_to) FROM deliveries "
            "WHERE watchlist = w.id AND channel = ? AND kind = 'matches'), 0), w.delivered_from) "
            "FROM watchlists w WHERE w.id = ?",
            [channel, watchlist_id],
        )
        if not rows:
            raise NotFound(f"no watchlist with id {watchlist_id}")
        return int(rows[0][0] or 0)

    def start_channel(self, watchlist_id: int, channel: str) -> None:
        """Start a channel enabled now at the newest article: it is not sent the backlog.

        Written as a delivered row of no articles (`start:<id>`), so the cursor stays
        one rule: the highest article id of the channel's recorded deliveries.
        """
        watches = self.saved_search(watchlist_id).get("watches") or "articles"
        with write_transaction(self._db, self._lock, doing="recording a delivery", where=self.path):
            newest = int(self._db.execute(_NEWEST[watches]).fetchone()[0])
            self._db.execute(
                "INSERT OR IGNORE INTO deliveries (watchlist, channel, kind, article_key, "
                "up_to, status, created_at, delivered_at) "
                "VALUES (?, ?, 'matches', ?, ?, 'delivered', ?, ?)",
                [watchlist_id, channel, f"{START_KEY}{newest}", newest, now_iso(), now_iso()],
            )

    def record_delivery(
        self,
        watchlist_id: int,
        channel: str,
        kind: str,
        article_key: str,
        article_ids: Sequence[int],
        payload: dict[str, Any],
    ) -> dict[str, Any]:
        """The delivery of this article set on this channel, written once (idempotent)."""
        up_to = max(article_ids, default=0)
        with write_transaction(self._db, self._lock, doing="recording a delivery", where=self.path):
            self._db.execute(
                "INSERT OR IGNORE INTO deliveries (watchlist, channel, kind, article_key, "
                "article_ids, up_to, payload, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    watchlist_id,
                    channel,
                    kind,
                    article_key,
                    json.dumps(list(article_ids)),
                    up_to,
                    json.dumps(payload, ensure_ascii=False),
                    now_iso(),
                ],
            )
            row = self._db.execute(
                f"SELECT {_DELIVERY_COLUMNS} FROM deliveries "
                "WHERE watchlist = ? AND channel = ? AND article_key = ?",
                [watchlist_id, channel, article_key],
            ).fetchone()
        return _delivery(row)

    def finish_delivery(self, delivery_id: int, *, ok: bool, error: str | None) -> None:
        """Count an attempt: delivered, or failed with the reason."""
        status = "delivered" if ok else "failed"
        delivered_at = now_iso() if ok else None
        self._alert_write(
            "recording a delivery",
            "UPDATE deliveries SET status = ?, attempts = attempts + 1, last_error = ?, "
            "delivered_at = ? WHERE id = ?",
            [status, error, delivered_at, delivery_id],
        )

    def open_deliveries(
        self, watchlist_id: int, channel: str, max_attempts: int
    ) -> list[dict[str, Any]]:
        """Recorded deliveries not delivered yet and not given up on, oldest first."""
        rows = self._alert_rows(
            f"SELECT {_DELIVERY_COLUMNS} FROM deliveries WHERE watchlist = ? AND channel = ? "
            "AND status != 'delivered' AND attempts < ? ORDER BY id",
            [watchlist_id, channel, max_attempts],
        )
        return [_delivery(row) for row in rows]

    def deliveries(self, watchlist_id: int, limit: int) -> list[dict[str, Any]]:
        """The latest deliveries, newest first (a channel's start mark left out)."""
        rows = self._alert_rows(
            f"SELECT {_DELIVERY_COLUMNS} FROM deliveries WHERE watchlist = ? "
            "AND article_key NOT LIKE 'start:%' ORDER BY id DESC LIMIT ?",
            [watchlist_id, limit],
        )
        return [_delivery(row) for row in rows]

    def last_delivery_time(self, watchlist_id: int, channel: str) -> str | None:
        rows = self._alert_rows(
            "SELECT max(created_at) FROM deliveries WHERE watchlist = ? AND channel = ?",
            [watchlist_id, channel],
        )
        return None if not rows or rows[0][0] is None else str(rows[0][0])

    # -- volume --------------------------------------------------------------------

    def volume(self, selection: Selection, bucket: str, start: str, end: str) -> list[VolumeRow]:
        """Counts per bucket in [start, end] (ISO prefixes): dated, and estimated undated.

        Dated articles are grouped by the hour or day their `published` time names;
        undated ones by their estimated event time (a day at best: at hour resolution
        they are not counted, and an estimate of a whole month never is).
        """
        width = BUCKETS.get(bucket)
        if width is None:
            raise InputError(f"bucket must be one of {', '.join(BUCKETS)}, not {bucket!r}")
        source, parameters, possible = self._selected(selection)
        if not possible:
            return []
        dated = self._alert_rows(
            f"SELECT substr(a.published, 1, {width}) AS b, count(*) {source} "
            "AND a.published >= ? AND a.published < ? GROUP BY b",
            [*parameters, start, end + _AFTER],
        )
        counts = {str(row[0]): [int(row[1]), 0] for row in dated}
        if bucket == "day":
            estimated = self._alert_rows(
                "SELECT substr(t.estimated, 1, 10) AS b, count(*) FROM article_event_times t "
                f"WHERE t.article IN (SELECT a.id {source} AND a.published IS NULL) "
                "AND length(t.estimated) >= 10 AND t.estimated >= ? "
                "AND t.estimated < ? GROUP BY b",
                [*parameters, start, end + _AFTER],
            )
            for row in estimated:
                counts.setdefault(str(row[0]), [0, 0])[1] += int(row[1])
        return [VolumeRow(key, *counts[key]) for key in sorted(counts)]

    def newest_published(self) -> str | None:
        """The latest publication time in the archive (the end of a home-page window)."""
        rows = self._alert_rows("SELECT max(published) FROM articles")
        return None if rows[0][0] is None else str(rows[0][0])

    def story_volumes(self, start: str, end: str) -> dict[int, dict[str, int]]:
        """Articles per story per day in [start, end]: the series behind story growth."""
        rows = self._alert_rows(
            "SELECT story, substr(published, 1, 10) AS d, count(*) FROM articles "
            "WHERE story IS NOT NULL AND published >= ? AND published < ? GROUP BY story, d",
            [start, end + _AFTER],
        )
        series: dict[int, dict[str, int]] = {}
        for story, day, count in rows:
            series.setdefault(int(story), {})[str(day)] = int(count)
        return series

    # -- suggestions ---------------------------------------------------------------

    def suggestion_names(self, kind: str) -> list[Suggestion]:
        """Every stored entity or place name, most named first, with its folded words.

        Built once per store (grouping every span: 3.3 s for 2M entity spans), then
        brought up to date from the spans of articles added since, at most every
        `SUGGEST_REFRESH_SECONDS`: a keystroke never waits for the whole grouping again.
        """
        if kind not in ("entity", "place"):
            raise InputError(f"kind must be entity or place, not {kind!r}")
        cache: dict[str, _NameList] = self.__dict__.setdefault("_suggestion_cache", {})
        names = cache.setdefault(kind, _NameList())
        newest = int(self._alert_rows("SELECT coalesce(max(id), 0) FROM articles")[0][0])
        if names.up_to == newest or (
            names.built and time.monotonic() - names.checked < SUGGEST_REFRESH_SECONDS
        ):
            return names.ranked
        table = "entities" if kind == "entity" else "places"
        value, detail = ("entity_id", "max(type)") if kind == "entity" else ("name", "max(country)")
        rows = self._alert_rows(
            f"SELECT {value}, max(name), {detail}, count(DISTINCT article_id) FROM {table} "
            f"WHERE article_id > ? AND article_id <= ? GROUP BY {value}",
            [names.up_to, newest],
        )
        names.add(rows, newest)
        return names.ranked


class _NameList:
    """A kind's names with their article counts, grown by the spans of new articles."""

    def __init__(self) -> None:
        self.by_value: dict[str, Suggestion] = {}
        self.ranked: list[Suggestion] = []
        self.up_to = 0
        self.built = False
        self.checked = 0.0

    def add(self, rows: Sequence[Sequence[Any]], up_to: int) -> None:
        """Add new articles' counts (a name's folded words are computed once)."""
        for value, label, detail, articles in rows:
            known = self.by_value.get(str(value))
            if known is None:
                self.by_value[str(value)] = Suggestion(
                    str(value), str(label), str(detail or ""), int(articles), _words(str(label))
                )
            else:
                self.by_value[known.value] = replace(known, articles=known.articles + int(articles))
        if rows or not self.built:
            self.ranked = sorted(
                self.by_value.values(), key=lambda name: (-name.articles, name.value)
            )
        self.up_to, self.built, self.checked = up_to, True, time.monotonic()


def _most_named_first(name: Suggestion) -> tuple[int, str]:
    return (-name.articles, name.value)


def _words(label: str) -> tuple[str, ...]:
    """The matching name and each of its words, bare of a leading article (ال, وال, بال…)."""
    folded = suggest_key(label)
    words = folded.split()
    bare = [word[len(start) :] for word in words for start in _ARTICLES if word.startswith(start)]
    return tuple(dict.fromkeys([folded, *words, *(word for word in bare if word)]))


def _delivery(row: Sequence[Any]) -> dict[str, Any]:
    found = dict(zip(_DELIVERY_KEYS, row, strict=True))
    found["article_ids"] = json.loads(found["article_ids"])
    found["payload"] = json.loads(found["payload"])
    return found


def _extra_sql(selection: Selection) -> tuple[str, list[Any]]:
    """`AND ...` conditions on `a` for `selection` beyond the web search's own filters (source and
    language compared as the query language's `source:` and `lang:` compare them)."""
    clauses: list[str] = []
    parameters: list[Any] = []
    for name, value in (("source", selection.source), ("lang", selection.lang)):
        if value:
            condition, bound = field_condition(name, value)
            clauses.append(condition)
            parameters.extend(bound)
    if selection.story is not None:
        clauses.append("a.story = ?")
        parameters.append(selection.story)
    return "".join(f" AND {clause}" for clause in clauses), parameters
