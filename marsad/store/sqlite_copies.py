"""SQLite tables of the copy detector (near-duplicate articles), as a `SQLiteStore` mixin.

* `copy_fingerprints` keeps each tracked article's exact key, length and MinHash
  signature; `copy_bands` is the LSH index, one row per (band key, article), read
  by key, so finding candidates costs a fixed number of index probes. The index is
  persisted rather than rebuilt on open: a rebuild reads every signature (linear in
  the archive) at each start of the command line, a lookup table costs nothing.
* A copy group is an article (its head, the earliest published) and the articles
  whose `articles.duplicate_of` points at it.

`CopyTables` is the mixin, `CopyStore` the protocol the tracker and the provenance
use-cases ask for. Writers call the mutating methods inside the story tables'
`tracking()` transaction (see `sqlite_stories`). The migration is `010_copies`.
"""

from __future__ import annotations

import math
import sqlite3
import threading
from contextlib import AbstractContextManager
from typing import NamedTuple, Protocol

from marsad.store.migration import Migration, statements
from marsad.store.transaction import guarded_read


class FingerprintRow(NamedTuple):
    id: int
    published_at: float
    words: int
    shingles: int
    signature: bytes
    head: int
    exact: str


class CopyRow(NamedTuple):
    id: int
    site: str | None
    source: str | None
    published: str | None
    title: str
    duplicate_of: int | None


COPY_MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "010_copies",
        statements(
            """
            CREATE TABLE copy_fingerprints (
                article INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
                exact TEXT NOT NULL,
                published_at REAL NOT NULL,
                words INTEGER NOT NULL,
                shingles INTEGER NOT NULL,
                signature BLOB NOT NULL
            )
            """,
            "CREATE INDEX copy_fingerprints_exact ON copy_fingerprints(exact)",
            """
            CREATE TABLE copy_bands (
                key INTEGER NOT NULL, article INTEGER NOT NULL, PRIMARY KEY (key, article)
            ) WITHOUT ROWID
            """,
            "CREATE INDEX articles_duplicate_of ON articles(duplicate_of)",
        ),
    ),
)


class CopyStore(Protocol):
    """What the copy detector and the provenance use-cases need from a store."""

    def copy_candidates(self, band_keys: list[int], exact: str) -> list[FingerprintRow]: ...
    def add_fingerprint(
        self,
        article_id: int,
        exact: str,
        published_at: float,
        sizes: tuple[int, int],
        signature: bytes,
        band_keys: list[int],
    ) -> None: ...
    def published_at_of(self, article_id: int) -> float: ...
    def set_duplicate(self, article_id: int, head: int | None) -> None: ...
    def repoint_group(self, old_head: int, new_head: int) -> None: ...
    def copy_group(self, head: int) -> list[CopyRow]: ...
    def outlet_copy_counts(self) -> list[tuple[str, str, int]]: ...


class CopyTables:
    """Mixin of `SQLiteStore`: the copy tables (see the module docstring)."""

    _db: sqlite3.Connection
    _lock: threading.RLock
    path: str

    def copy_candidates(self, band_keys: list[int], exact: str) -> list[FingerprintRow]:
        """Tracked articles sharing a band key or the exact key, with their group head."""
        band_marks = ",".join("?" * len(band_keys))
        rows = self._db.execute(
            "SELECT f.article, f.published_at, f.words, f.shingles, f.signature, "
            "coalesce(a.duplicate_of, a.id), f.exact FROM copy_fingerprints AS f "
            "JOIN articles AS a ON a.id = f.article WHERE f.article IN ("
            f"SELECT article FROM copy_bands WHERE key IN ({band_marks}) "
            "UNION SELECT article FROM copy_fingerprints WHERE exact = ?)",
            (*band_keys, exact),
        ).fetchall()
        return [FingerprintRow(*row) for row in rows]

    def published_at_of(self, article_id: int) -> float:
        """The publication time recorded with the article's fingerprint."""
        row = self._db.execute(
            "SELECT published_at FROM copy_fingerprints WHERE article = ?", (article_id,)
        ).fetchone()
        return math.inf if row is None else float(row[0])

    def add_fingerprint(
        self,
        article_id: int,
        exact: str,
        published_at: float,
        sizes: tuple[int, int],
        signature: bytes,
        band_keys: list[int],
    ) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO copy_fingerprints VALUES (?, ?, ?, ?, ?, ?)",
            (article_id, exact, published_at, sizes[0], sizes[1], signature),
        )
        self._db.executemany(
            "INSERT OR IGNORE INTO copy_bands (key, article) VALUES (?, ?)",
            [(key, article_id) for key in band_keys],
        )

    def set_duplicate(self, article_id: int, head: int | None) -> None:
        self._db.execute("UPDATE articles SET duplicate_of = ? WHERE id = ?", (head, article_id))

    def repoint_group(self, old_head: int, new_head: int) -> None:
        """Make `new_head` (published earlier) the head of `old_head`'s group."""
        self._db.execute(
            "UPDATE articles SET duplicate_of = ? WHERE duplicate_of = ?", (new_head, old_head)
        )
        self._db.execute("UPDATE articles SET duplicate_of = ? WHERE id = ?", (new_head, old_head))
        self._db.execute("UPDATE articles SET duplicate_of = NULL WHERE id = ?", (new_head,))

    # -- reading -----------------------------------------------------------------

    def _reading_copies(self) -> AbstractContextManager[None]:
        # Copies are read as part of story tracking: errors say "reading stories", as ever.
        return guarded_read(self._lock, doing="reading stories", where=self.path)

    def copy_group(self, head: int) -> list[CopyRow]:
        """The head and every copy pointing at it, earliest first."""
        with self._reading_copies():
            rows = self._db.execute(
                "SELECT id, site, source, published, title, duplicate_of FROM articles "
                "WHERE id = ? OR duplicate_of = ?",
                (head, head),
            ).fetchall()
        return [CopyRow(*row) for row in rows]

    def outlet_copy_counts(self) -> list[tuple[str, str, int]]:
        """(copying site, original site, copies), most copies first."""
        with self._reading_copies():
            rows = self._db.execute(
                "SELECT coalesce(c.site, ''), coalesce(o.site, ''), count(*) AS n "
                "FROM articles AS c JOIN articles AS o ON o.id = c.duplicate_of "
                "GROUP BY 1, 2 ORDER BY n DESC, 1, 2"
            ).fetchall()
        return [(str(r[0]), str(r[1]), int(r[2])) for r in rows]
