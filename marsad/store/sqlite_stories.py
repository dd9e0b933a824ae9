"""SQLite tables of the story tracker, as a `SQLiteStore` mixin.

* `stories` holds each story's centroid (its heaviest terms, JSON), span of
  publication times and title; `story_terms` is the inverted index from a term to
  the stories whose centroid holds it, keyed by (term, last activity) so only
  stories active in the time window are read; `story_outlets` the sites per story.
* `term_df` and `story_meta` are the running document frequencies behind IDF.
* `article_vectors` keeps every article's TF-IDF vector; `article_terms` indexes its
  heaviest terms for related-article lookups.

`StoryTables` is the mixin, `StoryStore` (in `protocol_stories`) the protocol of the
story tables and `TrackingStore` what the tracker needs: these and the copy tables
(`sqlite_copies`), written together. Writers call the mutating methods of both
inside `tracking()`, one transaction per batch. The migrations are `011_stories` and
`012_story_events` (each story's event evidence: time span, places, main person,
scores; and the estimated event time of undated articles).
"""

from __future__ import annotations

import json
import math
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from marsad.errors import NotFound
from marsad.model import Story
from marsad.store.migration import Migration, statements
from marsad.store.protocol_stories import RELATED_DEPTH, EventTimeRow, StoryRow
from marsad.store.transaction import guarded_read, write_transaction

_STORY_COLUMNS = "id, centroid, first_at, last_at, title_article, title_score, title"
_PUBLIC_STORY_COLUMNS = (
    "id, title, article_count, first_published, last_published, open, "
    "(SELECT count(*) FROM story_outlets WHERE story = stories.id)"
)
_LIST_ORDER = {
    "latest": "ORDER BY last_at DESC, id DESC",
    "growing": "WHERE open = 1 ORDER BY article_count DESC, last_at DESC, id DESC",
}


STORY_MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "011_stories",
        statements(
            """
            CREATE TABLE stories (
                id INTEGER PRIMARY KEY,
                title TEXT NOT NULL DEFAULT '',
                title_article INTEGER,
                title_score REAL NOT NULL DEFAULT 0,
                centroid TEXT NOT NULL DEFAULT '{}',
                article_count INTEGER NOT NULL DEFAULT 0,
                first_at REAL NOT NULL,
                last_at REAL NOT NULL,
                first_published TEXT,
                last_published TEXT,
                open INTEGER NOT NULL DEFAULT 1
            )
            """,
            "CREATE INDEX stories_open ON stories(open, last_at)",
            """
            CREATE TABLE story_terms (
                term TEXT NOT NULL, last_at REAL NOT NULL, story INTEGER NOT NULL,
                PRIMARY KEY (term, last_at, story)
            ) WITHOUT ROWID
            """,
            "CREATE INDEX story_terms_story ON story_terms(story)",
            """
            CREATE TABLE story_outlets (
                story INTEGER NOT NULL, site TEXT NOT NULL, PRIMARY KEY (story, site)
            ) WITHOUT ROWID
            """,
            "CREATE TABLE term_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID",
            "CREATE TABLE story_meta (key TEXT PRIMARY KEY, value REAL NOT NULL)",
            """
            CREATE TABLE article_vectors (
                article INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
                vector TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE article_terms (
                term TEXT NOT NULL, rank REAL NOT NULL, article INTEGER NOT NULL,
                PRIMARY KEY (term, rank, article)
            ) WITHOUT ROWID
            """,
        ),
    ),
    Migration(
        "012_story_events",
        statements(
            """
            CREATE TABLE story_evidence (
                story INTEGER PRIMARY KEY, evidence TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE article_event_times (
                article INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
                estimated TEXT NOT NULL,
                source TEXT NOT NULL,
                confidence REAL NOT NULL
            )
            """,
        ),
    ),
)


def _loads(text: str) -> dict[str, float]:
    loaded: dict[str, float] = json.loads(text)
    return loaded


def _dumps(vector: Mapping[str, float]) -> str:
    return json.dumps({term: round(value, 5) for term, value in vector.items()}, ensure_ascii=False)


_CENTROID_CACHE = 4096


