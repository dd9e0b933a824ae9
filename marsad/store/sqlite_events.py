"""Event mentions and the events that group them across articles, in SQLite.

An article's events (`Article.events`, one per incident it reports) are written in the
article's insert transaction into `event_mentions` and read back with the article.
In the same transaction each mention is grouped (`marsad.events.matching`): the
events of its type, country and nearby days are read by the index `events_bucket`
and the mention joins the best one, or starts an event of its own. The event row
keeps what grouping and filtering compare (type, day, place, death toll), refreshed
from its mentions by the rules of `marsad.events.summary` at each join; what a page
shows is read from the mentions, with copies of an article not counted again.
The migration is `040_events`.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from marsad.errors import NotFound
from marsad.events.filters import EventFilters
from marsad.events.matching import Anchor, best_match, nearby_days, place_key
from marsad.events.summary import Event, Mention, summarize
from marsad.model import Article, EventSpan
from marsad.store.migration import Migration
from marsad.store.transaction import guarded_read
from marsad.text.countries import is_country_name


def _create_events(connection: sqlite3.Connection) -> None:
    connection.execute(
        """
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            type TEXT NOT NULL,
            sub_type TEXT NOT NULL,
            day TEXT,
            country TEXT,
            place TEXT,
            place_key TEXT,
            lat REAL,
            lon REAL,
            fatalities INTEGER,
            mentions INTEGER NOT NULL DEFAULT 1
        )
        """
    )
    connection.execute("CREATE INDEX events_bucket ON events(type, day, country)")
    connection.execute("CREATE INDEX events_day ON events(day, id)")
    connection.execute(
        """
        CREATE TABLE event_mentions (
            article_id INTEGER NOT NULL REFERENCES articles(id),
            seq INTEGER NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            type TEXT NOT NULL,
            sub_type TEXT NOT NULL,
            date TEXT,
            place TEXT,
            place_key TEXT,
            area_keys TEXT NOT NULL DEFAULT '',
            country TEXT,
            lat REAL,
            lon REAL,
            actor1 TEXT,
            actor2 TEXT,
            fatalities INTEGER,
            injured INTEGER,
            displaced INTEGER,
            arrested INTEGER,
            confidence REAL NOT NULL,
            event_id INTEGER NOT NULL REFERENCES events(id),
            PRIMARY KEY (article_id, seq)
        )
        """
    )
    connection.execute("CREATE INDEX event_mentions_event ON event_mentions(event_id)")


EVENT_MIGRATIONS: tuple[Migration, ...] = (Migration("040_events", _create_events),)

AREA_WINDOW = 200  # characters around a trigger whose places are the event's surroundings
_SPAN_COLUMNS = (
    'm.text, m.start, m."end", m.type, m.sub_type, m.date, m.place, m.country, m.lat, m.lon, '
    "m.actor1, m.actor2, m.fatalities, m.injured, m.displaced, m.arrested, m.confidence"
)
_INSERT_MENTION = (
    'INSERT INTO event_mentions (article_id, seq, start, "end", text, type, sub_type, date, '
    "place, place_key, area_keys, country, lat, lon, actor1, actor2, fatalities, injured, "
    "displaced, arrested, confidence, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_CANDIDATES = (
    "SELECT id, type, day, country, place, lat, lon, fatalities FROM events "
    "WHERE type = ? AND day = ? AND country IS ?"
)
_CANDIDATES_ANYWHERE = (
    "SELECT id, type, day, country, place, lat, lon, fatalities FROM events "
    "WHERE type = ? AND day = ?"
)
_MENTIONS_OF = (
    f"SELECT m.article_id, {_SPAN_COLUMNS}, a.external_id, a.site, a.published, "
    "a.duplicate_of, a.title, m.event_id FROM event_mentions AS m "
    "JOIN articles AS a ON a.id = m.article_id WHERE m.event_id IN ({marks}) "
    "ORDER BY m.article_id, m.seq"
)


def span_from_row(row: Sequence[Any]) -> EventSpan:
    """An `EventSpan` from the 17 columns of `_SPAN_COLUMNS`, in order."""
    return EventSpan(*row[:17])


def _is_coarse(span: EventSpan) -> bool:
    return span.place is None or is_country_name(span.place)


def _anchor(row: Sequence[Any]) -> Anchor:
    return Anchor(row[1], row[2], row[3], row[4], row[5], row[6], row[7], event_id=int(row[0]))


def _candidates(connection: sqlite3.Connection, span: EventSpan) -> list[Anchor]:
    """The events a mention may join: same type, a nearby day, same country."""
    if span.date is None:
        return []
    found: list[Anchor] = []
    for day in nearby_days(span.date):
        if span.place is None:
            rows = connection.execute(_CANDIDATES_ANYWHERE, (span.type, day))
        else:
            rows = connection.execute(_CANDIDATES, (span.type, day, span.country))
        found.extend(_anchor(row) for row in rows)
    return found


def _mentions(connection: sqlite3.Connection, event_ids: Sequence[int]) -> dict[int, list[Mention]]:
    """The mentions of each event, with their articles' outlet, time and copy link."""
    grouped: dict[int, list[Mention]] = defaultdict(list)
    for start in range(0, len(event_ids), 500):
        chunk = list(event_ids[start : start + 500])
        marks = ", ".join("?" * len(chunk))
        for row in connection.execute(_MENTIONS_OF.format(marks=marks), chunk):
            span = span_from_row(row[1:18])
            mention = Mention(span, int(row[0]), row[18], row[19], row[20], row[21], row[22] or "")
            grouped[int(row[23])].append(mention)
    return grouped


