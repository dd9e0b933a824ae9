"""The SQLite schema, as named migrations recorded in the database.

Each migration is applied once, in order, in its own transaction together with
its row in the `migrations` table, so a database is never left half-migrated and
a second open applies nothing. A migration is SQL or a Python function (the search
index is filled by the Python analyzer, so building it for existing rows is code).
Never edit a migration that has shipped: add a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime

from marsad.errors import StoreError
from marsad.store.migration import Migration, statements
from marsad.store.sqlite_alerts import ALERT_MIGRATIONS
from marsad.store.sqlite_copies import COPY_MIGRATIONS
from marsad.store.sqlite_events import EVENT_MIGRATIONS
from marsad.store.sqlite_pending import PENDING_MIGRATIONS
from marsad.store.sqlite_places import PLACE_MIGRATIONS
from marsad.store.sqlite_sources import SOURCE_MIGRATIONS
from marsad.store.sqlite_stories import STORY_MIGRATIONS
from marsad.store.sqlite_web import WEB_MIGRATIONS
from marsad.store.terms import TermAnalyzer

_ARTICLES = statements(
    """
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        external_id TEXT,
        url TEXT,
        canonical_url TEXT,
        content_hash TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        site TEXT,
        source TEXT,
        author TEXT,
        published TEXT,
        tags TEXT NOT NULL DEFAULT '[]',
        related TEXT NOT NULL DEFAULT '[]',
        lang TEXT,
        origin TEXT,
        text TEXT NOT NULL,
        story INTEGER,
        duplicate_of INTEGER REFERENCES articles(id),
        added_at TEXT NOT NULL
    )
    """,
    "CREATE UNIQUE INDEX articles_external_id ON articles(site, external_id)",
    "CREATE UNIQUE INDEX articles_canonical_url ON articles(canonical_url)",
    "CREATE UNIQUE INDEX articles_content_hash ON articles(content_hash)",
    "CREATE INDEX articles_published ON articles(published)",
    "CREATE INDEX articles_story ON articles(story)",
)

_SPAN_COLUMNS = """
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
"""

_SPANS = statements(
    f"""
    CREATE TABLE entities ({_SPAN_COLUMNS}
        type TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        name TEXT NOT NULL,
        PRIMARY KEY (article_id, seq)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX entities_entity_id ON entities(entity_id)",
    f"""
    CREATE TABLE places ({_SPAN_COLUMNS}
        name TEXT NOT NULL,
        country TEXT NOT NULL,
        lat REAL NOT NULL,
        lon REAL NOT NULL,
        PRIMARY KEY (article_id, seq)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX places_name ON places(name)",
    f"""
    CREATE TABLE dates ({_SPAN_COLUMNS}
        value TEXT NOT NULL,
        PRIMARY KEY (article_id, seq)
    ) WITHOUT ROWID
    """,
    f"""
    CREATE TABLE quantities ({_SPAN_COLUMNS}
        value REAL NOT NULL,
        unit TEXT,
        kind TEXT,
        PRIMARY KEY (article_id, seq)
    ) WITHOUT ROWID
    """,
)

# The index holds analyzed terms only (contentless); rowid is the article id.
CREATE_SEARCH_INDEX = """
    CREATE VIRTUAL TABLE article_search USING fts5(
        title, body, content='', tokenize='unicode61 remove_diacritics 0'
    )
"""
INSERT_SEARCH_ROW = "INSERT INTO article_search (rowid, title, body) VALUES (?, ?, ?)"
_BACKFILL_PAGE = 500


def _search_index(connection: sqlite3.Connection) -> None:
    """Create the full-text index and fill it for the articles already stored."""
    connection.execute(CREATE_SEARCH_INDEX)
    analyzer = TermAnalyzer()
    last_id = 0
    while True:
        page = connection.execute(
            "SELECT id, title, text FROM articles WHERE id > ? ORDER BY id LIMIT ?",
            (last_id, _BACKFILL_PAGE),
        ).fetchall()
        if not page:
            return
        connection.executemany(
            INSERT_SEARCH_ROW,
            [
                (row[0], " ".join(analyzer.analyze(row[1])), " ".join(analyzer.analyze(row[2])))
                for row in page
            ],
        )
        last_id = page[-1][0]


MIGRATIONS: tuple[Migration, ...] = (
    Migration("001_articles", _ARTICLES),
    Migration("002_spans", _SPANS),
    Migration("003_search_index", _search_index),
    *COPY_MIGRATIONS,
    *STORY_MIGRATIONS,
    *PENDING_MIGRATIONS,
    *SOURCE_MIGRATIONS,
    *WEB_MIGRATIONS,
    *ALERT_MIGRATIONS,
    *EVENT_MIGRATIONS,
    *PLACE_MIGRATIONS,
)


def applied_migrations(connection: sqlite3.Connection) -> list[str]:
    """Names of the migrations recorded in the database, in the order applied."""
    _ensure_table(connection)
    rows = connection.execute("SELECT name FROM migrations ORDER BY rowid").fetchall()
    return [str(row[0]) for row in rows]


def _ensure_table(connection: sqlite3.Connection) -> None:
    connection.execute(
        "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )


def _is_applied(connection: sqlite3.Connection, name: str) -> bool:
    row = connection.execute("SELECT 1 FROM migrations WHERE name = ?", (name,)).fetchone()
    return row is not None


def _apply_one(connection: sqlite3.Connection, migration: Migration) -> bool:
    """Apply `migration` unless it is recorded (checked again under the write lock,
    in case another process applied it meanwhile); True if applied here."""
    if _is_applied(connection, migration.name):
        return False
    connection.execute("BEGIN IMMEDIATE")
    try:
        if _is_applied(connection, migration.name):
            connection.execute("ROLLBACK")
            return False
        migration.apply(connection)
        connection.execute(
            "INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
            (migration.name, datetime.now(UTC).isoformat(timespec="seconds")),
        )
        connection.execute("COMMIT")
        return True
    except sqlite3.Error as error:
        connection.execute("ROLLBACK")
        raise StoreError(f"migration {migration.name} failed: {error}") from error


def apply_migrations(
    connection: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS
) -> list[str]:
    """Apply the migrations the database lacks, in order; return the names applied.

    `connection` must be in autocommit mode (`isolation_level=None`): each migration
    opens its own transaction. A database holding a migration this code does not know
    was written by a newer Marsad and is refused rather than misread.
    """
    known = {migration.name for migration in MIGRATIONS}
    unknown = [name for name in applied_migrations(connection) if name not in known]
    if unknown:
        raise StoreError(
            f"database has migrations this version does not know ({', '.join(unknown)}); "
            "it was written by a newer Marsad"
        )
    return [migration.name for migration in migrations if _apply_one(connection, migration)]