def _story_row(row: Any, parse: Callable[[str], dict[str, float]] = _loads) -> StoryRow:
    return StoryRow(row[0], parse(row[1]), row[2], row[3], row[4], row[5], row[6])


def _public_story(row: Any) -> Story:
    return Story(
        id=row[0],
        title=row[1],
        article_count=row[2],
        outlet_count=row[6],
        first_published=row[3],
        last_published=row[4],
        is_open=bool(row[5]),
    )


def _marks(count: int) -> str:
    return ",".join("?" * count)


class StoryTables:
    """Mixin of `SQLiteStore`: the story tables (see the module docstring)."""

    _db: sqlite3.Connection
    _lock: threading.RLock
    path: str

    @contextmanager
    def tracking(self) -> Iterator[None]:
        """One write transaction for a batch of tracking work, undone on any failure."""
        with write_transaction(self._db, self._lock, doing="tracking stories", where=self.path):
            yield

    def _reading_stories(self) -> AbstractContextManager[None]:
        return guarded_read(self._lock, doing="reading stories", where=self.path)

    # -- document frequencies ----------------------------------------------------

    def document_frequencies(self, terms: Iterable[str]) -> tuple[int, dict[str, int]]:
        """How many documents were counted, and the frequency of each of `terms`."""
        wanted = list(terms)
        row = self._db.execute("SELECT value FROM story_meta WHERE key = 'documents'").fetchone()
        documents = int(row[0]) if row else 0
        found: dict[str, int] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            found.update(
                self._db.execute(
                    f"SELECT term, df FROM term_df WHERE term IN ({_marks(len(chunk))})", chunk
                ).fetchall()
            )
        return documents, found

    def count_documents(self, frequencies: Mapping[str, int], documents: int) -> None:
        """Add a batch's document frequencies and its number of documents."""
        self._db.executemany(
            "INSERT INTO term_df (term, df) VALUES (?, ?) "
            "ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
            frequencies.items(),
        )
        self._db.execute(
            "INSERT INTO story_meta (key, value) VALUES ('documents', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = value + excluded.value",
            (documents,),
        )

    # -- stories -----------------------------------------------------------------

    def story_candidates(self, terms: list[str], since: float, limit: int) -> list[StoryRow]:
        """The `limit` open stories sharing most of `terms` with their centroid's
        indexed terms, among those active since `since`."""
        if not terms:
            return []
        rows = self._db.execute(
            f"SELECT {_STORY_COLUMNS} FROM stories JOIN ("
            "SELECT story, count(*) AS shared FROM story_terms "
            f"WHERE term IN ({_marks(len(terms))}) AND last_at >= ? "
            "GROUP BY story ORDER BY shared DESC, story DESC LIMIT ?"
            ") AS found ON found.story = stories.id WHERE open = 1",
            (*terms, since, limit),
        ).fetchall()
        return [_story_row(row, self._centroid) for row in rows]

    def _centroid(self, text: str) -> dict[str, float]:
        """Parsed centroid JSON, memoized by its text: the same open stories are
        candidates for article after article, and parsing is the costly part.
        The memo belongs to the store object and is bounded; callers never mutate."""
        memo: dict[str, dict[str, float]] = self.__dict__.setdefault("_centroid_memo", {})
        found = memo.get(text)
        if found is None:
            if len(memo) >= _CENTROID_CACHE:
                memo.clear()
            found = memo[text] = _loads(text)
        return found

    def story_row(self, story_id: int) -> StoryRow:
        row = self._db.execute(
            f"SELECT {_STORY_COLUMNS} FROM stories WHERE id = ?", (story_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no story with id {story_id}")
        return _story_row(row)

    def advance_clock(self, published_at: float) -> float:
        """Record the latest publication time tracked; return the latest so far."""
        if math.isfinite(published_at):
            self._db.execute(
                "INSERT INTO story_meta (key, value) VALUES ('latest', ?) "
                "ON CONFLICT(key) DO UPDATE SET value = max(value, excluded.value)",
                (published_at,),
            )
        row = self._db.execute("SELECT value FROM story_meta WHERE key = 'latest'").fetchone()
        return -math.inf if row is None else float(row[0])

    def story_of(self, article_id: int) -> int | None:
        row = self._db.execute("SELECT story FROM articles WHERE id = ?", (article_id,)).fetchone()
        return None if row is None or row[0] is None else int(row[0])

    def save_story(
        self,
        story: StoryRow,
        terms: list[str],
        title: str,
        published: str | None,
        site: str | None,
    ) -> int:
        """Insert (`story.id` 0) or update a story after one article joined it.

        `story` carries the new centroid, span and title article; `published` is the
        joining article's time as written, kept for display when it widens the span.
        """
        values = (title, story.title_article, story.title_score, _dumps(story.centroid))
        if story.id == 0:
            cursor = self._db.execute(
                "INSERT INTO stories (title, title_article, title_score, centroid, article_count,"
                " first_at, last_at, first_published, last_published) "
                "VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)",
                (*values, story.first_at, story.last_at, published, published),
            )
            story_id = int(cursor.lastrowid or 0)
        else:
            story_id = story.id
            self._db.execute(
                "UPDATE stories SET title = ?, title_article = ?, title_score = ?, centroid = ?, "
                "article_count = article_count + 1, "
                "first_published = CASE WHEN ? < first_at THEN ? ELSE first_published END, "
                "last_published = CASE WHEN ? > last_at THEN ? ELSE last_published END, "
                "first_at = min(first_at, ?), last_at = max(last_at, ?), open = 1 WHERE id = ?",
                (
                    *values,
                    story.first_at,
                    published,
                    story.last_at,
                    published,
                    story.first_at,
                    story.last_at,
                    story_id,
                ),
            )
            self._db.execute("DELETE FROM story_terms WHERE story = ?", (story_id,))
        self._db.executemany(
            "INSERT OR IGNORE INTO story_terms (term, last_at, story) VALUES (?, ?, ?)",
            [(term, story.last_at, story_id) for term in terms],
        )
        if site:
            self._db.execute(
                "INSERT OR IGNORE INTO story_outlets (story, site) VALUES (?, ?)", (story_id, site)
            )
        return story_id

    def set_story(self, article_id: int, story: int) -> None:
        self._db.execute("UPDATE articles SET story = ? WHERE id = ?", (story, article_id))

    def save_vector(self, article_id: int, vector: Mapping[str, float], terms: int) -> None:
        """Keep the article's vector, and index its `terms` heaviest terms."""
        self._db.execute(
            "INSERT OR REPLACE INTO article_vectors (article, vector) VALUES (?, ?)",
            (article_id, _dumps(vector)),
        )
        self._db.executemany(
            "INSERT OR IGNORE INTO article_terms (term, rank, article) VALUES (?, ?, ?)",
            [
                (term, -round(weight, 5), article_id)
                for term, weight in list(vector.items())[:terms]
            ],
        )

    def vector_of(self, article_id: int) -> dict[str, float] | None:
        row = self._db.execute(
            "SELECT vector FROM article_vectors WHERE article = ?", (article_id,)
        ).fetchone()
        return None if row is None else _loads(row[0])

    def close_stories(self, before: float) -> int:
        """Close the open stories with no article since `before`; how many closed."""
        cursor = self._db.execute(
            "UPDATE stories SET open = 0 WHERE open = 1 AND last_at < ?", (before,)
        )
        return cursor.rowcount

    # -- reading -----------------------------------------------------------------

    def get_story(self, story_id: int) -> Story:
        with self._reading_stories():
            row = self._db.execute(
                f"SELECT {_PUBLIC_STORY_COLUMNS} FROM stories WHERE id = ?", (story_id,)
            ).fetchone()
        if row is None:
            raise NotFound(f"no story with id {story_id}")
        return _public_story(row)

    def list_story_rows(self, *, limit: int, offset: int = 0, order: str = "latest") -> list[Story]:
        """A page of stories in `order` ("latest" activity or "growing": open, biggest)."""
        query = f"SELECT {_PUBLIC_STORY_COLUMNS} FROM stories {_LIST_ORDER[order]} LIMIT ? OFFSET ?"
        with self._reading_stories():
            rows = self._db.execute(query, (limit, max(0, offset))).fetchall()
        return [_public_story(row) for row in rows]

    def story_article_ids(self, story_id: int) -> list[int]:
        with self._reading_stories():
            rows = self._db.execute(
                "SELECT id FROM articles WHERE story = ? ORDER BY published, id", (story_id,)
            ).fetchall()
        return [int(row[0]) for row in rows]

    def untracked_ids(self, limit: int) -> list[int]:
        """Up to `limit` stored articles never tracked, earliest published first."""
        with self._reading_stories():
            rows = self._db.execute(
                "SELECT a.id FROM articles AS a LEFT JOIN article_vectors AS v "
                "ON v.article = a.id WHERE v.article IS NULL "
                "ORDER BY a.published IS NULL, a.published, a.id LIMIT ?",
                (limit,),
            ).fetchall()
        return [int(row[0]) for row in rows]

    def related_candidates(
        self, terms: list[str], depth: int = RELATED_DEPTH
    ) -> list[tuple[int, int, dict[str, float]]]:
        """(id, copy head, vector) of articles whose heaviest terms include `terms`.

        Each posting list is read to `depth` rows, heaviest first, so the cost does
        not grow with the archive.
        """
        ids: set[int] = set()
        with self._reading_stories():
            for term in terms:
                rows = self._db.execute(
                    "SELECT article FROM article_terms WHERE term = ? ORDER BY rank LIMIT ?",
                    (term, depth),
                )
                ids.update(int(row[0]) for row in rows)
            if not ids:
                return []
            found = self._db.execute(
                "SELECT v.article, coalesce(a.duplicate_of, a.id), v.vector "
                "FROM article_vectors AS v JOIN articles AS a ON a.id = v.article "
                f"WHERE v.article IN ({_marks(len(ids))})",
                sorted(ids),
            ).fetchall()
        return [(int(r[0]), int(r[1]), _loads(r[2])) for r in found]

    # -- event evidence ----------------------------------------------------------

    def stories_sharing(self, terms: list[str], limit: int) -> list[StoryRow]:
        """The `limit` stories, open or closed, sharing most of `terms` with their
        centroid's indexed terms (candidates for related stories)."""
        if not terms:
            return []
        with self._reading_stories():
            rows = self._db.execute(
                f"SELECT {_STORY_COLUMNS} FROM stories JOIN ("
                "SELECT story, count(*) AS shared FROM story_terms "
                f"WHERE term IN ({_marks(len(terms))}) "
                "GROUP BY story ORDER BY shared DESC, story DESC LIMIT ?"
                ") AS found ON found.story = stories.id",
                (*terms, limit),
            ).fetchall()
        return [_story_row(row, self._centroid) for row in rows]

    def story_evidence(self, story_ids: Iterable[int]) -> dict[int, str]:
        """The stories' event evidence (JSON, see `marsad.stories.events`), by id."""
        wanted = list(story_ids)
        if not wanted:
            return {}
        rows = self._db.execute(
            f"SELECT story, evidence FROM story_evidence WHERE story IN ({_marks(len(wanted))})",
            wanted,
        ).fetchall()
        return {int(row[0]): str(row[1]) for row in rows}

    def save_story_evidence(self, story_id: int, evidence: str) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO story_evidence (story, evidence) VALUES (?, ?)",
            (story_id, evidence),
        )

    def save_event_time(self, article_id: int, found: EventTimeRow) -> None:
        """Keep an undated article's estimated event time (written while tracking)."""
        self._db.execute(
            "INSERT OR REPLACE INTO article_event_times (article, estimated, source, confidence) "
            "VALUES (?, ?, ?, ?)",
            (article_id, *found),
        )

    def event_times(self, article_ids: Iterable[int]) -> dict[int, EventTimeRow]:
        """The estimated event times of those of `article_ids` that have one."""
        wanted = list(article_ids)
        found: dict[int, EventTimeRow] = {}
        with self._reading_stories():
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                rows = self._db.execute(
                    "SELECT article, estimated, source, confidence FROM article_event_times "
                    f"WHERE article IN ({_marks(len(chunk))})",
                    chunk,
                ).fetchall()
                found.update(
                    (int(row[0]), EventTimeRow(str(row[1]), str(row[2]), float(row[3])))
                    for row in rows
                )
        return found