def _refresh(connection: sqlite3.Connection, event_id: int) -> None:
    """Rewrite an event's row from its mentions (see `marsad.events.summary`)."""
    mentions = _mentions(connection, [event_id])[event_id]
    event = summarize(event_id, mentions, _is_coarse)
    connection.execute(
        "UPDATE events SET sub_type = ?, day = ?, country = ?, place = ?, place_key = ?, "
        "lat = ?, lon = ?, fatalities = ?, mentions = ? WHERE id = ?",
        (
            event.sub_type,
            event.date,
            event.country,
            event.place,
            place_key(event.place),
            event.lat,
            event.lon,
            event.fatalities,
            len(mentions),
            event_id,
        ),
    )


def _new_event(connection: sqlite3.Connection, span: EventSpan) -> int:
    cursor = connection.execute(
        "INSERT INTO events (type, sub_type, day, country, place, place_key, lat, lon, "
        "fatalities) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            span.type,
            span.sub_type,
            span.date,
            span.country,
            span.place,
            place_key(span.place),
            span.lat,
            span.lon,
            span.fatalities,
        ),
    )
    return int(cursor.lastrowid or 0)


def save_event_mentions(connection: sqlite3.Connection, article_id: int, article: Article) -> None:
    """Write the article's events and group each with the other articles' reports;
    call inside the article's insert transaction."""
    joined: set[int] = set()  # one article reports an incident once
    for seq, span in enumerate(article.events):
        mention = Anchor(
            span.type, span.date, span.country, span.place, span.lat, span.lon, span.fatalities
        )
        candidates = [c for c in _candidates(connection, span) if c.event_id not in joined]
        event_id = best_match(mention, candidates)
        if event_id is None:
            event_id = _new_event(connection, span)
        joined.add(event_id)
        connection.execute(
            _INSERT_MENTION,
            (
                article_id,
                seq,
                span.start,
                span.end,
                span.text,
                span.type,
                span.sub_type,
                span.date,
                span.place,
                place_key(span.place),
                _area_keys(article, span),
                span.country,
                span.lat,
                span.lon,
                span.actor1,
                span.actor2,
                span.fatalities,
                span.injured,
                span.displaced,
                span.arrested,
                span.confidence,
                event_id,
            ),
        )
        _refresh(connection, event_id)


def _area_keys(article: Article, span: EventSpan) -> str:
    """The places named around an event's trigger ("كفرنبل في ريف إدلب"), folded and
    joined as "|a|b|": a filter on إدلب finds the village it names as in Idlib."""
    paragraph_start = article.text.rfind("\n", 0, span.start) + 1
    paragraph_end = article.text.find("\n", span.end)
    paragraph_end = len(article.text) if paragraph_end < 0 else paragraph_end
    low, high = (
        max(paragraph_start, span.start - AREA_WINDOW),
        min(paragraph_end, span.end + AREA_WINDOW),
    )
    keys = dict.fromkeys(
        place_key(place.name) or "" for place in article.places if low <= place.start < high
    )
    return "|" + "|".join(key for key in keys if key) + "|"


