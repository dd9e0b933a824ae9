"""An undated article's estimated event time, kept with the article itself.

The estimate (`marsad.steps.event_time`) is made while enriching, before the article
has an id. It is written in the article's insert transaction into
`article_event_times` (migration `012_story_events`) and read back with the article,
so an article tracked after a kill (read from the store, not from the enricher) has
the same estimate as one tracked right after it was stored, and the export and the
article view read the same value the stories were built with.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import replace

from marsad.model import Article
from marsad.store.protocol_stories import EventTimeRow

_SELECT_RANGE = (
    "SELECT article, estimated, source, confidence FROM article_event_times "
    "WHERE article BETWEEN ? AND ?"
)
_INSERT = (
    "INSERT OR REPLACE INTO article_event_times (article, estimated, source, confidence) "
    "VALUES (?, ?, ?, ?)"
)


def event_time_row(article: Article) -> EventTimeRow | None:
    """The row to keep for `article`: only an undated article's estimate."""
    if article.published or not article.published_estimated:
        return None
    return EventTimeRow(
        article.published_estimated,
        article.published_estimated_source or "",
        article.published_estimated_confidence or 0.0,
    )


def save_event_time(connection: sqlite3.Connection, article_id: int, article: Article) -> None:
    """Write the article's estimate, if it has one; call inside the insert transaction."""
    found = event_time_row(article)
    if found is not None:
        connection.execute(_INSERT, (article_id, *found))


def load_event_times(
    connection: sqlite3.Connection, first_id: int, last_id: int
) -> dict[int, EventTimeRow]:
    """The estimates of the articles with ids in [first_id, last_id], by id."""
    return {
        int(row[0]): EventTimeRow(str(row[1]), str(row[2]), float(row[3]))
        for row in connection.execute(_SELECT_RANGE, (first_id, last_id))
    }


def with_event_times(articles: Iterable[Article], found: dict[int, EventTimeRow]) -> list[Article]:
    """`articles` with the estimates of `found` (by id) set on them."""
    result: list[Article] = []
    for article in articles:
        estimate = found.get(article.id) if article.id is not None else None
        if estimate is not None:
            article = replace(
                article,
                published_estimated=estimate.estimated,
                published_estimated_source=estimate.source,
                published_estimated_confidence=estimate.confidence,
            )
        result.append(article)
    return result
