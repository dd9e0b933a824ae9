"""SQLite tables of the copy detector (near-duplicate articles), as a `SQLiteStore` mixin.

* `copy_fingerprints` keeps each tracked article's exact key, length and MinHash
  signature; `copy_bands` is the LSH index, one row per (band key, article), read
  by key, so finding candidates costs a fixed number of index probes. The index is
  persisted rather than rebuilt on open: a rebuild reads every signature (linear in
  the archive) at each start of the command line, a lookup table costs nothing.
* `copy_profiles` keeps each tracked article's containment profile (its sentences'
  hashed n-grams and numbers, `marsad.dedup.containment`), its language and whether
  it is a wire agency's own page; `copy_keys` is the sentence-key index that finds a
  short text inside a long one. A key shared by very many articles (a stock phrase)
  is skipped when read (`MAX_KEY_POSTINGS`), so a lookup reads a bounded number of
  rows whatever the archive's size.
* `copy_site_lines` counts, per site, on how many pages each short line appeared
  (as a `marsad.text.furniture.line_key` hash, never the line): a line seen on
  `RECURRING_PAGES` pages is the site's furniture, dropped from the analysis view.
* A copy group is an article (its head: a wire agency's own page first, then the
  earliest published) and the articles whose `articles.duplicate_of` points at it.

`CopyTables` is the mixin, `CopyStore` (in `protocol_copies`) the protocol the
tracker and the provenance use-cases ask for. Writers call the mutating methods
inside the story tables' `tracking()` transaction (see `sqlite_stories`). The
migrations are `010_copies` and `011_copy_containment`.
"""

from __future__ import annotations

import math
import sqlite3
import threading
from contextlib import AbstractContextManager

from marsad.store.migration import Migration, statements
from marsad.store.protocol_copies import CopyRow, FingerprintRow, ProfileRow
from marsad.store.transaction import guarded_read

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
    Migration(
        "011_copy_containment",
        statements(
            """
            CREATE TABLE copy_profiles (
                article INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
                words INTEGER NOT NULL,
                lang TEXT,
                wire INTEGER NOT NULL DEFAULT 0,
                profile BLOB NOT NULL
            )
            """,
            """
            CREATE TABLE copy_keys (
                key INTEGER NOT NULL, article INTEGER NOT NULL, PRIMARY KEY (key, article)
            ) WITHOUT ROWID
            """,
            """
            CREATE TABLE copy_site_lines (
                site TEXT NOT NULL, line TEXT NOT NULL, pages INTEGER NOT NULL,
                PRIMARY KEY (site, line)
            ) WITHOUT ROWID
            """,
        ),
    ),
)
# A sentence key found in more articles than this is a stock phrase: skipped.
MAX_KEY_POSTINGS = 32
# Candidates checked in full per new article, most shared keys first.
MAX_PROFILE_CANDIDATES = 8
# A short line seen on this many of a site's pages is the site's furniture.
RECURRING_PAGES = 3


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

    def profile_candidates(self, keys: list[int]) -> list[ProfileRow]:
        """Tracked articles sharing the most sentence keys with a new text (at most
        `MAX_PROFILE_CANDIDATES`), with their profiles and group heads. Each key's
        postings are read to `MAX_KEY_POSTINGS` + 1 rows; a longer list is skipped."""
        if not keys:
            return []
        shared: dict[int, int] = {}
        for key in dict.fromkeys(keys):
            postings = self._db.execute(
                "SELECT article FROM copy_keys WHERE key = ? ORDER BY article DESC LIMIT ?",
                (key, MAX_KEY_POSTINGS + 1),
            ).fetchall()
            if len(postings) > MAX_KEY_POSTINGS:
                continue
            for (article,) in postings:
                shared[article] = shared.get(article, 0) + 1
        chosen = sorted(shared, key=lambda article: (-shared[article], -article))
        chosen = chosen[:MAX_PROFILE_CANDIDATES]
        if not chosen:
            return []
        marks = ",".join("?" * len(chosen))
        rows = self._db.execute(
            "SELECT p.article, coalesce(f.published_at, 1e999), p.wire, p.lang, p.profile, "
            "coalesce(a.duplicate_of, a.id) FROM copy_profiles AS p "
            "JOIN articles AS a ON a.id = p.article "
            "LEFT JOIN copy_fingerprints AS f ON f.article = p.article "
            f"WHERE p.article IN ({marks})",
            chosen,
        ).fetchall()
        return [ProfileRow(r[0], float(r[1]), bool(r[2]), r[3], r[4], r[5]) for r in rows]

    def add_profile(
        self,
        article_id: int,
        words: int,
        lang: str | None,
        wire: bool,
        profile: bytes,
        keys: list[int],
    ) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO copy_profiles VALUES (?, ?, ?, ?, ?)",
            (article_id, words, lang, int(wire), profile),
        )
        self._db.executemany(
            "INSERT OR IGNORE INTO copy_keys (key, article) VALUES (?, ?)",
            [(key, article_id) for key in keys],
        )

    def stored_profile(self, article_id: int) -> bytes | None:
        """The containment profile recorded for a tracked article, if any."""
        row = self._db.execute(
            "SELECT profile FROM copy_profiles WHERE article = ?", (article_id,)
        ).fetchone()
        return None if row is None else bytes(row[0])

    def is_wire(self, article_id: int) -> bool:
        """Whether the tracked article is a wire agency's own page."""
        row = self._db.execute(
            "SELECT wire FROM copy_profiles WHERE article = ?", (article_id,)
        ).fetchone()
        return row is not None and bool(row[0])

    def learn_site_lines(self, site: str, line_keys: list[str]) -> set[str]:
        """Count one more page of `site` for each line key; the keys that now recur
        (seen on `RECURRING_PAGES` of its pages, this one included)."""
        if not line_keys:
            return set()
        self._db.executemany(
            "INSERT INTO copy_site_lines (site, line, pages) VALUES (?, ?, 1) "
            "ON CONFLICT (site, line) DO UPDATE SET pages = pages + 1",
            [(site, key) for key in line_keys],
        )
        marks = ",".join("?" * len(line_keys))
        rows = self._db.execute(
            f"SELECT line FROM copy_site_lines WHERE site = ? AND line IN ({marks}) AND pages >= ?",
            (site, *line_keys, RECURRING_PAGES),
        ).fetchall()
        return {str(row[0]) for row in rows}

    def recurring_site_lines(self, site: str, line_keys: list[str]) -> set[str]:
        """Of `line_keys`, those that recur on `site` (read only; for callers that
        want the analysis view without counting a page)."""
        if not line_keys:
            return set()
        marks = ",".join("?" * len(line_keys))
        with self._reading_copies():
            rows = self._db.execute(
                f"SELECT line FROM copy_site_lines WHERE site = ? AND line IN ({marks}) "
                "AND pages >= ?",
                (site, *line_keys, RECURRING_PAGES),
            ).fetchall()
        return {str(row[0]) for row in rows}

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
        """(copying site, original site, copies), most copies first; an outlet that
        republishes its own page is not copying anyone (same site: not counted)."""
        with self._reading_copies():
            rows = self._db.execute(
                "SELECT coalesce(c.site, ''), coalesce(o.site, ''), count(*) AS n "
                "FROM articles AS c JOIN articles AS o ON o.id = c.duplicate_of "
                "WHERE c.site IS NOT o.site GROUP BY 1, 2 ORDER BY n DESC, 1, 2"
            ).fetchall()
        return [(str(r[0]), str(r[1]), int(r[2])) for r in rows]
