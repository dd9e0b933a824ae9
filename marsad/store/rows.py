"""Article <-> SQLite rows: the article table and its span tables (events: `sqlite_events`).

Spans are stored in their own tables (one row per span, `seq` keeping the order the
steps produced) so that later views can ask "every article naming X" with an index
rather than by parsing JSON.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, TypeVar

from marsad.model import Article, DateSpan, EntitySpan, PlaceSpan, QuantitySpan
from marsad.store.sqlite_events import load_event_mentions, save_event_mentions

SpanT = TypeVar("SpanT", EntitySpan, PlaceSpan, DateSpan, QuantitySpan)

ARTICLE_COLUMNS = (
    "id, external_id, url, title, site, source, author, published, tags, related, "
    "lang, origin, text, story, duplicate_of, added_at"
)
INSERT_ARTICLE = """
    INSERT INTO articles (external_id, url, canonical_url, content_hash, title, site, source,
        author, published, tags, related, lang, origin, text, story, duplicate_of, added_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""
_SPAN_SQL = {
    "entities": (
        'INSERT INTO entities (article_id, seq, start, "end", text, type, entity_id, name) '
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        'SELECT article_id, text, start, "end", type, entity_id, name FROM entities',
    ),
    "places": (
        'INSERT INTO places (article_id, seq, start, "end", text, name, country, lat, lon, '
        "kind, admin1, place_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        'SELECT article_id, text, start, "end", name, country, lat, lon, kind, admin1, place_id '
        "FROM places",
    ),
    "dates": (
        'INSERT INTO dates (article_id, seq, start, "end", text, value) VALUES (?, ?, ?, ?, ?, ?)',
        'SELECT article_id, text, start, "end", value FROM dates',
    ),
    "quantities": (
        'INSERT INTO quantities (article_id, seq, start, "end", text, value, unit, kind) '
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        'SELECT article_id, text, start, "end", value, unit, kind FROM quantities',
    ),
}
_SPAN_ORDER = "WHERE article_id BETWEEN ? AND ? ORDER BY article_id, seq"


def article_values(article: Article, canonical: str | None, digest: str) -> tuple[Any, ...]:
    """Parameters of `INSERT_ARTICLE` for `article` and its dedup keys.

    `added_at` keeps when Marsad first had the article: its `first_seen` (a fetch, a
    WARC capture), else now."""
    return (
        article.external_id,
        article.url,
        canonical,
        digest,
        article.title,
        article.site,
        article.source,
        article.author,
        article.published,
        json.dumps(list(article.tags), ensure_ascii=False),
        json.dumps(list(article.related), ensure_ascii=False),
        article.lang,
        article.origin,
        article.text,
        article.story,
        article.duplicate_of,
        article.first_seen or datetime.now(UTC).isoformat(timespec="seconds"),
    )


def _span_rows(article_id: int, article: Article) -> dict[str, list[tuple[Any, ...]]]:
    return {
        "entities": [
            (article_id, seq, s.start, s.end, s.text, s.type, s.id, s.name)
            for seq, s in enumerate(article.entities)
        ],
        "places": [
            (
                article_id,
                seq,
                s.start,
                s.end,
                s.text,
                s.name,
                s.country,
                s.lat,
                s.lon,
                s.kind,
                s.admin1,
                s.id,
            )
            for seq, s in enumerate(article.places)
        ],
        "dates": [
            (article_id, seq, s.start, s.end, s.text, s.value)
            for seq, s in enumerate(article.dates)
        ],
        "quantities": [
            (article_id, seq, s.start, s.end, s.text, s.value, s.unit, s.kind)
            for seq, s in enumerate(article.quantities)
        ],
    }


def insert_spans(connection: sqlite3.Connection, article_id: int, article: Article) -> None:
    """Write the span groups of `article` under `article_id`, events grouped with other
    articles' reports."""
    for table, rows in _span_rows(article_id, article).items():
        if rows:
            connection.executemany(_SPAN_SQL[table][0], rows)
    if article.events:
        save_event_mentions(connection, article_id, article)


def article_from_row(row: Sequence[Any]) -> Article:
    """An `Article` (without spans) from a row selected with `ARTICLE_COLUMNS`."""
    return Article(
        id=row[0],
        external_id=row[1],
        url=row[2],
        title=row[3],
        site=row[4],
        source=row[5],
        author=row[6],
        published=row[7],
        tags=tuple(json.loads(row[8])),
        related=tuple(json.loads(row[9])),
        lang=row[10],
        origin=row[11],
        text=row[12],
        story=row[13],
        duplicate_of=row[14],
        first_seen=row[15],
    )


def _entity(row: Sequence[Any]) -> EntitySpan:
    return EntitySpan(row[1], row[2], row[3], row[4], row[5], row[6])


def _place(row: Sequence[Any]) -> PlaceSpan:
    return PlaceSpan(
        row[1], row[2], row[3], row[4], row[5], float(row[6]), float(row[7]), *row[8:11]
    )


def _date(row: Sequence[Any]) -> DateSpan:
    return DateSpan(row[1], row[2], row[3], row[4])


def _quantity(row: Sequence[Any]) -> QuantitySpan:
    return QuantitySpan(row[1], row[2], row[3], float(row[4]), row[5], row[6])


def _load(
    connection: sqlite3.Connection,
    table: str,
    make: Callable[[Sequence[Any]], SpanT],
    id_range: tuple[int, int],
) -> defaultdict[int, list[SpanT]]:
    grouped: defaultdict[int, list[SpanT]] = defaultdict(list)
    for row in connection.execute(f"{_SPAN_SQL[table][1]} {_SPAN_ORDER}", id_range):
        grouped[row[0]].append(make(row))
    return grouped


def with_spans(
    connection: sqlite3.Connection, articles: Iterable[Article], first_id: int, last_id: int
) -> list[Article]:
    """`articles` (ids in [first_id, last_id]) with their spans loaded, a query per group."""
    id_range = (first_id, last_id)
    entities = _load(connection, "entities", _entity, id_range)
    places = _load(connection, "places", _place, id_range)
    dates = _load(connection, "dates", _date, id_range)
    quantities = _load(connection, "quantities", _quantity, id_range)
    events = load_event_mentions(connection, first_id, last_id)
    result: list[Article] = []
    for article in articles:
        key = article.id if article.id is not None else -1
        result.append(
            replace(
                article,
                entities=tuple(entities.get(key, ())),
                places=tuple(places.get(key, ())),
                dates=tuple(dates.get(key, ())),
                quantities=tuple(quantities.get(key, ())),
                events=tuple(events.get(key, ())),
            )
        )
    return result