def load_event_mentions(
    connection: sqlite3.Connection, first_id: int, last_id: int
) -> dict[int, list[EventSpan]]:
    """The events of the articles with ids in [first_id, last_id], by article id."""
    grouped: dict[int, list[EventSpan]] = defaultdict(list)
    rows = connection.execute(
        f"SELECT m.article_id, {_SPAN_COLUMNS} FROM event_mentions AS m "
        "WHERE m.article_id BETWEEN ? AND ? ORDER BY m.article_id, m.seq",
        (first_id, last_id),
    )
    for row in rows:
        grouped[int(row[0])].append(span_from_row(row[1:]))
    return grouped


def _where(filters: EventFilters) -> tuple[str, list[Any]]:
    """The SQL condition on `events AS e` for `filters`, and its parameters."""
    clauses: list[str] = []
    values: list[Any] = []
    if filters.date_from:
        clauses.append("e.day >= ?")
        values.append(filters.date_from)
    if filters.date_to:
        clauses.append("e.day <= ?")
        values.append(filters.date_to)
    if filters.type:
        clauses.append("(e.type = ? OR e.sub_type = ?)")
        values.extend([filters.type, filters.type])
    if filters.country:
        clauses.append("e.country = ?")
        values.append(filters.country)
    elif filters.place_key:
        clauses.append(
            "EXISTS (SELECT 1 FROM event_mentions AS p WHERE p.event_id = e.id AND "
            "(p.place_key = ? OR instr(p.place_key, ?) > 0 OR instr(p.area_keys, ?) > 0))"
        )
        values.extend([filters.place_key] * 3)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", values


class EventTables:
    """The events queries of `SQLiteStore` (a mixin: the store gives `_db`, `_lock`)."""

    path: str
    _db: sqlite3.Connection
    _lock: Any

    def _reading_events(self) -> Any:
        return guarded_read(self._lock, doing="reading events", where=self.path)

    def events(self, filters: EventFilters, limit: int, offset: int = 0) -> list[Event]:
        """A page of events matching `filters`, newest day first."""
        where, values = _where(filters)
        with self._reading_events():
            ids = [
                int(row[0])
                for row in self._db.execute(
                    f"SELECT e.id FROM events AS e{where} "
                    "ORDER BY e.day IS NULL, e.day DESC, e.id DESC LIMIT ? OFFSET ?",
                    [*values, max(0, limit), max(0, offset)],
                )
            ]
            mentions = _mentions(self._db, ids)
        return [summarize(event_id, mentions[event_id], _is_coarse) for event_id in ids]

    def event(self, event_id: int) -> Event:
        """One event with its mentions; raises `NotFound`."""
        with self._reading_events():
            mentions = _mentions(self._db, [event_id]).get(event_id)
        if not mentions:
            raise NotFound(f"no event with id {event_id}")
        return summarize(event_id, mentions, _is_coarse)

    def count_events(self, filters: EventFilters) -> int:
        where, values = _where(filters)
        with self._reading_events():
            row = self._db.execute(f"SELECT count(*) FROM events AS e{where}", values).fetchone()
        return int(row[0])

    def events_per_day(self, filters: EventFilters) -> list[tuple[str, int]]:
        """How many events of `filters` fall on each day, oldest first (the timeline)."""
        where, values = _where(filters)
        extra = " AND e.day IS NOT NULL" if where else " WHERE e.day IS NOT NULL"
        with self._reading_events():
            rows = self._db.execute(
                f"SELECT e.day, count(*) FROM events AS e{where}{extra} GROUP BY e.day "
                "ORDER BY e.day",
                values,
            ).fetchall()
        return [(str(row[0]), int(row[1])) for row in rows]

    def event_ids_of_article(self, article_id: int) -> list[int]:
        """The event each of the article's mentions belongs to, in mention order."""
        with self._reading_events():
            rows = self._db.execute(
                "SELECT event_id FROM event_mentions WHERE article_id = ? ORDER BY seq",
                (article_id,),
            ).fetchall()
        return [int(row[0]) for row in rows]
